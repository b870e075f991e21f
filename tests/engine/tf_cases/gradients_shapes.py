"""Gradients of the differentiable ops under a batch of unknown size (the run-time ``Shape``
ops TF builds for them, and their names), what ``gradients`` is taken with respect to (a
Variable, its read, an intermediate), what it passes through (stop_gradient, identity,
control dependencies, integer ops, casts between float types) and its options
(``aggregation_method``, ``colocate_gradients_with_ops``, ``gate_gradients``, ``grad_ys`` of
another dtype)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("gradients_shapes")
XS = np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]], np.float32)
POS = np.abs(XS) + 0.5


def _batch(tf: Any, values: Any = XS, dtype: Any = None) -> tuple[Any, dict[Any, Any]]:
    x = tf.placeholder(dtype or tf.float32, [None, 3], name="x")
    return x, {x: values}


def _grad_case(label: str, build: Any, values: Any = XS, rtol: float = 2e-6) -> None:
    @cases.case(f"{label} of a batch of unknown size", rtol=rtol)
    def _(tf: Any) -> Any:
        x, feed = _batch(tf, values)
        y = build(tf, x)
        (g,) = tf.gradients(y, x)
        return Fetch([y, g], feed=feed, probe=[None if g is None else g.name])


_UNARY = {
    "square": lambda tf, x: tf.square(x), "exp": lambda tf, x: tf.exp(x),
    "tanh": lambda tf, x: tf.tanh(x), "sigmoid": lambda tf, x: tf.sigmoid(x),
    "relu": lambda tf, x: tf.nn.relu(x), "abs": lambda tf, x: tf.abs(x),
    "negative": lambda tf, x: -x, "softmax": lambda tf, x: tf.nn.softmax(x),
    "log_softmax": lambda tf, x: tf.nn.log_softmax(x),
    "reduce_sum over axis 1": lambda tf, x: tf.reduce_sum(x, axis=1),
    "reduce_mean over axis 0": lambda tf, x: tf.reduce_mean(x, axis=0),
    "reduce_mean of all": lambda tf, x: tf.reduce_mean(x),
    "reduce_max over axis 1": lambda tf, x: tf.reduce_max(x, axis=1),
    "reduce_prod over axis 1": lambda tf, x: tf.reduce_prod(x, axis=1),
    "reshape to -1": lambda tf, x: tf.reshape(x, [-1]),
    "transpose": lambda tf, x: tf.transpose(x),
    "expand_dims": lambda tf, x: tf.expand_dims(x, 1),
    "tile": lambda tf, x: tf.tile(x, [2, 1]),
    "concat with itself": lambda tf, x: tf.concat([x, x * 2.0], axis=1),
    "a slice": lambda tf, x: x[:, 1:],
    "gather along axis 1": lambda tf, x: tf.gather(x, [2, 0], axis=1),
    "matmul by a constant": lambda tf, x: tf.matmul(x, tf.constant(np.ones((3, 2), np.float32))),
    "bias_add": lambda tf, x: tf.nn.bias_add(x, tf.constant([1.0, 2.0, 3.0])),
    "maximum with a constant row": lambda tf, x: tf.maximum(x, tf.constant([0.0, 0.0, 1.0])),
    "div by a constant row": lambda tf, x: x / tf.constant([1.0, 2.0, 4.0]),
    "l2_loss": lambda tf, x: tf.nn.l2_loss(x),
    "squared_difference with a row": lambda tf, x: tf.squared_difference(
        x, tf.constant([1.0, 0.0, -1.0])),
    "where": lambda tf, x: tf.where(x > 0.0, x, x * 0.5),
}
for _label, _build in _UNARY.items():
    _grad_case(_label, _build)
_MORE = {
    "softplus": lambda tf, x: tf.nn.softplus(x), "elu": lambda tf, x: tf.nn.elu(x),
    "relu6": lambda tf, x: tf.nn.relu6(x * 4.0), "leaky_relu": lambda tf, x: tf.nn.leaky_relu(x),
    "erf": lambda tf, x: tf.math.erf(x), "sin and cos": lambda tf, x: tf.sin(x) * tf.cos(x),
    "atan2 with a row": lambda tf, x: tf.atan2(x, tf.constant([1.0, -2.0, 0.5])),
    "floor": lambda tf, x: tf.floor(x) + x, "round": lambda tf, x: tf.round(x) * x,
    "sign": lambda tf, x: tf.sign(x) * x, "floormod by a row": lambda tf, x: tf.floormod(
        x, tf.constant([1.0, 0.75, 2.0])),
    "minimum with a scalar": lambda tf, x: tf.minimum(x, 0.5),
    "clip_by_value": lambda tf, x: tf.clip_by_value(x, -1.0, 1.0),
    "reduce_min over axis 0": lambda tf, x: tf.reduce_min(x, axis=0),
    "reduce_logsumexp over axis 1": lambda tf, x: tf.reduce_logsumexp(x, axis=1),
    "reduce_sum keepdims": lambda tf, x: tf.reduce_sum(x, axis=1, keepdims=True) * x,
    "stack and unstack": lambda tf, x: tf.stack(tf.unstack(x, axis=1)[::-1], axis=1),
    "squeeze of expand_dims": lambda tf, x: tf.squeeze(tf.expand_dims(x, 2), [2]),
    "reverse": lambda tf, x: tf.reverse(x, [1]),
    "a reversed strided slice": lambda tf, x: x[::-1, ::2],
    "batch matmul": lambda tf, x: tf.matmul(tf.expand_dims(x, 2), tf.expand_dims(x, 1)),
    "add_n of three": lambda tf, x: tf.add_n([x, x * 2.0, tf.exp(x)]),
    "a scalar broadcast": lambda tf, x: x * tf.reduce_sum(x),
    "reduce_prod over axis 0": lambda tf, x: tf.reduce_prod(x, axis=0),
    "reduce_max over all": lambda tf, x: tf.reduce_max(x),
    "one_hot weighting": lambda tf, x: x * tf.one_hot([0, 2], 3)[:1],
    "expm1 and log1p": lambda tf, x: tf.math.expm1(x) + tf.log1p(x * x),
    "asinh and atan": lambda tf, x: tf.asinh(x) * tf.atan(x),
    "erfc": lambda tf, x: tf.math.erfc(x),
    "div_no_nan by itself": lambda tf, x: tf.div_no_nan(x, x + 1.0),
    "truediv of two batches": lambda tf, x: x / (x * x + 1.0),
    "squeeze of a batch of one column": lambda tf, x: tf.squeeze(x[:, :1], axis=1),
}
for _label, _build in _MORE.items():
    _grad_case(_label, _build)
_grad_case("sqrt", lambda tf, x: tf.sqrt(x), POS)
_grad_case("log", lambda tf, x: tf.log(x), POS)
_grad_case("rsqrt", lambda tf, x: tf.rsqrt(x), POS)
_grad_case("pow by 3", lambda tf, x: tf.pow(x, 3.0), POS)
_grad_case("reciprocal", lambda tf, x: tf.reciprocal(x), POS)


@cases.case("conv2d, max_pool and avg_pool of a batch of unknown size", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4, 4, 1], name="x")
    k = tf.constant(np.arange(8, dtype=np.float32).reshape(2, 2, 1, 2) / 8.0)
    c = tf.nn.conv2d(x, k, strides=[1, 1, 1, 1], padding="SAME")
    p = tf.nn.max_pool(c, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    a = tf.nn.avg_pool(c, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    y = tf.reduce_sum(p * a)
    values = np.linspace(-1.0, 1.0, 32, dtype=np.float32).reshape(2, 4, 4, 1)
    return Fetch(tf.gradients(y, [x, k]), feed={x: values})


@cases.case("conv2d of unknown height and width", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, None, 1], name="x")
    k = tf.constant(np.arange(4, dtype=np.float32).reshape(2, 2, 1, 1) / 4.0)
    y = tf.reduce_sum(tf.square(tf.nn.conv2d(x, k, strides=[1, 2, 2, 1], padding="SAME")))
    values = np.linspace(-1.0, 1.0, 18, dtype=np.float32).reshape(1, 3, 6, 1)
    return Fetch(tf.gradients(y, [x, k]), feed={x: values})


@cases.case("an embedding lookup of unknown batch gives IndexedSlices", rtol=2e-6)
def _(tf: Any) -> Any:
    table = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="table")
    ids = tf.placeholder(tf.int32, [None], name="ids")
    y = tf.reduce_sum(tf.square(tf.gather(table, ids)))
    (g,) = tf.gradients(y, table)
    dense = tf.convert_to_tensor(g)
    return Fetch([g.values, g.indices, g.dense_shape, dense], feed={ids: [3, 0, 3]},
                 before=[table.initializer], probe=[type(g).__name__, dense.name])


@cases.case("softmax cross-entropy of a batch of unknown size", rtol=2e-6)
def _(tf: Any) -> Any:
    x, feed = _batch(tf)
    labels = tf.placeholder(tf.float32, [None, 3], name="labels")
    feed[labels] = np.eye(3, dtype=np.float32)[[0, 2]]
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x))
    return Fetch(tf.gradients(loss, [x, labels]), feed=feed)


@cases.case("sparse softmax cross-entropy of a batch of unknown size", rtol=2e-6)
def _(tf: Any) -> Any:
    x, feed = _batch(tf)
    labels = tf.placeholder(tf.int32, [None], name="labels")
    feed[labels] = [1, 2]
    loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                        logits=x))
    return Fetch(tf.gradients(loss, x), feed=feed)


@cases.case("sigmoid cross-entropy of a batch of unknown size", rtol=2e-6)
def _(tf: Any) -> Any:
    x, feed = _batch(tf)
    labels = tf.placeholder(tf.float32, [None, 3], name="labels")
    feed[labels] = (XS > 0).astype(np.float32)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=x))
    return Fetch(tf.gradients(loss, [x, labels]), feed=feed)


@cases.case("an MLP of a batch of unknown size", rtol=2e-6)
def _(tf: Any) -> Any:
    x, feed = _batch(tf)
    w = tf.Variable(np.full((3, 4), 0.1, np.float32), name="w")
    b = tf.Variable(np.zeros(4, np.float32), name="b")
    h = tf.nn.relu(tf.matmul(x, w) + b)
    loss = tf.reduce_mean(tf.reduce_sum(tf.square(h), axis=1))
    return Fetch(tf.gradients(loss, [w, b]), feed=feed,
                 before=[tf.global_variables_initializer()])


@cases.case("a rank-unknown input", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, None, name="x")
    y = tf.reduce_sum(x * tf.constant([1.0, 2.0, 3.0]))
    return Fetch(tf.gradients(y, x), feed={x: XS})


# --- with respect to what ------------------------------------------------------------------
@cases.case("with respect to a Variable, its value() and an intermediate")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0], name="w")
    h = w * 3.0
    y = tf.reduce_sum(h * h)
    gs = tf.gradients(y, [w, w.value(), h])
    return Fetch(gs, before=[w.initializer], probe=[g.name for g in gs])


@cases.case("with respect to a new read_value() is None")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0], name="w")
    y = tf.reduce_sum(w * 3.0)
    gs = tf.gradients(y, [w.read_value(), w])
    return Fetch(None, probe=[None if g is None else g.name for g in gs])


@cases.case("with respect to the variable's reference tensor")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0], name="w")
    y = tf.reduce_sum(w * w)
    gs = tf.gradients(y, [w._ref()])
    return Fetch(gs, before=[w.initializer], probe=[g.name for g in gs])


@cases.case("through identity, stop_gradient on one path and a control dependency")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    a = tf.identity(x * 2.0)
    with tf.control_dependencies([a]):
        b = tf.identity(x * 3.0)
    y = tf.reduce_sum(a * tf.stop_gradient(b) + b)
    gs = tf.gradients(y, [x, a, b])
    return Fetch(gs, feed={x: [1.0, -2.0]})


@cases.case("through an integer op the gradient is None")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    i = tf.cast(x, tf.int32) * 2
    y = tf.reduce_sum(tf.cast(i, tf.float32)) + tf.reduce_sum(tf.cast(tf.argmax(x), tf.float32))
    return Fetch(None, probe=[None if g is None else g.name for g in tf.gradients(y, [x, i])])


@cases.case("through casts between float types", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    d = tf.cast(x, tf.float64)
    h = tf.cast(d * d, tf.float16)
    y = tf.reduce_sum(tf.cast(h, tf.float32)) + tf.reduce_sum(tf.cast(d, tf.float32))
    gs = tf.gradients(y, [x, d])
    return Fetch(gs, feed={x: [1.5, -2.0]}, probe=[g.dtype.name for g in gs])


@cases.case("through a cast to int and back the gradient is None")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.cast(tf.cast(x, tf.int64), tf.float32) * x
    return Fetch(tf.gradients(y, x), feed={x: [1.5, -2.0]})


# --- options -------------------------------------------------------------------------------
def _aggregation_case(label: str, method: Any) -> None:
    @cases.case(f"aggregation_method {label}", rtol=1e-6)
    def _(tf: Any) -> Any:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        y = tf.reduce_sum(x * 2.0) + tf.reduce_sum(x * x) + tf.reduce_sum(tf.exp(x))
        m = method(tf)
        return Fetch(tf.gradients(y, x, aggregation_method=m),
                     feed={x: [[1.0, 2.0], [0.5, -1.0]]})


_aggregation_case("ADD_N", lambda tf: tf.AggregationMethod.ADD_N)
_aggregation_case("DEFAULT", lambda tf: tf.AggregationMethod.DEFAULT)
_aggregation_case("EXPERIMENTAL_TREE", lambda tf: tf.AggregationMethod.EXPERIMENTAL_TREE)
_aggregation_case("EXPERIMENTAL_ACCUMULATE_N",
                  lambda tf: tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)
_aggregation_case("as the integer 2", lambda tf: 2)


@cases.case("colocate_gradients_with_ops builds the same ops", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.reduce_sum(tf.tanh(x) * x)
    return Fetch(tf.gradients(y, x, colocate_gradients_with_ops=True),
                 feed={x: [[1.0, 2.0]]})


@cases.case("gate_gradients groups each op's gradients", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.constant([[1.0], [2.0]])
    y = tf.reduce_sum(tf.matmul(x, w) * x[:, :1])
    return Fetch(tf.gradients(y, [x], gate_gradients=True), feed={x: [[1.0, 2.0]]})


@cases.case("a float64 grad_y for a float32 y is an error")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    return tf.gradients(x * 2.0, x, grad_ys=tf.constant([1.0, 1.0], tf.float64))


@cases.case("an int32 grad_y for a float32 y is an error")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    return tf.gradients(x * 2.0, x, grad_ys=tf.constant([1, 1]))


@cases.case("a grad_y of another shape is taken as given", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    return Fetch(tf.gradients(x * 2.0, x, grad_ys=tf.constant(3.0)), feed={x: [1.0, 2.0]})


@cases.case("a float16 y with a float16 grad_y", rtol=1e-3)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float16, [2], name="x")
    return Fetch(tf.gradients(x * x, x, grad_ys=tf.constant([1.0, 2.0], tf.float16)),
                 feed={x: np.array([1.0, 2.0], np.float16)})
