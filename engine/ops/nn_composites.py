"""``tf.nn``'s composite functions a TF1 model calls between its layers: ``dropout``,
``l2_normalize`` and ``embedding_lookup``, each building the ops TF's Python builds, in
TF's order and under TF's names (``tests/engine/tf_cases/tf1_functions.py`` checks them
against TF's records).

``dropout`` draws its mask with ``random_uniform`` under the op's seed, so it resolves seeds
as TF does (``random_builders.get_seed``) and draws the same distribution; the numbers are
not TF's bit stream.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from ..framework.shapes import TensorShape
from .apply import graph_of as _graph_of
from .array_builders import gather, where, where_v2
from .array_builders import shape as shape_
from .builder import constant
from .list_apply import apply_op, convert
from .math_api import cast, identity, maximum, multiply, square
from .math_builders import reduce_sum, rsqrt
from .random_builders import get_seed, random_uniform

#: TF's notice for ``keep_prob`` (``deprecation.deprecated_args``)
KEEP_PROB_DEPRECATION = (
    "calling dropout (from tensorflow.python.ops.nn_ops) with keep_prob is deprecated and "
    "will be removed in a future version.\nInstructions for updating:\nPlease use `rate` "
    "instead of `keep_prob`. Rate should be set to `rate = 1 - keep_prob`.")


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def _noise_shape(x: Tensor, noise_shape: Any) -> Any:
    """TF's ``_get_noise_shape``: x's shape, or noise_shape with its unknown dims taken from
    x's known ones where the ranks agree."""
    if noise_shape is None:
        return shape_(x)
    if isinstance(noise_shape, Tensor):
        return noise_shape
    try:
        given = TensorShape(noise_shape)
    except (TypeError, ValueError):
        return noise_shape
    if x.shape.sizes is not None and given.sizes is not None and (
            len(x.shape.sizes) == len(given.sizes)):
        return [g if g is not None or d is None else d
                for d, g in zip(x.shape.sizes, given.sizes)]
    return noise_shape


def dropout(x: Any, keep_prob: Any = None, noise_shape: Any = None, seed: int | None = None,
            name: str | None = None, rate: Any = None) -> Tensor:
    """``tf.compat.v1.nn.dropout``: each element kept with probability ``1 - rate`` and scaled
    by ``1 / (1 - rate)``, else 0 (``keep_prob``, deprecated, is ``1 - rate``)."""
    if keep_prob is not None:
        warnings.warn(KEEP_PROB_DEPRECATION, DeprecationWarning, stacklevel=2)
    try:
        from_keep_prob = 1. - keep_prob if keep_prob is not None else None
    except TypeError:
        raise ValueError("`keep_prob` must be a floating point number or Tensor. "
                         f"Received: keep_prob={keep_prob}") from None
    if from_keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
        rate = from_keep_prob
    if rate is None:
        raise ValueError(f"`rate` must be provided. Received: rate={rate}")
    return dropout_v2(x, rate, noise_shape=noise_shape, seed=seed, name=name)


def dropout_v2(x: Any, rate: Any, noise_shape: Any = None, seed: int | None = None,
               name: str | None = None) -> Tensor:
    """TF 2's ``tf.nn.dropout`` (``nn_ops._dropout``), which TF1's calls with the rate."""
    graph = _graph_of(x, rate)
    with graph.name_scope(name or "dropout"):
        is_number = isinstance(rate, numbers.Real) and not isinstance(rate, bool)
        if is_number and (rate < 0 or rate >= 1):
            raise ValueError("`rate` must be a scalar tensor or a float in the range [0, 1). "
                             f"Received: rate={rate}")
        x = convert(graph, x, "x")
        x_dtype = x.dtype
        assert x_dtype is not None
        if not x_dtype.is_floating:
            raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. "
                             f"Received: x_dtype=<dtype: '{x_dtype.name}'>")
        if is_number and rate == 0:
            get_seed(seed)  # TF's dummy step: the count of unseeded ops moves on
            return x
        ret: Any
        if not isinstance(rate, Tensor):
            if not is_number:
                raise ValueError(f"`rate` must be a scalar or scalar tensor. Received: "
                                 f"rate={rate}")
            scale = constant(1 / (1 - rate), dtype=x_dtype)
            ret = _one(apply_op("Mul", None, x=x, y=scale))
        else:
            if rate.shape.rank not in (None, 0):  # TF's assert_has_rank(0)
                raise ValueError(f"Shape {rate.shape} must have rank 0")
            if rate.dtype is not x_dtype:
                assert rate.dtype is not None
                raise ValueError("`x.dtype` must be compatible with `rate.dtype`. Received: "
                                 f"x.dtype=<dtype: '{x_dtype.name}'> and "
                                 f"rate.dtype=<dtype: '{rate.dtype.name}'>")
            one = constant(1, dtype=x_dtype)
            ret = _one(apply_op("RealDiv", "RealDiv", x=x, y=_one(apply_op("Sub", None, x=one,
                                                                        y=rate))))
        random = random_uniform(_noise_shape(x, noise_shape), dtype=x_dtype, seed=seed)
        keep = random >= rate
        zero = constant(0, dtype=x_dtype)
        ret = where_v2(keep, ret, zero)
        ret.set_shape(x.shape)
        return ret




