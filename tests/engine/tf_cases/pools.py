"""``tf.nn.pool`` (through ``with_space_to_batch`` at a dilation rate), ``max_pool1d`` and
``avg_pool1d``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("pools")


def _r(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype("float32")


@cases.case("pool MAX, SAME, strided, with gradients")
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 6, 6, 3))
    y = tf.nn.pool(x, [2, 2], "MAX", "SAME", strides=[2, 2])
    return [y, *tf.gradients(tf.reduce_sum(y * y), [x])]


@cases.case("pool AVG at a dilation rate, VALID, with gradients", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 7, 8, 3))
    y = tf.nn.pool(x, [2, 3], "AVG", "VALID", dilation_rate=[2, 2], name="dil")
    return [y, *tf.gradients(tf.reduce_sum(y * y), [x])]


@cases.case("pool MAX at a dilation rate of an unknown size")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, None, None, 2])
    y = tf.nn.pool(p, [2, 2], "MAX", "VALID", dilation_rate=[3, 2])
    return Fetch(y, feed={p: _r(1, 8, 7, 2)}, probe=str(y))


@cases.case("pool of a 1-D window", rtol=1e-6)
def _(tf: Any) -> Any:
    return [tf.nn.pool(_r(2, 9, 3), [3], "AVG", "SAME"),
            tf.nn.pool(_r(2, 9, 3), [2], "MAX", "VALID", dilation_rate=[2])]


@cases.case("pool SAME at a dilation rate")
def _(tf: Any) -> Any:
    return tf.nn.pool(_r(1, 6, 6, 1), [2, 2], "MAX", "SAME", dilation_rate=[2, 2])


@cases.case("pool with strides larger than the window")
def _(tf: Any) -> Any:
    return tf.nn.pool(_r(1, 6, 6, 1), [2, 2], "MAX", "VALID", strides=[3, 3])


@cases.case("pool of an unknown type")
def _(tf: Any) -> Any:
    return tf.nn.pool(_r(1, 6, 6, 1), [2, 2], "MIN", "VALID")


@cases.case("pool of a window that does not fit the rank")
def _(tf: Any) -> Any:
    return tf.nn.pool(_r(1, 6, 6, 1), [2], "MAX", "VALID")


@cases.case("max_pool1d and avg_pool1d, with gradients", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 8, 3))
    ys = [tf.nn.max_pool1d(x, 2, 2, "VALID"), tf.nn.avg_pool1d(x, 3, 1, "SAME", name="a1")]
    return [*ys, *tf.gradients(tf.add_n([tf.reduce_sum(y * y) for y in ys]), [x])]


@cases.case("max_pool1d with explicit padding, NCW input of numpy")
def _(tf: Any) -> Any:
    return [tf.nn.max_pool1d(_r(1, 7, 2), [3], [2], [[0, 0], [1, 1], [0, 0]]),
            tf.nn.max_pool1d(_r(1, 2, 7), 2, 2, "VALID", data_format="NCW")]


@cases.case("pool with both dilation_rate and dilations")
def _(tf: Any) -> Any:
    return tf.nn.pool(_r(1, 6, 6, 1), [2, 2], "MAX", "VALID", dilation_rate=[2, 2],
                      dilations=[2, 2])
