"""``engine.losses``: the engine's ``tf.compat.v1.losses`` — the standard losses, their
``Reduction`` and the loss collections, named and spelled as TF1 has them.

Like ``engine/__init__.py`` this module is public API and nothing else: the losses live in
``engine/ops/losses.py`` and ``engine/ops/loss_reduction.py``. ``import engine`` makes it
available as ``engine.losses``.
"""

from __future__ import annotations

from .ops.losses import (
    Reduction,
    absolute_difference,
    add_loss,
    compute_weighted_loss,
    cosine_distance,
    get_losses,
    get_regularization_loss,
    get_regularization_losses,
    get_total_loss,
    hinge_loss,
    huber_loss,
    log_loss,
    mean_pairwise_squared_error,
    mean_squared_error,
    sigmoid_cross_entropy,
    softmax_cross_entropy,
    sparse_softmax_cross_entropy,
)

__all__ = [
    "Reduction", "absolute_difference", "add_loss", "compute_weighted_loss",
    "cosine_distance", "get_losses", "mean_pairwise_squared_error",
    "get_regularization_loss", "get_regularization_losses", "get_total_loss", "hinge_loss",
    "huber_loss", "log_loss", "mean_squared_error", "sigmoid_cross_entropy",
    "softmax_cross_entropy", "sparse_softmax_cross_entropy",
]
