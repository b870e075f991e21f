"""Masks: ``tf.sequence_mask`` (which positions of each sequence are within its length) and
``tf.boolean_mask`` (the elements or slices where a mask is true), composites built from
Range, ExpandDims, Less, Where, Squeeze and GatherV2 with TF's names and in TF's order."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.input_values import value_of
from ..framework.operation import Tensor
from ..framework.shapes import TensorShape
from .apply import graph_of as _graph_of
from .array_builders import concat, expand_dims, gather, rank, reshape, shape, squeeze, where_v2
from .array_builders import range as range_
from .builder import constant, less
from .list_apply import apply_op, convert


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def _all_dimensions(x: Tensor) -> Tensor:
    """TF's ``math_ops._all_dimensions``: every axis of x, a constant when its rank is
    known."""
    if x.shape.rank is not None:
        return constant(np.arange(x.shape.rank), dtype=dt.int32)
    return range_(0, rank(x), name="Range")  # gen_math_ops._range: the op type's name


def sequence_mask(lengths: Any, maxlen: Any = None, dtype: Any = dt.bool_,
                  name: str | None = None) -> Tensor:
    """``tf.sequence_mask``: ``mask[i..., j] = j < lengths[i...]`` for ``j < maxlen``
    (``maxlen`` the longest length when not given)."""
    graph = _graph_of(lengths, maxlen)
    with graph.name_scope(name or "SequenceMask"):
        lengths_t = convert(graph, lengths, "Const")
        if maxlen is None:
            longest = _one(apply_op("Max", None, {"keep_dims": False}, input=lengths_t,
                                    reduction_indices=_all_dimensions(lengths_t)))
            assert longest.dtype is not None
            maxlen_t = _one(apply_op("Maximum", None, x=constant(0, longest.dtype),
                                     y=longest))
        else:
            maxlen_t = convert(graph, maxlen, "Const")
        if maxlen_t.shape.rank not in (None, 0):
            raise ValueError("Argument `maxlen` must be scalar for sequence_mask, received "
                             f"`maxlen` = {maxlen_t} with shape '{maxlen_t.shape}' instead")
        kind = maxlen_t.dtype
        assert kind is not None
        row_vector = _one(apply_op("Range", None, start=constant(0, kind), limit=maxlen_t,
                                   delta=constant(1, kind)))
        # gen_math_ops.cast: a Cast even between equal dtypes
        matrix = _one(apply_op("Cast", None, {"DstT": kind},
                               x=expand_dims(lengths_t, -1)))
        result = less(row_vector, matrix)
        target = dt.as_dtype(dtype) if dtype is not None else None
        if target is None or target is dt.bool_:
            return result
        return _one(apply_op("Cast", None, {"DstT": target}, x=result))


def boolean_mask(tensor: Any, mask: Any, name: str = "boolean_mask", axis: Any = None
                 ) -> Tensor:
    """``tf.compat.v1.boolean_mask``: the slices of ``tensor`` (from ``axis`` on, over the
    mask's dims) where ``mask`` is true, flattened into one dim."""
    graph = _graph_of(tensor, mask)
    with graph.name_scope(name):
        tensor_t = convert(graph, tensor, "tensor")
        mask_t = convert(graph, mask, "mask")
        shape_mask, shape_tensor = mask_t.shape, tensor_t.shape
        ndims_mask = shape_mask.rank
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None "
                             "is not.")
        axis = 0 if axis is None else axis
        axis_value = _static_int(axis)
        if axis_value is not None:
            axis = axis_value
            part = _dims(shape_tensor, axis, axis + ndims_mask)
            if not part.is_compatible_with(shape_mask):
                raise ValueError(f"Shapes {part} and {shape_mask} are incompatible")
        whole: Any = shape(tensor_t)  # Any: Tensor's [] is installed at import
        leading_size = _one(apply_op("Prod", None, {"keep_dims": False},
                                     input=whole[axis:axis + ndims_mask],
                                     reduction_indices=[0]))
        whole = shape(tensor_t)
        before = whole[:axis]
        whole = shape(tensor_t)
        tensor_t = reshape(tensor_t, concat([before, [leading_size],
                                             whole[axis + ndims_mask:]], 0))
        if axis_value is not None and shape_tensor.sizes is not None:
            dims = shape_tensor.as_list()
            inner = dims[axis:axis + ndims_mask]
            known = [d for d in inner if d is not None]
            first = int(np.prod(known, dtype=np.int64)) if len(known) == len(inner) else None
            tensor_t.set_shape(dims[:axis] + [first] + dims[axis + ndims_mask:])
        mask_t = reshape(mask_t, [-1])
        indices = squeeze(where_v2(mask_t), axis=[1])
        return gather(tensor_t, indices, axis=axis)


def _static_int(axis: Any) -> int | None:
    """TF's ``constant_value`` of the axis: a Python int, or a tensor's known value."""
    if isinstance(axis, Tensor):
        value = value_of(axis.spec) if axis.spec is not None else None
        return None if value is None else int(np.asarray(value))
    return int(axis)


def _dims(shape_: TensorShape, start: int, end: int) -> TensorShape:
    """``shape[start:end]`` as TF slices a TensorShape (unknown rank stays unknown)."""
    if shape_.sizes is None:
        return TensorShape(None)
    return TensorShape(list(shape_.sizes)[start:end])
