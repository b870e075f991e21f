"""Tensor data in the ``"json"`` encoding: nested lists of numbers, strings or booleans.

Split from ``tensor_codec.py`` (which handles tensor objects and base64). Reading checks the
nesting against the shape one level at a time and the leaves in bulk (their types with one
``set(map(type, ...))``, integer ranges with ``min``/``max``, floats with one numpy
conversion), so a tensor of millions of values costs a few passes in C rather than a Python
call per value; only a tensor that has a problem is walked element by element, to name it.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from itertools import chain
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from .doc_fields import _Bad, kind, show, show_number, show_shape

_SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


# --- writing -----------------------------------------------------------------------------------
def dtype_of_array(arr: np.ndarray) -> DType:
    return dt.string if arr.dtype == object else dt.from_numpy(arr.dtype)


def _short_float(value: Any, dtype: DType) -> Any:
    """A JSON leaf for one float: the shortest decimal numpy prints for it; "nan"/"inf"."""
    f = float(value)
    if math.isnan(f):
        return "nan"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    if dtype is dt.float64:
        return f
    try:
        short = float(str(value))
    except ValueError:
        return f
    return short


def nest(flat: list[Any], shape: tuple[int, ...]) -> Any:
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


def json_leaves(arr: np.ndarray) -> list[Any] | None:
    """The elements of ``arr`` (row-major) as JSON values, or None for strings that are not
    UTF-8. Floats are "nan"/"inf"/"-inf" or their shortest decimal; complex are ``[re, im]``."""
    dtype = dtype_of_array(arr)
    flat = arr.reshape(-1)
    if dtype.is_string:
        out: list[Any] = []
        for item in flat.tolist():
            try:
                out.append(bytes(item).decode("utf-8"))
            except UnicodeDecodeError:
                return None
        return out
    if dtype.is_bool or dtype.is_integer:
        return list(flat.tolist())
    if dtype.is_complex:
        part = dt.float32 if dtype is dt.complex64 else dt.float64
        return [
            [_short_float(r, part), _short_float(i, part)]
            for r, i in zip(flat.real, flat.imag)
        ]
    return [_short_float(v, dtype) for v in flat]


def json_value(arr: Any) -> Any:
    """A value as nested JSON lists, as the command line's ``--json`` prints it: floats as
    their shortest decimal or "nan"/"inf"/"-inf", complex as ``[re, im]``, strings decoded
    as UTF-8 (``{"base64": ...}`` when they are not UTF-8)."""
    arr = np.asarray(arr)
    leaves = json_leaves(arr)
    if leaves is None:
        leaves = []
        for item in arr.reshape(-1).tolist():
            raw = bytes(item)
            try:
                leaves.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                leaves.append({"base64": base64.b64encode(raw).decode("ascii")})
    return nest(leaves, tuple(arr.shape))


# --- reading -----------------------------------------------------------------------------------
def index_path(field: str, flat_index: int, shape: tuple[int, ...]) -> str:
    if not shape:
        return field
    idx = np.unravel_index(flat_index, shape)
    return field + "".join(f"[{int(i)}]" for i in idx)


def _first(items: list[Any], ok: Callable[[Any], bool]) -> int:
    return next(k for k, v in enumerate(items) if not ok(v))


def _list_of(size: int) -> Callable[[Any], bool]:
    return lambda v: type(v) is list and len(v) == size


def _leaves(data: Any, shape: tuple[int, ...], field: str) -> list[Any]:
    """The leaves of nested lists that must have exactly ``shape``, row-major, checked one
    level at a time."""
    level = [data]
    for depth, size in enumerate(shape):
        if not level:  # a size 0 above: nothing more to check
            return level
        if set(map(type, level)) != {list} or set(map(len, level)) != {size}:
            k = _first(level, _list_of(size))
            where = index_path(field, k, shape[:depth])
            value = level[k]
            if not isinstance(value, list):
                raise _Bad(where, f"expected a list of {size} items (shape {show_shape(shape)}), "
                                  f"got {kind(value)}")
            raise _Bad(where, f"has {len(value)} items; shape {show_shape(shape)} needs {size} "
                              "here")
        level = list(chain.from_iterable(level))
    return level


def _float_leaf(value: Any, where: Callable[[], str]) -> float:
    if isinstance(value, str):
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        raise _Bad(where(), f'expected a number, "nan", "inf" or "-inf", got {show(value)}')
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(where(), f"expected a number, got {kind(value)}")
    try:
        f = float(value)
    except OverflowError:
        f = math.inf
    if math.isinf(f):  # JSON numbers are finite: 1e400 overflowed (inf is written "inf")
        shown = show_number(value) if isinstance(value, int) else "the number"
        raise _Bad(where(), f"{shown} is beyond the range of any float (±1.8e308); write "
                            '"inf" or "-inf" for an infinity')
    return f


def _float64s(values: list[Any], field: str, shape: tuple[int, ...], stride: int) -> np.ndarray:
    """JSON numbers and "nan"/"inf"/"-inf" as float64, in bulk when they are all numbers."""
    if set(map(type, values)) <= {int, float}:
        try:
            src = np.array(values, dtype=np.float64)
        except OverflowError:  # an int beyond float64: found below
            src = None
        if src is not None and not np.isinf(src).any():
            return src

    def at(k: int) -> Callable[[], str]:
        def where() -> str:
            path = index_path(field, k // stride, shape)
            return path + (f"[{k % stride}]" if stride > 1 else "")
        return where

    return np.array([_float_leaf(v, at(k)) for k, v in enumerate(values)], dtype=np.float64)


def _floats_to(src: np.ndarray, dtype: DType, field: str, shape: tuple[int, ...],
               stride: int = 1) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        out = src.astype(dtype.np_dtype)
    overflow = np.flatnonzero(np.isinf(out.astype(np.float64)) & np.isfinite(src))
    if overflow.size:
        k = int(overflow[0])
        where = index_path(field, k // stride, shape)
        if stride > 1:
            where += f"[{k % stride}]"
        raise _Bad(where, f"{float(src[k])!r} is too large for {dtype.name}")
    return out


def _strings(leaves: list[Any], field: str, shape: tuple[int, ...]) -> np.ndarray:
    out = np.empty(len(leaves), dtype=object)
    for k, v in enumerate(leaves):
        if type(v) is not str:
            raise _Bad(index_path(field, k, shape), f"expected a string, got {kind(v)}")
        try:
            out[k] = v.encode("utf-8")
        except UnicodeEncodeError as e:
            raise _Bad(index_path(field, k, shape),
                       f"the string {show(v, 30)} has a lone surrogate (\\u{ord(v[e.start]):04x} "
                       f"at character {e.start}): not Unicode text; write such bytes in the "
                       '"base64" encoding') from None
    return out.reshape(shape)


def _integers(leaves: list[Any], dtype: DType, field: str, shape: tuple[int, ...]) -> np.ndarray:
    if set(map(type, leaves)) - {int}:
        k = _first(leaves, lambda v: type(v) is int)
        raise _Bad(index_path(field, k, shape), f"expected an integer, got {kind(leaves[k])}")
    info = np.iinfo(dtype.np_dtype)
    if leaves and not (info.min <= min(leaves) and max(leaves) <= info.max):
        k = _first(leaves, lambda v: info.min <= v <= info.max)
        raise _Bad(index_path(field, k, shape), f"{show_number(leaves[k])} is out of range for "
                                                f"{dtype.name} ({info.min} to {info.max})")
    return np.array(leaves, dtype=dtype.np_dtype).reshape(shape)


def decode_json_data(data: Any, dtype: DType, shape: tuple[int, ...], field: str) -> np.ndarray:
    """The array that ``data`` (nested lists matching ``shape``) holds, as ``dtype``."""
    leaves = _leaves(data, shape, field)
    if dtype.is_string:
        return _strings(leaves, field, shape)
    if dtype.is_bool:
        if set(map(type, leaves)) - {bool}:
            k = _first(leaves, lambda v: type(v) is bool)
            raise _Bad(index_path(field, k, shape),
                       f"expected true or false, got {kind(leaves[k])}")
        return np.array(leaves, dtype=np.bool_).reshape(shape)
    if dtype.is_integer:
        return _integers(leaves, dtype, field, shape)
    if dtype.is_complex:
        if set(map(type, leaves)) - {list} or set(map(len, leaves)) - {2}:
            k = _first(leaves, lambda v: type(v) is list and len(v) == 2)
            v = leaves[k]
            got = f"a list of {len(v)} items" if isinstance(v, list) else kind(v)
            raise _Bad(index_path(field, k, shape), f"expected [real, imag], got {got}")
        parts = _float64s(list(chain.from_iterable(leaves)), field, shape, 2)
        part = dt.float32 if dtype is dt.complex64 else dt.float64
        pairs = _floats_to(parts, part, field, shape, stride=2).reshape(-1, 2)
        out = np.empty(len(leaves), dtype=dtype.np_dtype)
        out.real = pairs[:, 0]
        out.imag = pairs[:, 1]
        return out.reshape(shape)
    return _floats_to(_float64s(leaves, field, shape, 1), dtype, field, shape).reshape(shape)
