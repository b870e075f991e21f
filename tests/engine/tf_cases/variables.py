"""Variables and control dependencies: the ops ``Variable`` builds (names, types, reference
dtypes), values kept by the session across runs and reset by the initializers, TF's
FailedPreconditionError for uninitialized reads, assignments, ``group``, ``no_op`` and
``control_dependencies`` (who gets which control inputs)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("variables")


def _controls(*ops: Any) -> list[list[str]]:
    return [[c.name for c in (op.op if hasattr(op, "value_index") else op).control_inputs]
            for op in ops]


@cases.case("Variable builds initial_value, VariableV2, Assign and read")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0])
    w = tf.Variable(3, name="w", trainable=False)
    probe = [repr(v), str(v.dtype), v.name, v.op.name, v.op.type, v.initializer.name,
             v.value().name, str(v.value()), str(v.shape), str(w.dtype),
             str(v.initial_value), [str(t) for t in v.initializer.inputs],
             str(v.op.outputs[0]), v.trainable, w.trainable]
    return Fetch([v, w, v.value()], probe=probe, before=[v.initializer, w.initializer])


@cases.case("read_value makes a new read in the current scope")
def _(tf: Any) -> Any:
    v = tf.Variable(1.5)
    r1 = v.read_value()
    with tf.name_scope("outer"):
        r2 = v.read_value()
    return Fetch([r1, r2], probe=[r1.name, r2.name], before=[v.initializer])


@cases.case("fetching an uninitialized variable fails")
def _(tf: Any) -> Any:
    return tf.Variable([1.0, 2.0])


@cases.case("reading an uninitialized variable fails on the read")
def _(tf: Any) -> Any:
    return tf.Variable([1.0, 2.0]).value()


@cases.case("an expression of an uninitialized variable fails on Variable/read")
def _(tf: Any) -> Any:
    return tf.Variable([1.0, 2.0]) * 2.0 + 1.0


@cases.case("read_value of an uninitialized variable fails on its read")
def _(tf: Any) -> Any:
    return tf.Variable(np.float64(2.0)).read_value()


@cases.case("assigning an uninitialized variable works")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0])
    return Fetch([tf.assign(v, [3.0, 4.0])])


@cases.case("assign_add of an uninitialized variable fails")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0])
    return tf.assign_add(v, [3.0, 4.0])


@cases.case("values survive across runs")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0])
    add = tf.assign_add(v, [10.0, 20.0])
    return Fetch([v, v * 2.0], before=[v.initializer, add, add])


@cases.case("running the initializer again resets the value")
def _(tf: Any) -> Any:
    v = tf.Variable([1, 2])
    sub = tf.assign_sub(v, [5, 5])
    init = tf.global_variables_initializer()
    return Fetch(v, before=[init, sub, sub, init])


@cases.case("assign, assign_add and assign_sub build TF's ops")
def _(tf: Any) -> Any:
    v = tf.Variable(np.zeros([2, 2], np.float64), name="weights")
    a = tf.assign(v, [[1.0, 2.0], [3.0, 4.0]])
    b = tf.assign_add(v, np.ones([2, 2]), name="bump")
    c = v.assign_sub([[0.5, 0.5], [0.5, 0.5]])
    probe = [str(a), str(b), str(c), a.op.get_attr("use_locking"),
             b.op.get_attr("use_locking"), str(a.op.get_attr("T"))]
    return Fetch([v], probe=probe, before=[v.initializer, a, b, c])


@cases.case("assign of another shape fails at build time")
def _(tf: Any) -> Any:
    return tf.assign(tf.Variable([1.0, 2.0]), [1.0, 2.0, 3.0])


@cases.case("assign with validate_shape off changes the shape")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0])
    a = tf.assign(v, [1.0, 2.0, 3.0], validate_shape=False)
    return Fetch([a, v], probe=[str(a)], before=[v.initializer, a])


@cases.case("a Variable of a given dtype converts its initial value")
def _(tf: Any) -> Any:
    v = tf.Variable([1, 2], dtype=tf.float64)
    return Fetch(v, probe=[str(v.dtype), str(v.initial_value)], before=[v.initializer])


@cases.case("a Variable from a callable builds it under Initializer")
def _(tf: Any) -> Any:
    v = tf.Variable(lambda: tf.zeros([3]), name="z")
    return Fetch(v, before=[v.initializer])


@cases.case("a Variable in a name scope")
def _(tf: Any) -> Any:
    with tf.name_scope("layer"):
        v = tf.Variable(1.0, name="w")
        u = tf.Variable(2.0)
    return Fetch([v, u], probe=[v.name, u.name], before=[tf.global_variables_initializer()])


@cases.case("Variables without an initial value are refused")
def _(tf: Any) -> Any:
    return tf.Variable(None)


@cases.case("global_variables_initializer groups the initializers as init")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0)
    w = tf.Variable(2.0)
    i1 = tf.global_variables_initializer()
    i2 = tf.variables_initializer([w], name="just_w")
    i3 = tf.variables_initializer([])
    probe = [i1.name, i1.type, i2.name, i3.name, _controls(i1, i2, i3)]
    return Fetch([v, w], probe=probe, before=[i1])


@cases.case("trainable_variables and global_variables")
def _(tf: Any) -> Any:
    tf.Variable(1.0, name="a")
    tf.Variable(2.0, name="b", trainable=False)
    tf.Variable(3.0, name="c")
    return Fetch(probe=[[v.name for v in tf.trainable_variables()],
                        [v.name for v in tf.global_variables()]])


@cases.case("control_dependencies gives new ops control inputs")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0])
    a = tf.assign(v, [5.0, 6.0])
    x = tf.constant(1.0)
    with tf.control_dependencies([a]):
        n = tf.no_op()
        y = tf.identity(v)
        z = y + x
        c = tf.constant(2.0)
        with tf.control_dependencies(None):
            free = tf.constant(3.0)
        with tf.control_dependencies([n]):
            both = x * 2.0
    probe = _controls(n, y, z, c, free, both)
    return Fetch([y, z, both], probe=probe, before=[v.initializer])


@cases.case("a Variable made in a control_dependencies block has none")
def _(tf: Any) -> Any:
    a = tf.no_op()
    with tf.control_dependencies([a]):
        v = tf.Variable(1.0)
    return Fetch(probe=_controls(v.op, v.initializer, v.value(), v.initial_value))


@cases.case("control dependencies run the assignment first")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0)
    add = tf.assign_add(v, 1.0)
    with tf.control_dependencies([add]):
        out = tf.constant(10.0) + 1.0
    return Fetch([v], before=[v.initializer, out, out])


@cases.case("group names its NoOp group_deps")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0)
    a = tf.assign_add(v, 1.0)
    b = tf.assign_add(v, 2.0)
    g1 = tf.group(a, b)
    g2 = tf.group(a, [b.op], name="both")
    g3 = tf.group()
    probe = [g1.name, g2.name, g3.name, _controls(g1, g2, g3)]
    return Fetch([v], probe=probe, before=[v.initializer, g1, g2])


@cases.case("control dependency on a tensor or a variable")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0)
    t = tf.constant(1.0)
    with tf.control_dependencies([t, v]):
        n = tf.no_op(name="after")
    return Fetch(probe=[n.name, _controls(n)])


@cases.case("an uninitialized variable among several fetches")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0)
    w = tf.Variable(2.0)
    return Fetch([v + 1.0, w * 2.0], before=[v.initializer])


@cases.case("a stateless op only control edges lead to is not run")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None], name="x")
    bad = tf.reshape(x, [5], name="bad")  # three fed elements: it would fail if it ran
    with tf.control_dependencies([bad]):
        after = tf.no_op(name="after")
        y = tf.identity(x, name="y")
    return Fetch([y], feed={x: np.ones(3, np.float32)}, before=[after])


@cases.case("a stateless op a fetched value reads still runs and fails")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None], name="x")
    bad = tf.reshape(x, [5], name="bad")
    with tf.control_dependencies([bad]):
        y = tf.identity(x, name="y")
    return Fetch([y, bad], feed={x: np.ones(3, np.float32)})


@cases.case("two writes of one variable fetched in one run both give its value at the end")
def _(tf: Any) -> Any:
    v = tf.Variable(5, name="v")
    w = tf.Variable([1.0, 2.0], name="w")
    return Fetch([tf.assign_add(v, 2), tf.assign_sub(v, 10),
                  tf.assign_add(w, [1.0, 1.0]), tf.assign_sub(w, [0.5, 4.0])],
                 before=[v.initializer, w.initializer])


@cases.case("a fetched assign shows the write that runs after it in the same run")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    first = tf.assign(v, [3.0, 4.0])
    with tf.control_dependencies([first]):
        second = tf.assign_add(v, [10.0, 10.0])
    return Fetch([first, second, v], before=[v.initializer])