def l2_normalize(x: Any, axis: Any = None, epsilon: float = 1e-12, name: str | None = None,
                 dim: Any = None) -> Tensor:
    """``tf.compat.v1.nn.l2_normalize``: ``x / sqrt(max(sum(x**2, axis), epsilon))`` as TF
    builds it (Square, Sum, Maximum, Rsqrt, and the Mul named for the scope)."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'.")
        axis = dim
    graph = _graph_of(x)
    with graph.name_scope(name or "l2_normalize") as scope:
        x = convert(graph, x, "x")
        if x.dtype is not None and x.dtype.is_complex:
            raise TypeError(f"l2_normalize of a complex tensor ({x.name}) is not supported: "
                            "the engine has no Real and Imag ops")
        square_sum = reduce_sum(square(x), axis, keepdims=True)
        x_inv_norm = rsqrt(maximum(square_sum, epsilon))
        return multiply(x, x_inv_norm, name=scope)


def embedding_lookup(params: Any, ids: Any, partition_strategy: str = "mod",
                     name: str | None = None, validate_indices: bool = True,
                     max_norm: Any = None) -> Tensor:
    """``tf.compat.v1.nn.embedding_lookup``: the rows of ``params`` at ``ids``. One params
    tensor (or a list of one) is a GatherV2 named for the scope and an Identity after it;
    a list of shards splits the ids over them as TF does, by ``partition_strategy``:
    ``mod`` (id ``i`` in shard ``i % n``) or ``div`` (contiguous blocks, the first
    ``total % n`` shards one row longer). Its gradient is Gather's IndexedSlices."""
    shards = list(params) if isinstance(params, (list, tuple)) else [params]
    if not shards:
        raise ValueError("Need at least one param")
    graph = _graph_of(*shards, ids)
    with graph.name_scope(name or "embedding_lookup") as scope:
        ids = convert(graph, ids, "ids")
        if len(shards) == 1:
            return identity(_clip(gather(shards[0], ids, name=scope), ids, max_norm))
        return _clip(_sharded_lookup(shards, ids, scope, partition_strategy), ids, max_norm)


def _clip(rows: Tensor, ids: Tensor, max_norm: Any) -> Tensor:
    """TF's ``_clip``: each looked-up embedding clipped to ``max_norm`` by its own norm (over
    the axes past the ids'); a rank of 0 or unknown is read at run time, as TF does."""
    if max_norm is None:
        return rows
    from .array_builders import range as range_
    from .array_builders import rank
    from .clip_norms import clip_by_norm

    ids_rank, params_rank = ids.shape.rank, rows.shape.rank
    if ids_rank and params_rank:
        return clip_by_norm(rows, max_norm, axes=list(range(ids_rank, params_rank)))
    start = rank(ids) if not ids_rank else ids_rank
    limit = rank(rows) if not params_rank else params_rank
    return clip_by_norm(rows, max_norm, axes=range_(start, limit))


def _div_assignments(shards: list[Any], flat_ids: Any) -> tuple[Any, Any]:
    """TF's ``div`` strategy: each id's shard and its row there, from the shards' total
    row count (a Const when every shard's first dim is known, else their Shapes summed)."""
    from .array_builders import stack

    n = len(shards)
    dims: list[Any] = [s.shape.sizes[0] if s.shape.sizes else None for s in shards]
    if all(d is not None for d in dims) and sum(dims):
        total: Any = constant(sum(dims), flat_ids.dtype)
    else:
        sizes: list[Any] = []
        for s, d in zip(shards, dims):  # each Shape and its slice in turn, as TF makes them
            whole: Any = shape_(s) if d is None else None
            sizes.append(d if d is not None else whole[0])
        total = reduce_sum(cast(stack(sizes), flat_ids.dtype))
    per_shard = total // n
    extras = total % n
    assignments = maximum(flat_ids // (per_shard + 1), (flat_ids - extras) // per_shard)
    new_ids = where(assignments < extras, flat_ids % (per_shard + 1),
                    (flat_ids - extras) % per_shard)
    return assignments, new_ids


def _sharded_lookup(shards: list[Any], ids: Tensor, scope: str, strategy: str) -> Tensor:
    """TF's lookup over shards: each id's shard and row there (``mod`` or ``div``), one
    GatherV2 per shard, the rows stitched back in the ids' order and shaped as the ids."""
    from ..framework.shapes import TensorShape as Shape
    from .array_builders import concat, reshape, size
    from .array_builders import range as range_

    n = len(shards)
    graph = _graph_of(*shards, ids)
    shards = [s if isinstance(s, Tensor) else convert(graph, s, "params") for s in shards]
    flat_ids: Any = reshape(ids, [-1])  # Any: Tensor's operators are installed at import
    original = range_(size(flat_ids))
    if strategy == "mod":
        assignments: Any = flat_ids % n
        new_ids = flat_ids // n
    elif strategy == "div":
        assignments, new_ids = _div_assignments(shards, flat_ids)
    else:
        raise ValueError(f"Unrecognized partition strategy: {strategy}."
                         "Must be one of either `mod` or `div`.")
    if assignments.dtype is not dt.int32:
        assignments = cast(assignments, dt.int32)
    gather_ids = apply_op("DynamicPartition", None, {"num_partitions": n}, data=new_ids,
                          partitions=assignments)
    pindices = apply_op("DynamicPartition", None, {"num_partitions": n}, data=original,
                        partitions=assignments)
    results = [gather(shard, pids) for shard, pids in zip(shards, gather_ids)]
    ret = _one(apply_op("ParallelDynamicStitch", scope, indices=pindices, data=results))
    element = Shape(None)
    for shard in shards:
        dims = shard.shape.sizes
        element = element.merge_with(Shape(None if dims is None else dims[1:]))
    element_d: Any = element.as_list() if element.is_fully_defined() else None
    if element_d is None:
        params_shape: Any = shape_(shards[0])  # Any: Tensor's [] is installed at import
        element_d = params_shape[1:]
    ret = reshape(ret, concat([shape_(ids), element_d], 0))
    if ids.shape.sizes is not None and element.sizes is not None:
        ret.set_shape(list(ids.shape.sizes) + list(element.sizes))
    return ret
