"""Optimizers at their edges: slot names inside a name scope (TF names slots by variable
scope, so ``w/Adam`` stays ``w/Adam`` under ``train/``), the message for a loss that is
not a float, a tensor in ``var_list`` (differentiated, then refused by the update), two
optimizers and two minimizes in one graph, and learning rates given as tensors."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("optimizers_api")
X = np.random.default_rng(1).normal(size=(8, 3)).astype(np.float32)
Y = (X @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.1).astype(np.float32)


def _model(tf: Any) -> tuple[Any, Any, Any]:
    w = tf.Variable(np.full((3, 1), 0.1, np.float32), name="w")
    b = tf.Variable(np.zeros((1,), np.float32), name="b")
    loss = tf.reduce_mean(tf.square(tf.matmul(tf.constant(X), w) + b - tf.constant(Y)))
    return w, b, loss


def _names(vs: list[Any]) -> list[str]:
    return [v.name for v in vs]


@cases.case("slots made inside a name scope keep the variable's name", rtol=1e-5)
def _(tf: Any) -> Any:
    w, b, loss = _model(tf)
    with tf.name_scope("train"):
        opt = tf.train.AdamOptimizer(0.1)
        step = opt.minimize(loss)
    return Fetch([w], before=[tf.global_variables_initializer(), step],
                 probe=[step.name, _names(opt.variables()),
                        [opt.get_slot(w, s).name for s in opt.get_slot_names()]])


@cases.case("Momentum and RMSProp slots inside a name scope", rtol=1e-5)
def _(tf: Any) -> Any:
    w, b, loss = _model(tf)
    with tf.name_scope("outer"):
        mom = tf.train.MomentumOptimizer(0.05, 0.9)
        first = mom.minimize(loss)
        with tf.name_scope("inner"):
            rms = tf.train.RMSPropOptimizer(0.01, momentum=0.5)
            second = rms.minimize(loss)
    return Fetch([w, b], before=[tf.global_variables_initializer(), first, second],
                 probe=[first.name, second.name, _names(mom.variables()),
                        _names(rms.variables())])


@cases.case("a loss that is not a float is refused with TF's list of dtypes")
def _(tf: Any) -> Any:
    u = tf.Variable(1, name="u")
    return tf.train.GradientDescentOptimizer(0.1).minimize(u * 2)


@cases.case("a tensor in var_list is differentiated and then refused")
def _(tf: Any) -> Any:
    w, b, loss = _model(tf)
    return tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[w.value()])


@cases.case("compute_gradients of a tensor in var_list")
def _(tf: Any) -> Any:
    w, b, loss = _model(tf)
    pairs = tf.train.GradientDescentOptimizer(0.1).compute_gradients(loss, var_list=[w.value()])
    return Fetch([g for g, _ in pairs], before=[tf.global_variables_initializer()],
                 probe=[[g.name, v.name] for g, v in pairs])


@cases.case("two optimizers and two minimizes in one graph", rtol=1e-5)
def _(tf: Any) -> Any:
    w, b, loss = _model(tf)
    adam = tf.train.AdamOptimizer(0.05)
    steps = [adam.minimize(loss), adam.minimize(loss * 2.0)]
    other = tf.train.AdamOptimizer(0.05)
    steps.append(other.minimize(loss, var_list=[w]))
    named = tf.train.AdamOptimizer(0.05, name="Mine")
    steps.append(named.minimize(loss, var_list=[b], name="step"))
    return Fetch([loss, w, b], before=[tf.global_variables_initializer(), *steps],
                 probe=[_names(steps), _names(adam.variables()), _names(other.variables()),
                        _names(named.variables()), _names(tf.global_variables())])


@cases.case("learning rates fed through a placeholder", rtol=1e-5)
def _(tf: Any) -> Any:
    w, b, loss = _model(tf)
    lr = tf.placeholder(tf.float32, [], name="lr")
    steps = [tf.train.GradientDescentOptimizer(lr).minimize(loss),
             tf.train.MomentumOptimizer(lr, 0.9).minimize(loss),
             tf.train.AdamOptimizer(lr).minimize(loss),
             tf.train.RMSPropOptimizer(lr).minimize(loss)]
    return Fetch([loss, w, b], feed={lr: 0.05},
                 before=[tf.global_variables_initializer(), *steps, *steps])


@cases.case("hyper-parameters given as tensors and a variable", rtol=1e-5)
def _(tf: Any) -> Any:
    w, b, loss = _model(tf)
    lr = tf.Variable(0.05, name="lr", trainable=False)
    steps = [tf.train.MomentumOptimizer(lr, tf.constant(0.9)).minimize(loss),
             tf.train.AdamOptimizer(lr, beta1=tf.constant(0.8)).minimize(loss),
             tf.train.RMSPropOptimizer(lr * 1.0).minimize(loss)]
    return Fetch([loss, w, b], before=[tf.global_variables_initializer(), *steps, *steps])


@cases.case("a float64 learning rate for a float32 variable is cast", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, loss = _model(tf)
    lr = tf.placeholder(tf.float64, [], name="lr")
    step = tf.train.GradientDescentOptimizer(lr).minimize(loss)
    return Fetch([w], feed={lr: 0.1}, before=[tf.global_variables_initializer(), step])


def _optimizers(tf: Any) -> dict[str, Any]:
    return {"GradientDescent": tf.train.GradientDescentOptimizer(0.1),
            "Momentum": tf.train.MomentumOptimizer(0.1, 0.9),
            "Adam": tf.train.AdamOptimizer(0.1),
            "RMSProp": tf.train.RMSPropOptimizer(0.1, momentum=0.5)}


for _label in ("GradientDescent", "Momentum", "Adam", "RMSProp"):
    def _static(tf: Any, label: str = _label) -> Any:
        w = tf.Variable([1.0, 2.0], name="w")
        return _optimizers(tf)[label].apply_gradients([(tf.constant([1.0, 1.0, 3.0]), w)])

    def _dtype(tf: Any, label: str = _label) -> Any:
        w = tf.Variable([1.0, 2.0], name="w")
        grad = tf.constant([1.0, 1.0], tf.float64)
        return _optimizers(tf)[label].apply_gradients([(grad, w)])

    def _fed(tf: Any, label: str = _label) -> Any:
        w = tf.Variable([1.0, 2.0], name="w")
        grad = tf.placeholder(tf.float32, [None], name="grad")
        step = _optimizers(tf)[label].apply_gradients([(grad, w)])
        return Fetch([w], feed={grad: [1.0, 2.0, 3.0]},
                     before=[tf.global_variables_initializer(), step])

    cases.case(f"{_label}: a gradient of another static shape")(_static)
    cases.case(f"{_label}: a gradient of another dtype")(_dtype)
    cases.case(f"{_label}: a fed gradient of another shape fails in the kernel")(_fed)


@cases.case("variables() lists the default graph's only")
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, 2.0], name="w")
    opt = tf.train.AdamOptimizer(0.1)
    opt.minimize(tf.reduce_sum(w * w))
    other = tf.Graph()
    with other.as_default():
        w2 = tf.Variable([1.0, 2.0], name="w2")
        opt.minimize(tf.reduce_sum(w2 * w2))
        there = _names(opt.variables())
    return Fetch(None, probe=[_names(opt.variables()), there])
