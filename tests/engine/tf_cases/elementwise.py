"""Elementwise ops at the edges of their dtypes: NaN, infinities and signed zeros through
Maximum/Minimum (TF's half precision keeps x on a tie), comparisons, the unary functions,
Pow (of complex numbers TF computes exp(y log x); integers to negative powers fail)."""

from __future__ import annotations

from typing import Any

from .harness import Cases

cases = Cases("elementwise")

INF, NAN = float("inf"), float("nan")
V = [-0.0, 0.0, NAN, 1.0, -1.0, INF, -INF]


def _table(op: str, dtype: str) -> None:
    @cases.case(f"{op} {dtype} of NaN, infinities and signed zeros")
    def _(tf: Any) -> Any:
        d = tf.as_dtype(dtype)
        x = tf.constant([[v] for v in V], dtype=d)
        y = tf.constant([V], dtype=d)
        return getattr(tf.raw_ops, op)(x=x, y=y)


for _dtype in ("float16", "bfloat16", "float32", "float64"):
    for _op in ("Maximum", "Minimum"):
        _table(_op, _dtype)
for _op in ("Less", "Greater", "Equal", "NotEqual", "LessEqual", "GreaterEqual", "AddV2", "Sub",
            "Mul", "RealDiv", "Pow"):
    _table(_op, "float32")


@cases.case("Maximum and Minimum of int8 extremes")
def _(tf: Any) -> Any:
    x = tf.constant([-128, 5, 3], dtype=tf.int8)
    y = tf.constant([127, 5, -3], dtype=tf.int8)
    return [tf.maximum(x, y), tf.minimum(x, y)]


@cases.case("unary functions of float32 specials", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(V)
    return [tf.sqrt(x), tf.exp(x), tf.log(x), tf.square(x), -x, tf.abs(x)]


@cases.case("unary functions of float16", rtol=1e-3)
def _(tf: Any) -> Any:
    x = tf.constant(V + [65504.0, 1e-7], dtype=tf.float16)
    return [tf.sqrt(x), tf.exp(x), tf.log(x), tf.square(x)]


@cases.case("unary functions of complex numbers", rtol=1e-15)
def _(tf: Any) -> Any:
    x = tf.constant([1j, -1 + 0j, 0j, 3 + 4j, complex(INF, 0), complex(0, INF)])
    return [tf.sqrt(x), tf.exp(x), tf.log(x), tf.square(x)]


def _complex_pow(dtype: str) -> None:
    @cases.case(f"Pow of {dtype} is exp(y * log(x))")
    def _(tf: Any) -> Any:
        d = tf.as_dtype(dtype)
        x = tf.constant([1 + 1j, 0j, 0j, 2 + 0j, -1 + 0j, 3 - 2j], dtype=d)
        y = tf.constant([2 + 0j, 2 + 0j, 0j, 0.5 + 0j, 0.5 + 0j, 1j], dtype=d)
        return x ** y


_complex_pow("complex64")
_complex_pow("complex128")


@cases.case("integers to a negative power fail")
def _(tf: Any) -> Any:
    return tf.pow(tf.constant([2, 3]), tf.constant([2, -1]))


@cases.case("integers to the power 0 and overflow")
def _(tf: Any) -> Any:
    return [tf.constant([0, 2, -3]) ** tf.constant([0, 0, 3]), tf.constant([10]) ** 10]


@cases.case("int8 addition wraps")
def _(tf: Any) -> Any:
    return tf.constant([127], dtype=tf.int8) + tf.constant([1], dtype=tf.int8)


@cases.case("abs and negative of the smallest integers")
def _(tf: Any) -> Any:
    return [tf.abs(tf.constant([-128], dtype=tf.int8)), -tf.constant([-2**31]),
            tf.abs(tf.constant([-2**63], dtype=tf.int64))]


@cases.case("a size 0 broadcast with an unknown size is unknown")
def _(tf: Any) -> Any:
    from .harness import Fetch

    x = tf.placeholder(tf.float32, [None, None])
    return Fetch(x * tf.zeros([3, 0]), {x: [[0.0] * 0] * 3})
