"""Shared pieces of op definitions: dtype checks in TF's words, broadcasting inference."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.errors import DTypeError, ShapeError
from ..framework.registry import TensorSpec
from ..framework.shapes import TensorShape, broadcast_shapes


def dtypes_named(*names: str) -> tuple[DType, ...]:
    return tuple(dt.as_dtype(n) for n in names)


# TF's allowed-type lists, each in the order TF's op definition (and so its message) lists
# them: the orders differ from op to op
NUMBER = dtypes_named(  # AddV2
    "bfloat16", "float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64",
    "int8", "int16", "int32", "int64", "complex64", "complex128",
)
ADD_TYPES = dtypes_named(
    "bfloat16", "float16", "float32", "float64", "uint8", "int8", "int16", "int32", "int64",
    "complex64", "complex128", "string",
)
SUB_TYPES = dtypes_named(
    "bfloat16", "float16", "float32", "float64", "uint8", "int8", "uint16", "int16",
    "int32", "int64", "complex64", "complex128", "uint32", "uint64",
)
MUL_TYPES = dtypes_named(  # Mul, RealDiv, FloorDiv, TruncateDiv
    "bfloat16", "float16", "float32", "float64", "uint8", "int8", "uint16", "int16",
    "int32", "uint32", "uint64", "int64", "complex64", "complex128",
)
FLOORMOD_TYPES = dtypes_named(
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bfloat16",
    "float16", "float32", "float64",
)
TRUNCATEMOD_TYPES = dtypes_named("int32", "int64", "bfloat16", "float16", "float32", "float64")
POW_TYPES = dtypes_named(
    "bfloat16", "float32", "float16", "float64", "int8", "int16", "int32", "int64",
    "complex64", "complex128",
)
MAXMIN_TYPES = dtypes_named(
    "bfloat16", "float16", "float32", "float64", "int8", "uint8", "int16", "uint16", "int32",
    "uint32", "int64", "uint64",
)
COMPARE_TYPES = dtypes_named(
    "float32", "float64", "int32", "uint8", "int16", "int8", "int64", "bfloat16", "uint16",
    "float16", "uint32", "uint64",
)
SIGNED = dtypes_named(  # Neg
    "bfloat16", "float16", "float32", "float64", "int8", "int16", "int32", "int64",
    "complex64", "complex128",
)
ABS_TYPES = dtypes_named(
    "bfloat16", "float16", "float32", "float64", "int8", "int16", "int32", "int64",
)
SQUARE_TYPES = dtypes_named(
    "bfloat16", "float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8",
    "uint16", "uint32", "uint64", "complex64", "complex128",
)
FLOATING = dtypes_named("bfloat16", "float16", "float32", "float64", "complex64", "complex128")
MATMUL_TYPES = dtypes_named(
    "bfloat16", "float16", "float32", "float64", "int32", "int64", "uint8", "uint16",
    "uint32", "uint64", "complex64", "complex128",
)
BATCH_MATMUL_TYPES = dtypes_named(
    "bfloat16", "float16", "float32", "float64", "int16", "int32", "int64", "uint8", "uint16",
    "uint32", "uint64", "complex64", "complex128",
)
INTEGER_TYPES = dtypes_named(  # the bitwise ops
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
)
COMPLEX_TYPES = dtypes_named("complex64", "complex128")
CONJ_TYPES: tuple[DType | str, ...] = (*COMPLEX_TYPES, "variant")
ALL = dt.ALL_DTYPES


def check_allowed(dtype: DType, allowed: Sequence[DType | str], param: str) -> None:
    """TF's ``_SatisfiesTypeConstraint``. A ``str`` in ``allowed`` is a dtype TF lists that
    the engine has not (Conj's ``variant``): printed, never matched."""
    if dtype not in allowed:
        names = ", ".join(d if isinstance(d, str) else d.name for d in allowed)
        raise DTypeError(
            f"Value passed to parameter '{param}' has DataType {dtype.name} not in list of "
            f"allowed values: {names}"
        )


def same_type(
    op_type: str, params: Sequence[str], specs: Sequence[TensorSpec], allowed: Sequence[DType]
) -> DType:
    """TF's op_def_library order: the first input fixes ``T`` and is checked against the
    allowed list; each later input must match it exactly (no promotion, ever)."""
    first = specs[0].dtype
    check_allowed(first, allowed, params[0])
    for param, spec in zip(params[1:], specs[1:]):
        if spec.dtype is not first:
            raise DTypeError(
                f"Input '{param}' of '{op_type}' Op has type {spec.dtype.name} that does not "
                f"match type {first.name} of argument '{params[0]}'."
            )
    return first


def derive_t(specs: Sequence[TensorSpec]) -> dict[str, Any]:
    return {"T": specs[0].dtype}


def binary_infer(op_type: str, allowed: Sequence[DType], out: DType | None = None) -> Any:
    """Inference for a broadcasting binary op; ``out`` fixes the output dtype (comparisons)."""

    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        t = same_type(op_type, ("x", "y"), specs, allowed)
        try:
            shape = broadcast_shapes(specs[0].shape, specs[1].shape)
        except ShapeError:
            if attrs.get("incompatible_shape_error", True):
                raise
            shape = TensorShape([])  # Equal's: one bool when they do not broadcast
        return [TensorSpec(shape, out or t)]

    return infer


def unary_infer(op_type: str, allowed: Sequence[DType]) -> Any:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        check_allowed(specs[0].dtype, allowed, "x")
        return [TensorSpec(specs[0].shape, specs[0].dtype)]

    return infer


def fixed_type(op_type: str, params: Sequence[str], specs: Sequence[TensorSpec],
               dtype: DType) -> None:
    """Inputs of one fixed dtype (LogicalAnd's bool), in TF's words."""
    for param, spec in zip(params, specs):
        if spec.dtype is not dtype:
            raise DTypeError(
                f"Input '{param}' of '{op_type}' Op has type {spec.dtype.name} that does not "
                f"match expected type of {dtype.name}."
            )


def shape_str(shape: Sequence[int]) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def explain_broadcast(arrays: Sequence[Any]) -> str | None:
    """TF's run-time words for arrays that do not broadcast."""
    a, b = (tuple(x.shape) for x in arrays[:2])
    ra, rb = len(a), len(b)
    n = max(ra, rb)
    pa, pb = (1,) * (n - ra) + a, (1,) * (n - rb) + b
    if all(x == y or x == 1 or y == 1 for x, y in zip(pa, pb)):
        return None
    return f"Incompatible shapes: {shape_str(a)} vs. {shape_str(b)}"


def host(value: Any) -> np.ndarray:
    """An array of any backend as a numpy array on the host (a cupy array's ``get()``): for
    kernels that index and scatter, which the array API cannot express."""
    return np.asarray(value.get() if hasattr(value, "get") else value)


def rounds(indices: np.ndarray) -> list[np.ndarray]:
    """The positions of ``indices`` in rounds that each name a row at most once: round
    ``r`` holds every row's ``r``-th occurrence. Applied round after round, each row's
    updates come in the order TF's kernels apply them (one after the other), while each
    round is one vectorised step."""
    n = indices.size
    if n == 0:
        return []
    order = np.argsort(indices, kind="stable")
    ranked = indices[order]
    starts = np.empty(n, dtype=bool)
    starts[0] = True
    np.not_equal(ranked[1:], ranked[:-1], out=starts[1:])
    if starts.all():  # no index repeats: one round
        return [np.arange(n)]
    first = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    occurrence = np.empty(n, dtype=np.int64)
    occurrence[order] = np.arange(n) - first
    return [np.flatnonzero(occurrence == r) for r in range(int(occurrence.max()) + 1)]
