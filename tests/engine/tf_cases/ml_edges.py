"""Edges of the machine-learning ops: tensors where numbers usually go, empty lists, integer
inputs to float ops, explicit strided slices, broadcasting to another tensor's shape."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("ml_edges")
X = np.arange(12, dtype=np.float32).reshape(2, 2, 3) - 5


def _dims(t: Any) -> Any:
    return None if t.shape.rank is None else t.shape.as_list()


@cases.case("shapes built from tensors", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 2, 3])
    a = tf.placeholder(tf.int32, [])
    outs = [tf.reshape(x, tf.stack([tf.shape(x)[0], -1])), tf.concat([x, x], a),
            tf.expand_dims(x, axis=tf.constant(0)), tf.tile(x, [tf.shape(x)[0], 1, 1]),
            tf.fill(tf.shape(x), 0.5), tf.broadcast_to(tf.constant([1.0, 2.0, 3.0]),
                                                       tf.shape(x))]
    return Fetch(outs, {x: X, a: 2}, probe=[_dims(t) for t in outs])


@cases.case("reductions over several axes of unknown dims", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, 3])
    outs = [tf.reduce_mean(x, axis=[0, 1]), tf.reduce_prod(x, 2, keepdims=True),
            tf.argmax(x, tf.constant(2)), tf.reduce_min(x, [-1, 0])]
    return Fetch(outs, {x: X}, probe=[_dims(t) for t in outs])


@cases.case("indices and slices of a partly known tensor")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 5])
    outs = [x[:, -1], tf.strided_slice(x, [0], [-1]), tf.slice(x, [0, 1], [-1, 2]),
            tf.squeeze(tf.expand_dims(x, 1), axis=1), tf.transpose(x, perm=[1, 0])]
    feed = {x: np.arange(10, dtype=np.float32).reshape(2, 5)}
    return Fetch(outs, feed, probe=[_dims(t) for t in outs])


@cases.case("one_hot, range and gather with tensor arguments")
def _(tf: Any) -> Any:
    x = tf.constant(X[0])
    return [tf.one_hot(tf.constant([[1, 2]]), depth=tf.constant(3)), tf.range(tf.constant(3.0)),
            tf.gather(x, tf.constant([[0, 1], [1, 0]])), tf.size(x, out_type=tf.int64)]


@cases.case("integer inputs to the float ops")
def _(tf: Any) -> Any:
    x = tf.constant([[1, -2, 3]])
    return [tf.nn.relu(x), tf.nn.relu6(tf.constant([7, -1, 3], tf.int64)),
            tf.reduce_mean(x), tf.argmax(tf.constant([3, 9, 2], tf.int64))]


@cases.case("softmax cross-entropy of integer labels casts them", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant([[0, 1, 0]]),
                                                      logits=tf.constant([[1.0, 2.0, 0.5]]))


@cases.case("a tensor of unknown rank through array ops")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, None)
    outs = [tf.rank(x), tf.shape(x), tf.size(x), tf.zeros_like(x), tf.expand_dims(x, 0),
            tf.squeeze(x), tf.reshape(x, [-1]), tf.concat([x, x], 0), tf.nn.relu(x),
            tf.transpose(x, [1, 0, 2])]
    return Fetch(outs, {x: X}, probe=[_dims(t) for t in outs])


@cases.case("pooling with strides larger than the window")
def _(tf: Any) -> Any:
    x = tf.constant(np.arange(50, dtype=np.float32).reshape(1, 5, 5, 2))
    return [tf.nn.max_pool(x, ksize=2, strides=3, padding="SAME"),
            tf.nn.avg_pool(x, ksize=[1, 2, 3, 1], strides=[1, 3, 2, 1], padding="SAME")]


@cases.case("bias_add of rank 3 and relu6 of float64")
def _(tf: Any) -> Any:
    return [tf.nn.bias_add(tf.constant(X), [1.0, 2.0, 3.0]),
            tf.nn.relu6(tf.constant(X.astype(np.float64) * 2))]


@cases.case("stacking nothing fails")
def _(tf: Any) -> Any:
    return tf.stack([])


@cases.case("add_n of nothing fails")
def _(tf: Any) -> Any:
    return tf.add_n([])


@cases.case("l2_loss of integers fails")
def _(tf: Any) -> Any:
    return tf.nn.l2_loss(tf.constant([1, 2]))


@cases.case("argmax along a fed axis out of range fails at run time")
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.int32, [])
    return Fetch(tf.argmax(tf.constant(X), a), {a: 3})


@cases.case("where with x and y of one shape and a condition of another fails")
def _(tf: Any) -> Any:
    return tf.where(tf.ones([2, 2], tf.bool), tf.ones([2, 3]), tf.ones([2, 3]))
