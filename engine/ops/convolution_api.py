"""``tf.nn.convolution``, ``tf.nn.atrous_conv2d`` and ``tf.nn.conv1d``: TF's generic
convolution entry points, ported from ``convolution_internal``, ``Convolution`` and
``_NonAtrousConvolution`` so that they build TF's ops under TF's names.

At rate 1 a convolution is one Conv2D (``conv1d``: ExpandDims, Conv2D, Squeeze) in the scope
``convolution``; at a higher rate it runs inside ``with_space_to_batch``. Inputs that are not
tensors yet are converted first, each in a scope of its own (``convolution_internal/filters``,
``convolution_internal_1/input``), as TF converts them. The engine has no Conv3D: a
3-D convolution is refused in words saying so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework.operation import Tensor
from ..framework.shapes import TensorShape, dimension_at_index
from .apply import graph_of
from .array_builders import _deprecated, expand_dims, squeeze
from .list_apply import convert
from .nn_builders import _sequence, conv2d
from .space_batch_api import _WithSpaceToBatch

_CHANNELS_LAST = frozenset({"NWC", "NHC", "NHWC", "NWHC", "NDHWC", "NDWHC", "NHDWC", "NHWDC",
                            "NWDHC", "NWHDC"})


def _no_conv3d() -> ValueError:
    return ValueError("3-D convolutions (Conv3D) are not in TensorCanvas's engine: use a 2-D "
                      "convolution (filters of rank 4) or a 1-D one (rank 3)")


def conv1d(value: Any = None, filters: Any = None, stride: Any = None, padding: Any = None,
           use_cudnn_on_gpu: Any = None, data_format: str | None = None,
           name: str | None = None, input: Any = None,  # noqa: A002
           dilations: Any = None) -> Tensor:
    """``tf.compat.v1.nn.conv1d``: the input and filters expanded by a dimension of 1, one
    Conv2D named after the scope, its result squeezed back."""
    value = _deprecated("input", input, "value", value)
    graph = graph_of(value, filters)
    with graph.name_scope(name or "conv1d") as scope:
        if data_format is None or data_format in ("NHWC", "NWC"):
            fmt, spatial_start, channel = "NHWC", -3, 2
        elif data_format in ("NCHW", "NCW"):
            fmt, spatial_start, channel = "NCHW", -2, 1
        else:
            raise ValueError("`data_format` must be 'NWC' or 'NCW'. Received: "
                             f"data_format={data_format}")
        strides = [1] + _sequence(stride, 1, channel, "stride")
        rates = [1] + _sequence(dilations, 1, channel, "dilations")
        x = expand_dims(value, spatial_start)
        f = expand_dims(filters, 0)
        result = conv2d(x, f, strides, padding, use_cudnn_on_gpu=True
                        if use_cudnn_on_gpu is None else use_cudnn_on_gpu, data_format=fmt,
                        dilations=rates, name=scope)
        return squeeze(result, [spatial_start])


def _strides_and_rates(n: int, strides: Any, rates: Any) -> tuple[np.ndarray, np.ndarray]:
    """TF's ``_get_strides_and_dilation_rate``."""
    if rates is None:
        rates = [1] * n
    elif len(rates) != n:
        raise ValueError(f"`len(dilation_rate)` should be {n}. Received: dilation_rate={rates} "
                         f"of length {len(rates)}")
    rate_array = np.array(rates, dtype=np.int32)
    if np.any(rate_array < 1):
        raise ValueError("all values of `dilation_rate` must be positive. Received: "
                         f"dilation_rate={rate_array}")
    if strides is None:
        strides = [1] * n
    elif len(strides) != n:
        raise ValueError(f"`len(strides)` should be {n}. Received: strides={strides} of "
                         f"length {len(strides)}")
    stride_array = np.array(strides, dtype=np.int32)
    if np.any(stride_array < 1):
        raise ValueError(f"all values of `strides` must be positive. Received: "
                         f"strides={stride_array}")
    if np.any(stride_array > 1) and np.any(rate_array > 1):
        raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         f"Received: strides={stride_array} and dilation_rate={rate_array}")
    return stride_array, rate_array


def _at_rate_one(input_shape: TensorShape, filter_shape: TensorShape, padding: Any,
                 data_format: str | None, strides: np.ndarray, name: str,
                 num_batch_dims: int) -> Any:
    """TF's ``_NonAtrousConvolution``: the rate-1 convolution ``with_space_to_batch`` runs."""
    if input_shape.rank is not None:
        filter_shape = filter_shape.with_rank(input_shape.rank - num_batch_dims + 1)
    if filter_shape.rank is not None:
        input_shape = input_shape.with_rank(filter_shape.rank + num_batch_dims - 1)
    if input_shape.rank is None:
        raise ValueError(f"Rank of convolution must be known. Received: input_shape="
                         f"{input_shape} of rank {input_shape.rank}")
    if input_shape.rank < 3 or input_shape.rank - num_batch_dims + 1 > 5:
        raise ValueError("`input_shape.rank - num_batch_dims + 1` must be at least 3 and at most "
                         f"5. Received: input_shape.rank={input_shape.rank} and "
                         f"num_batch_dims={num_batch_dims}")
    conv_dims = input_shape.rank - num_batch_dims - 1
    if len(strides) != conv_dims:
        raise ValueError(f"`len(strides)` should be {conv_dims}. Received: strides={strides} of "
                         f"length {len(strides)}")
    if conv_dims == 1:
        fmt = data_format or "NWC"
        if fmt not in ("NCW", "NWC", "NCHW", "NHWC"):
            raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={fmt}")
        return lambda inp, f: conv1d(inp, f, strides[0], padding, data_format=fmt, name=name)
    if conv_dims == 2:
        if data_format is None or data_format == "NHWC":
            fmt, full = "NHWC", [1, *strides, 1]
        elif data_format == "NCHW":
            fmt, full = "NCHW", [1, 1, *strides]
        else:
            raise ValueError("`data_format` must be 'NHWC' or 'NCHW'. Received: "
                             f"data_format={data_format}")
        return lambda inp, f: conv2d(inp, f, [int(s) for s in full], padding, data_format=fmt,
                                     name=name)
    raise _no_conv3d()


