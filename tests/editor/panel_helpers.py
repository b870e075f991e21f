"""Shared set-up for the palette, search popup and inspector tests: a real canvas, shown."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from editor.canvas import Canvas


def make_canvas(qtbot: QtBot) -> Canvas:
    """A canvas whose view is shown at a fixed size, so positions are predictable."""
    canvas = Canvas()
    view = canvas.view
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    return canvas


def select(canvas: Canvas, *names: str) -> None:
    """Select exactly ``names`` on the canvas, as clicking the nodes does."""
    for name in names:
        assert canvas.scene.node_named(name) is not None, name
    canvas.select_names(names)


def add(canvas: Canvas, op_type: str, x: float = 0.0, y: float = 0.0, **kw: object) -> str:
    return canvas.add_node(op_type, QPointF(x, y), **kw)


def host(widget: QWidget, qtbot: QtBot) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(320, 600)
    widget.show()
    return widget
