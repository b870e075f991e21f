"""A bag-of-words classifier with an embedding table: each sentence (6 word ids from a
vocabulary of 20) is the mean of its words' embeddings (a gather from the table), then a
linear layer to 3 classes, softmax cross-entropy.

The table's gradient is sparse (``IndexedSlices``: the rows the batch gathered), so every
optimizer updates only those rows, as TensorFlow does: ``ScatterSub`` for gradient descent,
``SparseApplyMomentum``, ``SparseApplyRMSProp`` and Adam's ``ScatterAdd``s for the others.

Run it: ``python resources/examples/train_embedding.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from training_common import Model, report, rng

VOCAB, DIM, WORDS, CLASSES = 20, 8, 6, 3


def data(dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """Sentences whose class is which third of the vocabulary most of their words are from
    (words of the other thirds mixed in)."""
    gen = rng(21)
    classes = gen.integers(0, CLASSES, size=64)
    own = classes[:, None] * (VOCAB // CLASSES) + gen.integers(0, VOCAB // CLASSES,
                                                               size=(64, WORDS))
    noise = gen.integers(0, VOCAB, size=(64, WORDS))
    ids = np.where(gen.random((64, WORDS)) < 0.7, own, noise).astype(np.int32)
    return ids, np.eye(CLASSES)[classes].astype(dtype)


def build(tf: Any, optimizer: Any, dtype: Any = np.float32) -> Model:
    ids_data, y_data = data(dtype)
    gen = rng(22)
    ids = tf.placeholder_with_default(ids_data, [None, WORDS], name="ids")
    labels = tf.placeholder_with_default(y_data, [None, CLASSES], name="labels")
    table = tf.Variable(gen.normal(scale=0.5, size=(VOCAB, DIM)).astype(dtype),
                        name="embedding")
    w = tf.Variable(gen.normal(scale=0.5, size=(DIM, CLASSES)).astype(dtype), name="w")
    b = tf.Variable(np.zeros([CLASSES], dtype), name="b")
    sentence = tf.reduce_mean(tf.gather(table, ids), axis=1, name="sentence")
    logits = tf.matmul(sentence, w) + b
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits), name="loss")
    return Model(loss, optimizer.minimize(loss))


if __name__ == "__main__":
    report("embedding bag-of-words classifier", build)
