"""Local response normalization: ``tf.nn.lrn`` (``local_response_normalization``), one LRN op,
and its gradient LRNGrad; TF's inference and kernel checks."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("lrn")


def _r(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype("float32")


@cases.case("lrn with TF's defaults, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 3, 3, 8))
    y = tf.nn.lrn(x)
    return [y, *tf.gradients(tf.reduce_sum(y * y), [x])]


@cases.case("local_response_normalization with its parameters, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(1, 2, 2, 6) * 3)
    y = tf.nn.local_response_normalization(x, depth_radius=2, bias=2.0, alpha=1e-2, beta=0.75,
                                           name="norm1")
    return [y, *tf.gradients(tf.reduce_sum(y * tf.constant(_r(1, 2, 2, 6, seed=1))), [x])]


@cases.case("lrn of a radius wider than the depth, float16", rtol=2e-3)
def _(tf: Any) -> Any:
    return tf.nn.lrn(_r(1, 1, 2, 3).astype("float16"), depth_radius=4, alpha=0.5)


@cases.case("lrn of an unknown shape", rtol=1e-6)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32)
    y = tf.nn.lrn(p, 1)
    return Fetch(y, feed={p: _r(1, 1, 1, 3)}, probe=str(y))


@cases.case("lrn of a rank 3 input")
def _(tf: Any) -> Any:
    return tf.nn.lrn(_r(2, 3, 4))


@cases.case("lrn fed a rank 3 input")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32)
    return Fetch(tf.nn.lrn(p), feed={p: _r(2, 3, 4)})


@cases.case("lrn of float64", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.nn.lrn(_r(1, 1, 1, 3).astype("float64"))


@cases.case("lrn of int32", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.nn.lrn(np.ones([1, 1, 1, 3], np.int32))
