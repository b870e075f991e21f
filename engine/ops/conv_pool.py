"""Convolution and pooling: Conv2D, MaxPool, AvgPool (NHWC; NCHW is transposed to it).

No Python loop runs over pixels: a kernel loops over the window's taps (9 for a 3×3
window), each a strided slice of the padded input covering every output position at once.
Conv2D lays the taps side by side (im2col) and does one matrix product with the filter;
pooling takes the running maximum or sum of the taps. Slices, ``concat`` and ``matmul`` are
array-API calls, so numpy, cupy and ``array_api_strict`` run the same kernels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ml_dtypes
import numpy as np

from ..framework.errors import (
    AttrError,
    InvalidArgumentError,
    KernelError,
    ShapeError,
    UnimplementedError,
)
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape
from . import _gemm, grouped_conv
from . import _shape_fns as sf
from . import _tf_types as tt
from ._shape_fns import type_attr

CATEGORY = "Convolution"


# --- attributes ---------------------------------------------------------------------------------
def _choice(op_type: str, attrs: Mapping[str, Any], name: str, choices: Sequence[str],
            default: str | None) -> str:
    value = attrs.get(name) or default
    if isinstance(value, bytes):
        value = value.decode()
    if value not in choices:
        listed = ", ".join(f'"{c}"' for c in choices)
        raise AttrError(f"Attr '{name}' of '{op_type}' Op passed string '{value}' not in: "
                        f"{listed}.")
    return str(value)


def _int_list(attrs: Mapping[str, Any], name: str, default: Any = None) -> list[int]:
    value = attrs.get(name, default)
    if value is None:
        value = default
    try:
        return [int(v) for v in value]
    except (TypeError, ValueError):
        raise AttrError(f"{name}: expected a list of integers, got {value!r}") from None


def _normalizer(op_type: str, paddings: tuple[str, ...], *, window: bool) -> Any:
    def normalize(attrs: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "strides": _int_list(attrs, "strides", [1, 1, 1, 1]),
            "padding": _choice(op_type, attrs, "padding", paddings, "VALID"),
            "data_format": _choice(op_type, attrs, "data_format", ("NHWC", "NCHW"), "NHWC"),
        }
        if window:
            out["ksize"] = _int_list(attrs, "ksize", [1, 1, 1, 1])
        else:
            out["dilations"] = _int_list(attrs, "dilations", [1, 1, 1, 1])
            out["use_cudnn_on_gpu"] = bool(attrs.get("use_cudnn_on_gpu", True))
        if "EXPLICIT" in paddings:
            out["explicit_paddings"] = _int_list(attrs, "explicit_paddings", [])
        return out

    return normalize


def _spatial(data_format: str) -> tuple[int, int, int]:
    """The indices of H, W and C for a data format."""
    return (2, 3, 1) if data_format == "NCHW" else (1, 2, 3)


def _window_size(size: Dim, k: int, stride: int, dilation: int, padding: str,
                 before: int = 0, after: int = 0) -> Dim:
    """TF's ``GetWindowedOutputSizeFromDimsV2``."""
    if stride <= 0:
        raise ShapeError(f"Stride must be > 0, but got {stride}")
    if size is None:
        return None
    if padding == "SAME":
        return (size + stride - 1) // stride
    if padding == "VALID":
        before = after = 0
    size += before + after
    effective = (k - 1) * dilation + 1
    if size < effective:
        raise ShapeError(f"Negative dimension size caused by subtracting {effective} from {size}")
    return (size - effective + stride) // stride


def _explicit(attrs: Mapping[str, Any], axis: int) -> tuple[int, int]:
    pads = attrs.get("explicit_paddings") or []
    if attrs["padding"] != "EXPLICIT" or len(pads) < 2 * axis + 2:
        return 0, 0
    return pads[2 * axis], pads[2 * axis + 1]


# --- inference ----------------------------------------------------------------------------------
def _check_groups(depth: Dim, filter_depth: Dim, out_depth: Dim) -> None:
    """TF's Conv2D shape function on depths: the input's a multiple of the filter's, and
    the output's a multiple of the groups that makes."""
    if depth is None or filter_depth is None:
        return
    if filter_depth == 0:
        raise ShapeError("Depth of input must not be 0")
    if depth % filter_depth:
        raise ShapeError(f"Depth of input ({depth}) is not a multiple of input depth of "
                         f"filter ({filter_depth})")
    groups = depth // filter_depth
    if groups == 0 and out_depth is not None:
        raise ShapeError("Number of groups must not be 0")
    if groups > 1 and out_depth is not None and out_depth % groups:
        raise ShapeError(f"Depth of output ({out_depth}) is not a multiple of the number of "
                         f"groups ({groups})")


