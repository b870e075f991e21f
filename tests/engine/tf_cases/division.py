"""Integer division by zero, on every integer dtype and every integer division op: TF's CPU
kernels raise (``Integer division by zero`` naming the op), never a value. Also the
quotients and remainders TF gives for negative operands and at the edges of a dtype."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("division")

INTEGERS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")


def _by_zero(op: str, dtype: str) -> None:
    @cases.case(f"{op} {dtype} by zero")
    def _(tf: Any) -> Any:
        d = tf.as_dtype(dtype)
        x = tf.constant([7, 3, 0], dtype=d)
        y = tf.constant([2, 0, 1], dtype=d)
        if op == "//":
            return x // y
        if op == "%":
            return x % y
        return getattr(tf.raw_ops, op)(x=x, y=y)


for _dtype in INTEGERS:
    for _op in ("//", "%", "FloorDiv", "FloorMod", "TruncateDiv", "RealDiv"):
        _by_zero(_op, _dtype)


@cases.case("a fed zero divisor (nothing folded)")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [3], name="x")
    y = tf.placeholder(tf.int32, [3], name="y")
    return Fetch(tf.floordiv(x, y), feed={x: [1, 2, 3], y: [1, 0, 1]})


@cases.case("a zero divisor broadcast over the dividend")
def _(tf: Any) -> Any:
    return tf.constant([[4, 5], [6, 7]], dtype=tf.int64) % tf.constant(0, dtype=tf.int64)


@cases.case("a zero dividend by a zero divisor")
def _(tf: Any) -> Any:
    return tf.constant(0) // tf.constant(0)


@cases.case("an empty dividend by zero is empty")
def _(tf: Any) -> Any:
    return tf.constant([], dtype=tf.int32) // tf.constant(0)


@cases.case("the division by zero is reported on the op, downstream fails too")
def _(tf: Any) -> Any:
    q = tf.constant(5) // tf.constant(0)
    return [q + 1, tf.constant(2)]


@cases.case("integer floor division rounds toward negative infinity")
def _(tf: Any) -> Any:
    x = tf.constant([7, -7, 7, -7, 0, 1, -1], dtype=tf.int16)
    y = tf.constant([2, 2, -2, -2, -3, -5, 5], dtype=tf.int16)
    return [x // y, x % y]


@cases.case("int32 minimum // -1 and % -1")
def _(tf: Any) -> Any:
    x = tf.constant([-2**31, -2**31, 2**31 - 1], dtype=tf.int32)
    y = tf.constant([-1, 1, -1], dtype=tf.int32)
    return [x // y, x % y]


@cases.case("int8 minimum // -1")
def _(tf: Any) -> Any:
    x = tf.constant([-128, -128, 127], dtype=tf.int8)
    y = tf.constant([-1, 3, -128], dtype=tf.int8)
    return [x // y, x % y]


@cases.case("int64 minimum // -1")
def _(tf: Any) -> Any:
    x = tf.constant([-2**63, -2**63 + 1], dtype=tf.int64)
    y = tf.constant([-1, -1], dtype=tf.int64)
    return [x // y, x % y]


@cases.case("uint64 large values: a list mixing them with small ones goes through float64")
def _(tf: Any) -> Any:
    x = tf.constant([2**64 - 1, 2**63, 5], dtype=tf.uint64)
    y = tf.constant([2, 2**63 + 1, 2**64 - 1], dtype=tf.uint64)  # [2, 2**63, 0]
    return x // y


@cases.case("uint64 large values, floor division")
def _(tf: Any) -> Any:
    x = tf.constant(np.array([2**64 - 1, 2**63, 5], dtype=np.uint64))
    y = tf.constant(np.array([2, 2**63 + 1, 2**64 - 1], dtype=np.uint64))
    return [x // y, x % y]


@cases.case("truncatediv rounds toward zero")
def _(tf: Any) -> Any:
    x = tf.constant([7, -7, 7, -7, -2**31], dtype=tf.int32)
    y = tf.constant([2, 2, -2, -2, -1], dtype=tf.int32)
    return tf.truncatediv(x, y)


@cases.case("truncatediv by a literal zero")
def _(tf: Any) -> Any:
    return tf.truncatediv(tf.constant([4, 5], dtype=tf.uint16), 0)


@cases.case("truncatemod by zero")
def _(tf: Any) -> Any:
    return tf.truncatemod(tf.constant([4, 5]), tf.constant([1, 0]))


@cases.case("truncatemod takes the sign of the dividend")
def _(tf: Any) -> Any:
    x = tf.constant([7, -7, 7, -7], dtype=tf.int64)
    y = tf.constant([2, 2, -2, -2], dtype=tf.int64)
    return tf.truncatemod(x, y)


@cases.case("integer x / 0 is a float division: inf")
def _(tf: Any) -> Any:
    return tf.constant([7, -7, 0]) / tf.constant(0)


@cases.case("int8 x / 0 is float32")
def _(tf: Any) -> Any:
    return tf.constant([7, -7, 0], dtype=tf.int8) / tf.constant(0, dtype=tf.int8)


@cases.case("tf.div of integers is a floor division")
def _(tf: Any) -> Any:
    return tf.div(tf.constant([7, -7]), tf.constant([2, 0]))


@cases.case("tf.div of integers, no zero")
def _(tf: Any) -> Any:
    return tf.div(tf.constant([7, -7]), tf.constant([2, 2]))


@cases.case("tf.div of floats is RealDiv")
def _(tf: Any) -> Any:
    return tf.div(tf.constant([7.0, -7.0]), tf.constant([2.0, 0.0]))


@cases.case("floormod of integers by zero, fed")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.uint8, [None], name="x")
    return Fetch(tf.floormod(x, tf.constant(0, dtype=tf.uint8)), feed={x: [1, 2]})
