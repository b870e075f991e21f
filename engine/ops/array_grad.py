"""The gradients of the array ops (reshapes, transposes, concatenation, slicing, gathering),
each TF's ``array_grad.py`` function built with the builder API, and the array and
constant ops TF declares not differentiable."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation
from .array_builders import (
    concat,
    expand_dims,
    gather,
    ones,
    ones_like,
    rank,
    reshape,
    shape,
    size,
    squeeze,
    stack,
    transpose,
    where,
    where_v2,
    zeros,
    zeros_like,
)
from .array_builders import range as range_
from .array_builders import slice as slice_
from .builder import constant
from .gather_batch_grad import batch_gather_grad
from .grad_registry import not_differentiable, register_gradient
from .grad_util import constant_value, gen, ins
from .indexed_slices_ops import dense_or_tensor
from .math_api import add, cast, floormod, greater_equal, logical_and, maximum
from .math_builders import reduce_sum
from .slicing import getitem, strided_slice

not_differentiable("Const", "Placeholder", "ZerosLike", "OnesLike", "Shape", "Size", "Rank",
                   "OneHot", "Range", "Where", "BroadcastGradientArgs", "InvertPermutation",
                   "RandomStandardNormal", "RandomUniform", "TruncatedNormal",
                   "RandomUniformInt", "ShapeN", "ConcatOffset", "StopGradient",
                   "ListDiff")


@register_gradient("Identity", "PlaceholderWithDefault")
def _identity_grad(op: Operation, grad: Any) -> Any:
    return grad


@register_gradient("Reshape")
def _reshape_grad(op: Operation, grad: Any) -> Any:
    grad = dense_or_tensor(grad)  # TF's _IndexedSlicesToTensorNoWarning, before the shape
    input_shape = ins(op)[0].shape
    if input_shape.rank is not None and not input_shape.is_fully_defined():
        dims = input_shape.as_list()
        undefined = [i for i, d in enumerate(dims) if d is None]
        if len(undefined) == 1 and 0 not in dims:
            dims[undefined[0]] = -1
            return [reshape(grad, dims), None]
    return [reshape(grad, shape(ins(op)[0])), None]


def _reshape_to_input(op: Operation, grad: Any) -> Any:
    return reshape(dense_or_tensor(grad), shape(ins(op)[0]))


@register_gradient("ExpandDims")
def _expand_dims_grad(op: Operation, grad: Any) -> Any:
    return [_reshape_to_input(op, grad), None]


@register_gradient("Squeeze")
def _squeeze_grad(op: Operation, grad: Any) -> Any:
    return _reshape_to_input(op, grad)


@register_gradient("Transpose")
def _transpose_grad(op: Operation, grad: Any) -> Any:
    return [transpose(grad, gen("InvertPermutation", x=ins(op)[1])), None]


@register_gradient("ConjugateTranspose")
def _conjugate_transpose_grad(op: Operation, grad: Any) -> Any:
    return [transpose(grad, gen("InvertPermutation", x=ins(op)[1]), conjugate=True), None]


@register_gradient("Fill")
def _fill_grad(op: Operation, grad: Any) -> Any:
    return None, reduce_sum(grad)


@register_gradient("Tile")
def _tile_grad(op: Operation, grad: Any) -> Any:
    x, multiples = ins(op)
    input_shape = shape(x, out_type=multiples.dtype)
    split_shape = reshape(transpose(stack([multiples, input_shape])), [-1])
    axes = range_(0, size(split_shape), 2)
    if isinstance(grad, IndexedSlices):  # TF sums the rows into the input's first dim
        input_shape_0 = cast(getitem(input_shape, 0), grad.indices.dtype)
        grad = gen("UnsortedSegmentSum", data=grad.values,
                   segment_ids=floormod(grad.indices, input_shape_0, name="mod"),
                   num_segments=input_shape_0)
        split_shape = concat([[1], getitem(split_shape, slice(1, None))], axis=0)
    input_grad = reduce_sum(reshape(grad, split_shape), axes)
    input_grad.set_shape(x.shape)
    return [input_grad, None]


@register_gradient("BroadcastTo")
def _broadcast_to_grad(op: Operation, grad: Any) -> Any:
    x, broadcast_shape = ins(op)
    shape_dtype = broadcast_shape.dtype
    input_value_shape = shape(x, out_type=shape_dtype)
    value = constant_value(broadcast_shape)
    if value is not None:
        broadcast_shape = constant(np.asarray(value).tolist(), dtype=shape_dtype)
    _, reduction_axes = gen("BroadcastGradientArgs", s0=broadcast_shape, s1=input_value_shape)
    reduced = reduce_sum(grad, axis=reduction_axes, keepdims=True)
    return [reshape(reduced, input_value_shape), None]


@register_gradient("Pack")
def _pack_grad(op: Operation, grad: Any) -> Any:
    return _listed(gen("Unpack", "unstack", {"num": op.get_attr("N"),
                                            "axis": op.get_attr("axis")}, value=grad))


@register_gradient("Unpack")
def _unpack_grad(op: Operation, *grads: Any) -> Any:
    return stack(list(grads), axis=op.get_attr("axis"))


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


@register_gradient("ConcatV2")
def _concat_grad(op: Operation, grad: Any) -> Any:
    inputs = ins(op)
    if len(inputs) == 2:
        return [grad, None]
    concat_dim, values = inputs[-1], inputs[:-1]
    non_neg_concat_dim = concat_dim % rank(values[0])
    if isinstance(grad, IndexedSlices):
        return [*_concat_sparse_grad(grad, concat_dim, non_neg_concat_dim, values), None]
    sizes: list[Any] = []
    for x in values:  # TF's _ExtractInputShapes: Consts while the shapes are static
        s = shape(x)
        if s.op.type != "Const":
            sizes = _listed(gen("ShapeN", input=values))
            break
        sizes.append(s)
    offsets = _listed(gen("ConcatOffset", concat_dim=non_neg_concat_dim, shape=sizes))
    return [slice_(grad, begin, size_) for begin, size_ in zip(offsets, sizes)] + [None]


def _concat_sparse_grad(grad: IndexedSlices, concat_dim: Any, non_neg_concat_dim: Any,
                        values: list[Any]) -> list[IndexedSlices]:
    """TF's ``_ConcatGradHelper`` for an ``IndexedSlices``: along axis 0 each input gets the
    slices whose indices fall in its rows (shifted to start at 0); along another axis each
    gets every index with its part of the values."""
    static = constant_value(concat_dim)
    if static is None:
        raise ValueError("Can only compute IndexedSlices gradient with statically-known "
                         "concat_dim")
    static = int(static)
    if static < 0:
        known = constant_value(rank(values[0]))
        if known is None:
            raise ValueError("Can only compute IndexedSlices gradient with negative "
                             "concat_dim when first value rank is statically-known.")
        static %= int(known)
    sizes: list[Any] = [shape(x) for x in values]
    out: list[IndexedSlices] = []
    g_values: Any = grad.values
    g_indices: Any = grad.indices
    if static > 0:
        shape_of_shape: Any = shape(sizes[0])
        mask = concat([zeros(expand_dims(non_neg_concat_dim, 0), dtype=dt.int32), [1],
                       zeros(shape_of_shape - non_neg_concat_dim - 1, dtype=dt.int32)], 0)
        begin: Any = zeros(shape_of_shape, dtype=dt.int32)
        for dims in sizes:
            part = slice_(g_values, begin, concat([[-1], slice_(dims, [1], [-1])], 0))
            out.append(IndexedSlices(part, g_indices, dims))
            begin = add(begin, dims * mask)
        return out
    start: Any = constant(0, dtype=g_indices.dtype)
    for dims in sizes:
        rows = gather(dims, non_neg_concat_dim)
        if rows.dtype is not g_indices.dtype:
            rows = cast(rows, g_indices.dtype)
        end = start + rows
        chosen = squeeze(where(logical_and(g_indices >= start, g_indices < end)), axis=[1])
        taken: Any = gather(g_indices, chosen)
        new_indices = taken - start
        out.append(IndexedSlices(gather(g_values, chosen), new_indices, dims))
        start = end
    return out


@register_gradient("Slice")
def _slice_grad(op: Operation, grad: Any) -> Any:
    input_vec, begin_vec, _ = ins(op)
    input_rank = rank(input_vec)
    index_dtype = begin_vec.dtype
    slice_size = shape(op.outputs[0], out_type=index_dtype)
    shape_t = stack([input_rank, 1])
    before_pad = reshape(begin_vec, shape_t)
    full: Any = shape(input_vec, out_type=index_dtype)
    after_pad = reshape(full - slice_size - begin_vec, shape_t)
    paddings = concat([before_pad, after_pad], 1)
    return gen("Pad", input=grad, paddings=paddings), None, None


@register_gradient("Pad")
@register_gradient("PadV2")
def _pad_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_PadGrad``: the slice of grad the input was (PadV2's value gets none)."""
    x, a = ins(op)[:2]
    pad_before = slice_(a, [0, 0], stack([rank(x), 1]))
    begin = reshape(pad_before, [-1])
    sizes = shape(x, out_type=begin.dtype)
    x_grad = slice_(grad, begin, sizes)
    return (x_grad, None) if len(op.inputs) == 2 else (x_grad, None, None)


