"""Adagrad, Adadelta and proximal gradient descent (``tf.compat.v1.train``): the ops
``minimize`` and ``apply_gradients`` create (slots and their initializers, hyper-parameter
Consts, apply ops, casts), slot names, values after a few steps in float32 and float64, the
sparse update of Adagrad, and the constructor's errors."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch
from .optimizers import _describe
from .sparse_optimizers import IDS, TABLE, W32, _step_ops

cases = Cases("optimizers_adaptive")

OPTIMIZERS: dict[str, Any] = {
    "Adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
    "Adagrad from 0.5": lambda tf: tf.train.AdagradOptimizer(0.05,
                                                             initial_accumulator_value=0.5),
    "Adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0),
    "Adadelta with a small rho": lambda tf: tf.train.AdadeltaOptimizer(0.5, rho=0.5,
                                                                       epsilon=1e-4),
    "ProximalGradientDescent": lambda tf: tf.train.ProximalGradientDescentOptimizer(0.1),
    "ProximalGradientDescent with l1 and l2": lambda tf: (
        tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.3,
                                                  l2_regularization_strength=0.2)),
}


def _minimize_case(label: str, dtype: Any) -> None:
    @cases.case(f"{label} minimizes ({np.dtype(dtype).name})", rtol=1e-5)
    def _(tf: Any) -> Any:
        w = tf.Variable(np.array([1.0, -2.0, 0.5], dtype))
        b = tf.Variable(np.array(0.25, dtype))
        loss = tf.reduce_sum(w * w) + b * b * 3.0
        opt = OPTIMIZERS[label](tf)
        step = opt.minimize(loss)
        init = tf.global_variables_initializer()
        slots = [opt.get_slot(v, n) for n in opt.get_slot_names() for v in (w, b)]
        return Fetch([w, b, loss, *slots], probe=_describe(tf, opt, step, [w, b]),
                     before=[init, step, step, step])


def _apply_case(label: str) -> None:
    @cases.case(f"{label} applies given gradients", rtol=1e-5)
    def _(tf: Any) -> Any:
        v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="weights")
        g = tf.placeholder(tf.float32, [2, 2], name="grad")
        opt = OPTIMIZERS[label](tf)
        step = opt.apply_gradients([(g, v)])
        init = tf.global_variables_initializer()
        return Fetch([v, *[opt.get_slot(v, n) for n in opt.get_slot_names()]],
                     feed={g: [[0.5, -1.0], [2.0, 0.0]]}, probe=_describe(tf, opt, step, [v]),
                     before=[init, step, step])


for _label in OPTIMIZERS:
    _minimize_case(_label, np.float32)
    _apply_case(_label)
for _label in ("Adagrad", "Adadelta"):
    _minimize_case(_label, np.float64)


def _sparse_case(label: str, dtype: Any) -> None:
    @cases.case(f"{label} updates gathered rows ({np.dtype(dtype).name})", rtol=1e-5)
    def _(tf: Any) -> Any:
        emb = tf.Variable(TABLE.astype(dtype), name="embedding")
        w = tf.Variable(W32.astype(dtype), name="w")
        rows = tf.gather(emb, IDS)
        loss = tf.reduce_sum(tf.square(tf.matmul(tf.reduce_mean(rows, axis=1), w) - 0.5))
        opt = OPTIMIZERS[label](tf)
        grads = opt.compute_gradients(loss)
        step = opt.apply_gradients(grads)
        sparse = [type(g).__name__ == "IndexedSlices" for g, _ in grads]
        slots = [opt.get_slot(emb, n) for n in opt.get_slot_names()]
        return Fetch([emb, w, loss, *slots],
                     probe=[sparse, opt.get_slot_names(), _step_ops(step)],
                     before=[tf.global_variables_initializer(), step, step, step])


for _label in OPTIMIZERS:
    _sparse_case(_label, np.float32)
for _label in ("Adagrad", "Adadelta"):
    _sparse_case(_label, np.float64)


@cases.case("ProximalGradientDescent of a float64 variable with float32 hyper-parameters")
def _(tf: Any) -> Any:
    w = tf.Variable(np.array([1.0, 2.0]))
    return tf.train.ProximalGradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w * w))


@cases.case("ProximalGradientDescent of a float64 variable with float64 ones", rtol=1e-12)
def _(tf: Any) -> Any:
    w = tf.Variable(np.array([1.0, -2.0, 0.01]))
    f64 = tf.float64
    opt = tf.train.ProximalGradientDescentOptimizer(
        tf.constant(0.1, f64), tf.constant(0.5, f64), tf.constant(0.1, f64))
    step = opt.minimize(tf.reduce_sum(w * w))
    return Fetch([w], before=[tf.global_variables_initializer(), step, step])


@cases.case("Adagrad's learning rate may be a tensor", rtol=1e-5)
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0])
    lr = tf.placeholder(tf.float32, [], name="lr")
    step = tf.train.AdagradOptimizer(lr).minimize(tf.reduce_sum(w * w))
    return Fetch([w], feed={lr: 0.3}, before=[tf.global_variables_initializer(), step])


@cases.case("Adagrad refuses a zero initial accumulator")
def _(tf: Any) -> Any:
    return tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)


@cases.case("Adagrad with a global step counts the steps", rtol=1e-6)
def _(tf: Any) -> Any:
    w = tf.Variable(2.0)
    gs = tf.train.get_or_create_global_step()
    step = tf.train.AdagradOptimizer(0.25).minimize(w * w, global_step=gs)
    return Fetch([w, gs], probe=[step.name, [c.name for c in step.control_inputs]],
                 before=[tf.global_variables_initializer(), step, step])
