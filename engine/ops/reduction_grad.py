"""The gradients of the reductions (Sum, Mean, Max, Min, Prod), each TF's ``math_grad.py``
function built with the builder API. Where the input's shape and the axes are static, the
shapes are computed here and enter the graph as constants (TF's fast path, with its per-graph
cache of reduced shapes); otherwise they are computed at run time (DynamicStitch)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.operation import Operation
from .array_builders import (
    broadcast_to,
    concat,
    gather,
    ones,
    rank,
    reshape,
    shape,
    size,
    tile,
    transpose,
)
from .array_builders import range as range_
from .builder import constant
from .grad_registry import register_gradient
from .grad_util import cj, constant_value, gen, ins, known_value, shape_tuple
from .math_api import cast, equal, truediv
from .math_api import floordiv as floor_div
from .math_api import maximum as _maximum
from .math_builders import reduce_prod, reduce_sum

# --- reductions ---------------------------------------------------------------------------
_REDUCED_SHAPE_CACHE: Any = None


def _reduced_shape_cache(graph: Any) -> dict[Any, Any]:
    """TF's ``graph._reduced_shape_cache``: the second gradient of a reduction over the same
    static shape and axes in one graph reuses the shapes the first computed (and so builds
    fewer ops, as TF's does)."""
    import weakref

    global _REDUCED_SHAPE_CACHE
    if _REDUCED_SHAPE_CACHE is None:
        _REDUCED_SHAPE_CACHE = weakref.WeakKeyDictionary()
    cache: dict[Any, Any] = _REDUCED_SHAPE_CACHE.setdefault(graph, {})
    return cache


def _safe_shape_div(x: Any, y: Any) -> Any:
    """``x // maximum(y, 1)``: 0 / 0 is 0 (TF's ``_SafeShapeDiv``)."""
    return floor_div(x, _maximum(y, 1))


def _reduced_shape_dynamic(input_shape: Any, axes: Any) -> Any:
    """TF's ``math_ops.reduced_shape`` on run-time shapes: the input shape with the reduced
    axes set to 1, by a DynamicStitch. The rank takes the axes' dtype, so int64 axes give
    int64 indices, which DynamicStitch refuses (TF's TypeError, at ``tf.gradients``)."""
    input_rank: Any = size(input_shape, out_type=axes.dtype)
    axes = (axes + input_rank) % input_rank
    axes_shape = shape(axes)
    return gen("DynamicStitch", indices=[range_(input_rank), axes],
               data=[input_shape, ones(axes_shape, dtype=input_shape.dtype)])


def reduced_shape_static(input_shape: tuple[int, ...], axes: Any) -> np.ndarray:
    out = np.array(input_shape, dtype=np.int32)
    out[np.array(axes, dtype=np.int32)] = 1
    return out


def _reduced_shape(input_shape: Any, axes: Any) -> Any:
    shape_value = constant_value(input_shape)
    axes_value = constant_value(axes)
    if shape_value is not None and axes_value is not None:
        return reduced_shape_static(tuple(int(d) for d in shape_value), axes_value)
    return _reduced_shape_dynamic(input_shape, axes)


@register_gradient("Sum")
def _sum_grad(op: Operation, grad: Any) -> Any:
    x = ins(op)[0]
    input_0_shape = shape_tuple(x)
    if input_0_shape is not None:
        axes = constant_value(ins(op)[1])
        if axes is not None:
            rank = len(input_0_shape)
            if np.array_equal(axes, np.arange(rank)):  # reducing every dim
                grad = reshape(grad, [1] * rank)
                if None not in input_0_shape:
                    input_shape: Any = constant(list(input_0_shape), dtype=dt.int32)
                else:
                    input_shape = shape(x)
                return [tile(grad, input_shape), None]
            if None not in input_0_shape:
                cache = _reduced_shape_cache(op.graph)
                key_axes = tuple(int(a) for a in np.asarray(axes).reshape(-1))
                key = (input_0_shape, key_axes)
                if key not in cache:
                    kept = tuple(int(d) for d in reduced_shape_static(
                        input_0_shape, np.asarray(key_axes)))  # type: ignore[arg-type]
                    scaling = _safe_shape_div(list(input_0_shape), list(kept))
                    scaling_value = known_value(scaling)
                    assert scaling_value is not None
                    cache[key] = (kept, tuple(int(d) for d in scaling_value))
                kept, scaling_t = cache[key]
                grad = reshape(grad, list(kept))
                return [tile(grad, list(scaling_t)), None]
    input_shape = shape(x)
    if not op.get_attr("keep_dims"):
        grad = reshape(grad, _reduced_shape(input_shape, ins(op)[1]))
    return [broadcast_to(grad, input_shape), None]


def _min_or_max_grad(op: Operation, grad: Any) -> Any:
    input_shape = shape(ins(op)[0])
    y = op.outputs[0]
    if not op.get_attr("keep_dims"):
        kept = _reduced_shape(input_shape, ins(op)[1])
        y = reshape(y, kept)
        grad = reshape(grad, kept)
    else:
        kept = shape(y)
    indicators = cast(equal(y, ins(op)[0]), grad.dtype)
    num_selected = reshape(reduce_sum(indicators, ins(op)[1]), kept)
    return [truediv(indicators, num_selected) * grad, None]


register_gradient("Max", "Min")(_min_or_max_grad)


@register_gradient("Mean")
def _mean_grad(op: Operation, grad: Any) -> Any:
    sum_grad = _sum_grad(op, grad)[0]
    in_shape, out_shape = shape_tuple(ins(op)[0]), shape_tuple(op.outputs[0])
    if (in_shape is not None and out_shape is not None and None not in in_shape
            and None not in out_shape):
        factor_value = math.prod(int(d or 0) for d in in_shape) // max(
            math.prod(int(d or 0) for d in out_shape), 1)
        factor: Any = constant(factor_value, dtype=sum_grad.dtype)
    else:
        input_shape = shape(ins(op)[0])
        input_rank = size(input_shape)
        axes: Any = cast(ins(op)[1], input_rank.dtype)
        axes = (axes + input_rank) % input_rank
        factor = reduce_prod(gather(input_shape, axes))
    return truediv(sum_grad, cast(factor, sum_grad.dtype)), None


