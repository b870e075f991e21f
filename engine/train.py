"""``engine.train``: the engine's ``tf.compat.v1.train`` — the optimizers and the global step.

Like ``engine/__init__.py`` this module is public API and nothing else: the optimizers live in
``engine/ops/optimizers.py``. ``import engine`` makes it available as ``engine.train``.
"""

from __future__ import annotations

from .ops.global_step import (
    assert_global_step,
    create_global_step,
    get_global_step,
    get_or_create_global_step,
)
from .ops.learning_rate_decay import (
    exponential_decay,
    inverse_time_decay,
    piecewise_constant,
    polynomial_decay,
)
from .ops.optimizers import (
    AdamOptimizer,
    GradientDescentOptimizer,
    MomentumOptimizer,
    Optimizer,
    RMSPropOptimizer,
)
from .ops.optimizers_adaptive import (
    AdadeltaOptimizer,
    AdagradOptimizer,
    ProximalGradientDescentOptimizer,
)
from .ops.optimizers_ftrl import FtrlOptimizer

__all__ = [
    "AdadeltaOptimizer", "AdagradOptimizer", "FtrlOptimizer", "ProximalGradientDescentOptimizer",
    "AdamOptimizer", "GradientDescentOptimizer", "MomentumOptimizer", "Optimizer",
    "RMSPropOptimizer", "assert_global_step", "create_global_step", "get_global_step",
    "get_or_create_global_step",
    "exponential_decay", "inverse_time_decay", "piecewise_constant", "polynomial_decay",
]
