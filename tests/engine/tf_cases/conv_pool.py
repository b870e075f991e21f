"""conv2d, max_pool and avg_pool: NHWC, strides, SAME/VALID (and explicit) padding."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch


def _dims(t: Any) -> Any:
    """A static shape as JSON (unknown dims None; None for an unknown rank)."""
    return None if t.shape.rank is None else t.shape.as_list()


cases = Cases("conv_pool")
RNG = np.random.default_rng(3)
IMG = RNG.standard_normal((2, 5, 6, 3)).astype(np.float32)
FILT = RNG.standard_normal((3, 2, 3, 4)).astype(np.float32)


@cases.case("conv2d SAME and VALID, stride 1 and 2", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = tf.constant(IMG), tf.constant(FILT)
    return [tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="SAME"),
            tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="VALID"),
            tf.nn.conv2d(x, f, strides=2, padding="SAME"),
            tf.nn.conv2d(x, f, strides=[1, 2, 3, 1], padding="VALID")]


@cases.case("conv2d with dilations and explicit padding", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = tf.constant(IMG), tf.constant(FILT)
    return [tf.nn.conv2d(x, f, strides=1, padding="SAME", dilations=2),
            tf.nn.conv2d(x, f, strides=1, padding=[[0, 0], [1, 2], [0, 1], [0, 0]])]


@cases.case("conv2d of an unknown batch", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 5, 6, 3])
    return Fetch(tf.nn.conv2d(x, tf.constant(FILT), strides=1, padding="SAME"), {x: IMG})


@cases.case("conv2d of unknown spatial dimensions")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, 28, 1])
    f = tf.placeholder(tf.float32, [3, 3, 1, 32])
    return Fetch(None, probe=[_dims(tf.nn.conv2d(x, f, strides=1, padding="VALID")),
                              _dims(tf.nn.conv2d(x, f, strides=2, padding="SAME"))])


@cases.case("conv2d with an unknown padding fails")
def _(tf: Any) -> Any:
    return tf.nn.conv2d(tf.ones([1, 5, 5, 2]), tf.ones([3, 3, 2, 4]), strides=1, padding="FOO")


@cases.case("conv2d of a filter larger than the input fails")
def _(tf: Any) -> Any:
    return tf.nn.conv2d(tf.ones([1, 2, 2, 1]), tf.ones([3, 3, 1, 1]), strides=1,
                        padding="VALID")


@cases.case("conv2d of an input of rank 3 fails")
def _(tf: Any) -> Any:
    return tf.nn.conv2d(tf.ones([5, 5, 2]), tf.ones([3, 3, 2, 4]), strides=1, padding="SAME")


@cases.case("conv2d whose filter depth does not divide the input depth fails")
def _(tf: Any) -> Any:
    return tf.nn.conv2d(tf.ones([1, 5, 5, 2]), tf.ones([3, 3, 3, 4]), strides=1, padding="SAME")


@cases.case("conv2d with strides of the wrong length fails")
def _(tf: Any) -> Any:
    return tf.nn.conv2d(tf.ones([1, 5, 5, 2]), tf.ones([3, 3, 2, 4]), strides=[1, 1, 1],
                        padding="SAME")


@cases.case("max_pool and avg_pool, SAME and VALID", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(IMG)
    return [tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME"),
            tf.nn.max_pool(x, ksize=3, strides=1, padding="VALID"),
            tf.nn.avg_pool(x, ksize=2, strides=2, padding="VALID"),
            tf.nn.avg_pool(x, ksize=[1, 3, 2, 1], strides=[1, 2, 1, 1], padding="SAME")]


@cases.case("pooling of an unknown batch")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 28, 28, 3])
    return Fetch(None, probe=[_dims(tf.nn.max_pool(x, 2, 2, "SAME")),
                              _dims(tf.nn.avg_pool(x, 3, 2, "VALID"))])


@cases.case("max_pool of a window larger than the input fails")
def _(tf: Any) -> Any:
    return tf.nn.max_pool(tf.ones([1, 5, 5, 2]), ksize=7, strides=1, padding="VALID")


@cases.case("max_pool with a zero window fails")
def _(tf: Any) -> Any:
    return tf.nn.max_pool(tf.ones([1, 5, 5, 2]), ksize=0, strides=1, padding="VALID")


@cases.case("avg_pool of integers fails")
def _(tf: Any) -> Any:
    return tf.nn.avg_pool(tf.ones([1, 5, 5, 2], tf.int32), ksize=2, strides=1, padding="VALID")


@cases.case("max_pool of integers", rtol=0)
def _(tf: Any) -> Any:
    x = tf.constant(np.arange(32, dtype=np.int32).reshape(1, 4, 4, 2))
    return tf.nn.max_pool(x, ksize=2, strides=2, padding="SAME")


@cases.case("a pooling window one larger than the fed input gives no outputs")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    return Fetch([tf.nn.avg_pool(x, [1, 3, 2, 1], 1, "VALID"),
                  tf.nn.max_pool(x, [1, 3, 2, 1], 1, "VALID")], {x: np.ones([2, 2, 4, 1])})


@cases.case("a window two larger than the fed input fails when it runs")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    return Fetch(tf.nn.conv2d(x, tf.ones([3, 3, 1, 1]), 1, "VALID"), {x: np.ones([2, 1, 1, 1])})


@cases.case("conv2d with SAME padding knows its output size without the filter's")
def _(tf: Any) -> Any:
    f = tf.placeholder(tf.float32, [None, 2, 1, 3])
    g = tf.placeholder(tf.float32)
    x = tf.zeros([2, 5, 4, 1])
    return Fetch(None, probe=[str(tf.nn.conv2d(x, f, [1, 2, 2, 1], "SAME")),
                              str(tf.nn.conv2d(x, g, [1, 2, 2, 1], "SAME")),
                              str(tf.nn.conv2d(x, f, [1, 2, 2, 1], "VALID"))])


@cases.case("max_pool never picks a NaN and starts from the lowest finite value")
def _(tf: Any) -> Any:
    nan, inf = float("nan"), float("inf")
    return [tf.nn.max_pool(tf.constant([[[[4.85], [nan]]]], tf.float32), 2, 1, "SAME"),
            tf.nn.max_pool(tf.constant([[[[-inf], [nan]]]], tf.float32), [1, 1, 2, 1], 1, "VALID"),
            tf.nn.max_pool(tf.constant([[[[-inf], [nan]]]], tf.float64), 1, 1, "VALID"),
            tf.nn.max_pool(tf.constant([[[[-inf], [nan]]]], tf.float16), 1, 1, "VALID")]


def _pool_run(label: str, kind: str, shape: list[int], ksize: list[int], strides: list[int],
              padding: str) -> None:
    """A window over the depth or the batch builds (its static shape TF's) and fails or runs
    as TF's CPU kernel does."""
    @cases.case(f"{kind} pool: {label}")
    def _(tf: Any) -> Any:
        x = tf.constant(np.arange(np.prod(shape), dtype=np.float32).reshape(shape) % 7)
        pool = tf.nn.max_pool if kind == "max" else tf.nn.avg_pool
        return pool(x, ksize, strides, padding)


_pool_run("a depth window equal to its stride is depthwise max pooling", "max",
          [1, 2, 2, 4], [1, 1, 1, 2], [1, 1, 1, 2], "VALID")
_pool_run("a depth window unequal to its stride", "max", [1, 4, 4, 4], [1, 1, 1, 2],
          [1, 1, 1, 1], "SAME")
_pool_run("a depth window and a spatial one together", "max", [1, 4, 4, 4], [1, 2, 2, 2],
          [1, 1, 1, 2], "VALID")
_pool_run("a depth window that does not divide the depth", "max", [1, 4, 4, 5], [1, 1, 1, 2],
          [1, 1, 1, 2], "VALID")
_pool_run("a window over the batch", "max", [2, 4, 4, 1], [2, 1, 1, 1], [1, 1, 1, 1], "VALID")
_pool_run("a stride over the batch", "max", [2, 4, 4, 1], [1, 1, 1, 1], [2, 1, 1, 1], "VALID")
_pool_run("a window over the batch", "avg", [2, 4, 4, 1], [2, 1, 1, 1], [1, 1, 1, 1], "VALID")


@cases.case("max pool: a depth window's static shape with unknown dimensions")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, None, 4, 6])
    return Fetch(probe=[str(tf.nn.max_pool(x, [1, 1, 1, 3], [1, 1, 1, 3], "VALID")),
                        str(tf.nn.max_pool(x, [1, 1, 1, 2], [1, 1, 1, 2], "SAME")),
                        str(tf.nn.avg_pool(x, [1, 1, 1, 2], [1, 1, 1, 2], "VALID"))])


@cases.case("max pool: the gradient of depthwise max pooling fails as TF's CPU kernel does")
def _(tf: Any) -> Any:
    x = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 2, 2, 4))
    return tf.gradients(tf.nn.max_pool(x, [1, 1, 1, 2], [1, 1, 1, 2], "VALID"), x)
