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

Loading never evaluates anything (``json`` and ``base64`` only). It reads the text one op at
a time (``document_reader``), checks the whole document and raises ``GraphFileError`` for the
first problem, naming the file and the JSON path of the field (``graph.json:
ops[3].inputs[1]: no tensor named "ad:0"``) or the line and column. A failed load builds
nothing the caller sees. Saving checks that what it writes would load back, writes a
temporary file next to the target, fsyncs it and renames it over the target, so the old file
survives any failure (``atomic_write``).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Mapping
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import GraphFileError
from ..framework.graph import Graph
from ..framework.opaque import loop_inputs
from ..framework.operation import Operation
from ..framework.registry import AttrDef
from ..framework.shapes import TensorShape
from .atomic_write import write_atomically
from .doc_fields import TOP, _Bad, clip, kind
from .document_reader import MAX_OP_VALUES, read_document
from .editor_section import (
    MAX_DEPTH,
    MAX_EDITOR_CHARS,
    MAX_EDITOR_VALUES,
    check_editor_section,
    editor_copy,
)
from .file_text import read_text
from .graph_builder import (
    BASE_VERSION,
    FORMAT,
    MAX_OPS,
    VERSION,
    GraphBuilder,
    check_format_version,
    check_top_fields,
)
from .graphdef_write import opaque_node_def
from .json_text import document_chunks
from .tensor_codec import (
    MAX_ELEMENTS,
    MAX_STRING_ELEMENTS,
    MAX_TENSOR_BYTES,
    decode_tensor,
    encode_tensor,
)

__all__ = [
    "FORMAT", "VERSION", "MAX_DEPTH", "MAX_EDITOR_CHARS", "MAX_EDITOR_VALUES", "MAX_ELEMENTS",
    "MAX_FILE_BYTES", "MAX_OPS", "MAX_OP_VALUES", "MAX_STRING_ELEMENTS", "MAX_TENSOR_BYTES",
    "Progress", "decode_tensor", "encode_tensor", "graph_from_document", "graph_from_text",
    "graph_to_document", "load_graph", "save_graph",
]

#: the largest file ``load_graph`` reads
MAX_FILE_BYTES = 2**31

#: hears the fraction of a load done, from 0.0 to 1.0
Progress = Callable[[float], None]


# --- attributes --------------------------------------------------------------------------------
def _encode_attr(a: AttrDef, value: Any) -> Any:
    if value is None:
        return None
    if a.kind == "type":
        return dt.as_dtype(value).name
    if a.kind == "shape":
        dims = TensorShape(value).sizes
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


# --- saving --------------------------------------------------------------------------------------
def _op_to_json(op: Operation, field: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    opaque = bool(op.op_def.extra.get("opaque"))  # kept as TF wrote it: its NodeDef, base64
    values = op.attrs
    for a in () if opaque else op.op_def.attrs:
        if a.derived:
            continue
        try:
            attrs[a.name] = _encode_attr(a, values.get(a.name))
        except _Bad as e:
            raise _Bad(f"{field}.attrs.{a.name}", e.message) from None
    inputs = [None if t is None else t.name for t in op.inputs]
    out: dict[str, Any] = {"name": op.name, "type": op.type, "attrs": attrs, "inputs": inputs}
    if opaque:
        node = opaque_node_def(op)
        loops = loop_inputs(op)  # a loop's back edges: the node_def's only inputs
        if loops:
            node.input.extend(loops.get(i, "") for i in range(len(op.inputs)))
        node_def = base64.b64encode(node.SerializeToString(deterministic=True)).decode("ascii")
        out["opaque"] = {"node_def": node_def, "outputs": len(op.outputs)}
    if op.control_inputs:
        out["control_inputs"] = [c.name for c in op.control_inputs]
    return out


def graph_to_document(graph: Graph, editor: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The file document of ``graph`` (ops in graph order), plus the editor's opaque section.
    ``GraphFileError`` (naming the field) for what the loader would refuse: a tensor over the
    file limits, an editor section that is not JSON or is over its limits."""
    try:
        ops = [_op_to_json(op, f"ops[{i}]") for i, op in enumerate(graph.get_operations())]
        # version 1 readers read what has no control inputs nor opaque nodes: such files
        # stay version 1
        version = VERSION if any("control_inputs" in op or "opaque" in op for op in ops) \
            else BASE_VERSION
        doc: dict[str, Any] = {"format": FORMAT, "version": version, "ops": ops}
        if editor is not None:
            doc["editor"] = editor_copy(editor)
    except _Bad as e:
        raise GraphFileError(clip(e.message), field=e.field) from None
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
    except (TypeError, ValueError, OverflowError, RecursionError) as e:
        raise GraphFileError(f"cannot be saved: {clip(str(e))}", path=target) from None
    except MemoryError:
        raise GraphFileError("cannot be saved: not enough memory to build the document",
                             path=target) from None
    write_atomically(target, document_chunks(doc))


# --- loading -------------------------------------------------------------------------------------
def load_graph(
    path: str | os.PathLike[str], *, progress: Progress | None = None
) -> tuple[Graph, dict[str, Any] | None]:
    """Read a graph file: ``(graph, editor section or None)``; ``GraphFileError`` for the
    first problem, naming the file and the field (or line and column).

    ``progress(fraction)``, when given, hears how much of the load is done: increasing
    fractions from 0.0 to 1.0 (reading the file is the first tenth), at most a few hundred
    times; 1.0 comes last, once the graph is built. An exception it raises stops the load
    and propagates unchanged (nothing is built for the caller)."""
    source = os.fspath(path)
    text = read_text(source, progress, share=0.1, limit=MAX_FILE_BYTES)
    return _from_text(text, source, progress, 0.1)


def graph_from_text(
    text: str, source: str = "<memory>", *, progress: Progress | None = None
) -> tuple[Graph, dict[str, Any] | None]:
    """What ``load_graph`` makes of a file's text (the clipboard's, say); ``source`` names it
    in errors. The same checks and limits as a file."""
    return _from_text(text, source, progress, 0.0)


def _from_text(text: str, source: str, progress: Progress | None,
               low: float) -> tuple[Graph, dict[str, Any] | None]:
    start = 1 if text.startswith("\ufeff") else 0
    builder = GraphBuilder()
    try:
        editor = read_document(text, start, builder, progress, low, 0.95)
        graph = builder.finish()
    except _Bad as e:
        raise GraphFileError(clip(e.message), path=source, field=e.field) from None
    except MemoryError:
        raise GraphFileError("not enough memory to load the file", path=source) from None
    if progress is not None:
        progress(1.0)
    return graph, editor


def graph_from_document(
    doc: Any, source: str = "<memory>"
) -> tuple[Graph, dict[str, Any] | None]:
    """A new Graph from a document (what ``graph_to_document`` makes, or a parsed file);
    ``source`` names it in errors. Returns ``(graph, editor section or None)``; the editor
    section is returned as is (not copied), once checked against the same limits as a
    file's."""
    try:
        if not isinstance(doc, dict):
            raise _Bad(TOP, f"not a TensorCanvas graph file: expected a JSON object, got "
                            f"{kind(doc)}")
        check_format_version(doc)
        check_top_fields(doc)
        builder = GraphBuilder()
        for i, raw in enumerate(doc["ops"]):
            builder.add(i, raw)
        graph = builder.finish()
        editor = doc.get("editor")
        if editor is not None:
            check_editor_section(editor)
    except _Bad as e:
        raise GraphFileError(clip(e.message), path=source, field=e.field) from None
    return graph, editor
