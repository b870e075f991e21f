"""``tf.nn.batch_normalization`` (TF's composite: Rsqrt, Mul, Sub, AddV2 in ``batchnorm``),
``tf.nn.fused_batch_norm`` (one FusedBatchNormV3; empty mean and variance in training) and
``tf.nn.weighted_cross_entropy_with_logits``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("batch_norms")


def _r(*shape: int, seed: int = 0, low: float = -1.0) -> np.ndarray:
    return np.random.RandomState(seed).uniform(low, 1, shape).astype("float32")


@cases.case("batch_normalization with offset and scale, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(4, 3))
    mean, var = tf.nn.moments(x, [0])
    offset, scale = tf.constant(_r(3, seed=1)), tf.constant(_r(3, seed=2))
    y = tf.nn.batch_normalization(x, mean, var, offset, scale, 1e-3)
    return [y, *tf.gradients(tf.reduce_sum(y * y), [x, offset, scale])]


@cases.case("batch_normalization without offset or scale, named", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 4, 4, 3))
    y = tf.nn.batch_normalization(x, _r(3, seed=1), _r(3, seed=2, low=0.1), None, None, 0.01,
                                  name="bn")
    return y


@cases.case("batch_normalization of float64 with float32 statistics")
def _(tf: Any) -> Any:
    return tf.nn.batch_normalization(tf.constant(_r(2, 3).astype("float64")),
                                     tf.constant(_r(3, seed=1)), tf.constant(_r(3, seed=2)),
                                     None, None, 0.1)


@cases.case("batch_normalization of an unknown shape", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32)
    y = tf.nn.batch_normalization(p, 0.5, 2.0, 0.1, 3.0, 1e-3)
    return Fetch(y, feed={p: _r(2, 3)}, probe=str(y))


@cases.case("fused_batch_norm in training, with gradients", rtol=1e-4)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 3, 3, 4))
    scale, offset = tf.constant(_r(4, seed=1)), tf.constant(_r(4, seed=2))
    y, mean, var = tf.nn.fused_batch_norm(x, scale, offset)
    return [y, mean, var, *tf.gradients(tf.reduce_sum(y * y), [x, scale, offset])]


@cases.case("fused_batch_norm in inference, NCHW", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2, 3, 2, 2])  # (TF folds an op of constants)
    y, mean, var = tf.nn.fused_batch_norm(x, _r(3, seed=1), _r(3, seed=2), mean=_r(3, seed=3),
                                          variance=_r(3, seed=4, low=0.1), epsilon=0.01,
                                          data_format="NCHW", is_training=False)
    grads = tf.gradients(tf.reduce_sum(y * y), [x, y.op.inputs[1]])
    return Fetch([y, mean, var, *grads], feed={x: _r(2, 3, 2, 2)})


@cases.case("fused_batch_norm with a running average factor", rtol=1e-4)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [4, 2, 2, 2])  # (TF folds an op of constants)
    out = tf.nn.fused_batch_norm(p, _r(2, seed=1), _r(2, seed=2), mean=_r(2, seed=3),
                                 variance=_r(2, seed=4, low=0.1), exponential_avg_factor=0.25)
    return Fetch(list(out), feed={p: _r(4, 2, 2, 2)})


@cases.case("fused_batch_norm in inference without statistics")
def _(tf: Any) -> Any:
    return list(tf.nn.fused_batch_norm(_r(2, 2, 2, 2), _r(2), _r(2), is_training=False))


@cases.case("fused_batch_norm of an unknown batch", rtol=1e-4)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 2, 2, 3])
    y, mean, var = tf.nn.fused_batch_norm(p, _r(3, seed=1), _r(3, seed=2))
    return Fetch([y, mean, var], feed={p: _r(3, 2, 2, 3)}, probe=str(y))


@cases.case("weighted_cross_entropy_with_logits, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    logits = tf.constant(_r(3, 4) * 3)
    labels = tf.constant((_r(3, 4, seed=1) > 0).astype("float32"))
    y = tf.nn.weighted_cross_entropy_with_logits(labels=labels, logits=logits, pos_weight=2.5)
    return [y, *tf.gradients(tf.reduce_sum(y), [logits, labels])]


@cases.case("weighted_cross_entropy_with_logits of numpy arrays, targets=, named", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.weighted_cross_entropy_with_logits(targets=_r(2, 2, seed=1), logits=_r(2, 2),
                                                    pos_weight=_r(2, seed=3), name="wxe")


@cases.case("weighted_cross_entropy_with_logits of shapes that do not match")
def _(tf: Any) -> Any:
    return tf.nn.weighted_cross_entropy_with_logits(labels=_r(2, 3), logits=_r(3, 2),
                                                    pos_weight=1.5)
