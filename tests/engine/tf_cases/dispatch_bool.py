"""Python operators on bool tensors, as TF 2.21 dispatches them: ``&``, ``|``, ``^`` and ``~``
make logical ops (``^`` as TF spells it: ``(x | y) & ~(x & y)``), ``*`` multiplies through
int32 casts, the others refuse bool in their op's words. Also the same operators on integers
(bitwise ops) and the ops, names and dtypes each creates."""

from __future__ import annotations

import operator
from typing import Any

from .harness import Cases

cases = Cases("dispatch_bool")

_BINARY = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "&": operator.and_,
    "|": operator.or_, "^": operator.xor, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge, "@": operator.matmul,
}


def _x(tf: Any) -> Any:
    return tf.constant([True, False, True, False], name="x")


def _y(tf: Any) -> Any:
    return tf.constant([True, True, False, False], name="y")


def _binary(symbol: str, left: str, right: str) -> None:
    fn = _BINARY[symbol]

    @cases.case(f"{left} {symbol} {right}")
    def _(tf: Any) -> Any:
        operands = {"x": _x, "y": _y}
        a = operands[left](tf) if left in operands else {"True": True, "1": 1}[left]
        b = operands[right](tf) if right in operands else {"True": True, "1": 1, "False": False,
                                                          "1.5": 1.5}[right]
        return fn(a, b)


for _symbol in _BINARY:
    _binary(_symbol, "x", "y")
    _binary(_symbol, "x", "True")
    _binary(_symbol, "True", "x")
for _symbol in ("&", "|", "^", "*", "+"):
    _binary(_symbol, "x", "1")
    _binary(_symbol, "x", "False")
_binary("*", "x", "1.5")
_binary("&", "1", "x")


@cases.case("~x")
def _(tf: Any) -> Any:
    return ~_x(tf)


@cases.case("-x")
def _(tf: Any) -> Any:
    return -_x(tf)


@cases.case("abs(x)")
def _(tf: Any) -> Any:
    return abs(_x(tf))


@cases.case("x == y and x != y compare the tensors, not their values")
def _(tf: Any) -> Any:
    x, y = _x(tf), _y(tf)
    from .harness import Fetch

    return Fetch(None, probe=[x == y, x != y, x == x, x != x])


@cases.case("a chain of logical operators")
def _(tf: Any) -> Any:
    x, y = _x(tf), _y(tf)
    return (x & ~y) | (~x & y)


@cases.case("logical functions")
def _(tf: Any) -> Any:
    x, y = _x(tf), _y(tf)
    return [tf.logical_and(x, y), tf.logical_or(x, y), tf.logical_not(x),
            tf.logical_xor(x, y)]


@cases.case("logical_and of a literal and a tensor")
def _(tf: Any) -> Any:
    return tf.logical_and(True, _y(tf))


@cases.case("logical_and of ints")
def _(tf: Any) -> Any:
    return tf.logical_and(tf.constant([1]), tf.constant([0]))


@cases.case("logical_not of a float")
def _(tf: Any) -> Any:
    return tf.logical_not(tf.constant(1.0))


@cases.case("bool operators broadcast")
def _(tf: Any) -> Any:
    return tf.constant([[True], [False]]) & tf.constant([True, False, True])


@cases.case("bitwise operators on int32")
def _(tf: Any) -> Any:
    a = tf.constant([6, 3, -1], name="a")
    b = tf.constant([5, 5, 2], name="b")
    return [a & b, a | b, a ^ b, ~a, a & 12, 12 | a]


@cases.case("bitwise operators on uint8")
def _(tf: Any) -> Any:
    a = tf.constant([0xF0, 0x0F], dtype=tf.uint8, name="a")
    return [a & 0x3C, a | 1, a ^ 0xFF, ~a]


@cases.case("bitwise operators on int64 and uint64")
def _(tf: Any) -> Any:
    a = tf.constant([2**40 + 1], dtype=tf.int64)
    b = tf.constant([2**64 - 1], dtype=tf.uint64)
    return [a & 3, ~a, b ^ 1, ~b]


@cases.case("bitwise operators on int8, int16, uint16 and uint32")
def _(tf: Any) -> Any:
    outs = []
    for d in (tf.int8, tf.int16, tf.uint16, tf.uint32):
        c = tf.constant([5, 6], dtype=d)
        outs += [c & 3, c | 8, c ^ 1, ~c]
    return outs


@cases.case("a bitwise operator on floats")
def _(tf: Any) -> Any:
    return tf.constant(1.0) | tf.constant(2.0)


@cases.case("~ on a float")
def _(tf: Any) -> Any:
    return ~tf.constant(1.5)


@cases.case("an int and a bool under &")
def _(tf: Any) -> Any:
    return tf.constant([1]) & tf.constant([True])


@cases.case("a bool and an int tensor under &")
def _(tf: Any) -> Any:
    return tf.constant([True]) & tf.constant([1])


@cases.case("a bool tensor times an int tensor is bool")
def _(tf: Any) -> Any:
    return tf.constant([True, False]) * tf.constant([3, 4])


@cases.case("an int tensor times a bool tensor is bool")
def _(tf: Any) -> Any:
    return tf.constant([3, 4]) * tf.constant([True, False])


@cases.case("a bool tensor times a list of floats")
def _(tf: Any) -> Any:
    return tf.constant([True]) * [2.5]


@cases.case("& with a list of bools")
def _(tf: Any) -> Any:
    return tf.constant([True, False]) & [True, True]


@cases.case("^ of uint8 with -1")
def _(tf: Any) -> Any:
    return tf.constant([5], dtype=tf.uint8) ^ -1


@cases.case("| of int8 and int16")
def _(tf: Any) -> Any:
    return tf.constant([5], dtype=tf.int8) | tf.constant([1], dtype=tf.int16)


@cases.case("logical_or of a bool tensor and 0")
def _(tf: Any) -> Any:
    return tf.logical_or(tf.constant([True]), 0)


@cases.case("logical_xor named")
def _(tf: Any) -> Any:
    return tf.logical_xor(tf.constant([True]), tf.constant([False]), name="x")
