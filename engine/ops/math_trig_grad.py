"""The gradients of the trigonometric, hyperbolic and error functions, each TF's
``math_grad.py`` function built with the builder API, so the ops they add and their names are
TF's (``gradients/Tan_grad/Cos``, ``gradients/Atan2_grad/truediv``)."""

from __future__ import annotations

import math
from typing import Any

from ..framework.operation import Operation
from .builder import constant
from .grad_registry import control_dependencies_on, register_gradient
from .grad_util import cj, ins, reduce_gradient_args
from .math_api import add, exp, sqrt, square, subtract
from .math_builders import cos, reciprocal
from .math_trig_builders import cosh, sinh


def _squared(x: Any) -> Any:
    """``square(x)``, typed for the operators the gradients apply to it (``-``, ``+``)."""
    return square(x)


@register_gradient("Tan")
def _tan_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return square(reciprocal(cos(cj(ins(op)[0])))) * grad


def _one_minus_square_root(op: Operation, grad: Any) -> Any:
    """``1 / sqrt(1 - x²)``, as TF's Asin and Acos gradients build it."""
    x2 = square(cj(ins(op)[0]))
    one = constant(1, dtype=grad.dtype)
    return reciprocal(sqrt(subtract(one, x2)))


@register_gradient("Asin")
def _asin_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad * _one_minus_square_root(op, grad)


@register_gradient("Acos")
def _acos_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        inv = _one_minus_square_root(op, grad)  # built before -grad, as in TF
        return -grad * inv


@register_gradient("Atan")
def _atan_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        x2 = square(cj(ins(op)[0]))
        one = constant(1, dtype=grad.dtype)
        return grad * reciprocal(add(one, x2))


@register_gradient("Atanh")
def _atanh_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        x2 = square(cj(ins(op)[0]))
        one = constant(1, dtype=grad.dtype)
        return grad * reciprocal(subtract(one, x2))


@register_gradient("Sinh")
def _sinh_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad * cosh(cj(ins(op)[0]))


@register_gradient("Cosh")
def _cosh_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad * sinh(cj(ins(op)[0]))


@register_gradient("Asinh")
def _asinh_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad / cosh(cj(op.outputs[0]))


@register_gradient("Acosh")
def _acosh_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad / sinh(cj(op.outputs[0]))


@register_gradient("Expm1")
def _expm1_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad * exp(cj(ins(op)[0]))


@register_gradient("Atan2")
def _atan2_grad(op: Operation, grad: Any) -> Any:
    y, x = ins(op)
    with control_dependencies_on(grad):
        grad_inv = grad / (_squared(y) + _squared(x))
        return reduce_gradient_args(y, x, x * grad_inv, -y * grad_inv)


_TWO_OVER_ROOT_PI = 2 / math.sqrt(math.pi)


@register_gradient("Erf")
def _erf_grad(op: Operation, grad: Any) -> Any:
    two_over_root_pi = constant(_TWO_OVER_ROOT_PI, dtype=grad.dtype)
    with control_dependencies_on(grad):
        return grad * two_over_root_pi * exp(-_squared(cj(ins(op)[0])))


@register_gradient("Erfc")
def _erfc_grad(op: Operation, grad: Any) -> Any:
    minus_two_over_root_pi = constant(-_TWO_OVER_ROOT_PI, dtype=grad.dtype)
    with control_dependencies_on(grad):
        return grad * minus_two_over_root_pi * exp(-_squared(cj(ins(op)[0])))
