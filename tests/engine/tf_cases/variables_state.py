"""Variables beyond building and assigning: assign on a plain tensor, use_locking and
validate_shape, wrong dtypes and shapes, the arithmetic and comparison operators of a
Variable, ``eval`` under a default session, ``load``, ``initialized_value``, initializers of
a subset, and asking which variables are initialized."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("variables_state")


@cases.case("assign to a plain tensor is an AttributeError")
def _(tf: Any) -> Any:
    return tf.assign(tf.constant([1.0, 2.0]), [3.0, 4.0])


@cases.case("assign_add to a plain tensor is an AttributeError")
def _(tf: Any) -> Any:
    return tf.assign_add(tf.constant([1.0, 2.0]), [3.0, 4.0])


@cases.case("assign_sub to a plain tensor is an AttributeError")
def _(tf: Any) -> Any:
    return tf.assign_sub(tf.constant([1.0, 2.0]), [3.0, 4.0])


@cases.case("assign with use_locking and validate_shape off")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    a = tf.assign(v, [1.0, 2.0, 3.0], validate_shape=False, use_locking=False, name="grow")
    return Fetch([a], before=[v.initializer],
                 probe=[str(a.shape), a.op.get_attr("use_locking"),
                        a.op.get_attr("validate_shape")])


@cases.case("assign_add with use_locking keeps the attr")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    a = tf.assign_add(v, [1.0, 1.0], use_locking=True)
    return Fetch([a], before=[v.initializer], probe=[a.op.get_attr("use_locking")])


@cases.case("assign of a wrong dtype fails at build time")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    return tf.assign(v, tf.constant([1, 2]))


@cases.case("assign of a wrong shape fails at build time")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0]], name="v")
    return v.assign([[1.0], [2.0]])


@cases.case("assign_sub of a wrong shape fails at build time")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    return tf.assign_sub(v, [1.0, 2.0, 3.0])


@cases.case("Variable arithmetic operators read the variable")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, -2.0, 4.0], name="v")
    outs = [v + 1.0, 1.0 - v, v * v, v / 2.0, 2.0 / v, -v, abs(v), v ** 2, v // 3.0, v % 3.0,
            v @ tf.constant([[1.0], [0.0], [1.0]]) if hasattr(v, "__matmul__") else v]
    return Fetch(outs, before=[v.initializer])


@cases.case("Variable comparisons build Less, Greater and friends")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0, 3.0], name="v")
    return Fetch([v < 2.0, v <= 2.0, v > 2.0, v >= 2.0], before=[v.initializer],
                 probe=[v == v, v != 1.0])


@cases.case("Variable indexing and the ops a slice builds")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="v")
    return Fetch([v[0], v[:, 1], v[-1, -1]], before=[v.initializer])


@cases.case("eval of a Variable and a Tensor under a default session")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    t = v * 3.0
    with tf.Session() as sess:
        sess.run(v.initializer)
        got = [v.eval().tolist(), t.eval().tolist(), t.eval(session=sess).tolist()]
    return Fetch(probe=got)


@cases.case("eval without a default session fails")
def _(tf: Any) -> Any:
    return tf.constant(1.0).eval()


@cases.case("Operation.run under a default session")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.Session():
        v.initializer.run()
        tf.assign_add(v, [1.0, 1.0]).op.run()
        got = v.eval().tolist()
    return Fetch(probe=got)


@cases.case("load writes a value without adding ops")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as sess:
        sess.run(v.initializer)
        before = len(tf.get_default_graph().get_operations())
        v.load([5.0, 6.0], sess)
        after = len(tf.get_default_graph().get_operations())
        got = sess.run(v).tolist()
    return Fetch(probe=[got, after - before])


@cases.case("load of a wrong shape fails")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as sess:
        sess.run(v.initializer)
        v.load([5.0, 6.0, 7.0], sess)
    return Fetch(probe="loaded")


@cases.case("variables_initializer of a subset leaves the others uninitialized")
def _(tf: Any) -> Any:
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    init = tf.variables_initializer([a], name="init_a")
    return Fetch([b], before=[init], probe=[init.name, init.type,
                                            [x.name for x in init.control_inputs]])


@cases.case("variables_initializer of an empty list is a NoOp")
def _(tf: Any) -> Any:
    init = tf.variables_initializer([])
    return Fetch([init], probe=[init.name, init.type])


@cases.case("report_uninitialized_variables names the uninitialized ones")
def _(tf: Any) -> Any:
    a = tf.Variable(1.0, name="a")
    tf.Variable(2.0, name="b")
    with tf.name_scope("s"):
        tf.Variable([3.0], name="c")
    report = tf.report_uninitialized_variables()
    return Fetch([report], before=[a.initializer],
                 probe=[report.name, str(report.shape), report.dtype.name])


@cases.case("report_uninitialized_variables with everything initialized is empty")
def _(tf: Any) -> Any:
    tf.Variable(1.0, name="a")
    report = tf.report_uninitialized_variables(name="left")
    return Fetch([report], before=[tf.global_variables_initializer()], probe=[report.name])


@cases.case("report_uninitialized_variables of a list")
def _(tf: Any) -> Any:
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    return tf.report_uninitialized_variables([a, b])


@cases.case("report_uninitialized_variables without variables")
def _(tf: Any) -> Any:
    return tf.report_uninitialized_variables()


@cases.case("is_variable_initialized before and after the initializer")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0, name="v")
    before = tf.is_variable_initialized(v)
    after = tf.is_variable_initialized(v)
    return Fetch([before], probe=[before.name, after.name, before.dtype.name,
                                  str(before.shape)])


@cases.case("is_variable_initialized after the initializer ran")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0, name="v")
    return Fetch([tf.is_variable_initialized(v)], before=[v.initializer])


@cases.case("is_variable_initialized of a plain tensor is an AttributeError")
def _(tf: Any) -> Any:
    return tf.is_variable_initialized(tf.constant(1.0))


@cases.case("assign to a Python list reads its dtype first")
def _(tf: Any) -> Any:
    return tf.assign([1.0], [2.0])


@cases.case("scatter_add to a plain tensor is an AttributeError")
def _(tf: Any) -> Any:
    return tf.scatter_add(tf.constant([1.0, 2.0]), [0], [1.0])


@cases.case("boolean_mask keeps the rows where the mask is true")
def _(tf: Any) -> Any:
    return tf.boolean_mask(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                           [True, False, True])


@cases.case("boolean_mask of a matrix mask flattens both")
def _(tf: Any) -> Any:
    return tf.boolean_mask(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
                           [[True, False], [False, True], [True, True]])


@cases.case("boolean_mask along axis 1")
def _(tf: Any) -> Any:
    return tf.boolean_mask(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), [True, False],
                           axis=1)


@cases.case("boolean_mask of unknown sizes")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    m = tf.placeholder(tf.bool, [None], name="m")
    return Fetch(tf.boolean_mask(x, m), feed={x: [[1.0, 2.0], [3.0, 4.0]], m: [False, True]})


@cases.case("boolean_mask of a scalar mask is refused")
def _(tf: Any) -> Any:
    return tf.boolean_mask(tf.constant([1.0, 2.0]), True)


@cases.case("boolean_mask of a mask of another length is refused")
def _(tf: Any) -> Any:
    return tf.boolean_mask(tf.constant([1.0, 2.0]), [True, False, True])


@cases.case("a Variable's name, shape, dtype and graph properties")
def _(tf: Any) -> Any:
    v = tf.Variable(np.zeros((2, 3), np.float64), name="v")
    return Fetch(probe=[v.name, str(v.shape), v.dtype.name, str(v.get_shape()),
                        v.op.name, v.initializer.name, v.value().name, v.trainable,
                        v.initial_value.name, v.device])


@cases.case("count_up_to returns the value before and counts")
def _(tf: Any) -> Any:
    v = tf.Variable(0, name="epochs")
    c = tf.count_up_to(v, 3)
    return Fetch([c, v], before=[v.initializer, c],
                 probe=[c.name, c.dtype.name, str(c.shape), c.op.get_attr("limit")])


@cases.case("count_up_to at its limit is an OutOfRangeError")
def _(tf: Any) -> Any:
    v = tf.Variable(np.int64(1), name="epochs")
    c = v.count_up_to(2)
    return Fetch([c], before=[v.initializer, c])


@cases.case("count_up_to of an uninitialized variable fails")
def _(tf: Any) -> Any:
    v = tf.Variable(0, name="epochs")
    return tf.count_up_to(v, 3)


@cases.case("count_up_to of a float variable is refused")
def _(tf: Any) -> Any:
    v = tf.Variable(0.0, name="f")
    return tf.count_up_to(v, 3)


@cases.case("count_up_to of a vector variable is refused when built")
def _(tf: Any) -> Any:
    v = tf.Variable([0, 1], name="vec")
    return Fetch([tf.count_up_to(v, 3)], before=[v.initializer])


@cases.case("count_up_to of a plain tensor is an AttributeError")
def _(tf: Any) -> Any:
    return tf.count_up_to(tf.constant(1), 3)


@cases.case("raw ops take a Variable as their reference input")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    n = tf.Variable(0, name="n")
    a = tf.raw_ops.AssignAdd(ref=v, value=[1.0, 1.0])
    d = tf.raw_ops.ApplyGradientDescent(var=v, alpha=0.5, delta=[2.0, 2.0])
    c = tf.raw_ops.CountUpTo(ref=n, limit=5)
    i = tf.raw_ops.IsVariableInitialized(ref=v)
    return Fetch([i, v, n], before=[tf.global_variables_initializer(), a, d, c],
                 probe=[[t.name for t in op.op.inputs] for op in (a, d, c, i)])


@cases.case("Variable.scatter_add and scatter_sub take IndexedSlices")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
    rows = tf.IndexedSlices(tf.constant([[1.0, 1.0], [2.0, 2.0]]), tf.constant([2, 0]))
    add = v.scatter_add(rows)
    sub = v.scatter_sub(rows)
    return Fetch([v], before=[v.initializer, add, add, sub], probe=[add.name, sub.name])


@cases.case("Variable.scatter_add of a tensor is refused")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    return v.scatter_add(tf.constant([1.0, 1.0]))


@cases.case("assert_variables_initialized of one variable is its rank")
def _(tf: Any) -> Any:
    a = tf.Variable([[1.0, 2.0]], name="a")
    check = tf.assert_variables_initialized([a])
    return Fetch([check], before=[a.initializer], probe=[check.name])


@cases.case("assert_variables_initialized without variables is None")
def _(tf: Any) -> Any:
    return Fetch(None, probe=[tf.assert_variables_initialized() is None])


@cases.case("assert_variables_initialized gives the ranks of the variables")
def _(tf: Any) -> Any:
    tf.Variable([1.0, 2.0], name="a")
    tf.Variable(3.0, name="b")
    check = tf.assert_variables_initialized()
    return Fetch([check], before=[tf.global_variables_initializer()], probe=[check.name])


@cases.case("assert_variables_initialized fails on an uninitialized variable")
def _(tf: Any) -> Any:
    a = tf.Variable([1.0, 2.0], name="a")
    tf.Variable(3.0, name="b")
    return Fetch([tf.assert_variables_initialized()], before=[a.initializer])
