"""Tensor values in graph files: exact JSON or base64 encodings, and their validation.

Split from ``graph_files.py`` (documents, saving and loading) and ``json_data.py`` (the
``"json"`` encoding's nested lists): this module turns an array into its file form and back,
refusing anything malformed or too large before allocating it, and reports problems with
the JSON path of the offending field. The same limits hold when saving, so a file the
engine writes always loads.
"""

from __future__ import annotations

import base64
import binascii
import sys
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.errors import GraphFileError
from .doc_fields import (
    _Bad,
    check_fields,
    clip,
    expect,
    is_int,
    kind,
    show,
    show_number,
    show_shape,
)
from .json_data import decode_json_data, dtype_of_array, json_leaves, json_value, nest

__all__ = ["MAX_ELEMENTS", "MAX_STRING_ELEMENTS", "MAX_TENSOR_BYTES", "decode_tensor",
           "encode_tensor", "json_value"]

#: the most elements one tensor in a file may have (checked before anything is allocated)
MAX_ELEMENTS = 2**28
#: the most elements of a string tensor (each is a Python object and a JSON string)
MAX_STRING_ELEMENTS = 2**21
#: the most bytes one tensor may decode to (checked from the shape and the base64 length)
MAX_TENSOR_BYTES = 2**30
#: the highest rank of a tensor value; shapes (placeholder ``shape``) may go to TF's 254
MAX_RANK = 32
MAX_SHAPE_RANK = 254
#: tensors up to this many elements are written as JSON values when that is exact
JSON_MAX_ELEMENTS = 256
_DTYPES: dict[str, DType] = {d.name: d for d in dt.ALL_DTYPES}
_TENSOR_FIELDS = ("dtype", "shape", "encoding", "data")

# the names graph_builder and older callers use
_dtype_of_array = dtype_of_array


def _little_endian(arr: np.ndarray) -> np.ndarray:
    arr = np.ascontiguousarray(arr)
    return arr if sys.byteorder == "little" else arr.byteswap()


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
    shape = tuple(int(d) for d in arr.shape)
    _check_size(shape, dtype, "shape")  # what the loader would refuse is not written
    if dtype.is_string:
        nbytes = sum(len(bytes(x)) + 2 for x in arr.reshape(-1).tolist())
    else:
        nbytes = arr.nbytes
    if nbytes > MAX_TENSOR_BYTES:
        raise _Bad("shape", f"shape {show_shape(shape)} of {dtype.name} is {nbytes} bytes; a "
                            f"tensor in a file may have at most {MAX_TENSOR_BYTES} (1 GiB)")
    head: dict[str, Any] = {"dtype": dtype.name, "shape": list(shape)}
    if arr.size <= JSON_MAX_ELEMENTS:
        leaves = json_leaves(arr)
        if leaves is not None:
            candidate = dict(head, data=nest(leaves, shape))
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
    expect(value, list, field, "a list of sizes, such as [2, 3]")
    if len(value) > MAX_RANK:
        raise _Bad(field, f"rank {len(value)} is more than the {MAX_RANK} a value may have")
    dims = []
    for i, d in enumerate(value):
        if not is_int(d):
            raise _Bad(f"{field}[{i}]", f"expected a size (an integer >= 0), got {kind(d)}")
        if d < 0:
            raise _Bad(f"{field}[{i}]", f"a size must be >= 0, got {show_number(d)}")
        dims.append(d)
    return tuple(dims)


def _check_size(shape: tuple[int, ...], dtype: DType, field: str) -> int:
    """The number of elements, refused over the file limits (before anything is decoded)."""
    n = 1
    for d in shape:
        n *= d
        if n > MAX_ELEMENTS:  # stop multiplying: 32 sizes of 4,000 digits make a big int
            break
    if n > MAX_ELEMENTS:
        if all(d <= MAX_ELEMENTS for d in shape):
            n = 1
            for d in shape:
                n *= d
            count = str(n) if n < 10**30 else "more than 10**30"
        else:
            count = f"more than {MAX_ELEMENTS}"
        raise _Bad(field, f"shape {show_shape(shape)} has {count} elements; a tensor in a file "
                          f"may have at most {MAX_ELEMENTS} (2**28)")
    if dtype.is_string and n > MAX_STRING_ELEMENTS:
        raise _Bad(field, f"shape {show_shape(shape)} has {n} strings; a string tensor in a "
                          f"file may have at most {MAX_STRING_ELEMENTS} (2**21)")
    return n


