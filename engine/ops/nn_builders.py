"""The builder API of ``engine.nn`` (TF's ``tf.nn``): activations, softmax, losses,
``bias_add``, ``conv2d`` and pooling.

The composite functions build the ops TF's Python builds, in the same order and with the
same names (``softmax_cross_entropy_with_logits_v2`` reshapes to two dimensions through
Rank, Shape, Slice and ConcatV2, exactly as TF does), so a graph made here reads like one
made by TF; ``tests/engine/tf_cases/nn_ops.py`` checks them against TF's records.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from .apply import graph_of as _graph_of
from .array_builders import concat, rank, reshape, shape, squeeze, transpose, zeros_like
from .array_builders import range as range_
from .array_builders import slice as slice_
from .array_builders import where as where_
from .assert_ops import assert_equal
from .batch_dims import squeeze_batch_dims
from .builder import add, cast, exp, negative, subtract
from .list_apply import apply_op, convert
from .math_api import stop_gradient
from .math_builders import log1p, reduce_mean, squared_difference
from .math_builders import sigmoid as sigmoid
from .math_builders import tanh as tanh
from .matmul_api import matmul


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def _first(result: Tensor | list[Tensor]) -> Tensor:
    """Output 0 of an op with several (the losses: loss, backprop)."""
    assert isinstance(result, list)
    return result[0]


# --- activations ---------------------------------------------------------------------------------
def relu(features: Any, name: str | None = None) -> Tensor:
    return _one(apply_op("Relu", name, features=features))


def relu6(features: Any, name: str | None = None) -> Tensor:
    graph = _graph_of(features)
    with graph.name_scope("Relu6" if name is None else name) as scope:
        x = features if isinstance(features, Tensor) else convert(graph, features, "features")
        return _one(apply_op("Relu6", scope, features=x))


def elu(features: Any, name: str | None = None) -> Tensor:
    return _one(apply_op("Elu", name, features=features))


def leaky_relu(features: Any, alpha: float = 0.2, name: str | None = None) -> Tensor:
    graph = _graph_of(features)
    with graph.name_scope("LeakyRelu" if name is None else name) as scope:
        x = features if isinstance(features, Tensor) else convert(graph, features, "features")
        if x.dtype is not None and x.dtype.is_integer:
            x = cast(x, dt.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return _one(apply_op("LeakyRelu", scope, {"alpha": alpha}, features=x))


def softplus(features: Any, name: str | None = None) -> Tensor:
    return _one(apply_op("Softplus", name, features=features))


# --- softmax -------------------------------------------------------------------------------------
def _swap_axis(x: Tensor, dim: Any, last: Any, name: str | None = None) -> Tensor:
    perm = concat([range_(dim), [last], range_(dim + 1, last), [dim]], 0)
    return transpose(x, perm, name=name or "transpose")


def _wrap_2d(op_type: str, logits: Any, axis: Any, name: str | None) -> Tensor:
    """TF's ``_wrap_2d_function``: the op works on the last axis, so another axis is
    transposed there and back."""
    graph = _graph_of(logits)
    x = logits if isinstance(logits, Tensor) else convert(graph, logits, "Const")
    static = x.shape
    if axis == -1 or axis == (static.rank or 0) - 1:
        return _one(apply_op(op_type, name, logits=x))
    ndims = static.rank
    if ndims is None:  # TF's ``shape.ndims - 1`` fails on the unknown rank, as this says
        raise TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'")
    if not -ndims <= axis < ndims:
        from ..framework.errors import InvalidArgumentError

        raise InvalidArgumentError(None, None, f"`dim` must be in the range [{-ndims}, "
                                   f"{ndims}) where {ndims} is the number of dimensions in the "
                                   f"input. Received: dim={axis}")
    ndims_tensor = rank(x)
    # TF adds the rank tensor to a negative axis (``add``), then takes it modulo the static
    # rank (``mod``): the swap then builds its permutation from tensors
    dim: Any = axis + ndims_tensor if axis < 0 else axis
    input_rank = rank(x)
    dim_axis = dim % ndims
    swapped = _swap_axis(x, dim_axis, subtract(input_rank, 1))
    out = _one(apply_op(op_type, None, logits=swapped))
    fixed = _swap_axis(out, dim_axis, subtract(input_rank, 1), name=name)
    fixed.set_shape(static)
    return fixed


def softmax(logits: Any, axis: Any = None, name: str | None = None, dim: Any = None) -> Tensor:
    axis = axis if axis is not None else (dim if dim is not None else -1)
    return _wrap_2d("Softmax", logits, axis, name)


def log_softmax(logits: Any, axis: Any = None, name: str | None = None,
                dim: Any = None) -> Tensor:
    axis = axis if axis is not None else (dim if dim is not None else -1)
    return _wrap_2d("LogSoftmax", logits, axis, name)


# --- bias_add, l2_loss ---------------------------------------------------------------------------
def bias_add(value: Any, bias: Any, data_format: str | None = None,
             name: str | None = None) -> Tensor:
    graph = _graph_of(value, bias)
    with graph.name_scope("BiasAdd" if name is None else name) as scope:
        if data_format is not None:
            if data_format.startswith("NC"):
                data_format = "NCHW"
            elif data_format.startswith("N") and data_format.endswith("C"):
                data_format = "NHWC"
            else:
                raise ValueError("`data_format` must be of the form `N...C` or `NC...`. "
                                 f"Received: data_format={data_format}")
        x = value if isinstance(value, Tensor) else convert(graph, value, "input")
        b = bias if isinstance(bias, Tensor) else convert(graph, bias, "bias", x.dtype)
        if b.dtype is not x.dtype:  # TF's convert_to_tensor names the argument first
            raise ValueError(f"bias: Tensor conversion requested dtype {x.dtype.name} for "  # type: ignore[union-attr]
                             f"Tensor with dtype {b.dtype.name}: {b.tf_repr()}")  # type: ignore[union-attr]
        return _one(apply_op("BiasAdd", scope, {"data_format": data_format or "NHWC"},
                             value=x, bias=b))


def l2_loss(t: Any, name: str | None = None) -> Tensor:
    return _one(apply_op("L2Loss", name, t=t))


# --- losses --------------------------------------------------------------------------------------
def _check_xent_args(name: str, labels: Any, logits: Any) -> None:
    if labels is None or logits is None:
        raise ValueError(f"Both `labels` and `logits` must be provided for {name}Received: "
                         f"labels={labels} and logits={logits}")


def _flatten_outer_dims(logits: Tensor) -> Tensor:
    """TF's ``_flatten_outer_dims``: [..., n] to [-1, n], the static shape set when known."""
    r = rank(logits)
    last = slice_(shape(logits), [subtract(r, 1)], [1])
    out = reshape(logits, concat([[-1], last], 0))
    static = logits.shape
    if static.sizes is not None:
        dims = static.as_list()
        if all(d is not None for d in dims[:-1]):
            out.set_shape([int(np.prod([d or 0 for d in dims[:-1]], dtype=np.int64)), dims[-1]])
    return out


