"""Padding: Pad (zeros), PadV2 (a constant value), MirrorPad (a mirror image of the edge,
REFLECT without it or SYMMETRIC with it) and MirrorPadGrad (MirrorPad's gradient: the
mirrored parts folded back onto what they copied), and ``tf.pad``, which picks one of them
as TF's Python does.

Inference is TF's ``PadShapeFn`` for all three: paddings a ``[rank, 2]`` matrix, the
input's rank from its rows, each dim grown by its two paddings when they are known and
non-negative. The mirror modes' limits (a REFLECT padding less than the dim, a SYMMETRIC
one no greater) are checked by the kernel, where TF checks them too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import AttrError, KernelError, ShapeError
from ..framework.input_values import Inputs
from ..framework.operation import Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, with_rank
from . import _shape_fns as sf
from ._common import host
from ._shape_fns import type_attr
from .array import T_ANY
from .list_apply import apply_op

CATEGORY = "Array"
_MODES = ("REFLECT", "SYMMETRIC")
_TPADDINGS = type_attr("Tpaddings", ("int32", "int64"), default=dt.int32)
_MODE = AttrDef("mode", "string", default="REFLECT", choices=_MODES,
                doc="REFLECT: the edge not repeated; SYMMETRIC: repeated")


def _padded(specs: Sequence[TensorSpec], sign: int) -> TensorShape:
    """TF's ``PadShapeFn`` (``sign`` -1: MirrorPadGrad's, the paddings taken away)."""
    sf.check_dtype(specs[1], ("int32", "int64"), "paddings")
    pad_shape = with_rank(specs[1].shape, 2)
    sf.with_value(pad_shape.sizes[1] if pad_shape.sizes else None, 2)
    shape = specs[0].shape
    rows = pad_shape.sizes[0] if pad_shape.sizes else None
    if rows is not None:
        shape = with_rank(shape, rows)
    elif shape.rank is not None:
        rows = shape.rank
    with Inputs(specs) as read:
        pads = read.tensor(1)
        return _grown(shape, rows, pads, sign)


def _grown(shape: TensorShape, rows: int | None, pads: Any, sign: int) -> TensorShape:
    if pads is None:
        return TensorShape(None if rows is None else [None] * rows)
    pads = np.asarray(pads).reshape(-1, 2)
    shape = with_rank(shape, len(pads))
    if (pads < 0).any():
        raise ShapeError("Paddings must be non-negative")
    dims = shape.sizes if shape.sizes is not None else [None] * len(pads)
    return TensorShape([None if d is None else d + sign * int(p[0] + p[1])
                        for d, p in zip(dims, pads)])


def _pad_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    return [TensorSpec(_padded(specs, 1), specs[0].dtype)]


def _pad_v2_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.same_dtype("PadV2", (specs[0], specs[2]), ("input", "constant_values"),
                  [d.name for d in dt.ALL_DTYPES])
    out = _padded(specs, 1)
    with_rank(specs[2].shape, 0)
    return [TensorSpec(out, specs[0].dtype)]


def _grad_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    return [TensorSpec(_padded(specs, -1), specs[0].dtype)]


def _pads(paddings: Any, shape: tuple[int, ...], sep: str = " ") -> list[list[int]]:
    """The paddings a row per dim (``sep``: MirrorPad's message puts a comma between the
    two shapes it quotes)."""
    pads = host(paddings).reshape(-1, 2).tolist()
    if len(pads) != len(shape):
        raise KernelError(f"The first dimension of paddings must be the rank of inputs"
                          f"[{len(pads)},2]{sep}[{','.join(map(str, shape))}]")
    for p in pads:
        if p[0] < 0 or p[1] < 0:
            raise KernelError(f"Paddings must be non-negative: {p[0]}{sep}{p[1]}")
    return pads


def _np_pad(a: np.ndarray, pads: list[list[int]], **kw: Any) -> np.ndarray:
    """``np.pad``, which refuses a scalar (no dims, no paddings: the scalar itself)."""
    return a.copy() if a.ndim == 0 else np.pad(a, pads, **kw)


def _pad_kernel(xp: Any, x: Any, paddings: Any, **attrs: Any) -> Any:
    a = host(x)
    return xp.asarray(_np_pad(a, _pads(paddings, a.shape)))


def _pad_v2_kernel(xp: Any, x: Any, paddings: Any, constant_values: Any, **attrs: Any) -> Any:
    a = host(x)
    return xp.asarray(_np_pad(a, _pads(paddings, a.shape), constant_values=host(constant_values)))


def _mirror_pads(a: np.ndarray, paddings: Any, mode: str) -> list[list[int]]:
    """The paddings, checked against the dims as TF's MirrorPad kernel checks them."""
    pads = _pads(paddings, a.shape, ", ")
    offset = 1 if mode == "REFLECT" else 0
    for (before, after), size in zip(pads, a.shape):
        if before > size - offset or after > size - offset:
            if offset:
                raise KernelError(f"paddings must be less than the dimension size: {before}, "
                                  f"{after} not less than {size}")
            raise KernelError(f"paddings must be no greater than the dimension size: {before}, "
                              f"{after} greater than {size}")
    return pads


def _mirror_pad_kernel(xp: Any, x: Any, paddings: Any, **attrs: Any) -> Any:
    a, mode = host(x), attrs["mode"]
    pads = _mirror_pads(a, paddings, mode)
    return xp.asarray(_np_pad(a, pads, mode="reflect" if mode == "REFLECT" else "symmetric"))


