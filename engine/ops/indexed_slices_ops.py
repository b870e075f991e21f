"""The ops an ``IndexedSlices`` gradient is built into: its dense form, and several of them
summed into one, each as TF's Python builds them.

- ``to_dense`` is TF's ``_indexed_slices_to_tensor``, the conversion every op input, every
  ``convert_to_tensor`` and ``add_n`` applies: ``UnsortedSegmentSum(values, indices,
  dense_shape[0])`` in the name scope current there (named after the input it feeds:
  ``AddN/inputs_0``, ``Mul/x``), the ``strided_slice`` of ``dense_shape`` before it.
- ``aggregate`` is TF's ``backprop_util.AggregateIndexedSlicesGradients``, how ``gradients``
  sums the contributions to one tensor when one of them is sparse: all sparse, their values
  and indices concatenated (int32 indices cast to int64 when the others are int64); any
  dense, one ``AddN`` converting the sparse ones.
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.indexed_slices import IndexedSlices, register_dense_conversion
from ..framework.operation import Tensor
from . import slicing  # noqa: F401  (installs tensor[...], which dense_shape[0] is)
from .array_builders import add_n, concat
from .builder import cast
from .list_apply import apply_op


def to_dense(slices: IndexedSlices, dtype: DType | None = None, name: str | None = None
             ) -> Tensor:
    """TF's ``_indexed_slices_to_tensor``: the dense tensor the slices stand for."""
    own = slices.dtype
    if dtype is not None and own is not None and dtype.base_dtype is not own.base_dtype:
        raise ValueError(f"Incompatible tensor conversion requested to `dtype` {dtype.name} "
                         f"for IndexedSlices ({slices}) with dtype {own.name}")
    if slices.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices for argument `value` "
                         f"without dense_shape: {slices}")
    return segment_sum(slices, name)


def segment_sum(slices: IndexedSlices, name: str | None = None) -> Tensor:
    """``unsorted_segment_sum(values, indices, dense_shape[0])`` (TF's
    ``_IndexedSlicesToTensorNoWarning``, which the gather gradient applies to its own
    incoming gradient)."""
    if slices.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices without dense_shape: "
                         f"{slices}")
    dense_shape: Any = slices.dense_shape
    rows = dense_shape[0]
    out: Tensor = apply_op("UnsortedSegmentSum", name, data=slices.values,
                           segment_ids=slices.indices, num_segments=rows)
    return out


def dense_or_tensor(value: Any) -> Any:
    """A gradient as a tensor: slices made dense (unnamed), anything else as it is."""
    return segment_sum(value) if isinstance(value, IndexedSlices) else value


def _with_int64_indices(grads: list[IndexedSlices]) -> list[IndexedSlices]:
    """TF's ``_as_indexed_slices_list``: when the indices' dtypes differ, the int32 ones are
    cast to int64 so that they concatenate."""
    int32 = [g for g in grads if g.indices.dtype is dt.int32]
    if not int32 or len(int32) == len(grads):
        return grads
    return [IndexedSlices(g.values, cast(g.indices, dt.int64), g.dense_shape)
            if g.indices.dtype is dt.int32 else g for g in grads]


def aggregate(grads: list[Any]) -> Any:
    """TF's ``AggregateIndexedSlicesGradients``: the sum of gradients of which at least one
    is an ``IndexedSlices``."""
    if not grads:
        return None
    if len(grads) == 1:
        return grads[0]
    present = [g for g in grads if g is not None]
    if any(isinstance(g, Tensor) for g in present):
        return add_n(present)
    sliced = _with_int64_indices(present)
    return IndexedSlices(concat([g.values for g in sliced], axis=0),
                         concat([g.indices for g in sliced], axis=0),
                         sliced[0].dense_shape)


register_dense_conversion(to_dense)
