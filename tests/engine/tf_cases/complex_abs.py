"""Abs of complex numbers: ``tf.abs`` builds ComplexAbs and returns the real magnitude dtype
(complex64 → float32, complex128 → float64), also through Python's ``abs()``; the Abs op
itself refuses complex."""

from __future__ import annotations

from typing import Any

from .harness import Cases

cases = Cases("complex_abs")

VALUES = [3 + 4j, -1 - 1j, 0j, 1e-3j, -2.5 + 0j]


@cases.case("tf.abs of complex64 is float32")
def _(tf: Any) -> Any:
    return tf.abs(tf.constant(VALUES, dtype=tf.complex64))


@cases.case("tf.abs of complex128 is float64")
def _(tf: Any) -> Any:
    return tf.abs(tf.constant(VALUES, dtype=tf.complex128))


@cases.case("abs() of complex64")
def _(tf: Any) -> Any:
    return abs(tf.constant(VALUES, dtype=tf.complex64))


@cases.case("tf.abs of a complex literal")
def _(tf: Any) -> Any:
    return tf.abs(3 - 4j)


@cases.case("tf.abs named")
def _(tf: Any) -> Any:
    return tf.abs(tf.constant([1j], dtype=tf.complex64), name="magnitude")


@cases.case("complex abs of infinities and nan")
def _(tf: Any) -> Any:
    inf, nan = float("inf"), float("nan")
    c = tf.constant([complex(inf, 1), complex(nan, 1), complex(1, -inf), complex(nan, inf)],
                    dtype=tf.complex128)
    return tf.abs(c)


@cases.case("complex abs of huge parts does not overflow")
def _(tf: Any) -> Any:
    return tf.abs(tf.constant([complex(3e38, 4e38)], dtype=tf.complex64))


@cases.case("raw Abs refuses complex")
def _(tf: Any) -> Any:
    return tf.raw_ops.Abs(x=tf.constant([1j]))


@cases.case("raw ComplexAbs with Tout float32")
def _(tf: Any) -> Any:
    return tf.raw_ops.ComplexAbs(x=tf.constant([3 + 4j], dtype=tf.complex64), Tout=tf.float32)


@cases.case("raw ComplexAbs of complex128 with its default Tout")
def _(tf: Any) -> Any:
    return tf.raw_ops.ComplexAbs(x=tf.constant([3 + 4j], dtype=tf.complex128))


@cases.case("raw ComplexAbs of a float is refused")
def _(tf: Any) -> Any:
    return tf.raw_ops.ComplexAbs(x=tf.constant([3.0]))


@cases.case("abs of real dtypes keeps the dtype")
def _(tf: Any) -> Any:
    return [tf.abs(tf.constant([-3], dtype=tf.int8)), tf.abs(tf.constant([-2.5])),
            abs(tf.constant([-128], dtype=tf.int8))]


@cases.case("raw ComplexAbs with Tout int32 is refused")
def _(tf: Any) -> Any:
    return tf.raw_ops.ComplexAbs(x=tf.constant([3 + 4j], dtype=tf.complex64), Tout=tf.int32)


@cases.case("raw ComplexAbs of complex128 with Tout float64")
def _(tf: Any) -> Any:
    return tf.raw_ops.ComplexAbs(x=tf.constant([3 + 4j, -1j]), Tout=tf.float64)
