"""Tensor values in graph files: exact JSON or base64 encodings, and their validation.

Split from ``graph_files.py`` (which handles documents, attributes, saving and loading): this
module turns an array into its JSON form and back, refusing anything malformed or too large
before allocating it, and reports problems with the JSON path of the offending field.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.errors import GraphFileError

#: the most elements one tensor in a file may have (checked before anything is allocated)
MAX_ELEMENTS = 2**28
#: the most bytes one tensor may decode to (checked from the shape and the base64 length)
MAX_TENSOR_BYTES = 2**30
#: the highest rank of a tensor value; shapes (placeholder ``shape``) may go to TF's 254
MAX_RANK = 32
MAX_SHAPE_RANK = 254
#: tensors up to this many elements are written as JSON values when that is exact
JSON_MAX_ELEMENTS = 256
_DTYPES: dict[str, DType] = {d.name: d for d in dt.ALL_DTYPES}
_TENSOR_FIELDS = ("dtype", "shape", "encoding", "data")
_SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class _Bad(Exception):
    """A problem in a document: the JSON path of the field and what is wrong with it."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- JSON types, named as a user reads them --------------------------------------------------
def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _expect(value: Any, types: type | tuple[type, ...], field: str, what: str) -> None:
    ok = isinstance(value, types) and not (
        isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))
    )
    if not ok:
        raise _Bad(field, f"expected {what}, got {_kind(value)}")


def _check_fields(
    obj: dict[str, Any], field: str, required: tuple[str, ...], allowed: tuple[str, ...]
) -> None:
    for key in required:
        if key not in obj:
            raise _Bad(field or None, f'missing field "{key}"')
    for key in obj:
        if key not in allowed:
            where = f"{field}.{key}" if field else key
            raise _Bad(where, f"unknown field (expected {', '.join(allowed)})")


# --- tensors -----------------------------------------------------------------------------------
def _dtype_of_array(arr: np.ndarray) -> DType:
    return dt.string if arr.dtype == object else dt.from_numpy(arr.dtype)


def _little_endian(arr: np.ndarray) -> np.ndarray:
    arr = np.ascontiguousarray(arr)
    return arr if sys.byteorder == "little" else arr.byteswap()


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


