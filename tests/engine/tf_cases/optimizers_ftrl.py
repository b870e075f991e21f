"""FTRL-proximal (``tf.compat.v1.train.FtrlOptimizer``): the ops ``minimize`` and
``apply_gradients`` create (the slots ``w/Ftrl`` and ``w/Ftrl_1`` with their initializers,
the hyper-parameter Consts and the ops of the adjusted L2 strength, ``ApplyFtrl`` or
``ApplyFtrlV2``, casts), slot names, values after a few steps in float32 and float64, the
sparse updates of gathered rows (``SparseApplyFtrl…``, a 2-D table and a 1-D one), the
constructor's errors and the sparse kernel's run-time checks."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch
from .optimizers import _apply_case, _minimize_case
from .sparse_optimizers import _sparse_case

cases = Cases("optimizers_ftrl")

OPTIMIZERS: dict[str, Any] = {
    "Ftrl": lambda tf: tf.train.FtrlOptimizer(0.1),
    "Ftrl with l1 and l2": lambda tf: tf.train.FtrlOptimizer(
        0.2, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
    "Ftrl with a learning rate power of -0.3": lambda tf: tf.train.FtrlOptimizer(
        0.1, learning_rate_power=-0.3, initial_accumulator_value=0.5),
    "Ftrl with a fixed learning rate": lambda tf: tf.train.FtrlOptimizer(
        0.1, learning_rate_power=0.0, l1_regularization_strength=0.01),
    "Ftrl with l2 shrinkage": lambda tf: tf.train.FtrlOptimizer(
        0.1, l1_regularization_strength=0.01, l2_shrinkage_regularization_strength=0.3),
    "Ftrl with beta": lambda tf: tf.train.FtrlOptimizer(0.1, beta=0.5,
                                                        l2_regularization_strength=0.01),
    "Ftrl with its own slot names": lambda tf: tf.train.FtrlOptimizer(
        0.1, name="F", accum_name="acc", linear_name="lin"),
    "Ftrl from a zero accumulator": lambda tf: tf.train.FtrlOptimizer(
        0.1, initial_accumulator_value=0.0),
}

for _label in OPTIMIZERS:
    _minimize_case(_label, np.float32, cases, OPTIMIZERS)
    _apply_case(_label, cases, OPTIMIZERS)
    _sparse_case(_label, np.float32, cases, OPTIMIZERS)
for _label in ("Ftrl", "Ftrl with l1 and l2", "Ftrl with a learning rate power of -0.3",
               "Ftrl with l2 shrinkage"):
    _minimize_case(_label, np.float64, cases, OPTIMIZERS)
    _sparse_case(_label, np.float64, cases, OPTIMIZERS)


def _vector_case(label: str) -> None:
    @cases.case(f"{label} updates gathered elements of a vector", rtol=1e-5)
    def _(tf: Any) -> Any:
        table = tf.Variable(np.array([0.5, -1.0, 2.0, 0.25, 1.5], np.float32), name="table")
        picked = tf.gather(table, [3, 0, 3, 1])
        loss = tf.reduce_sum(tf.square(picked - 0.3))
        opt = OPTIMIZERS[label](tf)
        step = opt.minimize(loss)
        slots = [opt.get_slot(table, n) for n in opt.get_slot_names()]
        return Fetch([table, loss, *slots], probe=[[op.type for op in step.control_inputs]],
                     before=[tf.global_variables_initializer(), step, step, step])


for _label in ("Ftrl", "Ftrl with l1 and l2", "Ftrl with a learning rate power of -0.3",
               "Ftrl with l2 shrinkage"):
    _vector_case(_label)


@cases.case("Ftrl's learning rate may be a tensor", rtol=1e-5)
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0])
    lr = tf.placeholder(tf.float32, [], name="lr")
    step = tf.train.FtrlOptimizer(lr, beta=0.2).minimize(tf.reduce_sum(w * w))
    return Fetch([w], feed={lr: 0.3}, before=[tf.global_variables_initializer(), step])


@cases.case("Ftrl with a global step counts the steps", rtol=1e-6)
def _(tf: Any) -> Any:
    w = tf.Variable(2.0)
    gs = tf.train.get_or_create_global_step()
    step = tf.train.FtrlOptimizer(0.25).minimize(w * w, global_step=gs)
    return Fetch([w, gs], probe=[step.name, [c.name for c in step.control_inputs]],
                 before=[tf.global_variables_initializer(), step, step])


@cases.case("Ftrl slots of a large variable")
def _(tf: Any) -> Any:
    w = tf.Variable(tf.zeros([40, 30]), name="big")
    step = tf.train.FtrlOptimizer(0.1).minimize(tf.reduce_sum(w * w))
    return [[op.name, op.type] for op in step.graph.get_operations()
            if op.name.startswith("big/Ftrl")]


_BAD = {
    "a negative initial accumulator": {"initial_accumulator_value": -0.1},
    "a positive learning rate power": {"learning_rate_power": 0.5},
    "a negative l1": {"l1_regularization_strength": -1.0},
    "a negative l2": {"l2_regularization_strength": -0.25},
    "a negative l2 shrinkage": {"l2_shrinkage_regularization_strength": -2.0},
}
for _what, _kwargs in _BAD.items():
    @cases.case(f"Ftrl refuses {_what}")
    def _(tf: Any, kwargs: dict[str, float] = _kwargs) -> Any:
        return tf.train.FtrlOptimizer(0.1, **kwargs)


@cases.case("Ftrl refuses an empty name")
def _(tf: Any) -> Any:
    return tf.train.FtrlOptimizer(0.1, name="")


def _sparse_check(what: str, hypers: tuple[float, ...], v2: bool = False) -> None:
    @cases.case(f"SparseApplyFtrl{'V2' if v2 else ''} refuses {what}")
    def _(tf: Any) -> Any:
        v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
        a = tf.Variable([[0.1, 0.1], [0.1, 0.1]], name="a")
        lin = tf.Variable([[0.0, 0.0], [0.0, 0.0]], name="l")
        ph = [tf.placeholder_with_default(np.float32(h), []) for h in hypers]
        grad, indices = tf.constant([[1.0, -1.0]]), tf.constant([1])
        op = (tf.raw_ops.SparseApplyFtrlV2 if v2 else tf.raw_ops.SparseApplyFtrl)(
            var=v._ref(), accum=a._ref(), linear=lin._ref(), grad=grad, indices=indices,
            lr=ph[0], l1=ph[1], l2=ph[2], lr_power=ph[-1],
            **({"l2_shrinkage": ph[3]} if v2 else {}))
        return Fetch([op], before=[tf.global_variables_initializer()])


_sparse_check("a zero learning rate", (0.0, 0.0, 0.0, -0.5))
_sparse_check("a negative l1", (0.1, -1.0, 0.0, -0.5))
_sparse_check("a negative l2", (0.1, 0.0, -1.0, -0.5))
_sparse_check("a positive learning rate power", (0.1, 0.0, 0.0, 0.5))
_sparse_check("a negative l2 shrinkage", (0.1, 0.0, 0.0, -1.0, -0.5), v2=True)


@cases.case("ApplyFtrl refuses a gradient of another shape")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    a = tf.Variable([0.1, 0.1], name="a")
    lin = tf.Variable([0.0, 0.0], name="l")
    grad = tf.placeholder_with_default(tf.constant([1.0, 1.0, 1.0]), None)
    op = tf.raw_ops.ApplyFtrl(var=v._ref(), accum=a._ref(), linear=lin._ref(), grad=grad,
                              lr=0.1, l1=0.0, l2=0.0, lr_power=-0.5)
    return Fetch([op], before=[tf.global_variables_initializer()])


_VAR = np.array([[1.0, -2.0, 0.5], [0.25, 3.0, -1.5]], np.float32)
_GRAD = np.array([[0.5, -1.0, 2.0], [-0.3, 0.1, 0.0]], np.float32)


def _raw_case(op_type: str, by_lr: bool, power: float, rows: bool = False) -> None:
    @cases.case(f"{op_type} {'multiplying linear by lr ' if by_lr else ''}"
                f"with lr_power {power}{' on a vector' if rows else ''}", rtol=1e-5)
    def _(tf: Any) -> Any:
        var0, grad0 = (_VAR[0], _GRAD[0]) if rows else (_VAR, _GRAD)
        v = tf.Variable(var0, name="v")
        a = tf.Variable(np.full(var0.shape, 0.2, np.float32), name="a")
        lin = tf.Variable(np.full(var0.shape, 0.3, np.float32), name="l")
        hypers: dict[str, Any] = {"lr": 0.1, "l1": 0.05, "l2": 0.2, "lr_power": power}
        if op_type.endswith("V2"):
            hypers["l2_shrinkage"] = 0.4
        refs = {"var": v._ref(), "accum": a._ref(), "linear": lin._ref()}
        if op_type.startswith("Sparse"):
            grad = tf.constant(grad0[[2, 0]] if rows else grad0[[1, 0, 1]])
            indices = tf.constant([2, 0] if rows else [1, 0, 1])
            op = getattr(tf.raw_ops, op_type)(**refs, grad=grad, indices=indices, **hypers,
                                               multiply_linear_by_lr=by_lr)
        else:
            op = getattr(tf.raw_ops, op_type)(**refs, grad=tf.constant(grad0), **hypers,
                                               multiply_linear_by_lr=by_lr)
        return Fetch([v, a, lin], before=[tf.global_variables_initializer(), op, op])


for _op in ("ApplyFtrl", "ApplyFtrlV2", "SparseApplyFtrl", "SparseApplyFtrlV2"):
    for _by_lr in (False, True):
        for _power in (-0.5, -0.25):
            _raw_case(_op, _by_lr, _power)
    if _op.startswith("Sparse"):
        _raw_case(_op, False, -0.5, rows=True)
        _raw_case(_op, True, -0.25, rows=True)
