"""The math functions: tanh, sigmoid, rsqrt, reciprocal, sign, floor, ceil, round, log1p, sin,
cos and squared_difference — names, dtypes, values (to the last few bits) and errors."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases

cases = Cases("math_unary")
V = [-3.5, -1.0, -0.5, -0.0, 0.0, 0.25, 0.5, 1.5, 2.5, 20.0]


@cases.case("float functions of float32", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(V, tf.float32)
    return [tf.tanh(x), tf.sigmoid(x), tf.sin(x), tf.cos(x), tf.sign(x), tf.floor(x),
            tf.ceil(x), tf.round(x), tf.reciprocal(x)]


@cases.case("functions of positive float64", rtol=1e-12)
def _(tf: Any) -> Any:
    x = tf.constant([0.25, 1.0, 4.0, 1e-10, 9.0], tf.float64)
    return [tf.rsqrt(x), tf.log1p(x), tf.tanh(x), tf.sigmoid(x)]


@cases.case("special values", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant([float("inf"), float("-inf"), float("nan"), 0.0, -0.0, -100.0])
    return [tf.tanh(x), tf.sigmoid(x), tf.sign(x), tf.rsqrt(x), tf.reciprocal(x),
            tf.log1p(x), tf.floor(x), tf.round(x)]


@cases.case("round halves to even")
def _(tf: Any) -> Any:
    return tf.round(tf.constant([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5]))


@cases.case("functions of integers")
def _(tf: Any) -> Any:
    x = tf.constant([-7, -1, 0, 1, 2, 7])
    return [tf.sign(x), tf.round(x), tf.squared_difference(x, 2)]


@cases.case("squared_difference broadcasts", rtol=1e-6)
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.float32, [None, 3])
    from .harness import Fetch

    return Fetch(tf.squared_difference(a, tf.constant([1.0, 2.0, 3.0])),
                 {a: np.array([[0.5, 2.0, -1.0], [1.0, 1.0, 1.0]], np.float32)})


@cases.case("tanh of an integer fails")
def _(tf: Any) -> Any:
    return tf.tanh(tf.constant([1, 2]))


@cases.case("floor of an integer fails")
def _(tf: Any) -> Any:
    return tf.floor(tf.constant([1, 2]))


@cases.case("squared_difference of two dtypes fails")
def _(tf: Any) -> Any:
    return tf.squared_difference(tf.constant([1.0]), tf.constant([1]))


@cases.case("squared_difference of shapes that do not broadcast fails")
def _(tf: Any) -> Any:
    return tf.squared_difference(tf.ones([2]), tf.ones([3]))


@cases.case("sigmoid of complex numbers", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.sigmoid(tf.constant([1 + 1j, -0.5j], tf.complex64))


@cases.case("sign and round convert a literal before their scope opens")
def _(tf: Any) -> Any:
    return [tf.sign([1.5, -2.0]), tf.round([1.5, -2.5]), tf.round(2.5, name="r"), tf.round([1, 2])]


@cases.case("the sign of a complex tensor is x over its magnitude, 0 at 0", rtol=1e-6)
def _(tf: Any) -> Any:
    return [tf.sign(tf.constant([1 + 1j, 0j, -3j]), name="s"),
            tf.sign(tf.constant([3 - 4j], tf.complex128))]


@cases.case("Reciprocal of integers has no CPU kernel: TF's full message")
def _(tf: Any) -> Any:
    from .harness import Fetch

    x = tf.placeholder(tf.int32, [2])
    return Fetch(tf.reciprocal(x), {x: [1, 2]})


@cases.case("Round of complex numbers has no CPU kernel")
def _(tf: Any) -> Any:
    from .harness import Fetch

    x = tf.placeholder(tf.complex64, [2])
    return Fetch(tf.raw_ops.Round(x=x), {x: [1, 2]})
