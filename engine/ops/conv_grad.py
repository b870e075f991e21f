"""The gradients of convolution and pooling and of their backprop ops, each TF's
``nn_grad.py`` function: Conv2DBackpropInput and Conv2DBackpropFilter for a Conv2D (the
shapes by one ShapeN), MaxPoolGrad and AvgPoolGrad for the pools."""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.operation import Operation
from .array_builders import shape, zeros_like
from .grad_registry import register_gradient
from .grad_util import gen, ins

_CONV = ("dilations", "strides", "padding", "explicit_paddings", "use_cudnn_on_gpu",
         "data_format")
_POOL = ("ksize", "strides", "padding", "data_format")


def _attrs(op: Operation, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: op.get_attr(n) for n in names}


@register_gradient("Conv2D")
def _conv2d_grad(op: Operation, grad: Any) -> Any:
    x, f = ins(op)
    attrs = _attrs(op, _CONV)
    shape_0, shape_1 = gen("ShapeN", input=[x, f])
    return [gen("Conv2DBackpropInput", attrs=attrs, input_sizes=shape_0, filter=f,
                out_backprop=grad),
            gen("Conv2DBackpropFilter", attrs=attrs, input=x, filter_sizes=shape_1,
                out_backprop=grad)]


@register_gradient("Conv2DBackpropInput")
def _conv2d_backprop_input_grad(op: Operation, grad: Any) -> Any:
    _, f, dy = ins(op)
    attrs = _attrs(op, _CONV)
    return [None,
            gen("Conv2DBackpropFilter", attrs=attrs, input=grad, filter_sizes=shape(f),
                out_backprop=dy),
            gen("Conv2D", attrs=attrs, input=grad, filter=f)]


@register_gradient("Conv2DBackpropFilter")
def _conv2d_backprop_filter_grad(op: Operation, grad: Any) -> Any:
    x, _, dy = ins(op)
    attrs = _attrs(op, _CONV)
    return [gen("Conv2DBackpropInput", attrs=attrs, input_sizes=shape(x), filter=grad,
                out_backprop=dy),
            None,
            gen("Conv2D", attrs=attrs, input=x, filter=grad)]


@register_gradient("MaxPool")
def _max_pool_grad(op: Operation, grad: Any) -> Any:
    attrs = _attrs(op, _POOL + ("explicit_paddings",))
    return gen("MaxPoolGrad", attrs=attrs, orig_input=ins(op)[0], orig_output=op.outputs[0],
               grad=grad)


def _zeros_and(backprop: str) -> Any:
    """The gradient of MaxPoolGrad (MaxPoolGradGrad) and of MaxPoolGradGrad (MaxPoolGrad):
    nothing for the original input and output, whose maxima only pick positions."""

    def grad_fn(op: Operation, grad: Any) -> Any:
        x, y, _ = ins(op)
        return (zeros_like(x), zeros_like(y),
                gen(backprop, attrs=_attrs(op, _POOL), orig_input=x, orig_output=y, grad=grad))

    return grad_fn


register_gradient("MaxPoolGrad")(_zeros_and("MaxPoolGradGrad"))
register_gradient("MaxPoolGradGrad")(_zeros_and("MaxPoolGrad"))


@register_gradient("AvgPool")
def _avg_pool_grad(op: Operation, grad: Any) -> Any:
    return gen("AvgPoolGrad", attrs=_attrs(op, _POOL),
               orig_input_shape=shape(ins(op)[0], out_type=dt.int32), grad=grad)


@register_gradient("AvgPoolGrad")
def _avg_pool_grad_grad(op: Operation, grad: Any) -> Any:
    # TF passes stop_gradient(orig_input_shape) on: an int shape, which no gradient reaches
    return None, gen("AvgPool", attrs=_attrs(op, _POOL), value=grad)
