"""A small convolutional network on 8×8 digit-like images: four kinds of stroke (a bar
across, a bar down, a diagonal, a cross) drawn with noise; one 3×3 convolution with 4
filters, ReLU, 2×2 max pooling, a dense layer to 4 classes, softmax cross-entropy.

Run it: ``python resources/examples/train_cnn.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from training_common import Model, report, rng


def _stroke(kind: int, gen: np.random.Generator) -> np.ndarray:
    image = np.zeros((8, 8))
    at = int(gen.integers(2, 6))
    if kind in (0, 3):
        image[at, 1:7] = 1.0
    if kind in (1, 3):
        image[1:7, at] = 1.0
    if kind == 2:
        image[np.arange(1, 7), np.arange(1, 7)] = 1.0
    return image


def data(dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    gen = rng(7)
    kinds = gen.integers(0, 4, size=32)
    images = np.stack([_stroke(int(k), gen) for k in kinds])
    images = images + 0.2 * gen.normal(size=images.shape)
    return images[..., None].astype(dtype), np.eye(4)[kinds].astype(dtype)


def build(tf: Any, optimizer: Any, dtype: Any = np.float32) -> Model:
    x_data, y_data = data(dtype)
    gen = rng(8)
    images = tf.placeholder_with_default(x_data, [None, 8, 8, 1], name="images")
    labels = tf.placeholder_with_default(y_data, [None, 4], name="labels")
    kernel = tf.Variable(gen.normal(scale=0.3, size=(3, 3, 1, 4)).astype(dtype), name="kernel")
    conv_bias = tf.Variable(np.zeros([4], dtype), name="conv_bias")
    w = tf.Variable(gen.normal(scale=0.2, size=(64, 4)).astype(dtype), name="w")
    b = tf.Variable(np.zeros([4], dtype), name="b")
    conv = tf.nn.relu(tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME") + conv_bias)
    pooled = tf.nn.max_pool(conv, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    logits = tf.matmul(tf.reshape(pooled, [-1, 64]), w) + b
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits), name="loss")
    return Model(loss, optimizer.minimize(loss))


if __name__ == "__main__":
    report("CNN on 8x8 images", build)
