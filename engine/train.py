"""``engine.train``: the engine's ``tf.compat.v1.train`` — the optimizers.

Like ``engine/__init__.py`` this module is public API and nothing else: the optimizers live in
``engine/ops/optimizers.py``. ``import engine`` makes it available as ``engine.train``.
"""

from __future__ import annotations

from .ops.optimizers import (
    AdamOptimizer,
    GradientDescentOptimizer,
    MomentumOptimizer,
    Optimizer,
    RMSPropOptimizer,
)

__all__ = [
    "AdamOptimizer", "GradientDescentOptimizer", "MomentumOptimizer", "Optimizer",
    "RMSPropOptimizer",
]