def _nest(flat: list[Any], shape: tuple[int, ...]) -> Any:
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [_nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


def json_leaves(arr: np.ndarray) -> list[Any] | None:
    """The elements of ``arr`` (row-major) as JSON values, or None for strings that are not
    UTF-8. Floats are "nan"/"inf"/"-inf" or their shortest decimal; complex are ``[re, im]``."""
    dtype = _dtype_of_array(arr)
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
    return _nest(leaves, tuple(arr.shape))


def _same_tensor(a: np.ndarray, b: np.ndarray) -> bool:
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype == object:
        return [bytes(x) for x in a.reshape(-1).tolist()] == [
            bytes(x) for x in b.reshape(-1).tolist()
        ]
    return bool(_little_endian(a).tobytes() == _little_endian(b).tobytes())


def encode_tensor(value: Any) -> dict[str, Any]:
    """The file form of an array: JSON values when small and exact, else base64."""
    arr = np.asarray(value)
    dtype = _dtype_of_array(arr)
    head: dict[str, Any] = {"dtype": dtype.name, "shape": [int(d) for d in arr.shape]}
    if arr.size <= JSON_MAX_ELEMENTS:
        leaves = json_leaves(arr)
        if leaves is not None:
            candidate = dict(head, data=_nest(leaves, tuple(arr.shape)))
            try:
                back = _decode_tensor(candidate, "tensor")
            except _Bad:
                back = None
            if back is not None and _same_tensor(back, arr):
                return candidate
    if dtype.is_string:
        data: Any = [
            base64.b64encode(bytes(item)).decode("ascii") for item in arr.reshape(-1).tolist()
        ]
    else:
        if dtype.is_bool:
            raw = (arr.view(np.uint8) != 0).astype(np.uint8).tobytes()
        else:
            raw = _little_endian(arr).tobytes()
        data = base64.b64encode(raw).decode("ascii")
    return dict(head, encoding="base64", data=data)


def _decode_shape(value: Any, field: str) -> tuple[int, ...]:
    _expect(value, list, field, "a list of sizes, such as [2, 3]")
    if len(value) > MAX_RANK:
        raise _Bad(field, f"rank {len(value)} is more than the {MAX_RANK} a value may have")
    dims = []
    for i, d in enumerate(value):
        if not _is_int(d):
            raise _Bad(f"{field}[{i}]", f"expected a size (an integer >= 0), got {_kind(d)}")
        if d < 0:
            raise _Bad(f"{field}[{i}]", f"a size must be >= 0, got {d}")
        dims.append(d)
    return tuple(dims)


def _num_elements(shape: tuple[int, ...], field: str) -> int:
    n = 1
    for d in shape:
        n *= d
    if n > MAX_ELEMENTS:
        raise _Bad(
            field,
            f"shape {list(shape)} has {n} elements; a tensor in a file may have at most "
            f"{MAX_ELEMENTS} (2**28)",
        )
    return n


def _index_path(field: str, flat_index: int, shape: tuple[int, ...]) -> str:
    if not shape:
        return field
    idx = np.unravel_index(flat_index, shape)
    return field + "".join(f"[{int(i)}]" for i in idx)


def _walk(data: Any, shape: tuple[int, ...], field: str) -> list[Any]:
    """The leaves of nested lists that must have exactly ``shape``, row-major."""
    out: list[Any] = []

    def rec(value: Any, depth: int, path: list[int]) -> None:
        if depth == len(shape):
            out.append(value)
            return
        where = field + "".join(f"[{i}]" for i in path)
        if not isinstance(value, list):
            raise _Bad(
                where,
                f"expected a list of {shape[depth]} items (shape {list(shape)}), got "
                f"{_kind(value)}",
            )
        if len(value) != shape[depth]:
            raise _Bad(
                where,
                f"has {len(value)} items; shape {list(shape)} needs {shape[depth]} here",
            )
        for i, item in enumerate(value):
            rec(item, depth + 1, path + [i])

    rec(data, 0, [])
    return out


def _float_leaf(value: Any, where: Callable[[], str]) -> float:
    if isinstance(value, str):
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        raise _Bad(where(), f'expected a number, "nan", "inf" or "-inf", got "{value}"')
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(where(), f"expected a number, got {_kind(value)}")
    try:
        return float(value)
    except OverflowError:
        raise _Bad(where(), "the number is too large for a float") from None


def _floats_to(values: list[float], dtype: DType, field: str, shape: tuple[int, ...],
               stride: int = 1) -> np.ndarray:
    src = np.array(values, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        out = src.astype(dtype.np_dtype)
    overflow = np.flatnonzero(np.isinf(out.astype(np.float64)) & np.isfinite(src))
    if overflow.size:
        k = int(overflow[0])
        where = _index_path(field, k // stride, shape)
        if stride > 1:
            where += f"[{k % stride}]"
        raise _Bad(where, f"{values[k]!r} is too large for {dtype.name}")
    return out


def _decode_json_data(data: Any, dtype: DType, shape: tuple[int, ...], field: str) -> np.ndarray:
    leaves = _walk(data, shape, field)

    def at(k: int) -> Callable[[], str]:
        return lambda: _index_path(field, k, shape)

    def at_part(k: int, j: int) -> Callable[[], str]:
        return lambda: f"{_index_path(field, k, shape)}[{j}]"

    if dtype.is_string:
        out = np.empty(len(leaves), dtype=object)
        for k, v in enumerate(leaves):
            if not isinstance(v, str):
                raise _Bad(at(k)(), f"expected a string, got {_kind(v)}")
            out[k] = v.encode("utf-8")
        return out.reshape(shape)
    if dtype.is_bool:
        for k, v in enumerate(leaves):
            if not isinstance(v, bool):
                raise _Bad(at(k)(), f"expected true or false, got {_kind(v)}")
        return np.array(leaves, dtype=np.bool_).reshape(shape)
    if dtype.is_integer:
        info = np.iinfo(dtype.np_dtype)
        for k, v in enumerate(leaves):
            if not _is_int(v):
                raise _Bad(at(k)(), f"expected an integer, got {_kind(v)}")
            if not info.min <= v <= info.max:
                raise _Bad(
                    at(k)(), f"{v} is out of range for {dtype.name} ({info.min} to {info.max})"
                )
        return np.array(leaves, dtype=dtype.np_dtype).reshape(shape)
    if dtype.is_complex:
        parts: list[float] = []
        for k, v in enumerate(leaves):
            if not isinstance(v, list) or len(v) != 2:
                got = f"a list of {len(v)} items" if isinstance(v, list) else _kind(v)
                raise _Bad(at(k)(), f"expected [real, imag], got {got}")
            for j in (0, 1):
                parts.append(_float_leaf(v[j], at_part(k, j)))
        part = dt.float32 if dtype is dt.complex64 else dt.float64
        pairs = _floats_to(parts, part, field, shape, stride=2).reshape(-1, 2)
        out = np.empty(len(leaves), dtype=dtype.np_dtype)
        out.real = pairs[:, 0]
        out.imag = pairs[:, 1]
        return out.reshape(shape)
    floats = [_float_leaf(v, at(k)) for k, v in enumerate(leaves)]
    return _floats_to(floats, dtype, field, shape).reshape(shape)


def _b64_length(nbytes: int) -> int:
    return 4 * ((nbytes + 2) // 3)


def _b64decode(text: str, field: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise _Bad(field, "not valid base64") from None


def _decode_base64_data(data: Any, dtype: DType, shape: tuple[int, ...], n: int,
                        field: str) -> np.ndarray:
    if dtype.is_string:
        _expect(data, list, field, f"a list of {n} base64 strings (one per element)")
        if len(data) != n:
            raise _Bad(field, f"has {len(data)} strings; shape {list(shape)} needs {n}")
        total = 0
        for k, item in enumerate(data):
            if not isinstance(item, str):
                raise _Bad(f"{field}[{k}]", f"expected a base64 string, got {_kind(item)}")
            total += len(item) // 4 * 3
            if total > MAX_TENSOR_BYTES:
                raise _Bad(field, f"decodes to more than {MAX_TENSOR_BYTES} bytes (1 GiB)")
        out = np.empty(n, dtype=object)
        for k, item in enumerate(data):
            out[k] = _b64decode(item, f"{field}[{k}]")
        return out.reshape(shape)
    _expect(data, str, field, "a base64 string")
    itemsize = dtype.np_dtype.itemsize
    nbytes = n * itemsize
    if nbytes > MAX_TENSOR_BYTES:
        raise _Bad(
            field,
            f"shape {list(shape)} of {dtype.name} is {nbytes} bytes; a tensor in a file may "
            f"have at most {MAX_TENSOR_BYTES} (1 GiB)",
        )
    expected = _b64_length(nbytes)
    if len(data) != expected:
        raise _Bad(
            field,
            f"has {len(data)} base64 characters; shape {list(shape)} of {dtype.name} "
            f"({nbytes} bytes) needs {expected}",
        )
    raw = _b64decode(data, field)
    if len(raw) != nbytes:
        raise _Bad(field, f"decodes to {len(raw)} bytes; shape {list(shape)} of "
                          f"{dtype.name} needs {nbytes}")
    if dtype.is_bool:
        flags = np.frombuffer(raw, dtype=np.uint8)
        bad = np.flatnonzero(flags > 1)
        if bad.size:
            raise _Bad(field, f"element {int(bad[0])} is byte {int(flags[bad[0]])}; a bool "
                              "is byte 0 or 1")
        return flags.view(np.bool_).reshape(shape)
    np_dtype = dtype.np_dtype
    arr = np.frombuffer(raw, dtype=np_dtype)
    if sys.byteorder != "little":
        arr = arr.byteswap()
    return arr.reshape(shape)


def decode_tensor(value: Any, field: str = "tensor") -> np.ndarray:
    """A read-only array from its file form (a tensor object), validated; a problem raises
    ``GraphFileError`` naming the JSON path below ``field``."""
    try:
        return _decode_tensor(value, field)
    except _Bad as e:
        raise GraphFileError(e.message, field=e.field) from None


def _decode_tensor(value: Any, field: str) -> np.ndarray:
    _expect(value, dict, field, 'a tensor object {"dtype", "shape", "data"}')
    _check_fields(value, field, ("dtype", "shape", "data"), _TENSOR_FIELDS)
    dtype = _decode_dtype(value["dtype"], f"{field}.dtype")
    shape = _decode_shape(value["shape"], f"{field}.shape")
    n = _num_elements(shape, f"{field}.shape")
    encoding = value.get("encoding", "json")
    if encoding not in ("json", "base64"):
        raise _Bad(f"{field}.encoding", f'expected "json" or "base64", got {_show(encoding)}')
    if encoding == "base64":
        arr = _decode_base64_data(value["data"], dtype, shape, n, f"{field}.data")
    else:
        if dtype.is_string:
            nbytes = n * 8
        else:
            nbytes = n * dtype.np_dtype.itemsize
        if nbytes > MAX_TENSOR_BYTES:
            raise _Bad(f"{field}.shape", f"shape {list(shape)} of {dtype.name} is more than "
                                         f"{MAX_TENSOR_BYTES} bytes (1 GiB)")
        arr = _decode_json_data(value["data"], dtype, shape, f"{field}.data")
    if arr.flags.writeable:
        arr.setflags(write=False)
    return arr


def _show(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return _kind(value)


def _decode_dtype(value: Any, field: str) -> DType:
    if not isinstance(value, str):
        raise _Bad(field, f'expected a dtype name such as "float32", got {_kind(value)}')
    found = _DTYPES.get(value)
    if found is None:
        raise _Bad(field, f"unknown dtype {_show(value)} (known: {', '.join(_DTYPES)})")
    return found
