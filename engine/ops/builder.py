"""The builder API's sources of values — ``constant``, ``placeholder``,
``placeholder_with_default``, ``convert_to_tensor`` — and the names of the whole builder API.

Every function follows ``tf.compat.v1``'s, down to the names of the ops it creates and the
exceptions it raises: the math functions are in ``math_api.py`` and ``matmul_api.py``, Tensor's
Python operators in ``operators.py``, the conversion of literal operands in ``apply.py``.
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.convert import make_array
from ..framework.graph import get_default_graph
from ..framework.operation import Tensor
from ..framework.shapes import TensorShape, as_shape
from . import apply
from . import operators as _operators  # noqa: F401  (installs Tensor's operators)
from .apply import scope
from .math_api import (
    abs,
    add,
    cast,
    conj,
    div,
    divide,
    equal,
    exp,
    floordiv,
    floormod,
    greater,
    greater_equal,
    identity,
    less,
    less_equal,
    log,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    maximum,
    minimum,
    multiply,
    negative,
    not_equal,
    pow,
    sqrt,
    square,
    subtract,
    truediv,
    truncatediv,
    truncatemod,
)
from .matmul_api import matmul

__all__ = [
    "abs", "add", "cast", "conj", "constant", "div", "divide", "equal",
    "exp", "floordiv", "floormod", "greater", "greater_equal", "identity", "less",
    "less_equal", "log", "logical_and", "logical_not", "logical_or", "logical_xor", "matmul",
    "maximum", "minimum", "multiply", "negative", "not_equal", "placeholder",
    "placeholder_with_default", "pow", "sqrt", "square", "subtract", "truediv", "truncatediv",
    "truncatemod",
]


def constant(
    value: Any,
    dtype: Any = None,
    shape: Any = None,
    name: str | None = "Const",
    verify_shape: bool = False,
) -> Tensor:
    """``tf.compat.v1.constant``: TF's dtype rules; a ``shape`` with more elements than values
    fills with the last value (v1; v2's ``tf.constant`` refuses that)."""
    arr = make_array(value, dtype, shape, verify_shape=verify_shape, name=name or "Const")
    arr.setflags(write=False)
    graph = get_default_graph()
    attrs = {"value": arr, "dtype": dt.from_numpy(arr.dtype)}
    op = graph.create_op("Const", [], attrs, name, normalized=True)
    return op.outputs[0]


def _type_arg(dtype: Any, arg: str) -> dt.DType:
    try:
        return dt.as_dtype(dtype)
    except TypeError:
        raise TypeError(f"Expected DataType for argument '{arg}' not {dtype!r}.") from None


def _shape_arg(shape: Any) -> TensorShape:
    try:
        return as_shape(shape)
    except (TypeError, ValueError) as e:
        raise type(e)(f"Error converting shape to a TensorShape: {e}.") from None


def placeholder(dtype: Any, shape: Any = None, name: str | None = None) -> Tensor:
    """A value the session must feed; ``None`` dims and ``shape=None`` are unknown."""
    graph = get_default_graph()
    attrs = {"dtype": _type_arg(dtype, "dtype"), "shape": _shape_arg(shape)}
    with graph.name_scope(name or "Placeholder") as scope:  # TF's _apply_op_helper's scope
        return graph.create_op("Placeholder", [], attrs, scope).outputs[0]


def placeholder_with_default(input: Any, shape: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """Passes ``input`` through unless a run feeds another value of the given shape."""
    return apply.apply_op("PlaceholderWithDefault", (input,), {"shape": _shape_arg(shape)},
                          name).outputs[0]


# the spellings tf.compat.v1 also has
mod = floormod
__all__ += ["mod", "scope"]
