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

import json
import os
import re
from collections.abc import Mapping
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import GraphEditError, GraphFileError, InferenceError
from ..framework.graph import Graph
from ..framework.naming import invalid_name_message, is_valid_name
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, get_op_def, has_op_def
from ..framework.shapes import TensorShape
from .atomic_write import write_atomically
from .json_text import document_chunks, parse_document
from .tensor_codec import (
    MAX_ELEMENTS,
    MAX_SHAPE_RANK,
    MAX_TENSOR_BYTES,
    _Bad,
    _check_fields,
    _decode_dtype,
    _decode_tensor,
    _dtype_of_array,
    _expect,
    _is_int,
    _kind,
    _show,
    decode_tensor,
    encode_tensor,
)

__all__ = [
    "FORMAT", "VERSION", "MAX_ELEMENTS", "MAX_TENSOR_BYTES", "MAX_FILE_BYTES",
    "decode_tensor", "encode_tensor", "graph_from_document", "graph_to_document",
    "load_graph", "save_graph",
]

FORMAT = "tensorcanvas-graph"
VERSION = 1

#: the largest file ``load_graph`` reads
MAX_FILE_BYTES = 2**31

_TOP_FIELDS = ("format", "version", "ops", "editor")
_OP_FIELDS = ("name", "type", "attrs", "inputs")
_TENSOR_REF = re.compile(r"^(.+):(0|[1-9][0-9]*)$")


# --- attributes --------------------------------------------------------------------------------
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
    if a.kind == "float":
        return float(value)
    if a.kind == "string":
        return str(value)
    if a.kind == "ints":
        return [int(v) for v in value]
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
    if a.kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Bad(field, f"expected a number, got {_kind(value)}")
        return float(value)
    if a.kind == "string":
        if not isinstance(value, str):
            raise _Bad(field, f"expected a string, got {_kind(value)}")
        return value
    if a.kind == "ints":
        if not isinstance(value, list) or not all(_is_int(v) for v in value):
            raise _Bad(field, f"expected a list of integers, got {_kind(value)}")
        return list(value)
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


def save_graph(
    path: str | os.PathLike[str], graph: Graph, editor: Mapping[str, Any] | None = None
) -> None:
    """Write ``graph`` (and the editor's section) to ``path`` atomically (see
    ``atomic_write``): on any failure the old file is untouched and ``GraphFileError`` is
    raised."""
    target = os.fspath(path)
    try:
        doc = graph_to_document(graph, editor)
    except GraphFileError as e:
        raise GraphFileError(e.reason, path=target, field=e.field) from None
    except (TypeError, ValueError) as e:
        raise GraphFileError(f"cannot be saved: {e}", path=target) from None
    write_atomically(target, document_chunks(doc))


# --- loading -------------------------------------------------------------------------------------
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
        names = get_op_def(op_type).input_names(attrs)
        n_inputs = len(names)
        if len(inputs) != n_inputs:
            params = ", ".join(names)
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
