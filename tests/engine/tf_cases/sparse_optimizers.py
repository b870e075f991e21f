"""The optimizers' sparse updates: a variable only gathered from gets an ``IndexedSlices``
gradient, and ``minimize`` updates its gathered rows, with the ops TF builds for a ref
variable (GradientDescent's ``ScatterSub``; the others' ``Unique`` + ``UnsortedSegmentSum``
deduplication, then ``SparseApplyMomentum``, ``SparseApplyRMSProp`` or Adam's assignments
and ``ScatterAdd``s), and the values after a few steps; plus the ops those updates use."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch
from .optimizers import OPTIMIZERS

cases = Cases("sparse_optimizers")
TABLE = np.random.default_rng(12).standard_normal((5, 3))
W32 = np.random.default_rng(13).standard_normal((3, 2))
IDS = [[1, 3], [1, 0], [4, 1]]


def _step_ops(step: Any) -> list[Any]:
    """Each update op the step waits for, and what it waits for in turn."""
    out = []
    for op in step.control_inputs:
        out.append([op.name, op.type, [t.name for t in op.inputs],
                    [c.name for c in op.control_inputs]])
    return out


def _sparse_case(label: str, dtype: Any, family: Cases = cases,
                 optimizers: dict[str, Any] = OPTIMIZERS) -> None:
    @family.case(f"{label} updates gathered rows ({np.dtype(dtype).name})", rtol=1e-5)
    def _(tf: Any) -> Any:
        emb = tf.Variable(TABLE.astype(dtype), name="embedding")
        w = tf.Variable(W32.astype(dtype), name="w")
        rows = tf.gather(emb, IDS)
        loss = tf.reduce_sum(tf.square(tf.matmul(tf.reduce_mean(rows, axis=1), w) - 0.5))
        opt = optimizers[label](tf)
        grads = opt.compute_gradients(loss)
        step = opt.apply_gradients(grads)
        slots = [opt.get_slot(emb, n) for n in opt.get_slot_names()]
        sparse = [type(g).__name__ == "IndexedSlices" for g, _ in grads]
        probe = [sparse, opt.get_slot_names(), _step_ops(step)]
        return Fetch([emb, w, loss, *slots], probe=probe,
                     before=[tf.global_variables_initializer(), step, step, step])


for _label in OPTIMIZERS:
    _sparse_case(_label, np.float32)
for _label in ("GradientDescent", "Momentum", "Adam", "RMSProp", "centered RMSProp"):
    _sparse_case(_label, np.float64)


@cases.case("apply_gradients takes hand-built IndexedSlices with repeated indices", rtol=1e-6)
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
    grad = tf.IndexedSlices(tf.constant([[1.0, 1.0], [2.0, -1.0], [0.5, 0.5]]),
                            tf.constant([2, 0, 2]), tf.constant([3, 2]))
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    step = opt.apply_gradients([(grad, v)])
    return Fetch([v, opt.get_slot(v, "momentum")], probe=_step_ops(step),
                 before=[tf.global_variables_initializer(), step, step])


@cases.case("gradient descent subtracts each repeated row", rtol=1e-6)
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="table")
    grad = tf.IndexedSlices(tf.constant([[1.0, 1.0], [2.0, 2.0]]), tf.constant([1, 1]),
                            tf.constant([2, 2]))
    step = tf.train.GradientDescentOptimizer(0.5).apply_gradients([(grad, v)])
    return Fetch([v], probe=_step_ops(step), before=[tf.global_variables_initializer(), step])


@cases.case("unique keeps the order of first occurrence")
def _(tf: Any) -> Any:
    u = tf.unique(tf.constant([3, 1, 3, 2, 1]))
    w = tf.unique(tf.constant([2.5, -0.0, 2.5, 0.0]), out_idx=tf.int64)
    return Fetch([u.y, u.idx, w.y, w.idx], probe=[type(u).__name__, list(u._fields)])


@cases.case("unique of a matrix fails")
def _(tf: Any) -> Any:
    return tf.unique(tf.constant([[1, 2]]))


@cases.case("unique has no gradient")
def _(tf: Any) -> Any:
    x = tf.constant([1.0, 2.0, 1.0])
    return tf.gradients(tf.reduce_sum(tf.unique(x)[0]), x)


@cases.case("scatter_add and scatter_sub add up repeated indices")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    a = tf.scatter_add(v, [1, 1], [[1.0, 1.0], [0.5, 0.5]])
    with tf.control_dependencies([a]):
        s = tf.scatter_sub(v, [0], [[2.0, 2.0]], name="down")
    return Fetch([s, v], probe=[str(a), str(s)], before=[tf.global_variables_initializer()])


@cases.case("scatter_add with an index out of range fails at run time")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    return Fetch([tf.scatter_add(v, [0, 5], [[1.0, 1.0], [1.0, 1.0]])],
                 before=[tf.global_variables_initializer()])


@cases.case("scatter_sub with rows of the wrong width fails")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    return tf.scatter_sub(v, [0, 0], [[1.0, 1.0, 3.0], [1.0, 1.0, 3.0]])


def _momentum_raw(tf: Any, grad: Any, indices: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    a = tf.Variable([[0.0, 0.0], [0.0, 0.0]], name="accum")
    op = tf.raw_ops.SparseApplyMomentum(var=v._ref(), accum=a._ref(), lr=0.1, grad=grad,
                                        indices=indices, momentum=0.9)
    return Fetch([op, a], before=[tf.global_variables_initializer()])


@cases.case("SparseApplyMomentum applies repeated indices one after the other", rtol=1e-6)
def _(tf: Any) -> Any:
    return _momentum_raw(tf, [[1.0, 1.0], [2.0, 2.0]], [1, 1])


@cases.case("SparseApplyMomentum with an index out of range fails at run time")
def _(tf: Any) -> Any:
    return _momentum_raw(tf, [[1.0, 1.0]], [7])


@cases.case("SparseApplyMomentum with rows of the wrong width fails")
def _(tf: Any) -> Any:
    return _momentum_raw(tf, [[1.0, 1.0, 1.0]], [1])


@cases.case("SparseApplyMomentum with fewer rows than indices fails")
def _(tf: Any) -> Any:
    return _momentum_raw(tf, [[1.0, 1.0]], [1, 0])


@cases.case("SparseApplyRMSProp applies repeated indices one after the other", rtol=1e-6)
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    ms = tf.Variable([[1.0, 1.0], [1.0, 1.0]], name="ms")
    mom = tf.Variable([[0.0, 0.0], [0.0, 0.0]], name="mom")
    op = tf.raw_ops.SparseApplyRMSProp(var=v._ref(), ms=ms._ref(), mom=mom._ref(), lr=0.1,
                                       rho=0.9, momentum=0.5, epsilon=1e-10,
                                       grad=[[1.0, 1.0], [2.0, 2.0]], indices=[1, 1])
    return Fetch([op, ms, mom], before=[tf.global_variables_initializer()])


def _centered_raw(tf: Any, sparse: bool) -> Any:
    """One centered RMSProp step where ε is lost against a large ms: the sparse kernel adds
    it before taking mg² off (ms - mg² is then exactly 0: inf), the dense one after."""
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    mg = tf.Variable([[0.0, 0.0], [0.0, 0.0]], name="mg")
    ms = tf.Variable([[1.0, 1.0], [1.0, 1.0]], name="ms")
    mom = tf.Variable([[0.0, 0.0], [0.0, 0.0]], name="mom")
    grad = [[1e8, -3e7], [2.0, 0.5]]
    refs = {"var": v._ref(), "mg": mg._ref(), "ms": ms._ref(), "mom": mom._ref()}
    hyper = {"lr": 0.1, "rho": 0.0, "momentum": 0.5, "epsilon": 1e-6}
    if sparse:
        op = tf.raw_ops.SparseApplyCenteredRMSProp(**refs, **hyper, grad=grad, indices=[0, 1])
    else:
        op = tf.raw_ops.ApplyCenteredRMSProp(**refs, **hyper, grad=grad)
    return Fetch([op, mg, ms, mom], before=[tf.global_variables_initializer()])


@cases.case("SparseApplyCenteredRMSProp adds epsilon before taking mg squared off")
def _(tf: Any) -> Any:
    return _centered_raw(tf, sparse=True)


@cases.case("ApplyCenteredRMSProp adds epsilon last")
def _(tf: Any) -> Any:
    return _centered_raw(tf, sparse=False)


@cases.case("SparseApplyCenteredRMSProp applies repeated indices one after the other",
            rtol=1e-6)
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    mg = tf.Variable([[0.1, 0.0], [0.0, -0.2]], name="mg")
    ms = tf.Variable([[1.0, 1.0], [1.0, 1.0]], name="ms")
    mom = tf.Variable([[0.0, 0.0], [0.0, 0.0]], name="mom")
    op = tf.raw_ops.SparseApplyCenteredRMSProp(
        var=v._ref(), mg=mg._ref(), ms=ms._ref(), mom=mom._ref(), lr=0.1, rho=0.9,
        momentum=0.5, epsilon=1e-10, grad=[[1.0, 1.0], [2.0, 2.0]], indices=[1, 1])
    return Fetch([op, mg, ms, mom], before=[tf.global_variables_initializer()])


@cases.case("a table gathered and also used densely gets a dense update", rtol=1e-6)
def _(tf: Any) -> Any:
    emb = tf.Variable(TABLE.astype(np.float32), name="embedding")
    loss = tf.reduce_sum(tf.gather(emb, [1, 1, 4])) + tf.reduce_sum(emb * emb) * 0.1
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    step = opt.minimize(loss)
    return Fetch([emb, opt.get_slot(emb, "momentum")], probe=_step_ops(step),
                 before=[tf.global_variables_initializer(), step, step])


@cases.case("GATE_GRAPH passes IndexedSlices through tuple", rtol=1e-5)
def _(tf: Any) -> Any:
    emb = tf.Variable(TABLE.astype(np.float32), name="embedding")
    w = tf.Variable(W32.astype(np.float32), name="w")
    loss = tf.reduce_sum(tf.matmul(tf.gather(emb, [0, 3]), w))
    opt = tf.train.AdamOptimizer(0.1)
    grads = opt.compute_gradients(loss, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
    step = opt.apply_gradients(grads)
    return Fetch([emb, w], probe=[[type(g).__name__ == "IndexedSlices" for g, _ in grads],
                                  _step_ops(step)],
                 before=[tf.global_variables_initializer(), step, step])
