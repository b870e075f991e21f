"""The optimizers' sparse updates that are more than one op, as TF's ``optimizer.py`` and
``adam.py`` build them for a ref variable: the deduplication of repeated indices
(``_deduplicate_indexed_slices``), gradient descent's ``ScatterSub`` and Adam's
``_apply_sparse_shared`` (each moment scaled by an ``Assign``, its new rows added by a
``ScatterAdd``, the variable's rows moved by an ``AssignSub``, grouped)."""

from __future__ import annotations

from typing import Any

from ..framework.graph import get_default_graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation
from .array_builders import shape
from .list_apply import apply_op
from .math_api import cast, sqrt
from .sparse_builders import scatter_add, scatter_sub, unique
from .variables import Variable, assign, assign_sub, group


def deduplicate(grad: IndexedSlices) -> IndexedSlices:
    """TF's ``_deduplicate_indexed_slices``: one row per distinct index, the rows of a
    repeated index summed (``Unique``, then ``UnsortedSegmentSum`` over its positions)."""
    unique_indices, positions = unique(grad.indices)
    count: Any = shape(unique_indices)
    summed = apply_op("UnsortedSegmentSum", None, data=grad.values, segment_ids=positions,
                      num_segments=count[0])
    return IndexedSlices(summed, unique_indices, grad.dense_shape)


def gradient_descent_sparse(grad: IndexedSlices, var: Variable, lr: Any, use_locking: bool
                            ) -> Operation:
    """``var[indices] -= values * lr`` (TF's ``_apply_sparse_duplicate_indices`` of
    GradientDescent: repeated indices subtract each of their rows)."""
    values: Any = grad.values
    delta = values * cast(lr, var.dtype.base_dtype)
    return scatter_sub(var, grad.indices, delta, use_locking=use_locking).op


def adam_sparse(grad: IndexedSlices, var: Variable, slots: tuple[Variable, Variable],
                powers: tuple[Variable, Variable], hypers: tuple[Any, Any, Any, Any],
                use_locking: bool) -> Operation:
    """TF's ``AdamOptimizer._apply_sparse_shared``: ``m = m * beta1`` then ``m[i] +=
    g * (1 - beta1)``, ``v`` likewise with ``g²``, ``var -= lr_t * m / (√v + ε)`` over the
    whole variable, where ``lr_t = lr * √(1 - beta2^t) / (1 - beta1^t)``."""
    base = var.dtype.base_dtype
    m, v = slots
    b1p: Any = cast(powers[0], base)
    b2p: Any = cast(powers[1], base)
    cast_hypers: list[Any] = [cast(h, base) for h in hypers]
    lr_t, beta1, beta2, epsilon = cast_hypers
    lr = lr_t * sqrt(1 - b2p) / (1 - b1p)
    g: Any = grad.values
    m_scaled = g * (1 - beta1)
    m_t: Any = assign(m, m.value() * beta1, use_locking=use_locking)
    graph = get_default_graph()
    with graph.control_dependencies([m_t]):
        m_t = scatter_add(m, grad.indices, m_scaled, use_locking=use_locking)
    v_scaled = (g * g) * (1 - beta2)
    v_t: Any = assign(v, v.value() * beta2, use_locking=use_locking)
    with graph.control_dependencies([v_t]):
        v_t = scatter_add(v, grad.indices, v_scaled, use_locking=use_locking)
    v_sqrt: Any = sqrt(v_t)
    var_update = assign_sub(var, lr * m_t / (v_sqrt + epsilon), use_locking=use_locking)
    return group(var_update, m_t, v_t)
