"""The gradients of the array ops (reshapes, transposes, concatenation, slicing, gathering),
each TF's ``array_grad.py`` function built with the builder API, and the array and
constant ops TF declares not differentiable."""

from __future__ import annotations

from typing import Any

from ..framework.operation import Operation, Tensor
from .array_builders import reshape, shape, transpose
from .grad_registry import not_differentiable, register_gradient
from .grad_util import gen, ins
from .math_builders import reduce_sum

not_differentiable("Const", "Placeholder", "ZerosLike", "OnesLike", "Shape", "Size", "Rank",
                   "OneHot", "Range", "Where", "BroadcastGradientArgs", "InvertPermutation",
                   "RandomStandardNormal", "RandomUniform", "TruncatedNormal",
                   "RandomUniformInt")


@register_gradient("Identity", "PlaceholderWithDefault")
def _identity_grad(op: Operation, grad: Any) -> Any:
    return grad


@register_gradient("Reshape")
def _reshape_grad(op: Operation, grad: Any) -> Any:
    input_shape = ins(op)[0].shape
    if input_shape.rank is not None and not input_shape.is_fully_defined():
        dims = input_shape.as_list()
        undefined = [i for i, d in enumerate(dims) if d is None]
        if len(undefined) == 1 and 0 not in dims:
            dims[undefined[0]] = -1
            return [reshape(grad, dims), None]
    return [reshape(grad, shape(ins(op)[0])), None]


def _reshape_to_input(op: Operation, grad: Any) -> Tensor:
    return reshape(grad, shape(ins(op)[0]))


@register_gradient("ExpandDims")
def _expand_dims_grad(op: Operation, grad: Any) -> Any:
    return [_reshape_to_input(op, grad), None]


@register_gradient("Squeeze")
def _squeeze_grad(op: Operation, grad: Any) -> Any:
    return _reshape_to_input(op, grad)


@register_gradient("Transpose")
def _transpose_grad(op: Operation, grad: Any) -> Any:
    return [transpose(grad, gen("InvertPermutation", x=ins(op)[1])), None]


@register_gradient("Fill")
def _fill_grad(op: Operation, grad: Any) -> Any:
    return None, reduce_sum(grad)
