"""Array ops that make tensors from numbers: OneHot and Range.

Inference reads their scalar inputs (depth; start, limit, delta) when they are constants,
as TF's shape functions do, so a range of constants has a known length.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import DTypeError, KernelError, ShapeError
from ..framework.input_values import Inputs
from ..framework.kernels import cpu_kernels
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape
from . import _shape_fns as sf
from . import _tf_types as tt
from ._common import dtypes_named
from ._shape_fns import type_attr
from .array import ARRAY, _ints

# --- OneHot ------------------------------------------------------------------------------------
_ONE_HOT_INDICES = (dt.uint8, dt.int8, dt.int32, dt.int64)


def _one_hot_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], _ONE_HOT_INDICES, "indices")
    sf.check_dtype(specs[1], (dt.int32,), "depth")
    t = specs[2].dtype
    if specs[3].dtype is not t:
        raise DTypeError(f"Input 'off_value' of 'OneHot' Op has type {specs[3].dtype.name} that "
                         f"does not match type {t.name} of argument 'on_value'.")
    axis = attrs["axis"]
    if axis < -1:
        raise ShapeError("axis must be >= -1")
    with Inputs(specs) as read:
        depth_value = read.tensor(1)
        depth: Dim = None
        if depth_value is not None:
            if np.ndim(depth_value) != 0:
                raise ShapeError(f"Input must be scalar but has rank {np.ndim(depth_value)}")
            if int(depth_value) < 0:
                raise ShapeError(f"Dimension size, given by scalar input 1, must be "
                                 f"non-negative but is {int(depth_value)}")
            depth = int(depth_value)
        indices = specs[0].shape
        if indices.sizes is None:
            return [TensorSpec(sf.UNKNOWN, t)]
        new_rank = len(indices.sizes) + 1
        at = (axis + new_rank) % new_rank
        dims = list(indices.sizes)
        return [TensorSpec(TensorShape(dims[:at] + [depth] + dims[at:]), t)]


def _one_hot_kernel(xp: Any, indices: Any, depth: Any, on: Any, off: Any, **attrs: Any) -> Any:
    n = _ints(xp, depth)[0]
    if n < 0:
        raise KernelError(f"depth must be non-negative, got: {n}")
    rank = len(indices.shape)
    if attrs["axis"] != -1 and not 0 <= attrs["axis"] <= rank:  # inference wraps, TF does not
        raise KernelError(f"Expected axis to be -1 or between [0, {rank + 1}).  But received: "
                          f"{attrs['axis']}")
    axis = attrs["axis"] if attrs["axis"] != -1 else rank
    classes = xp.reshape(xp.arange(n, dtype=indices.dtype), (n,) + (1,) * (rank - axis))
    expanded = xp.expand_dims(indices, axis=axis)
    return xp.where(expanded == classes, on, off)


register(OpDef(
    type="OneHot", inputs=("indices", "depth", "on_value", "off_value"), infer=_one_hot_infer,
    kernel=_one_hot_kernel,
    attrs=(AttrDef("axis", "int", default=-1, doc="where the new dimension goes (-1: last)"),
           type_attr("T"), type_attr("TI", tt.ONE_HOT_INDEX, default=dt.int64)),
    derive=lambda specs: {"T": specs[2].dtype, "TI": specs[0].dtype}, category=ARRAY,
    doc="on_value where the index is the class of that position, off_value elsewhere.",
    default_name="OneHot", reads_values=True,
    extra={"arg_types": {"indices": "TI", "depth": "int32", "on_value": "T",
                         "off_value": "T"}},
))


# --- Range -------------------------------------------------------------------------------------



def _range_size(start: Any, limit: Any, delta: Any) -> int:
    """How many elements, TF's way (in the op's own dtype)."""
    if start > limit and delta > 0:
        raise ShapeError(f"Requires start <= limit when delta > 0: {_num(start)}/{_num(limit)}")
    if start < limit and delta < 0:
        raise ShapeError(f"Requires start >= limit when delta < 0: {_num(start)}/{_num(limit)}")
    if delta == 0:
        raise ShapeError("Requires delta != 0")
    if np.issubdtype(np.asarray(start).dtype, np.integer):
        return int((abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta)))
    with np.errstate(all="ignore"):
        return int(np.ceil(np.abs((limit - start) / delta)))


def _num(v: Any) -> str:
    return f"{float(v):g}" if isinstance(v, (float, np.floating)) else str(v)


def _range_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("Range", specs, ("start", "limit", "delta"), tt.RANGE)
    for spec, what in zip(specs, ("start", "limit", "delta")):
        try:
            sf.with_rank(spec.shape, 0)
        except ShapeError as e:
            raise ShapeError(f"{e.detail}\n\t for '{what}'") from None
    with Inputs(specs) as read:
        values = [read.tensor(i) for i in range(3)]
        if any(v is None for v in values):
            return [TensorSpec(TensorShape([None]), t)]
        scalars = [np.asarray(v)[()] for v in values]
        return [TensorSpec(TensorShape([_range_size(*scalars)]), t)]


def _range_kernel(xp: Any, start: Any, limit: Any, delta: Any, **attrs: Any) -> Any:
    host = [np.asarray(v.get() if hasattr(v, "get") else v)[()] for v in (start, limit, delta)]
    try:
        n = _range_size(*host)
    except ShapeError as e:  # the kernel's words add the delta: "Requires delta != 0: 0"
        detail = f"{e.detail}: {_num(host[2])}" if host[2] == 0 else e.detail
        raise KernelError(detail) from None
    dtype = attrs["Tidx"].np_dtype
    # start + i * delta in the op's dtype, as TF computes each element
    values = dtype.type(host[0]) + np.arange(n, dtype=dtype) * dtype.type(host[2])
    return xp.asarray(values.astype(dtype, copy=False))


register(OpDef(
    type="Range", inputs=("start", "limit", "delta"), infer=_range_infer, kernel=_range_kernel,
    attrs=(type_attr("Tidx", tt.RANGE, default=dt.int32),),
    derive=lambda specs: {"Tidx": specs[0].dtype}, category=ARRAY, reads_values=True,
    doc="The numbers from start up to (not including) limit, delta apart.",
    default_name="Range",
    extra={"arg_types": {"start": "Tidx", "limit": "Tidx", "delta": "Tidx"}},
    # TF's CPU has none for int8/int16/uint*: such a range builds and fails every run
    kernels=cpu_kernels("Tidx", *dtypes_named("int64", "int32", "float64", "float32",
                                              "bfloat16", "float16"), default=(0, dt.int32)),
))

