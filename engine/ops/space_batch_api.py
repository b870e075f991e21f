"""``with_space_to_batch`` and what is built on it: a window op run at a dilation rate by
moving each rate × rate phase of the input into the batch (SpaceToBatchND), running the op
at rate 1 with VALID padding, and moving the phases back (BatchToSpaceND) —
``tf.nn.depthwise_conv2d`` and ``tf.nn.separable_conv2d`` at a rate above 1 do this.

The code follows TF's ``_WithSpaceToBatch`` and ``required_space_to_batch_paddings`` step by
step, so that the graph holds TF's ops with TF's names: where the input's spatial sizes, the
filter's shape and the rate are known while building, the paddings are computed here and
become constants; otherwise they are computed in the graph from ``Shape`` ops, as TF's are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from ..framework.shapes import TensorShape
from .apply import graph_of
from .array_builders import concat, shape, stack, zeros
from .list_apply import convert
from .nn_builders import _padding
from .space_batch import batch_to_space_nd, space_to_batch_nd
from .static_values import constant_value

#: ``op(input, num_spatial_dims, padding)``, as ``tf.nn.with_space_to_batch`` calls it
WindowOp = Callable[[Tensor, int, Any], Tensor]


def required_space_to_batch_paddings(input_shape: Any, block_shape: Any,
                                     base_paddings: Any = None, name: str | None = None
                                     ) -> tuple[Any, Any]:
    """``tf.required_space_to_batch_paddings``: paddings that make ``block_shape`` divide
    ``input_shape`` (after ``base_paddings``), and the crops that take the extra off again."""
    graph = graph_of(input_shape, block_shape, base_paddings)
    with graph.name_scope(name or "required_space_to_batch_paddings"):
        shape_t = convert(graph, input_shape, "input_shape", dt.int32)
        block_t = convert(graph, block_shape, "block_shape", dt.int32)
        if not block_t.shape.is_fully_defined():
            raise ValueError(f"Shape {block_t.shape} is not fully defined")
        block_sizes = block_t.shape.with_rank(1).sizes
        assert block_sizes is not None and block_sizes[0] is not None
        n = block_sizes[0]
        if n == 0:
            return zeros([0, 2], dt.int32), zeros([0, 2], dt.int32)
        shape_t.shape.assert_is_compatible_with(TensorShape([n]))
        if base_paddings is not None:
            base_t = convert(graph, base_paddings, "base_paddings", dt.int32)
            base_t.shape.assert_is_compatible_with(TensorShape([n, 2]))
        else:
            base_t = zeros([n, 2], dt.int32)
        consts = [constant_value(t) for t in (block_t, shape_t, base_t)]
        block: Any
        sizes: Any
        base: Any
        if all(c is not None for c in consts):
            block, sizes, base = (np.asarray(c) for c in consts)
        else:
            block, sizes, base = block_t, shape_t, base_t
        pad_start = base[:, 0]
        orig_pad_end = base[:, 1]
        full_input_shape = sizes + pad_start + orig_pad_end
        pad_end_extra = (block - full_input_shape % block) % block
        pad_end = orig_pad_end + pad_end_extra
        paddings = stack([[pad_start[i], pad_end[i]] for i in range(n)], name="paddings")
        crops = stack([[0, pad_end_extra[i]] for i in range(n)], name="crops")
        return paddings, crops


def _base_paddings(filter_shape: Any, n: int, rate: Any) -> Any:
    """TF's ``_with_space_to_batch_base_paddings``: SAME's padding of the dilated filter,
    the odd one at the end, as conv2d pads."""
    pad_extra_shape = (filter_shape[:n] - 1) * rate
    pad_extra_start = pad_extra_shape // 2
    pad_extra_end = pad_extra_shape - pad_extra_start
    return stack([[pad_extra_start[i], pad_extra_end[i]] for i in range(n)])


def _adjust(orig: Tensor, fill_value: int, spatial_dims: Sequence[int]) -> Any:
    """TF's ``_with_space_to_batch_adjust``: ``orig``'s rows at the spatial dims' places
    (counted from the first dim after the batch), ``fill_value`` rows between them."""
    fill_dims = list(orig.shape.sizes or ())[1:]
    assert orig.dtype is not None
    dtype = orig.dtype.np_dtype
    const = constant_value(orig)
    source: Any = orig if const is None else np.asarray(const)
    parts: list[Any] = []
    prev, i = 0, 0
    while i < len(spatial_dims):
        start_i, start_dim = i, spatial_dims[i]
        if start_dim > 1:
            parts.append(np.full([start_dim - 1 - prev, *fill_dims], fill_value, dtype=dtype))
        while i + 1 < len(spatial_dims) and spatial_dims[i + 1] == spatial_dims[i] + 1:
            i += 1
        parts.append(source[start_i:i + 1])
        prev = spatial_dims[i]
        i += 1
    if const is not None:
        return np.concatenate(parts)
    return concat(parts, 0)


class _WithSpaceToBatch:
    """TF's ``_WithSpaceToBatch``: what can be worked out from the static shapes at
    construction, the ops at the call."""

    def __init__(self, input_shape: TensorShape, dilation_rate: Any, padding: Any,
                 build_op: Callable[[int, Any], Callable[[Tensor, Any], Tensor]],
                 filter_shape: Any = None, spatial_dims: Any = None,
                 data_format: str | None = None, num_batch_dims: int = 1) -> None:
        graph = graph_of(dilation_rate, filter_shape)
        rate = convert(graph, dilation_rate, "dilation_rate", dt.int32)
        if rate.shape.rank not in (None, 1):
            raise ValueError("`dilation_rate.shape.rank` must be 1. Received: "
                             f"dilation_rate={rate} of rank {rate.shape.rank}")
        if not rate.shape.is_fully_defined():
            raise ValueError("`dilation_rate.shape` must be fully defined. Received: "
                             f"dilation_rate={rate} with shape {rate.shape}")
        sizes = rate.shape.sizes
        assert sizes is not None and sizes[0] is not None
        n = sizes[0]
        channels_first = data_format is not None and data_format.startswith("NC")
        start = num_batch_dims + 1 if channels_first else num_batch_dims
        if spatial_dims is None:
            spatial_dims = range(start, n + start)
        orig = list(spatial_dims)
        dims = sorted({int(x) for x in orig})
        if dims != orig or any(x < 1 for x in dims):
            raise ValueError("`spatial_dims` must be a monotonically increasing sequence of "
                             f"positive integers. Received: spatial_dims={orig}")
        expected_rank = dims[-1] if channels_first else dims[-1] + 1
        try:
            input_shape.with_rank_at_least(expected_rank)
        except ValueError:
            raise ValueError(f"`input.shape.rank` must be at least {expected_rank}. Received: "
                             f"input.shape={input_shape} with rank {input_shape.rank}") from None
        const_rate = constant_value(rate)
        rate_value: Any = rate
        if const_rate is not None:
            rate_value = np.asarray(const_rate)
            if np.any(rate_value < 1):
                raise ValueError(f"`dilation_rate` must be positive. Received: "
                                 f"dilation_rate={rate_value}")
            if np.all(rate_value == 1):
                self.call = build_op(n, padding)
                return
        padding, explicit = _padding(padding)
        self.base_paddings: Any
        if padding == "SAME":
            if filter_shape is None:
                raise ValueError("`filter_shape` must be specified for `padding='SAME'`. "
                                 f"Received: filter_shape={filter_shape} and padding={padding}")
            filter_t = convert(graph, filter_shape, "filter_shape")
            const_filter = constant_value(filter_t)
            if const_filter is not None:
                self.base_paddings = _base_paddings(np.asarray(const_filter), n, rate_value)
            else:
                self.num_spatial_dims, self.rate_value = n, rate_value
                self.base_paddings = None
        elif padding == "VALID":
            self.base_paddings = np.zeros([n, 2], np.int32)
        elif padding == "EXPLICIT":
            rows = np.array(explicit).reshape([n + 2, 2])
            self.base_paddings = rows[2:] if channels_first else rows[1:-1]
        else:
            raise ValueError("`padding` must be one of 'SAME' or 'VALID'. Received: "
                             f"padding={padding}")
        self.input_shape, self.spatial_dims, self.rate = input_shape, dims, rate
        self.channels_first = channels_first
        self.op = build_op(n, "VALID")
        self.call = self._call

    def _call(self, inp: Tensor, filter: Any) -> Tensor:  # noqa: A002
        spatial: Any = None
        if self.input_shape.sizes is not None:
            spatial = [self.input_shape.sizes[i] for i in self.spatial_dims]
        if spatial is None or None in spatial:
            dims: Any = shape(inp)
            spatial = stack([dims[i] for i in self.spatial_dims])
        base = self.base_paddings
        if base is None:
            if filter is None:  # what TF's array_ops.shape(None) says
                raise ValueError("None values not supported.")
            base = _base_paddings(shape(filter), self.num_spatial_dims, self.rate_value)
        paddings, crops = required_space_to_batch_paddings(
            input_shape=spatial, base_paddings=base, block_shape=self.rate)
        rate = _adjust(self.rate, 1, self.spatial_dims)
        paddings = _adjust(paddings, 0, self.spatial_dims)
        crops = _adjust(crops, 0, self.spatial_dims)
        converted = space_to_batch_nd(inp, block_shape=rate, paddings=paddings)
        result = self.op(converted, filter)
        out = batch_to_space_nd(result, block_shape=rate, crops=crops)
        if self.channels_first and filter is not None:
            sizes = out.shape.sizes
            if sizes is not None and not sizes[1]:
                out.set_shape(TensorShape([sizes[0], filter.shape.sizes[-1], *sizes[2:]]))
        return out

    def __call__(self, inp: Tensor, filter: Any) -> Tensor:  # noqa: A002
        return self.call(inp, filter)


def spaced(input: Tensor, dilation_rate: Any, padding: Any,  # noqa: A002
            op: Callable[[Tensor, Any, Any], Tensor], filter_shape: Any,
            data_format: str | None) -> Tensor:
    """``with_space_to_batch`` around ``op(input, filter, padding)`` of an already converted
    input, as depthwise and separable convolutions call it."""
    def build(n: int, pad: Any) -> Callable[[Tensor, Any], Tensor]:
        return lambda inp, f: op(inp, f, pad)

    return _WithSpaceToBatch(input.shape, dilation_rate, padding, build,
                             filter_shape=filter_shape, data_format=data_format)(input, None)


def with_space_to_batch(input: Any, dilation_rate: Any, padding: Any, op: WindowOp,  # noqa: A002
                        filter_shape: Any = None, spatial_dims: Any = None,
                        data_format: str | None = None) -> Tensor:
    """``tf.nn.with_space_to_batch``: ``op(input, num_spatial_dims, padding)`` at
    ``dilation_rate``."""
    x = convert(graph_of(input), input, "input")

    def build(n: int, pad: Any) -> Callable[[Tensor, Any], Tensor]:
        return lambda inp, _: op(inp, n, pad)

    return _WithSpaceToBatch(x.shape, dilation_rate, padding, build, filter_shape=filter_shape,
                             spatial_dims=spatial_dims, data_format=data_format)(x, None)
