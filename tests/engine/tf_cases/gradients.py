"""``tf.gradients``: the subgraph it builds (every op's name and type, in creation order),
the gradients' names, shapes, dtypes and values, for each family's ops: broadcasting from
static and from run-time shapes, aggregation with AddN, unconnected and non-differentiable
paths, reductions, matmul, the MLP ops."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("gradients")
R = np.random.default_rng(7)
A23 = R.standard_normal((2, 3)).astype(np.float32)
B23 = R.standard_normal((2, 3)).astype(np.float32)
P23 = (R.random((2, 3)) + 0.5).astype(np.float32)
A23_64 = R.standard_normal((2, 3))
X24 = (np.arange(8, dtype=np.float32).reshape(2, 4) / 8)
W43 = np.linspace(-1, 1, 12).reshape(4, 3).astype(np.float32)


def grads(ys: Any, xs: Any, tf: Any, feed: Any = None, **kwargs: Any) -> Fetch:
    """Run the gradients that exist; the probe says which are None."""
    out = tf.gradients(ys, xs, **kwargs)
    return Fetch([g for g in out if g is not None], feed or {},
                 probe=[None if g is None else g.name for g in out])


@cases.case("mul with broadcasting from static shapes")
def _(tf: Any) -> Any:
    x, y = tf.constant([[1.0, 2.0, 3.0]]), tf.constant([[1.0], [2.0]])
    return grads(x * y, [x, y], tf)


@cases.case("mul of equal shapes needs no reduction")
def _(tf: Any) -> Any:
    x, y = tf.constant([1.0, 2.0, 3.0]), tf.constant([3.0, 4.0, 5.0])
    return grads(x * y, [x, y], tf)


@cases.case("mul of float64 equal shapes")
def _(tf: Any) -> Any:
    x, y = tf.constant(A23_64), tf.constant(A23_64 * 2)
    return grads(x * y, [x, y], tf)


@cases.case("mul with a batch of unknown size reduces by run-time shapes")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.constant([3.0, 4.0, 5.0])
    return grads(x * y, [x, y], tf, {x: A23})


@cases.case("add and sub with unknown shapes use BroadcastGradientArgs")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None])
    y = tf.placeholder(tf.float32, [None])
    return grads([x + y, x - y], [x, y], tf, {x: A23, y: A23[0]})


@cases.case("a tensor used twice sums its gradients with AddN")
def _(tf: Any) -> Any:
    x = tf.constant(2.0)
    return grads(x * x + x, x, tf)


@cases.case("an unconnected x gets None")
def _(tf: Any) -> Any:
    x, y = tf.constant(2.0), tf.constant(3.0)
    return grads(x * 2.0, [x, y], tf)


@cases.case("an unconnected x gets zeros when asked")
def _(tf: Any) -> Any:
    x, y = tf.constant(2.0), tf.constant([3.0, 4.0])
    return grads(x * 2.0, [x, y], tf, unconnected_gradients="zero")


@cases.case("grad_ys weight the ys")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    return grads([x * 3.0, tf.square(x)], x, tf, grad_ys=[tf.constant(B23), 2 * tf.ones([2, 3])])


@cases.case("a comparison is not differentiable")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    return grads(tf.cast(x > 0, tf.float32) * x, x, tf)


@cases.case("an integer path carries no gradient")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    return grads(tf.cast(tf.cast(x, tf.int32), tf.float32) + x, x, tf)


@cases.case("reductions: sum, sum over an axis, mean", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    return grads([tf.reduce_sum(x), tf.reduce_sum(x, 1), tf.reduce_mean(x, 0)], x, tf)


@cases.case("reductions of a batch of unknown size", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    return grads([tf.reduce_sum(x, 0), tf.reduce_mean(x), tf.reduce_max(x, 1),
                  tf.reduce_min(x, 0, keepdims=True)], x, tf, {x: A23})


@cases.case("the same reduction twice reuses the cached shapes")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    return grads([tf.reduce_sum(x, 1), tf.reduce_sum(x * 2.0, 1)], x, tf)


@cases.case("unary functions", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(P23)
    ys = [tf.exp(x), tf.log(x), tf.sqrt(x), tf.rsqrt(x), tf.square(x), tf.abs(x - 1.0),
          tf.tanh(x), tf.sigmoid(x), tf.reciprocal(x), tf.sin(x), tf.cos(x), tf.log1p(x),
          -x, tf.sign(x), tf.floor(x)]
    return grads(ys, x, tf)


@cases.case("each unary function alone", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(P23)
    out = []
    for f in (tf.exp, tf.log, tf.sqrt, tf.rsqrt, tf.square, tf.tanh, tf.sigmoid, tf.reciprocal,
              tf.sin, tf.cos, tf.log1p, tf.abs, tf.negative):
        out += tf.gradients(f(x), x)
    return out


@cases.case("binary arithmetic with broadcasting", rtol=2e-6)
def _(tf: Any) -> Any:
    x, y = tf.constant(P23), tf.constant(P23[0] + 1.0)
    return grads([x / y, tf.pow(x, y), tf.maximum(x, y), tf.minimum(x, y),
                  tf.squared_difference(x, y), tf.math.floormod(x, y)], [x, y], tf)


@cases.case("matmul, transposed and not", rtol=2e-6)
def _(tf: Any) -> Any:
    a, b = tf.constant(A23), tf.constant(B23)
    return grads([tf.matmul(a, b, transpose_b=True), tf.matmul(a, b, transpose_a=True)],
                 [a, b], tf)


@cases.case("an MLP's loss: matmul, bias_add, relu, softmax cross-entropy, mean", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4])
    w, b = tf.constant(W43), tf.constant(np.ones(3, np.float32))
    h = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b))
    labels = tf.placeholder(tf.float32, [None, 3])
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=h))
    return grads(loss, [w, b], tf, {x: X24, labels: np.eye(3, dtype=np.float32)[:2]})


@cases.case("sparse softmax cross-entropy and the activations", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A23 * 4)
    labels = tf.constant([2, 0])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)
    acts = [tf.nn.relu6(x), tf.nn.elu(x), tf.nn.leaky_relu(x), tf.nn.softplus(x),
            tf.nn.softmax(x), tf.nn.log_softmax(x), tf.nn.l2_loss(x)]
    return grads([loss, *acts], x, tf)


@cases.case("reshape, transpose, expand_dims, squeeze, identity")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    ys = [tf.reshape(x, [3, 2]) * tf.constant(B23.reshape(3, 2)), tf.transpose(x),
          tf.expand_dims(x, 0), tf.squeeze(tf.reshape(x, [1, 2, 3])), tf.identity(x)]
    return grads(ys, x, tf)


@cases.case("stop_gradients holds a tensor constant")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    y = x * 2.0
    return grads(y * x, x, tf, stop_gradients=[y])


@cases.case("gradients of gradients", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(P23)
    (g,) = tf.gradients(tf.tanh(x) * x, x)
    return grads(g, x, tf)


@cases.case("a second call is scoped gradients_1")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    tf.gradients(x * x, x)
    return grads(x * 3.0, x, tf)


@cases.case("gradients of an integer y")
def _(tf: Any) -> Any:
    x = tf.constant([1, 2])
    return grads(x * 2, x, tf)


@cases.case("gradients with respect to variables flow through their reads", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(X24)
    w = tf.Variable(W43, name="w")
    b = tf.Variable(np.ones(3, np.float32), name="b")
    loss = tf.reduce_mean(tf.square(tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b))))
    out = tf.gradients(loss, [w, b])
    return Fetch(out, probe=[g.name for g in out], before=[tf.global_variables_initializer()])


@cases.case("gate_gradients groups each op's input gradients in a tuple", rtol=2e-6)
def _(tf: Any) -> Any:
    x, y = tf.constant([[1.0, 2.0, 3.0]]), tf.constant([[1.0], [2.0]])
    return grads(tf.tanh(x * y), [x, y], tf, gate_gradients=True)


@cases.case("the tree aggregation sums pairwise")
def _(tf: Any) -> Any:
    x = tf.constant(2.0)
    return grads(x * x + x * 3.0 + tf.square(x), x, tf, aggregation_method=1)


@cases.case("too few grad_ys is an error")
def _(tf: Any) -> Any:
    x = tf.constant(1.0)
    return tf.gradients([x * 2.0, x * 3.0], x, grad_ys=[tf.constant(1.0)])


@cases.case("a complex y needs grad_ys")
def _(tf: Any) -> Any:
    x = tf.constant([1 + 2j])
    return tf.gradients(x * x, x)


@cases.case("a boolean grad_y for a float y is an error")
def _(tf: Any) -> Any:
    x = tf.constant(1.0)
    return tf.gradients(x * 2.0, x, grad_ys=tf.constant(True))


@cases.case("inside a name scope, with a name", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    with tf.name_scope("train"):
        first = tf.gradients(x * x, x)
        second = tf.gradients(tf.tanh(x), x, name="tanh_grads")
    return Fetch(first + second, probe=[t.name for t in first + second])


@cases.case("the gradient of x with respect to itself is the seed")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    return grads([x, x * 2.0], [x, x], tf)


@cases.case("the same y twice counts twice", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    y = tf.sin(x)
    return grads([y, y], x, tf)


@cases.case("a y that does not depend on x", rtol=1e-6)
def _(tf: Any) -> Any:
    x, z = tf.constant(A23), tf.constant(B23)
    return grads([tf.exp(z), x * z], [x, z], tf)


@cases.case("batch matmul with broadcast batch dimensions", rtol=2e-6)
def _(tf: Any) -> Any:
    r = np.random.default_rng(21)  # its own: the values must not depend on earlier cases
    a = tf.constant(r.standard_normal((2, 1, 2, 3)).astype(np.float32))
    b = tf.constant(r.standard_normal((4, 3, 2)).astype(np.float32))
    c = tf.placeholder(tf.float32, [None, 3, 2])
    return grads([tf.matmul(a, b), tf.matmul(a, c, adjoint_a=False)], [a, b, c], tf,
                 {c: r.standard_normal((4, 3, 2)).astype(np.float32)})


@cases.case("losses a model uses: sigmoid cross-entropy, MSE, l2 regularization", rtol=2e-6)
def _(tf: Any) -> Any:
    logits = tf.placeholder(tf.float32, [None, 3])
    labels = tf.constant((A23 > 0).astype(np.float32))
    w = tf.constant(W43)
    xent = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))
    mse = tf.reduce_mean(tf.square(tf.matmul(tf.constant(X24), w) - logits), axis=0,
                         keepdims=True)
    loss = xent + tf.reduce_sum(mse) + 0.01 * tf.nn.l2_loss(w)
    return grads(loss, [logits, w], tf, {logits: A23})


@cases.case("softmax along axis 0 and log_softmax of a batch", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.nn.softmax(x, axis=0) * tf.constant(B23) + tf.nn.log_softmax(x)
    return grads(y, x, tf, {x: A23})


@cases.case("a residual block: matmul, bias_add, tanh, add, concat and a slice", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.constant(W43)
    b = tf.constant(np.zeros(3, np.float32))
    h = tf.tanh(tf.nn.bias_add(tf.matmul(x, w), b))
    z = tf.concat([h, x[:, :1]], 1) + tf.reduce_mean(x, 1, keepdims=True)
    return grads(tf.reduce_sum(z * z), [x, w, b], tf, {x: X24})


@cases.case("stop_gradient holds its input constant")
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    y = tf.stop_gradient(x * 2.0, name="frozen")
    return grads([y * x, tf.stop_gradient(x)], x, tf)


@cases.case("reduce_prod: TF's permutation and exclusive cumulative products", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(P23)
    z = tf.constant([[1.0, 0.0, 3.0], [0.0, 0.0, 2.0]])
    return grads([tf.reduce_prod(x, 1), tf.reduce_prod(x), tf.reduce_prod(z, 0, keepdims=True)],
                 [x, z], tf)


@cases.case("cumsum, cumprod and div_no_nan", rtol=2e-6)
def _(tf: Any) -> Any:
    x = tf.constant(P23)
    raw = tf.raw_ops
    ys = [raw.Cumsum(x=x, axis=1, exclusive=True), raw.Cumprod(x=x, axis=0, reverse=True),
          raw.DivNoNan(x=x, y=tf.constant([1.0, 0.0, 2.0]))]
    return grads(ys, x, tf)
