"""The gradient of a gather with batch dimensions (``tf.gather(..., batch_dims=k)``): TF's
``_BatchGatherGrad`` and ``_GetBatchIndices``, which offset each batch's indices into one
flat batch dimension and sum the incoming gradient into it with UnsortedSegmentSum."""

from __future__ import annotations

from typing import Any

from .array_builders import concat, expand_dims, ones, rank, reshape, shape, size, tile, zeros
from .array_builders import range as range_
from .grad_util import gen
from .indexed_slices_ops import dense_or_tensor
from .math_api import cast


def _batch_indices(params_shape: Any, indices: Any, batch_dims: int) -> Any:
    """TF's ``_GetBatchIndices``: ``indices`` plus each batch's offset."""
    batch_indices = indices
    dtype = indices.dtype.base_dtype
    casted: Any = cast(params_shape, dtype)
    accum: Any = ones((), dtype=dtype)
    for dim in range(batch_dims, 0, -1):
        dim_value = casted[dim - 1]
        accum = accum * casted[dim]
        start = zeros((), dtype=dtype)
        step = ones((), dtype=dtype)
        dim_indices: Any = range_(start, dim_value, step)
        dim_indices = dim_indices * accum
        dim_shape = concat([tile([1], [dim - 1]), [dim_value],
                            tile([1], [rank(indices) - dim])], axis=0)  # type: ignore[operator]
        batch_indices = batch_indices + reshape(dim_indices, dim_shape)
    return batch_indices


def batch_gather_grad(params_shape: Any, values: Any, indices: Any, batch_dims: int,
                      gather_dim_size: Any) -> Any:
    """TF's ``_BatchGatherGrad``: the gradient of the params (their gathered axis moved
    to ``batch_dims``) from the incoming ``values``."""
    indices_size = expand_dims(size(indices), 0)
    if batch_dims:
        values_shape: Any = shape(values)
        outer_shape = values_shape[:batch_dims]
        inner_shape = values_shape[batch_dims:][1:]
        batch_size = gen("Prod", input=outer_shape, reduction_indices=[0],
                         attrs={"keep_dims": False})
        flat_values_shape = concat([[-1], inner_shape], 0)
        gather_dim_size = gather_dim_size * batch_size
        indices = _batch_indices(params_shape, indices, batch_dims)
        values = reshape(dense_or_tensor(values), flat_values_shape)
    indices = reshape(indices, indices_size)
    params_grad = gen("UnsortedSegmentSum", data=values, segment_ids=indices,
                      num_segments=gather_dim_size)
    if batch_dims:
        params_grad = reshape(params_grad, concat([outer_shape, flat_values_shape], 0))
    return params_grad
