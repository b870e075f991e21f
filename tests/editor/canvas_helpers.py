"""Driving the canvas as a user does: real mouse and wheel events on the view's viewport.

Why hand-built events: QTest's mouseMove carries no pressed buttons on every Qt
version, and a drag needs press → moves (buttons held) → release to reach the scene's
item-moving and wiring code the way a real mouse does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor.canvas import Canvas
from editor.view import GraphView
from engine import Graph

Left = Qt.MouseButton.LeftButton
NoButton = Qt.MouseButton.NoButton
NoModifier = Qt.KeyboardModifier.NoModifier


def _send(
    view: GraphView, kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton,
    buttons: Qt.MouseButton, modifiers: Qt.KeyboardModifier = NoModifier,
) -> None:
    viewport = view.viewport()
    global_pos = QPointF(viewport.mapToGlobal(pos.toPoint()))
    event = QMouseEvent(kind, pos, global_pos, button, buttons, modifiers)
    QApplication.sendEvent(viewport, event)


def press(view: GraphView, pos: QPointF, button: Qt.MouseButton = Left,
          modifiers: Qt.KeyboardModifier = NoModifier) -> None:
    _send(view, QEvent.Type.MouseButtonPress, pos, button, button, modifiers)


def release(view: GraphView, pos: QPointF, button: Qt.MouseButton = Left,
            modifiers: Qt.KeyboardModifier = NoModifier) -> None:
    _send(view, QEvent.Type.MouseButtonRelease, pos, button, NoButton, modifiers)


def move(view: GraphView, pos: QPointF, buttons: Qt.MouseButton = NoButton,
         modifiers: Qt.KeyboardModifier = NoModifier) -> None:
    _send(view, QEvent.Type.MouseMove, pos, NoButton, buttons, modifiers)


def click(view: GraphView, pos: QPointF, modifiers: Qt.KeyboardModifier = NoModifier) -> None:
    press(view, pos, Left, modifiers)
    release(view, pos, Left, modifiers)


def drag(
    view: GraphView, start: QPointF, end: QPointF, button: Qt.MouseButton = Left,
    modifiers: Qt.KeyboardModifier = NoModifier, steps: int = 6,
) -> None:
    """Press at ``start``, move in ``steps`` to ``end`` with the button held, release."""
    press(view, start, button, modifiers)
    for i in range(1, steps + 1):
        t = i / steps
        move(view, start + (end - start) * t, button, modifiers)
    release(view, end, button, modifiers)


def wheel(view: GraphView, pos: QPointF, notches: float) -> None:
    viewport = view.viewport()
    event = QWheelEvent(
        pos, QPointF(viewport.mapToGlobal(pos.toPoint())), QPoint(0, 0),
        QPoint(0, int(120 * notches)), NoButton, NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


# --- where things are on screen ------------------------------------------------------------------
def on_screen(canvas: Canvas, scene_pos: QPointF) -> QPointF:
    return canvas.view.to_view(scene_pos)


def output_port(canvas: Canvas, name: str, index: int = 0) -> QPointF:
    node = canvas.scene.node_named(name)
    assert node is not None, name
    return on_screen(canvas, node.out_ports[index].scene_center())


def input_port(canvas: Canvas, name: str, index: int) -> QPointF:
    node = canvas.scene.node_named(name)
    assert node is not None, name
    return on_screen(canvas, node.in_ports[index].scene_center())


def node_header(canvas: Canvas, name: str) -> QPointF:
    """A point on the node's header (where a user grabs it)."""
    node = canvas.scene.node_named(name)
    assert node is not None, name
    return on_screen(canvas, node.mapToScene(QPointF(40.0, 12.0)))


def empty_spot(canvas: Canvas) -> QPointF:
    """A viewport point with no item under it (bottom-left corner area)."""
    view = canvas.view
    for y in range(view.viewport().height() - 10, 0, -20):
        for x in range(10, view.viewport().width(), 20):
            p = QPointF(x, y)
            if not canvas.scene.items(view.to_scene(p)):
                return p
    raise AssertionError("no empty spot on the canvas")


# --- a canvas whose graph goes with the test ---------------------------------------------------
def forget_graph(canvas: Canvas, qtbot: QtBot) -> None:
    """Give ``canvas`` an empty graph, once nothing is left for the event loop to do with
    the old one (a zoom in progress, the idle job and the overview layer's sharpening of
    a large graph)."""
    canvas.view.zoom_picture.drop()
    scene = canvas.scene
    qtbot.waitUntil(lambda: not scene._idle_queued)
    if scene.layer is not None:  # (its item goes with the graph; its timer would not)
        scene.layer._sharpen.stop()
    canvas.set_graph(Graph(), None)


def canvas_forgetting_its_graph(qtbot: QtBot) -> Canvas:
    """The ``canvas`` fixture's canvas (shown at 1000×700, empty), whose graph is
    replaced by an empty one as the test ends, before its view is closed. Why: the
    canvas's own signal connections (closures over it, held by Qt) keep it alive to the
    end of the session, and with it its graph; after many tests with large graphs every
    later load of one would collect a heap grown by all of them."""
    canvas = Canvas()
    qtbot.addWidget(canvas.view, before_close_func=lambda view: forget_graph(canvas, qtbot))
    canvas.view.resize(1000, 700)
    canvas.view.show()
    qtbot.waitExposed(canvas.view)
    return canvas
