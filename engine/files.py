"""Graph files: a versioned JSON document, saved atomically and loaded with full validation.

The format is specified in ``docs/FILE_FORMAT.md``; in short::

    {"format": "tensorcanvas-graph", "version": 1,
     "ops": [{"name": "Const", "type": "Const",
              "attrs": {"value": {"dtype": "int32", "shape": [], "data": 5}, "dtype": "int32"},
              "inputs": []}, ...],
     "editor": {...}}

Tensor values (a Const's ``value``, a Placeholder's ``default_value``) are exact for every
dtype: small ones are written as JSON numbers when that reads back bit for bit, the others as
base64 of their little-endian bytes. Every tensor is decoded again before it is written and
compared byte for byte, so the choice can never lose a bit.

Loading never evaluates anything (``json`` and ``base64`` only). It checks the whole document
and raises ``GraphFileError`` for the first problem, naming the file and the JSON path of the
field (``graph.json: ops[3].inputs[1]: no tensor named "ad:0"``). A failed load builds nothing
the caller sees. Saving writes a temporary file next to the target, fsyncs it and renames it
over the target, so the old file survives any failure.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
import re
import secrets
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from . import dtypes as dt
from .dtypes import DType
from .errors import GraphEditError, GraphFileError, InferenceError
from .graph import Graph, Operation, Tensor, invalid_name_message, is_valid_name
from .ops import AttrDef, get_op_def, has_op_def
from .shapes import TensorShape

__all__ = [
    "FORMAT", "VERSION", "MAX_ELEMENTS", "MAX_TENSOR_BYTES", "MAX_FILE_BYTES",
    "decode_tensor", "encode_tensor", "graph_from_document", "graph_to_document",
    "load_graph", "save_graph",
]

FORMAT = "tensorcanvas-graph"
VERSION = 1

#: the most elements one tensor in a file may have (checked before anything is allocated)
MAX_ELEMENTS = 2**28
#: the most bytes one tensor may decode to (checked from the shape and the base64 length)
MAX_TENSOR_BYTES = 2**30
#: the largest file ``load_graph`` reads
MAX_FILE_BYTES = 2**31
#: the highest rank of a tensor value; shapes (placeholder ``shape``) may go to TF's 254
MAX_RANK = 32
MAX_SHAPE_RANK = 254
#: tensors up to this many elements are written as JSON values when that is exact
JSON_MAX_ELEMENTS = 256

_DTYPES: dict[str, DType] = {d.name: d for d in dt.ALL_DTYPES}
_TOP_FIELDS = ("format", "version", "ops", "editor")
_OP_FIELDS = ("name", "type", "attrs", "inputs")
_TENSOR_FIELDS = ("dtype", "shape", "encoding", "data")
_TENSOR_REF = re.compile(r"^(.+):(0|[1-9][0-9]*)$")
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


# --- attributes --------------------------------------------------------------------------------
def _decode_dtype(value: Any, field: str) -> DType:
    if not isinstance(value, str):
        raise _Bad(field, f'expected a dtype name such as "float32", got {_kind(value)}')
    found = _DTYPES.get(value)
    if found is None:
        raise _Bad(field, f"unknown dtype {_show(value)} (known: {', '.join(_DTYPES)})")
    return found


def _decode_shape_attr(value: Any, field: str) -> TensorShape:
    if value is None:
        return TensorShape(None)
    if not isinstance(value, list):
        raise _Bad(field, f"expected a list of sizes (null for unknown), or null for an unknown "
                          f"rank, got {_kind(value)}")
    if len(value) > MAX_SHAPE_RANK:
        raise _Bad(field, f"rank {len(value)} is more than {MAX_SHAPE_RANK}")
    dims: list[int | None] = []
    for i, d in enumerate(value):
        if d is None:
            dims.append(None)
        elif _is_int(d) and 0 <= d < 2**63:
            dims.append(d)
        else:
            got = str(d) if _is_int(d) else _kind(d)
            raise _Bad(f"{field}[{i}]", f"expected a size (an integer >= 0) or null, got {got}")
    return TensorShape(dims)


def _encode_attr(a: AttrDef, value: Any) -> Any:
    if value is None:
        return None
    if a.kind == "type":
        return dt.as_dtype(value).name
    if a.kind == "shape":
        dims = TensorShape(value).dims
        return None if dims is None else list(dims)
    if a.kind == "bool":
        return bool(value)
    if a.kind == "int":
        return int(value)
    if a.kind == "tensor":
        return encode_tensor(value)
    raise TypeError(f"cannot save attribute {a.name!r} of kind {a.kind!r}")


def _decode_attr(a: AttrDef, value: Any, field: str) -> Any:
    if a.kind == "shape":  # null is a shape: the unknown rank
        return _decode_shape_attr(value, field)
    if value is None:
        if a.optional:
            return None
        raise _Bad(field, f"{a.name} cannot be null")
    if a.kind == "type":
        return _decode_dtype(value, field)
    if a.kind == "bool":
        if not isinstance(value, bool):
            raise _Bad(field, f"expected true or false, got {_kind(value)}")
        return value
    if a.kind == "int":
        if not _is_int(value):
            raise _Bad(field, f"expected an integer, got {_kind(value)}")
        return value
    if a.kind == "tensor":
        return _decode_tensor(value, field)
    raise _Bad(field, f"attribute kind {a.kind!r} cannot be read")  # pragma: no cover


# --- saving --------------------------------------------------------------------------------------
def _op_to_json(op: Operation) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    values = op.attrs
    for a in op.op_def.attrs:
        if a.derived:
            continue
        attrs[a.name] = _encode_attr(a, values.get(a.name))
    inputs = [None if t is None else t.name for t in op.inputs]
    return {"name": op.name, "type": op.type, "attrs": attrs, "inputs": inputs}


def _editor_copy(editor: Any) -> dict[str, Any]:
    """A JSON copy of the editor section (so later changes to the caller's dict do not leak
    into the document); refuses what JSON cannot hold."""
    if not isinstance(editor, Mapping):
        raise GraphFileError(f"expected an object (a dict), got {type(editor).__name__}",
                             field="editor")
    try:
        copied = json.loads(json.dumps(editor, allow_nan=False, ensure_ascii=False))
    except (TypeError, ValueError, RecursionError) as e:
        raise GraphFileError(f"cannot be written as JSON: {e}", field="editor") from None
    assert isinstance(copied, dict)
    return copied


def graph_to_document(graph: Graph, editor: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The file document of ``graph`` (ops in graph order), plus the editor's opaque section."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "ops": [_op_to_json(op) for op in graph.get_operations()],
    }
    if editor is not None:
        doc["editor"] = _editor_copy(editor)
    return doc


_WIDTH = 100


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def _compact_sizes(value: Any, sizes: dict[int, int]) -> int:
    """The length of ``value``'s one-line JSON, per container (by id), computed once."""
    if isinstance(value, dict):
        n = 2 + sum(len(_dumps(str(k))) + 2 + _compact_sizes(v, sizes) for k, v in value.items())
        n += 2 * max(len(value) - 1, 0)
    elif isinstance(value, list):
        n = 2 + sum(_compact_sizes(v, sizes) for v in value) + 2 * max(len(value) - 1, 0)
    else:
        return len(_dumps(value))
    sizes[id(value)] = n
    return n


