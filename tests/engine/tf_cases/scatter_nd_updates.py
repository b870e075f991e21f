"""Changing elements or slices of a Variable at index tuples: ``tf.compat.v1.scatter_nd_update``,
``scatter_nd_add`` and ``scatter_nd_sub``, the Variable methods of the same names, and
``batch_scatter_update`` (TF's composite over ``ScatterNdUpdate``). What each builds and
names, the variable after a run, and TF's errors when built and when run."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("scatter_nd_updates")

_FUNCTIONS = ("scatter_nd_update", "scatter_nd_add", "scatter_nd_sub")


def _matrix(tf: Any) -> Any:
    return tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="m")


def _function_case(function: str) -> None:
    @cases.case(f"{function} of elements returns the reference")
    def _(tf: Any) -> Any:
        v = _matrix(tf)
        out = getattr(tf, function)(v, [[0, 1], [1, 2]], [10.0, 20.0])
        return Fetch([out, v], before=[v.initializer],
                     probe=[out.name, out.dtype.name, str(out.shape),
                            out.op.get_attr("use_locking"), [t.name for t in out.op.inputs]])

    @cases.case(f"{function} of rows")
    def _(tf: Any) -> Any:
        v = _matrix(tf)
        out = getattr(tf, function)(v, [[1]], [[7.0, 8.0, 9.0]])
        return Fetch([v], before=[v.initializer, out], probe=[out.name])

    @cases.case(f"{function} with repeated indices")
    def _(tf: Any) -> Any:
        v = tf.Variable([1.0, 2.0, 3.0, 4.0], name="v")
        out = getattr(tf, function)(v, [[3], [1], [3]], [5.0, 6.0, 7.0])
        return Fetch([v], before=[v.initializer, out])

    @cases.case(f"Variable.{function}")
    def _(tf: Any) -> Any:
        v = _matrix(tf)
        out = getattr(v, function)([[0, 0], [1, 1]], [0.5, 0.25])
        named = getattr(v, function)([[0, 2]], [1.0], name="named")
        return Fetch([v], before=[v.initializer, out],
                     probe=[out.name, named.name, out.op.get_attr("use_locking"),
                            [t.name for t in out.op.inputs]])


for _function in _FUNCTIONS:
    _function_case(_function)


@cases.case("scatter_nd_update of a 3-D variable by index pairs")
def _(tf: Any) -> Any:
    v = tf.Variable(np.arange(12, dtype=np.float32).reshape(2, 3, 2), name="cube")
    out = tf.scatter_nd_update(v, [[[0, 2]], [[1, 0]]], [[[-1.0, -2.0]], [[-3.0, -4.0]]])
    return Fetch([v], before=[v.initializer, out], probe=[str(out.shape)])


@cases.case("scatter_nd_add of an index out of range fails when run")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    return Fetch([tf.scatter_nd_add(v, [[0, 0], [2, 1]], [1.0, 1.0])], before=[v.initializer])


@cases.case("scatter_nd_update of a negative index fails when run")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    return Fetch([tf.scatter_nd_update(v, [[0, -1]], [1.0])], before=[v.initializer])


@cases.case("scatter_nd_update of updates of the wrong shape fails when built")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    return tf.scatter_nd_update(v, [[0, 1], [1, 2]], [1.0, 2.0, 3.0])


@cases.case("scatter_nd_add of slices of the wrong shape fails when built")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    return tf.scatter_nd_add(v, [[0]], [[1.0, 2.0]])


@cases.case("scatter_nd_sub of an index longer than the rank fails when run")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    return Fetch([tf.scatter_nd_sub(v, [[0, 1]], [1.0])], before=[v.initializer])


@cases.case("scatter_nd_update of scalar indices fails when built")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    return tf.scatter_nd_update(v, 0, 1.0)


@cases.case("scatter_nd_update of updates of the wrong shape fails when run")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    u = tf.placeholder(tf.float32, None, name="u")
    return Fetch([tf.scatter_nd_update(v, [[0, 1]], u)], feed={u: [1.0, 2.0]},
                 before=[v.initializer])


@cases.case("scatter_nd_add of unknown sizes keeps the variable's shape")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    i = tf.placeholder(tf.int32, [None, 2], name="i")
    u = tf.placeholder(tf.float32, [None], name="u")
    out = tf.scatter_nd_add(v, i, u)
    return Fetch([out], feed={i: [[1, 1], [1, 1]], u: [1.0, 2.0]}, before=[v.initializer],
                 probe=[str(out.shape)])


@cases.case("scatter_nd_add of updates of another dtype fails when built")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    return tf.scatter_nd_add(v, [[0, 0]], tf.constant([1], tf.int32))


@cases.case("scatter_nd_add of a bool variable is refused")
def _(tf: Any) -> Any:
    v = tf.Variable([True, False], name="b")
    return tf.scatter_nd_add(v, [[0]], [True])


@cases.case("scatter_nd_update of an int64-indexed string variable")
def _(tf: Any) -> Any:
    v = tf.Variable([b"a", b"b", b"c"], name="s")
    out = tf.scatter_nd_update(v, tf.constant([[2]], tf.int64), [b"z"])
    return Fetch([v], before=[v.initializer, out], probe=[out.op.get_attr("Tindices").name])


@cases.case("scatter_nd_update of a plain tensor is an AttributeError")
def _(tf: Any) -> Any:
    return tf.scatter_nd_update(tf.constant([1.0, 2.0]), [[0]], [1.0])


@cases.case("scatter_nd ops have no gradient")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    u = tf.constant([1.0], name="u")
    return Fetch(probe=[str(g) for g in tf.gradients(tf.scatter_nd_add(v, [[0, 0]], u), [u])])


@cases.case("batch_scatter_update of a vector is a ScatterNdUpdate")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0, 3.0, 4.0], name="v")
    out = tf.batch_scatter_update(v, [3, 0], [30.0, 0.5])
    return Fetch([v], before=[v.initializer, out],
                 probe=[out.name, out.op.type, out.op.get_attr("use_locking")])


@cases.case("batch_scatter_update of a matrix updates each row's own columns")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    out = tf.batch_scatter_update(v, [[2, 0], [1, 1]], [[-1.0, -2.0], [-3.0, -4.0]],
                                  name="batch")
    return Fetch([v], before=[v.initializer, out], probe=[out.name, str(out.shape)])


@cases.case("batch_scatter_update of a 3-D variable")
def _(tf: Any) -> Any:
    v = tf.Variable(np.zeros((2, 2, 3), np.int32), name="cube")
    out = tf.batch_scatter_update(v, tf.constant([[[1], [2]], [[0], [0]]], tf.int64),
                                  np.array([[[5], [6]], [[7], [8]]], np.int32))
    return Fetch([v], before=[v.initializer, out])


@cases.case("batch_scatter_update of indices of unknown rank is refused")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    i = tf.placeholder(tf.int32, None, name="i")
    return tf.batch_scatter_update(v, i, [1.0])


@cases.case("Variable.batch_scatter_update takes IndexedSlices")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    rows = tf.IndexedSlices(tf.constant([[9.0], [8.0]]), tf.constant([[1], [2]]))
    out = v.batch_scatter_update(rows)
    return Fetch([v], before=[v.initializer, out], probe=[out.name])
