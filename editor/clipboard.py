"""Copy and paste: a selection travels as a graph file's JSON.

Why the file format: it is already versioned and fully validated on reading, so a
paste from another window (or another TensorCanvas version, or a text editor) is
checked exactly like opening a file. The copied document holds the selected ops
and the links between them; an input fed by an op outside the selection is left
unwired. Its editor section keeps the nodes' positions, so a paste keeps the shape.
"""

from __future__ import annotations

import atexit
import json
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QGuiApplication

from editor.bounds import node_point
from engine import Graph, GraphFileError, graph_from_document, graph_to_document

#: a graph file's JSON (a copied selection); text/plain carries the same JSON
GRAPH_MIME = "application/x-tensorcanvas-graph"
FORMAT = "tensorcanvas-graph"


def selection_document(
    graph: Graph, names: Iterable[str], positions: Mapping[str, QPointF]
) -> dict[str, Any]:
    """The file document of the ops ``names`` of ``graph`` and the links between them (data
    and control)."""
    chosen = set(names)
    ops = [op for op in graph.get_operations() if op.name in chosen]
    sub = Graph()
    for op in ops:
        sub.add_op(op.op_def, name=op.name, attrs=op.attrs, exact_name=True)
    for op in ops:
        copy = sub.get_operation_by_name(op.name)
        for index, tensor in enumerate(op.inputs):
            if tensor is not None and tensor.op.name in chosen:
                sub.connect(sub.get_tensor_by_name(tensor.name), copy, index)
        for control in op.control_inputs:
            if control.name in chosen:
                sub.add_control_input(copy, sub.get_operation_by_name(control.name))
    nodes = {
        op.name: {"x": round(positions[op.name].x(), 2), "y": round(positions[op.name].y(), 2)}
        for op in ops
        if op.name in positions
    }
    return graph_to_document(sub, {"nodes": nodes})


def document_positions(editor: Mapping[str, Any] | None) -> dict[str, QPointF]:
    """``{name: QPointF}`` from an editor section's ``nodes`` (bad entries are skipped)."""
    return read_positions(editor)[0]


def read_positions(
    editor: Mapping[str, Any] | None,
) -> tuple[dict[str, QPointF], list[str]]:
    """The usable positions of an editor section's ``nodes``, and the names whose stored
    position could not be used as it was: clamped into the canvas (too far out), or left
    out to be placed anew (not a finite number). Entries that are not ``{x, y}`` objects
    are skipped without a word, like any node with no stored position."""
    out: dict[str, QPointF] = {}
    changed: list[str] = []
    nodes = editor.get("nodes") if isinstance(editor, Mapping) else None
    if not isinstance(nodes, Mapping):
        return out, changed
    for name, entry in nodes.items():
        if not isinstance(entry, Mapping) or "x" not in entry or "y" not in entry:
            continue
        point, moved = node_point(entry.get("x"), entry.get("y"))
        if point is not None:
            out[str(name)] = point
        if moved:
            changed.append(str(name))
    return out, changed


def _clear_our_clipboard() -> None:
    """At exit on the offscreen platform (tests, screenshots, headless scripts), take our data
    off its clipboard while Qt still runs: the mime data it owns is otherwise destroyed
    during the interpreter's teardown, after the platform, a segmentation fault on the way
    out. A desktop's clipboard is left alone, so a clipboard manager can keep the copy."""
    app = QGuiApplication.instance()
    if app is not None and QGuiApplication.platformName() == "offscreen":
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData()
        if mime is not None and mime.hasFormat(GRAPH_MIME):
            clipboard.clear()


_exit_hook: list[bool] = []


def put_on_clipboard(doc: Mapping[str, Any]) -> None:
    """Place ``doc`` on the system clipboard (our MIME type plus plain-text JSON)."""
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
    mime = QMimeData()
    mime.setData(GRAPH_MIME, text.encode("utf-8"))
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)
    if not _exit_hook:
        atexit.register(_clear_our_clipboard)
        _exit_hook.append(True)


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
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python parses
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
    "document_positions", "put_on_clipboard", "read_positions", "selection_document",
]
