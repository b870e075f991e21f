"""Linear regression: fit y = x·w + b to noisy points by mean squared error.

Run it: ``python resources/examples/train_linear_regression.py`` (prints the loss with each
optimizer). ``build`` is the whole model, in TF1's names.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from training_common import Model, report, rng


def data(dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    gen = rng(1)
    x = gen.normal(size=(64, 3))
    y = x @ np.array([[2.0], [-1.0], [0.5]]) + 0.3 + 0.1 * gen.normal(size=(64, 1))
    return x.astype(dtype), y.astype(dtype)


def build(tf: Any, optimizer: Any, dtype: Any = np.float32) -> Model:
    x_data, y_data = data(dtype)
    x = tf.placeholder_with_default(x_data, [None, 3], name="x")
    y = tf.placeholder_with_default(y_data, [None, 1], name="y")
    w = tf.Variable(rng(2).normal(scale=0.1, size=(3, 1)).astype(dtype), name="w")
    b = tf.Variable(np.zeros([1], dtype), name="b")
    prediction = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.square(prediction - y), name="loss")
    return Model(loss, optimizer.minimize(loss))


if __name__ == "__main__":
    report("linear regression", build)
