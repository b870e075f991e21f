"""``tf.nn``'s normalization and weighted-loss composites, as TF writes them:
``batch_normalization`` (Rsqrt, Mul, Sub, AddV2 in the scope ``batchnorm``, casts to ``x``'s
dtype where the statistics differ), ``fused_batch_norm`` (one FusedBatchNormV3; empty mean
and variance constants in training) and ``weighted_cross_entropy_with_logits``
(``logistic_loss``: the numerically stable form TF uses)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from .apply import graph_of
from .array_builders import _deprecated
from .builder import constant
from .list_apply import apply_op, convert
from .math_api import abs as abs_
from .math_api import add, cast, exp
from .math_builders import log1p, rsqrt
from .nn_builders import relu


def batch_normalization(x: Any, mean: Any, variance: Any, offset: Any, scale: Any,
                        variance_epsilon: Any, name: str | None = None) -> Tensor:
    """``tf.nn.batch_normalization``: ``x * inv + (offset - mean * inv)`` with ``inv =
    rsqrt(variance + epsilon) * scale``, in TF's order of ops."""
    graph = graph_of(x, mean, variance, offset, scale)
    with graph.name_scope(name or "batchnorm"):
        inv = rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv = inv * scale
        dtype = x.dtype if isinstance(x, Tensor) else dt.as_dtype(np.asarray(x).dtype)
        scaled = x * cast(inv, dtype)  # Python's order of evaluation, and so TF's ops'
        return scaled + cast(offset - mean * inv if offset is not None else -mean * inv, dtype)


def fused_batch_norm(x: Any, scale: Any, offset: Any, mean: Any = None, variance: Any = None,
                     epsilon: float = 0.001, data_format: str = "NHWC", is_training: bool = True,
                     name: str | None = None,
                     exponential_avg_factor: float = 1.0) -> tuple[Tensor, Tensor, Tensor]:
    """``tf.compat.v1.nn.fused_batch_norm``: FusedBatchNormV3's ``y`` and running mean and
    variance."""
    if (not is_training or exponential_avg_factor != 1.0) and (mean is None or variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is "
                         "False or `exponential_avg_factor` != 1.0. Received: `mean` "
                         f"{mean!r} and `variance` {variance!r}")
    graph = graph_of(x, scale, offset, mean, variance)
    with graph.as_default():
        x = convert(graph, x, "input")
        scale = convert(graph, scale, "scale")
        offset = convert(graph, offset, "offset")
        if mean is None:
            mean = constant([])
        if variance is None:
            variance = constant([])
        outputs = apply_op("FusedBatchNormV3", name, {
            "epsilon": epsilon, "exponential_avg_factor": exponential_avg_factor,
            "data_format": data_format, "is_training": is_training},
            x=x, scale=scale, offset=offset, mean=mean, variance=variance)
    assert isinstance(outputs, list)
    return outputs[0], outputs[1], outputs[2]


def weighted_cross_entropy_with_logits(labels: Any = None, logits: Any = None,
                                       pos_weight: Any = None, name: str | None = None,
                                       targets: Any = None) -> Tensor:
    """``tf.compat.v1.nn.weighted_cross_entropy_with_logits``: ``(1 - z) * x + (1 + (q - 1) *
    z) * (log1p(exp(-|x|)) + relu(-x))``."""
    labels = _deprecated("labels", labels, "targets", targets)
    graph = graph_of(labels, logits, pos_weight)
    with graph.name_scope(name or "logistic_loss") as scope:
        logits_t: Any = convert(graph, logits, "logits")
        labels_t: Any = convert(graph, labels, "labels")
        if not labels_t.shape.is_compatible_with(logits_t.shape):
            raise ValueError("`logits` and `labels` must have the same shape, received "
                             f"({logits_t.shape} vs {labels_t.shape}).")
        log_weight = 1 + (pos_weight - 1) * labels_t
        unweighted = (1 - labels_t) * logits_t  # the ops in Python's order, as TF's
        magnitude: Any = abs_(logits_t)
        softplus: Any = log1p(exp(-magnitude))
        return add(unweighted, log_weight * (softplus + relu(-logits_t)), name=scope)
