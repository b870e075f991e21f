"""The backprop ops of convolution and pooling that TF's gradients build:
Conv2DBackpropInput, Conv2DBackpropFilter, MaxPoolGrad and AvgPoolGrad.

They run as the forward kernels do (``conv_pool.py``): one strided slice of the padded input
per window tap, covering every output position at once. The input's gradient adds each tap's
share back into its slice; the filter's is one matrix product of the taps (im2col) with the
output's gradient. MaxPoolGrad sends each window's gradient to its first maximum, as TF's
argmax does.

They are built by ``gradients``, not placed by hand, so they stay out of the palette and
the search popup (``palette=False``); a graph that holds them shows them like any op.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import KernelError, UnimplementedError
from ..framework.input_values import Inputs
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, merge_dim
from . import _gemm, grouped_conv
from . import _shape_fns as sf
from . import _tf_types as tt
from ._common import host
from ._shape_fns import type_attr
from .conv_pool import (
    ONEDNN_CONV,
    _counts,
    _explicit,
    _from_nhwc,
    _lowest,
    _normalizer,
    _pad,
    _pads,
    _spatial,
    _taps,
    _to_nhwc,
    kernel_groups,
)

CATEGORY = "Gradient"


def _geometry(attrs: Mapping[str, Any], in_shape: Sequence[int], kh: int, kw: int,
              dilated: bool) -> tuple[int, ...]:
    """(sh, sw, dh, dw, th, bh, oh, tw, bw, ow) of an NHWC input of ``in_shape``."""
    h, w, _ = _spatial(attrs["data_format"])
    sh, sw = attrs["strides"][h], attrs["strides"][w]
    dh, dw = (attrs["dilations"][h], attrs["dilations"][w]) if dilated else (1, 1)
    th, bh, oh = _pads(in_shape[1], kh, sh, dh, attrs["padding"], _explicit(attrs, h))
    tw, bw, ow = _pads(in_shape[2], kw, sw, dw, attrs["padding"], _explicit(attrs, w))
    return sh, sw, dh, dw, th, bh, oh, tw, bw, ow


def _nhwc_shape(shape: Sequence[int], data_format: str) -> tuple[int, int, int, int]:
    n, a, b, c = (int(d) for d in shape)
    return (n, b, c, a) if data_format == "NCHW" else (n, a, b, c)


def _scatter_taps(xp: Any, pieces: Sequence[Any], in_shape: Sequence[int], kh: int, kw: int,
                  geo: tuple[int, ...], dtype: Any) -> Any:
    """The padded input's gradient: each tap's piece [N, OH, OW, C] added into its slice;
    then the padding cut off."""
    sh, sw, dh, dw, th, bh, oh, tw, bw, ow = geo
    n, height, width, depth = in_shape
    out = np.zeros((n, height + th + bh, width + tw + bw, depth), dtype=dtype)
    k = 0
    for i in range(kh):
        for j in range(kw):
            out[:, i * dh:i * dh + (oh - 1) * sh + 1:sh,
                j * dw:j * dw + (ow - 1) * sw + 1:sw, :] += np.asarray(pieces[k])
            k += 1
    return xp.asarray(out[:, th:th + height, tw:tw + width, :])


def _own_kernel(attrs: Mapping[str, Any]) -> bool:
    """Whether TF's CPU runs this backprop with its own kernel rather than oneDNN's: explicit
    padding (oneDNN's backprops take none), or a dtype oneDNN does not take."""
    return attrs["padding"] == "EXPLICIT" or attrs["T"].name not in ONEDNN_CONV


def _check_backprop(attrs: Mapping[str, Any], which: str) -> None:
    """What TF's CPU backprops refuse: its own kernels run NHWC only and without
    dilations."""
    if attrs["padding"] == "EXPLICIT" and attrs["data_format"] == "NCHW":
        raise KernelError(f"Conv2DCustomBackprop{which}Op only supports NHWC.")
    if _own_kernel(attrs) and any(d > 1 for d in attrs["dilations"]):
        raise KernelError("Current CPU implementations do not yet support dilation rates "
                          "larger than 1.")


def _groups(attrs: Mapping[str, Any], depth: int, fin: int, fout: int, kh: int, kw: int,
            which: str) -> int:
    """How many groups the input's depth makes of the filter's: oneDNN's backprops check it
    as the forward kernel does and take groups; TF's own refuse them, each in its words."""
    if not _own_kernel(attrs):
        return kernel_groups(depth, fin, fout)
    if fin == 0 or depth % fin:
        raise KernelError(f"Conv2DCustomBackprop{which}: input depth must be evenly divisible "
                          "by filter depth")
    if depth != fin:
        raise KernelError(
            "Gradients for grouped convolutions are not supported on CPU. Please file a "
            f"feature request if you run into this issue. Computed input depth {depth} "
            f"doesn't match filter input depth {fin}" if which == "Input" else
            f"filter_size does not have enough elements, requested {kh * kw * depth * fout}, "
            f"got {kh * kw * fin * fout}")
    return 1


def _check_out_size(which: str, attrs: Mapping[str, Any], in_shape: Sequence[int],
                    kernel: tuple[int, int], dy_shape: Sequence[int],
                    geo: tuple[int, ...]) -> None:
    """TF's ``ConvBackpropExtractAndVerifyDimension``: the gradient's spatial sizes are the
    ones the forward convolution gives. (TF's own kernels say it so; its oneDNN ones, for
    float32 and bfloat16, fail with an internal error instead.)"""
    h, w, _ = _spatial(attrs["data_format"])
    for i, (dim, computed, stride, rate) in enumerate(
            ((h, geo[6], geo[0], geo[2]), (w, geo[9], geo[1], geo[3]))):
        if dy_shape[1 + i] != computed:
            raise KernelError(
                f"Conv2DCustomBackprop{which}: Size of out_backprop doesn't match computed: "
                f"actual = {dy_shape[1 + i]}, computed = {computed} spatial_dim: {dim} "
                f"input: {in_shape[1 + i]} filter: {kernel[i]} output: {dy_shape[1 + i]} "
                f"stride: {stride} dilation: {rate}")


def _conv_backprop_input(xp: Any, sizes: Any, f: Any, dy: Any, **attrs: Any) -> Any:
    _check_backprop(attrs, "Input")
    fmt = attrs["data_format"]
    in_shape = _nhwc_shape(host(sizes).tolist(), fmt)
    dy = np.asarray(_to_nhwc(np, host(dy), fmt))
    f = host(f)
    kh, kw, fin, fout = f.shape
    geo = _geometry(attrs, in_shape, kh, kw, dilated=True)
    n, oh, ow = dy.shape[0], geo[6], geo[9]
    _check_out_size("Input", attrs, in_shape, (kh, kw), dy.shape, geo)
    depth = in_shape[3]
    groups = _groups(attrs, depth, fin, fout, kh, kw, "Input")
    if groups > 1:
        cols = grouped_conv.input_columns(dy.reshape(n * oh * ow, fout), f, groups)
    else:
        cols = _gemm.product(dy.reshape(n * oh * ow, fout), f.reshape(kh * kw * fin, fout).T)
    cols = cols.reshape(n, oh, ow, kh * kw, depth)
    pieces = [cols[:, :, :, t, :] for t in range(kh * kw)]
    return _from_nhwc(xp, _scatter_taps(xp, pieces, in_shape, kh, kw, geo, dy.dtype), fmt)


def _conv_backprop_filter(xp: Any, x: Any, sizes: Any, dy: Any, **attrs: Any) -> Any:
    _check_backprop(attrs, "Filter")
    fmt = attrs["data_format"]
    x = np.asarray(_to_nhwc(np, host(x), fmt))
    dy = np.asarray(_to_nhwc(np, host(dy), fmt))
    kh, kw, fin, fout = (int(d) for d in host(sizes).tolist())
    geo = _geometry(attrs, x.shape, kh, kw, dilated=True)
    sh, sw, dh, dw, th, bh, oh, tw, bw, ow = geo
    _check_out_size("Filter", attrs, x.shape, (kh, kw), dy.shape, geo)
    padded = _pad(np, x, (th, bh), (tw, bw), 0)
    taps = _taps(padded, kh, kw, sh, sw, dh, dw, oh, ow)
    depth = x.shape[3]
    groups = _groups(attrs, depth, fin, fout, kh, kw, "Filter")
    cols = np.concatenate(taps, axis=3).reshape(-1, kh * kw * depth)
    if groups > 1:
        out = grouped_conv.filter_gradient(cols, dy.reshape(-1, fout), (kh, kw, fin, fout),
                                           groups)
    else:
        out = _gemm.product(cols.T, dy.reshape(-1, fout))
    return xp.asarray(out.reshape(kh, kw, fin, fout).astype(x.dtype, copy=False))


def _max_pool_grad(xp: Any, x: Any, y: Any, dy: Any, **attrs: Any) -> Any:
    fmt = attrs["data_format"]
    c = _spatial(fmt)[2]
    if attrs["ksize"][0] != 1 or attrs["strides"][0] != 1:
        raise KernelError("Pooling is not yet supported on the batch dimension.",
                          UnimplementedError)
    if attrs["ksize"][c] != 1 or attrs["strides"][c] != 1:  # TF's CPU kernel's refusal
        raise KernelError("MaxPoolingGrad is not yet supported on the depth dimension.",
                          UnimplementedError)
    if not math.prod(dy.shape):  # no window: nothing flows back (TF's buffer is left unset)
        return xp.zeros(x.shape, dtype=x.dtype)
    x = np.asarray(_to_nhwc(np, host(x), fmt))
    dy = np.asarray(_to_nhwc(np, host(dy), fmt))
    h, w, _ = _spatial(fmt)
    kh, kw = attrs["ksize"][h], attrs["ksize"][w]
    geo = _geometry(attrs, x.shape, kh, kw, dilated=False)
    sh, sw, _, _, th, bh, oh, tw, bw, ow = geo
    padded = _pad(np, x, (th, bh), (tw, bw), _lowest(attrs["T"]))
    taps = _taps(padded, kh, kw, sh, sw, 1, 1, oh, ow)
    best = taps[0]
    for tap in taps[1:]:
        best = np.maximum(best, tap)
    taken = np.zeros(best.shape, dtype=bool)
    pieces = []
    for tap in taps:  # the first maximum of each window in scan order takes the gradient
        first = (tap == best) & ~taken
        taken |= first
        pieces.append(np.where(first, dy, 0).astype(dy.dtype))
    return _from_nhwc(xp, _scatter_taps(xp, pieces, x.shape, kh, kw, geo, dy.dtype), fmt)


def _avg_pool_grad(xp: Any, sizes: Any, dy: Any, **attrs: Any) -> Any:
    fmt = attrs["data_format"]
    in_shape = _nhwc_shape(host(sizes).tolist(), fmt)
    dy = np.asarray(_to_nhwc(np, host(dy), fmt))
    h, w, _ = _spatial(fmt)
    kh, kw = attrs["ksize"][h], attrs["ksize"][w]
    geo = _geometry(attrs, in_shape, kh, kw, dilated=False)
    sh, sw, _, _, th, _, oh, tw, _, ow = geo
    share = (dy / _counts(in_shape[1], in_shape[2], kh, kw, sh, sw, th, tw, oh, ow)
             ).astype(dy.dtype)
    return _from_nhwc(xp, _scatter_taps(xp, [share] * (kh * kw), in_shape, kh, kw, geo,
                                        dy.dtype), fmt)


def _sized_infer(op_type: str, size_input: int, params: tuple[str, ...],
                 typed: tuple[int, ...], allowed: Sequence[str]) -> Any:
    """The output's shape is what the int vector input ``size_input`` holds."""

    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        t = sf.same_dtype(op_type, [specs[i] for i in typed], [params[i] for i in typed],
                          allowed)
        with Inputs(specs) as read:
            shape = read.shape(size_input)
            if shape.rank is None:
                shape = TensorShape([None] * 4)
            return [TensorSpec(sf.with_rank(shape, 4), t)]

    return infer


def _backprop_input_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                          ) -> list[TensorSpec]:
    """TF's ``Conv2DBackpropInputShape``: the batch is the gradient's (checked against
    ``input_sizes``), the image and the depth are what ``input_sizes`` holds (a grouped
    convolution's depth is not the filter's), and the gradient's depth is the filter's
    output depth."""
    t = sf.same_dtype("Conv2DBackpropInput", specs[1:], ("filter", "out_backprop"),
                      tt.FLOATS)
    dy = sf.dims_of(sf.with_rank(specs[2].shape, 4))
    f = sf.dims_of(sf.with_rank(specs[1].shape, 4))
    c = _spatial(attrs["data_format"])[2]
    merge_dim(dy[c], f[3])
    with Inputs(specs) as read:  # TF's error quotes the sizes it read
        sizes = read.shape(0)
        out = sf.dims_of(sf.with_rank(sizes if sizes.rank is not None else
                                      TensorShape([None] * 4), 4))
        merge_dim(out[0], dy[0])
    out[0] = dy[0]
    return [TensorSpec(TensorShape(out), t)]


