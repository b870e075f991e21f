"""``tensor[...]``: StridedSlice with TF's begin, end, ellipsis, new-axis and shrink masks."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch


def _dims(t: Any) -> Any:
    """A static shape as JSON (unknown dims None; None for an unknown rank)."""
    return None if t.shape.rank is None else t.shape.as_list()


cases = Cases("slicing")
X = np.arange(24, dtype=np.int32).reshape(2, 3, 4)


@cases.case("an integer index shrinks its dimension")
def _(tf: Any) -> Any:
    x = tf.constant(X)
    return [x[0], x[1, 2], x[-1, -1, -1]]


@cases.case("slices with steps, negative bounds and reversal")
def _(tf: Any) -> Any:
    x = tf.constant(X)
    return [x[:, 1:], x[..., ::2], x[:, ::-1], x[1:, -2:, 1:3], x[:, 5:], x[::-1, ::-2, -1:0:-1]]


@cases.case("an ellipsis, a new axis and an index together")
def _(tf: Any) -> Any:
    x = tf.constant(X)
    return [x[..., 0, tf.newaxis], x[tf.newaxis], x[:, tf.newaxis, ..., 1:3], x[..., 1]]


@cases.case("slices of an unknown dimension")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 6])
    feed = {x: np.arange(12, dtype=np.float32).reshape(2, 6)}
    return Fetch([x[1:, ::2], x[:, tf.newaxis, ..., 1:3], x[0]], feed)


@cases.case("an index given by a tensor")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 6])
    i = tf.placeholder(tf.int32, [])
    feed = {x: np.arange(12, dtype=np.float32).reshape(2, 6), i: 1}
    return Fetch([x[i], x[i, 2:i + 4]], feed)


@cases.case("a slice of a slice of a shape")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4, 3])
    s = tf.shape(x)
    return Fetch([s[0], s[1:], s[-1]], {x: np.zeros((2, 4, 3), np.float32)},
                 probe=[_dims(s[1:]), _dims(s[-1])])


@cases.case("an index out of bounds fails")
def _(tf: Any) -> Any:
    return tf.ones([2, 3])[5]


@cases.case("more indices than dimensions fails")
def _(tf: Any) -> Any:
    return tf.ones([2, 3])[0, 0, 0]


@cases.case("slicing a scalar fails")
def _(tf: Any) -> Any:
    return tf.constant(1.0)[0]


@cases.case("a zero step fails")
def _(tf: Any) -> Any:
    return tf.ones([2, 3])[::0]


@cases.case("two ellipses fail")
def _(tf: Any) -> Any:
    return tf.ones([2, 3])[..., ...]


@cases.case("a float index fails")
def _(tf: Any) -> Any:
    return tf.ones([2, 3])[1.5]


@cases.case("a fed index out of bounds fails at run time")
def _(tf: Any) -> Any:
    i = tf.placeholder(tf.int32, [])
    return Fetch(tf.ones([2, 3])[i], {i: 4})


@cases.case("strided_slice with explicit masks")
def _(tf: Any) -> Any:
    x = tf.constant(X)
    return tf.strided_slice(x, [0, 1, 0], [2, 3, 4], [1, 1, 2], begin_mask=1, end_mask=4,
                            shrink_axis_mask=0)


def _shape_slice(label: str, shape: Any, take: Any) -> None:
    """A slice of ``tf.shape(x)`` as a reshape's target: the shape TF's refiner reads from
    it (its Subshape rule), or the error with which it refuses the slice."""
    @cases.case(f"a reshape to a slice of a shape: {label} of {shape}")
    def _(tf: Any) -> Any:
        x = tf.placeholder(tf.float32, shape)
        return Fetch(probe=str(tf.reshape(x, take(tf.shape(x)))))


for _shape in ([None, 3, None, 4], [2, 3, 4, 5]):
    _shape_slice("reversed", _shape, lambda s: s[::-1])
    _shape_slice("reversed from the last", _shape, lambda s: s[-1:0:-1])
    _shape_slice("reversed from 2 to 0", _shape, lambda s: s[2:0:-1])
    _shape_slice("every other from 3 back", _shape, lambda s: s[3::-2])
    _shape_slice("every other", _shape, lambda s: s[::2])
    _shape_slice("from 3 to 1", _shape, lambda s: s[3:1])
    _shape_slice("from -9", _shape, lambda s: s[-9:])
    _shape_slice("from 1 to -9", _shape, lambda s: s[1:-9])
    _shape_slice("back to -9", _shape, lambda s: s[:-9:-1])


@cases.case("a shape cast to int64 keeps its known dimensions for a reshape")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    s = tf.shape(x)
    return Fetch(probe=[str(tf.reshape(x, tf.cast(s, tf.int64))),
                        str(tf.reshape(x, tf.cast(tf.cast(s, tf.float32), tf.int32)))])


@cases.case("an unstacked shape's known entries are values for a reshape")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [2, 3])
    u, v = tf.unstack(tf.shape(x)), tf.unstack(tf.shape(y))
    return Fetch(probe=[str(tf.reshape(x, [-1, u[1]])), str(tf.reshape(y, [v[0], -1])),
                        str(tf.reshape(y, tf.stack([v[0], v[1]])))])
