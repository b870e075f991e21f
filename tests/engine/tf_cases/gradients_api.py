"""``tf.gradients``' arguments at their edges: literals given as ``ys``, ``xs`` or
``grad_ys`` (TF makes them Consts inside the gradient scope, ``y_0``, ``grad_y_0``), the
``name`` argument (``""`` is the root), one ``stop_gradients`` tensor not in a list, the
``AggregationMethod`` and ``UnconnectedGradients`` names, when a bad argument is found, and
a reference-typed ``y`` (an assignment's output)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("gradients_api")


def _names(gs: list[Any]) -> list[Any]:
    return [None if g is None else g.name for g in gs]


@cases.case("a literal y becomes the Const gradients/y_0")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [3], name="x")
    gs = tf.gradients(3.0, x)
    return Fetch(None, probe=_names(gs))


@cases.case("literal grad_ys become Consts gradients/grad_y_0, grad_y_1 before the seeds")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    y = x * 3.0
    gs = tf.gradients([y, y * 2.0], x, grad_ys=[[1.0, 2.0], [3.0, 4.0]])
    return Fetch(gs, feed={x: [1.0, 2.0]})


@cases.case("integer literal grad_ys for a float y")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    gs = tf.gradients(x * 3.0, x, grad_ys=[[1, 2]])
    return Fetch(None, probe=[str(g) for g in gs])


@cases.case("a literal x is a Const gradients/x_0 no y depends on")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    gs = tf.gradients(x * 3.0, [x, 2.0])
    return Fetch(None, probe=_names(gs))


@cases.case("name='' builds the gradients at the root, name=None under gradients")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    first = tf.gradients(x * 3.0, x, name=None)
    second = tf.gradients(x * 3.0, x, name="")
    return Fetch(first + second, feed={x: [1.0, 2.0]})


@cases.case("one stop_gradients tensor not in a list")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    a = tf.square(x)
    return Fetch(tf.gradients([a, a * x], x, stop_gradients=a), feed={x: [1.0, 2.0]})


@cases.case("an unknown aggregation_method fails once the seeds are built")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [3], name="x")
    return tf.gradients(x * x, x, aggregation_method=7)


@cases.case("AggregationMethod names the ways to sum")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [3], name="x")
    y = x * 1.0 + x * 2.0 + x * 3.0
    m = tf.AggregationMethod
    gs = (tf.gradients(y, x, aggregation_method=m.EXPERIMENTAL_TREE)
          + tf.gradients(y, x, aggregation_method=m.ADD_N)
          + tf.gradients(y, x, aggregation_method=m.EXPERIMENTAL_ACCUMULATE_N))
    return Fetch(gs, feed={x: [1.0, 2.0, 3.0]},
                 probe=[m.ADD_N, m.DEFAULT, m.EXPERIMENTAL_TREE, m.EXPERIMENTAL_ACCUMULATE_N])


@cases.case("UnconnectedGradients.ZERO gives zeros")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [2], name="x")
    u = tf.placeholder(tf.float32, [2], name="u")
    gs = tf.gradients(x * 2.0, [x, u], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return Fetch(gs, feed={x: [1.0, 2.0]},
                 probe=[tf.UnconnectedGradients.NONE.value, tf.UnconnectedGradients.ZERO.value])


@cases.case("the gradient of an assignment's reference output is None")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0], name="w")
    x = tf.placeholder(tf.float32, [2], name="x")
    gs = tf.gradients(tf.assign(w, x * 2.0), x)
    return Fetch(None, probe=_names(gs))


@cases.case("a gradient summed over no run-time axes keeps its signed zeros")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.one_hot(tf.argmax(x, -1), 4) * x
    gs = tf.gradients(tf.reduce_sum(y * y), x)
    return Fetch(gs, feed={x: [[1.0, -2.0, 0.5, -0.25], [-1.0, 3.0, -3.0, 0.0]]})


@cases.case("reductions over an empty list of axes give the input as it is")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, None, name="x")
    axes = tf.placeholder(tf.int32, None, name="axes")
    ys = [tf.reduce_sum(x, axes), tf.reduce_mean(x, axes), tf.reduce_prod(x, axes),
          tf.reduce_max(x, axes), tf.reduce_min(x, axes)]
    return Fetch(ys, feed={x: [-0.0, 1.0, -3.0], axes: np.zeros([0], np.int32)})


for _op in ("SqrtGrad", "RsqrtGrad", "ReciprocalGrad"):
    for _dtype in ("float32", "float64"):
        def _backprop(tf: Any, op: str = _op, dtype: str = _dtype) -> Any:
            y = tf.constant(np.array([0.0, 2.0, -1.5, np.inf, 0.5, 3.0, 0.0, 1e-3], dtype))
            dy = tf.constant(np.array([0.0, 0.0, 1.0, 0.0, -2.0, -0.0, 1.0, 3.0], dtype))
            return getattr(tf.raw_ops, op)(y=y, dy=dy)

        cases.case(f"{_op} of {_dtype} is 0 where dy is 0", rtol=1e-6)(_backprop)


@cases.case("the gradient of sqrt at 0 with a zero upstream gradient is 0, not NaN")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [3], name="x")
    y = tf.sqrt(x) * tf.constant([0.0, 1.0, 0.0]) + tf.reciprocal(x + 1.0) * 0.0
    return Fetch(tf.gradients(tf.reduce_sum(y), x), feed={x: [0.0, 4.0, 1.0]})


@cases.case("BroadcastGradientArgs of equal shapes reduces nothing, of others also 1-axes")
def _(tf: Any) -> Any:
    pairs = [([2, 1, 4], [2, 1, 4]), ([1, 4], [2, 1, 4]), ([1], [1]), ([1, 1], [3, 1]),
             ([], [1, 1]), ([3, 1], [1, 1]), ([2, 3], [3]), ([1, 1, 3], [1, 3])]
    graph = tf.get_default_graph()
    for i, (a, b) in enumerate(pairs):
        tf.raw_ops.BroadcastGradientArgs(s0=tf.constant(a, tf.int32),
                                         s1=tf.constant(b, tf.int32), name=f"args{i}")
    return [t for i in range(len(pairs)) for t in graph.get_operation_by_name(f"args{i}").outputs]


@cases.case("a product of run-time shapes with a 1-axis keeps the gradient's -0.0")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float64, [None, 1, 4], name="x")
    y = tf.placeholder(tf.float64, [None, 1, 4], name="y")
    gs = tf.gradients(x * y, [x, y])
    zeros = np.array([[[-0.0, 0.0, 1.0, -2.0]], [[3.0, -0.0, 0.5, 0.0]]])
    return Fetch(gs, feed={x: zeros, y: -zeros})


@cases.case("reductions along axes of size 1 add nothing: -0.0 stays")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float64, None, name="x")
    axes = tf.placeholder(tf.int32, None, name="axes")
    value = np.array([[[-0.0, 0.0, -0.0]]])
    ys = [tf.reduce_sum(x, axes), tf.reduce_sum(x, axes, keepdims=True), tf.reduce_mean(x, axes),
          tf.reduce_prod(x, axes), tf.reduce_max(x, axes)]
    return Fetch(ys, feed={x: value, axes: [0, 1]})


@cases.case("sparse softmax cross-entropy with -inf and huge logits and its gradient")
def _(tf: Any) -> Any:
    logits = tf.placeholder(tf.float64, [None, 5], name="logits")
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0, 3]),
                                                          logits=logits)
    grads = tf.gradients(tf.reduce_sum(loss), logits)
    value = np.array([[-3.0, 1e30, -np.inf, 7.0, 0.0], [1.0, 2.0, 7.0, -1.0, 0.5]])
    return Fetch([loss, *grads], feed={logits: value})


@cases.case("leaky_relu of float64 and its gradient use alpha as a 32-bit float")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float64, [None], name="x")
    y = tf.nn.leaky_relu(x, alpha=0.2)
    return Fetch([y, *tf.gradients(tf.reduce_sum(y * y), x)], feed={x: [-1.0, 2.0, -3.5]})


@cases.case("cumsum starts from +0 (no -0.0) and cumprod's gradient divides by x")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float64, [2, 5], name="x")
    value = np.array([[-np.inf, 7.0, 0.0, 1e30, 7.0], [7.0, 7.0, -0.0, -3.0, -1e-30]])
    sums = [tf.raw_ops.Cumsum(x=-tf.abs(x) * 0.0, axis=tf.constant(1), exclusive=e, reverse=r)
            for e in (False, True) for r in (False, True)]
    prod = tf.raw_ops.Cumprod(x=x, axis=tf.constant(1), exclusive=False, reverse=False)
    return Fetch([*sums, *tf.gradients(prod, x)], feed={x: value})
