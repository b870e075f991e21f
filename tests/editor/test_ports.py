"""Ports are drawn and hit-tested by their node: hover, hit areas, tooltips, wiring."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from editor.canvas import Canvas
from editor.node_item import NodeItem
from editor.wiring import port_at
from tests.editor.canvas_helpers import drag, input_port, move, on_screen, output_port
from tests.editor.test_canvas import show_seed


def _node(canvas: Canvas, name: str) -> NodeItem:
    node = canvas.scene.node_named(name)
    assert node is not None
    return node


def test_a_node_at_a_readable_zoom_has_no_child_items(canvas: Canvas) -> None:
    show_seed(canvas)
    nodes = canvas.scene.nodes()
    assert len(nodes) == 5 and all(node.childItems() == [] for node in nodes)


def test_a_point_on_the_outer_half_of_a_dot_finds_its_port(canvas: Canvas) -> None:
    show_seed(canvas)
    add = _node(canvas, "add")
    outside = add.in_ports[1].scene_center() - QPointF(6.0, 0.0)  # left of the body
    assert port_at(canvas.scene, outside) is add.in_ports[1]


def test_a_point_inside_the_body_away_from_ports_finds_none(canvas: Canvas) -> None:
    show_seed(canvas)
    add = _node(canvas, "add")
    assert port_at(canvas.scene, add.mapToScene(QPointF(add.body_rect().width() / 2,
                                                        12.0))) is None


def test_moving_the_mouse_over_a_port_makes_it_hot_and_off_it_cold(canvas: Canvas) -> None:
    show_seed(canvas)
    port = _node(canvas, "mul").in_ports[0]
    move(canvas.view, input_port(canvas, "mul", 0) + QPointF(1.0, 0.0))
    assert port.hot
    move(canvas.view, on_screen(canvas, _node(canvas, "mul").mapToScene(QPointF(60.0, 12.0))))
    assert not port.hot


def test_a_ports_tooltip_says_what_it_carries(canvas: Canvas, qtbot: QtBot) -> None:
    show_seed(canvas)
    viewport = canvas.view.viewport()
    pos = input_port(canvas, "mul", 0).toPoint()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos,
                                                viewport.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text().startswith("mul.x \u2190 add:0")
    QToolTip.hideText()


def test_a_wire_dragged_from_an_output_to_an_input_connects_them(canvas: Canvas) -> None:
    show_seed(canvas)
    canvas.disconnect("mul", 0)
    drag(canvas.view, output_port(canvas, "add"), input_port(canvas, "mul", 0))
    op = canvas.graph.get_operation_by_name("mul")
    assert op.inputs[0] is not None and op.inputs[0].name == "add:0"