def _check_grad_pads(before: int, after: int, dim: int, offset: int) -> None:
    """TF's MirrorPadGrad checks of one dimension, in its order and words."""
    if before < 0 or after < 0:
        raise KernelError(f"Paddings must be non-negative: {before}, {after}")
    if before + after >= dim:
        raise KernelError(f"Total paddings must be less than the input dimension size: "
                          f"{before + after} was not less than {dim}")
    size = dim - before - after
    if offset and (before >= size or after >= size):
        raise KernelError(f"paddings must be less than the output dimension size: {before}, "
                          f"{after} not less than {size}")
    if not offset and (before > size or after > size):
        raise KernelError(f"paddings must be no greater than the output dimension size: "
                          f"{before}, {after} greater than {size}")


def _mirror_pad_grad_kernel(xp: Any, grad: Any, paddings: Any, **attrs: Any) -> Any:
    """Each padded strip added back, mirrored, onto the elements it copied."""
    g = host(grad)
    pads = _pads(paddings, g.shape, ", ")
    offset = 1 if attrs["mode"] == "REFLECT" else 0
    out = g
    for axis, (before, after) in enumerate(pads):
        _check_grad_pads(before, after, out.shape[axis], offset)
        size = out.shape[axis] - before - after
        core = np.take(out, range(before, before + size), axis=axis).copy()
        if before:
            strip = np.flip(np.take(out, range(before), axis=axis), axis)
            index = [slice(None)] * out.ndim
            index[axis] = slice(offset, offset + before)
            core[tuple(index)] += strip
        if after:
            strip = np.flip(np.take(out, range(before + size, out.shape[axis]), axis=axis), axis)
            index = [slice(None)] * out.ndim
            index[axis] = slice(size - after - offset, size - offset)
            core[tuple(index)] += strip
        out = core
    return xp.asarray(np.array(out))  # a C-ordered copy that keeps rank 0


def _mode_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    mode = attrs.get("mode", "REFLECT")
    mode = mode.decode() if isinstance(mode, bytes) else mode
    if mode not in _MODES:
        raise AttrError(f"mode: expected one of REFLECT, SYMMETRIC, got {mode!r}")
    return {"mode": mode}


_PAD_TYPES = {"input": "T", "paddings": "Tpaddings"}
register(OpDef(
    type="Pad", inputs=("input", "paddings"), infer=_pad_infer, kernel=_pad_kernel,
    attrs=(T_ANY, _TPADDINGS), derive=lambda s: {"T": s[0].dtype, "Tpaddings": s[1].dtype},
    category=CATEGORY, doc="Zeros before and after each dimension, as paddings says.",
    default_name="Pad", reads_values=True, extra={"arg_types": _PAD_TYPES},
))
register(OpDef(
    type="PadV2", inputs=("input", "paddings", "constant_values"), infer=_pad_v2_infer,
    kernel=_pad_v2_kernel, attrs=(T_ANY, _TPADDINGS),
    derive=lambda s: {"T": s[0].dtype, "Tpaddings": s[1].dtype}, category=CATEGORY,
    doc="A given value before and after each dimension, as paddings says.",
    default_name="PadV2", reads_values=True,
    extra={"arg_types": {**_PAD_TYPES, "constant_values": "T"}},
))
register(OpDef(
    type="MirrorPad", inputs=("input", "paddings"), infer=_pad_infer,
    kernel=_mirror_pad_kernel, attrs=(T_ANY, _TPADDINGS, _MODE),
    derive=lambda s: {"T": s[0].dtype, "Tpaddings": s[1].dtype}, normalize=_mode_normalize,
    category=CATEGORY, doc="A mirror image of the edges before and after each dimension "
                           "(REFLECT: the edge not repeated; SYMMETRIC: repeated).",
    default_name="MirrorPad", reads_values=True, extra={"arg_types": _PAD_TYPES},
))
register(OpDef(
    type="MirrorPadGrad", inputs=("input", "paddings"), infer=_grad_infer,
    kernel=_mirror_pad_grad_kernel, attrs=(T_ANY, _TPADDINGS, _MODE),
    derive=lambda s: {"T": s[0].dtype, "Tpaddings": s[1].dtype}, normalize=_mode_normalize,
    category="Gradient", palette=False,
    doc="MirrorPad's gradient: the mirrored parts added back onto what they copied.",
    default_name="MirrorPadGrad", reads_values=True, extra={"arg_types": _PAD_TYPES},
))


def pad(tensor: Any, paddings: Any, mode: str = "CONSTANT", name: str | None = None,
        constant_values: Any = 0) -> Tensor:
    """``tf.pad``: Pad for a constant zero, PadV2 for another constant, MirrorPad for
    REFLECT and SYMMETRIC (any case, as numpy's modes are spelled)."""
    mode = mode.upper()
    result: Any
    if mode == "CONSTANT":
        if (not isinstance(constant_values, Tensor) and np.ndim(constant_values) == 0
                and constant_values == np.zeros_like(constant_values)):
            result = apply_op("Pad", name, input=tensor, paddings=paddings)
        else:
            result = apply_op("PadV2", name, input=tensor, paddings=paddings,
                              constant_values=constant_values)
    elif mode in _MODES:
        result = apply_op("MirrorPad", name, {"mode": mode}, input=tensor, paddings=paddings)
    else:
        raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", '
                         f'"REFLECT", or "SYMMETRIC". Received `mode` = {mode}')
    assert isinstance(result, Tensor)
    return result