@register_gradient("Prod")
def _prod_grad(op: Operation, grad: Any) -> Any:
    """TF's: the reduced axes permuted to the front, the product of the others from both
    sides (exclusive cumulative products), permuted back: exact with zeros too."""
    x, axes = ins(op)
    input_shape = shape(x)
    reduction_indices = reshape(axes, [-1])
    if not op.get_attr("keep_dims"):
        grad = reshape(grad, _reduced_shape(input_shape, axes))
    grad = broadcast_to(grad, input_shape)
    x_rank: Any = rank(x)
    reduction_indices = cast(reduction_indices, x_rank.dtype)
    reduced: Any = (reduction_indices + x_rank) % x_rank
    idx = range_(0, x_rank)
    other, _ = gen("ListDiff", attrs={"out_idx": reduced.dtype}, x=idx, y=reduced)
    perm = concat([reduced, other], 0)
    reduced_num = reduce_prod(gather(input_shape, reduced))
    other_num = reduce_prod(gather(input_shape, other))
    permuted = transpose(x, perm)
    permuted_shape = shape(permuted)
    reshaped = reshape(permuted, (reduced_num, other_num))
    left = _cumprod(reshaped, exclusive=True)
    right = _cumprod(reshaped, exclusive=True, reverse=True)
    y = reshape(cj(left) * cj(right), permuted_shape)
    out = grad * transpose(y, gen("InvertPermutation", x=perm))
    return reshape(out, input_shape), None


def _cumprod(x: Any, exclusive: bool = False, reverse: bool = False) -> Any:
    """``math_ops.cumprod(x, axis=0, …)``."""
    return gen("Cumprod", attrs={"exclusive": exclusive, "reverse": reverse}, x=x, axis=0)