def softmax_cross_entropy_with_logits_v2(labels: Any, logits: Any, axis: Any = None,
                                         name: str | None = None, dim: Any = None) -> Tensor:
    axis = axis if axis is not None else (dim if dim is not None else -1)
    graph = _graph_of(labels, logits)
    with graph.name_scope("softmax_cross_entropy_with_logits" if name is None else name) as scope:
        logits_t = logits if isinstance(logits, Tensor) else convert(graph, logits, "logits")
        labels_t = labels if isinstance(labels, Tensor) else convert(graph, labels, "labels")
        to_f32 = logits_t.dtype in (dt.float16, dt.bfloat16)
        precise = cast(logits_t, dt.float32) if to_f32 else logits_t
        labels_t = cast(labels_t, precise.dtype)
        input_rank = rank(precise)
        static = logits_t.shape
        if axis != -1:
            def move_to_end(t: Tensor) -> Tensor:
                perm = concat([range_(axis), range_(axis + 1, input_rank), [axis]], 0)
                return transpose(t, perm)

            precise = move_to_end(precise)
            labels_t = move_to_end(labels_t)
        input_shape = shape(precise)
        precise = _flatten_outer_dims(precise)
        labels_t = _flatten_outer_dims(labels_t)
        cost = _first(apply_op("SoftmaxCrossEntropyWithLogits", scope, features=precise,
                             labels=labels_t))
        output_shape = slice_(input_shape, [0], [subtract(input_rank, 1)])
        cost = reshape(cost, output_shape)
        if static.sizes is not None:
            dims = static.as_list()
            del dims[axis]
            cost.set_shape(dims)
        return cast(cost, logits_t.dtype) if to_f32 else cost


