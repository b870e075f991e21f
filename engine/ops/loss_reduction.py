"""How ``tf.compat.v1.losses`` weighs and reduces a tensor of per-element losses:
``Reduction``, ``compute_weighted_loss`` and the weight checks it builds first.

Each function builds the ops TF's Python builds, in TF's order and under TF's names
(``assert_broadcastable/weights/shape``, ``num_present/broadcast_weights``, ``value``), so a
loss made here reads like TF's in the graph, and its gradient comes from the registry's
gradients of those ops. Where TF checks the weights' shape while the graph is built (known
ranks and dimensions) the same check raises TF's ``ValueError``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.operation import Operation, Tensor
from .apply import graph_of
from .apply import scope as _scope
from .array_builders import ones_like, rank, shape, size, where, zeros_like
from .array_builders import range as range_
from .builder import cast, equal, multiply
from .graph_keys import GraphKeys
from .list_apply import convert
from .math_builders import reduce_sum
from .math_trig_builders import div_no_nan
from .variables import add_to_collection, control_dependencies, no_op

_NOT_BROADCASTABLE = "weights can not be broadcast to values."


class Reduction:
    """The ways a weighted loss is reduced (``tf.compat.v1.losses.Reduction``)."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple[str, ...]:
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_OVER_NONZERO_WEIGHTS, cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key: Any) -> None:
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


def _static_shape(t: Tensor) -> list[int] | None:
    dims = t.shape.as_list() if t.shape.rank is not None else []
    known = [d for d in dims if d is not None]
    return known if t.shape.rank is not None and len(known) == len(dims) else None


def assert_broadcastable(weights: Any, values: Any) -> Operation | None:
    """TF's check that ``weights`` broadcast to ``values`` (scalar, or the same rank with
    each dimension 1 or equal): a NoOp when the shapes tell it while building, TF's
    ``ValueError`` when they rule it out. Where only running could tell (unknown ranks or
    dimensions) TF adds an Assert; the engine adds no check, and the Mul that applies the
    weights still refuses shapes that do not broadcast."""
    graph = graph_of(weights, values)
    with _scope(graph, None, "assert_broadcastable"):
        with _scope(graph, None, "weights") as weights_scope:
            weights = weights if isinstance(weights, Tensor) else convert(
                graph, weights, weights_scope)
            shape(weights, name="shape")
            rank(weights, name="rank")
        with _scope(graph, None, "values") as values_scope:
            values = values if isinstance(values, Tensor) else convert(
                graph, values, values_scope)
            shape(values, name="shape")
            rank(values, name="rank")
        w_rank, v_rank = weights.shape.rank, values.shape.rank
        if w_rank is None or v_rank is None:
            return None
        if w_rank == 0:
            return no_op(name="static_scalar_check_success")
        if w_rank != v_rank:
            raise ValueError(
                f"{_NOT_BROADCASTABLE} values.rank={v_rank}. weights.rank={w_rank}. "
                f"values.shape={values.shape}. weights.shape={weights.shape}. "
                f"Received weights={weights}, values={values}")
        w_shape, v_shape = _static_shape(weights), _static_shape(values)
        if w_shape is None or v_shape is None:
            return None
        for i, (w_dim, v_dim) in enumerate(zip(w_shape, v_shape)):
            if w_dim not in (1, v_dim):
                raise ValueError(
                    f"{_NOT_BROADCASTABLE} Mismatch at dim {i}. "
                    f"values.shape={np.array(v_shape, np.int32)}, "
                    f"weights.shape={np.array(w_shape, np.int32)}. "
                    f"Received weights={weights}, values={values}")
        return no_op(name="static_dims_check_success")


def checked(check: Operation | None) -> Any:
    return control_dependencies([check] if check is not None else [])


def broadcast_weights(weights: Tensor, values: Tensor) -> Tensor:
    """``weights`` times ones shaped like ``values`` (``weights`` itself when both shapes
    are known and agree), as TF's ``broadcast_weights`` builds it."""
    graph = graph_of(weights, values)
    with _scope(graph, None, "broadcast_weights") as name:
        w_shape, v_shape = weights.shape, values.shape
        if (w_shape.is_fully_defined() and v_shape.is_fully_defined()
                and w_shape.is_compatible_with(v_shape)):
            return weights
        with checked(assert_broadcastable(weights, values)):
            return multiply(weights, ones_like(values), name=name)


def _num_elements(losses: Tensor) -> Tensor:
    graph = graph_of(losses)
    with _scope(graph, None, "num_elements") as name:
        return cast(size(losses, name=name), dtype=losses.dtype)


def num_present(losses: Tensor, weights: Any, per_batch: bool = False) -> Tensor:
    """How many elements of ``losses`` have a nonzero weight (per row of the batch, kept
    as ``[batch, 1, …]``, with ``per_batch``)."""
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    graph = graph_of(losses, weights)
    with _scope(graph, None, "num_present") as name:
        weights = cast(weights, dtype=dt.float32)
        present = where(equal(weights, 0.0), zeros_like(weights), ones_like(weights))
        present = broadcast_weights(present, losses)
        if per_batch:
            return reduce_sum(present, axis=range_(1, rank(present)), keepdims=True, name=name)
        return reduce_sum(present, name=name)


def _safe_mean(losses: Tensor, count: Tensor) -> Tensor:
    return div_no_nan(reduce_sum(losses), count, name="value")


def add_loss(loss: Tensor, loss_collection: str | None = GraphKeys.LOSSES) -> None:
    """Add ``loss`` to ``loss_collection`` (nothing when that is ``None`` or empty)."""
    if loss_collection:
        add_to_collection(loss_collection, loss)


def _reduced(losses: Tensor, weights: Any, reduction: str) -> Tensor:
    weights = cast(weights, dtype=dt.float32)
    weighted: Tensor = multiply(losses, weights)
    if reduction == Reduction.NONE:
        return weighted
    loss = reduce_sum(weighted)
    if reduction == Reduction.MEAN:
        ones: Any = ones_like(losses)
        return _safe_mean(loss, reduce_sum(ones * weights))
    if reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
        return _safe_mean(loss, num_present(losses, weights))
    if reduction == Reduction.SUM_OVER_BATCH_SIZE:
        return _safe_mean(loss, _num_elements(losses))
    return loss


def compute_weighted_loss(losses: Any, weights: Any = 1.0, scope: str | None = None,
                          loss_collection: str | None = GraphKeys.LOSSES,
                          reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Tensor:
    """``losses`` times ``weights``, reduced by ``reduction``, computed in float32 and
    returned in the losses' dtype; added to ``loss_collection``."""
    Reduction.validate(reduction)
    graph = graph_of(losses, weights)
    with _scope(graph, scope, "weighted_loss"), checked(assert_broadcastable(weights, losses)):
        losses_t = losses if isinstance(losses, Tensor) else convert(graph, losses, "Const")
        input_dtype = losses_t.dtype
        loss = cast(_reduced(cast(losses_t, dtype=dt.float32), weights, reduction), input_dtype)
        add_loss(loss, loss_collection)
        return loss

