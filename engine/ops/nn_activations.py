"""The activations TF1 models use beside ReLU: Selu and Softsign (each an op, its backprop op
and its gradient, as TF's ``nn_grad.py`` builds them) and ``crelu`` (a concatenation of x and
-x through Relu, as TF's Python builds it).

The kernels compute what TF's Eigen functors do, in the same order (Selu's ``exp(x) - 1``,
not ``expm1``), with the constants in the tensor's dtype, so that values agree with TF's to
the last bit where numpy's functions do.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework.operation import Operation, Tensor
from . import _tf_types as tt
from .apply import graph_of
from .array_builders import concat
from .grad_ops import _binary_grad
from .grad_registry import register_gradient
from .grad_util import gen, ins
from .list_apply import apply_op, convert
from .math_api import negative
from .math_functions import unary
from .nn import ACTIVATION

#: Klambauer et al.'s constants, as TF's ``SeluGrad`` and ``Selu`` functors hold them
SCALE = 1.0507009873554804934193349852946
SCALE_ALPHA = 1.7580993408473768599402175208123


def _selu(xp: Any, x: Any, **attrs: Any) -> Any:
    scale = xp.asarray(SCALE, dtype=x.dtype)
    scale_alpha = xp.asarray(SCALE_ALPHA, dtype=x.dtype)
    return xp.where(x < 0, scale_alpha * (xp.exp(x) - xp.asarray(1, dtype=x.dtype)), scale * x)


def _softsign(xp: Any, x: Any, **attrs: Any) -> Any:
    return x / (xp.abs(x) + xp.asarray(1, dtype=x.dtype))


unary("Selu", _selu, tt.FLOATS, "scale * x for x > 0, scale * alpha * (exp(x) - 1) otherwise "
      "(the self-normalising unit).", category=ACTIVATION, param="features")
unary("Softsign", _softsign, tt.FLOATS, "x / (|x| + 1).", category=ACTIVATION,
      param="features")


def _selu_grad(g: Any, y: Any, xp: Any = np) -> Any:
    scale, scale_alpha = (xp.asarray(c, dtype=y.dtype) for c in (SCALE, SCALE_ALPHA))
    return xp.where(y < 0, g * (y + scale_alpha), g * scale)


def _softsign_grad(g: Any, x: Any, xp: Any = np) -> Any:
    d = xp.asarray(1, dtype=x.dtype) + xp.abs(x)
    return g / (d * d)


_binary_grad("SeluGrad", ("gradients", "outputs"),
             lambda g, y: _selu_grad(np.asarray(g), np.asarray(y)),
             f"return b < T(0) ? a * (b + T({SCALE_ALPHA!r})) : a * T({SCALE!r});",
             "gradients * (outputs + scale * alpha) where outputs < 0, else gradients * scale.",
             on_xp=lambda xp, g, y: _selu_grad(g, y, xp))
_binary_grad("SoftsignGrad", ("gradients", "features"),
             lambda g, x: _softsign_grad(np.asarray(g), np.asarray(x)),
             "T d = T(1) + (b < T(0) ? -b : b); return a / (d * d);",
             "gradients / (1 + |features|)².", on_xp=lambda xp, g, x: _softsign_grad(g, x, xp))


@register_gradient("Selu")
def _selu_gradient(op: Operation, grad: Any) -> Any:
    return gen("SeluGrad", gradients=grad, outputs=op.outputs[0])


# SeluGrad's own gradient is EluGrad's (nn_grad.py); SoftsignGrad has none in TF
@register_gradient("Softsign")
def _softsign_gradient(op: Operation, grad: Any) -> Any:
    return gen("SoftsignGrad", gradients=grad, features=ins(op)[0])


def selu(features: Any, name: str | None = None) -> Tensor:
    """``tf.nn.selu``: one Selu op."""
    result = apply_op("Selu", name, features=features)
    assert isinstance(result, Tensor)
    return result


def softsign(features: Any, name: str | None = None) -> Tensor:
    """``tf.nn.softsign``: one Softsign op."""
    result = apply_op("Softsign", name, features=features)
    assert isinstance(result, Tensor)
    return result


def crelu(features: Any, name: str | None = None, axis: Any = -1) -> Tensor:
    """``tf.nn.crelu``: Relu of ``[x, -x]`` concatenated along ``axis``, the concatenation
    named for the scope (``CRelu``) as TF names it."""
    graph = graph_of(features)
    with graph.name_scope("CRelu" if name is None else name) as scope:
        x = features if isinstance(features, Tensor) else convert(graph, features, "features")
        both = concat([x, negative(x)], axis, name=scope)
        result = apply_op("Relu", None, features=both)
        assert isinstance(result, Tensor)
        return result


def log_sigmoid(x: Any, name: str | None = None) -> Tensor:
    """``tf.math.log_sigmoid``: ``-softplus(-x)``, built as TF's Python builds it (``Neg``,
    ``Softplus`` under ``LogSigmoid/``, the outer ``Neg`` named for the scope), so that its
    gradient is Softplus's and Neg's."""
    graph = graph_of(x)
    with graph.name_scope("LogSigmoid" if name is None else name) as scope:
        t = x if isinstance(x, Tensor) else convert(graph, x, "x")
        result = apply_op("Neg", scope, x=apply_op("Softplus", None, features=negative(t)))
        assert isinstance(result, Tensor)
        return result