def _max_pool_grad_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                         ) -> list[TensorSpec]:
    t = sf.same_dtype("MaxPoolGrad", specs, ("orig_input", "orig_output", "grad"), tt.REAL)
    return [TensorSpec(sf.with_rank(specs[0].shape, 4), t)]


_FORMAT = AttrDef("data_format", "string", default="NHWC", choices=("NHWC", "NCHW"))
_STRIDES = AttrDef("strides", "ints", default=[1, 1, 1, 1])
_EXPLICIT = AttrDef("explicit_paddings", "ints", default=[])
_KSIZE = AttrDef("ksize", "ints", default=[1, 2, 2, 1])
_CONV_ATTRS = (type_attr("T", tt.FLOATS), _STRIDES,
               AttrDef("use_cudnn_on_gpu", "bool", default=True, hidden=True),
               AttrDef("padding", "string", default="VALID",
                       choices=("SAME", "VALID", "EXPLICIT")), _EXPLICIT, _FORMAT,
               AttrDef("dilations", "ints", default=[1, 1, 1, 1]))
_conv_norm = _normalizer("Conv2D", ("SAME", "VALID", "EXPLICIT"), window=False)


def _conv_backprop(op_type: str, inputs: tuple[str, str, str], sizes: int, kernel: Any,
                   doc: str) -> None:
    """A Conv2D gradient: input ``sizes`` (an int32 vector) gives its output's shape; the
    other two are of the type T."""
    typed = tuple(i for i in range(3) if i != sizes)
    register(OpDef(
        type=op_type, inputs=inputs,
        infer=_backprop_input_infer if op_type == "Conv2DBackpropInput" else _sized_infer(
            op_type, sizes, inputs, typed, tt.FLOATS), kernel=kernel,
        attrs=_CONV_ATTRS, derive=lambda s: {"T": s[typed[0]].dtype}, normalize=_conv_norm,
        category=CATEGORY, palette=False,
        reads_values=True, doc=doc, default_name=op_type,
        extra={"arg_types": {p: "int32" if i == sizes else "T" for i, p in enumerate(inputs)}},
        input_types=tuple(dt.int32 if i == sizes else "T" for i in range(3)),
    ))


