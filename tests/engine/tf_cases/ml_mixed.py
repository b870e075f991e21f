"""More of the machine-learning ops, mixed as models mix them: name scopes, negative axes,
fed shapes and indices, int64 indices, and the composites' names inside scopes."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("ml_mixed")
X = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7


def _dims(t: Any) -> Any:
    return None if t.shape.rank is None else t.shape.as_list()


@cases.case("a dense layer inside a name scope", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.name_scope("layer1"):
        w = tf.constant(np.ones((4, 2), np.float32) / 3, name="w")
        h = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), [0.5, -10.0]))
        out = tf.nn.softmax(h)
    return Fetch([out, tf.reduce_sum(out, axis=-1)], {x: X[0, :, :]})


@cases.case("negative axes everywhere", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(X)
    return [tf.concat([x, x], -2), tf.stack([x, x], axis=-1), tf.reduce_max(x, -1),
            tf.argmin(x, -2), tf.squeeze(tf.expand_dims(x, -1), [-1]),
            tf.gather(x, [2, 0], axis=-1), tf.nn.softmax(x, axis=1)]


@cases.case("fed shapes, multiples and permutations")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3, 4])
    s = tf.placeholder(tf.int32, [3])
    m = tf.placeholder(tf.int32, [3])
    p = tf.placeholder(tf.int32, [3])
    feed = {x: X, s: [4, 3, 2], m: [1, 2, 1], p: [2, 0, 1]}
    outs = [tf.reshape(x, s), tf.tile(x, m), tf.transpose(x, p), tf.fill(s, 1.5)]
    return Fetch(outs, feed, probe=[_dims(t) for t in outs])


@cases.case("gather with int64 indices and a fed axis")
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.int32, [])
    x = tf.constant(X)
    idx = tf.constant([1, 0], tf.int64)
    out = tf.gather(x, idx, axis=a)
    return Fetch([out, tf.gather(x, idx)], {a: 1}, probe=_dims(out))


@cases.case("the last dimension of a partly known shape is a known value")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    n = tf.shape(x)[-1]
    y = tf.reshape(tf.zeros([6]), [-1, n])
    return Fetch([n, y], {x: np.zeros((5, 3), np.float32)}, probe=_dims(y))


@cases.case("ranges of floats and of negative steps")
def _(tf: Any) -> Any:
    return [tf.range(5, dtype=tf.float32), tf.range(10, 0, -3), tf.range(-1.5, 1.0, 0.5),
            tf.range(3, dtype=tf.int64)]


@cases.case("one_hot along the first axis with float values")
def _(tf: Any) -> Any:
    i = tf.placeholder(tf.int32, [None])
    return Fetch(tf.one_hot(i, 3, on_value=2.5, off_value=-1.0, axis=0), {i: [2, 0, 1, 7]})


@cases.case("where with a scalar condition picks a whole tensor")
def _(tf: Any) -> Any:
    x = tf.constant(X[0])
    return [tf.where(tf.constant(True), x, -x), tf.where(tf.constant(False), x, -x)]


@cases.case("bias_add with channels first")
def _(tf: Any) -> Any:
    x = tf.constant(X.reshape(1, 2, 3, 4))
    return tf.nn.bias_add(x, tf.constant([1.0, 2.0]), data_format="NCHW")


@cases.case("l2_loss and softmax of float64", rtol=1e-12)
def _(tf: Any) -> Any:
    x = tf.constant(X.astype(np.float64))
    return [tf.nn.l2_loss(x), tf.nn.log_softmax(x), tf.nn.softmax(x, axis=0)]


@cases.case("reversing and striding unknown dimensions")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, 4])
    outs = [x[::-1], x[:, ::-2, 1:], x[-1, ..., ::3], x[..., tf.newaxis, :2]]
    return Fetch(outs, {x: X}, probe=[_dims(t) for t in outs])


@cases.case("reductions of a tensor of unknown rank, with keepdims")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, None)
    outs = [tf.reduce_sum(x, 0, keepdims=True), tf.reduce_mean(x, keepdims=True),
            tf.reduce_any(x > 1.0), tf.argmax(x, 1)]
    return Fetch(outs, {x: X}, probe=[_dims(t) for t in outs])


@cases.case("add_n and concat with names")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0])
    return [tf.add_n([a, a], name="total"), tf.concat([a, a], 0, name="joined"),
            tf.stack([a, a], name="stacked"), tf.add_n([a], name="alone")]


@cases.case("zeros and ones of integer and bool dtypes, like of ints")
def _(tf: Any) -> Any:
    x = tf.constant([[1, 2], [3, 4]])
    return [tf.zeros([2, 2], tf.int64), tf.ones([3], tf.bool), tf.ones_like(x),
            tf.zeros_like(x, dtype=tf.float32), tf.zeros((2, 1)), tf.ones(3)]


@cases.case("a convolutional block: conv, bias, relu, pool, flatten", rtol=1e-5)
def _(tf: Any) -> Any:
    rng = np.random.default_rng(4)
    x = tf.placeholder(tf.float32, [None, 6, 6, 2])
    f = tf.constant(rng.standard_normal((3, 3, 2, 3)).astype(np.float32))
    h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, f, strides=1, padding="SAME"),
                                  [0.1, 0.2, 0.3]))
    p = tf.nn.max_pool(h, ksize=2, strides=2, padding="VALID")
    flat = tf.reshape(p, [-1, 27])
    feed = {x: rng.standard_normal((2, 6, 6, 2)).astype(np.float32)}
    return Fetch([flat, tf.reduce_mean(tf.nn.avg_pool(h, 3, 3, "SAME"))], feed,
                 probe=[_dims(flat), _dims(p)])


@cases.case("sparse cross-entropy of a batch of unknown size, then its mean", rtol=1e-6)
def _(tf: Any) -> Any:
    logits = tf.placeholder(tf.float32, [None, 3])
    labels = tf.placeholder(tf.int32, [None])
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                        logits=logits))
    return Fetch(loss, {logits: X[0, :, :3], labels: [0, 2, 1]})


@cases.case("sigmoid cross-entropy inside a scope", rtol=1e-6)
def _(tf: Any) -> Any:
    with tf.name_scope("loss"):
        out = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([[1.0, 0.0]]),
                                                      logits=tf.constant([[2.0, -1.0]]))
    return out


@cases.case("a mismatched reshape of fed values fails at run time")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4])
    return Fetch(tf.reshape(x, [-1, 3]), {x: np.zeros((2, 4), np.float32)})


@cases.case("a reduction axis given as a float fails")
def _(tf: Any) -> Any:
    return tf.reduce_sum(tf.ones([2, 3]), 1.0)
