"""The programs ``tools/fuzz_specs_math.py`` draws: the core math, reduction and nn functions,
each ``(tf, inputs, **kw) -> output(s)`` on either namespace (``tf.compat.v1`` or ``engine``).
``fuzzed.build`` runs them (and their gradients) from a spec; this module only says what each
function name in a spec calls."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge, "&": operator.and_,
    "|": operator.or_, "^": operator.xor,
}


def _operands(xs: list[Any], scalar: Any, left: bool) -> list[Any]:
    """The two operands: both inputs, or the input and a Python number (or list) on the side
    the spec says."""
    if len(xs) == 2:
        return list(xs)
    return [scalar, xs[0]] if left else [xs[0], scalar]


def _binary(tf: Any, xs: list[Any], fn: str, scalar: Any = None, left: bool = False,
            **kw: Any) -> Any:
    space = tf.math if hasattr(tf.math, fn) else tf
    return getattr(space, fn)(*_operands(xs, scalar, left), **kw)


def _operator(tf: Any, xs: list[Any], op: str, scalar: Any = None, left: bool = False) -> Any:
    return OPERATORS[op](*_operands(xs, scalar, left))


def _unary(tf: Any, xs: list[Any], fn: str, values: Any = None, dtype: str = "float32",
           **kw: Any) -> Any:
    x = tf.constant(values, dtype=getattr(tf, dtype)) if values is not None else xs[0]
    space = tf.math if hasattr(tf.math, fn) else tf
    return getattr(space, fn)(x, **kw)


def _axis_arg(tf: Any, axis: Any, axis_tensor: str | None, as_tuple: bool) -> Any:
    if axis_tensor == "placeholder":
        return tf.placeholder_with_default(tf.constant(axis, dtype=tf.int32), shape=None)
    if axis_tensor is not None:
        return tf.constant(axis, dtype=getattr(tf, axis_tensor))
    return tuple(axis) if as_tuple and isinstance(axis, list) else axis


def _reduce(tf: Any, xs: list[Any], fn: str, axis: Any = None, axis_tensor: str | None = None,
            as_tuple: bool = False, **kw: Any) -> Any:
    return getattr(tf, fn)(xs[0], axis=_axis_arg(tf, axis, axis_tensor, as_tuple), **kw)


def _argminmax(tf: Any, xs: list[Any], fn: str, output_type: str | None = None,
               **kw: Any) -> Any:
    if output_type is not None:
        kw["output_type"] = getattr(tf, output_type)
    return getattr(tf, fn)(xs[0], **kw)


def _matmul(tf: Any, xs: list[Any], op: bool = False, **kw: Any) -> Any:
    return xs[0] @ xs[1] if op else tf.matmul(xs[0], xs[1], **kw)


def _activation(tf: Any, xs: list[Any], fn: str, **kw: Any) -> Any:
    return getattr(tf.nn, fn)(xs[0], **kw)


def _xent(tf: Any, xs: list[Any], fn: str, **kw: Any) -> Any:
    return getattr(tf.nn, fn)(labels=xs[0], logits=xs[1], **kw)


def _pool(tf: Any, xs: list[Any], fn: str, **kw: Any) -> Any:
    return getattr(tf.nn, fn)(xs[0], **kw)


def _moments(tf: Any, xs: list[Any], **kw: Any) -> Any:
    return list(tf.nn.moments(xs[0], **kw))


MATH_PROGRAMS: dict[str, Callable[..., Any]] = {
    "binary": _binary,
    "operator": _operator,
    "unary": _unary,
    "reduce": _reduce,
    "argminmax": _argminmax,
    "matmul": _matmul,
    "activation": _activation,
    "xent": _xent,
    "l2_loss": lambda tf, xs: tf.nn.l2_loss(xs[0]),
    "bias_add": lambda tf, xs, **kw: tf.nn.bias_add(xs[0], xs[1], **kw),
    "conv2d": lambda tf, xs, **kw: tf.nn.conv2d(xs[0], xs[1], **kw),
    "pool": _pool,
    "moments": _moments,
}
