"""TF's shape-inference vocabulary (``InferenceContext``'s Merge, WithRank, Subshape …) over
``TensorShape``, with the messages TF's C++ gives, for the ops whose inference reads like
TF's shape functions (array ops, reductions, convolutions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.errors import DTypeError, ShapeError
from ..framework.registry import AttrDef, TensorSpec
from ..framework.shapes import (  # TF's MergeDim, WithRank(AtLeast): the framework's own
    Dim,
    TensorShape,
    merge_dim,  # noqa: F401  (part of this vocabulary as is)
    with_rank,  # noqa: F401
    with_rank_at_least,  # noqa: F401
)

UNKNOWN = TensorShape(None)


def dims_of(shape: TensorShape) -> list[Dim]:
    assert shape.sizes is not None
    return list(shape.sizes)


def merge(a: TensorShape, b: TensorShape) -> TensorShape:
    """TF's ``Merge`` of two shapes: the more known of each dim; ranks must agree."""
    if a.sizes is None:
        return b
    if b.sizes is None:
        return a
    if len(a.sizes) != len(b.sizes):
        raise ShapeError(f"Shapes must be equal rank, but are {len(a.sizes)} and {len(b.sizes)}")
    out: list[Dim] = []
    for i, (x, y) in enumerate(zip(a.sizes, b.sizes)):
        if x is not None and y is not None and x != y:
            raise ShapeError(
                f"Dimension {i} in both shapes must be equal, but are {x} and {y}. Shapes are "
                f"{a.debug_string()} and {b.debug_string()}.")
        out.append(x if x is not None else y)
    return TensorShape(out)


def with_rank_at_most(shape: TensorShape, rank: int) -> TensorShape:
    if shape.sizes is not None and len(shape.sizes) > rank:
        raise ShapeError(f"Shape must be at most rank {rank} but is rank {len(shape.sizes)}")
    return shape


def with_value(dim: Dim, value: int) -> Dim:
    if dim is not None and dim != value:
        raise ShapeError(f"Dimension must be {value} but is {dim}")
    return value


def multiply(a: Dim, b: Dim) -> Dim:
    if a == 0 or b == 0:
        return 0
    if a is None or b is None:
        return None
    return a * b


def add(a: Dim, b: Dim) -> Dim:
    if a is None or b is None:
        return None
    return a + b


def subshape(shape: TensorShape, start: int, end: int | None = None) -> TensorShape:
    """``Subshape(s, start, end)`` with TF's negative indices (from the end)."""
    if shape.sizes is None:
        return UNKNOWN
    dims = shape.sizes
    rank = len(dims)
    lo = start + rank if start < 0 else start
    hi = rank if end is None else (end + rank if end < 0 else end)
    if lo > rank:
        raise ShapeError(f"Subshape start out of bounds: {start}, for shape with rank {rank}")
    if hi > rank:
        raise ShapeError(f"Subshape end out of bounds: {end}, for shape with rank {rank}")
    if lo < 0:
        raise ShapeError(f"Subshape start out of bounds: {start}, for shape with rank {rank}")
    return TensorShape(dims[lo:max(lo, hi)])


def concatenate(a: TensorShape, b: TensorShape) -> TensorShape:
    if a.sizes is None or b.sizes is None:
        return UNKNOWN
    return TensorShape(list(a.sizes) + list(b.sizes))


#: each allowed list's names: every op of a family checks the same few lists
_ALLOWED_NAMES: dict[tuple[Any, ...], frozenset[str]] = {}


def check_dtype(spec: TensorSpec, allowed: Sequence[DType] | Sequence[str], param: str) -> DType:
    """TF's type-constraint message, for an allowed list given as DTypes or as the names TF
    prints (which may include types the engine has not: ``qint8``)."""
    key = allowed if isinstance(allowed, tuple) else tuple(allowed)
    found = _ALLOWED_NAMES.get(key)
    if found is None:
        found = frozenset(a if isinstance(a, str) else a.name for a in allowed)
        _ALLOWED_NAMES[key] = found
    if spec.dtype.name not in found:
        names = [a if isinstance(a, str) else a.name for a in allowed]
        raise DTypeError(f"Value passed to parameter '{param}' has DataType {spec.dtype.name} "
                         f"not in list of allowed values: {', '.join(names)}")
    return spec.dtype


def check_list_dtype(op_type: str, specs: Sequence[TensorSpec], expected: str, param: str
                     ) -> None:
    """A list input of one fixed dtype (DynamicStitch's ``indices``), in TF's words: every
    tensor's dtype named when one differs."""
    if any(spec.dtype.name != expected for spec in specs):
        found = ", ".join(spec.dtype.name for spec in specs)
        raise DTypeError(f"Tensors in list passed to '{param}' of '{op_type}' Op have types "
                         f"[{found}] that do not match expected type {expected}.")


def check_attr_dtype(dtype: DType, allowed: Sequence[str], param: str) -> DType:
    """A dtype attribute's allowed list, checked by inference (so the editor can make the
    op with any dtype and show the error on it), in TF's words."""
    if dtype.name not in allowed:
        raise DTypeError(f"Value passed to parameter '{param}' has DataType {dtype.name} not "
                         f"in list of allowed values: {', '.join(allowed)}")
    return dtype


def same_dtype(op_type: str, specs: Sequence[TensorSpec], params: Sequence[str],
               allowed: Sequence[DType] | Sequence[str]) -> DType:
    """The first input fixes the type attribute; later ones must match it."""
    first = check_dtype(specs[0], allowed, params[0])
    for param, spec in zip(params[1:], specs[1:]):
        if spec.dtype is not first:
            raise DTypeError(
                f"Input '{param}' of '{op_type}' Op has type {spec.dtype.name} that does not "
                f"match type {first.name} of argument '{params[0]}'.")
    return first


def type_attr(name: str, allowed: Sequence[str] = (), *, default: DType | None = None,
              doc: str = "") -> AttrDef:
    """A derived dtype attribute (TF's ``T``, ``Tidx``), with TF's allowed list (names, in
    the order TF's messages print them)."""
    known = {d.name for d in dt.ALL_DTYPES}
    return AttrDef(name, "type", default=default, derived=True, doc=doc,
                   allowed=tuple(dt.as_dtype(n) for n in allowed if n in known),
                   allowed_names=tuple(allowed))


INDEX_TYPES = (dt.int32, dt.int64)
INT32 = dt.int32


def axis_value(value: Any, rank: int | None) -> int:
    """An axis as a Python int (normalised when the rank is known)."""
    axis = int(value)
    if rank is not None and axis < 0:
        axis += rank
    return axis
