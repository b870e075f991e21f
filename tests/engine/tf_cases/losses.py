"""``tf.compat.v1.losses``: the ops each loss builds (weight checks, ``num_present``,
``value``), names, static shapes, values for every ``Reduction``, weights that broadcast or
do not, label smoothing, the loss collections, and the gradients through each loss."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("losses")

LABELS = [[1.0, 2.0, 0.0], [3.0, 4.0, -1.0]]
PREDICTIONS = [[1.5, 2.0, 0.5], [2.0, 5.0, 1.5]]
PROBS = [[0.9, 0.2, 0.6], [0.1, 0.7, 0.4]]
BINARY = [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]
ONEHOT = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]


def _collected(tf: Any, loss: Any) -> Fetch:
    return Fetch(loss, probe=[t.name for t in tf.losses.get_losses()])


REGRESSIONS = {
    "mean_squared_error": lambda tf, **kw: tf.losses.mean_squared_error(
        tf.constant(LABELS), tf.constant(PREDICTIONS), **kw),
    "absolute_difference": lambda tf, **kw: tf.losses.absolute_difference(
        tf.constant(LABELS), tf.constant(PREDICTIONS), **kw),
    "huber_loss": lambda tf, **kw: tf.losses.huber_loss(
        tf.constant(LABELS), tf.constant(PREDICTIONS), **kw),
    "log_loss": lambda tf, **kw: tf.losses.log_loss(
        tf.constant(BINARY), tf.constant(PROBS), **kw),
    "hinge_loss": lambda tf, **kw: tf.losses.hinge_loss(
        tf.constant(BINARY), tf.constant(PREDICTIONS), **kw),
    "sigmoid_cross_entropy": lambda tf, **kw: tf.losses.sigmoid_cross_entropy(
        tf.constant(BINARY), tf.constant(PREDICTIONS), **kw),
    "softmax_cross_entropy": lambda tf, **kw: tf.losses.softmax_cross_entropy(
        tf.constant(ONEHOT), tf.constant(PREDICTIONS), **kw),
    "sparse_softmax_cross_entropy": lambda tf, **kw: tf.losses.sparse_softmax_cross_entropy(
        tf.constant([1, 0]), tf.constant(PREDICTIONS), **kw),
}

#: weights by the loss's per-element shape: a scalar, a column, a full tensor with zeros
WEIGHTS = {
    "scalar": lambda tf, full: 0.5,
    "column": lambda tf, full: tf.constant([[2.0], [0.0]]) if full else tf.constant([2.0, 0.0]),
    "zeros inside": lambda tf, full: (tf.constant([[1.0, 0.0, 2.0], [0.0, 0.0, 3.0]]) if full
                                      else tf.constant([0.0, 3.0])),
}


def _loss_cases(label: str, build: Any) -> None:
    full = label not in ("softmax_cross_entropy", "sparse_softmax_cross_entropy")

    @cases.case(f"{label} builds TF's ops and joins the losses", rtol=1e-6)
    def _(tf: Any) -> Any:
        return _collected(tf, build(tf))

    for reduction in ("NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE"):
        @cases.case(f"{label} reduced by {reduction}", rtol=1e-6)
        def _(tf: Any, reduction: str = reduction) -> Any:
            return build(tf, reduction=getattr(tf.losses.Reduction, reduction))

    for kind, weights in WEIGHTS.items():
        @cases.case(f"{label} with {kind} weights", rtol=1e-6)
        def _(tf: Any, weights: Any = weights) -> Any:
            return build(tf, weights=weights(tf, full))

    @cases.case(f"{label}: gradients reach the inputs", rtol=1e-5)
    def _(tf: Any) -> Any:
        x = tf.Variable(np.array(PREDICTIONS, np.float32) * 0.3, name="x")
        loss = build_with(tf, label, x)
        grads = tf.gradients(loss, [x])
        return Fetch(grads, before=[tf.global_variables_initializer()])


def build_with(tf: Any, label: str, x: Any) -> Any:
    """The loss with ``x`` (a Variable) as its predictions or logits."""
    squashed = tf.sigmoid(x)
    targets = {
        "mean_squared_error": (LABELS, x), "absolute_difference": (LABELS, x),
        "huber_loss": (LABELS, x), "log_loss": (BINARY, squashed),
        "hinge_loss": (BINARY, x), "sigmoid_cross_entropy": (BINARY, x),
        "softmax_cross_entropy": (ONEHOT, x), "sparse_softmax_cross_entropy": ([1, 0], x),
    }
    labels, predictions = targets[label]
    return getattr(tf.losses, label)(tf.constant(labels), predictions,
                                     weights=tf.constant(0.5) if label == "hinge_loss" else 1.0)


for _label, _build in REGRESSIONS.items():
    _loss_cases(_label, _build)


@cases.case("huber_loss with a small delta", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.huber_loss(tf.constant(LABELS), tf.constant(PREDICTIONS), delta=0.3)


@cases.case("log_loss with a larger epsilon", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.log_loss(tf.constant(BINARY), tf.constant(PROBS), epsilon=0.01)


@cases.case("softmax_cross_entropy with label smoothing", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.softmax_cross_entropy(tf.constant(ONEHOT), tf.constant(PREDICTIONS),
                                           label_smoothing=0.2)


@cases.case("sigmoid_cross_entropy with label smoothing", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.sigmoid_cross_entropy(tf.constant(BINARY), tf.constant(PREDICTIONS),
                                           label_smoothing=0.1)


@cases.case("sparse_softmax_cross_entropy squeezes a trailing label dimension", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.sparse_softmax_cross_entropy(
        tf.constant([[1], [0]]), tf.constant(PREDICTIONS), weights=tf.constant([[1.0], [2.0]]))


@cases.case("mean_squared_error of float64 inputs is float32", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.mean_squared_error(tf.constant(LABELS, tf.float64),
                                        tf.constant(PREDICTIONS, tf.float64))


@cases.case("softmax_cross_entropy of float64 logits is float64", rtol=1e-12)
def _(tf: Any) -> Any:
    return tf.losses.softmax_cross_entropy(tf.constant(ONEHOT, tf.float64),
                                           tf.constant(PREDICTIONS, tf.float64))


@cases.case("a loss with a batch of unknown size", rtol=1e-6)
def _(tf: Any) -> Any:
    y = tf.placeholder(tf.float32, [None, 3], name="y")
    p = tf.placeholder(tf.float32, [None, 3], name="p")
    loss = tf.losses.mean_squared_error(y, p, weights=2.0)
    return Fetch(loss, feed={y: LABELS, p: PREDICTIONS})


@cases.case("all weights zero give a zero loss", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.mean_squared_error(tf.constant(LABELS), tf.constant(PREDICTIONS),
                                        weights=0.0)


@cases.case("weights of another rank do not broadcast")
def _(tf: Any) -> Any:
    return tf.losses.mean_squared_error(tf.constant(LABELS), tf.constant(PREDICTIONS),
                                        weights=tf.constant([1.0, 2.0, 3.0]))


@cases.case("weights with a wrong dimension do not broadcast")
def _(tf: Any) -> Any:
    return tf.losses.mean_squared_error(tf.constant(LABELS), tf.constant(PREDICTIONS),
                                        weights=tf.constant([[1.0, 2.0]]))


@cases.case("labels and predictions of different shapes")
def _(tf: Any) -> Any:
    return tf.losses.absolute_difference(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0]))


@cases.case("an unknown reduction")
def _(tf: Any) -> Any:
    return tf.losses.mean_squared_error(tf.constant(LABELS), tf.constant(PREDICTIONS),
                                        reduction="average")


@cases.case("a missing labels argument")
def _(tf: Any) -> Any:
    return tf.losses.mean_squared_error(None, tf.constant(PREDICTIONS))


@cases.case("compute_weighted_loss of a tensor of losses", rtol=1e-6)
def _(tf: Any) -> Any:
    return _collected(tf, tf.losses.compute_weighted_loss(
        tf.constant([[1.0, 2.0], [3.0, 4.0]]), weights=tf.constant([[1.0], [0.5]])))


@cases.case("a loss in its own scope, kept out of the collection", rtol=1e-6)
def _(tf: Any) -> Any:
    loss = tf.losses.mean_squared_error(tf.constant(LABELS), tf.constant(PREDICTIONS),
                                        scope="my_loss", loss_collection=None)
    return _collected(tf, loss)


@cases.case("get_total_loss sums the losses and the regularization losses", rtol=1e-6)
def _(tf: Any) -> Any:
    a = tf.losses.mean_squared_error(tf.constant(LABELS), tf.constant(PREDICTIONS))
    tf.losses.add_loss(tf.constant(0.25, name="extra"))
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.5, name="reg"))
    total = tf.losses.get_total_loss()
    reg = tf.losses.get_regularization_loss()
    return Fetch([a, total, reg, tf.losses.get_total_loss(False, name="data_loss")],
                 probe=[[t.name for t in tf.losses.get_losses()],
                        [t.name for t in tf.losses.get_regularization_losses()]])


@cases.case("get_regularization_loss with none is a zero Const", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.get_regularization_loss()


@cases.case("get_total_loss with no losses")
def _(tf: Any) -> Any:
    return tf.losses.get_total_loss()


@cases.case("the Reduction names")
def _(tf: Any) -> Any:
    r = tf.losses.Reduction
    return Fetch(probe=[r.NONE, r.SUM, r.MEAN, r.SUM_OVER_BATCH_SIZE, r.SUM_BY_NONZERO_WEIGHTS,
                        r.SUM_OVER_NONZERO_WEIGHTS, list(r.all())])


@cases.case("minimizing a softmax cross-entropy", rtol=1e-5)
def _(tf: Any) -> Any:
    w = tf.Variable(np.linspace(-0.5, 0.5, 12).reshape(4, 3).astype(np.float32), name="w")
    x = tf.constant(np.array([[1.0, 0.5, -1.0, 2.0], [0.0, -1.5, 1.0, 0.5]], np.float32))
    loss = tf.losses.softmax_cross_entropy(tf.constant(ONEHOT), tf.matmul(x, w),
                                           label_smoothing=0.1)
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    return Fetch([loss, w], before=[tf.global_variables_initializer(), step, step, step])


UNIT = [[0.6, 0.8, 0.0], [0.0, 0.0, 1.0]]
UNIT_P = [[0.8, 0.6, 0.0], [0.0, 0.6, 0.8]]


@cases.case("cosine_distance along the last axis", rtol=1e-6)
def _(tf: Any) -> Any:
    return _collected(tf, tf.losses.cosine_distance(tf.constant(UNIT), tf.constant(UNIT_P),
                                                    axis=1))


@cases.case("cosine_distance with dim and weights, unreduced", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.cosine_distance(tf.constant(UNIT), tf.constant(UNIT_P), dim=1,
                                     weights=tf.constant([[2.0], [0.5]]),
                                     reduction=tf.losses.Reduction.NONE)


@cases.case("cosine_distance without an axis")
def _(tf: Any) -> Any:
    return tf.losses.cosine_distance(tf.constant(UNIT), tf.constant(UNIT_P))


@cases.case("mean_pairwise_squared_error", rtol=1e-6)
def _(tf: Any) -> Any:
    return _collected(tf, tf.losses.mean_pairwise_squared_error(tf.constant(LABELS),
                                                                tf.constant(PREDICTIONS)))


@cases.case("mean_pairwise_squared_error with row weights", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.losses.mean_pairwise_squared_error(tf.constant(LABELS), tf.constant(PREDICTIONS),
                                                 weights=tf.constant([[1.0], [0.0]]))


@cases.case("mean_pairwise_squared_error: gradient", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(PREDICTIONS)
    return tf.gradients(tf.losses.mean_pairwise_squared_error(tf.constant(LABELS), x), x)


@cases.case("weights whose shape is known only when running: TF's values")
def _(tf: Any) -> Any:
    """TF checks such weights with an Assert (control flow the engine does not build); the
    values are compared, built in a graph of their own."""
    with tf.Graph().as_default():
        y = tf.placeholder(tf.float32, [None, 3], name="y")
        p = tf.placeholder(tf.float32, [None, 3], name="p")
        w = tf.placeholder(tf.float32, [None, 1], name="w")
        losses = [tf.losses.mean_squared_error(y, p, weights=w),
                  tf.losses.absolute_difference(y, p, weights=w,
                                                reduction=tf.losses.Reduction.MEAN),
                  tf.losses.huber_loss(y, p, weights=w, reduction=tf.losses.Reduction.NONE)]
        with tf.Session() as sess:
            values = sess.run(losses, {y: LABELS, p: PREDICTIONS, w: [[2.0], [0.0]]})
    return Fetch(probe=[np.round(np.asarray(v, np.float64), 6).tolist() for v in values])
