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


@cases.case("tf.math's reductions, argmax and add_n build what the top-level names build")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    return Fetch(probe=[str(t) for t in (
        tf.math.reduce_sum(x, 1), tf.math.reduce_mean(x, [0], keepdims=True),
        tf.math.reduce_max(x), tf.math.reduce_min(x, -1), tf.math.reduce_prod(x, 0),
        tf.math.reduce_all(x > 0), tf.math.reduce_any(x > 0, 1), tf.math.argmax(x, 1),
        tf.math.argmin(x, 0, output_type=tf.int32), tf.math.add_n([x, x]))])


@cases.case("tf.math's unary functions and squared_difference")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    return Fetch(probe=[str(t) for t in (
        tf.math.ceil(x), tf.math.floor(x), tf.math.round(x), tf.math.sign(x), tf.math.sin(x),
        tf.math.cos(x), tf.math.log1p(x), tf.math.reciprocal(x), tf.math.rsqrt(x),
        tf.math.sigmoid(x), tf.math.tanh(x), tf.math.squared_difference(x, 1.0))])


@cases.case("tf.math.softmax, log_softmax and softplus are tf.nn's")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    return Fetch(probe=[str(t) for t in (
        tf.math.softmax(x), tf.math.log_softmax(x, axis=0), tf.math.softplus(x))])


@cases.case("tf.random.normal, uniform and truncated_normal with a tensor shape")
def _(tf: Any) -> Any:
    s = tf.placeholder(tf.int32, [2], name="s")
    tf.random.set_random_seed(3)
    return Fetch(probe=[str(t) for t in (
        tf.random.normal(s), tf.random.uniform([2, 3], maxval=4, dtype=tf.int32),
        tf.random.truncated_normal(tf.shape(tf.zeros([4, 1])), name="tn"))])