def _check_explicit(pads: Sequence[int], channel: int) -> None:
    """TF's ``CheckValidPadding``: eight values, none negative, none on batch or depth."""
    if len(pads) != 8:
        raise ShapeError(f"explicit_paddings attribute must contain 8 values, but got: "
                         f"{len(pads)}")
    if any(p < 0 for p in pads):
        raise ShapeError("All elements of explicit_paddings must be nonnegative")
    if any(pads[2 * axis + i] for axis in (0, channel) for i in (0, 1)):
        raise ShapeError("Nonzero explicit padding in the batch or depth dimensions is not "
                         "supported")


def _conv_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("Conv2D", specs, ("input", "filter"), tt.CONV)
    strides, dilations = attrs["strides"], attrs["dilations"]
    if len(strides) != 4:
        raise ShapeError(f"Conv2D requires the stride attribute to contain 4 values, but got: "
                         f"{len(strides)}")
    if len(dilations) != 4:
        raise ShapeError(f"Conv2D requires the dilation attribute to contain 4 values, but got: "
                         f"{len(dilations)}")
    x = sf.with_rank(specs[0].shape, 4)
    f = sf.with_rank(specs[1].shape, 4)
    h, w, c = _spatial(attrs["data_format"])
    xd, fd = sf.dims_of(x), sf.dims_of(f)
    _check_groups(xd[c], fd[2], fd[3])
    if attrs["padding"] == "EXPLICIT":
        _check_explicit(attrs["explicit_paddings"], c)
    out = [xd[0], None, None, None]
    for axis, k in ((h, fd[0]), (w, fd[1])):
        before, after = _explicit(attrs, axis)
        # SAME padding needs no filter size: ceil(input / stride), as TF's shape function
        out[axis] = None if k is None and attrs["padding"] != "SAME" else _window_size(
            xd[axis], k or 1, strides[axis], dilations[axis], attrs["padding"], before, after)
    out[c] = fd[3]
    return [TensorSpec(TensorShape(out), t)]


def _pool_infer(op_type: str, allowed: Sequence[str], param: str) -> Any:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        t = sf.check_dtype(specs[0], allowed, param if op_type == "AvgPool" else "input")
        ksize, strides = attrs["ksize"], attrs["strides"]
        if len(ksize) != 4:
            raise ShapeError(f"{op_type} requires the ksize attribute to contain 4 values, but "
                             f"got: {len(ksize)}")
        if len(strides) != 4:
            raise ShapeError(f"{op_type} requires the stride attribute to contain 4 values, "
                             f"but got: {len(strides)}")
        x = sf.with_rank(specs[0].shape, 4)
        h, w, c = _spatial(attrs["data_format"])
        # a window over the batch or depth builds; its kernel checks it (_pool_checks)
        dims = sf.dims_of(x)
        out = list(dims)
        # TF's MaxPool shape function windows the depth too (depthwise max pooling)
        for axis in (h, w, c) if op_type == "MaxPool" else (h, w):
            before, after = _explicit(attrs, axis)
            out[axis] = _window_size(dims[axis], ksize[axis], strides[axis], 1,
                                     attrs["padding"], before, after)
        return [TensorSpec(TensorShape(out), t)]

    return infer


