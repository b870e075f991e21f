"""Grouped convolution: ``conv2d`` of an input whose depth is a multiple of the filter's
input depth. TF's CPU computes the forward pass for every float dtype; its gradients only
on oneDNN's kernels (float32, bfloat16, no explicit padding), the others refuse them in
their own words."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("grouped_conv")


def _conv(tf: Any, x_shape: tuple[int, ...], f_shape: tuple[int, ...], dtype: str = "float32",
          grads: bool = True, **kw: Any) -> Any:
    rng = np.random.RandomState(sum(x_shape) * 7 + sum(f_shape))
    host = "float32" if dtype == "bfloat16" else dtype  # numpy has no bfloat16 of its own
    x = tf.cast(tf.constant(rng.uniform(-1, 1, x_shape).astype(host)), dtype)
    f = tf.cast(tf.constant(rng.uniform(-1, 1, f_shape).astype(host)), dtype)
    y = tf.nn.conv2d(x, f, **{"strides": [1, 1, 1, 1], "padding": "SAME", **kw})
    if not grads:
        return y
    w = tf.cast(tf.constant(rng.uniform(-1, 1, [int(d) for d in y.shape]).astype(host)), dtype)
    return [y, *tf.gradients(tf.reduce_sum(y * w), [x, f])]


def _grad_alone(tf: Any, which: int, dtype: str, **kw: Any) -> Any:
    """One gradient of a grouped convolution, fetched by itself (its refusal is its own)."""
    return _conv(tf, (1, 4, 4, 4), (2, 2, 2, 4), dtype, **kw)[which]


@cases.case("two groups, SAME, float32, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    return _conv(tf, (2, 5, 5, 4), (3, 3, 2, 6))


@cases.case("four groups of one channel, VALID, strided", rtol=1e-5)
def _(tf: Any) -> Any:
    return _conv(tf, (2, 7, 6, 4), (3, 2, 1, 8), strides=[1, 2, 1, 1], padding="VALID")


@cases.case("three groups, dilated", rtol=1e-5)
def _(tf: Any) -> Any:
    return _conv(tf, (1, 8, 8, 6), (3, 3, 2, 3), dilations=[1, 2, 2, 1])


@cases.case("two groups, NCHW", rtol=1e-5)
def _(tf: Any) -> Any:
    return _conv(tf, (2, 4, 5, 5), (3, 3, 2, 6), data_format="NCHW")


@cases.case("two groups, bfloat16, with gradients", rtol=2e-2)
def _(tf: Any) -> Any:
    return _conv(tf, (1, 4, 4, 4), (2, 2, 2, 4), "bfloat16")


@cases.case("two groups, float64 forward", rtol=1e-12)
def _(tf: Any) -> Any:
    return _conv(tf, (2, 5, 5, 4), (3, 3, 2, 6), "float64", grads=False)


@cases.case("two groups, float16 forward", rtol=5e-3)
def _(tf: Any) -> Any:
    return _conv(tf, (1, 4, 4, 4), (2, 2, 2, 4), "float16", grads=False)


@cases.case("grouped input gradient of float64 is refused")
def _(tf: Any) -> Any:
    return _grad_alone(tf, 1, "float64")


@cases.case("grouped filter gradient of float64 is refused")
def _(tf: Any) -> Any:
    return _grad_alone(tf, 2, "float64")


@cases.case("grouped input gradient of float16 is refused")
def _(tf: Any) -> Any:
    return _grad_alone(tf, 1, "float16")


@cases.case("grouped input gradient with explicit padding is refused")
def _(tf: Any) -> Any:
    return _grad_alone(tf, 1, "float32", padding=[[0, 0], [1, 0], [0, 1], [0, 0]])


@cases.case("grouped filter gradient with explicit padding is refused")
def _(tf: Any) -> Any:
    return _grad_alone(tf, 2, "float32", padding=[[0, 0], [1, 0], [0, 1], [0, 0]])


@cases.case("grouped forward with explicit padding", rtol=1e-5)
def _(tf: Any) -> Any:
    return _conv(tf, (1, 4, 4, 4), (2, 2, 2, 4), grads=False,
                 padding=[[0, 0], [1, 0], [0, 1], [0, 0]])


@cases.case("outputs not a multiple of the groups is refused")
def _(tf: Any) -> Any:
    return _conv(tf, (1, 4, 4, 4), (2, 2, 2, 3), grads=False)


@cases.case("input depth not a multiple of the filter's is refused")
def _(tf: Any) -> Any:
    return _conv(tf, (1, 4, 4, 5), (2, 2, 2, 4), grads=False)


@cases.case("grouped depth fed at run time", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, None, None])
    f = tf.constant(np.random.RandomState(3).uniform(-1, 1, (2, 2, 2, 4)).astype("float32"))
    y = tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="VALID")
    value = np.random.RandomState(4).uniform(-1, 1, (1, 3, 3, 4)).astype("float32")
    return Fetch([y, *tf.gradients(tf.reduce_sum(y), [x, f])], feed={x: value})


@cases.case("fed groups that do not divide the outputs fail at run time")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, None, None])
    f = tf.constant(np.ones((2, 2, 2, 4), "float32"))
    y = tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="VALID")
    return Fetch(y, feed={x: np.ones((1, 3, 3, 6), "float32")})


@cases.case("fed depth not a multiple of the filter's fails at run time")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, None, None])
    f = tf.constant(np.ones((2, 2, 2, 4), "float32"))
    y = tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="VALID")
    return Fetch(y, feed={x: np.ones((1, 3, 3, 3), "float32")})
