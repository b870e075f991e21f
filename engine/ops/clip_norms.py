"""Gradient clipping by norm: ``clip_by_norm``, ``global_norm`` and ``clip_by_global_norm``,
built from registered ops as TF's ``clip_ops.py`` builds them (the same ops, order and names:
``clip_by_norm/Select_1``, ``global_norm/global_norm``, ``clip_by_global_norm/..._0``), so
their values and gradients are TF's.

A list may hold ``None`` (a variable the loss does not reach: ``compute_gradients`` pairs it
with no gradient); it stays ``None`` and counts for nothing. An ``IndexedSlices`` (a sparse
gradient) has its values clipped and keeps its indices and dense shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Tensor
from .apply import convert_to_tensor, graph_of, scope
from .array_builders import ones_like, stack, where
from .builder import cast, constant, identity, maximum, minimum, sqrt
from .math_builders import reduce_sum
from .nn_builders import l2_loss


def _values(t: Any, name: str, graph: Any) -> Tensor:
    return convert_to_tensor(t.values if isinstance(t, IndexedSlices) else t, name=name,
                             graph=graph)


def _like(t: Any, clipped: Tensor) -> Any:
    """``clipped`` in ``t``'s form: an IndexedSlices again when ``t`` is one."""
    return IndexedSlices(clipped, t.indices, t.dense_shape) if isinstance(t, IndexedSlices) \
        else clipped


def clip_by_norm(t: Any, clip_norm: Any, axes: Any = None, name: str | None = None) -> Any:
    """``t * clip_norm / max(l2norm(t), clip_norm)``: ``t`` scaled down so that its L2 norm
    (over ``axes``, all of them by default) is at most ``clip_norm``; a zero ``t`` stays
    zero, with a zero gradient rather than NaN."""
    graph = graph_of(t.values if isinstance(t, IndexedSlices) else t, clip_norm)
    with scope(graph, name, "clip_by_norm") as op_name:
        values: Any = _values(t, "t", graph)
        if np.isscalar(clip_norm):
            if clip_norm < 0:  # type: ignore[operator]  # a number: TF's np.isscalar branch
                clip_norm = 0
        else:
            clip_norm = cast(maximum(clip_norm, 0), dtype=values.dtype)
        l2sum: Any = reduce_sum(values * values, axes, keepdims=True)
        pred = l2sum > 0
        l2sum_safe = where(pred, l2sum, ones_like(l2sum))
        l2norm = where(pred, sqrt(l2sum_safe), l2sum)
        intermediate: Any = values * clip_norm
        if not values.shape.is_compatible_with(intermediate.shape):
            raise ValueError(f"Shapes {values.shape} and {intermediate.shape} are incompatible")
        clipped = identity(intermediate / maximum(l2norm, clip_norm), name=op_name)
    return _like(t, clipped)


def _check_list(t_list: Any) -> list[Any]:
    if not isinstance(t_list, Sequence) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    return list(t_list)


def _graph_of_list(t_list: list[Any], *more: Any) -> Any:
    found = [t.values if isinstance(t, IndexedSlices) else t for t in t_list if t is not None]
    return graph_of(*found, *more)


def global_norm(t_list: Any, name: str | None = None) -> Tensor:
    """``sqrt(sum of squares of every element of every tensor in t_list)``, summed as
    ``2 * sum(l2_loss(t))`` as TF does; ``None`` entries are skipped."""
    items = _check_list(t_list)
    graph = _graph_of_list(items)
    with scope(graph, name, "global_norm"):
        values = [_values(t, f"t_{i}", graph) if t is not None else None
                  for i, t in enumerate(items)]
        half_squared_norms = [l2_loss(v) for v in values if v is not None]
        half_squared_norm: Any = reduce_sum(stack(half_squared_norms))
        two = constant(2.0, dtype=half_squared_norm.dtype)
        norm: Tensor = sqrt(half_squared_norm * two, name="global_norm")
    return norm


def clip_by_global_norm(t_list: Any, clip_norm: Any, use_norm: Any = None,
                        name: str | None = None) -> tuple[list[Any], Tensor]:
    """Every tensor of ``t_list`` scaled by ``clip_norm / max(global_norm, clip_norm)``,
    and the global norm (``use_norm`` when given). A NaN or infinite norm makes every
    value NaN, as in TF, so that a diverged step shows rather than hides."""
    items = _check_list(t_list)
    if use_norm is None:
        use_norm = global_norm(items, name)
    graph = _graph_of_list(items, use_norm)
    with scope(graph, name, "clip_by_global_norm") as op_name:
        norm: Any = use_norm
        inverse = 1.0 / norm
        one = constant(1.0, dtype=norm.dtype)
        limit: Any = clip_norm
        scale_for_finite = limit * minimum(inverse, one / limit)
        scale = scale_for_finite + (norm - norm)
        values = [_values(t, f"t_{i}", graph) if t is not None else None
                  for i, t in enumerate(items)]
        clipped: list[Any] = []
        for i, v in enumerate(values):
            if v is None:
                clipped.append(None)
                continue
            scaled: Any = v * cast(scale, v.dtype)
            clipped.append(identity(scaled, name=f"{op_name}_{i}"))
        result = [_like(t, c) if c is not None else None for c, t in zip(clipped, items)]
    return result, use_norm