def _dilated(inp: Tensor, filters: Tensor, padding: Any, strides: list[int],
             rates: list[int], name: str, data_format: str | None, n: int) -> Tensor:
    """TF's ``Convolution``: the channel checks, then ``with_space_to_batch``."""
    filter_shape, input_shape = filters.shape, inp.shape
    if filter_shape.rank is not None and filter_shape.rank != n + 2:
        raise ValueError("`filters.shape.rank` must be `num_spatial_dims + 2`. Received: "
                         f"filters.shape={filter_shape} of rank {filter_shape.rank} and "
                         f"num_spatial_dims={n}")
    batch_dims = 1
    if input_shape.rank is not None:
        if input_shape.rank < n + 2:
            raise ValueError("`input.shape.rank` must be >= than `num_spatial_dims + 2`. "
                             f"Received: input.shape={input_shape} of rank {input_shape.rank} "
                             f"and num_spatial_dims={n}")
        batch_dims = input_shape.rank - n - 1
    channels_last = data_format is None or not data_format.startswith("NC")
    channels = dimension_at_index(input_shape, n + batch_dims if channels_last else batch_dims)
    spatial = (range(batch_dims, n + batch_dims) if channels_last
               else range(batch_dims + 1, n + batch_dims + 1))
    filter_dim = dimension_at_index(filter_shape, n)
    if not (channels % filter_dim).is_compatible_with(0):
        raise ValueError("The number of input channels is not divisible by the corresponding "
                         f"number of output filters. Received: input.shape={input_shape} with "
                         f"{channels} channels and filters.shape={filter_shape} with "
                         f"{filter_dim} output filters.")
    stride_array, rate_array = _strides_and_rates(n, strides, rates)

    def build(_: int, pad: Any) -> Any:
        return _at_rate_one(input_shape, filter_shape, pad, data_format, stride_array, name,
                            batch_dims)

    return _WithSpaceToBatch(input_shape, rate_array, padding, build, filter_shape=filter_shape,
                             spatial_dims=spatial, data_format=data_format,
                             num_batch_dims=batch_dims)(inp, filters)


def convolution(input: Any, filter: Any = None, padding: Any = None,  # noqa: A002
                strides: Any = None, dilation_rate: Any = None, name: str | None = None,
                data_format: str | None = None, filters: Any = None,
                dilations: Any = None) -> Tensor:
    """``tf.compat.v1.nn.convolution`` (TF's ``convolution_internal``)."""
    kernel = _deprecated("filters", filters, "filter", filter)
    rates = _deprecated("dilations", dilations, "dilation_rate", dilation_rate)
    graph = graph_of(input, kernel)
    if not isinstance(kernel, Tensor) and not hasattr(kernel, "read_value"):
        with graph.name_scope("convolution_internal"):
            kernel = convert(graph, kernel, "filters")
    if not isinstance(input, Tensor):
        with graph.name_scope("convolution_internal"):
            input = convert(graph, input, "input")
    filters_rank, inputs_rank = kernel.shape.rank, input.shape.rank
    if filters_rank:
        n = filters_rank - 2
    elif inputs_rank:
        n = inputs_rank - 2
    else:
        raise ValueError("When `num_spatial_dims` is not set, one of `input.shape.rank` or "
                         "`filters.shape.rank` must be known. Received: input.shape="
                         f"{input.shape} of rank {inputs_rank} and filters.shape="
                         f"{kernel.shape} of rank {filters_rank}")
    batch_dims = inputs_rank - n - 1 if inputs_rank else 1
    if n not in (1, 2, 3):
        raise ValueError(f"`num_spatial_dims` must be 1, 2, or 3. Received: num_spatial_dims={n}.")
    channel = batch_dims + n if data_format is None or data_format in _CHANNELS_LAST \
        else batch_dims
    full_rates = _sequence(rates, n, channel, "dilations")
    dilated = rates is not None and any(r != 1 for r in full_rates)
    full_strides = _sequence(strides, n, channel, "strides")
    with graph.name_scope(name or "convolution") as scope:
        if n == 3:
            raise _no_conv3d()
        if not dilated:
            if n == 1:
                return conv1d(input, kernel, full_strides, padding, data_format=data_format,
                              dilations=full_rates, name=scope)
            return conv2d(input, kernel, full_strides, padding, data_format=data_format or "NHWC",
                          dilations=full_rates, name=scope)
        cut = slice(2, None) if channel == 1 else slice(1, -1)
        return _dilated(input, kernel, padding, full_strides[cut], full_rates[cut], scope,
                        data_format, n)


def atrous_conv2d(value: Any, filters: Any, rate: Any, padding: Any,
                  name: str | None = None) -> Tensor:
    """``tf.nn.atrous_conv2d``: ``convolution`` at ``rate`` along both spatial dims."""
    return convolution(value, filters, padding, dilation_rate=np.broadcast_to(rate, (2,)),
                       name=name)
