"""A two-layer perceptron classifier: 8 features, 16 ReLU units, 3 classes, softmax
cross-entropy.

Run it: ``python resources/examples/train_mlp.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from training_common import Model, report, rng


def data(dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    gen = rng(5)
    classes = gen.integers(0, 3, size=96)
    centers = gen.normal(scale=1.5, size=(3, 8))
    x = centers[classes] + gen.normal(size=(96, 8))
    return x.astype(dtype), np.eye(3)[classes].astype(dtype)


def build(tf: Any, optimizer: Any, dtype: Any = np.float32) -> Model:
    x_data, y_data = data(dtype)
    gen = rng(6)
    x = tf.placeholder_with_default(x_data, [None, 8], name="x")
    labels = tf.placeholder_with_default(y_data, [None, 3], name="labels")
    w1 = tf.Variable(gen.normal(scale=0.3, size=(8, 16)).astype(dtype), name="w1")
    b1 = tf.Variable(np.zeros([16], dtype), name="b1")
    w2 = tf.Variable(gen.normal(scale=0.3, size=(16, 3)).astype(dtype), name="w2")
    b2 = tf.Variable(np.zeros([3], dtype), name="b2")
    hidden = tf.nn.relu(tf.matmul(x, w1) + b1)
    logits = tf.matmul(hidden, w2) + b2
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits), name="loss")
    return Model(loss, optimizer.minimize(loss))


if __name__ == "__main__":
    report("2-layer MLP", build)
