"""``tf.nn.pool`` (a window op at a dilation rate through ``with_space_to_batch``, 1-D and
2-D), ``tf.nn.max_pool1d`` and ``tf.nn.avg_pool1d`` (ExpandDims, the 2-D pool, Squeeze), as
TF writes them. The engine has no 3-D pools: a 3-D window is refused saying so."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework.operation import Tensor
from .apply import graph_of
from .array_builders import _deprecated, expand_dims, squeeze
from .convolution_api import _strides_and_rates
from .list_apply import apply_op, convert
from .nn_builders import _one, _padding, _sequence, avg_pool, max_pool
from .space_batch_api import with_space_to_batch


def pool(input: Any, window_shape: Any, pooling_type: str, padding: Any,  # noqa: A002
         dilation_rate: Any = None, strides: Any = None, name: str | None = None,
         data_format: str | None = None, dilations: Any = None) -> Tensor:
    """``tf.compat.v1.nn.pool``: MAX or AVG pooling over 1 or 2 spatial dims."""
    rates = _deprecated("dilations", dilations, "dilation_rate", dilation_rate)
    graph = graph_of(input)
    with graph.name_scope(name or f"{pooling_type.lower()}_pool") as scope:
        x = convert(graph, input, "input")
        n = len(window_shape)
        if n < 1 or n > 3:
            raise ValueError(f"`len(window_shape)` must be 1, 2, or 3. Received: window_shape="
                             f"{window_shape} of length {len(window_shape)}")
        x.shape.with_rank(n + 2)
        stride_array, rate_array = _strides_and_rates(n, strides, rates)
        if padding == "SAME" and np.any(rate_array > 1):
            raise ValueError("pooling with 'SAME' padding is not implemented for "
                             f"`dilation_rate` > 1. Received: padding={padding} and "
                             f"dilation_rate={rate_array}")
        if np.any(stride_array > window_shape):
            raise ValueError("`strides` > `window_shape` not supported due to inconsistency "
                             f"between CPU and GPU implementations. Received: strides="
                             f"{stride_array} and window_shape={window_shape}")
        if pooling_type not in ("MAX", "AVG"):
            raise ValueError(f"{n}-D {pooling_type} pooling is not supported.")
        if n == 3:
            raise ValueError("3-D pooling (MaxPool3D, AvgPool3D) is not in TensorCanvas's "
                             "engine: pool over 1 or 2 spatial dims")
        channels_first = data_format is not None and data_format.startswith("NC")
        window = ([1, 1] if channels_first else [1]) + list(window_shape) + (
            [] if channels_first else [1])
        steps = ([1, 1] if channels_first else [1]) + [int(s) for s in stride_array] + (
            [] if channels_first else [1])
        spatial = range(2, n + 2) if channels_first else range(1, n + 1)
        fmt: str | None = data_format
        if n == 1:
            if data_format is None or data_format == "NWC":
                fmt = "NHWC"
            elif data_format == "NCW":
                fmt = "NCHW"
            else:
                raise ValueError("data_format must be either 'NWC' or 'NCW'. Received: "
                                 f"data_format={data_format}")
            window, steps = [1, *window], [1, *steps]
        build = max_pool if pooling_type == "MAX" else avg_pool

        def op(converted: Tensor, _: int, pad: Any) -> Tensor:
            if n == 1:
                converted = expand_dims(converted, spatial[0])
            result = build(converted, window, steps, pad, data_format=fmt or "NHWC",
                           name=scope)
            return squeeze(result, [spatial[0]]) if n == 1 else result

        return with_space_to_batch(x, rate_array, padding, op, spatial_dims=spatial,
                                   filter_shape=window_shape)


def _pool1d(op_type: str, scope_name: str, input: Any, ksize: Any,  # noqa: A002
            strides: Any, padding: Any, data_format: str | None, name: str | None) -> Tensor:
    graph = graph_of(input)
    with graph.name_scope(name or scope_name) as scope:
        fmt = data_format or "NWC"
        channel = 1 if fmt.startswith("NC") else 2
        k = [1] + _sequence(ksize, 1, channel, "ksize")
        s = [1] + _sequence(strides, 1, channel, "strides")
        attrs: dict[str, Any] = {"ksize": k, "strides": s, "data_format":
                                 "NHWC" if fmt == "NWC" else "NCHW"}
        if op_type == "MaxPool":
            pad, explicit = _padding(padding, 3)
            attrs.update(padding=pad, explicit_paddings=[0, 0, *explicit]
                         if pad == "EXPLICIT" else explicit)
        else:
            attrs["padding"] = padding
        expanding = 1 if fmt == "NWC" else 2
        x = expand_dims(input, expanding)
        result = _one(apply_op(op_type, scope, attrs, **{
            "input" if op_type == "MaxPool" else "value": x}))
        return squeeze(result, expanding)


def max_pool1d(input: Any, ksize: Any, strides: Any, padding: Any,  # noqa: A002
               data_format: str = "NWC", name: str | None = None) -> Tensor:
    """``tf.nn.max_pool1d``: one MaxPool under ``MaxPool1d``."""
    return _pool1d("MaxPool", "MaxPool1d", input, ksize, strides, padding, data_format, name)


def avg_pool1d(input: Any, ksize: Any, strides: Any, padding: Any,  # noqa: A002
               data_format: str = "NWC", name: str | None = None) -> Tensor:
    """``tf.nn.avg_pool1d``: one AvgPool under ``AvgPool1D``."""
    return _pool1d("AvgPool", "AvgPool1D", input, ksize, strides, padding, data_format, name)
