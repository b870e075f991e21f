"""``conv2d`` of an input of rank 5 or more: TF folds the outer dimensions into one batch
(``squeeze_batch_dims``), convolves, and unfolds them, with run-time shape slices where the
static shape leaves dimensions unknown."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("conv_batch_dims")


def _filter(tf: Any, shape: tuple[int, ...] = (3, 3, 4, 6)) -> Any:
    return tf.constant(np.random.RandomState(1).uniform(-1, 1, shape).astype("float32"))


def _value(shape: tuple[int, ...]) -> np.ndarray:
    return np.random.RandomState(0).uniform(-1, 1, shape).astype("float32")


@cases.case("rank 5 constant input, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_value((2, 3, 5, 5, 4)))
    y = tf.nn.conv2d(x, _filter(tf), [1, 1, 1, 1], "SAME")
    return [y, *tf.gradients(tf.reduce_sum(y * y), [x])]


@cases.case("unknown outer dims, named, strided, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, None, 5, 5, 4])
    y = tf.nn.conv2d(p, _filter(tf), [1, 2, 2, 1], "SAME", name="c")
    return Fetch([y, *tf.gradients(tf.reduce_sum(y * y), [p])], feed={p: _value((2, 1, 5, 5, 4))},
                 probe=str(y))


@cases.case("unknown image dims of a rank 5 input", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [2, None, None, 5, 4])
    y = tf.nn.conv2d(p, _filter(tf), [1, 1, 1, 1], "VALID")
    return Fetch(y, feed={p: _value((2, 1, 4, 5, 4))}, probe=str(y))


@cases.case("rank 6 input of a numpy array", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.conv2d(_value((1, 2, 1, 3, 3, 4)), _filter(tf), 1, "VALID")


@cases.case("rank 5 input, NCHW", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.conv2d(tf.constant(_value((2, 2, 4, 5, 5))), _filter(tf), 1, "SAME",
                        data_format="NCHW")


@cases.case("rank 5 input whose depth does not fit the filter")
def _(tf: Any) -> Any:
    return tf.nn.conv2d(tf.constant(_value((2, 2, 5, 5, 3))), _filter(tf), 1, "SAME")