def _b64_length(nbytes: int) -> int:
    return 4 * ((nbytes + 2) // 3)


_B64_CHUNK = 1 << 24  # characters, a multiple of 4


def _b64decode(text: str, field: str) -> bytes | bytearray:
    """Strict base64 (the alphabet, padding only at the end), decoded piece by piece into
    one buffer: a 1.4 GB string is never copied whole, and the pieces stay in the cache."""
    try:
        if len(text) <= _B64_CHUNK:
            return base64.b64decode(text.encode("ascii"), validate=True)
        out = bytearray(len(text) // 4 * 3)
        pos = 0
        for i in range(0, len(text), _B64_CHUNK):
            piece = text[i:i + _B64_CHUNK]
            if i + _B64_CHUNK < len(text) and "=" in piece:
                raise ValueError("padding before the end")
            raw = binascii.a2b_base64(piece.encode("ascii"), strict_mode=True)
            out[pos:pos + len(raw)] = raw
            pos += len(raw)
        del out[pos:]
        return out
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise _Bad(field, "not valid base64") from None


def _decode_base64_data(data: Any, dtype: DType, shape: tuple[int, ...], n: int,
                        field: str) -> np.ndarray:
    if dtype.is_string:
        expect(data, list, field, f"a list of {n} base64 strings (one per element)")
        if len(data) != n:
            raise _Bad(field, f"has {len(data)} strings; shape {show_shape(shape)} needs {n}")
        total = 0
        for k, item in enumerate(data):
            if not isinstance(item, str):
                raise _Bad(f"{field}[{k}]", f"expected a base64 string, got {kind(item)}")
            total += len(item) // 4 * 3
            if total > MAX_TENSOR_BYTES:
                raise _Bad(field, f"decodes to more than {MAX_TENSOR_BYTES} bytes (1 GiB)")
        out = np.empty(n, dtype=object)
        for k, item in enumerate(data):
            out[k] = _b64decode(item, f"{field}[{k}]")
        return out.reshape(shape)
    expect(data, str, field, "a base64 string")
    itemsize = dtype.np_dtype.itemsize
    nbytes = n * itemsize
    if nbytes > MAX_TENSOR_BYTES:
        raise _Bad(
            field,
            f"shape {show_shape(shape)} of {dtype.name} is {nbytes} bytes; a tensor in a file may "
            f"have at most {MAX_TENSOR_BYTES} (1 GiB)",
        )
    expected = _b64_length(nbytes)
    if len(data) != expected:
        raise _Bad(
            field,
            f"has {len(data)} base64 characters; shape {show_shape(shape)} of {dtype.name} "
            f"({nbytes} bytes) needs {expected}",
        )
    raw = _b64decode(data, field)
    if len(raw) != nbytes:
        raise _Bad(field, f"decodes to {len(raw)} bytes; shape {show_shape(shape)} of "
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
        raise GraphFileError(clip(e.message), field=e.field) from None


def _decode_tensor(value: Any, field: str) -> np.ndarray:
    expect(value, dict, field, 'a tensor object {"dtype", "shape", "data"}')
    check_fields(value, field, ("dtype", "shape", "data"), _TENSOR_FIELDS)
    dtype = _decode_dtype(value["dtype"], f"{field}.dtype")
    shape = _decode_shape(value["shape"], f"{field}.shape")
    n = _check_size(shape, dtype, f"{field}.shape")
    encoding = value.get("encoding", "json")
    if encoding not in ("json", "base64"):
        raise _Bad(f"{field}.encoding", f'expected "json" or "base64", got {show(encoding)}')
    if encoding == "base64":
        arr = _decode_base64_data(value["data"], dtype, shape, n, f"{field}.data")
    else:
        if dtype.is_string:
            nbytes = n * 8
        else:
            nbytes = n * dtype.np_dtype.itemsize
        if nbytes > MAX_TENSOR_BYTES:
            raise _Bad(f"{field}.shape", f"shape {show_shape(shape)} of {dtype.name} is more than "
                                         f"{MAX_TENSOR_BYTES} bytes (1 GiB)")
        arr = decode_json_data(value["data"], dtype, shape, f"{field}.data")
    if arr.flags.writeable:
        arr.setflags(write=False)
    return arr


def _decode_dtype(value: Any, field: str) -> DType:
    if not isinstance(value, str):
        raise _Bad(field, f'expected a dtype name such as "float32", got {kind(value)}')
    found = _DTYPES.get(value)
    if found is None:
        raise _Bad(field, f"unknown dtype {show(value)} (known: {', '.join(_DTYPES)})")
    return found
