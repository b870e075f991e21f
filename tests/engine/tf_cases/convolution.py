"""``tf.nn.convolution``, ``atrous_conv2d`` and ``conv1d``: TF's generic convolution entry
points, which name their scopes ``convolution`` (and ``convolution_internal`` for converted
inputs), call Conv2D directly at rate 1 and go through ``with_space_to_batch`` above it."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("convolution")


def _r(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype("float32")


def _grads(tf: Any, y: Any, xs: list[Any]) -> list[Any]:
    return tf.gradients(tf.reduce_sum(y * y), xs)


@cases.case("convolution of numpy arrays", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.convolution(_r(2, 6, 6, 3), _r(3, 3, 3, 4, seed=1), "SAME")


@cases.case("convolution of tensors, strided, named, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 7, 7, 3))
    f = tf.constant(_r(3, 3, 3, 4, seed=1))
    y = tf.nn.convolution(x, f, "VALID", strides=[2, 2], name="conv")
    return [y, *_grads(tf, y, [x, f])]


@cases.case("convolution at a dilation rate, SAME, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 9, 9, 3))
    f = tf.constant(_r(3, 3, 3, 4, seed=1))
    y = tf.nn.convolution(x, f, "SAME", dilation_rate=[2, 2])
    return [y, *_grads(tf, y, [x, f])]


@cases.case("convolution at a dilation rate of an unknown size", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    y = tf.nn.convolution(p, _r(2, 3, 3, 2, seed=1), "VALID", dilation_rate=[3, 2])
    return Fetch(y, feed={p: _r(1, 8, 9, 3)}, probe=str(y))


@cases.case("convolution with both strides and a dilation rate")
def _(tf: Any) -> Any:
    return tf.nn.convolution(_r(1, 6, 6, 1), _r(3, 3, 1, 1), "SAME", strides=[2, 2],
                             dilation_rate=[2, 2])


@cases.case("convolution of a 1-D input, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 9, 3))
    f = tf.constant(_r(3, 3, 4, seed=1))
    y = tf.nn.convolution(x, f, "SAME")
    return [y, *_grads(tf, y, [x, f])]


@cases.case("convolution of a 1-D input at a dilation rate", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.convolution(_r(2, 9, 3), _r(3, 3, 4, seed=1), "VALID", dilation_rate=[2])


@cases.case("convolution whose input channels do not fit the filter")
def _(tf: Any) -> Any:
    return tf.nn.convolution(_r(1, 6, 6, 3), _r(3, 3, 2, 1), "SAME")


@cases.case("atrous_conv2d, SAME, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 9, 9, 3))
    f = tf.constant(_r(3, 3, 3, 4, seed=1))
    y = tf.nn.atrous_conv2d(x, f, 2, "SAME")
    return [y, *_grads(tf, y, [x, f])]


@cases.case("atrous_conv2d, VALID, named, unknown batch", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 10, 9, 2])
    y = tf.nn.atrous_conv2d(p, _r(3, 2, 2, 3, seed=1), 3, "VALID", name="atrous")
    return Fetch(y, feed={p: _r(2, 10, 9, 2)}, probe=str(y))


@cases.case("atrous_conv2d at rate 1", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.atrous_conv2d(_r(1, 5, 5, 2), _r(3, 3, 2, 2, seed=1), 1, "SAME")


@cases.case("conv1d, strided, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 9, 3))
    f = tf.constant(_r(3, 3, 4, seed=1))
    y = tf.nn.conv1d(x, f, 2, "SAME")
    return [y, *_grads(tf, y, [x, f])]


@cases.case("conv1d of an unknown batch, named, VALID", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 8, 2])
    y = tf.nn.conv1d(p, _r(2, 2, 3, seed=1), 1, "VALID", name="c1")
    return Fetch(y, feed={p: _r(3, 8, 2)}, probe=str(y))


@cases.case("conv1d with a dilation", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.conv1d(_r(1, 9, 2), _r(3, 2, 2, seed=1), 1, "SAME", dilations=2)


@cases.case("conv1d in NCW")
def _(tf: Any) -> Any:
    return tf.nn.conv1d(_r(1, 2, 9), _r(3, 2, 2, seed=1), 1, "SAME", data_format="NCW")


@cases.case("convolution with both filter and filters")
def _(tf: Any) -> Any:
    f = _r(3, 3, 1, 1)
    return tf.nn.convolution(_r(1, 5, 5, 1), f, "SAME", filters=f)


@cases.case("convolution with both dilation_rate and dilations")
def _(tf: Any) -> Any:
    return tf.nn.convolution(_r(1, 5, 5, 1), _r(3, 3, 1, 1), "SAME", dilation_rate=[2, 2],
                             dilations=[2, 2])


@cases.case("conv1d with both value and input")
def _(tf: Any) -> Any:
    x = _r(1, 5, 1)
    return tf.nn.conv1d(x, _r(3, 1, 1), 1, "SAME", input=x)
