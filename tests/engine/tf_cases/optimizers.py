"""``tf.compat.v1.train``'s optimizers: the ops ``minimize`` and ``apply_gradients`` create
(slot variables, hyper-parameter Consts, apply ops, casts, the grouping NoOp), slot names,
and the values after a few steps, from hand-built gradients and from ``minimize``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("optimizers")

OPTIMIZERS: dict[str, Any] = {
    "GradientDescent": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "Momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9),
    "Nesterov momentum": lambda tf: tf.train.MomentumOptimizer(0.05, 0.8, use_nesterov=True),
    "Adam": lambda tf: tf.train.AdamOptimizer(0.1),
    "RMSProp": lambda tf: tf.train.RMSPropOptimizer(0.1),
    "RMSProp with momentum": lambda tf: tf.train.RMSPropOptimizer(0.05, decay=0.8,
                                                                  momentum=0.5, epsilon=1e-6),
    "centered RMSProp": lambda tf: tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.5,
                                                             epsilon=1e-6, centered=True),
}


def _describe(tf: Any, opt: Any, step: Any, variables: list[Any]) -> list[Any]:
    slots = [[name, [opt.get_slot(v, name).name for v in variables]]
             for name in opt.get_slot_names()]
    return [step.name, step.type, [c.name for c in step.control_inputs], slots,
            [v.name for v in tf.global_variables()], [v.name for v in tf.trainable_variables()]]


def _minimize_case(label: str, dtype: Any, family: Cases = cases,
                   optimizers: dict[str, Any] = OPTIMIZERS) -> None:
    @family.case(f"{label} minimizes ({np.dtype(dtype).name})", rtol=1e-5)
    def _(tf: Any) -> Any:
        w = tf.Variable(np.array([1.0, -2.0, 0.5], dtype))
        b = tf.Variable(np.array(0.25, dtype))
        loss = tf.reduce_sum(w * w) + b * b * 3.0
        opt = optimizers[label](tf)
        step = opt.minimize(loss)
        init = tf.global_variables_initializer()
        slots = [opt.get_slot(v, n) for n in opt.get_slot_names() for v in (w, b)]
        return Fetch([w, b, loss, *slots], probe=_describe(tf, opt, step, [w, b]),
                     before=[init, step, step, step])


def _apply_case(label: str, family: Cases = cases,
                optimizers: dict[str, Any] = OPTIMIZERS) -> None:
    @family.case(f"{label} applies given gradients", rtol=1e-5)
    def _(tf: Any) -> Any:
        v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="weights")
        g = tf.placeholder(tf.float32, [2, 2], name="grad")
        opt = optimizers[label](tf)
        step = opt.apply_gradients([(g, v)])
        init = tf.global_variables_initializer()
        return Fetch([v, *[opt.get_slot(v, n) for n in opt.get_slot_names()]],
                     feed={g: [[0.5, -1.0], [2.0, 0.0]]}, probe=_describe(tf, opt, step, [v]),
                     before=[init, step, step])


for _label in OPTIMIZERS:
    _minimize_case(_label, np.float32)
    _apply_case(_label)
_minimize_case("Adam", np.float64)
_minimize_case("Momentum", np.float64)
_minimize_case("RMSProp", np.float64)
_minimize_case("centered RMSProp", np.float64)


@cases.case("a second minimize reuses Adam's power accumulators", rtol=1e-5)
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0])
    u = tf.Variable([3.0])
    opt = tf.train.AdamOptimizer(0.01)
    s1 = opt.minimize(tf.reduce_sum(w * w), var_list=[w])
    s2 = opt.minimize(tf.reduce_sum(u * w), var_list=[u])
    return Fetch([w, u], probe=[s1.name, s2.name, [v.name for v in opt.variables()]],
                 before=[tf.global_variables_initializer(), s1, s2])


@cases.case("minimize with a global step counts the steps", rtol=1e-6)
def _(tf: Any) -> Any:
    w = tf.Variable(2.0)
    step_count = tf.Variable(0, trainable=False, name="global_step")
    step = tf.train.GradientDescentOptimizer(0.25).minimize(w * w, global_step=step_count)
    return Fetch([w, step_count], probe=[step.name, step.type,
                                         [c.name for c in step.control_inputs]],
                 before=[tf.global_variables_initializer(), step, step])


@cases.case("compute_gradients pairs each variable with its gradient")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0])
    tf.Variable(5.0)
    pairs = tf.train.GradientDescentOptimizer(0.1).compute_gradients(tf.reduce_sum(w * 3.0))
    probe = [[None if g is None else g.name, v.name] for g, v in pairs]
    return Fetch([pairs[0][0]], probe=probe, before=[tf.global_variables_initializer()])


@cases.case("minimize with a var_list and a name")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0])
    tf.Variable([3.0])
    step = tf.train.MomentumOptimizer(0.1, 0.5).minimize(tf.reduce_sum(w * w), var_list=[w],
                                                         name="train")
    return Fetch(probe=[step.name, [c.name for c in step.control_inputs]])


@cases.case("minimize without variables fails")
def _(tf: Any) -> Any:
    return tf.train.GradientDescentOptimizer(0.1).minimize(tf.constant(1.0) * 2.0)


@cases.case("apply_gradients of nothing fails")
def _(tf: Any) -> Any:
    return tf.train.AdamOptimizer().apply_gradients([])


@cases.case("apply_gradients without any gradient fails")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0)
    return tf.train.AdamOptimizer().apply_gradients([(None, v)])


@cases.case("a training step before the initializer fails")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0])
    return tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w * w))


@cases.case("an apply op on an uninitialized slot fails")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0])
    g = tf.constant([0.5, 0.5])
    step = tf.train.MomentumOptimizer(0.1, 0.9).apply_gradients([(g, w)])
    return Fetch([step], before=[w.initializer])