@register_gradient("MirrorPad")
def _mirror_pad_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_MirrorPadGrad``: MirrorPadGrad folds the mirrored parts back."""
    mode = op.get_attr("mode")
    return gen("MirrorPadGrad", attrs={"mode": mode}, input=grad, paddings=op.inputs[1]), None


@register_gradient("MirrorPadGrad")
def _mirror_pad_grad_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_MirrorPadGradGrad``: MirrorPad again, as the fold is linear."""
    mode = op.get_attr("mode")
    return gen("MirrorPad", attrs={"mode": mode}, input=grad, paddings=op.inputs[1]), None


_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


def _static_or(t: Any) -> Any:
    value = constant_value(t)
    return t if value is None else value


@register_gradient("StridedSlice")
def _strided_slice_grad(op: Operation, grad: Any) -> Any:
    x, begin, end, strides = ins(op)
    x_shape = shape(x, out_type=begin.dtype)
    masks = {m: op.get_attr(m) for m in _MASKS}
    return (gen("StridedSliceGrad", attrs=masks, shape=_static_or(x_shape),
                begin=_static_or(begin), end=_static_or(end), strides=_static_or(strides),
                dy=grad), None, None, None)


@register_gradient("StridedSliceGrad")
def _strided_slice_grad_grad(op: Operation, grad: Any) -> Any:
    _, begin, end, strides, _ = ins(op)
    masks = {m: op.get_attr(m) for m in _MASKS}
    return None, None, None, None, strided_slice(grad, begin, end, strides, **masks)


