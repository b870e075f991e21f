"""``tf.nn.sufficient_statistics``, ``normalize_moments``, ``weighted_moments``,
``log_poisson_loss`` and ``relu_layer``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("moments")


def _r(*shape: int, seed: int = 0, low: float = -1.0) -> np.ndarray:
    return np.random.RandomState(seed).uniform(low, 1, shape).astype("float32")


@cases.case("sufficient_statistics and normalize_moments, known shape", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(_r(3, 4, 2))
    counts, m_ss, v_ss, shift = tf.nn.sufficient_statistics(x, [0, 2])
    mean, var = tf.nn.normalize_moments(counts, m_ss, v_ss, shift)
    return [counts, m_ss, v_ss, mean, var, *tf.gradients(tf.reduce_sum(var), [x])]


@cases.case("sufficient_statistics with a shift, kept dims, unknown shape", rtol=1e-6)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 3])
    counts, m_ss, v_ss, shift = tf.nn.sufficient_statistics(p, [-2], shift=0.5, keepdims=True,
                                                            name="ss")
    mean, var = tf.nn.normalize_moments(counts, m_ss, v_ss, shift, name="nm")
    return Fetch([counts, m_ss, v_ss, shift, mean, var], feed={p: _r(4, 3)}, probe=str(counts))


@cases.case("weighted_moments, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(4, 3))
    w = tf.constant(_r(4, 1, seed=1, low=0.0))
    mean, var = tf.nn.weighted_moments(x, [0], w)
    return [mean, var, *tf.gradients(tf.reduce_sum(mean + var), [x, w])]


@cases.case("weighted_moments of float16 with zero weights, kept dims", rtol=2e-3)
def _(tf: Any) -> Any:
    x = _r(2, 3).astype("float16")
    return list(tf.nn.weighted_moments(x, [1], np.array([[0.0], [2.0]]), keep_dims=True,
                                       name="wm"))


@cases.case("log_poisson_loss, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    c = tf.constant(_r(2, 3))
    z = tf.constant(_r(2, 3, seed=1, low=0.0) * 3)
    y = tf.nn.log_poisson_loss(z, c)
    return [y, *tf.gradients(tf.reduce_sum(y), [c, z])]


@cases.case("log_poisson_loss, full, named", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.log_poisson_loss(_r(2, 3, seed=1, low=0.0) * 3, _r(2, 3),
                                  compute_full_loss=True, name="lp")


@cases.case("log_poisson_loss of shapes that do not match")
def _(tf: Any) -> Any:
    return tf.nn.log_poisson_loss(_r(2, 3), _r(3, 2))


@cases.case("relu_layer, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 3))
    w, b = tf.constant(_r(3, 4, seed=1)), tf.constant(_r(4, seed=2))
    y = tf.nn.relu_layer(x, w, b)
    return [y, *tf.gradients(tf.reduce_sum(y * y), [x, w, b])]


@cases.case("relu_layer of numpy arrays, named", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.relu_layer(_r(2, 3), _r(3, 4, seed=1), _r(4, seed=2), name="hidden")


@cases.case("sufficient_statistics with both keep_dims and keepdims")
def _(tf: Any) -> Any:
    return tf.nn.sufficient_statistics(_r(2, 3), [0], keep_dims=True, keepdims=True)[1]
