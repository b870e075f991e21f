"""The builders of the trigonometric, hyperbolic and error functions: ``tf.compat.v1.tan``,
``asin`` … ``atan2``, ``erf``, ``erfc``, and the divisions TF exports by their op names
(``div_no_nan``, ``realdiv``). Each adds one op, named as TF names it (``Tan``, ``Atan2``)."""

from __future__ import annotations

from typing import Any

from ..framework.operation import Tensor
from .apply import convert_to_tensor, graph_of, scope
from .list_apply import apply_op
from .math_api import _tf, true_div_operands


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def _unary(op_type: str, x: Any, name: str | None) -> Tensor:
    return _one(apply_op(op_type, name, x=x))


def tan(x: Any, name: str | None = None) -> Tensor:
    return _unary("Tan", x, name)


def asin(x: Any, name: str | None = None) -> Tensor:
    return _unary("Asin", x, name)


def acos(x: Any, name: str | None = None) -> Tensor:
    return _unary("Acos", x, name)


def atan(x: Any, name: str | None = None) -> Tensor:
    return _unary("Atan", x, name)


def sinh(x: Any, name: str | None = None) -> Tensor:
    return _unary("Sinh", x, name)


def cosh(x: Any, name: str | None = None) -> Tensor:
    return _unary("Cosh", x, name)


def asinh(x: Any, name: str | None = None) -> Tensor:
    return _unary("Asinh", x, name)


def acosh(x: Any, name: str | None = None) -> Tensor:
    return _unary("Acosh", x, name)


def atanh(x: Any, name: str | None = None) -> Tensor:
    return _unary("Atanh", x, name)


def expm1(x: Any, name: str | None = None) -> Tensor:
    return _unary("Expm1", x, name)


def erf(x: Any, name: str | None = None) -> Tensor:
    return _unary("Erf", x, name)


def erfc(x: Any, name: str | None = None) -> Tensor:
    return _unary("Erfc", x, name)


def atan2(y: Any, x: Any, name: str | None = None) -> Tensor:
    """The angle of ``(x, y)``: ``y`` comes first, as in TF and C."""
    return _one(apply_op("Atan2", name, y=y, x=x))


def div_no_nan(x: Any, y: Any, name: str | None = None) -> Tensor:
    """``x / y``, and 0 where ``y`` is 0 (even where ``x`` is NaN or infinite). As in TF, the
    op is named for the scope (``div_no_nan``) and a literal takes the tensor's dtype."""
    graph = graph_of(x, y)
    with scope(graph, name, "div_no_nan") as op_name:
        if not isinstance(x, Tensor) and isinstance(y, Tensor):
            y = convert_to_tensor(y, name="y", graph=graph)
            x = convert_to_tensor(x, preferred_dtype=y.dtype, name="x", graph=graph)
        else:
            x = convert_to_tensor(x, name="x", graph=graph)
            y = convert_to_tensor(y, preferred_dtype=x.dtype, name="y", graph=graph)
        if x.dtype is not y.dtype:
            raise TypeError(f"`x` and `y` must have the same dtype, got {_tf(x.dtype)} != "
                            f"{_tf(y.dtype)}.")
        x, y = true_div_operands(x, y, "tf.math.divide_no_nan")
        return _one(apply_op("DivNoNan", op_name, x=x, y=y))


def realdiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """``x / y`` of floats or complex numbers; integers fail, as TF has no kernel for them."""
    return _one(apply_op("RealDiv", "RealDiv" if name is None else name, x=x, y=y))
