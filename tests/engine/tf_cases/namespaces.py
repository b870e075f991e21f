"""The builder functions under ``tf.compat.v1``'s sub-namespaces — ``tf.math``,
``tf.linalg``, ``tf.bitwise``, ``tf.dtypes`` — build what their top-level names build."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("namespaces")


@cases.case("tf.math.floormod by zero")
def _(tf: Any) -> Any:
    return tf.math.floormod(tf.constant([1, 2]), tf.constant([0, 1]))


@cases.case("tf.math.floordiv of a float and a literal")
def _(tf: Any) -> Any:
    return tf.math.floordiv(tf.constant([7.5]), 2.0)


@cases.case("tf.math.mod")
def _(tf: Any) -> Any:
    return tf.math.mod(tf.constant([-7]), 3)


@cases.case("tf.math.truediv of integers")
def _(tf: Any) -> Any:
    return tf.math.truediv(tf.constant([7]), tf.constant([2]))


@cases.case("tf.math.divide of a literal")
def _(tf: Any) -> Any:
    return tf.math.divide(7.0, tf.constant([2.0]))


@cases.case("tf.math.abs of complex64")
def _(tf: Any) -> Any:
    return tf.math.abs(tf.constant([3 + 4j], dtype=tf.complex64))


@cases.case("tf.math.conj")
def _(tf: Any) -> Any:
    return tf.math.conj(tf.constant([3 + 4j]))


@cases.case("tf.math.logical_xor with a literal")
def _(tf: Any) -> Any:
    return tf.math.logical_xor(tf.constant([True, False]), True)


@cases.case("tf.math.equal broadcasts")
def _(tf: Any) -> Any:
    return tf.math.equal(tf.constant([[1], [2]]), tf.constant([1, 2, 3]))


@cases.case("tf.math.pow of complex64")
def _(tf: Any) -> Any:
    return tf.math.pow(tf.constant([2 + 0j], dtype=tf.complex64), 0.5)


@cases.case("tf.math.negative, sqrt, log")
def _(tf: Any) -> Any:
    return [tf.math.negative(tf.constant([1], dtype=tf.int64)),
            tf.math.sqrt(tf.constant([-1.0, 4.0])), tf.math.log(tf.constant([-1 + 0j]))]


@cases.case("tf.linalg.matmul adjoint_a")
def _(tf: Any) -> Any:
    return tf.linalg.matmul(tf.constant([[1j]]), tf.constant([[2j]]), adjoint_a=True)


@cases.case("tf.bitwise.bitwise_and with a literal")
def _(tf: Any) -> Any:
    return tf.bitwise.bitwise_and(tf.constant([6]), 3)


@cases.case("tf.bitwise.invert of uint8")
def _(tf: Any) -> Any:
    return tf.bitwise.invert(tf.constant([6], dtype=tf.uint8))


@cases.case("tf.bitwise.bitwise_or of bools is refused")
def _(tf: Any) -> Any:
    return tf.bitwise.bitwise_or(tf.constant([True]), tf.constant([False]))


@cases.case("tf.dtypes.cast")
def _(tf: Any) -> Any:
    return tf.dtypes.cast(tf.constant([1.7]), tf.dtypes.int32)


@cases.case("tf.dtypes.as_dtype")
def _(tf: Any) -> Any:
    return Fetch(None, probe=[str(tf.dtypes.as_dtype("float64")), tf.dtypes.half.name])
