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
