"""Copy and paste: a selection travels as a graph file's JSON.

Why the file format: it is already versioned and fully validated on reading, so a
paste from another window (or another TensorCanvas version, or a text editor) is
checked exactly like opening a file. The copied document holds the selected ops
and the links between them; an input fed by an op outside the selection is left
unwired. Its editor section keeps the nodes' positions, so a paste keeps the shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QGuiApplication

from engine import Graph, GraphFileError, graph_from_document, graph_to_document

#: a graph file's JSON (a copied selection); text/plain carries the same JSON
GRAPH_MIME = "application/x-tensorcanvas-graph"
FORMAT = "tensorcanvas-graph"


def selection_document(
    graph: Graph, names: Iterable[str], positions: Mapping[str, QPointF]
) -> dict[str, Any]:
    """The file document of the ops ``names`` of ``graph`` and the links between them."""
    chosen = set(names)
    ops = [op for op in graph.get_operations() if op.name in chosen]
    sub = Graph()
    for op in ops:
        sub.add_op(op.type, name=op.name, attrs=op.attrs, exact_name=True)
    for op in ops:
        copy = sub.get_operation_by_name(op.name)
        for index, tensor in enumerate(op.inputs):
            if tensor is not None and tensor.op.name in chosen:
                sub.connect(sub.get_tensor_by_name(tensor.name), copy, index)
    nodes = {
        op.name: {"x": round(positions[op.name].x(), 2), "y": round(positions[op.name].y(), 2)}
        for op in ops
        if op.name in positions
    }
    return graph_to_document(sub, {"nodes": nodes})


def document_positions(editor: Mapping[str, Any] | None) -> dict[str, QPointF]:
    """``{name: QPointF}`` from an editor section's ``nodes`` (bad entries are skipped)."""
    out: dict[str, QPointF] = {}
    nodes = editor.get("nodes") if isinstance(editor, Mapping) else None
    if not isinstance(nodes, Mapping):
        return out
    for name, entry in nodes.items():
        if not isinstance(entry, Mapping):
            continue
        x, y = entry.get("x"), entry.get("y")
        if isinstance(x, (int, float)) and isinstance(y, (int, float)):
            if not isinstance(x, bool) and not isinstance(y, bool):
                out[str(name)] = QPointF(float(x), float(y))
    return out


def put_on_clipboard(doc: Mapping[str, Any]) -> None:
    """Place ``doc`` on the system clipboard (our MIME type plus plain-text JSON)."""
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
    mime = QMimeData()
    mime.setData(GRAPH_MIME, text.encode("utf-8"))
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)


def clipboard_document() -> dict[str, Any] | None:
    """The graph document on the clipboard, or None when it holds something else."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return None
    if mime.hasFormat(GRAPH_MIME):
        text = bytes(mime.data(GRAPH_MIME).data()).decode("utf-8", "replace")
    elif mime.hasText():
        text = mime.text()
    else:
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None
    return doc


def document_graph(doc: Mapping[str, Any]) -> tuple[Graph, dict[str, QPointF]]:
    """The graph and positions a document describes; ``GraphFileError`` if it is invalid."""
    graph, editor = graph_from_document(dict(doc), "clipboard")
    return graph, document_positions(editor)


__all__ = [
    "GRAPH_MIME", "GraphFileError", "clipboard_document", "document_graph",
    "document_positions", "put_on_clipboard", "selection_document",
]
