"""Floor division and modulo of floats as TF's kernels compute them, with infinities, NaN and
signed zeros (where numpy's ``floor_divide``/``remainder`` give other answers), on every float
dtype; true division by zero; and TruncateDiv/TruncateMod of floats."""

from __future__ import annotations

from typing import Any

from .harness import Cases

cases = Cases("float_division")

INF = float("inf")
NAN = float("nan")
X = [5.0, -5.0, 0.0, -0.0, 7.5, -7.5, INF, -INF, NAN, 1.0, -1.0, 3.0, 1e-8]
Y = [0.0, -0.0, 2.0, -2.0, INF, -INF, NAN, 0.5, 3.0, 1e-8]
FLOATS = ("float16", "bfloat16", "float32", "float64")


def _table(op: str, dtype: str) -> None:
    @cases.case(f"{op} {dtype} table")
    def _(tf: Any) -> Any:
        d = tf.as_dtype(dtype)
        x = tf.constant([[v] for v in X], dtype=d, name="x")  # a column
        y = tf.constant([Y], dtype=d, name="y")  # a row: every pair of X and Y
        if op == "//":
            return x // y
        if op == "%":
            return x % y
        if op == "/":
            return x / y
        return getattr(tf.raw_ops, op)(x=x, y=y)


for _dtype in FLOATS:
    for _op in ("//", "%", "/", "TruncateDiv", "TruncateMod"):
        if _op == "TruncateMod" and _dtype in ("float16", "bfloat16"):
            continue  # TruncateMod has no half-precision kernels: see kernels.py
        _table(_op, _dtype)


@cases.case("floor division of a tiny by a huge float")
def _(tf: Any) -> Any:
    x = tf.constant([-1e-30, 1e-30, -1.0], dtype=tf.float64)
    y = tf.constant([1e300, -1e300, 1e308], dtype=tf.float64)
    return [x // y, x % y]


@cases.case("floor division exact at the boundary")
def _(tf: Any) -> Any:
    x = tf.constant([0.3, -0.3, 1.0, 6.0], dtype=tf.float64)
    y = tf.constant([0.1, 0.1, 0.1, 0.2], dtype=tf.float64)
    return [x // y, x % y]


@cases.case("float32 mod of large values")
def _(tf: Any) -> Any:
    x = tf.constant([1e30, -1e30, 16777217.0], dtype=tf.float32)
    y = tf.constant([3.0, 7.0, 2.0], dtype=tf.float32)
    return [x // y, x % y]


@cases.case("floormod through tf.floormod and tf.mod")
def _(tf: Any) -> Any:
    x = tf.constant([-0.0, 5.5])
    y = tf.constant([3.0, -2.0])
    return [tf.floormod(x, y), tf.mod(x, y)]


@cases.case("complex true division by zero")
def _(tf: Any) -> Any:
    x = tf.constant([1 + 1j, 0j, -2 + 0j])
    y = tf.constant([0j, 0j, 1j])
    return x / y
