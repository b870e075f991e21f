"""``clip_by_norm``, ``global_norm`` and ``clip_by_global_norm``: the ops TF builds, names,
shapes and values (over all axes and some, below and above the limit, a zero tensor, None
entries, IndexedSlices, a given norm), their gradients, errors, and clipping inside a
training step."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("clip_norms")

M = [[3.0, 4.0], [1.0, 2.0]]


@cases.case("clip_by_norm over every axis", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.clip_by_norm(tf.constant(M), 2.0)


@cases.case("clip_by_norm along an axis", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.clip_by_norm(tf.constant(M), 2.0, axes=[1])


@cases.case("clip_by_norm below the limit keeps the values", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.clip_by_norm(tf.constant(M), 100.0, name="kept")


@cases.case("clip_by_norm with a tensor limit", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.clip_by_norm(tf.constant(M), tf.constant(1.5))


@cases.case("clip_by_norm of a negative limit gives zeros", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.clip_by_norm(tf.constant(M), -1.0)


@cases.case("clip_by_norm of zeros: zeros and a zero gradient", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant([0.0, 0.0, 0.0])
    y = tf.clip_by_norm(x, 1.0)
    return [y, tf.gradients(tf.reduce_sum(y), x)[0]]


@cases.case("clip_by_norm: gradient", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(M)
    y = tf.clip_by_norm(x, 2.0, axes=[0])
    return tf.gradients(tf.reduce_sum(y * tf.constant([[1.0, -1.0], [2.0, 0.5]])), x)


@cases.case("clip_by_norm of IndexedSlices keeps the indices", rtol=1e-6)
def _(tf: Any) -> Any:
    s = tf.IndexedSlices(tf.constant([[3.0, 4.0]]), tf.constant([1]), tf.constant([3, 2]))
    c = tf.clip_by_norm(s, 1.0)
    return Fetch([c.values, c.indices, c.dense_shape], probe=type(c).__name__)


@cases.case("clip_by_norm of a limit that widens the tensor")
def _(tf: Any) -> Any:
    return tf.clip_by_norm(tf.constant([1.0, 2.0]), tf.constant([[1.0], [2.0]]))


@cases.case("global_norm skips None", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.global_norm([tf.constant([3.0, 4.0]), None, tf.constant(2.0)])


@cases.case("global_norm of float64 tensors", rtol=1e-12)
def _(tf: Any) -> Any:
    return tf.global_norm([tf.constant(M, tf.float64), tf.constant([1.0], tf.float64)],
                          name="norm")


@cases.case("global_norm of a string")
def _(tf: Any) -> Any:
    return tf.global_norm("weights")


@cases.case("clip_by_global_norm scales every tensor", rtol=1e-6)
def _(tf: Any) -> Any:
    clipped, norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0]), None, tf.constant(2.0)],
                                           1.0)
    return Fetch([clipped[0], clipped[2], norm], probe=[clipped[1] is None, norm.name])


@cases.case("clip_by_global_norm under the limit keeps the values", rtol=1e-6)
def _(tf: Any) -> Any:
    clipped, norm = tf.clip_by_global_norm([tf.constant(M)], 10.0, name="under")
    return [*clipped, norm]


@cases.case("clip_by_global_norm with a given norm", rtol=1e-6)
def _(tf: Any) -> Any:
    clipped, norm = tf.clip_by_global_norm([tf.constant(M), tf.constant([1.0])], 2.0,
                                           use_norm=tf.constant(4.0))
    return [*clipped, norm]


@cases.case("clip_by_global_norm of IndexedSlices", rtol=1e-6)
def _(tf: Any) -> Any:
    s = tf.IndexedSlices(tf.constant([[3.0, 4.0]]), tf.constant([1]), tf.constant([3, 2]))
    clipped, norm = tf.clip_by_global_norm([s, tf.constant([12.0])], 6.5)
    return Fetch([clipped[0].values, clipped[0].indices, clipped[1], norm],
                 probe=type(clipped[0]).__name__)


@cases.case("clip_by_global_norm of an infinite norm gives NaN")
def _(tf: Any) -> Any:
    clipped, norm = tf.clip_by_global_norm([tf.constant([np.inf, 1.0])], 1.0)
    return [*clipped, norm]


@cases.case("clip_by_global_norm: gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    a = tf.constant([3.0, 4.0])
    b = tf.constant([[1.0, -2.0]])
    clipped, _ = tf.clip_by_global_norm([a, b], 2.0)
    loss = tf.reduce_sum(clipped[0] * tf.constant([1.0, 2.0])) + tf.reduce_sum(clipped[1])
    return tf.gradients(loss, [a, b])


@cases.case("training with clipped gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    w = tf.Variable([[1.0, -2.0], [0.5, 3.0]], name="w")
    b = tf.Variable([0.1, -0.1], name="b")
    x = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - 1.0))
    opt = tf.train.GradientDescentOptimizer(0.1)
    grads, variables = zip(*opt.compute_gradients(loss))
    clipped, norm = tf.clip_by_global_norm(list(grads), 1.0)
    step = opt.apply_gradients(zip(clipped, variables))
    return Fetch([w, b, loss, norm], before=[tf.global_variables_initializer(), step, step])