# --- kernels ------------------------------------------------------------------------------------
def _pads(size: int, k: int, stride: int, dilation: int, padding: str,
          explicit: tuple[int, int]) -> tuple[int, int, int]:
    """(before, after, output size) for one spatial dimension."""
    effective = (k - 1) * dilation + 1
    if padding == "SAME":
        out = -(-size // stride)
        total = max((out - 1) * stride + effective - size, 0)
        return total // 2, total - total // 2, out
    before, after = explicit if padding == "EXPLICIT" else (0, 0)
    num = size + before + after - effective + stride
    out = num // stride if num >= 0 else -(-num // stride)  # C's division: toward zero
    if out < 0:  # a window one larger than the input still fits: 0 outputs
        raise KernelError(f"Computed output size would be negative: {out} [input_size: "
                          f"{size}, effective_filter_size: {effective}, stride: {stride}]")
    return before, after, out


def _pad(xp: Any, x: Any, ph: tuple[int, int], pw: tuple[int, int], fill: Any) -> Any:
    """``x`` (NHWC) with ph/pw rows and columns of ``fill`` around its H and W."""
    if not any(ph) and not any(pw):
        return x
    n, h, w, c = x.shape
    out = xp.full((n, h + ph[0] + ph[1], w + pw[0] + pw[1], c), fill, dtype=x.dtype)
    out[:, ph[0]:ph[0] + h, pw[0]:pw[0] + w, :] = x
    return out


def _taps(x: Any, kh: int, kw: int, sh: int, sw: int, dh: int, dw: int, oh: int,
          ow: int) -> list[Any]:
    """Each window position's slice of the padded input: [N, OH, OW, C] per tap."""
    return [x[:, i * dh:i * dh + (oh - 1) * sh + 1:sh, j * dw:j * dw + (ow - 1) * sw + 1:sw, :]
            for i in range(kh) for j in range(kw)]


def _to_nhwc(xp: Any, x: Any, data_format: str) -> Any:
    return xp.permute_dims(x, (0, 2, 3, 1)) if data_format == "NCHW" else x


def _from_nhwc(xp: Any, x: Any, data_format: str) -> Any:
    return xp.permute_dims(x, (0, 3, 1, 2)) if data_format == "NCHW" else x


def _check_4d(what: str, x: Any) -> None:
    if len(x.shape) != 4:
        raise KernelError(f"{what} must be 4-dimensional[{','.join(map(str, x.shape))}]")


#: the dtypes TF's CPU runs Conv2D and its backprops through oneDNN for (NCHW and dilated
#: backprops too); the others go to Eigen's kernels, which take neither
ONEDNN_CONV = ("float32", "bfloat16")


def _conv_attr_checks(attrs: Mapping[str, Any]) -> None:
    """TF's ``InitConv2DParameters``, as its kernel is made: no strides or dilations over
    the batch or the depth, none below 1."""
    h, w, c = _spatial(attrs["data_format"])
    # oneDNN's kernel refuses dilations there as an invalid argument, Eigen's as unimplemented
    onednn = attrs["T"].name in ONEDNN_CONV
    for what, values, words in (("strides", attrs["strides"], "Row and column strides"),
                                ("dilations", attrs["dilations"], "Dilated rates")):
        if values[0] != 1 or values[c] != 1:
            refusal = InvalidArgumentError if onednn and what == "dilations" else (
                UnimplementedError)
            raise KernelError(f"Current implementation does not yet support {what} in the "
                              "batch and depth dimensions.", refusal)
        if values[h] <= 0 or values[w] <= 0:
            raise KernelError(f"{words} should be larger than 0.")


def kernel_groups(depth: int, fin: int, fout: int) -> int:
    """How many groups an input's depth makes of the filter's, checked as TF's Conv2D kernel
    (and oneDNN's backprops) check it, in their words."""
    if fin == 0 or depth % fin:
        raise KernelError(f"input depth must be evenly divisible by filter depth: {depth} vs "
                          f"{fin}")
    groups = depth // fin
    if fout % groups:
        raise KernelError(f"output depth must be evenly divisible by number of groups: {fout} "
                          f"vs {groups}")
    return groups


def _conv_kernel(xp: Any, x: Any, f: Any, **attrs: Any) -> Any:
    _conv_attr_checks(attrs)
    _check_4d("input", x)
    if len(f.shape) != 4:
        raise KernelError(f"filter must be 4-dimensional: [{','.join(map(str, f.shape))}]")
    fmt = attrs["data_format"]
    h, w, c = _spatial(fmt)
    x = _to_nhwc(xp, x, fmt)
    n, height, width, depth = x.shape
    kh, kw, fin, fout = f.shape
    groups = kernel_groups(depth, fin, fout)
    sh, sw = attrs["strides"][h], attrs["strides"][w]
    dh, dw = attrs["dilations"][h], attrs["dilations"][w]
    th, bh, oh = _pads(height, kh, sh, dh, attrs["padding"], _explicit(attrs, h))
    tw, bw, ow = _pads(width, kw, sw, dw, attrs["padding"], _explicit(attrs, w))
    if fmt == "NCHW" and attrs["T"].name not in ONEDNN_CONV:
        raise KernelError("The Conv2D op currently only supports the NHWC tensor format on the "
                          "CPU. The op was given the format: NCHW", UnimplementedError)
    padded = _pad(xp, x, (th, bh), (tw, bw), 0)
    taps = _taps(padded, kh, kw, sh, sw, dh, dw, oh, ow)
    cols = taps[0] if len(taps) == 1 else xp.concat(taps, axis=3)
    rows = xp.reshape(cols, (n * oh * ow, kh * kw * depth))
    if groups > 1:
        out = grouped_conv.forward(xp, rows, f, groups)
    elif xp is np and x.dtype in (np.float32, np.float64):
        # the product written straight into the output's own array: no view of a
        # temporary, which a fetch would have to copy
        result = np.empty((n, oh, ow, fout), dtype=x.dtype)
        _gemm.product(rows, f.reshape(kh * kw * fin, fout),
                      out=result.reshape(n * oh * ow, fout))
        return _from_nhwc(xp, result, fmt)
    else:
        out = xp.matmul(rows, xp.reshape(f, (kh * kw * fin, fout)))
    if out.dtype != x.dtype:  # numpy multiplies bfloat16 in float32
        out = xp.astype(out, x.dtype)
    return _from_nhwc(xp, xp.reshape(out, (n, oh, ow, fout)), fmt)


def _pool_checks(kind: str, depth: int, attrs: Mapping[str, Any]) -> None:
    """TF's pooling kernels' refusals of windows over the batch or the depth, in their
    order and words (TF's PoolParameters, then MaxPool's and AvgPool's own)."""
    ksize, strides = attrs["ksize"], attrs["strides"]
    h, w, c = _spatial(attrs["data_format"])
    if ksize[0] != 1 or strides[0] != 1:
        raise KernelError("Pooling is not yet supported on the batch dimension.",
                          UnimplementedError)
    if ksize[c] == 1:
        return
    if ksize[h] != 1 or ksize[w] != 1:
        raise KernelError("MaxPooling supports exactly one of pooling across depth or pooling "
                          "across width/height.", UnimplementedError)
    if depth % ksize[c]:
        raise KernelError("Depthwise max pooling requires the depth window to evenly divide "
                          "the input depth", UnimplementedError)
    if strides[c] != ksize[c]:
        raise KernelError("Depthwise max pooling requires the depth window to equal the depth "
                          "stride", UnimplementedError)
    if kind != "max":
        raise KernelError("Non-spatial pooling is not yet supported. Volunteers? :)",
                          UnimplementedError)
    if attrs["padding"] == "EXPLICIT":
        raise KernelError("Depthwise max pooling does not support explicit padding.",
                          UnimplementedError)


def _depth_max_pool(xp: Any, x: Any, k: int, t: Any) -> Any:
    """MaxPool's window over the depth alone (its stride equal to the window): the maximum
    of each run of ``k`` channels."""
    if t.is_floating:
        x = _from_lowest(xp, x, t)
    n, height, width, depth = x.shape
    groups = xp.reshape(x, (n, height, width, depth // k, k))
    return xp.max(groups, axis=4)


def _pool_kernel(kind: str) -> Any:
    def kernel(xp: Any, x: Any, **attrs: Any) -> Any:
        _check_4d("input", x)
        fmt = attrs["data_format"]
        h, w, c = _spatial(fmt)
        _pool_checks(kind, x.shape[c], attrs)
        x = _to_nhwc(xp, x, fmt)
        if attrs["ksize"][c] != 1:
            return _from_nhwc(xp, _depth_max_pool(xp, x, attrs["ksize"][c], attrs["T"]), fmt)
        n, height, width, depth = x.shape
        kh, kw = attrs["ksize"][h], attrs["ksize"][w]
        sh, sw = attrs["strides"][h], attrs["strides"][w]
        th, bh, oh = _pads(height, kh, sh, 1, attrs["padding"], _explicit(attrs, h))
        tw, bw, ow = _pads(width, kw, sw, 1, attrs["padding"], _explicit(attrs, w))
        if kind == "max":
            lowest = _lowest(attrs["T"])
            if attrs["T"].is_floating:
                x = _from_lowest(xp, x, attrs["T"])
            taps = _taps(_pad(xp, x, (th, bh), (tw, bw), lowest), kh, kw, sh, sw, 1, 1, oh, ow)
            out = taps[0]
            for tap in taps[1:]:
                out = xp.maximum(out, tap)
            if len(taps) == 1:
                out = xp.asarray(out, copy=True)
        else:
            taps = _taps(_pad(xp, x, (th, bh), (tw, bw), 0), kh, kw, sh, sw, 1, 1, oh, ow)
            out = taps[0]
            for tap in taps[1:]:
                out = out + tap
            # TF's sum starts from +0.0: a window of -0.0 averages to 0.0
            out = (out + xp.asarray(0, dtype=x.dtype)) / xp.asarray(
                _counts(height, width, kh, kw, sh, sw, th, tw, oh, ow), dtype=x.dtype)
        return _from_nhwc(xp, out, fmt)

    return kernel


def _from_lowest(xp: Any, x: Any, t: Any) -> Any:
    """TF's MaxPool starts each window at the dtype's lowest finite value and takes only
    larger ones: a NaN never wins, -inf (or a window of NaNs) gives the lowest value."""
    floor = float(ml_dtypes.finfo(t.np_dtype).min)
    low = xp.isnan(x) | (x < floor)
    if not bool(xp.any(low)):
        return x
    return xp.where(low, xp.asarray(floor, dtype=x.dtype), x)


def _lowest(t: Any) -> Any:
    """What padding holds for a maximum: below every value of the dtype."""
    return -np.inf if t.is_floating else np.iinfo(t.np_dtype).min


def _counts(height: int, width: int, kh: int, kw: int, sh: int, sw: int, th: int, tw: int,
            oh: int, ow: int) -> np.ndarray:
    """How many real (unpadded) elements each output position averages: [1, OH, OW, 1]."""
    def along(size: int, k: int, s: int, pad: int, out: int) -> np.ndarray:
        lo = np.arange(out) * s - pad
        return np.minimum(lo + k, size) - np.maximum(lo, 0)

    rows, cols = along(height, kh, sh, th, oh), along(width, kw, sw, tw, ow)
    return (rows[:, None] * cols[None, :]).reshape(1, oh, ow, 1).astype(np.float64)


_FORMAT = AttrDef("data_format", "string", default="NHWC", choices=("NHWC", "NCHW"),
                  doc="NHWC (channels last) or NCHW")
_STRIDES = AttrDef("strides", "ints", default=[1, 1, 1, 1],
                   doc="the window's step per dimension of the input")
_EXPLICIT = AttrDef("explicit_paddings", "ints", default=[],
                    doc="with padding EXPLICIT: before and after, per dimension")

register(OpDef(
    type="Conv2D", inputs=("input", "filter"), infer=_conv_infer, kernel=_conv_kernel,
    attrs=(type_attr("T", tt.CONV), _STRIDES,
           AttrDef("use_cudnn_on_gpu", "bool", default=True, hidden=True),
           AttrDef("padding", "string", default="VALID", choices=("SAME", "VALID", "EXPLICIT"),
                   doc="SAME (output size input / stride) or VALID (no padding)"),
           _EXPLICIT, _FORMAT,
           AttrDef("dilations", "ints", default=[1, 1, 1, 1], doc="the filter's spacing")),
    derive=lambda specs: {"T": specs[0].dtype},
    normalize=_normalizer("Conv2D", ("SAME", "VALID", "EXPLICIT"), window=False),
    category=CATEGORY, doc="2-D convolution of an NHWC input with a [h, w, in, out] filter.",
    default_name="Conv2D", extra={"arg_types": {"input": "T", "filter": "T"}},
))

_KSIZE = AttrDef("ksize", "ints", default=[1, 2, 2, 1], doc="the window's size per dimension")
register(OpDef(
    type="MaxPool", inputs=("input",), infer=_pool_infer("MaxPool", tt.MAX_POOL, "input"),
    kernel=_pool_kernel("max"),
    attrs=(type_attr("T", tt.MAX_POOL), _KSIZE, _STRIDES,
           AttrDef("padding", "string", default="VALID", choices=("SAME", "VALID", "EXPLICIT"),
                   doc="SAME or VALID"), _EXPLICIT, _FORMAT),
    derive=lambda specs: {"T": specs[0].dtype},
    normalize=_normalizer("MaxPool", ("SAME", "VALID", "EXPLICIT"), window=True),
    category=CATEGORY, doc="The maximum over each window.", default_name="MaxPool",
    extra={"arg_types": {"input": "T"}},
))
register(OpDef(
    type="AvgPool", inputs=("value",), infer=_pool_infer("AvgPool", tt.FLOATS, "value"),
    kernel=_pool_kernel("avg"),
    attrs=(_KSIZE, _STRIDES,
           AttrDef("padding", "string", default="VALID", choices=("SAME", "VALID"),
                   doc="SAME (padding not counted in the mean) or VALID"), _FORMAT,
           type_attr("T", tt.FLOATS)),
    derive=lambda specs: {"T": specs[0].dtype},
    normalize=_normalizer("AvgPool", ("SAME", "VALID"), window=True),
    category=CATEGORY, doc="The mean over each window.", default_name="AvgPool",
    extra={"arg_types": {"value": "T"}},
))
