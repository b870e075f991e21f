"""The optimizers' Python API at its edges: what ``compute_gradients`` returns (None for an
unconnected variable, in ``var_list``'s order), what ``apply_gradients`` and ``minimize``
return, slots and ``variables()``, a ``var_list`` of a subset, no trainable variables, two
optimizers of one kind in one graph (``Adam_1``, ``beta1_power_1``), ``name=``, learning
rates decayed by a tensor, and centered RMSProp's slots."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("optimizers_edges")
X = np.random.default_rng(4).normal(size=(6, 2)).astype(np.float32)


def _model(tf: Any) -> tuple[Any, Any, Any, Any]:
    w = tf.Variable([[0.5], [-0.5]], name="w")
    b = tf.Variable([0.1], name="b")
    unused = tf.Variable([3.0], name="unused")
    loss = tf.reduce_mean(tf.square(tf.matmul(tf.constant(X), w) + b - 1.0))
    return w, b, unused, loss


def _pairs(pairs: list[Any]) -> list[Any]:
    return [[None if g is None else g.name, v.name] for g, v in pairs]


@cases.case("compute_gradients gives None for an unconnected variable, in var_list order")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    pairs = tf.train.AdamOptimizer(0.1).compute_gradients(loss, var_list=[unused, b, w])
    return Fetch(None, probe=_pairs(pairs))


@cases.case("compute_gradients without var_list takes the trainable variables in order")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    pairs = tf.train.MomentumOptimizer(0.1, 0.9).compute_gradients(loss)
    return Fetch(None, probe=_pairs(pairs))


@cases.case("apply_gradients skips a None gradient and returns the group", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    opt = tf.train.AdamOptimizer(0.1)
    pairs = opt.compute_gradients(loss)
    step = opt.apply_gradients(pairs)
    return Fetch([w, b, unused], before=[tf.global_variables_initializer(), step],
                 probe=[step.name, step.type, [c.name for c in step.control_inputs],
                        opt.get_slot_names(), [v.name for v in opt.variables()],
                        opt.get_slot(unused, "m") is None])


@cases.case("minimize with a global step returns the AssignAdd's op", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    gs = tf.train.get_or_create_global_step()
    step = tf.train.RMSPropOptimizer(0.01).minimize(loss, global_step=gs, name="train")
    return Fetch([gs, w], before=[tf.global_variables_initializer(), step, step],
                 probe=[step.name, step.type, [c.name for c in step.control_inputs],
                        [t.name for t in step.inputs]])


@cases.case("minimize with a var_list of a subset updates only it", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    step = opt.minimize(loss, var_list=[b])
    return Fetch([w, b], before=[tf.global_variables_initializer(), step, step],
                 probe=[[v.name for v in opt.variables()], opt.get_slot(w, "momentum")])


@cases.case("minimize of a loss no variable reaches fails with TF's message")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    return tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[unused])


@cases.case("minimize with no trainable variables fails")
def _(tf: Any) -> Any:
    tf.Variable(1.0, trainable=False, name="frozen")
    return tf.train.AdamOptimizer(0.1).minimize(tf.constant(2.0) * 3.0)


@cases.case("minimize with an empty var_list fails")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    return tf.train.AdamOptimizer(0.1).minimize(loss, var_list=[])


@cases.case("apply_gradients of only None gradients fails")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    return tf.train.AdamOptimizer(0.1).apply_gradients([(None, w), (None, b)])


@cases.case("apply_gradients of a gradient of the wrong shape fails at build time")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    return tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant([1.0]), w)])


@cases.case("apply_gradients of a float64 gradient for a float32 variable fails")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    g = tf.constant([[1.0], [1.0]], tf.float64)
    return tf.train.GradientDescentOptimizer(0.1).apply_gradients([(g, w)])


@cases.case("two Adam optimizers in one graph: Adam_1 and beta1_power_1", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    first = tf.train.AdamOptimizer(0.1)
    second = tf.train.AdamOptimizer(0.05)
    s1 = first.minimize(loss, var_list=[w])
    s2 = second.minimize(loss, var_list=[w, b])
    return Fetch([w, b, second.get_slot(w, "m")],
                 before=[tf.global_variables_initializer(), s1, s2],
                 probe=[s1.name, s2.name, [v.name for v in first.variables()],
                        [v.name for v in second.variables()],
                        [v.name for v in tf.global_variables()]])


@cases.case("an optimizer's name= names its scope, slots and accumulators", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    opt = tf.train.AdamOptimizer(0.1, name="MyAdam")
    step = opt.minimize(loss)
    mom = tf.train.MomentumOptimizer(0.1, 0.5, name="Mom")
    step2 = mom.minimize(loss, name="second_step")
    return Fetch([w], before=[tf.global_variables_initializer(), step, step2],
                 probe=[step.name, step2.name, opt.get_name(), mom.get_name(),
                        [v.name for v in opt.variables()], [v.name for v in mom.variables()]])


@cases.case("an empty optimizer name is refused")
def _(tf: Any) -> Any:
    return tf.train.GradientDescentOptimizer(0.1, name="")


@cases.case("a learning rate decayed by the global step", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    gs = tf.train.get_or_create_global_step()
    lr = 0.1 * tf.pow(0.5, tf.cast(gs, tf.float32))
    step = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=gs)
    return Fetch([w, b, gs, lr], before=[tf.global_variables_initializer(), step, step, step])


@cases.case("a learning rate that is a float64 Variable", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    lr = tf.Variable(0.2, dtype=tf.float64, trainable=False, name="lr")
    step = tf.train.MomentumOptimizer(lr, 0.9, use_nesterov=True).minimize(loss)
    halve = tf.assign(lr, lr * 0.5)
    return Fetch([w, b, lr], before=[tf.global_variables_initializer(), step, halve, step])


@cases.case("centered RMSProp's slots are rms, mg and momentum", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    opt = tf.train.RMSPropOptimizer(0.01, momentum=0.9, centered=True)
    step = opt.minimize(loss)
    slots = [[n, opt.get_slot(w, n).name] for n in opt.get_slot_names()]
    return Fetch([w, b, opt.get_slot(w, "mg"), opt.get_slot(w, "rms")],
                 before=[tf.global_variables_initializer(), step, step],
                 probe=[slots, [c.name for c in step.control_inputs]])


@cases.case("get_slot of an unknown slot name or variable is None")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    opt = tf.train.AdamOptimizer(0.1)
    opt.minimize(loss, var_list=[w])
    return Fetch(None, probe=[opt.get_slot(w, "nope"), opt.get_slot(b, "m"),
                              opt.get_slot_names()])


@cases.case("compute_gradients with grad_loss weights the loss", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    pairs = tf.train.GradientDescentOptimizer(0.1).compute_gradients(
        loss, var_list=[w, b], grad_loss=tf.constant(2.0))
    return Fetch([g for g, _ in pairs], before=[tf.global_variables_initializer()],
                 probe=_pairs(pairs))


@cases.case("compute_gradients with GATE_GRAPH", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    opt = tf.train.GradientDescentOptimizer(0.1)
    pairs = opt.compute_gradients(loss, var_list=[w, b], gate_gradients=opt.GATE_GRAPH)
    return Fetch([g for g, _ in pairs], before=[tf.global_variables_initializer()],
                 probe=_pairs(pairs))


@cases.case("compute_gradients with GATE_NONE", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    opt = tf.train.GradientDescentOptimizer(0.1)
    pairs = opt.compute_gradients(loss, var_list=[w, b], gate_gradients=opt.GATE_NONE)
    return Fetch([g for g, _ in pairs], before=[tf.global_variables_initializer()],
                 probe=_pairs(pairs))


@cases.case("an unknown gate_gradients is refused")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    return tf.train.GradientDescentOptimizer(0.1).compute_gradients(loss, gate_gradients=5)


@cases.case("compute_gradients with colocate_gradients_with_ops and aggregation_method",
            rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    pairs = tf.train.GradientDescentOptimizer(0.1).compute_gradients(
        loss + tf.reduce_sum(w * w), var_list=[w], colocate_gradients_with_ops=True,
        aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)
    return Fetch([g for g, _ in pairs], before=[tf.global_variables_initializer()],
                 probe=_pairs(pairs))


@cases.case("a float64 model trained by every optimizer in one graph", rtol=1e-9)
def _(tf: Any) -> Any:
    w = tf.Variable(np.array([[0.5], [-0.5]]), name="w")
    loss = tf.reduce_sum(tf.square(tf.matmul(tf.constant(X.astype(np.float64)), w) - 1.0))
    steps = [tf.train.GradientDescentOptimizer(0.01).minimize(loss),
             tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss),
             tf.train.AdamOptimizer(0.01).minimize(loss),
             tf.train.RMSPropOptimizer(0.01, centered=True).minimize(loss)]
    return Fetch([w, loss], before=[tf.global_variables_initializer(), *steps, *steps],
                 probe=[s.name for s in steps])


@cases.case("a variable twice in var_list is updated twice", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[w, b, w])
    return Fetch([w, b], before=[tf.global_variables_initializer(), step],
                 probe=[step.name, [c.name for c in step.control_inputs]])


@cases.case("a loss that is a vector is summed by its gradients", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    vec = tf.reshape(tf.matmul(tf.constant(X), w), [-1])
    step = tf.train.GradientDescentOptimizer(0.01).minimize(vec)
    return Fetch([w, b], before=[tf.global_variables_initializer(), step])


@cases.case("a Variable as the loss", rtol=1e-6)
def _(tf: Any) -> Any:
    v = tf.Variable(3.0, name="v")
    step = tf.train.GradientDescentOptimizer(0.25).minimize(v)
    return Fetch([v], before=[v.initializer, step, step])


@cases.case("apply_gradients takes a generator and a tuple of pairs", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    pairs = opt.compute_gradients(loss, var_list=[w, b])
    s1 = opt.apply_gradients(p for p in pairs)
    s2 = opt.apply_gradients(tuple(pairs))
    return Fetch([w, b, opt.get_slot(w, "momentum")],
                 before=[tf.global_variables_initializer(), s1, s2],
                 probe=[s1.name, s2.name, [v.name for v in opt.variables()]])


@cases.case("apply_gradients of a variable that is not a Variable is refused")
def _(tf: Any) -> Any:
    return tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant(1.0), 3.0)])


@cases.case("apply_gradients of a Python list as the gradient", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    step = tf.train.GradientDescentOptimizer(0.1).apply_gradients([([[1.0], [2.0]], w)])
    return Fetch([w], before=[tf.global_variables_initializer(), step])


@cases.case("a float16 model trained by Adam", rtol=2e-3)
def _(tf: Any) -> Any:
    w = tf.Variable(np.array([1.0, -2.0], np.float16), name="w")
    loss = tf.reduce_sum(w * w)
    opt = tf.train.AdamOptimizer(0.1)
    step = opt.minimize(loss)
    return Fetch([w, opt.get_slot(w, "m")], before=[tf.global_variables_initializer(), step,
                                                   step],
                 probe=[[v.name for v in opt.variables()],
                        [op.type for op in step.control_inputs]])


@cases.case("global_step that is an int32 Variable", rtol=1e-6)
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    gs = tf.Variable(0, trainable=False, name="step_count")
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
    return Fetch([gs], before=[tf.global_variables_initializer(), step, step])


@cases.case("compute_gradients of a number in var_list is refused")
def _(tf: Any) -> Any:
    w, b, unused, loss = _model(tf)
    return tf.train.GradientDescentOptimizer(0.1).compute_gradients(loss, var_list=[w, 2.0])
