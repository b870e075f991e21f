"""Depthwise convolution: DepthwiseConv2dNative (each input channel convolved with its own
``depth_multiplier`` filters: a ``[h, w, in, multiplier]`` filter gives ``in * multiplier``
output channels), what the GraphDefs of mobile CNNs hold, its two backprop ops and their
gradients as TF registers them, and ``tf.nn.depthwise_conv2d``.

They share Conv2D's windows (``conv_pool``: SAME, VALID and explicit padding, strides,
dilations). TF's CPU kernels take NHWC only, and so does the engine's kernel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import AbortedError, KernelError, ShapeError, UnimplementedError
from ..framework.input_values import Inputs
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, merge_dim
from . import _shape_fns as sf
from . import _tf_types as tt
from ._common import host
from ._shape_fns import type_attr
from .apply import graph_of as _graph_of
from .conv_pool import (
    _EXPLICIT,
    _FORMAT,
    _STRIDES,
    ONEDNN_CONV,
    _conv_attr_checks,
    _explicit,
    _normalizer,
    _pad,
    _pads,
    _spatial,
    _taps,
    _window_size,
    kernel_groups,
)
from .grad_registry import register_gradient
from .list_apply import apply_op, convert

_OP = "DepthwiseConv2dNative"
_ATTRS = (_STRIDES, AttrDef("padding", "string", default="VALID",
                            choices=("SAME", "VALID", "EXPLICIT"),
                            doc="SAME (output size input / stride) or VALID (no padding)"),
          _EXPLICIT, _FORMAT,
          AttrDef("dilations", "ints", default=[1, 1, 1, 1], doc="the filter's spacing"))
_FLOATS = tt.FLOATS


def _check_attrs(attrs: Mapping[str, Any]) -> None:
    for name, word in (("strides", "stride"), ("dilations", "dilations")):
        if len(attrs[name]) != 4:
            raise ShapeError(f"DepthwiseConv2D requires the {word} attribute to contain 4 "
                             f"values, but got: {len(attrs[name])}")


#: where an NCHW tensor's N, H, W, C dims (and its attributes' entries) are
_NCHW = (0, 2, 3, 1)


def _nhwc_attrs(attrs: Mapping[str, Any]) -> Mapping[str, Any]:
    """``attrs`` with the strides, dilations and explicit paddings of an NCHW op in NHWC
    order, so that one window computation serves both formats."""
    if attrs["data_format"] != "NCHW":
        return attrs
    pads = list(attrs.get("explicit_paddings") or [])
    return {**attrs, "data_format": "NHWC",
            "strides": [attrs["strides"][i] for i in _NCHW],
            "dilations": [attrs["dilations"][i] for i in _NCHW],
            "explicit_paddings": [p for i in _NCHW for p in pads[2 * i:2 * i + 2]]}


def _forward_shape(x: TensorShape, f: TensorShape, attrs: Mapping[str, Any]) -> TensorShape:
    """TF's ``DepthwiseConv2DNativeShapeImpl``: computed in NHWC (an NCHW input's dims
    and attributes permuted there and the answer permuted back)."""
    _check_attrs(attrs)
    xd, fd = sf.dims_of(sf.with_rank(x, 4)), sf.dims_of(sf.with_rank(f, 4))
    nchw = attrs["data_format"] == "NCHW"
    if nchw:
        xd = [xd[i] for i in _NCHW]
        attrs = _nhwc_attrs(attrs)
    depth = merge_dim(xd[3], fd[2])
    out: list[Any] = [xd[0], None, None, None]
    for axis, k in ((1, fd[0]), (2, fd[1])):
        before, after = _explicit(attrs, axis)
        out[axis] = None if k is None and attrs["padding"] != "SAME" else _window_size(
            xd[axis], k or 1, attrs["strides"][axis], attrs["dilations"][axis],
            attrs["padding"], before, after)
    out[3] = None if depth is None or fd[3] is None else depth * fd[3]
    return TensorShape([out[i] for i in (0, 3, 1, 2)] if nchw else out)


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype(_OP, specs, ("input", "filter"), _FLOATS)
    return [TensorSpec(_forward_shape(specs[0].shape, specs[1].shape, attrs), t)]


def _backprop_input_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                          ) -> list[TensorSpec]:
    t = sf.same_dtype(f"{_OP}BackpropInput", specs[1:], ("filter", "out_backprop"), _FLOATS)
    _check_attrs(attrs)
    sf.check_dtype(specs[0], ("int32",), "input_sizes")
    with Inputs(specs) as read:
        shape = sf.with_rank(read.shape(0), 4)
    return [TensorSpec(shape, t)]


def _backprop_filter_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                           ) -> list[TensorSpec]:
    t = sf.same_dtype(f"{_OP}BackpropFilter", (specs[0], specs[2]),
                      ("input", "out_backprop"), _FLOATS)
    _check_attrs(attrs)
    sf.check_dtype(specs[1], ("int32",), "filter_sizes")
    with Inputs(specs) as read:
        shape = sf.with_rank(read.shape(1), 4)
    return [TensorSpec(shape, t)]


def _windows(x_shape: Sequence[int], f_shape: Sequence[int], attrs: Mapping[str, Any]
             ) -> tuple[tuple[int, int], tuple[int, int], int, int]:
    if attrs["data_format"] != "NHWC":
        raise KernelError("Depthwise convolution on CPU is only supported for NHWC format",
                          UnimplementedError)
    if attrs["strides"][0] != 1 or attrs["strides"][3] != 1:
        raise KernelError("Current implementation does not yet support strides in the batch "
                          "and depth dimensions.")
    _, height, width, _ = x_shape
    kh, kw = f_shape[0], f_shape[1]
    (sh, sw), (dh, dw) = attrs["strides"][1:3], attrs["dilations"][1:3]
    th, bh, oh = _pads(height, kh, sh, dh, attrs["padding"], _explicit(attrs, 1))
    tw, bw, ow = _pads(width, kw, sw, dw, attrs["padding"], _explicit(attrs, 2))
    return (th, bh), (tw, bw), oh, ow


def _window_taps(padded: np.ndarray, kh: int, kw: int, attrs: Mapping[str, Any], oh: int,
                 ow: int) -> list[Any]:
    (sh, sw), (dh, dw) = attrs["strides"][1:3], attrs["dilations"][1:3]
    return _taps(padded, kh, kw, sh, sw, dh, dw, oh, ow)


#: what oneDNN says when it cannot make a convolution of the shapes it was given
_ONEDNN_ABORT = ("Operation received an exception:Status: 2, message: could not create a "
                 "primitive descriptor for the convolution forward propagation primitive. Run "
                 "workload with environment variable ONEDNN_VERBOSE=all to get additional "
                 "diagnostic information., in file tensorflow/core/kernels/mkl/"
                 "mkl_conv_ops.cc:1112")


def _forward_checks(x_shape: Sequence[int], f_shape: Sequence[int],
                    attrs: Mapping[str, Any]) -> None:
    """What TF's CPU kernel checks before it convolves, in its order. float32 and bfloat16
    run through oneDNN, which checks the attributes as its Conv2D does and the depths as a
    grouped convolution's (a filter depth other than the input's that passes is one it
    cannot make); the other dtypes run TF's own kernel: equal row and column strides, no
    dilations at all, then the depths."""
    if len(x_shape) != 4 or len(f_shape) != 4:
        raise KernelError(f"input and filter must be 4-dimensional: "
                          f"[{','.join(map(str, x_shape))}] [{','.join(map(str, f_shape))}]")
    h, w, c = _spatial(attrs["data_format"])
    depth, fin = x_shape[c], f_shape[2]
    if attrs["T"].name in ONEDNN_CONV:
        _conv_attr_checks(attrs)
        kernel_groups(depth, fin, fin * f_shape[3])
        if depth != fin:
            raise KernelError(_ONEDNN_ABORT, AbortedError)
        return
    strides, dilations = attrs["strides"], attrs["dilations"]
    if strides[h] != strides[w]:
        raise KernelError("Current implementation only supports equal length strides in the "
                          "row and column dimensions.")
    if strides[0] != 1 or strides[c] != 1:
        raise KernelError("Current implementation does not yet support strides in the batch "
                          "and depth dimensions.")
    if any(d != 1 for d in dilations):
        raise KernelError("Current kernel implementation does not support dilations, "
                          f"received [{' '.join(map(str, dilations))}]", UnimplementedError)
    if depth != fin:
        raise KernelError(f"input and filter must have the same depth: {depth} vs {fin}")


def _forward(x: np.ndarray, f: np.ndarray, attrs: Mapping[str, Any]) -> np.ndarray:
    """The convolution of an NHWC input."""
    ph, pw, oh, ow = _windows(x.shape, f.shape, attrs)
    kh, kw, c, m = f.shape
    if oh * ow == 0:  # a window larger than the input (VALID): an empty output, as TF's
        return np.zeros((x.shape[0], oh, ow, c * m), x.dtype)
    taps = _window_taps(_pad(np, x, ph, pw, 0), kh, kw, attrs, oh, ow)
    out = np.einsum("tnhwc,tcm->nhwcm", np.stack(taps), f.reshape(kh * kw, c, m))
    return out.reshape(x.shape[0], oh, ow, c * m).astype(x.dtype)


def _onednn_nchw(attrs: Mapping[str, Any]) -> bool:
    """Whether oneDNN runs this op on NCHW tensors (TF's own kernel refuses them)."""
    return attrs["data_format"] == "NCHW" and attrs["T"].name in ONEDNN_CONV


def _kernel(xp: Any, x: Any, f: Any, **attrs: Any) -> Any:
    a, filt = host(x), host(f)
    _forward_checks(a.shape, filt.shape, attrs)
    if _onednn_nchw(attrs):
        out = _forward(a.transpose(_NCHW), filt, _nhwc_attrs(attrs)).transpose(0, 3, 1, 2)
        return xp.asarray(np.ascontiguousarray(out))
    return xp.asarray(_forward(a, filt, attrs))


def _backprop_input(dims: list[int], filt: np.ndarray, grad: np.ndarray,
                    attrs: Mapping[str, Any]) -> np.ndarray:
    """Each window's share of an NHWC output's gradient added back onto the padded input."""
    (th, bh), (tw, bw), oh, ow = _windows(dims, filt.shape, attrs)
    kh, kw, c, m = filt.shape
    (sh, sw), (dh, dw) = attrs["strides"][1:3], attrs["dilations"][1:3]
    if oh * ow == 0:  # no window: no gradient reaches the input
        return np.zeros(dims, grad.dtype)
    padded = np.zeros((dims[0], dims[1] + th + bh, dims[2] + tw + bw, c), grad.dtype)
    g = grad.reshape(grad.shape[0], oh, ow, c, m)
    for i in range(kh):
        for j in range(kw):
            share = np.einsum("nhwcm,cm->nhwc", g, filt[i, j])
            padded[:, i * dh:i * dh + (oh - 1) * sh + 1:sh,
                   j * dw:j * dw + (ow - 1) * sw + 1:sw, :] += share
    return np.array(padded[:, th:th + dims[1], tw:tw + dims[2], :])


def _backprop_filter(a: np.ndarray, dims: list[int], grad: np.ndarray,
                     attrs: Mapping[str, Any]) -> np.ndarray:
    """The filter's gradient from an NHWC input and output gradient."""
    ph, pw, oh, ow = _windows(a.shape, dims, attrs)
    kh, kw, c, m = dims
    if oh * ow == 0:
        return np.zeros(dims, a.dtype)
    taps = _window_taps(_pad(np, a, ph, pw, 0), kh, kw, attrs, oh, ow)
    g = grad.reshape(grad.shape[0], oh, ow, c, m)
    out = np.einsum("tnhwc,nhwcm->tcm", np.stack(taps), g)
    return out.reshape(kh, kw, c, m).astype(a.dtype)


def _onednn_backprop(attrs: Mapping[str, Any], f_shape: Sequence[int], dims: Sequence[int],
                     g_shape: Sequence[int], where: str) -> Mapping[str, Any]:
    """The attributes a backprop computes with, in NHWC. oneDNN's depthwise backprops
    (float32, bfloat16) leave the dilations out, so they compute the undilated window's
    gradient, and abort where that window's output is not the gradient's size (a VALID
    window a dilation widens); TF's own (the other dtypes) use them."""
    if attrs["T"].name not in ONEDNN_CONV:
        return attrs
    plain = {**_nhwc_attrs(attrs), "dilations": [1, 1, 1, 1]}
    _, _, oh, ow = _windows(dims, f_shape, plain)
    h, w, _ = _spatial(attrs["data_format"])
    if len(g_shape) == 4 and (oh, ow) != (g_shape[h], g_shape[w]):
        raise KernelError(_ONEDNN_ABORT.replace("mkl_conv_ops.cc:1112", where), AbortedError)
    return plain


def _backprop_input_kernel(xp: Any, input_sizes: Any, f: Any, dy: Any, **attrs: Any) -> Any:
    dims = [int(d) for d in host(input_sizes)]
    filt, grad = host(f), host(dy)
    nchw = _onednn_nchw(attrs) and len(dims) == 4
    nhwc_dims = [dims[i] for i in _NCHW] if nchw else dims
    use = _onednn_backprop(attrs, filt.shape, nhwc_dims, grad.shape,
                           "mkl_conv_grad_input_ops.cc:546")
    if nchw:
        out = _backprop_input(nhwc_dims, filt, grad.transpose(_NCHW), use)
        return xp.asarray(np.ascontiguousarray(out.transpose(0, 3, 1, 2)))
    return xp.asarray(_backprop_input(dims, filt, grad, use))


def _backprop_filter_kernel(xp: Any, x: Any, filter_sizes: Any, dy: Any, **attrs: Any) -> Any:
    dims = [int(d) for d in host(filter_sizes)]
    a, grad = host(x), host(dy)
    nchw = _onednn_nchw(attrs) and a.ndim == 4
    if nchw:
        a = a.transpose(_NCHW)
    use = _onednn_backprop(attrs, dims, a.shape, grad.shape, "mkl_conv_grad_filter_ops.cc:685")
    return xp.asarray(_backprop_filter(a, dims, grad.transpose(_NCHW) if nchw else grad, use))


_CONV_NORMALIZE = _normalizer(_OP, ("SAME", "VALID", "EXPLICIT"), window=False)


def _NORMALIZE(attrs: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
    """Conv2D's checks of the window attributes, without its use_cudnn_on_gpu."""
    out = _CONV_NORMALIZE(attrs)
    out.pop("use_cudnn_on_gpu", None)
    return out
register(OpDef(
    type=_OP, inputs=("input", "filter"), infer=_infer, kernel=_kernel,
    attrs=(type_attr("T", _FLOATS), *_ATTRS), derive=lambda s: {"T": s[0].dtype},
    normalize=_NORMALIZE, category="Convolution", default_name=_OP,
    doc="Each channel of an NHWC input convolved with its own filters ([h, w, in, "
        "multiplier]: in * multiplier channels out).",
    extra={"arg_types": {"input": "T", "filter": "T"}},
))
def _register_backprop(what: str, inputs: tuple[str, str, str], infer: Any, kernel: Any,
                       typed: int) -> None:
    """One backprop op: its T from input ``typed``, the sizes input an int32 vector."""
    register(OpDef(
        type=f"{_OP}Backprop{what.capitalize()}", inputs=inputs, infer=infer, kernel=kernel,
        attrs=(type_attr("T", _FLOATS), *_ATTRS), derive=lambda s: {"T": s[typed].dtype},
        normalize=_NORMALIZE, category="Gradient", palette=False, reads_values=True,
        default_name=f"{_OP}Backprop{what.capitalize()}",
        doc=f"A depthwise convolution's gradient with respect to its {what}.",
        extra={"arg_types": {name: "int32" if name.endswith("_sizes") else "T"
                             for name in inputs}},
    ))


_register_backprop("input", ("input_sizes", "filter", "out_backprop"), _backprop_input_infer,
                   _backprop_input_kernel, 1)
_register_backprop("filter", ("input", "filter_sizes", "out_backprop"),
                   _backprop_filter_infer, _backprop_filter_kernel, 0)

def _same_attrs(op: Operation) -> dict[str, Any]:
    return {k: op.get_attr(k) for k in ("strides", "padding", "explicit_paddings",
                                        "data_format", "dilations")}


def _gen(op_type: str, attrs: dict[str, Any], **inputs: Any) -> Any:
    return apply_op(op_type, None, attrs, **inputs)


@register_gradient(_OP)
def _depthwise_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_DepthwiseConv2dNativeGrad``."""
    from .array_builders import shape

    attrs = _same_attrs(op)
    return [_gen(f"{_OP}BackpropInput", attrs, input_sizes=shape(op.inputs[0]),
                 filter=op.inputs[1], out_backprop=grad),
            _gen(f"{_OP}BackpropFilter", attrs, input=op.inputs[0],
                 filter_sizes=shape(op.inputs[1]), out_backprop=grad)]


@register_gradient(f"{_OP}BackpropInput")
def _backprop_input_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_DepthwiseConv2dNativeBackpropInputGrad``."""
    from .array_builders import shape

    attrs = _same_attrs(op)
    return [None, _gen(f"{_OP}BackpropFilter", attrs, input=grad,
                       filter_sizes=shape(op.inputs[1]), out_backprop=op.inputs[2]),
            _gen(_OP, attrs, input=grad, filter=op.inputs[1])]


@register_gradient(f"{_OP}BackpropFilter")
def _backprop_filter_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_DepthwiseConv2dNativeBackpropFilterGrad``."""
    from .array_builders import shape

    attrs = _same_attrs(op)
    return [_gen(f"{_OP}BackpropInput", attrs, input_sizes=shape(op.inputs[0]), filter=grad,
                 out_backprop=op.inputs[2]), None,
            _gen(_OP, attrs, input=op.inputs[0], filter=grad)]


def depthwise_conv2d(input: Any, filter: Any, strides: Any, padding: Any,  # noqa: A002
                     rate: Any = None, name: str | None = None, data_format: str | None = None,
                     dilations: Any = None) -> Tensor:
    """``tf.compat.v1.nn.depthwise_conv2d``: one DepthwiseConv2dNative named ``depthwise``,
    inside TF's ``with_space_to_batch`` (SpaceToBatchND around it at a rate above 1)."""
    from .array_builders import _deprecated, shape
    from .space_batch_api import spaced

    rate = _deprecated("dilations", dilations, "rate", rate)
    graph = _graph_of(input, filter)
    with graph.name_scope(name or "depthwise") as scope:
        x = convert(graph, input, "tensor_in")
        f = convert(graph, filter, "filter_in")

        def op(inp: Tensor, _: Any, pad: Any) -> Tensor:
            out = apply_op(_OP, scope, {"strides": list(strides), "padding": pad,
                                        "data_format": data_format or "NHWC"},
                           input=inp, filter=f)
            assert isinstance(out, Tensor)
            return out

        return spaced(x, [1, 1] if rate is None else rate, padding, op, shape(f), data_format)


def depthwise_conv2d_native(input: Any, filter: Any, strides: Any, padding: Any,  # noqa: A002
                            data_format: str = "NHWC", dilations: Any = (1, 1, 1, 1),
                            name: str | None = None) -> Tensor:
    """``tf.nn.depthwise_conv2d_native``: the op itself."""
    out = apply_op(_OP, name, {"strides": list(strides), "padding": padding,
                               "data_format": data_format, "dilations": list(dilations)},
                   input=input, filter=filter)
    assert isinstance(out, Tensor)
    return out


def separable_conv2d(input: Any, depthwise_filter: Any, pointwise_filter: Any,  # noqa: A002
                     strides: Any, padding: Any, rate: Any = None, name: str | None = None,
                     data_format: str | None = None, dilations: Any = None) -> Tensor:
    """``tf.compat.v1.nn.separable_conv2d``: a depthwise convolution named ``depthwise``
    (inside ``with_space_to_batch``), then a 1×1 Conv2D named after the scope."""
    from ..framework.dimension import Dimension
    from .array_builders import _deprecated, shape
    from .nn_builders import conv2d
    from .space_batch_api import spaced

    rate = _deprecated("dilations", dilations, "rate", rate)
    graph = _graph_of(input, depthwise_filter, pointwise_filter)
    with graph.name_scope(name or "separable_conv2d") as scope:
        x = convert(graph, input, "tensor_in")
        d = convert(graph, depthwise_filter, "depthwise_filter")
        p = convert(graph, pointwise_filter, "pointwise_filter")
        sizes = p.shape.with_rank(4).sizes
        assert sizes is not None
        Dimension(sizes[0]).assert_is_compatible_with(1)
        Dimension(sizes[1]).assert_is_compatible_with(1)

        def op(inp: Tensor, _: Any, pad: Any) -> Tensor:
            out = apply_op(_OP, "depthwise", {"strides": list(strides), "padding": pad,
                                              "data_format": data_format or "NHWC"},
                           input=inp, filter=d)
            assert isinstance(out, Tensor)
            return out

        depthwise = spaced(x, [1, 1] if rate is None else rate, padding, op, shape(d),
                           data_format)
        return conv2d(depthwise, p, [1, 1, 1, 1], padding="VALID",
                      data_format=data_format or "NHWC", name=scope)
