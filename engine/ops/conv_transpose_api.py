"""The transposed convolutions and the convolution backprops as functions, as TF writes them:
``conv2d_transpose`` (TF1's, over ``conv2d_transpose_v2``: one Conv2DBackpropInput named
after the scope), ``conv2d_backprop_input``, ``conv2d_backprop_filter``,
``atrous_conv2d_transpose`` (SpaceToBatch, a stride-1 transposed convolution, BatchToSpace,
with the paddings worked out in Python, or in the graph where the filter's shape is unknown)
and ``conv1d_transpose`` (ExpandDims, Conv2DBackpropInput, Squeeze).
"""

from __future__ import annotations

from typing import Any

from ..framework.operation import Tensor
from ..framework.shapes import TensorShape
from .apply import graph_of
from .array_builders import _deprecated, concat, expand_dims, shape, squeeze
from .list_apply import apply_op, convert
from .nn_builders import _one, _padding, _sequence
from .space_batch import batch_to_space, space_to_batch


def _backprop_input(input_sizes: Any, filter: Any, out_backprop: Any,  # noqa: A002
                    strides: Any, padding: Any, explicit: list[int], data_format: str,
                    dilations: Any, name: str | None, use_cudnn_on_gpu: bool = True) -> Tensor:
    return _one(apply_op("Conv2DBackpropInput", name, {
        "strides": list(strides), "padding": padding, "explicit_paddings": explicit,
        "use_cudnn_on_gpu": use_cudnn_on_gpu, "data_format": data_format,
        "dilations": list(dilations)},
        input_sizes=input_sizes, filter=filter, out_backprop=out_backprop))


def conv2d_backprop_input(input_sizes: Any, filter: Any = None,  # noqa: A002
                          out_backprop: Any = None, strides: Any = None, padding: Any = None,
                          use_cudnn_on_gpu: bool = True, data_format: str = "NHWC",
                          dilations: Any = (1, 1, 1, 1), name: str | None = None,
                          filters: Any = None) -> Tensor:
    """``tf.compat.v1.nn.conv2d_backprop_input``: the op itself."""
    kernel = _deprecated("filters", filters, "filter", filter)
    pad, explicit = _padding(padding)
    return _backprop_input(input_sizes, kernel, out_backprop, strides, pad, explicit,
                           data_format, dilations, name, use_cudnn_on_gpu)


def conv2d_backprop_filter(input: Any, filter_sizes: Any, out_backprop: Any,  # noqa: A002
                           strides: Any, padding: Any, use_cudnn_on_gpu: bool = True,
                           data_format: str = "NHWC", dilations: Any = (1, 1, 1, 1),
                           name: str | None = None) -> Tensor:
    """``tf.compat.v1.nn.conv2d_backprop_filter``: the op itself."""
    pad, explicit = _padding(padding)
    return _one(apply_op("Conv2DBackpropFilter", name, {
        "strides": list(strides), "padding": pad, "explicit_paddings": explicit,
        "use_cudnn_on_gpu": use_cudnn_on_gpu, "data_format": data_format,
        "dilations": list(dilations)},
        input=input, filter_sizes=filter_sizes, out_backprop=out_backprop))


def conv2d_transpose(value: Any = None, filter: Any = None,  # noqa: A002
                     output_shape: Any = None, strides: Any = None, padding: Any = "SAME",
                     data_format: str = "NHWC", name: str | None = None,
                     input: Any = None, filters: Any = None,  # noqa: A002
                     dilations: Any = None) -> Tensor:
    """``tf.compat.v1.nn.conv2d_transpose``: one Conv2DBackpropInput named after the scope,
    ``output_shape`` its ``input_sizes``."""
    value = _deprecated("input", input, "value", value)
    kernel = _deprecated("filters", filters, "filter", filter)
    graph = graph_of(value, kernel, output_shape)
    with graph.name_scope(name or "conv2d_transpose") as scope:
        fmt = data_format or "NHWC"
        channel = 1 if fmt.startswith("NC") else 3
        full_strides = _sequence(strides, 2, channel, "strides")
        rates = _sequence(dilations, 2, channel, "dilations")
        pad, explicit = _padding(padding)
        return _backprop_input(output_shape, kernel, value, full_strides, pad, explicit, fmt,
                               rates, scope)


def _dims(t: Tensor) -> list[Any]:
    sizes = t.shape.sizes
    return list(sizes) if sizes is not None else [None] * 4


