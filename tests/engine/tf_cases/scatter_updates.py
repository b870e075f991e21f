"""Changing rows of a Variable by index: ``tf.compat.v1.scatter_update`` and its family
(``scatter_add``, ``scatter_sub``, ``scatter_mul``, ``scatter_div``, ``scatter_max``,
``scatter_min``) and the Variable methods of the same names, which take an
``IndexedSlices``. What each builds and names, the ``use_locking`` each defaults to, the
variable after a run (repeated indices accumulate; ``scatter_update``'s last one wins), and
TF's errors when built and when run."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("scatter_updates")

_FUNCTIONS = ("scatter_update", "scatter_add", "scatter_sub", "scatter_mul", "scatter_div",
              "scatter_max", "scatter_min")


def _vector(tf: Any) -> Any:
    return tf.Variable([1.0, 2.0, 3.0, 4.0, 5.0], name="v")


def _function_case(function: str) -> None:
    @cases.case(f"{function} changes the rows named and returns the reference")
    def _(tf: Any) -> Any:
        v = _vector(tf)
        out = getattr(tf, function)(v, [0, 2], [10.0, 20.0])
        return Fetch([out, v], before=[v.initializer],
                     probe=[out.name, out.dtype.name, str(out.shape),
                            out.op.get_attr("use_locking"), out.op.get_attr("Tindices").name,
                            [t.name for t in out.op.inputs]])

    @cases.case(f"{function} with repeated indices")
    def _(tf: Any) -> Any:
        v = _vector(tf)
        out = getattr(tf, function)(v, [3, 1, 3, 3], [2.0, 4.0, 8.0, 0.5])
        return Fetch([v], before=[v.initializer, out])

    @cases.case(f"{function} of rows of a matrix")
    def _(tf: Any) -> Any:
        v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
        out = getattr(tf, function)(v, [[2], [0]], [[[7.0, 8.0]], [[9.0, 10.0]]], name="rows")
        return Fetch([v], before=[v.initializer, out], probe=[out.name, str(out.shape)])

    @cases.case(f"Variable.{function} takes IndexedSlices")
    def _(tf: Any) -> Any:
        v = _vector(tf)
        rows = tf.IndexedSlices(tf.constant([6.0, 3.0]), tf.constant([1, 4]))
        out = getattr(v, function)(rows)
        twice = getattr(v, function)(rows, use_locking=True, name="again")
        return Fetch([v], before=[v.initializer, out],
                     probe=[out.name, twice.name, out.op.get_attr("use_locking"),
                            twice.op.get_attr("use_locking")])

    @cases.case(f"Variable.{function} of a tensor is refused")
    def _(tf: Any) -> Any:
        v = _vector(tf)
        return getattr(v, function)(tf.constant([1.0, 1.0]))


for _function in _FUNCTIONS:
    _function_case(_function)


@cases.case("scatter_update with a scalar update sets every row named")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
    return Fetch([v], before=[v.initializer, tf.scatter_update(v, [0, 2], 0.0)])


@cases.case("scatter_add with int64 indices")
def _(tf: Any) -> Any:
    v = _vector(tf)
    out = tf.scatter_add(v, tf.constant([4, 0], tf.int64), [1.0, 1.0])
    return Fetch([out], before=[v.initializer], probe=[out.op.get_attr("Tindices").name])


@cases.case("scatter_div of integers truncates")
def _(tf: Any) -> Any:
    v = tf.Variable([7, -7, 9, 10], name="n")
    return Fetch([v], before=[v.initializer, tf.scatter_div(v, [0, 1, 2], [2, 2, -4])])


@cases.case("scatter_mul of integers")
def _(tf: Any) -> Any:
    v = tf.Variable(np.array([1, 2, 3], np.int64), name="n")
    return Fetch([v], before=[v.initializer, tf.scatter_mul(v, [2, 2], np.array([3, 5]))])


@cases.case("scatter_update of an index out of range fails when run")
def _(tf: Any) -> Any:
    v = _vector(tf)
    out = tf.scatter_update(v, [1, 7], [0.0, 0.0])
    return Fetch([out], before=[v.initializer])


@cases.case("scatter_add of a negative index fails when run")
def _(tf: Any) -> Any:
    v = _vector(tf)
    return Fetch([tf.scatter_add(v, [[0, 1], [-1, 2]], np.ones((2, 2), np.float32))],
                 before=[v.initializer])


@cases.case("scatter_update of updates of the wrong shape fails when built")
def _(tf: Any) -> Any:
    v = _vector(tf)
    return tf.scatter_update(v, [0, 1], [1.0, 2.0, 3.0])


@cases.case("scatter_add of updates of the wrong row shape fails when built")
def _(tf: Any) -> Any:
    v = tf.Variable(np.zeros((3, 2), np.float32), name="table")
    return tf.scatter_add(v, [0], [[1.0, 2.0, 3.0]])


@cases.case("scatter_sub of updates of the wrong shape fails when run")
def _(tf: Any) -> Any:
    v = _vector(tf)
    u = tf.placeholder(tf.float32, None, name="u")
    return Fetch([tf.scatter_sub(v, [0, 1], u)], feed={u: [1.0, 2.0, 3.0]},
                 before=[v.initializer])


@cases.case("scatter_max of unknown sizes keeps the variable's shape")
def _(tf: Any) -> Any:
    v = _vector(tf)
    i = tf.placeholder(tf.int32, [None], name="i")
    u = tf.placeholder(tf.float32, [None], name="u")
    out = tf.scatter_max(v, i, u)
    return Fetch([out], feed={i: [0, 4, 0], u: [3.0, 9.0, 0.5]}, before=[v.initializer],
                 probe=[str(out.shape)])


@cases.case("scatter_min of indices of unknown rank")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="table")
    i = tf.placeholder(tf.int32, None, name="i")
    out = tf.scatter_min(v, i, [[0.0, 9.0]])
    return Fetch([v], feed={i: [1]}, before=[v.initializer, out], probe=[str(out.shape)])


@cases.case("scatter_add of updates of another dtype fails when built")
def _(tf: Any) -> Any:
    v = _vector(tf)
    return tf.scatter_add(v, [0], tf.constant([1], tf.int32))


@cases.case("scatter_update of float indices fails when built")
def _(tf: Any) -> Any:
    v = _vector(tf)
    return tf.scatter_update(v, tf.constant([0.0]), [1.0])


@cases.case("scatter_max of a complex variable is refused")
def _(tf: Any) -> Any:
    v = tf.Variable(np.array([1 + 1j], np.complex64), name="c")
    return tf.scatter_max(v, [0], np.array([2j], np.complex64))


@cases.case("scatter_add of a bool variable is refused")
def _(tf: Any) -> Any:
    v = tf.Variable([True, False], name="b")
    return tf.scatter_add(v, [0], [True])


@cases.case("scatter_update of a bool variable")
def _(tf: Any) -> Any:
    v = tf.Variable([True, False], name="b")
    return Fetch([v], before=[v.initializer, tf.scatter_update(v, [1, 0], [True, False])])


@cases.case("scatter_update of a scalar variable fails when run")
def _(tf: Any) -> Any:
    v = tf.Variable(1.0, name="s")
    out = tf.scatter_update(v, [0], [2.0])
    return Fetch([out], before=[v.initializer], probe=[str(out.shape)])


@cases.case("scatter_update of an uninitialized variable fails when run")
def _(tf: Any) -> Any:
    v = _vector(tf)
    return tf.scatter_update(v, [0], [2.0])


@cases.case("scatter_update of a plain tensor is an AttributeError")
def _(tf: Any) -> Any:
    return tf.scatter_update(tf.constant([1.0, 2.0]), [0], [1.0])


@cases.case("scatter ops have no gradient")
def _(tf: Any) -> Any:
    v = _vector(tf)
    u = tf.constant([1.0, 2.0], name="u")
    out = tf.scatter_mul(v, [0, 1], u)
    return Fetch(probe=[str(g) for g in tf.gradients(out, [u])])


@cases.case("a scatter in a control dependency runs before the read")
def _(tf: Any) -> Any:
    v = _vector(tf)
    with tf.control_dependencies([tf.scatter_add(v, [0], [100.0])]):
        read = tf.identity(v, name="after")
    return Fetch([read], before=[v.initializer])


@cases.case("scatter_update, scatter_max and scatter_min declare no gradient at all")
def _(tf: Any) -> Any:
    v = _vector(tf)
    u = tf.constant([1.0, 2.0], name="u")
    found = []
    for function in ("scatter_update", "scatter_max", "scatter_min"):
        out = getattr(tf, function)(v, [0, 1], u)
        try:
            found.append([str(g) for g in tf.gradients(out, [u])])
        except LookupError as e:
            found.append(str(e))
    return Fetch(probe=found)


@cases.case("a scatter of a scatter's reference chains the updates")
def _(tf: Any) -> Any:
    v = _vector(tf)
    first = tf.scatter_update(v, [0], [10.0])
    second = tf.scatter_add(first, [0, 1], [1.0, 1.0])
    return Fetch([v], before=[v.initializer, second],
                 probe=[[t.name for t in second.op.inputs]])


@cases.case("scatter updates under a name scope and as raw ops")
def _(tf: Any) -> Any:
    v = _vector(tf)
    with tf.name_scope("train"):
        scoped = tf.scatter_sub(v, [2], [1.0])
        method = v.scatter_min(tf.IndexedSlices(tf.constant([0.5]), tf.constant([3])))
    raw = tf.raw_ops.ScatterMul(ref=v, indices=[4], updates=[3.0])
    return Fetch([v], before=[v.initializer, scoped, method, raw],
                 probe=[scoped.name, method.name, raw.name, raw.op.get_attr("use_locking")])
