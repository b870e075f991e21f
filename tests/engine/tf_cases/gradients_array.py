"""``tf.gradients`` through the array, convolution and pooling ops: the subgraph's ops (names
and types) and the gradients' values."""

from __future__ import annotations

from typing import Any

import numpy as np

from .gradients import grads
from .harness import Cases

cases = Cases("gradients_array")
R = np.random.default_rng(11)
A23 = R.standard_normal((2, 3)).astype(np.float32)
A234 = R.standard_normal((2, 3, 4)).astype(np.float32)
IMG = R.standard_normal((2, 6, 6, 3)).astype(np.float32)
FILT = R.standard_normal((3, 3, 3, 4)).astype(np.float32)


@cases.case("tile and broadcast_to", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    w = tf.constant(R.standard_normal((4, 6)).astype(np.float32))
    v = tf.constant(A23[:1])
    return grads([tf.tile(x, [2, 2]) * w, tf.broadcast_to(v, [4, 3])], [x, v], tf)


@cases.case("concat, stack and their pieces", rtol=1e-6)
def _(tf: Any) -> Any:
    x, y = tf.constant(A23), tf.constant(A23 * 2)
    w = tf.constant(R.standard_normal((2, 6)).astype(np.float32))
    return grads([tf.concat([x, y], 1) * w, tf.stack([x, y], axis=1) * 3.0], [x, y], tf)


@cases.case("concat of a batch of unknown size uses ShapeN")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.constant(A23)
    return grads(tf.concat([x, y], 0) * 2.0, [x, y], tf, {x: A23})


@cases.case("slice and strided slice", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A234)
    return grads([tf.slice(x, [0, 1, 1], [2, 2, 2]) * 2.0, x[:, 1], x[1, ::2, 1:]], x, tf)


@cases.case("conv2d, max_pool and avg_pool", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = tf.constant(IMG), tf.constant(FILT)
    y = tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="SAME")
    p = tf.nn.max_pool(y, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    q = tf.nn.avg_pool(y, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME")
    return grads([tf.reduce_sum(p * p), tf.reduce_sum(q * 2.0)], [x, f], tf)


@cases.case("strided valid conv2d", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = tf.constant(IMG), tf.constant(FILT)
    y = tf.nn.conv2d(x, f, strides=[1, 2, 2, 1], padding="VALID")
    return grads(tf.reduce_sum(y * y), [x, f], tf)