#: TF's deprecation notice for the v1 loss (its labels get no gradient; v2's do)
XENT_V1_DEPRECATION = (
    "softmax_cross_entropy_with_logits (from tensorflow.python.ops.nn_ops) is deprecated and "
    "will be removed in a future version.\nInstructions for updating:\n\nFuture major "
    "versions of TensorFlow will allow gradients to flow\ninto the labels input on backprop "
    "by default.\n\nSee `tf.nn.softmax_cross_entropy_with_logits_v2`.\n")


def softmax_cross_entropy_with_logits(labels: Any = None, logits: Any = None, dim: Any = -1,
                                      name: str | None = None, axis: Any = None) -> Tensor:
    """TF1's deprecated loss: v2's ops in ``softmax_cross_entropy_with_logits_sg``, its labels
    first through ``labels_stop_gradient`` (a StopGradient), with TF's deprecation warning."""
    if dim is not None and axis is not None:  # TF's lookup: dim's default -1 counts as given
        raise ValueError("Cannot specify both 'dim' and 'axis'.")
    axis = dim if dim is not None else axis
    _check_xent_args("softmax_cross_entropy_with_logits", labels, logits)
    warnings.warn(XENT_V1_DEPRECATION, DeprecationWarning, stacklevel=2)
    graph = _graph_of(labels, logits)
    default = "softmax_cross_entropy_with_logits_sg"
    with graph.name_scope(default if name is None else name) as scope:
        labels = stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=axis,
                                                name=scope)


def xw_plus_b(x: Any, weights: Any, biases: Any, name: str | None = None) -> Tensor:
    """``matmul(x, weights) + biases`` as TF builds it: MatMul, then BiasAdd named ``name``."""
    graph = _graph_of(x, weights, biases)
    with graph.name_scope("xw_plus_b" if name is None else name) as scope:
        x = convert(graph, x, "x")
        weights = convert(graph, weights, "weights")
        biases = convert(graph, biases, "biases")
        return bias_add(matmul(x, weights), biases, name=scope)


def moments(x: Any, axes: Any, shift: Any = None, name: str | None = None,
            keep_dims: Any = None, keepdims: Any = None) -> tuple[Tensor, Tensor]:
    """Mean and variance over ``axes``, as TF: the variance is the mean squared difference
    from the mean under a StopGradient; float16 is computed in float32."""
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'.")
    keep = bool(keep_dims if keep_dims is not None else keepdims)
    graph = _graph_of(x)
    with graph.name_scope("moments" if name is None else name):
        half = getattr(x, "dtype", None) is dt.float16
        y = cast(x, dt.float32) if half else x
        mean = reduce_mean(y, axes, keepdims=True, name="mean")
        variance = reduce_mean(squared_difference(y, stop_gradient(mean)), axes,
                               keepdims=True, name="variance")
        if not keep:
            mean = squeeze(mean, axes)
            variance = squeeze(variance, axes)
        if half:
            return cast(mean, dt.float16), cast(variance, dt.float16)
        return mean, variance


