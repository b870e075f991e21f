"""The gradients of the complex-number ops, each TF's ``math_grad.py`` function
(``_ComplexGrad``, ``_RealGrad``, ``_ImagGrad``, ``_AngleGrad``, ``_ComplexAbsGrad``) built
with the builder API, so the ops they add and their names are TF's
(``gradients/Real_grad/Complex``)."""

from __future__ import annotations

from typing import Any

from ..framework.operation import Operation
from .array_builders import zeros_like
from .builder import constant
from .complex_api import complex, imag, real  # noqa: A004
from .grad_registry import control_dependencies_on, register_gradient
from .grad_util import ins, reduce_gradient_args
from .math_builders import reciprocal
from .math_trig_builders import div_no_nan


@register_gradient("Complex")
def _complex_grad(op: Operation, grad: Any) -> Any:
    x, y = ins(op)
    return reduce_gradient_args(x, y, real(grad), imag(grad))


@register_gradient("Real")
def _real_grad(op: Operation, grad: Any) -> Any:
    return complex(grad, constant(0, dtype=grad.dtype))


@register_gradient("Imag")
def _imag_grad(op: Operation, grad: Any) -> Any:
    return complex(constant(0, dtype=grad.dtype), grad)


@register_gradient("Angle")
def _angle_grad(op: Operation, grad: Any) -> Any:
    """``-grad / (Im(x) + i·Re(x))``."""
    x = ins(op)[0]
    with control_dependencies_on(grad):
        re, im = real(x), imag(x)
        z = reciprocal(complex(im, re))
        complex_grad: Any = complex(grad, constant(0, dtype=grad.dtype))
        return -complex_grad * z


@register_gradient("ComplexAbs")
def _complex_abs_grad(op: Operation, grad: Any) -> Any:
    """``div_no_nan(complex(grad, 0) * x, complex(|x|, 0))``: zero where ``|x|`` is."""
    out = op.outputs[0]
    return div_no_nan(complex(grad, zeros_like(grad)) * ins(op)[0],
                      complex(out, zeros_like(out)))