_conv_backprop("Conv2DBackpropInput", ("input_sizes", "filter", "out_backprop"), 0,
               _conv_backprop_input,
               "Conv2D's gradient with respect to its input (of shape input_sizes).")
_conv_backprop("Conv2DBackpropFilter", ("input", "filter_sizes", "out_backprop"), 1,
               _conv_backprop_filter,
               "Conv2D's gradient with respect to its filter (of shape filter_sizes).")


def _max_pool_backprop(op_type: str, infer: Any, kernel: Any, paddings: tuple[str, ...],
                       doc: str) -> None:
    """MaxPoolGrad or MaxPoolGradGrad: (orig_input, orig_output, grad), the pool's attrs."""
    explicit = (_EXPLICIT,) if "EXPLICIT" in paddings else ()
    register(OpDef(
        type=op_type, inputs=("orig_input", "orig_output", "grad"), infer=infer,
        kernel=kernel,
        attrs=(_KSIZE, _STRIDES, AttrDef("padding", "string", default="VALID",
                                         choices=paddings),
               *explicit, _FORMAT, type_attr("T", tt.REAL)),
        derive=lambda s: {"T": s[0].dtype},
        normalize=_normalizer(op_type, paddings, window=True),
        category=CATEGORY, palette=False, doc=doc, default_name=op_type,
        extra={"arg_types": {"orig_input": "T", "orig_output": "T", "grad": "T"}},
    ))


