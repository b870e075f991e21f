"""Logistic regression: separate two clouds of points with a line, by sigmoid
cross-entropy.

Run it: ``python resources/examples/train_logistic_regression.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from training_common import Model, report, rng


def data(dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    gen = rng(3)
    labels = (gen.random(64) < 0.5).astype(np.float64)[:, None]
    centers = np.where(labels > 0, [1.0, 1.5], [-1.0, -0.5])
    x = centers + gen.normal(size=(64, 2))
    return x.astype(dtype), labels.astype(dtype)


def build(tf: Any, optimizer: Any, dtype: Any = np.float32) -> Model:
    x_data, y_data = data(dtype)
    x = tf.placeholder_with_default(x_data, [None, 2], name="x")
    labels = tf.placeholder_with_default(y_data, [None, 1], name="labels")
    w = tf.Variable(rng(4).normal(scale=0.1, size=(2, 1)).astype(dtype), name="w")
    b = tf.Variable(np.zeros([1], dtype), name="b")
    logits = tf.matmul(x, w) + b
    loss = tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits), name="loss")
    return Model(loss, optimizer.minimize(loss))


if __name__ == "__main__":
    report("logistic regression", build)
