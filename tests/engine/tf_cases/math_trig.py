"""The trigonometric, hyperbolic and error functions (tan, asin … atanh, expm1, atan2, erf,
erfc) and the divisions TF exports by op name (div_no_nan, realdiv): names, dtypes, values
(special values and tails included), errors, and gradients (the ops they add and their
values)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("math_trig")
UNIT = [-1.0, -0.999, -0.5, -0.0, 0.0, 1e-8, 0.25, 0.75, 0.999, 1.0]
WIDE = [-20.0, -3.5, -1.0, -1e-5, -0.0, 0.0, 1e-5, 0.5, 1.5, 3.0, 20.0]
SPECIAL = [float("inf"), float("-inf"), float("nan"), -0.0, 0.0, 2.0, -2.0]
UNARY = ["tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "expm1"]


def _each(tf: Any, x: Any, names: list[str] = UNARY) -> list[Any]:
    return [getattr(tf, n)(x) for n in names]


@cases.case("the functions of float32 in [-1, 1]", rtol=3e-6)
def _(tf: Any) -> Any:
    return _each(tf, tf.constant(UNIT, tf.float32))


@cases.case("the functions of float64 over a wide range", rtol=1e-13)
def _(tf: Any) -> Any:
    return _each(tf, tf.constant(WIDE, tf.float64), ["tan", "atan", "sinh", "cosh", "asinh",
                                                      "expm1", "erf", "erfc"])


@cases.case("the functions of special values", rtol=1e-6)
def _(tf: Any) -> Any:
    return _each(tf, tf.constant(SPECIAL, tf.float32), [*UNARY, "erf", "erfc"])


@cases.case("the functions of float16 and bfloat16", rtol=1e-2)
def _(tf: Any) -> Any:
    return [*_each(tf, tf.constant([0.25, 0.5, -0.75], tf.float16), [*UNARY, "erf", "erfc"]),
            *_each(tf, tf.constant([0.25, 0.5, -0.75], tf.bfloat16), [*UNARY, "erf", "erfc"])]


@cases.case("the functions of complex numbers", rtol=1e-5)
def _(tf: Any) -> Any:
    return _each(tf, tf.constant([0.5 + 0.25j, -1.5j, 2.0 + 0j], tf.complex64))


@cases.case("the names are the op types and the name argument", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant([0.5])
    with tf.name_scope("trig"):
        return [tf.tan(x), tf.tan(x), tf.atan2(x, x), tf.erf(x, name="e"),
                tf.math.erfc(x), tf.math.acosh(x + 1.0), tf.math.divide_no_nan(x, x)]


@cases.case("erf and erfc over a dense grid with the tails", rtol=3e-15)
def _(tf: Any) -> Any:
    grid = np.concatenate([np.linspace(-7.0, 7.0, 1401), np.linspace(7.0, 27.0, 201),
                           np.geomspace(1e-300, 1e-3, 31)])
    x = tf.constant(grid, tf.float64)
    return [tf.erf(x), tf.erfc(x)]


@cases.case("erf and erfc of float32", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(np.linspace(-5.0, 10.0, 61), tf.float32)
    return [tf.erf(x), tf.erfc(x)]


@cases.case("atan2 of every quadrant, the axes and signed zeros", rtol=1e-6)
def _(tf: Any) -> Any:
    y = tf.constant([1.0, 1.0, -1.0, -1.0, 0.0, -0.0, 0.0, -0.0, 1.0, float("inf"), float("nan")])
    x = tf.constant([1.0, -1.0, -1.0, 1.0, 1.0, 1.0, -1.0, -1.0, 0.0, float("inf"), 1.0])
    return tf.atan2(y, x)


@cases.case("atan2 broadcasts", rtol=1e-12)
def _(tf: Any) -> Any:
    y = tf.placeholder(tf.float64, [None, 1])
    return Fetch(tf.atan2(y, tf.constant([1.0, -2.0, 0.5], tf.float64)),
                 {y: np.array([[0.5], [-3.0]])})


@cases.case("div_no_nan and realdiv", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant([1.0, float("nan"), float("inf"), 3.0])
    y = tf.constant([0.0, 0.0, 0.0, 2.0])
    return [tf.div_no_nan(x, y), tf.realdiv(x, y), tf.div_no_nan(x, 2.0, name="d")]


@cases.case("tan of an integer fails")
def _(tf: Any) -> Any:
    return tf.tan(tf.constant([1, 2]))


@cases.case("erf of a complex number fails")
def _(tf: Any) -> Any:
    return tf.erf(tf.constant([1j]))


@cases.case("atan2 of two dtypes fails")
def _(tf: Any) -> Any:
    return tf.atan2(tf.constant([1.0]), tf.constant([1.0], tf.float64))


@cases.case("atan2 of integers fails")
def _(tf: Any) -> Any:
    return tf.atan2(tf.constant([1]), tf.constant([1]))


@cases.case("atan2 of shapes that do not broadcast fails")
def _(tf: Any) -> Any:
    return tf.atan2(tf.ones([2]), tf.ones([3]))


@cases.case("realdiv of integers has no CPU kernel")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [2])
    return Fetch(tf.realdiv(x, x), {x: [1, 2]})


def _grads(tf: Any, pairs: list[tuple[Any, list[Any]]]) -> Fetch:
    """Every gradient of each ``(y, xs)``, run together; the probe names them (None: none)."""
    out = [g for y, xs in pairs for g in tf.gradients(y, xs)]
    return Fetch([g for g in out if g is not None], {},
                 probe=[None if g is None else g.name for g in out])


@cases.case("the gradients of the unary functions", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant([0.25, -0.5, 0.75], tf.float32)
    return _grads(tf, [(getattr(tf, n)(x + 1.5 if n == "acosh" else x), [x])
                       for n in [*UNARY, "erf", "erfc"]])


@cases.case("the gradients of float64 at the edges", rtol=1e-12)
def _(tf: Any) -> Any:
    x = tf.constant([0.0, 0.999, -0.999, 3.0], tf.float64)
    return _grads(tf, [(getattr(tf, n)(x), [x]) for n in ["asin", "acos", "atanh", "erf",
                                                           "erfc", "tan"]])


@cases.case("the gradient of atan2 reduces a broadcast operand", rtol=2e-6)
def _(tf: Any) -> Any:
    y = tf.constant([[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]])
    x = tf.constant([[0.5], [-1.5]])
    return _grads(tf, [(tf.atan2(y, x), [y, x])])


@cases.case("the gradients of complex sinh, cosh and asinh", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant([0.5 + 0.25j, -1.0 + 1j], tf.complex64)
    return _grads(tf, [(getattr(tf, n)(x), [x]) for n in ["sinh", "cosh", "asinh", "atan"]])
