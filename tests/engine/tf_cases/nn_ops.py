"""``tf.nn``: activations, softmax and log_softmax, bias_add, l2_loss and the cross-entropy
losses — the ops the composite functions create (names and types), shapes, values, errors."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("nn_ops")
V = np.array([[-3.0, -0.5, -0.0, 0.0, 0.5, 7.0], [100.0, -100.0, 2.0, -2.0, 6.0, 1e-3]],
             np.float32)
LOGITS = np.array([[1.0, 2.0, 3.0, 0.5], [-1.0, 0.0, 4.0, 2.0], [0.1, 0.2, 0.3, 0.4]],
                  np.float32)
LABELS = np.array([[0.0, 0.0, 1.0, 0.0], [0.5, 0.5, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]],
                  np.float32)


@cases.case("activations", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(V)
    return [tf.nn.relu(x), tf.nn.relu6(x), tf.nn.elu(x), tf.nn.leaky_relu(x),
            tf.nn.leaky_relu(x, alpha=0.5), tf.nn.softplus(x), tf.nn.sigmoid(x), tf.nn.tanh(x)]


@cases.case("relu of nan and of integers")
def _(tf: Any) -> Any:
    return [tf.nn.relu(tf.constant([float("nan"), -1.0])), tf.nn.relu(tf.constant([-3, 4])),
            tf.nn.relu6(tf.constant([float("nan"), 9.0]))]


@cases.case("leaky_relu of integers casts to float", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.nn.leaky_relu(tf.constant([-3, 4]))


@cases.case("softmax and log_softmax", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(LOGITS)
    return [tf.nn.softmax(x), tf.nn.log_softmax(x), tf.nn.softmax(tf.constant([1000.0, 0.0]))]


@cases.case("softmax along another axis transposes there and back", rtol=2e-6)
def _(tf: Any) -> Any:
    return tf.nn.softmax(tf.constant(LOGITS), axis=0)


@cases.case("log_softmax of a batch of unknown size", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4])
    return Fetch(tf.nn.log_softmax(x), {x: LOGITS})


@cases.case("softmax of integers fails")
def _(tf: Any) -> Any:
    return tf.nn.softmax(tf.ones([2, 3], tf.int32))


@cases.case("softmax of a scalar fails")
def _(tf: Any) -> Any:
    return tf.nn.softmax(tf.constant(1.0))


@cases.case("relu of strings fails")
def _(tf: Any) -> Any:
    return tf.nn.relu(tf.constant(["a"]))


@cases.case("bias_add to the last and to the channel dimension")
def _(tf: Any) -> Any:
    x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2))
    return [tf.nn.bias_add(x, [10.0, 20.0]), tf.nn.bias_add(x, [1.0, 2.0, 3.0],
                                                           data_format="NCHW")]


@cases.case("bias_add with an unknown batch")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    return Fetch(tf.nn.bias_add(x, tf.constant([1.0, 2.0, 3.0])), {x: LOGITS[:, :3]})


@cases.case("bias_add of a bias of the wrong length fails")
def _(tf: Any) -> Any:
    return tf.nn.bias_add(tf.ones([2, 3]), tf.ones([2]))


@cases.case("bias_add to a vector fails")
def _(tf: Any) -> Any:
    return tf.nn.bias_add(tf.ones([3]), tf.ones([3]))


@cases.case("l2_loss", rtol=1e-6)
def _(tf: Any) -> Any:
    return [tf.nn.l2_loss(tf.constant(LOGITS)), tf.nn.l2_loss(tf.constant(3.0))]


@cases.case("softmax cross-entropy v2", rtol=2e-6)
def _(tf: Any) -> Any:
    return tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant(LABELS),
                                                      logits=tf.constant(LOGITS))


@cases.case("softmax cross-entropy v2 with an unknown batch", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.float32, [None, 4])
    return Fetch(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x),
                 {x: LOGITS, y: LABELS})


@cases.case("softmax cross-entropy v2 of rank 3", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(np.stack([LOGITS, LOGITS * 2]))
    y = tf.constant(np.stack([LABELS, LABELS[::-1]]))
    return tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x)


@cases.case("softmax cross-entropy v2 along axis 0", rtol=2e-6)
def _(tf: Any) -> Any:
    return tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant(LABELS.T),
                                                      logits=tf.constant(LOGITS.T), axis=0)


@cases.case("softmax cross-entropy v2 of shapes that do not fit fails")
def _(tf: Any) -> Any:
    return tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.ones([2, 3]),
                                                      logits=tf.ones([2, 4]))


@cases.case("sparse softmax cross-entropy", rtol=2e-6)
def _(tf: Any) -> Any:
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([2, 0, 3]),
                                                          logits=tf.constant(LOGITS))


@cases.case("sparse softmax cross-entropy with an unknown batch", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.int64, [None])
    return Fetch(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x),
                 {x: LOGITS, y: [1, 1, 0]})


@cases.case("sparse softmax cross-entropy of rank 3", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(np.stack([LOGITS[:2], LOGITS[1:]]))
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[0, 1], [2, 3]]),
                                                          logits=x)


@cases.case("sparse softmax cross-entropy with a label out of range fails at run time")
def _(tf: Any) -> Any:
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([2, 0, 4]),
                                                          logits=tf.constant(LOGITS))


@cases.case("sparse softmax cross-entropy of mismatched ranks fails")
def _(tf: Any) -> Any:
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[2]]),
                                                          logits=tf.constant(LOGITS))


@cases.case("sigmoid cross-entropy", rtol=2e-6)
def _(tf: Any) -> Any:
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(LABELS),
                                                   logits=tf.constant(LOGITS * 10))


@cases.case("sigmoid cross-entropy of shapes that do not fit fails")
def _(tf: Any) -> Any:
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones([2, 3]), logits=tf.ones([3]))


@cases.case("a losses' backprop output has the features' shape")
def _(tf: Any) -> Any:
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant(LABELS),
                                                      logits=tf.constant(LOGITS))
    op = loss.op.inputs[0].op
    return Fetch(None, probe=[op.type, [str(t.shape) for t in op.outputs], len(op.outputs)])


@cases.case("the MLP forward pass of the benchmark", rtol=1e-5)
def _(tf: Any) -> Any:
    rng = np.random.default_rng(7)
    x = tf.placeholder(tf.float32, [None, 8])
    w1 = tf.constant(rng.standard_normal((8, 5)).astype(np.float32))
    b1 = tf.constant(rng.standard_normal(5).astype(np.float32))
    w2 = tf.constant(rng.standard_normal((5, 3)).astype(np.float32))
    b2 = tf.constant(rng.standard_normal(3).astype(np.float32))
    y = tf.placeholder(tf.float32, [None, 3])
    h = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w1), b1))
    logits = tf.nn.bias_add(tf.matmul(h, w2), b2)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    feed = {x: rng.standard_normal((4, 8)).astype(np.float32),
            y: np.eye(3, dtype=np.float32)[[0, 2, 1, 1]]}
    return Fetch([loss, tf.argmax(logits, 1)], feed)


@cases.case("softmax over a negative axis adds the rank tensor, then takes it modulo", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(np.arange(12.0, dtype=np.float32).reshape([4, 3, 1]) / 4)
    return [tf.nn.softmax(x, axis=-3), tf.nn.log_softmax(x[:, :, 0], axis=-2, name="ls")]


@cases.case("softmax over another axis than the last of an unknown rank fails as TF's")
def _(tf: Any) -> Any:
    return tf.nn.softmax(tf.placeholder(tf.float32), axis=0)


@cases.case("softmax and log_softmax of nothing are nothing")
def _(tf: Any) -> Any:
    return [tf.nn.log_softmax(tf.zeros([0, 2]), axis=0), tf.nn.softmax(tf.zeros([0, 2])),
            tf.nn.log_softmax(tf.zeros([2, 0])), tf.nn.softmax(tf.zeros([2, 0]))]


@cases.case("softmax cross-entropy of no classes or no rows", rtol=1e-6)
def _(tf: Any) -> Any:
    return [tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([0]), logits=tf.zeros([0])),
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 0]),
                                                       logits=tf.zeros([2, 0]))]


@cases.case("softmax cross-entropy of labels that do not broadcast fails when it runs")
def _(tf: Any) -> Any:
    labels = tf.placeholder(tf.float32)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=tf.zeros([2, 1]))
    return Fetch(loss, {labels: np.ones([3, 1], np.float32)})


@cases.case("sparse softmax cross-entropy of no classes fails when it runs")
def _(tf: Any) -> Any:
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[0], [0], [0]]),
                                                          logits=tf.zeros([3, 1, 0]))


@cases.case("sparse softmax cross-entropy beside a -inf logit", rtol=1e-12)
def _(tf: Any) -> Any:
    logits = tf.constant([[3.89, -0.35, -np.inf, 0.96]], tf.float64)
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([3]), logits=logits)


@cases.case("softmax cross-entropy broadcasts a row of fed labels to the logits", rtol=1e-6)
def _(tf: Any) -> Any:
    labels = tf.placeholder(tf.float32, [None, None])
    logits = tf.constant([[1.81, -2.13, 4.43], [1.0, 2.0, 3.0]])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    return Fetch(loss, {labels: [[0.1, 0.2, 0.7]]})


@cases.case("bias_add of a fed vector fails when it runs, also beside another op")
def _(tf: Any) -> Any:
    x, b = tf.placeholder(tf.float32), tf.placeholder(tf.float32, [3])
    return Fetch(tf.nn.relu(tf.nn.bias_add(x, b)), {x: [1.0, 2.0, 3.0], b: [1.0, 2.0, 3.0]})


@cases.case("bias_add of another fed size fails when it runs, also beside another op")
def _(tf: Any) -> Any:
    x, b = tf.placeholder(tf.float32, [None, None]), tf.placeholder(tf.float32, [None])
    return Fetch(tf.nn.relu(tf.nn.bias_add(x, b)), {x: [[1.0], [2.0]], b: [1.0, 2.0, 3.0]})


# --- moments, xw_plus_b, the v1 softmax loss ----------------------------------------------------
@cases.case("moments over the batch axis: mean, StopGradient'd variance, squeezed", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [3, 4])
    return Fetch(list(tf.nn.moments(x, axes=[0])), {x: LOGITS})


@cases.case("moments with keep_dims keeps the reduced axes and builds no Squeeze", rtol=1e-6)
def _(tf: Any) -> Any:
    return list(tf.nn.moments(tf.constant(LOGITS), axes=[0, 1], keep_dims=True))


@cases.case("moments over an unknown batch keeps the other dims", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4])
    return Fetch(list(tf.nn.moments(x, axes=[0], name="bn")), {x: LOGITS})


@cases.case("moments of float16 is computed in float32 and cast back", rtol=1e-3)
def _(tf: Any) -> Any:
    return list(tf.nn.moments(tf.constant(LOGITS.astype(np.float16)), axes=[1]))


@cases.case("moments with both keepdims spellings fails")
def _(tf: Any) -> Any:
    return list(tf.nn.moments(tf.constant(LOGITS), [0], keep_dims=True, keepdims=True))


@cases.case("xw_plus_b builds MatMul then BiasAdd named xw_plus_b", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.constant(LABELS.T[:, :2] + 0.5)
    return Fetch(tf.nn.xw_plus_b(x, w, [1.0, -1.0]), {x: LOGITS})


@cases.case("xw_plus_b with a bias of the wrong size fails")
def _(tf: Any) -> Any:
    return tf.nn.xw_plus_b(tf.constant(LOGITS), tf.ones([4, 2]), tf.ones([3]))


@cases.case("softmax_cross_entropy_with_logits (v1) stops the labels' gradient", rtol=1e-6)
def _(tf: Any) -> Any:
    x, y = tf.constant(LOGITS), tf.constant(LABELS)
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)
    gx, gy = tf.gradients(tf.reduce_sum(loss), [x, y])
    return Fetch([loss, gx], probe=gy)


@cases.case("softmax_cross_entropy_with_logits (v1) along dim 0 with a name", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant(LABELS.T),
                                                   logits=tf.constant(LOGITS.T), dim=0,
                                                   name="xent")


@cases.case("softmax_cross_entropy_with_logits (v1) without labels fails")
def _(tf: Any) -> Any:
    return tf.nn.softmax_cross_entropy_with_logits(logits=tf.constant(LOGITS))


@cases.case("softmax_cross_entropy_with_logits (v1) takes labels and logits by position",
            rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.nn.softmax_cross_entropy_with_logits(tf.constant(LABELS), tf.constant(LOGITS))


@cases.case("softmax_cross_entropy_with_logits (v1) with axis beside dim's default fails")
def _(tf: Any) -> Any:
    return tf.nn.softmax_cross_entropy_with_logits(labels=tf.constant(LABELS),
                                                   logits=tf.constant(LOGITS), axis=1)


@cases.case("moments and xw_plus_b: gradients of a normalised dense layer", rtol=1e-5)
def _(tf: Any) -> Any:
    x, w, b = tf.constant(LOGITS), tf.constant(LABELS.T[:, :2] + 0.5), tf.constant([0.5, -1.0])
    h = tf.nn.xw_plus_b(x, w, b)
    mean, var = tf.nn.moments(h, axes=[0])
    loss = tf.reduce_sum(mean * 2.0 + var * 3.0)
    return tf.gradients(loss, [x, w, b])
