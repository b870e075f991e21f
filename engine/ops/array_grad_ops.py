"""The array ops TF's gradients of the array family build: ShapeN, ConcatOffset (where each
piece of a concatenation starts), Unpack (a stack's gradient),
StridedSliceGrad (a strided slice's) and UnsortedSegmentSum (a sparse gradient made dense).

They are built by ``gradients``, not placed by hand, so they stay out of the palette and
the search popup (``palette=False``); a graph that holds them shows them like any op.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import KernelError, ShapeError
from ..framework.input_values import RefusedPartial, ShapeOf, shape_from_tensor, value_of
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape
from . import _shape_fns as sf
from . import _tf_types as tt
from ._common import host, rounds
from ._shape_fns import type_attr
from .array import T_ANY, _ints
from .array_join import N_ATTR as _N
from .array_join import _n_normalize
from .strided_slice import MASKS, SliceError, _masks, dense_spec, process

CATEGORY = "Gradient"
_ALL = tuple(d.name for d in dt.ALL_DTYPES)
# --- ShapeN -------------------------------------------------------------------------------------
def _shape_n_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    out_type = attrs.get("out_type") or dt.int32
    out = []
    for spec in specs:
        rank = spec.shape.rank
        value = (np.array(spec.shape.as_list(), out_type.np_dtype)
                 if spec.shape.is_fully_defined() else None)
        out.append(TensorSpec(TensorShape([rank]), out_type, value, partial=spec.shape))
    return out


def _shape_n_kernel(xp: Any, *arrays: Any, **attrs: Any) -> Any:
    out_type = attrs.get("out_type") or dt.int32
    out = tuple(xp.asarray(np.array(a.shape, out_type.np_dtype)) for a in arrays)
    return out if len(out) > 1 else out[0]


register(OpDef(
    type="ShapeN", inputs=("input",), infer=_shape_n_infer, kernel=_shape_n_kernel,
    attrs=(_N, T_ANY, AttrDef("out_type", "type", default=dt.int32,
                              allowed=(dt.int32, dt.int64))),
    derive=lambda s: {"T": s[0].dtype}, normalize=_n_normalize, category=CATEGORY,
        palette=False,
        doc="The shapes of N tensors.", default_name="ShapeN", list_inputs={"input": "N"},
    list_output="N", const_eval=False, extra={"arg_types": {"input": "T"}},
))


# --- ConcatOffset -------------------------------------------------------------------------------
def _concat_offset_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                         ) -> list[TensorSpec]:
    sf.check_dtype(specs[0], ("int32",), "concat_dim")
    shapes = specs[1:]
    out: list[TensorSpec] = []
    dim = value_of(specs[0])
    values = [value_of(s) for s in shapes]
    offsets = None
    if dim is not None and all(v is not None for v in values):
        offsets = _offsets(int(dim), [np.asarray(v).tolist() for v in values])
    for i, spec in enumerate(shapes):
        value = None if offsets is None else np.array(offsets[i], spec.dtype.np_dtype)
        out.append(TensorSpec(spec.shape, spec.dtype, value))
    return out


def _offsets(axis: int, shapes: list[list[int]]) -> list[list[int]]:
    rank = len(shapes[0])
    if not -rank <= axis < rank:
        raise KernelError(f"Concat dim is out of range: {axis} vs. {rank}")
    axis %= rank
    at = 0
    out = []
    for s in shapes:
        out.append([at if d == axis else 0 for d in range(rank)])
        at += s[axis]
    return out


def _concat_offset_kernel(xp: Any, dim: Any, *shapes: Any, **attrs: Any) -> Any:
    rows = _offsets(_ints(xp, dim)[0], [_ints(xp, s) for s in shapes])
    dtype = host(shapes[0]).dtype
    out = tuple(xp.asarray(np.array(r, dtype)) for r in rows)
    return out if len(out) > 1 else out[0]


register(OpDef(
    type="ConcatOffset", inputs=("concat_dim", "shape"), infer=_concat_offset_infer,
    kernel=_concat_offset_kernel, attrs=(_N, type_attr("shape_type", ("int32", "int64"),
                                                       default=dt.int32)),
    derive=lambda s: {"shape_type": s[1].dtype}, normalize=_n_normalize, category=CATEGORY,
        palette=False,
        doc="Where each of N concatenated pieces starts.", default_name="ConcatOffset",
    list_inputs={"shape": "N"}, list_output="N", const_eval=False,
    extra={"arg_types": {"concat_dim": "int32", "shape": "shape_type"}, "min_list": 2},
))


# --- Unpack -------------------------------------------------------------------------------------
def _unpack_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    num = attrs.get("num", 1)
    if isinstance(num, (int, np.integer)) and not isinstance(num, bool) and num == 0:
        return {"num": 0, "axis": int(attrs.get("axis") or 0)}  # TF: num >= 0, no outputs
    out = _n_normalize({"N": num})
    return {"num": out["N"], "axis": int(attrs.get("axis") or 0)}


def _unpack_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    shape = specs[0].shape
    num, axis = attrs["num"], attrs["axis"]
    if shape.sizes is None:
        return [TensorSpec(sf.UNKNOWN, specs[0].dtype)] * num
    rank = len(shape.sizes)
    if not -rank <= axis < rank:
        raise ShapeError(f"Invalid axis: {axis}; must be in [{-rank},{rank})")
    a = axis % rank
    if shape.sizes[a] is not None and shape.sizes[a] != num:
        raise ShapeError(f"Dimension must be {num} but is {shape.sizes[a]}")
    rest = TensorShape([d for i, d in enumerate(shape.sizes) if i != a])
    return [TensorSpec(rest, specs[0].dtype, v)
            for v in _unpacked_values(specs[0], a, num, attrs["axis"] == 0)]


def _unpacked_values(spec: TensorSpec, axis: int, num: int, first: bool) -> list[Any]:
    """Each output's value, where inference knows it (TF's refiner evaluates an Unpack of
    a small constant, and reads the known entries of a Shape op's output, when the
    ``axis`` attribute is ``first``, 0: not -1, nor of a vector only partly known)."""
    value = value_of(spec)
    if value is not None:
        lead = (slice(None),) * axis
        return [np.array(value[(*lead, i)]) for i in range(num)]
    partial = spec.partial
    if first and type(partial) is ShapeOf and partial.sizes is not None and (
            len(partial.sizes) == num and not isinstance(partial, RefusedPartial)):
        return [None if d is None else np.asarray(d, dtype=spec.dtype.np_dtype)
                for d in partial.sizes]
    return [None] * num


def _unpack_kernel(xp: Any, x: Any, **attrs: Any) -> Any:
    rank = len(x.shape)
    if not -rank <= attrs["axis"] < rank:
        raise KernelError(f"axis = {attrs['axis']} not in [{-rank}, {rank})")
    a = attrs["axis"] % rank
    if x.shape[a] != attrs["num"]:
        raise KernelError(f"Input shape axis {a} must equal {attrs['num']}, got shape "
                          f"[{','.join(str(d) for d in x.shape)}]")
    lead = (slice(None),) * a
    parts = tuple(x[(*lead, i)] for i in range(attrs["num"]))
    return parts if len(parts) > 1 else parts[0]


register(OpDef(
    type="Unpack", inputs=("value",), infer=_unpack_infer, kernel=_unpack_kernel,
    attrs=(AttrDef("num", "int", default=1), T_ANY, AttrDef("axis", "int", default=0)),
    derive=lambda s: {"T": s[0].dtype}, normalize=_unpack_normalize, category="Array",
        doc="Splits a tensor along an axis into num tensors (tf.unstack).",
        default_name="unstack",
    list_output="num", const_eval=False, extra={"arg_types": {"value": "T"}},
))


# --- StridedSliceGrad ---------------------------------------------------------------------------
def _ssg_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    shape = shape_from_tensor(specs[0])
    return [TensorSpec(shape, specs[4].dtype)]


def _ssg_kernel(xp: Any, shape: Any, begin: Any, end: Any, strides: Any, dy: Any,
                **attrs: Any) -> Any:
    dims = _ints(xp, shape)
    try:
        dense = dense_spec(len(dims), _ints(xp, begin), _ints(xp, end), _ints(xp, strides),
                           _masks(attrs))
        final, index = process(tuple(dims), dense, True)
    except SliceError as err:
        raise KernelError(str(err)) from None
    dy_shape = tuple(int(d) for d in np.shape(host(dy)))
    if dy_shape != tuple(final):  # TF's check that dy is the forward slice's result
        raise KernelError(f"shape of dy was [{','.join(map(str, dy_shape))}] instead of "
                          f"[{','.join(str(d) for d in final)}]")
    out = np.zeros(dims, dtype=host(dy).dtype)
    target = out[tuple(index)]
    out[tuple(index)] = np.reshape(host(dy), target.shape)
    return xp.asarray(out)


register(OpDef(
    type="StridedSliceGrad", inputs=("shape", "begin", "end", "strides", "dy"),
    infer=_ssg_infer, kernel=_ssg_kernel,
    attrs=(T_ANY, type_attr("Index", ("int32", "int64"), default=dt.int32),
           *(AttrDef(m, "int", default=0) for m in MASKS)),
    derive=lambda s: {"T": s[4].dtype, "Index": s[0].dtype}, category=CATEGORY,
        palette=False,
        normalize=lambda a: {m: int(a.get(m) or 0) for m in MASKS},
    doc="StridedSlice's gradient: dy placed into zeros of the input's shape.",
    default_name="StridedSliceGrad", reads_values=True,
    extra={"arg_types": {"shape": "Index", "begin": "Index", "end": "Index",
                         "strides": "Index", "dy": "T"}},
))


# --- UnsortedSegmentSum -------------------------------------------------------------------------
def _uss_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.check_dtype(specs[0], tt.NUMBER, "data")
    sf.check_dtype(specs[1], ("int16", "int32", "int64"), "segment_ids")
    n = value_of(specs[2])
    data, ids = specs[0].shape, specs[1].shape
    if data.sizes is None or ids.sizes is None:
        return [TensorSpec(sf.UNKNOWN, t)]
    tail = data.sizes[len(ids.sizes):]
    return [TensorSpec(TensorShape([None if n is None else int(n), *tail]), t)]


def _uss_kernel(xp: Any, data: Any, ids: Any, num: Any, **attrs: Any) -> Any:
    data, ids = host(data), host(ids)
    n = _ints(xp, num)[0]
    if data.shape[:ids.ndim] != ids.shape:
        raise KernelError(f"data.shape = [{','.join(map(str, data.shape))}] does not start with "
                          f"segment_ids.shape = [{','.join(map(str, ids.shape))}]")
    flat_ids = ids.reshape(-1)
    tail = data.shape[ids.ndim:]
    out = np.zeros((n, *tail), dtype=data.dtype)
    keep = (flat_ids >= 0) & (flat_ids < n)
    kept, rows = flat_ids[keep], data.reshape(flat_ids.size, *tail)[keep]  # tail may hold 0
    # each segment's rows added in their order, as TF's loop and ``np.add.at`` add them, a
    # round of distinct segments at a time (``np.add.at`` of rows: 100 µs for 128×64)
    for at in rounds(kept):
        out[kept[at]] += rows[at]
    return xp.asarray(out)


register(OpDef(
    type="UnsortedSegmentSum", inputs=("data", "segment_ids", "num_segments"),
    infer=_uss_infer, kernel=_uss_kernel,
    attrs=(type_attr("T", tt.NUMBER), type_attr("Tindices", ("int32", "int64")),
           type_attr("Tnumsegments", ("int32", "int64"), default=dt.int32)),
    derive=lambda s: {"T": s[0].dtype, "Tindices": s[1].dtype, "Tnumsegments": s[2].dtype},
    category=CATEGORY, palette=False,
    reads_values=True,
    doc="Sums the rows of data that share a segment id (ids out of range are dropped).",
    default_name="UnsortedSegmentSum",
    extra={"arg_types": {"data": "T", "segment_ids": "Tindices",
                         "num_segments": "Tnumsegments"}},
))
