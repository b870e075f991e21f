"""What the training examples share: their optimizers, the training loop, and seeded data.

Each example (``train_linear_regression.py`` …) defines ``build(tf, optimizer, dtype)``
written against TF1's names, so the same function builds the graph in the engine (``import
engine as tf``) and in TensorFlow (``tf.compat.v1`` after ``disable_v2_behavior()``): the
engine's tests check its loss curve against the one TensorFlow recorded
(``tools/record_training.py``). Data and initial values come from numpy's seeded generator,
so both see the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

#: the optimizers every example trains with, as TF1 spells them
OPTIMIZERS: dict[str, Callable[[Any], Any]] = {
    "GradientDescent": lambda tf: tf.train.GradientDescentOptimizer(0.1),
    "Momentum": lambda tf: tf.train.MomentumOptimizer(0.05, 0.9),
    "Adam": lambda tf: tf.train.AdamOptimizer(0.05),
    "RMSProp": lambda tf: tf.train.RMSPropOptimizer(0.01),
    "Adagrad": lambda tf: tf.train.AdagradOptimizer(0.1),
    "Adadelta": lambda tf: tf.train.AdadeltaOptimizer(1.0),
    "Ftrl": lambda tf: tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.001),
}
STEPS = 50


@dataclass
class Model:
    """A built example: its loss and the op of one training step."""

    loss: Any
    train_op: Any


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def train(tf: Any, build: Callable[..., Model], optimizer: str, dtype: Any = np.float32,
          steps: int = STEPS) -> list[float]:
    """Build the example in a new graph and train it: the loss each step computes (the
    value before that step's update), for ``steps`` steps."""
    graph = tf.Graph()
    with graph.as_default():
        model = build(tf, OPTIMIZERS[optimizer](tf), dtype)
        init = tf.global_variables_initializer()
        with tf.Session(graph=graph) as sess:
            sess.run(init)
            return [float(sess.run([model.loss, model.train_op])[0]) for _ in range(steps)]


def report(name: str, build: Callable[..., Model]) -> None:
    """What running an example prints: its first and last losses with each optimizer."""
    import engine

    for optimizer in OPTIMIZERS:
        losses = train(engine, build, optimizer)
        print(f"{name} with {optimizer}: loss {losses[0]:.4f} -> {losses[-1]:.4f} "
              f"after {len(losses)} steps")