@register_gradient("GatherV2")
def _gather_grad(op: Operation, grad: Any) -> Any:
    # along axis 0 the gradient is IndexedSlices (one row per index, the rows they go to,
    # the params' shape), which the optimizers apply sparsely and any other consumer makes
    # dense; along another axis TF's gradient is dense. A sparse incoming gradient (a
    # gather of a gather) is made dense first, as TF does
    params, indices, axis = ins(op)
    params_shape: Any = shape(params)
    indices_size = expand_dims(size(indices), 0)
    axis_static = constant_value(axis)
    batch_dims = int(op.get_attr("batch_dims") or 0)
    if batch_dims < 0:
        if indices.shape.rank is None:
            raise ValueError(
                "Currently, it is unsupported to take the gradient of tf.gather when "
                "batch_dims < 0 and the rank of the indices is unknown. Please pass a "
                "positive batch_dims or use tf.ensure_shape to update the shape of indices "
                f"when calling tf.gather. Got batch_dims={batch_dims} and indices={indices}")
        batch_dims += indices.shape.rank
    if axis_static is not None and int(axis_static) == 0:
        values_shape = concat([indices_size, params_shape[1:]], 0)
        values = reshape(dense_or_tensor(grad), values_shape)
        flat_indices = reshape(indices, indices_size)
        return [IndexedSlices(values, flat_indices, params_shape), None, None]
    outer_shape = params_shape[:axis]
    inner_shape = params_shape[axis:][1:]
    values_shape = concat([outer_shape, [-1], inner_shape], 0)
    values_dims = size(values_shape)
    axis_dims: Any = size(outer_shape)
    outer_batches_indices = range_(batch_dims)
    batch_axis_indices: Any = range_(batch_dims, axis_dims)
    inner_axes_indices = range_(axis_dims + 1, values_dims)
    values = reshape(dense_or_tensor(grad), values_shape)
    transpose_dims = concat([outer_batches_indices, [axis_dims], batch_axis_indices,
                             inner_axes_indices], 0)
    values_transpose = transpose(values, transpose_dims)
    params_shape_transpose = gather(params_shape, transpose_dims)
    params_grad = batch_gather_grad(params_shape_transpose, values_transpose, indices,
                                    batch_dims, params_shape[axis])
    invert_transpose_dims = concat([outer_batches_indices, batch_axis_indices + 1,
                                    [batch_dims], inner_axes_indices], 0)
    params_grad = transpose(params_grad, invert_transpose_dims)
    return [reshape(params_grad, shape(params)), None, None]


@register_gradient("UnsortedSegmentSum")
def _unsorted_segment_sum_grad(op: Operation, grad: Any) -> Any:
    ids = ins(op)[1]
    clipped = maximum(ids, zeros_like(ids))
    gathered: Any = gather(grad, clipped)
    is_positive = greater_equal(ids, 0)
    is_positive_shape = shape(is_positive)
    broadcastable = concat([is_positive_shape,
                            ones([rank(gathered) - rank(is_positive)],  # type: ignore[operator]
                                 dtype=is_positive_shape.dtype)], axis=0)
    is_positive = reshape(is_positive, broadcastable)
    is_positive = logical_and(is_positive, ones_like(gathered, dtype=dt.bool_))
    return where_v2(is_positive, gathered, zeros_like(gathered)), None, None


@register_gradient("DynamicStitch")
def _dynamic_stitch_grad(op: Operation, grad: Any) -> Any:
    inputs = ins(op)
    n = len(inputs) // 2
    return [None] * n + [gather(grad, inputs[i]) for i in range(n)]