def sparse_softmax_cross_entropy_with_logits(labels: Any = None, logits: Any = None,
                                             name: str | None = None) -> Tensor:
    _check_xent_args("sparse_softmax_cross_entropy_with_logits", labels, logits)
    graph = _graph_of(labels, logits)
    with graph.name_scope("SparseSoftmaxCrossEntropyWithLogits" if name is None else name):
        labels_t = labels if isinstance(labels, Tensor) else convert(graph, labels, "Const")
        logits_t = logits if isinstance(logits, Tensor) else convert(graph, logits, "Const")
        precise = cast(logits_t, dt.float32) if logits_t.dtype is dt.float16 else logits_t
        label_static = labels_t.shape
        labels_shape = shape(labels_t)
        lshape = logits_t.shape
        defined = label_static.is_fully_defined() and lshape[:-1].is_fully_defined()
        if lshape.rank == 0:
            raise ValueError(f"`logits` cannot be a scalar. Received logits={logits_t}`")
        if lshape.rank is not None and label_static.rank is not None and (
                label_static.rank != lshape.rank - 1):
            raise ValueError("`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                             f"labels.shape={label_static} of rank {label_static.rank} and "
                             f"logits.shape={lshape} of rank {lshape.rank}")
        if defined and label_static != lshape[:-1]:
            raise ValueError("`labels.shape` must equal `logits.shape` except for the last "
                             f"dimension. Received: labels.shape={label_static} and "
                             f"logits.shape={lshape}")
        if lshape.rank == 2:
            cost = _first(apply_op("SparseSoftmaxCrossEntropyWithLogits", name, features=precise,
                                 labels=labels_t))
            return cast(cost, dt.float16) if logits_t.dtype is dt.float16 else cost
        checks = []
        if not defined:  # the labels' Shape first, then the logits': TF's order
            labels_now = shape(labels_t)
            logits_shape: Any = shape(logits_t)  # Tensor's operators
            checks.append(assert_equal(labels_now, logits_shape[:-1]))
        with graph.control_dependencies(checks):
            shape_t: Any = shape(logits_t)  # Tensor's operators
            rank_t: Any = rank(logits_t)
            num_classes = shape_t[rank_t - 1]
            precise = reshape(precise, [-1, num_classes])
            flat_labels = reshape(labels_t, [-1])
            cost = _first(apply_op("SparseSoftmaxCrossEntropyWithLogits", name,
                                   features=precise, labels=flat_labels))
            cost = reshape(cost, labels_shape)
            cost.set_shape(label_static)
            return cast(cost, dt.float16) if logits_t.dtype is dt.float16 else cost


def sigmoid_cross_entropy_with_logits(labels: Any = None, logits: Any = None,
                                      name: str | None = None) -> Tensor:
    _check_xent_args("sigmoid_cross_entropy_with_logits", labels, logits)
    graph = _graph_of(labels, logits)
    with graph.name_scope("logistic_loss" if name is None else name) as scope:
        logits_t = logits if isinstance(logits, Tensor) else convert(graph, logits, "logits")
        labels_t = labels if isinstance(labels, Tensor) else convert(graph, labels, "labels")
        if not labels_t.shape.is_compatible_with(logits_t.shape):
            raise ValueError("`logits` and `labels` must have the same shape, received "
                             f"({logits_t.shape} vs {labels_t.shape}).")
        x: Any = logits_t  # Tensor's operators, as TF's code uses them
        zeros = zeros_like(logits_t, dtype=logits_t.dtype)
        cond = x >= zeros
        relu_logits = where_(cond, logits_t, zeros)
        neg_abs_logits = where_(cond, negative(logits_t), logits_t)
        relu: Any = relu_logits
        return add(relu - x * labels_t, log1p(exp(neg_abs_logits)), name=scope)


# --- convolution and pooling ---------------------------------------------------------------------
def _sequence(value: Any, n: int, channel_index: int, name: str) -> list[int]:
    """TF's ``_get_sequence``: an int or a short list as the full per-dimension list."""
    if value is None:
        return [1] * (n + 2)
    if isinstance(value, (list, tuple)):
        value = list(value)
    elif isinstance(value, (int, np.integer)):
        value = [value]
    else:
        value = list(value)
    if len(value) == n + 2:
        return value
    if len(value) == 1:
        value = value * n
    elif len(value) != n:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: "
                         f"{name}={value} of length {len(value)}")
    return [1, 1] + value if channel_index == 1 else [1] + value + [1]