_max_pool_backprop("MaxPoolGrad", _max_pool_grad_infer, _max_pool_grad,
                   ("SAME", "VALID", "EXPLICIT"),
                   "MaxPool's gradient: each window's to its first maximum.")
register(OpDef(
    type="AvgPoolGrad", inputs=("orig_input_shape", "grad"),
    infer=_sized_infer("AvgPoolGrad", 0, ("orig_input_shape", "grad"), (1,), tt.FLOATS),
    kernel=_avg_pool_grad,
    attrs=(_KSIZE, _STRIDES, AttrDef("padding", "string", default="VALID",
                                     choices=("SAME", "VALID")), _FORMAT,
           type_attr("T", tt.FLOATS)),
    derive=lambda s: {"T": s[1].dtype},
    normalize=_normalizer("AvgPoolGrad", ("SAME", "VALID"), window=True),
    category=CATEGORY, palette=False,
    reads_values=True,
    doc="AvgPool's gradient: each window's shared among its elements.",
    default_name="AvgPoolGrad", extra={"arg_types": {"orig_input_shape": "int32", "grad": "T"}},
    input_types=(dt.int32, "T"),
))


def _max_pool_grad_grad(xp: Any, x: Any, y: Any, g: Any, **attrs: Any) -> Any:
    """MaxPoolGrad's gradient with respect to its grad: per window, g at the window's first
    maximum (the position MaxPoolGrad sent the gradient to)."""
    fmt = attrs["data_format"]
    x = np.asarray(_to_nhwc(np, host(x), fmt))
    g = np.asarray(_to_nhwc(np, host(g), fmt))
    h, w, _ = _spatial(fmt)
    kh, kw = attrs["ksize"][h], attrs["ksize"][w]
    sh, sw, _, _, th, bh, oh, tw, bw, ow = _geometry(attrs, x.shape, kh, kw, dilated=False)
    taps = _taps(_pad(np, x, (th, bh), (tw, bw), _lowest(attrs["T"])), kh, kw, sh, sw, 1, 1,
                 oh, ow)
    g_taps = _taps(_pad(np, g, (th, bh), (tw, bw), 0), kh, kw, sh, sw, 1, 1, oh, ow)
    best = taps[0]
    for tap in taps[1:]:
        best = np.maximum(best, tap)
    out = np.zeros(best.shape, dtype=g.dtype)
    taken = np.zeros(best.shape, dtype=bool)
    for tap, g_tap in zip(taps, g_taps):
        first = (tap == best) & ~taken
        taken |= first
        out = np.where(first, g_tap, out)
    return _from_nhwc(xp, xp.asarray(out), fmt)


def _max_pool_grad_grad_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                              ) -> list[TensorSpec]:
    t = sf.same_dtype("MaxPoolGradGrad", specs, ("orig_input", "orig_output", "grad"), tt.REAL)
    return [TensorSpec(sf.with_rank(specs[1].shape, 4), t)]


_max_pool_backprop("MaxPoolGradGrad", _max_pool_grad_grad_infer, _max_pool_grad_grad,
                   ("SAME", "VALID"),
                   "MaxPoolGrad's gradient: grad at each window's first maximum.")
