"""The gradients of the neural-network ops (activations, softmax, bias_add, losses), each
TF's ``nn_grad.py`` function built with the builder API: TF's ops (``ReluGrad``,
``BiasAddGrad``) under TF's names."""

from __future__ import annotations

from typing import Any

from ..framework.operation import Operation, Tensor
from .array_builders import expand_dims, where, zeros_like
from .grad_registry import register_gradient
from .grad_util import gen, ins
from .math_api import exp
from .math_builders import reduce_sum, sigmoid


@register_gradient("Relu")
def _relu_grad(op: Operation, grad: Any) -> Any:
    return gen("ReluGrad", gradients=grad, features=op.outputs[0])


@register_gradient("ReluGrad")
def _relu_grad_grad(op: Operation, grad: Any) -> Any:
    x = ins(op)[1]
    return gen("ReluGrad", gradients=grad, features=x), zeros_like(x)


@register_gradient("Relu6Grad")
def _relu6_grad_grad(op: Operation, grad: Any) -> Any:
    x = ins(op)[1]
    return gen("Relu6Grad", gradients=grad, features=x), zeros_like(x)


@register_gradient("EluGrad", "SeluGrad")
def _elu_grad_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_EluGradGrad`` and ``_SeluGradGrad``, the same function of the op's type."""
    elu_x = ins(op)[1]
    return (gen(op.type, gradients=grad, outputs=elu_x),
            where(elu_x < 0, grad * ins(op)[0], zeros_like(elu_x)))


@register_gradient("LeakyReluGrad")
def _leaky_relu_grad_grad(op: Operation, grad: Any) -> Any:
    x = ins(op)[1]
    return (gen("LeakyReluGrad", attrs={"alpha": op.get_attr("alpha")}, gradients=grad,
                features=x), zeros_like(x))


@register_gradient("BiasAddGrad")
def _bias_add_grad_grad(op: Operation, received_grad: Any) -> Any:
    """TF's ``_BiasAddGradGrad``: the bias's gradient broadcast back over the batch."""
    from .array_builders import concat, ones_like, reshape, shape, tile

    data_format = op.get_attr("data_format")
    shape_t: Any = shape(ins(op)[0])
    bias_shape = shape(received_grad)
    if data_format == "NCHW":
        expanded = concat([ones_like(shape_t[:1]), bias_shape, ones_like(shape_t[2:])], 0)
        tile_mults = concat([shape_t[:1], [1], shape_t[2:]], 0)
    else:
        expanded = concat([ones_like(shape_t[:-1]), bias_shape], 0)
        tile_mults = concat([shape_t[:-1], [1]], 0)
    return tile(reshape(received_grad, expanded), tile_mults)


@register_gradient("Relu6")
def _relu6_grad(op: Operation, grad: Any) -> Any:
    return gen("Relu6Grad", gradients=grad, features=op.outputs[0])


@register_gradient("Elu")
def _elu_grad(op: Operation, grad: Any) -> Any:
    return gen("EluGrad", gradients=grad, outputs=op.outputs[0])


@register_gradient("LeakyRelu")
def _leaky_relu_grad(op: Operation, grad: Any) -> Any:
    return gen("LeakyReluGrad", attrs={"alpha": op.get_attr("alpha")}, gradients=grad,
               features=ins(op)[0])


@register_gradient("Softplus")
def _softplus_grad(op: Operation, grad: Any) -> Any:
    return grad * sigmoid(ins(op)[0])


@register_gradient("Softmax")
def _softmax_grad(op: Operation, grad_softmax: Any) -> Any:
    softmax = op.outputs[0]
    sum_channels = reduce_sum(grad_softmax * softmax, -1, keepdims=True)
    return (grad_softmax - sum_channels) * softmax


@register_gradient("LogSoftmax")
def _log_softmax_grad(op: Operation, grad: Any) -> Any:
    softmax: Any = exp(op.outputs[0])
    return grad - reduce_sum(grad, -1, keepdims=True) * softmax


@register_gradient("BiasAdd")
def _bias_add_grad(op: Operation, received_grad: Any) -> Any:
    return received_grad, gen("BiasAddGrad", attrs={"data_format": op.get_attr("data_format")},
                              out_backprop=received_grad)


@register_gradient("L2Loss")
def _l2_loss_grad(op: Operation, grad: Any) -> Any:
    return ins(op)[0] * grad


def _broadcast_mul(vec: Any, mat: Any) -> Tensor:
    """TF's ``_BroadcastMul``: a vector times each row of a matrix."""
    return expand_dims(vec, -1) * mat


def _second_order(grad: Any, grad_grad: Any, logits: Tensor) -> Tensor:
    """The part of the cross-entropy's gradient that flows back from its second output (the
    backprop), when something differentiates through it."""
    if grad_grad is None or grad_grad.op.type == "ZerosLike":
        return grad
    from .array_builders import squeeze
    from .matmul_api import matmul

    softmax = gen("Softmax", logits=logits)
    return grad + ((grad_grad - squeeze(matmul(expand_dims(grad_grad, 1),
                                               expand_dims(softmax, 2)), axis=1)) * softmax)


@register_gradient("SoftmaxCrossEntropyWithLogits")
def _softmax_xent_grad(op: Operation, grad_loss: Any, grad_grad: Any) -> Any:
    grad = _broadcast_mul(grad_loss, op.outputs[1])
    logits = ins(op)[0]
    grad = _second_order(grad, grad_grad, logits)
    return grad, _broadcast_mul(grad_loss, -gen("LogSoftmax", logits=logits))


@register_gradient("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_softmax_xent_grad(op: Operation, grad_loss: Any, grad_grad: Any
                              ) -> Any:
    grad = _broadcast_mul(grad_loss, op.outputs[1])
    return _second_order(grad, grad_grad, ins(op)[0]), None
