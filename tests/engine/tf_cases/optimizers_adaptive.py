"""Adagrad, Adadelta and proximal gradient descent (``tf.compat.v1.train``): the ops
``minimize`` and ``apply_gradients`` create (slots and their initializers, hyper-parameter
Consts, apply ops, casts), slot names, values after a few steps in float32 and float64, the
sparse update of Adagrad, and the constructor's errors."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch
from .optimizers import _apply_case, _minimize_case
from .sparse_optimizers import _sparse_case

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


for _label in OPTIMIZERS:
    _minimize_case(_label, np.float32, cases, OPTIMIZERS)
    _apply_case(_label, cases, OPTIMIZERS)
for _label in ("Adagrad", "Adadelta"):
    _minimize_case(_label, np.float64, cases, OPTIMIZERS)


for _label in OPTIMIZERS:
    _sparse_case(_label, np.float32, cases, OPTIMIZERS)
for _label in ("Adagrad", "Adadelta"):
    _sparse_case(_label, np.float64, cases, OPTIMIZERS)


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