def _chunks(doc: Any) -> Iterator[str]:
    """The pieces of the readable JSON text of ``doc`` (see ``format_document``), produced
    one at a time so that a large tensor's base64 is never copied more than once."""
    sizes: dict[int, int] = {}
    _compact_sizes(doc, sizes)

    def fmt(value: Any, level: int) -> Iterator[str]:
        if not isinstance(value, (dict, list)) or not value:
            yield _dumps(value)
            return
        flat_list = isinstance(value, list) and not any(
            isinstance(v, (dict, list)) for v in value
        )
        if sizes[id(value)] + 2 * level <= _WIDTH or flat_list:
            yield _dumps(value)
            return
        pad = "  " * (level + 1)
        close = "\n" + "  " * level + ("}" if isinstance(value, dict) else "]")
        yield "{\n" if isinstance(value, dict) else "[\n"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for n, (k, v) in enumerate(items):
            yield (",\n" if n else "") + pad
            if isinstance(value, dict):
                yield _dumps(str(k)) + ": "
            yield from fmt(v, level + 1)
        yield close

    yield from fmt(doc, 0)
    yield "\n"


def format_document(doc: Any) -> str:
    """Readable JSON: a container stays on one line when it fits in 100 columns (an op per
    line in small graphs), lists of numbers always do; the rest is indented by 2."""
    return "".join(_chunks(doc))


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_graph(
    path: str | os.PathLike[str], graph: Graph, editor: Mapping[str, Any] | None = None
) -> None:
    """Write ``graph`` (and the editor's section) to ``path`` atomically: a temporary file in
    the same directory, flushed and fsynced, then renamed over ``path``. On any failure the
    old file is untouched, the temporary file is removed, and ``GraphFileError`` is raised."""
    target = os.fspath(path)
    try:
        doc = graph_to_document(graph, editor)
    except GraphFileError as e:
        raise GraphFileError(e.reason, path=target, field=e.field) from None
    except (TypeError, ValueError) as e:
        raise GraphFileError(f"cannot be saved: {e}", path=target) from None
    real = os.path.realpath(target)  # save through a symlink, not over it
    directory = os.path.dirname(real)
    tmp = os.path.join(
        directory, f".{os.path.basename(real)}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    )
    fd = -1
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            mode: int | None = os.stat(real).st_mode & 0o7777
        except OSError:
            mode = None
        if mode is not None:
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            fd = -1  # the file object owns it now
            for chunk in _chunks(doc):
                f.write(chunk.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, real)
    except BaseException as e:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            reason = e.strerror or str(e)
            raise GraphFileError(f"cannot write the file: {reason}", path=target) from None
        raise
    _fsync_dir(directory)


# --- loading -------------------------------------------------------------------------------------
def _reject_constant(name: str) -> Any:
    raise _Bad(None, f'not JSON: {name} is not a JSON value (write the string "nan", "inf" '
                     'or "-inf" in tensor data)')


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Bad(None, f"not valid: the key {json.dumps(key)} appears twice in one object")
        out[key] = value
    return out


def parse_document(text: str, source: str = "<memory>") -> Any:
    """The JSON value of a graph file's text, strictly: no NaN/Infinity, no duplicate keys."""
    try:
        return json.loads(
            text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys
        )
    except json.JSONDecodeError as e:
        raise GraphFileError(
            f"not JSON: {e.msg} (line {e.lineno}, column {e.colno})", path=source
        ) from None
    except RecursionError:
        raise GraphFileError("not JSON this reader accepts: nested too deeply",
                             path=source) from None
    except _Bad as e:
        raise GraphFileError(e.message, path=source, field=e.field) from None


def load_graph(path: str | os.PathLike[str]) -> tuple[Graph, dict[str, Any] | None]:
    """Read a graph file: ``(graph, editor section or None)``; ``GraphFileError`` for the
    first problem, naming the file and the field."""
    source = os.fspath(path)
    try:
        size = os.stat(source).st_size
        if size > MAX_FILE_BYTES:
            raise GraphFileError(
                f"the file is {size} bytes; graph files may be at most {MAX_FILE_BYTES} (2 GiB)",
                path=source,
            )
        with open(source, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise GraphFileError(f"cannot read the file: {e.strerror or e}", path=source) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise GraphFileError(f"not UTF-8 text (byte {e.start})", path=source) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    del raw
    doc = parse_document(text, source)
    del text
    return graph_from_document(doc, source)


def graph_from_document(
    doc: Any, source: str = "<memory>"
) -> tuple[Graph, dict[str, Any] | None]:
    """A new Graph from a document (what ``graph_to_document`` makes, or a parsed file);
    ``source`` names it in errors. Returns ``(graph, editor section or None)``; the editor
    section is returned as is (not copied)."""
    try:
        return _build(doc)
    except _Bad as e:
        raise GraphFileError(e.message, path=source, field=e.field) from None


def _check_header(doc: Any) -> None:
    if not isinstance(doc, dict):
        raise _Bad(None, f"not a TensorCanvas graph file: expected a JSON object, got "
                         f"{_kind(doc)}")
    if "format" not in doc:
        raise _Bad(None, f'not a TensorCanvas graph file: missing field "format" (expected '
                         f'"{FORMAT}")')
    if doc["format"] != FORMAT:
        raise _Bad("format", f'not a TensorCanvas graph file: expected "{FORMAT}", got '
                             f"{_show(doc['format'])}")
    if "version" not in doc:
        raise _Bad(None, 'missing field "version"')
    version = doc["version"]
    if not _is_int(version):
        raise _Bad("version", f"expected an integer, got {_kind(version)}")
    if version > VERSION:
        raise _Bad("version", f"was written by a newer TensorCanvas (version {version}); this "
                              f"one reads version {VERSION}")
    if version < 1:
        raise _Bad("version", f"unknown version {version}; this TensorCanvas reads version "
                              f"{VERSION}")
    _check_fields(doc, "", ("format", "version", "ops"), _TOP_FIELDS)
    _expect(doc["ops"], list, "ops", "a list of ops")
    if "editor" in doc:
        _expect(doc["editor"], dict, "editor", "an object")


def _attrs_of(op_type: str, raw: dict[str, Any], field: str) -> dict[str, Any]:
    op_def = get_op_def(op_type)
    known = {a.name: a for a in op_def.attrs}
    attrs: dict[str, Any] = {}
    for key, value in raw.items():
        a = known.get(key)
        if a is None:
            names = ", ".join(x.name for x in op_def.attrs if not x.derived) or "none"
            raise _Bad(f"{field}.{key}", f"{op_type} has no attribute {key!r} (it has: {names})")
        if a.derived:
            raise _Bad(f"{field}.{key}", f"{key} is derived from the inputs and is not written "
                                         "in files")
        attrs[key] = _decode_attr(a, value, f"{field}.{key}")
    # a tensor attr and the op's "dtype" attr must agree (no silent casts)
    dtype_attr = known.get("dtype")
    if dtype_attr is not None and not dtype_attr.derived:
        for a in op_def.attrs:
            if a.kind != "tensor" or attrs.get(a.name) is None:
                continue
            tensor_dtype = _dtype_of_array(attrs[a.name])
            if "dtype" not in attrs:
                attrs["dtype"] = tensor_dtype
            elif attrs["dtype"] is not tensor_dtype:
                raise _Bad(f"{field}.dtype", f"{attrs['dtype'].name} does not match the dtype "
                                             f"of {a.name} ({tensor_dtype.name})")
    return attrs


def _create(graph: Graph, op_type: str, name: str, attrs: dict[str, Any], field: str) -> Operation:
    try:
        return graph.add_op(op_type, name=name, attrs=attrs, exact_name=True)
    except InferenceError as e:  # an AttrError from the op's normalize
        message = str(e)
        for key in attrs:
            if message.startswith(f"{key}: "):
                raise _Bad(f"{field}.attrs.{key}", message[len(key) + 2:]) from None
        raise _Bad(f"{field}.attrs", message) from None
    except (GraphEditError, TypeError, ValueError) as e:
        raise _Bad(field, str(e)) from None


def _build(doc: Any) -> tuple[Graph, dict[str, Any] | None]:
    _check_header(doc)
    raw_ops: list[Any] = doc["ops"]
    graph = Graph()
    ops: list[Operation] = []
    first_index: dict[str, int] = {}  # lower-cased name -> index
    refs: list[list[tuple[str, int] | None]] = []
    for i, raw in enumerate(raw_ops):
        field = f"ops[{i}]"
        _expect(raw, dict, field, "an op object")
        _check_fields(raw, field, _OP_FIELDS, _OP_FIELDS)
        name = raw["name"]
        _expect(name, str, f"{field}.name", "a string")
        if not is_valid_name(name):
            raise _Bad(f"{field}.name", invalid_name_message(name))
        seen = first_index.get(name.lower())
        if seen is not None:
            same = raw_ops[seen]["name"]
            extra = "" if same == name else f' ("{same}"; names are compared ignoring case)'
            raise _Bad(f"{field}.name", f'duplicate op name "{name}": ops[{seen}] has it{extra}')
        first_index[name.lower()] = i
        op_type = raw["type"]
        _expect(op_type, str, f"{field}.type", "a string")
        if not has_op_def(op_type):
            raise _Bad(f"{field}.type", f'unknown op type "{op_type}"')
        _expect(raw["attrs"], dict, f"{field}.attrs", "an object")
        attrs = _attrs_of(op_type, raw["attrs"], f"{field}.attrs")
        inputs = raw["inputs"]
        _expect(inputs, list, f"{field}.inputs", "a list of tensor names or null")
        n_inputs = len(get_op_def(op_type).inputs)
        if len(inputs) != n_inputs:
            params = ", ".join(get_op_def(op_type).inputs)
            raise _Bad(f"{field}.inputs", f"{op_type} has {n_inputs} input"
                                          f"{'' if n_inputs == 1 else 's'}"
                                          f"{f' ({params})' if params else ''}, the list has "
                                          f"{len(inputs)}")
        op_refs: list[tuple[str, int] | None] = []
        for j, ref in enumerate(inputs):
            if ref is None:
                op_refs.append(None)
                continue
            if not isinstance(ref, str):
                raise _Bad(f"{field}.inputs[{j}]",
                           f'expected a tensor name such as "add:0" or null, got {_kind(ref)}')
            m = _TENSOR_REF.match(ref)
            if m is None:
                raise _Bad(f"{field}.inputs[{j}]", f'"{ref}" is not a tensor name: write '
                                                   '"op_name:output_index", such as "add:0"')
            op_refs.append((m.group(1), int(m.group(2))))
        refs.append(op_refs)
        ops.append(_create(graph, op_type, name, attrs, field))

    # resolve the inputs (they may name ops later in the list)
    by_name = {op.name: op for op in ops}
    sources: list[list[Tensor | None]] = []
    for i, op_refs in enumerate(refs):
        row: list[Tensor | None] = []
        for j, ref in enumerate(op_refs):
            if ref is None:
                row.append(None)
                continue
            src_name, index = ref
            src = by_name.get(src_name)
            where = f"ops[{i}].inputs[{j}]"
            if src is None:
                raise _Bad(where, f'no tensor named "{src_name}:{index}" (no op is named '
                                  f'"{src_name}")')
            n_out = len(src.outputs)
            if index >= n_out:
                raise _Bad(where, f'no tensor named "{src_name}:{index}": op "{src_name}" has '
                                  f"{n_out} output{'' if n_out == 1 else 's'}")
            row.append(src.outputs[index])
        sources.append(row)

    order = _topological_order(ops, sources)
    for i in order:
        for j, t in enumerate(sources[i]):
            if t is not None:
                graph.connect(t, ops[i], j)
    editor = doc.get("editor")
    return graph, editor


def _topological_order(ops: list[Operation], sources: list[list[Tensor | None]]) -> list[int]:
    """Op indices, each after its inputs' producers (file order among equals); ``_Bad`` naming
    an input that closes a cycle, when there is one."""
    index = {op: i for i, op in enumerate(ops)}
    consumers: list[list[int]] = [[] for _ in ops]
    pending = [0] * len(ops)
    for i, row in enumerate(sources):
        for t in row:
            if t is not None:
                consumers[index[t.op]].append(i)
                pending[i] += 1
    ready = [i for i in range(len(ops)) if pending[i] == 0]
    ready.reverse()
    order: list[int] = []
    while ready:
        i = ready.pop()
        order.append(i)
        for c in consumers[i]:
            pending[c] -= 1
            if pending[c] == 0:
                ready.append(c)
    if len(order) == len(ops):
        return order
    # every op left has an input from another op left: walk back until a name repeats
    left = {i for i in range(len(ops)) if pending[i] > 0}
    path: list[int] = []
    on_path: dict[int, int] = {}
    i = min(left)
    while i not in on_path:
        on_path[i] = len(path)
        path.append(i)
        i = next(index[t.op] for t in sources[i] if t is not None and index[t.op] in left)
    cycle = path[on_path[i]:]  # each op's input comes from the next one
    first = min(cycle)
    k = cycle.index(first)
    producer = cycle[(k + 1) % len(cycle)]
    j = next(j for j, t in enumerate(sources[first]) if t is not None and index[t.op] == producer)
    names = [ops[c].name for c in cycle[k:] + cycle[:k]]
    loop = " ← ".join(names + [names[0]])
    raise _Bad(f"ops[{first}].inputs[{j}]", f"this input makes a cycle: {loop} (each op reads "
                                            "the next)")
