"""Sparse gradients: a gather along axis 0 gives ``IndexedSlices`` (its values, indices and
dense shape, what ``str`` prints, what a session fetches), made dense where TF makes it
dense (``convert_to_tensor``, an op's input, ``add_n``: ``UnsortedSegmentSum`` in the scope
there), and several contributions to one tensor summed as TF's ``gradients`` sums them
(all sparse: concatenated; any dense: one AddN)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("sparse_gradients")
R = np.random.default_rng(24)
E32 = R.standard_normal((4, 3)).astype(np.float32)
W32 = R.standard_normal((3, 2)).astype(np.float32)


def _about(s: Any) -> list[Any]:
    """What TF says of an IndexedSlices at build time."""
    shape = s.shape
    return [type(s).__name__, str(s), s.name, s.dtype.name, s.op.name, s.device,
            None if shape.rank is None else shape.as_list()]


def _slices(s: Any) -> list[Any]:
    return [s.values, s.indices] + ([] if s.dense_shape is None else [s.dense_shape])


@cases.case("a gather along axis 0 gives IndexedSlices")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0, 3.0])
    g = tf.gradients(tf.reduce_sum(tf.gather(a, [0, 0, 2])), a)[0]
    return Fetch(_slices(g), probe=_about(g))


@cases.case("a session fetches IndexedSlices as an IndexedSlicesValue")
def _(tf: Any) -> Any:
    e = tf.constant(E32)
    g = tf.gradients(tf.reduce_sum(tf.gather(e, [3, 1, 3]) * 2.0), e)[0]
    return Fetch([g], probe=_about(g))


@cases.case("convert_to_tensor sums the slices where it is called")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0, 3.0])
    g = tf.gradients(tf.reduce_sum(tf.gather(a, [0, 0, 2])), a)[0]
    return tf.convert_to_tensor(g)


@cases.case("an op's input converts in its scope, named after the input")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0, 3.0])
    g = tf.gradients(tf.reduce_sum(tf.gather(a, [1, 2, 2])), a)[0]
    with tf.name_scope("scaled"):
        d = tf.multiply(tf.convert_to_tensor(g), 2.0)
    with tf.name_scope("scaled"):
        m = tf.multiply(g, 3.0)
    return [d, m, tf.add_n([g]), tf.add_n([g, g], name="both")]


@cases.case("dense and sparse gradients of one tensor sum with AddN")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0, 3.0])
    y = tf.reduce_sum(tf.gather(a, [0, 2])) + tf.reduce_sum(a * 2.0)
    return tf.gradients(y, a)


@cases.case("two sparse gradients of one tensor concatenate")
def _(tf: Any) -> Any:
    e = tf.constant(E32)
    y = tf.reduce_sum(tf.gather(e, [0, 2])) + tf.reduce_sum(tf.gather(e, [2]) * 3.0)
    g = tf.gradients(y, e)[0]
    return Fetch(_slices(g) + [tf.convert_to_tensor(g)], probe=_about(g))


@cases.case("int32 indices are cast to int64 to concatenate with int64 ones")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0, 3.0])
    y = (tf.reduce_sum(tf.gather(a, [0, 2]))
         + tf.reduce_sum(tf.gather(a, tf.constant([1], tf.int64))))
    g = tf.gradients(y, a)[0]
    return Fetch(_slices(g), probe=_about(g))


@cases.case("a gather from a variable's read gives the variable IndexedSlices")
def _(tf: Any) -> Any:
    v = tf.Variable(E32, name="embedding")
    g = tf.gradients(tf.reduce_sum(tf.gather(v, [0, 2, 0])), v)[0]
    return Fetch(_slices(g), probe=_about(g), before=[tf.global_variables_initializer()])


@cases.case("a gather of a gather makes the inner gradient dense")
def _(tf: Any) -> Any:
    e = tf.constant(E32)
    y = tf.reduce_sum(tf.gather(tf.gather(e, [0, 2, 3]), [1, 1]))
    g = tf.gradients(y, e)[0]
    return Fetch(_slices(g), probe=_about(g))


@cases.case("unknown shapes: dense_shape is a Shape op")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 3])
    i = tf.placeholder(tf.int32, [None])
    g = tf.gradients(tf.reduce_sum(tf.gather(p, i)), p)[0]
    return Fetch(_slices(g) + [tf.convert_to_tensor(g)], feed={p: E32, i: [3, 0, 3]},
                 probe=_about(g))


@cases.case("gate_gradients passes the values through tuple's Identity")
def _(tf: Any) -> Any:
    e = tf.constant(E32)
    w = tf.constant(W32)
    y = tf.reduce_sum(tf.matmul(tf.gather(e, [1, 3]), w))
    g, gw = tf.gradients(y, [e, w], gate_gradients=True)
    return Fetch(_slices(g) + [gw], probe=_about(g))


@cases.case("a gradient through a dense op after the gather converts there")
def _(tf: Any) -> Any:
    e = tf.constant(E32)
    x = e * 2.0
    g = tf.gradients(tf.reduce_sum(tf.gather(x, [1, 1, 0])), e)
    return g


@cases.case("negating IndexedSlices negates the values")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0, 3.0])
    g = -tf.gradients(tf.reduce_sum(tf.gather(a, [2, 0])), a)[0]
    return Fetch(_slices(g), probe=_about(g))


@cases.case("IndexedSlices built by hand, their shape from dense_shape")
def _(tf: Any) -> Any:
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([3, 2]))
    return Fetch([s, tf.convert_to_tensor(s)], probe=_about(s))


@cases.case("converting to another dtype fails")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0, 3.0])
    g = tf.gradients(tf.reduce_sum(tf.gather(a, [0])), a)[0]
    return tf.convert_to_tensor(g, dtype=tf.float64)


@cases.case("converting slices without a dense_shape fails")
def _(tf: Any) -> Any:
    s = tf.IndexedSlices(tf.constant([1.0]), tf.constant([0]))
    return tf.convert_to_tensor(s)


@cases.case("fetching slices without a dense_shape gives None for it")
def _(tf: Any) -> Any:
    s = tf.IndexedSlices(tf.constant([1.0, 4.0]), tf.constant([0, 0]))
    return Fetch([s], probe=[str(s), s.shape.rank])


@cases.case("a cast's gradient and cast keep IndexedSlices, casting the values")
def _(tf: Any) -> Any:
    e = tf.constant(E32)
    g = tf.gradients(tf.reduce_sum(tf.gather(tf.cast(e, tf.float64), [0, 2])), e)[0]
    again = tf.cast(g, tf.float64, name="again")
    return Fetch(_slices(g) + _slices(again), probe=[_about(g), _about(again)])


def _concat_then_gather(tf: Any, axis: int) -> Any:
    a = tf.constant(E32[:3, :2])
    b = tf.constant(E32[:2, :2] * 2 if axis != 1 else E32[1:, :2] * 2)
    c = tf.concat([a, b], axis)
    y = tf.reduce_sum(tf.gather(c, [0, 4, 1] if axis != 1 else [1, 2, 1]) * 3.0)
    da, db = tf.gradients(y, [a, b])
    return Fetch(_slices(da) + _slices(db) + [tf.convert_to_tensor(da),
                                              tf.convert_to_tensor(db)],
                 probe=[_about(da), _about(db)])


@cases.case("a concatenation along axis 0 splits IndexedSlices by their rows")
def _(tf: Any) -> Any:
    return _concat_then_gather(tf, 0)


@cases.case("a concatenation along axis 1 slices each IndexedSlices' values")
def _(tf: Any) -> Any:
    return _concat_then_gather(tf, 1)


@cases.case("a concatenation along a negative axis reads the rank")
def _(tf: Any) -> Any:
    return _concat_then_gather(tf, -2)


@cases.case("a concatenation along an axis fed at run time cannot split IndexedSlices")
def _(tf: Any) -> Any:
    axis = tf.placeholder(tf.int32, [])
    a, b = tf.constant(E32[:2]), tf.constant(E32[2:])
    y = tf.reduce_sum(tf.gather(tf.concat([a, b], axis), [1, 3]))
    return tf.gradients(y, [a, b])


@cases.case("feeding IndexedSlices feeds its three tensors")
def _(tf: Any) -> Any:
    v = tf.placeholder(tf.float32, [None, 2])
    i = tf.placeholder(tf.int32, [None])
    d = tf.placeholder(tf.int32, [2])
    s = tf.IndexedSlices(v, i, d)
    return Fetch([tf.convert_to_tensor(s)], feed={s: ([[1.0, 2.0], [3.0, 4.0]], [2, 0], [3, 2])})


@cases.case("feeding IndexedSlices without dense_shape feeds two tensors")
def _(tf: Any) -> Any:
    v = tf.placeholder(tf.float32, [None, 2])
    i = tf.placeholder(tf.int32, [None])
    s = tf.IndexedSlices(v, i)
    return Fetch([s], feed={s: ([[1.0, 2.0]], [1], [9, 9])})


#: ops whose output is gathered from: their gradient functions receive IndexedSlices and
#: make them dense where TF's do (an input's conversion, or TF's explicit one first)
CONSUMERS: dict[str, Any] = {
    "tanh": lambda tf, x: tf.tanh(x),
    "relu": lambda tf, x: tf.nn.relu(x),
    "sigmoid": lambda tf, x: tf.sigmoid(x),
    "square": lambda tf, x: tf.square(x),
    "matmul": lambda tf, x: tf.matmul(x, tf.constant(W32.T @ W32)),
    "a bias add": lambda tf, x: x + tf.constant([1.0, 2.0, 3.0]),
    "a subtraction": lambda tf, x: x - 1.0,
    "a division": lambda tf, x: x / 2.0,
    "reshape": lambda tf, x: tf.reshape(tf.reshape(x, [12]), [4, 3]),
    "transpose": lambda tf, x: tf.transpose(tf.transpose(x)),
    "stack and slice": lambda tf, x: tf.stack([x, x])[0],
    "expand_dims and squeeze": lambda tf, x: tf.squeeze(tf.expand_dims(x, 0), [0]),
    "softmax": lambda tf, x: tf.nn.softmax(x),
    "maximum": lambda tf, x: tf.maximum(x, 0.1),
}


def _consumer_case(label: str) -> None:
    @cases.case(f"the gradient of {label} before a gather converts where TF's does",
                rtol=1e-5)
    def _(tf: Any) -> Any:
        x = tf.constant(E32)
        y = tf.reduce_sum(tf.gather(CONSUMERS[label](tf, x), [3, 1, 3])
                          * tf.constant([1.0, 2.0, 3.0]))
        (g,) = tf.gradients(y, x)
        return [tf.convert_to_tensor(g)]


for _label in CONSUMERS:
    _consumer_case(_label)


@cases.case("identity and stop_gradient of IndexedSlices apply to each of its tensors")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0, 3.0])
    g = tf.gradients(tf.reduce_sum(tf.gather(a, [0, 0, 2])), a)[0]
    same = tf.identity(g, name="ident")
    held = tf.stop_gradient(g)
    return Fetch(_slices(same) + _slices(held), probe=[_about(same), _about(held)])
