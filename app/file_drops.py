"""Dropping a graph file (``.json``, or a TensorFlow GraphDef ``.pbtxt``/``.pb``, which is
imported) on the window (canvas included) opens it.

Why an event filter and not ``dropEvent`` overrides: the drop must work on the window and
on the canvas's viewport alike, and neither should need to know about documents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def dropped_graph_path(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> Path | None:
    """The first local graph file (``.json``, ``.pbtxt``, ``.pb``) a drag carries, or None."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith((".json", ".pbtxt", ".pb")):
            return Path(url.toLocalFile())
    return None


class FileDropFilter(QObject):
    """Accepts drags that carry a graph file over the watched widgets, and hands a dropped
    one to ``open_path`` (the document's single way of opening a file)."""

    def __init__(
        self, parent: QObject, open_path: Callable[[Path], object], *widgets: QWidget
    ) -> None:
        super().__init__(parent)
        self.open_path = open_path
        for widget in widgets:
            self.watch(widget)

    def watch(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, (QDragEnterEvent, QDragMoveEvent))
            if dropped_graph_path(event) is not None:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = dropped_graph_path(event)
            if path is not None:
                event.acceptProposedAction()
                # after the drop returns: the drag source must not wait on a question
                QTimer.singleShot(0, lambda: self.open_path(path))
                return True
        return super().eventFilter(watched, event)
