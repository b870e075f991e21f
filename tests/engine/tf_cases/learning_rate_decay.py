"""``tf.compat.v1.train``'s learning-rate schedules of the global step: the ops each builds
under ``ExponentialDecay/`` (``PolynomialDecay/``, ``InverseTimeDecay/``), the value at
several steps, staircases and cycles, errors, and a schedule as an optimizer's learning
rate. ``piecewise_constant`` is compared by its values (TF builds a ``tf.case``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("learning_rate_decay")
STEPS = (0, 1, 99, 100, 150, 250, 1000)


SCHEDULES = {
    "exponential_decay": lambda tf, gs: tf.train.exponential_decay(0.1, gs, 100, 0.96),
    "exponential_decay with a staircase": lambda tf, gs: tf.train.exponential_decay(
        0.1, gs, 100, 0.5, staircase=True),
    "polynomial_decay": lambda tf, gs: tf.train.polynomial_decay(0.1, gs, 100, 0.01,
                                                                 power=0.5),
    "polynomial_decay that cycles": lambda tf, gs: tf.train.polynomial_decay(
        0.1, gs, 100, 0.01, power=2.0, cycle=True),
    "inverse_time_decay": lambda tf, gs: tf.train.inverse_time_decay(0.1, gs, 100, 0.5),
    "inverse_time_decay with a staircase": lambda tf, gs: tf.train.inverse_time_decay(
        0.1, gs, 100, 0.5, staircase=True),
    "exponential_decay of a float64 rate, named": lambda tf, gs: tf.train.exponential_decay(
        tf.constant(0.1, tf.float64), gs, 10, 0.9, name="lr"),
}


def _schedule_case(label: str, build: Any) -> None:
    @cases.case(f"{label}: its ops and its value at each step", rtol=1e-6)
    def _(tf: Any) -> Any:
        gs = tf.train.get_or_create_global_step()
        lr = build(tf, gs)
        values = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for s in STEPS:
                sess.run(tf.assign(gs, s, name="set_step"))
                values.append(float(sess.run(lr)))
        return Fetch(probe=[lr.name, str(lr.shape), lr.dtype.name,
                            [round(v, 7) for v in values]])


for _label, _build in SCHEDULES.items():
    _schedule_case(_label, _build)


@cases.case("two schedules in one graph get their own scopes")
def _(tf: Any) -> Any:
    gs = tf.train.get_or_create_global_step()
    a = tf.train.exponential_decay(0.1, gs, 100, 0.96)
    b = tf.train.exponential_decay(0.2, gs, 10, 0.5)
    return Fetch(probe=[a.name, b.name])


@cases.case("exponential_decay without a global step")
def _(tf: Any) -> Any:
    return tf.train.exponential_decay(0.1, None, 100, 0.96)


@cases.case("piecewise_constant's value at each step")
def _(tf: Any) -> Any:
    values = []
    with tf.Graph().as_default():
        gs = tf.train.get_or_create_global_step()
        lr = tf.train.piecewise_constant(gs, [10, 20], [1.0, 0.5, 0.1])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for s in (0, 10, 11, 20, 21, 100):
                sess.run(tf.assign(gs, s))
                values.append(float(sess.run(lr)))
        probe = [values, lr.dtype.name, str(lr.shape)]
    return Fetch(probe=probe)


@cases.case("piecewise_constant refuses boundaries of another dtype")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [], name="x")
    return tf.train.piecewise_constant(x, [1, 2], [1.0, 0.5, 0.1])


@cases.case("piecewise_constant refuses values of mixed dtypes")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [], name="x")
    return tf.train.piecewise_constant(x, [1, 2], [1.0, 0.5, 1])


@cases.case("piecewise_constant refuses as many boundaries as values")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [], name="x")
    return tf.train.piecewise_constant(x, [1, 2], [1.0, 0.5])


@cases.case("a decayed learning rate trains as TF's", rtol=1e-5)
def _(tf: Any) -> Any:
    w = tf.Variable(np.array([1.0, -2.0, 0.5], np.float32), name="w")
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.3, gs, 2, 0.5, staircase=True)
    step = tf.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(w * w),
                                                          global_step=gs)
    return Fetch([w, gs, lr], before=[tf.global_variables_initializer(), step, step, step])


@cases.case("Adam with a polynomial decay", rtol=1e-5)
def _(tf: Any) -> Any:
    w = tf.Variable(np.array([1.0, -2.0, 0.5], np.float32), name="w")
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.polynomial_decay(0.1, gs, 3, 0.01)
    step = tf.train.AdamOptimizer(lr).minimize(tf.reduce_sum(w * w), global_step=gs)
    return Fetch([w, gs, lr], before=[tf.global_variables_initializer(), step, step, step, step])
