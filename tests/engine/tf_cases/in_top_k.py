"""``tf.nn.in_top_k``: one InTopKV2 (ties counted as TF counts them, out-of-range targets and
non-finite predictions false), its inference and kernel checks, and no gradient."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("in_top_k")


@cases.case("in_top_k of constants, with ties")
def _(tf: Any) -> Any:
    p = np.array([[0.1, 0.8, 0.8, 0.0], [0.5, 0.2, 0.2, 0.2], [0.3, 0.3, 0.3, 0.3]], "float32")
    return [tf.nn.in_top_k(p, [1, 2, 3], 1), tf.nn.in_top_k(p, [2, 1, 0], 2, name="top2")]


@cases.case("in_top_k of out-of-range targets and non-finite predictions")
def _(tf: Any) -> Any:
    p = np.array([[0.1, np.nan, 0.2], [0.5, 0.2, np.inf], [0.1, 0.2, 0.3]], "float32")
    return tf.nn.in_top_k(p, np.array([4, 0, -1], np.int64), 3)


@cases.case("in_top_k with a k tensor and an unknown batch")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 3])
    t = tf.placeholder(tf.int32, [None])
    k = tf.placeholder(tf.int32, [])
    y = tf.nn.in_top_k(p, t, k)
    return Fetch(y, feed={p: np.array([[1, 2, 3], [3, 2, 1]], "float32"), t: [0, 0], k: 2},
                 probe=str(y))


@cases.case("in_top_k with k of 0 and k above the classes")
def _(tf: Any) -> Any:
    p = np.array([[1, 2, 3]], "float32")
    return [tf.nn.in_top_k(p, [2], 0), tf.nn.in_top_k(p, [0], 5)]


@cases.case("in_top_k of a batch that does not match")
def _(tf: Any) -> Any:
    return tf.nn.in_top_k(np.ones([2, 3], "float32"), [0, 1, 2], 1)


@cases.case("in_top_k of rank 1 predictions")
def _(tf: Any) -> Any:
    return tf.nn.in_top_k(np.ones([3], "float32"), [0], 1)


@cases.case("in_top_k of float64 predictions")
def _(tf: Any) -> Any:
    return tf.nn.in_top_k(np.ones([1, 3]), [0], 1)


@cases.case("in_top_k has no gradient")
def _(tf: Any) -> Any:
    p = tf.constant(np.ones([1, 3], "float32"))
    y = tf.cast(tf.nn.in_top_k(p, [0], 1), tf.float32)
    return [y, *[g for g in tf.gradients(y, [p]) if g is not None]]


@cases.case("in_top_k fed a batch that does not match")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 3])
    t = tf.placeholder(tf.int32, [None])
    return Fetch(tf.nn.in_top_k(p, t, 1), feed={p: np.ones([2, 3], "float32"), t: [0, 1, 2]})


@cases.case("in_top_k fed a negative k")
def _(tf: Any) -> Any:
    k = tf.placeholder(tf.int32, [])
    return Fetch(tf.nn.in_top_k(np.ones([1, 3], "float32"), [0], k), feed={k: -1})
