"""Booleans as indices: a bool tensor, a numpy bool array or a lone Python bool is a
boolean mask (``tf.boolean_mask``); a bool inside a list or a slice is an integer index
whose packed ``begin``/``end``/``strides`` the StridedSlice op refuses by dtype, as TF's."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("bool_indices")


def _x(tf: Any) -> Any:
    return tf.constant([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])


@cases.case("indexing by a comparison masks the elements")
def _(tf: Any) -> Any:
    x = _x(tf)
    return x[x > 0]


@cases.case("indexing by a numpy bool array masks the rows")
def _(tf: Any) -> Any:
    return _x(tf)[np.array([False, True])]


@cases.case("indexing by a bool tensor of the rows")
def _(tf: Any) -> Any:
    return _x(tf)[tf.constant([True, False])]


@cases.case("indexing by a fed bool mask of unknown length")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    m = tf.placeholder(tf.bool, [None])
    y = x[m]
    return Fetch(y, feed={x: np.arange(12.0).reshape(4, 3), m: [True, False, True, True]},
                 probe=str(y))


@cases.case("indexing by a lone True is a scalar mask")
def _(tf: Any) -> Any:
    return _x(tf)[True]


@cases.case("indexing by a bool scalar tensor is a scalar mask")
def _(tf: Any) -> Any:
    return _x(tf)[tf.constant(True)]


@cases.case("a list of bools is refused by the begin's dtype")
def _(tf: Any) -> Any:
    return _x(tf)[[True, False]]


@cases.case("a bool slice start is refused by the begin's dtype")
def _(tf: Any) -> Any:
    return _x(tf)[True:]


@cases.case("a bool slice stop is refused by the end's dtype")
def _(tf: Any) -> Any:
    return _x(tf)[1:True]


@cases.case("a bool beside a slice is index 0")
def _(tf: Any) -> Any:
    return _x(tf)[:, False]


@cases.case("a numpy bool scalar is not a valid index")
def _(tf: Any) -> Any:
    return _x(tf)[np.bool_(True)]


@cases.case("a mask of the wrong length fails at run time")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    m = tf.placeholder(tf.bool, [None])
    return Fetch(x[m], feed={x: np.ones((2, 3)), m: [True, False, True]})
