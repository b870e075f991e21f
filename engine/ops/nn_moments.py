"""``tf.nn``'s statistics and remaining loss composites, as TF writes them:
``sufficient_statistics`` and ``normalize_moments`` (the two halves of ``moments``),
``weighted_moments``, ``log_poisson_loss`` (with Stirling's approximation when the full loss
is asked for) and ``relu_layer``."""

from __future__ import annotations

import math
from typing import Any

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from .apply import graph_of
from .array_builders import _deprecated, gather, ones_like, rank, shape, squeeze, where, zeros_like
from .builder import constant
from .list_apply import convert
from .math_api import add, cast, log, logical_and, multiply, square, subtract
from .math_builders import reciprocal, reduce_prod, reduce_sum, squared_difference
from .math_trig_builders import div_no_nan
from .matmul_api import matmul
from .nn_builders import bias_add, relu


def _keep(keep_dims: Any, keepdims: Any) -> bool:
    return bool(_deprecated("keepdims", keepdims, "keep_dims", keep_dims))


def sufficient_statistics(x: Any, axes: Any, shift: Any = None, keep_dims: Any = None,
                          name: str | None = None, keepdims: Any = None
                          ) -> tuple[Any, Tensor, Tensor, Any]:
    """``tf.nn.sufficient_statistics``: the count, the (shifted) sum and sum of squares."""
    axes = list(set(axes))
    keep = _keep(keep_dims, keepdims)
    graph = graph_of(x, shift)
    with graph.name_scope(name or "sufficient_statistics"):
        x = convert(graph, x, "x")
        sizes = x.shape.sizes
        if sizes is not None and all(sizes[d] is not None for d in axes):
            counts: Any = 1
            for d in axes:
                counts *= sizes[d]
            counts = constant(counts, dtype=x.dtype)
        else:
            rank_t: Any = rank(x)
            positive = [axis + rank_t if axis < 0 else axis for axis in axes]
            dims = gather(cast(shape(x), x.dtype), positive)
            counts = reduce_prod(dims, name="count")
        if shift is not None:
            shift = convert(graph, shift, "shift")
            m_ss, v_ss = subtract(x, shift), squared_difference(x, shift)
        else:
            m_ss, v_ss = x, square(x)
        m_ss = reduce_sum(m_ss, axes, keepdims=keep, name="mean_ss")
        v_ss = reduce_sum(v_ss, axes, keepdims=keep, name="var_ss")
    return counts, m_ss, v_ss, shift


def normalize_moments(counts: Any, mean_ss: Any, variance_ss: Any, shift: Any,
                      name: str | None = None) -> tuple[Tensor, Tensor]:
    """``tf.nn.normalize_moments``: the mean and variance from sufficient statistics."""
    graph = graph_of(counts, mean_ss, variance_ss, shift)
    with graph.name_scope(name or "normalize"):
        divisor = reciprocal(counts, name="divisor")
        if shift is not None:
            shifted_mean = multiply(mean_ss, divisor, name="shifted_mean")
            mean = add(shifted_mean, shift, name="mean")
        else:
            shifted_mean = multiply(mean_ss, divisor, name="mean")
            mean = shifted_mean
        variance = subtract(multiply(variance_ss, divisor), square(shifted_mean),
                            name="variance")
    return mean, variance


def weighted_moments(x: Any, axes: Any, frequency_weights: Any, name: str | None = None,
                     keep_dims: Any = None, keepdims: Any = None) -> tuple[Tensor, Tensor]:
    """``tf.nn.weighted_moments``: the frequency-weighted mean and variance (0 where the
    weights sum to 0); float16 is computed in float32."""
    keep = _keep(keep_dims, keepdims)
    graph = graph_of(x, frequency_weights)
    with graph.name_scope(name or "weighted_moments"):
        x = convert(graph, x, "x")
        weights: Any = convert(graph, frequency_weights, "frequency_weights")
        half = x.dtype is dt.float16
        if half:
            x = cast(x, dt.float32)
        if weights.dtype is not x.dtype:
            weights = cast(weights, x.dtype)
        input_sum = reduce_sum(weights * x, axes, name="weighted_input_sum", keepdims=True)
        broadcast = weights + zeros_like(x)
        total = reduce_sum(broadcast, axes, name="sum_of_weights", keepdims=True)
        mean = div_no_nan(input_sum, total)
        distsq = reduce_sum(weights * squared_difference(x, mean), axes,
                            name="weighted_distsq", keepdims=True)
        variance = div_no_nan(distsq, total)
        if not keep:
            mean = squeeze(mean, axis=axes)
            variance = squeeze(variance, axis=axes)
        if half:
            mean, variance = cast(mean, dt.float16), cast(variance, dt.float16)
        return mean, variance


def log_poisson_loss(targets: Any, log_input: Any, compute_full_loss: bool = False,
                     name: str | None = None) -> Tensor:
    """``tf.nn.log_poisson_loss``: ``exp(c) - c * z``, plus Stirling's approximation of
    ``log(z!)`` for targets above 1 when ``compute_full_loss``."""
    graph = graph_of(targets, log_input)
    with graph.name_scope(name or "log_poisson_loss"):
        log_input_t: Any = convert(graph, log_input, "log_input")
        targets_t: Any = convert(graph, targets, "targets")
        if not targets_t.shape.is_compatible_with(log_input_t.shape):
            raise ValueError("`log_input` and `targets` must have the same shape, received "
                             f"({log_input_t.shape} vs {targets_t.shape}).")
        from .math_api import exp

        result: Any = exp(log_input_t) - log_input_t * targets_t
        if compute_full_loss:
            point_five: Any = constant(0.5, dtype=targets_t.dtype)
            two_pi: Any = constant(2 * math.pi, dtype=targets_t.dtype)
            stirling: Any = (targets_t * log(targets_t)) - targets_t + (
                point_five * log(two_pi * targets_t))
            zeros: Any = zeros_like(targets_t, dtype=targets_t.dtype)
            ones: Any = ones_like(targets_t, dtype=targets_t.dtype)
            cond = logical_and(targets_t >= zeros, targets_t <= ones)
            result += where(cond, zeros, stirling)
        return result


def relu_layer(x: Any, weights: Any, biases: Any, name: str | None = None) -> Tensor:
    """``tf.nn.relu_layer``: ``relu(matmul(x, weights) + biases)``, the Relu named after the
    scope."""
    graph = graph_of(x, weights, biases)
    with graph.name_scope(name or "relu_layer") as scope:
        x = convert(graph, x, "x")
        weights = convert(graph, weights, "weights")
        biases = convert(graph, biases, "biases")
        return relu(bias_add(matmul(x, weights), biases), name=scope)