def _padding(padding: Any, expected: int = 4) -> tuple[Any, list[int]]:
    """TF's ``convert_padding``: a list of (before, after) pairs is EXPLICIT."""
    if padding == "EXPLICIT":
        raise ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit "
                         "padding, `padding` must be a list.")
    explicit: list[int] = []
    if isinstance(padding, (list, tuple)):
        for i, pair in enumerate(padding):
            if not isinstance(pair, (list, tuple)):
                raise ValueError("When `padding` is a list, each element of `padding` must be a "
                                 f"list/tuple of size 2. Received: padding={padding} with "
                                 f"element at index {i} of type {type(pair)}")
            if len(pair) != 2:
                raise ValueError("When `padding` is a list, each element of `padding` must be a "
                                 f"list/tuple of size 2. Received: padding={padding} with "
                                 f"element at index {i} of size {len(pair)}")
            explicit.extend(int(p) for p in pair)
        if len(padding) != expected:
            raise ValueError(f"When padding is a list, it must be of size {expected}. Received: "
                             f"padding={padding} of size {len(padding)}")
        padding = "EXPLICIT"
    return padding, explicit


def conv2d(input: Any, filter: Any = None, strides: Any = None,  # noqa: A002
           padding: Any = None, use_cudnn_on_gpu: bool = True, data_format: str = "NHWC",
           dilations: Any = (1, 1, 1, 1), name: str | None = None,
           filters: Any = None) -> Tensor:
    if filter is not None and filters is not None:
        raise ValueError("Cannot specify both 'filters' and 'filter'")
    kernel = filter if filter is not None else filters
    pad, explicit = _padding(padding)
    data_format = data_format or "NHWC"
    channel = 1 if data_format.startswith("NC") else 3
    attrs = {"strides": _sequence(strides, 2, channel, "strides"), "padding": pad,
             "use_cudnn_on_gpu": use_cudnn_on_gpu, "explicit_paddings": explicit,
             "data_format": data_format,
             "dilations": _sequence(dilations, 2, channel, "dilations")}
    ndims = input.shape.rank if isinstance(input, Tensor) else np.ndim(input)
    if ndims is not None and ndims > 4:  # a batch of batches: TF folds the outer dims
        return squeeze_batch_dims(
            input, lambda x: _one(apply_op("Conv2D", None, attrs, input=x, filter=kernel)),
            inner_rank=3, name=name)
    return _one(apply_op("Conv2D", name, attrs, input=input, filter=kernel))


def _max_pool(value: Any, ksize: Any, strides: Any, padding: Any, data_format: str,
              scope_name: str) -> Tensor:
    graph = _graph_of(value)
    with graph.name_scope(scope_name) as scope:
        data_format = data_format or "NHWC"
        channel = 1 if data_format.startswith("NC") else 3
        k = _sequence(ksize, 2, channel, "ksize")
        s = _sequence(strides, 2, channel, "strides")
        pad, explicit = _padding(padding)
        if any(v == 0 for v in k):
            raise ValueError(f"`ksize` cannot be zero. Received: ksize={k}")
        return _one(apply_op("MaxPool", scope, {"ksize": k, "strides": s, "padding": pad,
                                                "explicit_paddings": explicit,
                                                "data_format": data_format}, input=value))


def max_pool(value: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NHWC",
             name: str | None = None, input: Any = None) -> Tensor:  # noqa: A002
    value = input if input is not None else value
    return _max_pool(value, ksize, strides, padding, data_format,
                     "MaxPool" if name is None else name)


def max_pool2d(input: Any, ksize: Any, strides: Any, padding: Any,  # noqa: A002
               data_format: str = "NHWC", name: str | None = None) -> Tensor:
    """``tf.nn.max_pool2d``: max_pool under its own scope name (``MaxPool2d``)."""
    return _max_pool(input, ksize, strides, padding, data_format,
                     "MaxPool2d" if name is None else name)


def avg_pool(value: Any, ksize: Any, strides: Any, padding: Any, data_format: str = "NHWC",
             name: str | None = None, input: Any = None) -> Tensor:  # noqa: A002
    value = input if input is not None else value
    graph = _graph_of(value)
    with graph.name_scope("AvgPool" if name is None else name) as scope:
        data_format = data_format or "NHWC"
        channel = 1 if data_format.startswith("NC") else 3
        k = _sequence(ksize, 2, channel, "ksize")
        s = _sequence(strides, 2, channel, "strides")
        return _one(apply_op("AvgPool", scope, {"ksize": k, "strides": s, "padding": padding,
                                                "data_format": data_format}, value=value))


#: ``tf.compat.v1.nn.avg_pool2d`` is the same function as ``avg_pool``
avg_pool2d = avg_pool
