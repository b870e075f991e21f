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


def _fed(tf: Any, depth: int) -> Fetch:
    """A convolution of a [2, 2, 2, 4] filter over a fed input of ``depth`` channels."""
    x = tf.placeholder(tf.float32, [None, None, None, None])
    y = tf.nn.conv2d(x, tf.constant(np.ones((2, 2, 2, 4), "float32")), strides=[1, 1, 1, 1],
                     padding="VALID")
    return Fetch(y, feed={x: np.ones((1, 3, 3, depth), "float32")})


@cases.case("fed groups that do not divide the outputs fail at run time")
def _(tf: Any) -> Any:
    return _fed(tf, 6)


@cases.case("fed depth not a multiple of the filter's fails at run time")
def _(tf: Any) -> Any:
    return _fed(tf, 3)


def _backprop(tf: Any, which: str, dtype: str, depth: int) -> Fetch:
    """A backprop op of a [2, 2, 2, 4] filter for an input of ``depth`` channels, its sizes
    fed so that only its kernel checks them."""
    t = getattr(tf, dtype)
    sizes = tf.placeholder(tf.int32, [4])
    dy = tf.placeholder(t, [1, 4, 4, 4])
    common = {"out_backprop": dy, "strides": [1, 1, 1, 1], "padding": "SAME"}
    feed = {sizes: [1, 4, 4, depth] if which == "Input" else [2, 2, 2, 4],
            dy: np.ones((1, 4, 4, 4))}
    if which == "Input":
        f = tf.placeholder(t, [2, 2, 2, 4])
        op = tf.raw_ops.Conv2DBackpropInput(input_sizes=sizes, filter=f, **common)
        feed[f] = np.ones((2, 2, 2, 4))
    else:
        x = tf.placeholder(t, [1, 4, 4, depth])
        op = tf.raw_ops.Conv2DBackpropFilter(input=x, filter_sizes=sizes, **common)
        feed[x] = np.ones((1, 4, 4, depth))
    return Fetch(op, feed=feed)


for _which in ("Input", "Filter"):
    for _dtype in ("float32", "float64"):
        for _depth, _what in ((5, "not a multiple of the filter's"),
                              (6, "in groups that do not divide the outputs")):
            cases.case(f"{_which} backprop of {_dtype}, input depth {_what}")(
                lambda tf, w=_which, d=_dtype, n=_depth: _backprop(tf, w, d, n))


@cases.case("input backprop's gradient depth must be the filter's outputs")
def _(tf: Any) -> Any:
    return tf.raw_ops.Conv2DBackpropInput(
        input_sizes=[1, 4, 4, 4], filter=tf.ones([2, 2, 2, 4]), out_backprop=tf.ones([1, 4, 4, 3]),
        strides=[1, 1, 1, 1], padding="SAME")


@cases.case("input backprop's input_sizes batch must be the gradient's")
def _(tf: Any) -> Any:
    return tf.raw_ops.Conv2DBackpropInput(
        input_sizes=[2, 4, 4, 4], filter=tf.ones([2, 2, 2, 4]), out_backprop=tf.ones([1, 4, 4, 4]),
        strides=[1, 1, 1, 1], padding="SAME")


@cases.case("input backprop's batch comes from the gradient", rtol=1e-6)
def _(tf: Any) -> Any:
    dy = tf.placeholder(tf.float32, [None, 4, 4, 4])
    y = tf.raw_ops.Conv2DBackpropInput(
        input_sizes=tf.constant([3, 4, 4, 4]), filter=tf.ones([2, 2, 2, 4]), out_backprop=dy,
        strides=[1, 1, 1, 1], padding="SAME")
    return Fetch(y, feed={dy: np.ones((3, 4, 4, 4), "float32")}, probe=str(y))