def atrous_conv2d_transpose(value: Any, filters: Any, output_shape: Any, rate: int,
                            padding: str, name: str | None = None) -> Tensor:
    """``tf.nn.atrous_conv2d_transpose``: TF's SpaceToBatch form of a dilated transposed
    convolution (stride 1, VALID), its paddings worked out as TF's Python does."""
    graph = graph_of(value, filters, output_shape)
    with graph.name_scope(name or "atrous_conv2d_transpose"):
        x = convert(graph, value, "value")
        f = convert(graph, filters, "filters")
        vx, vf = _dims(x), _dims(f)
        if vx[3] is not None and vf[3] is not None and vx[3] != vf[3]:
            raise ValueError("`value` channel count must be compatible with `filters` input "
                             f"channel count. Received: value.shape={x.shape} with channel "
                             f"count {x.shape[3]} and filters.shape={f.shape} with input "
                             f"channel count {f.shape[3]}.")
        if rate < 1:
            raise ValueError(f"`rate` cannot be less than one. Received: rate={rate}")
        if rate == 1:
            return conv2d_transpose(x, f, output_shape, strides=[1, 1, 1, 1], padding=padding,
                                    data_format="NHWC")
        out_t = convert(graph, output_shape, "output_shape")
        if not out_t.shape.is_compatible_with(TensorShape([4])):
            raise ValueError(f"`output_shape` must have shape (4,). Received: "
                             f"output_shape={out_t.shape}")
        if isinstance(output_shape, tuple):
            output_shape = list(output_shape)
        if isinstance(output_shape, list) or hasattr(output_shape, "__array__") and \
                not isinstance(output_shape, Tensor):
            if vf[2] is not None and output_shape[3] != vf[2]:
                raise ValueError("`output_shape` channel count must be compatible with "
                                 f"`filters` output channel count. Received: output_shape="
                                 f"{output_shape} with channel count {output_shape[3]} and "
                                 f"filters.shape={f.shape} with output channel count "
                                 f"{f.shape[3]}.")
        if padding == "SAME":
            filter_shape: Any = vf if f.shape.is_fully_defined() else shape(f)
            height, width = filter_shape[0], filter_shape[1]
            height_up = height + (height - 1) * (rate - 1)
            width_up = width + (width - 1) * (rate - 1)
            pad_height = height_up - 1
            pad_width = width_up - 1
            pad_top = pad_height // 2
            pad_bottom = pad_height - pad_top
            pad_left = pad_width // 2
            pad_right = pad_width - pad_left
        elif padding == "VALID":
            pad_top = pad_bottom = pad_left = pad_right = 0
        else:
            raise ValueError("`padding` must be either 'VALID' or 'SAME'. Received: "
                             f"padding={padding}")
        in_height = output_shape[1] + pad_top + pad_bottom
        in_width = output_shape[2] + pad_left + pad_right
        pad_bottom_extra = (rate - in_height % rate) % rate
        pad_right_extra = (rate - in_width % rate) % rate
        x = space_to_batch(x, [[0, pad_bottom_extra], [0, pad_right_extra]], block_size=rate)
        input_sizes = [rate * rate * output_shape[0], (in_height + pad_bottom_extra) // rate,
                       (in_width + pad_right_extra) // rate, output_shape[3]]
        x = _backprop_input(input_sizes, f, x, [1, 1, 1, 1], "VALID", [], "NHWC",
                            [1, 1, 1, 1], None)
        crops = [[pad_top, pad_bottom + pad_bottom_extra], [pad_left, pad_right + pad_right_extra]]
        return batch_to_space(x, crops, block_size=rate)


def conv1d_transpose(input: Any, filters: Any, output_shape: Any, strides: Any,  # noqa: A002
                     padding: Any = "SAME", data_format: str | None = "NWC",
                     dilations: Any = None, name: str | None = None) -> Tensor:
    """``tf.nn.conv1d_transpose``: a dimension of 1 added to the input, the filters and the
    output shape, one Conv2DBackpropInput named after the scope, the result squeezed."""
    graph = graph_of(input, filters, output_shape)
    with graph.name_scope(name or "conv1d_transpose") as scope:
        if data_format is None or data_format == "NWC":
            fmt, spatial_start, channel = "NHWC", 1, 2
        elif data_format == "NCW":
            fmt, spatial_start, channel = "NCHW", 2, 1
        else:
            raise ValueError("`data_format` must be 'NWC' or 'NCW'. Received: "
                             f"data_format={data_format}")
        full_strides = [1] + _sequence(strides, 1, channel, "stride")
        rates = [1] + _sequence(dilations, 1, channel, "dilations")
        x = expand_dims(input, spatial_start)
        f = expand_dims(filters, 0)
        sizes: Any = output_shape if isinstance(output_shape, Tensor) else list(output_shape)
        sizes = concat([sizes[:spatial_start], [1], sizes[spatial_start:]], 0)
        pad, explicit = _padding(padding)
        result = _backprop_input(sizes, f, x, full_strides, pad, explicit, fmt, rates, scope)
        return squeeze(result, spatial_start)


def _depthwise_backprop(op_type: str, strides: Any, padding: Any, data_format: str,
                        dilations: Any, name: str | None, **inputs: Any) -> Tensor:
    pad, explicit = _padding(padding)
    return _one(apply_op(op_type, name, {
        "strides": list(strides), "padding": pad, "explicit_paddings": explicit,
        "data_format": data_format, "dilations": list(dilations)}, **inputs))


def depthwise_conv2d_native_backprop_input(input_sizes: Any, filter: Any,  # noqa: A002
                                           out_backprop: Any, strides: Any, padding: Any,
                                           data_format: str = "NHWC",
                                           dilations: Any = (1, 1, 1, 1),
                                           name: str | None = None) -> Tensor:
    """``tf.nn.depthwise_conv2d_backprop_input`` (``…_native_backprop_input``): the op."""
    return _depthwise_backprop("DepthwiseConv2dNativeBackpropInput", strides, padding,
                               data_format, dilations, name, input_sizes=input_sizes,
                               filter=filter, out_backprop=out_backprop)


def depthwise_conv2d_native_backprop_filter(input: Any, filter_sizes: Any,  # noqa: A002
                                            out_backprop: Any, strides: Any, padding: Any,
                                            data_format: str = "NHWC",
                                            dilations: Any = (1, 1, 1, 1),
                                            name: str | None = None) -> Tensor:
    """``tf.nn.depthwise_conv2d_backprop_filter`` (``…_native_backprop_filter``): the op."""
    return _depthwise_backprop("DepthwiseConv2dNativeBackpropFilter", strides, padding,
                               data_format, dilations, name, input=input,
                               filter_sizes=filter_sizes, out_backprop=out_backprop)
