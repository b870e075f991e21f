"""Dropping palette entries onto the canvas, and where a node added without a position goes.

Why an event filter on the view's viewport instead of ``dropEvent`` overrides: the view
belongs to the canvas core; the palette only needs "this op type, dropped here". The filter
takes drags that carry ``OP_MIME`` and leaves every other drag (files, for instance) to the
view and the window.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QGraphicsView

from editor.palette import OP_MIME


class CanvasFacade(Protocol):
    """What the palette, search popup and inspector use of ``editor.canvas.Canvas``."""

    view: QGraphicsView

    def add_node(
        self, op_type: str, scene_pos: QPointF, attrs: Any = None, name: Any = None,
        find_room: bool = False,
    ) -> str: ...

    def select_names(self, names: Any) -> None: ...


def add_and_select(canvas: CanvasFacade, op_type: str, scene_pos: QPointF) -> str:
    """Add a node and make it the selection, so the inspector shows it at once."""
    name = canvas.add_node(op_type, scene_pos)
    canvas.select_names([name])
    return name


def op_type_of(event: QDropEvent | QDragMoveEvent | QDragEnterEvent) -> str | None:
    mime = event.mimeData()
    if mime is None or not mime.hasFormat(OP_MIME):
        return None
    text = bytes(mime.data(OP_MIME).data()).decode("utf-8", "replace").strip()
    return text or None


def view_centre(view: QGraphicsView) -> QPointF:
    """The scene point at the middle of what the view shows."""
    return view.mapToScene(view.viewport().rect().center())


def add_node_at_centre(canvas: CanvasFacade, op_type: str) -> str:
    """The palette's double-click: a new node at the middle of the view, or the nearest
    spot from there where it covers no node (one after another do not pile up)."""
    name = canvas.add_node(op_type, view_centre(canvas.view), find_room=True)
    canvas.select_names([name])
    return name


class OpDropFilter(QObject):
    """Accepts ``OP_MIME`` drags on the canvas viewport; a drop adds the node there."""

    def __init__(self, canvas: CanvasFacade) -> None:
        super().__init__(canvas.view)
        self.canvas = canvas
        viewport = canvas.view.viewport()
        viewport.setAcceptDrops(True)
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, (QDragEnterEvent, QDragMoveEvent))
            if op_type_of(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            op_type = op_type_of(event)
            if op_type:
                self.drop(op_type, event.position())
                event.acceptProposedAction()
                return True
        return super().eventFilter(watched, event)

    def drop(self, op_type: str, viewport_pos: QPointF) -> str:
        """Add ``op_type`` where the viewport point ``viewport_pos`` shows the scene."""
        scene_pos = self.canvas.view.mapToScene(viewport_pos.toPoint())
        return add_and_select(self.canvas, op_type, scene_pos)
