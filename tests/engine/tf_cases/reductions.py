"""Reductions: reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod, reduce_all,
reduce_any (axis, keepdims) and argmax, argmin."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("reductions")
X = np.array([[1.5, -2.0, 3.0], [4.0, 0.5, -6.0]], dtype=np.float32)
INTS = np.array([[1, -2, 3], [4, 5, -6]], dtype=np.int32)


@cases.case("every reduction over everything", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(X)
    return [tf.reduce_sum(x), tf.reduce_mean(x), tf.reduce_max(x), tf.reduce_min(x),
            tf.reduce_prod(x)]


@cases.case("reductions along an axis, with keepdims", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(X)
    return [tf.reduce_sum(x, 0), tf.reduce_mean(x, axis=1, keepdims=True),
            tf.reduce_max(x, [0, 1]), tf.reduce_min(x, -1), tf.reduce_prod(x, 1)]


@cases.case("reductions of integers wrap and truncate")
def _(tf: Any) -> Any:
    x = tf.constant(INTS)
    big = tf.constant([2**30, 2**30, 2**30], tf.int32)
    return [tf.reduce_sum(x, 1), tf.reduce_mean(x, 0), tf.reduce_mean(x, 1), tf.reduce_sum(big),
            tf.reduce_prod(x)]


@cases.case("reduce_all and reduce_any")
def _(tf: Any) -> Any:
    b = tf.constant([[True, False], [True, True]])
    return [tf.reduce_all(b), tf.reduce_any(b, 1), tf.reduce_all(b, 0, keepdims=True)]


@cases.case("reductions of unknown shapes", rtol=1e-6)
def _(tf: Any) -> Any:
    x, y = tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.float32, None)
    return Fetch([tf.reduce_sum(x, 1), tf.reduce_mean(x), tf.reduce_sum(y), tf.reduce_max(y, 0),
                  tf.reduce_sum(x, 1, keepdims=True)], {x: X, y: X})


@cases.case("a reduction over a fed axis knows the rank only with keepdims")
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.int32, [])
    x = tf.constant(X)
    return Fetch([tf.reduce_sum(x, a), tf.reduce_sum(x, a, keepdims=True)], {a: 1})


@cases.case("keep_dims and reduction_indices, the old spellings")
def _(tf: Any) -> Any:
    return tf.reduce_sum(tf.constant(X), reduction_indices=[1], keep_dims=True)


@cases.case("reductions over nothing")
def _(tf: Any) -> Any:
    e = tf.zeros([0, 3])
    return [tf.reduce_sum(e, 0), tf.reduce_max(e, 0), tf.reduce_min(e, 0), tf.reduce_prod(e, 0),
            tf.reduce_mean(e, 0)]


@cases.case("reductions of nan")
def _(tf: Any) -> Any:
    x = tf.constant([1.0, float("nan"), 3.0])
    return [tf.reduce_sum(x), tf.reduce_max(x), tf.reduce_min(x)]


@cases.case("a reduction axis out of range fails")
def _(tf: Any) -> Any:
    return tf.reduce_sum(tf.ones([2, 3]), axis=2)


@cases.case("reduction axes of rank 2 fail")
def _(tf: Any) -> Any:
    return tf.reduce_sum(tf.ones([2, 3]), axis=[[0]])


@cases.case("reduce_sum of bools fails")
def _(tf: Any) -> Any:
    return tf.reduce_sum(tf.constant([True]))


@cases.case("reduce_all of numbers fails")
def _(tf: Any) -> Any:
    return tf.reduce_all(tf.ones([2]))


@cases.case("a fed axis out of range fails at run time")
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.int32, [])
    return Fetch(tf.reduce_sum(tf.constant(X), a), {a: 3})


@cases.case("argmax and argmin, with ties and output types")
def _(tf: Any) -> Any:
    x = tf.constant([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]])
    return [tf.argmax(x), tf.argmax(x, 1), tf.argmin(x, axis=1), tf.argmax(x, -1,
            output_type=tf.int32), tf.argmin(x, dimension=0)]


@cases.case("argmax of an unknown shape")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    return Fetch([tf.argmax(x, 1), tf.argmax(x, 0)], {x: X})


@cases.case("argmax along an axis out of range fails")
def _(tf: Any) -> Any:
    return tf.argmax(tf.ones([2, 3]), axis=2)


@cases.case("argmax of strings fails")
def _(tf: Any) -> Any:
    return tf.argmax(tf.constant(["a"]))


def _large(n: int) -> np.ndarray:
    """Values in [0, 1) from integer arithmetic alone (the same under any numpy), each
    repeated about every 1e6 elements: ties for argmax."""
    k = (np.arange(n, dtype=np.int64) * 2654435761) % 1000003
    return k.astype(np.float32) / np.float32(1000003)


LARGE = _large(3_000_003)


@cases.case("large float32 sums and means, over every axis and the last", rtol=3e-7)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None])
    rows = tf.placeholder(tf.float32, [3, None])
    return Fetch([tf.reduce_sum(x), tf.reduce_mean(x), tf.reduce_sum(rows, 1),
                  tf.reduce_mean(rows, -1)], {x: LARGE, rows: LARGE.reshape(3, -1)})


@cases.case("a large float32 sum over the first axis", rtol=3e-7)
def _(tf: Any) -> Any:
    cols = tf.placeholder(tf.float32, [None, 3])
    return Fetch([tf.reduce_sum(cols, 0), tf.reduce_mean(cols, 0)],
                 {cols: LARGE.reshape(-1, 3)})


@cases.case("large max, min and argmax: exact, the first of tied maxima")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None])
    rows = tf.placeholder(tf.float32, [3, None])
    return Fetch([tf.reduce_max(x), tf.reduce_min(x), tf.argmax(x), tf.argmin(x),
                  tf.argmax(rows, 1), tf.reduce_max(rows, 0), tf.reduce_min(rows, 1)],
                 {x: LARGE, rows: LARGE.reshape(3, -1)})


@cases.case("large integer sums wrap and means truncate, as small ones do")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [None])
    cols = tf.placeholder(tf.int32, [None, 3])
    ints = ((LARGE - np.float32(0.5)) * np.float32(2**12)).astype(np.int32) * np.int32(1001)
    return Fetch([tf.reduce_sum(x), tf.reduce_mean(x), tf.reduce_sum(cols, 0),
                  tf.reduce_max(cols, 0), tf.reduce_prod(x)], {x: ints, cols: ints.reshape(-1, 3)})


@cases.case("a reduction over the same axis twice fails when it runs, not when built")
def _duplicate_axes(tf: Any) -> Any:
    return tf.reduce_sum(tf.ones([2, 3]), axis=[1, -1])


@cases.case("a reduction of a fed array over an axis listed twice fails with the axis named")
def _duplicate_axes_fed(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, 2])
    return Fetch(tf.reduce_max(x, axis=[0, 2, -3], keepdims=True),
                 {x: np.ones((2, 3, 2), np.float32)})


@cases.case("the mean of narrow integers adds them in 64 bits, without wrapping")
def _(tf: Any) -> Any:
    return [tf.reduce_mean(tf.constant([4, 255, 7, 0, 2, 2], tf.uint8)),
            tf.reduce_mean(tf.constant([[100, 100, 100]], tf.int8), 1),
            tf.reduce_mean(tf.constant([2**30, 2**30, -2**30 - 5], tf.int32)),
            tf.reduce_mean(tf.constant([60000, 60000, 60001], tf.uint16), keepdims=True),
            tf.reduce_mean(tf.constant([2**62, 2**62, 2**62], tf.int64))]


@cases.case("a reduction of a Python value converts it as the op's input")
def _(tf: Any) -> Any:
    return [tf.reduce_sum([[1, 2], [3, 4]], 0, name="my/red"),
            tf.reduce_mean([[1.0, 2.0], [3.0, 5.0]], keepdims=True), tf.reduce_all(True)]


@cases.case("a reduction over no axes passes the input through")
def _(tf: Any) -> Any:
    x = tf.constant([-0.0, 1.5])
    return [tf.reduce_sum(x, axis=[]), tf.reduce_mean(x, axis=[]), tf.reduce_max(x, [])]


@cases.case("the complex mean over nothing is zero")
def _(tf: Any) -> Any:
    return tf.reduce_mean(tf.zeros([0, 2], tf.complex64), 0)


@cases.case("argmax and argmin never pick a NaN")
def _(tf: Any) -> Any:
    nan, inf = float("nan"), float("inf")
    x = tf.constant([[nan, 1.5, -6.0, 2.5], [1.0, nan, 1.0, 0.5], [nan, nan, nan, nan],
                     [nan, -inf, inf, nan]], tf.float64)
    return [tf.argmax(x, 1), tf.argmin(x, 1), tf.argmax(x, 0),
            tf.argmax(tf.constant([nan, -65504.0, 1.0], tf.float16))]


@cases.case("argmax along a vector's missing axis fails at run time")
def _(tf: Any) -> Any:
    return [tf.argmax(tf.constant([3, 1, 2]), 1)]


@cases.case("argmax of a scalar fails at run time")
def _(tf: Any) -> Any:
    return tf.argmin(tf.constant(2.5))


@cases.case("argmax along an empty axis names it as given")
def _(tf: Any) -> Any:
    return tf.argmax(tf.zeros([2, 0]), -1)


@cases.case("a reduction over axes of size 1 reduces nothing there: -0.0 stays")
def _(tf: Any) -> Any:
    return [tf.reduce_mean(tf.constant([[[0.88], [-0.0]]]), axis=2),
            tf.reduce_sum(tf.constant([[-0.0, 1.0]]), 0),
            tf.reduce_sum(tf.constant([[-0.0, 1.0]]), 0, keepdims=True),
            tf.reduce_prod(tf.constant([[-0.0], [2.0]]), [1, 0])]


# --- reduce_logsumexp ---------------------------------------------------------------------------
_LSE = np.array([[1.0, 2.0, 3.0], [-np.inf, -np.inf, -np.inf]], np.float32)


@cases.case("reduce_logsumexp over an axis builds TF's max-shifted ops", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2, 3])
    return Fetch(tf.reduce_logsumexp(x, axis=1), {x: _LSE})


@cases.case("reduce_logsumexp of every axis is a scalar", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.reduce_logsumexp(tf.constant([[1.0, 2.0], [3.0, 4.0]]))


@cases.case("reduce_logsumexp with keepdims adds the max back without a reshape", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.reduce_logsumexp(tf.constant(_LSE), axis=1, keepdims=True)


@cases.case("reduce_logsumexp of large values does not overflow", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.reduce_logsumexp(tf.constant([1000.0, 1000.0, -1000.0], tf.float64))


@cases.case("reduce_logsumexp of an unknown rank is a scalar without axis", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    return Fetch(tf.reduce_logsumexp(x), {x: np.ones((2, 2), np.float32)})


@cases.case("reduce_logsumexp with the deprecated keep_dims and reduction_indices", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.reduce_logsumexp(tf.constant(_LSE[:1]), reduction_indices=[1], keep_dims=True)


@cases.case("reduce_logsumexp of ints fails on IsFinite's dtype")
def _(tf: Any) -> Any:
    return tf.reduce_logsumexp(tf.constant([1, 2]))


@cases.case("math.is_finite of inf, nan and numbers")
def _(tf: Any) -> Any:
    return tf.math.is_finite(tf.constant([1.0, np.inf, -np.inf, np.nan], tf.float64))


@cases.case("math.is_finite of ints fails on its dtype")
def _(tf: Any) -> Any:
    return tf.math.is_finite(tf.constant([1, 2]))


@cases.case("math.reduce_logsumexp is the same function", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.math.reduce_logsumexp(tf.constant([[1.0, 2.0]]), axis=-1)


@cases.case("reduce_sum given keepdims and keep_dims fails naming the old one first")
def _(tf: Any) -> Any:
    return tf.reduce_sum(tf.ones([2, 3]), 1, keepdims=True, keep_dims=True)


@cases.case("reduce_mean given axis and reduction_indices fails naming the old one first")
def _(tf: Any) -> Any:
    return tf.reduce_mean(tf.ones([2, 3]), axis=1, reduction_indices=[1])


@cases.case("argmax given axis and dimension fails naming the old one first")
def _(tf: Any) -> Any:
    return tf.argmax(tf.ones([2, 3]), axis=1, dimension=1)


@cases.case("argmax of a numpy integer axis fails as TF's dtype test does")
def _(tf: Any) -> Any:
    return tf.argmax(tf.ones([2, 3]), np.int64(1))


@cases.case("argmin of a numpy int32 axis builds: TF checks only argmax's axis")
def _(tf: Any) -> Any:
    return tf.argmin(tf.ones([2, 3]), np.int32(0))


@cases.case("argmax of a bool axis converts it after a first failed try")
def _(tf: Any) -> Any:
    return Fetch(probe=str(tf.argmax(tf.placeholder(tf.float32, [2, 3]), True)))


@cases.case("argmin of a float axis fails in ArgMin's conversion")
def _(tf: Any) -> Any:
    return tf.argmin(tf.ones([2, 3]), 1.5)


@cases.case("argmax of a float axis fails in TF's argmax check")
def _(tf: Any) -> Any:
    return tf.argmax(tf.ones([2, 3]), 1.5)
