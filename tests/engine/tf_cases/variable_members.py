"""The members of a ``tf.compat.v1.Variable`` a TF1 program reaches for beyond assigning:
sliced assignment (``v[1:3].assign(...)``, TF's ``StridedSliceAssign``), ``set_shape``,
``assign(read_value=False)``, ``scatter_nd_max``/``scatter_nd_min``, and the in-place
operators (``v += 1`` makes a new tensor, as TF's do)."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("variable_members")


def _vector(tf: Any) -> Any:
    return tf.Variable([1.0, 2.0, 3.0, 4.0, 5.0], name="v")


def _matrix(tf: Any) -> Any:
    return tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], name="m")


@cases.case("assigning a slice of a Variable")
def _(tf: Any) -> Any:
    v = _vector(tf)
    out = v[1:3].assign([20.0, 30.0])
    return Fetch([out, v], before=[v.initializer],
                 probe=[out.name, out.op.type, out.dtype.name, str(out.shape),
                        [t.name for t in out.op.inputs],
                        [out.op.get_attr(k) for k in ("begin_mask", "end_mask",
                                                      "shrink_axis_mask")]])


@cases.case("assigning one element of a Variable")
def _(tf: Any) -> Any:
    v = _vector(tf)
    out = v[-1].assign(50.0)
    return Fetch([v], before=[v.initializer, out], probe=[out.name])


@cases.case("assigning a column of a matrix Variable")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    out = v[:, 1].assign([8.0, 9.0], name="column")
    return Fetch([v], before=[v.initializer, out], probe=[out.name, str(out.shape)])


@cases.case("assigning a strided slice with an ellipsis and a new axis")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    out = v[..., ::2].assign([[0.0, 0.0], [0.0, 0.0]])
    return Fetch([v], before=[v.initializer, out])


@cases.case("assigning a slice with a tensor bound")
def _(tf: Any) -> Any:
    v = _vector(tf)
    k = tf.placeholder(tf.int32, [], name="k")
    out = v[k:].assign(tf.zeros([2]))
    return Fetch([v], feed={k: 3}, before=[v.initializer, out])


@cases.case("assigning a slice a value of another shape fails when run")
def _(tf: Any) -> Any:
    v = _vector(tf)
    return Fetch([v[1:3].assign([1.0, 2.0, 3.0])], before=[v.initializer])


@cases.case("assigning a slice a value of another dtype fails when built")
def _(tf: Any) -> Any:
    v = _vector(tf)
    return v[1:3].assign(tf.constant([1, 2]))


@cases.case("a slice of a plain tensor has no assign")
def _(tf: Any) -> Any:
    t = tf.constant([1.0, 2.0])
    return Fetch(probe=[hasattr(t[0:1], "assign")])


@cases.case("set_shape of a Variable of unknown shape")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, None, name="p")
    v = tf.Variable(p, validate_shape=False, name="free")
    before = str(v.shape)
    v.set_shape([2])
    return Fetch(probe=[before, str(v.shape), str(v.value().shape), str(v._ref().shape)])


@cases.case("set_shape of an incompatible shape is refused")
def _(tf: Any) -> Any:
    v = _vector(tf)
    v.set_shape([3])
    return Fetch(probe=str(v.shape))


@cases.case("assign with read_value off gives the Assign operation")
def _(tf: Any) -> Any:
    v = _vector(tf)
    ops = [v.assign(tf.zeros([5]), read_value=False),
           v.assign_add(tf.ones([5]), read_value=False),
           v.assign_sub(tf.ones([5]), read_value=False, name="down")]
    return Fetch([v], before=[v.initializer, *ops], probe=[[o.name, o.type] for o in ops])


@cases.case("in-place operators on a Variable make new tensors")
def _(tf: Any) -> Any:
    v = _vector(tf)
    w = v
    w += 1.0
    u = v
    u *= 2.0
    return Fetch([w, u, v], before=[v.initializer], probe=[w.name, u.name])


@cases.case("Variable.scatter_nd_max and scatter_nd_min")
def _(tf: Any) -> Any:
    v = _matrix(tf)
    hi = v.scatter_nd_max([[0, 0], [1, 2]], [9.0, 0.0])
    lo = v.scatter_nd_min([[0, 1], [1, 1]], [-1.0, 7.0], name="low")
    return Fetch([v], before=[v.initializer, hi, lo],
                 probe=[hi.name, hi.op.type, lo.name, hi.op.get_attr("use_locking")])


@cases.case("initialized_value and initial_value of a Variable")
def _(tf: Any) -> Any:
    v = _vector(tf)
    return Fetch([v.initial_value], probe=[v.initial_value.name])


@cases.case("to_proto names a Variable's ops")
def _(tf: Any) -> Any:
    with tf.name_scope("model"):
        v = tf.Variable([1.0, 2.0], name="v")
        frozen = tf.Variable(3.0, trainable=False, name="frozen")
    return Fetch(probe=[v.to_proto().SerializeToString().hex(),
                        v.to_proto(export_scope="model").SerializeToString().hex(),
                        frozen.to_proto().SerializeToString().hex(),
                        v.to_proto(export_scope="other") is None])


@cases.case("from_proto rebuilds a Variable over the graph's ops")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    again = tf.Variable.from_proto(v.to_proto())
    return Fetch([again, again.value()], before=[again.initializer],
                 probe=[again.name, again.initializer.name, again.value().name,
                        again.initial_value.name, again.trainable, str(again.shape)])


@cases.case("from_proto under an import scope")
def _(tf: Any) -> Any:
    with tf.name_scope("copy"):
        v = tf.Variable([1.0, 2.0], name="v")
    again = tf.Variable.from_proto(v.to_proto(export_scope="copy"), import_scope="copy")
    return Fetch(probe=[again.name, again.initializer.name])


@cases.case("a Variable of a variable_def and an initial value is refused")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    return tf.Variable([1.0], variable_def=v.to_proto())


@cases.case("from_proto of names the graph lacks fails")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    proto = v.to_proto()
    proto.variable_name = "missing:0"
    return tf.Variable.from_proto(proto)
