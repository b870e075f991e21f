"""The transposed convolutions and the convolution backprops as functions:
``conv2d_transpose`` (TF1's, over ``conv2d_transpose_v2``), ``conv2d_backprop_input``,
``conv2d_backprop_filter``, ``atrous_conv2d_transpose`` (SpaceToBatch around a stride-1
transposed convolution) and ``conv1d_transpose``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("conv_transpose")


def _r(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype("float32")


def _grads(tf: Any, y: Any, xs: list[Any]) -> list[Any]:
    return tf.gradients(tf.reduce_sum(y * y), xs)


@cases.case("conv2d_transpose, strided, SAME, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 3, 3, 4))
    f = tf.constant(_r(3, 3, 2, 4, seed=1))
    y = tf.nn.conv2d_transpose(x, f, [2, 6, 6, 2], [1, 2, 2, 1])
    return [y, *_grads(tf, y, [x, f])]


@cases.case("conv2d_transpose of numpy arrays, VALID, named", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.conv2d_transpose(_r(1, 3, 3, 2), _r(2, 2, 3, 2, seed=1), [1, 6, 6, 3], 2,
                                  padding="VALID", name="up")


@cases.case("conv2d_transpose with an output shape tensor of an unknown batch", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 4, 4, 3])
    out = tf.stack([tf.shape(p)[0], 8, 8, 2])
    y = tf.nn.conv2d_transpose(p, _r(3, 3, 2, 3, seed=1), out, [1, 2, 2, 1])
    return Fetch([y, *_grads(tf, y, [p])], feed={p: _r(2, 4, 4, 3)}, probe=str(y))


@cases.case("conv2d_transpose with explicit padding and a dilation", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.conv2d_transpose(_r(1, 5, 5, 2), _r(3, 3, 1, 2, seed=1), [1, 7, 7, 1], 1,
                                  padding=[[0, 0], [1, 0], [0, 1], [0, 0]], dilations=2)


@cases.case("conv2d_transpose whose output shape does not fit (TF's own float64 kernel)")
def _(tf: Any) -> Any:
    return tf.nn.conv2d_transpose(_r(1, 3, 3, 2).astype("float64"),
                                  _r(2, 2, 3, 2, seed=1).astype("float64"), [1, 5, 5, 3], 2,
                                  padding="VALID")


@cases.case("conv2d_transpose whose channels do not fit the filter")
def _(tf: Any) -> Any:
    return tf.nn.conv2d_transpose(_r(1, 3, 3, 3), _r(2, 2, 3, 2, seed=1), [1, 6, 6, 3], 2)


@cases.case("conv2d_transpose with both filter and filters")
def _(tf: Any) -> Any:
    f = _r(2, 2, 3, 2)
    return tf.nn.conv2d_transpose(_r(1, 3, 3, 2), f, [1, 6, 6, 3], 2, filters=f)


@cases.case("conv2d_backprop_input and conv2d_backprop_filter", rtol=1e-5)
def _(tf: Any) -> Any:
    x = _r(2, 5, 5, 3)
    f = _r(3, 3, 3, 4, seed=1)
    g = tf.constant(_r(2, 3, 3, 4, seed=2))
    return [tf.nn.conv2d_backprop_input([2, 5, 5, 3], f, g, [1, 2, 2, 1], "SAME"),
            tf.nn.conv2d_backprop_filter(x, [3, 3, 3, 4], g, [1, 2, 2, 1], "SAME",
                                         name="dfilter")]


@cases.case("conv2d_backprop_input with filters=", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.conv2d_backprop_input([1, 4, 4, 2], filters=_r(2, 2, 2, 3, seed=1),
                                       out_backprop=_r(1, 3, 3, 3), strides=[1, 1, 1, 1],
                                       padding="VALID")


@cases.case("atrous_conv2d_transpose, SAME, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 7, 7, 4))
    f = tf.constant(_r(3, 3, 2, 4, seed=1))
    y = tf.nn.atrous_conv2d_transpose(x, f, [2, 7, 7, 2], 2, "SAME")
    return [y, *_grads(tf, y, [x, f])]


@cases.case("atrous_conv2d_transpose, VALID, named", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.atrous_conv2d_transpose(_r(1, 4, 5, 2), _r(2, 3, 3, 2, seed=1), [1, 6, 9, 3],
                                         2, "VALID", name="up")


@cases.case("atrous_conv2d_transpose at rate 1", rtol=1e-5)
def _(tf: Any) -> Any:
    return tf.nn.atrous_conv2d_transpose(_r(1, 4, 4, 2), _r(3, 3, 1, 2, seed=1), [1, 4, 4, 1],
                                         1, "SAME")


@cases.case("atrous_conv2d_transpose of a filter whose shape is unknown", rtol=1e-5)
def _(tf: Any) -> Any:
    f = tf.placeholder(tf.float32, [None, None, 2, 3])
    y = tf.nn.atrous_conv2d_transpose(_r(1, 5, 5, 3), f, [1, 5, 5, 2], 3, "SAME")
    return Fetch(y, feed={f: _r(2, 3, 2, 3, seed=1)}, probe=str(y))


@cases.case("atrous_conv2d_transpose at rate 0")
def _(tf: Any) -> Any:
    return tf.nn.atrous_conv2d_transpose(_r(1, 4, 4, 2), _r(3, 3, 1, 2), [1, 4, 4, 1], 0,
                                         "SAME")


@cases.case("atrous_conv2d_transpose whose channels do not fit")
def _(tf: Any) -> Any:
    return tf.nn.atrous_conv2d_transpose(_r(1, 4, 4, 3), _r(3, 3, 1, 2), [1, 4, 4, 1], 2,
                                         "SAME")


@cases.case("atrous_conv2d_transpose with a padding of FULL")
def _(tf: Any) -> Any:
    return tf.nn.atrous_conv2d_transpose(_r(1, 4, 4, 2), _r(3, 3, 1, 2), [1, 4, 4, 1], 2,
                                         "FULL")


@cases.case("conv1d_transpose, strided, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 4, 3))
    f = tf.constant(_r(3, 2, 3, seed=1))
    y = tf.nn.conv1d_transpose(x, f, [2, 8, 2], 2)
    return [y, *_grads(tf, y, [x, f])]


@cases.case("conv1d_transpose with an output shape tensor, VALID", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 4, 3])
    out = tf.stack([tf.shape(p)[0], 5, 2])
    y = tf.nn.conv1d_transpose(p, _r(2, 2, 3, seed=1), out, 1, padding="VALID", name="t1")
    return Fetch(y, feed={p: _r(3, 4, 3)}, probe=str(y))


@cases.case("conv2d_backprop_input whose gradient's width does not fit (float64)")
def _(tf: Any) -> Any:
    return tf.nn.conv2d_backprop_input([1, 6, 5, 1], np.ones([2, 2, 1, 1]),
                                       np.ones([1, 3, 3, 1]), [1, 2, 2, 1], "VALID")


@cases.case("conv2d_backprop_filter whose gradient's height does not fit (float64)")
def _(tf: Any) -> Any:
    return tf.nn.conv2d_backprop_filter(np.ones([1, 5, 6, 1]), [2, 2, 1, 1],
                                        np.ones([1, 3, 3, 1]), [1, 2, 2, 1], "VALID")


@cases.case("conv2d_backprop_filter of a dilated SAME convolution (float16)")
def _(tf: Any) -> Any:
    return tf.nn.conv2d_backprop_filter(np.ones([1, 5, 6, 1], "float16"), [3, 2, 1, 1],
                                        np.ones([1, 5, 6, 1], "float16"), [1, 1, 1, 1], "SAME",
                                        dilations=[1, 2, 2, 1])


@cases.case("depthwise_conv2d_backprop_input and _filter", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f, g = _r(1, 5, 5, 2), _r(3, 3, 2, 2, seed=1), _r(1, 3, 3, 4, seed=2)
    return [tf.nn.depthwise_conv2d_backprop_input([1, 5, 5, 2], f, g, [1, 1, 1, 1], "VALID"),
            tf.nn.depthwise_conv2d_native_backprop_filter(x, [3, 3, 2, 2], g, [1, 1, 1, 1],
                                                          "VALID", name="dwf"),
            tf.nn.depthwise_conv2d_native_backprop_input([1, 5, 5, 2], f, g, [1, 1, 1, 1],
                                                         "VALID"),
            tf.nn.depthwise_conv2d_backprop_filter(x, [3, 3, 2, 2], g, [1, 1, 1, 1], "VALID")]
