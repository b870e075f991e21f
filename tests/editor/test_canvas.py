"""The node canvas, driven with the mouse and wheel as a user drives it.

Each test reads like a specification: what the user does, what the canvas then
shows (labels, error states, positions) and what the engine graph then holds.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import engine
from editor.canvas import Canvas
from editor.node_item import ERROR, OK, WARNING, NodeItem
from editor.view import MAX_ZOOM
from engine import AttrError, CycleError, GraphEditError
from tests.editor.canvas_helpers import (
    click,
    drag,
    empty_spot,
    input_port,
    node_header,
    on_screen,
    output_port,
    wheel,
)

SEED = Path(__file__).resolve().parents[2] / "resources" / "examples" / "seed.json"


def seed_graph() -> tuple[engine.Graph, dict | None]:
    """The seed example: (5 + 6) * 7 in int32, as the app opens it at first start."""
    if SEED.is_file():
        return engine.load_graph(SEED)
    g = engine.Graph()
    with g.as_default():
        (engine.constant(5) + engine.constant(6)) * engine.constant(7)
    return g, None


def show_seed(canvas: Canvas) -> Canvas:
    """``canvas`` showing the seed example at 100 %, its nodes in view."""
    graph, editor = seed_graph()
    canvas.set_graph(graph, editor)
    canvas.view.set_view(QPointF(220.0, 0.0), 1.0)
    return canvas


@pytest.fixture
def seeded(canvas: Canvas) -> Canvas:
    return show_seed(canvas)


def inputs_of(canvas: Canvas, name: str) -> list[str | None]:
    op = canvas.graph.get_operation_by_name(name)
    return [None if t is None else t.name for t in op.inputs]


def node(canvas: Canvas, name: str) -> NodeItem:
    item = canvas.scene.node_named(name)
    assert item is not None, name
    return item


def float_const(canvas: Canvas, value: object, x: float, y: float) -> str:
    return canvas.add_node("Const", QPointF(x, y), {"value": value, "dtype": "float32"})


# --- reading the graph ---------------------------------------------------------------------------
def test_the_seed_example_shows_scalar_int32_between_add_and_mul(seeded: Canvas) -> None:
    edge = seeded.scene.edge_into("mul", 0)
    assert edge is not None
    assert (edge.src.op.name, edge.dst.op.name) == ("add", "mul")
    assert edge.label_text == "scalar int32"
    assert "add:0 → mul.x" in edge.toolTip()
    assert seeded.view.viewport().rect().contains(on_screen(seeded, edge.label_rect().center())
                                                  .toPoint())
    assert node(seeded, "Const").preview_text == "5"
    assert node(seeded, "add").title_text == "add"
    assert node(seeded, "add").type_text == "AddV2"


def test_the_tensor_name_toggle_prefixes_labels(seeded: Canvas) -> None:
    edge = seeded.scene.edge_into("mul", 0)
    seeded.show_tensor_names = True
    assert edge.full_label == "add:0 · scalar int32"
    assert edge.toolTip() == "add:0 → mul.x\nscalar int32"  # the full text, always
    seeded.show_tensor_names = False
    assert edge.label_text == "scalar int32"


def test_a_label_too_long_for_its_link_is_elided_until_there_is_room(seeded: Canvas) -> None:
    edge = seeded.scene.edge_into("mul", 0)
    seeded.show_tensor_names = True
    # add and mul are 88 units apart: the long label is cut, its start kept
    assert edge.label_text.endswith("…") and edge.label_text.startswith("add:0")
    assert seeded.view.to_view(edge.label_rect().topRight()).x() < seeded.view.to_view(
        node(seeded, "mul").in_ports[0].scene_center()).x()
    seeded.scene.set_node_position("mul", QPointF(640, 0))
    assert edge.label_text == "add:0 · scalar int32"


def test_a_node_tooltip_lists_outputs(seeded: Canvas) -> None:
    tip = node(seeded, "mul").toolTip()
    assert tip.splitlines()[0] == "mul (Mul)"
    assert "mul:0  scalar int32" in tip


# --- wiring with the mouse -----------------------------------------------------------------------
def test_wiring_two_consts_into_an_add_by_dragging(canvas: Canvas) -> None:
    a = float_const(canvas, [[1, 2, 3], [4, 5, 6]], 0, 0)
    b = float_const(canvas, [[6, 5, 4], [3, 2, 1]], 0, 160)
    add = canvas.add_node("AddV2", QPointF(320, 60))
    canvas.view.set_view(QPointF(250, 100), 1.0)
    assert node(canvas, add).state == WARNING  # unwired

    drag(canvas.view, output_port(canvas, a), input_port(canvas, add, 0))
    # the reverse direction works too: from the free input to an output
    drag(canvas.view, input_port(canvas, add, 1), output_port(canvas, b))

    assert inputs_of(canvas, add) == [f"{a}:0", f"{b}:0"]
    assert canvas.scene.edge_into(add, 0).label_text == "2×3 float32"
    assert canvas.scene.edge_into(add, 1).label_text == "2×3 float32"
    assert node(canvas, add).state == OK
    assert f"{add}:0  2×3 float32" in node(canvas, add).toolTip()
    assert canvas.undo_stack.count() == 5  # three adds, two connections


def test_a_shape_mismatch_marks_the_node_in_red_with_the_engine_message(
    canvas: Canvas, qtbot: QtBot
) -> None:
    a = float_const(canvas, [1, 2, 3], 0, 0)
    b = float_const(canvas, [1, 2, 3, 4], 0, 160)
    add = canvas.add_node("AddV2", QPointF(320, 60))
    canvas.connect(f"{a}:0", add, 0)
    canvas.connect(f"{b}:0", add, 1)
    canvas.view.set_view(QPointF(250, 100), 1.0)

    op = canvas.graph.get_operation_by_name(add)
    item = node(canvas, add)
    assert item.state == ERROR
    assert "Dimensions must be equal, but are 3 and 4" in (op.error or "")
    assert "Dimensions must be equal, but are 3 and 4 (input shapes: [3], [4])." in (
        item.toolTip())
    # drawn clearly: the node's outline is red on screen
    qtbot.wait(10)
    image = canvas.view.viewport().grab().toImage()
    body = item.body_rect()
    bottom_edge = on_screen(canvas, item.mapToScene(QPointF(body.width() / 2, body.height() - 1)))
    color = QColor(image.pixelColor(bottom_edge.toPoint()))
    assert color.red() > 180 and color.green() < 120, color.name()
    # what flows out of an invalid node is unknown
    mul = canvas.add_node("Neg", QPointF(600, 60))
    canvas.connect(f"{add}:0", mul, 0)
    assert canvas.scene.edge_into(mul, 0).label_text == "?"
    assert node(canvas, mul).state == WARNING


def test_dropping_on_an_occupied_input_replaces_its_link(seeded: Canvas) -> None:
    drag(seeded.view, output_port(seeded, "Const_2"), input_port(seeded, "add", 0))
    assert inputs_of(seeded, "add") == ["Const_2:0", "Const_1:0"]
    assert seeded.scene.edge_into("add", 0).src.op.name == "Const_2"
    assert seeded.undo_stack.count() == 1
    seeded.undo_stack.undo()
    assert inputs_of(seeded, "add") == ["Const:0", "Const_1:0"]
    assert seeded.scene.edge_into("add", 0).src.op.name == "Const"


def test_a_wire_that_would_make_a_cycle_is_refused(seeded: Canvas) -> None:
    messages: list[str] = []
    seeded.statusMessage.connect(messages.append)
    drag(seeded.view, output_port(seeded, "mul"), input_port(seeded, "add", 1))
    assert messages and "cycle" in messages[-1]
    assert inputs_of(seeded, "add") == ["Const:0", "Const_1:0"]
    assert seeded.undo_stack.count() == 0
    edge = seeded.scene.edge_into("add", 1)
    assert edge is not None and edge.isVisible() and edge.src.op.name == "Const_1"
    with pytest.raises(CycleError):
        seeded.connect("mul:0", "add", 0)
    assert seeded.undo_stack.count() == 0


def test_dragging_a_links_end_off_its_input_detaches_it(seeded: Canvas) -> None:
    drag(seeded.view, input_port(seeded, "mul", 0), empty_spot(seeded))
    assert inputs_of(seeded, "mul") == [None, "Const_2:0"]
    assert seeded.scene.edge_into("mul", 0) is None
    assert node(seeded, "mul").state == WARNING
    assert seeded.undo_stack.count() == 1
    seeded.undo_stack.undo()
    assert inputs_of(seeded, "mul") == ["add:0", "Const_2:0"]
    assert seeded.scene.edge_into("mul", 0).label_text == "scalar int32"


def test_dragging_a_links_end_to_another_input_moves_it_in_one_step(seeded: Canvas) -> None:
    drag(seeded.view, input_port(seeded, "mul", 1), input_port(seeded, "add", 0))
    assert inputs_of(seeded, "mul") == ["add:0", None]
    assert inputs_of(seeded, "add") == ["Const_2:0", "Const_1:0"]
    assert seeded.undo_stack.count() == 1
    seeded.undo_stack.undo()
    assert inputs_of(seeded, "mul") == ["add:0", "Const_2:0"]
    assert inputs_of(seeded, "add") == ["Const:0", "Const_1:0"]


def test_a_selected_link_is_deleted_with_the_selection(seeded: Canvas) -> None:
    edge = seeded.scene.edge_into("mul", 1)
    seeded.scene.clearSelection()
    click(seeded.view, on_screen(seeded, edge.label_rect().center()))
    assert edge.isSelected()
    seeded.delete_selection()
    assert inputs_of(seeded, "mul") == ["add:0", None]
    assert "Const_2" in seeded.graph
    seeded.undo_stack.undo()
    assert inputs_of(seeded, "mul") == ["add:0", "Const_2:0"]


# --- moving, selecting ---------------------------------------------------------------------------
def test_dragging_a_node_is_one_undo_command(seeded: Canvas) -> None:
    start = seeded.node_position("mul")
    grab = node_header(seeded, "mul")
    drag(seeded.view, grab, grab + QPointF(100, 50), steps=10)
    assert seeded.node_position("mul") == start + QPointF(100, 50)
    assert seeded.undo_stack.count() == 1
    assert seeded.undo_stack.undoText() == "Move mul"
    edge = seeded.scene.edge_into("mul", 0)
    assert edge.dst_point() == node(seeded, "mul").in_ports[0].scene_center()
    seeded.undo_stack.undo()
    assert seeded.node_position("mul") == start
    assert edge.dst_point() == node(seeded, "mul").in_ports[0].scene_center()


def test_rubber_band_and_ctrl_click_select(seeded: Canvas) -> None:
    view = seeded.view
    corner = view.viewport().rect()
    drag(view, QPointF(5, 5), QPointF(corner.width() - 5, corner.height() - 5))
    assert seeded.selected_op_names() == ["Const", "Const_1", "Const_2", "add", "mul"]
    click(view, node_header(seeded, "add"), Qt.KeyboardModifier.ControlModifier)
    assert seeded.selected_op_names() == ["Const", "Const_1", "Const_2", "mul"]
    click(view, node_header(seeded, "add"))
    assert seeded.selected_op_names() == ["add"]


def test_select_all_emits_once(seeded: Canvas) -> None:
    seen: list[int] = []
    seeded.selectionChanged.connect(lambda: seen.append(1))
    seeded.select_all()
    assert len(seen) == 1
    assert len(seeded.selected_op_names()) == 5


# --- deleting, renaming, attributes --------------------------------------------------------------
def test_deleting_a_node_and_undo_restores_name_attrs_links_and_position(seeded: Canvas) -> None:
    where = seeded.node_position("Const")
    click(seeded.view, node_header(seeded, "Const"))
    assert seeded.selected_op_names() == ["Const"]
    seeded.delete_selection()
    assert "Const" not in seeded.graph
    assert inputs_of(seeded, "add") == [None, "Const_1:0"]
    assert seeded.scene.edge_into("mul", 0).label_text == "?"

    seeded.undo_stack.undo()
    op = seeded.graph.get_operation_by_name("Const")
    assert int(op.attrs["value"]) == 5 and op.attrs["dtype"] is engine.int32
    assert inputs_of(seeded, "add") == ["Const:0", "Const_1:0"]
    assert seeded.node_position("Const") == where
    assert seeded.scene.edge_into("mul", 0).label_text == "scalar int32"
    seeded.undo_stack.redo()
    assert "Const" not in seeded.graph


def test_deleting_a_chain_middle_and_undo(seeded: Canvas) -> None:
    seeded.select_names(["add", "Const_1"])
    seeded.delete_selection()
    assert sorted(op.name for op in seeded.graph.get_operations()) == ["Const", "Const_2", "mul"]
    seeded.undo_stack.undo()
    assert inputs_of(seeded, "add") == ["Const:0", "Const_1:0"]
    assert inputs_of(seeded, "mul") == ["add:0", "Const_2:0"]
    assert len(seeded.scene.edges()) == 4


def test_rename_and_undo(seeded: Canvas) -> None:
    seeded.rename("add", "sum")
    assert node(seeded, "sum").title_text == "sum"
    seeded.show_tensor_names = True
    assert seeded.scene.edge_into("mul", 0).full_label == "sum:0 · scalar int32"
    seeded.undo_stack.undo()
    assert "add" in seeded.graph and "sum" not in seeded.graph
    assert seeded.scene.edge_into("mul", 0).full_label == "add:0 · scalar int32"
    with pytest.raises(GraphEditError):
        seeded.rename("add", "mul")
    with pytest.raises(GraphEditError):
        seeded.rename("add", "not a valid name!")
    assert seeded.undo_stack.index() == 0 and seeded.undo_stack.count() == 1


def test_invalid_attrs_raise_and_push_nothing(seeded: Canvas) -> None:
    with pytest.raises(AttrError):
        seeded.set_attrs("Const", {"dtype": "nonsense"})
    with pytest.raises(AttrError):
        seeded.set_attrs("Const", {"value": "abc"})
    assert seeded.undo_stack.count() == 0
    assert int(seeded.graph.get_operation_by_name("Const").attrs["value"]) == 5


def test_changing_a_value_updates_preview_and_labels_downstream(seeded: Canvas) -> None:
    changed: list[str] = []
    seeded.opChanged.connect(changed.append)
    seeded.set_attrs("Const", {"value": np.ones((2, 3), np.int32)})
    assert node(seeded, "Const").preview_text.startswith("[[1 1 1]")
    assert seeded.scene.edge_into("add", 0).label_text == "2×3 int32"
    assert seeded.scene.edge_into("mul", 0).label_text == "2×3 int32"
    assert {"Const", "add", "mul"} <= set(changed)
    seeded.undo_stack.undo()
    assert seeded.scene.edge_into("mul", 0).label_text == "scalar int32"


# --- clipboard -----------------------------------------------------------------------------------
def test_copy_and_paste_make_unique_names_and_keep_internal_links(seeded: Canvas) -> None:
    seeded.select_names(["Const", "Const_1", "add"])
    seeded.copy()
    names = seeded.paste()
    assert sorted(names) == ["Const_3", "Const_4", "add_1"]
    assert seeded.selected_op_names() == ["Const_3", "Const_4", "add_1"]
    assert inputs_of(seeded, "add_1") == ["Const_3:0", "Const_4:0"]
    assert seeded.scene.edge_into("add_1", 0).label_text == "scalar int32"
    # the copy keeps its layout (where it goes: tests/editor/test_placement.py)
    assert seeded.node_position("add_1") - seeded.node_position("Const_3") == (
        seeded.node_position("add") - seeded.node_position("Const"))
    assert seeded.undo_stack.count() == 1
    seeded.undo_stack.undo()
    assert "add_1" not in seeded.graph and len(seeded.graph) == 5
    seeded.undo_stack.redo()
    assert inputs_of(seeded, "add_1") == ["Const_3:0", "Const_4:0"]


def test_pasting_a_node_without_its_inputs_leaves_them_unwired(seeded: Canvas) -> None:
    seeded.select_names(["mul"])
    seeded.cut()
    assert "mul" not in seeded.graph
    names = seeded.paste(at=QPointF(600, 300))
    assert names == ["mul"]  # the name is free again after the cut
    assert inputs_of(seeded, "mul") == [None, None]
    assert seeded.node_position("mul") == QPointF(600, 300)


def test_paste_works_across_canvases(seeded: Canvas, qtbot: QtBot) -> None:
    other = Canvas()
    qtbot.addWidget(other.view)
    seeded.select_all()
    seeded.copy()
    assert sorted(other.paste()) == ["Const", "Const_1", "Const_2", "add", "mul"]
    assert other.scene.edge_into("mul", 0).label_text == "scalar int32"


def test_duplicate_leaves_the_clipboard_alone(seeded: Canvas) -> None:
    QGuiApplication.clipboard().setText("unrelated")
    seeded.select_names(["add"])
    assert seeded.duplicate_selection() == ["add_1"]
    assert QGuiApplication.clipboard().text() == "unrelated"
    assert seeded.paste() == []


# --- the view ------------------------------------------------------------------------------------
def test_wheel_zoom_keeps_the_point_under_the_cursor(seeded: Canvas) -> None:
    view = seeded.view
    cursor = QPointF(310.0, 220.0)
    before = view.to_scene(cursor)
    wheel(view, cursor, 2)
    assert view.zoom() == pytest.approx(1.44)
    after = view.to_scene(cursor)
    assert abs(after.x() - before.x()) * view.zoom() < 1.0
    assert abs(after.y() - before.y()) * view.zoom() < 1.0
    wheel(view, cursor, -3)
    assert view.zoom() == pytest.approx(1.44 / 1.2**3)
    wheel(view, cursor, 40)
    assert view.zoom() == MAX_ZOOM


def test_middle_button_drag_pans(seeded: Canvas) -> None:
    view = seeded.view
    before = view.center()
    drag(view, QPointF(400, 300), QPointF(300, 250), button=Qt.MouseButton.MiddleButton)
    after = view.center()
    assert after.x() == pytest.approx(before.x() + 100, abs=1)
    assert after.y() == pytest.approx(before.y() + 50, abs=1)
    assert seeded.undo_stack.count() == 0


def test_fit_all_shows_every_node(seeded: Canvas) -> None:
    seeded.view.set_zoom(3.0)
    seeded.fit_all()
    visible = seeded.view.to_scene(QPointF(0, 0)), seeded.view.to_scene(
        QPointF(seeded.view.viewport().rect().bottomRight()))
    for item in seeded.scene.nodes():
        rect = item.sceneBoundingRect()
        assert visible[0].x() <= rect.left() and rect.right() <= visible[1].x()
        assert visible[0].y() <= rect.top() and rect.bottom() <= visible[1].y()


# --- documents -----------------------------------------------------------------------------------
def test_a_graph_without_positions_is_laid_out_left_to_right(canvas: Canvas) -> None:
    graph, _ = seed_graph()
    canvas.set_graph(graph, None)
    x = {name: canvas.node_position(name).x() for name in ("Const", "add", "mul")}
    assert x["Const"] < x["add"] < x["mul"]


def test_editor_section_round_trips(seeded: Canvas) -> None:
    section = seeded.editor_section()
    assert section["nodes"]["mul"] == {"x": 440, "y": 0}
    assert section["view"]["zoom"] == 1.0
    assert section["view"]["center"] == pytest.approx([220, 0], abs=1)
    seeded.set_attrs("Const", {"value": 9})
    graph, _ = seed_graph()
    seeded.set_graph(graph, section)  # a new document clears the undo history
    assert seeded.undo_stack.count() == 0
    assert seeded.node_position("mul") == QPointF(440, 0)


def test_an_edit_at_the_top_of_a_2000_node_chain_updates_every_label(canvas: Canvas) -> None:
    graph = engine.Graph()
    top = graph.add_op("Const", attrs={"value": np.float32(1.0)})
    prev = top
    for _ in range(1999):
        prev = graph.add_op("Neg", inputs=[prev.outputs[0]])
    canvas.set_graph(graph, None)
    last = canvas.scene.edge_into(prev.name, 0)
    assert last.label_text == "scalar float32"

    started = time.perf_counter()
    canvas.set_attrs(top.name, {"value": np.zeros((2, 3), np.float32)})
    elapsed = time.perf_counter() - started
    assert last.label_text == "2×3 float32"
    assert all(e.label_text == "2×3 float32" for e in canvas.scene.edges())
    assert elapsed < 5.0
    # a string cannot be negated: the first Neg fails, everything below it says ?
    canvas.set_attrs(top.name, {"value": "x", "dtype": "string"})
    assert canvas.scene.edge_into("Neg", 0).label_text == "scalar string"
    assert last.label_text == "?"
    canvas.undo_stack.undo()
    assert last.label_text == "2×3 float32"


# --- more gestures -------------------------------------------------------------------------------
def test_space_drag_pans(seeded: Canvas, qtbot: QtBot) -> None:
    view = seeded.view
    view.setFocus()
    before = view.center()
    qtbot.keyPress(view, Qt.Key.Key_Space)
    drag(view, QPointF(400, 300), QPointF(350, 330))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    after = view.center()
    assert after.x() == pytest.approx(before.x() + 50, abs=1)
    assert after.y() == pytest.approx(before.y() - 30, abs=1)
    assert seeded.selected_op_names() == []  # no rubber band, no selection


def test_dropping_a_wire_on_a_node_body_picks_its_nearest_input(seeded: Canvas) -> None:
    neg = seeded.add_node("Neg", QPointF(640, 0))
    body = node(seeded, neg)
    target = on_screen(seeded, body.mapToScene(QPointF(body.body_rect().width() / 2, 40)))
    drag(seeded.view, output_port(seeded, "mul"), target)
    assert inputs_of(seeded, neg) == ["mul:0"]


def test_a_wire_dropped_on_nothing_changes_nothing(seeded: Canvas) -> None:
    drag(seeded.view, output_port(seeded, "mul"), empty_spot(seeded))
    assert seeded.undo_stack.count() == 0
    assert not [i for i in seeded.scene.items() if type(i).__name__ == "WireItem"]


def test_hovering_a_node_shows_its_tooltip(seeded: Canvas, qtbot: QtBot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    seeded.disconnect("add", 1)
    viewport = seeded.view.viewport()
    pos = node_header(seeded, "add").toPoint()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos,
                                                viewport.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text().startswith("add (AddV2)")
    assert "Input 'y' of 'add' (AddV2) is not connected." in QToolTip.text()
    QToolTip.hideText()


def test_zoom_to_selection_frames_the_selected_nodes(seeded: Canvas) -> None:
    seeded.select_names(["mul"])
    seeded.zoom_to_selection()
    assert seeded.view.zoom() == pytest.approx(1.5)
    center = node(seeded, "mul").sceneBoundingRect().center()
    assert seeded.view.center().x() == pytest.approx(center.x(), abs=2)


def test_painting_a_big_graph_visits_only_what_is_on_screen(
    canvas: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guards the paint path's scalability: Qt's item index must cull off-screen nodes
    (a mis-set scene rect once made every paint visit all 2,000 of them)."""
    calls = [0]
    original = NodeItem.boundingRect

    def counting(self: NodeItem) -> QRectF:
        calls[0] += 1
        return original(self)

    monkeypatch.setattr(NodeItem, "boundingRect", counting)
    graph = engine.Graph()
    prev = graph.add_op("Const", attrs={"value": np.float32(1.0)})
    for _ in range(1999):
        prev = graph.add_op("Neg", inputs=[prev.outputs[0]])
    canvas.set_graph(graph, None)
    canvas.view.set_zoom(1.0)
    canvas.center_on("Neg_1000")
    QApplication.processEvents()
    canvas.view.viewport().repaint()
    calls[0] = 0
    canvas.view.viewport().repaint()
    assert 0 < calls[0] < 200


def test_far_zoomed_out_nodes_become_plain_rectangles_and_come_back(seeded: Canvas) -> None:
    item = node(seeded, "add")
    seeded.view.set_zoom(0.1)
    assert item.in_overview
    seeded.disconnect("add", 0)  # its state changes while it is a rectangle
    seeded.select_names(["add"])
    assert item.isSelected()
    seeded.view.set_zoom(1.0)
    assert not item.in_overview and item.state == WARNING
    assert seeded.scene.edge_into("mul", 0).label_text == "?"


def test_a_view_that_showed_every_node_in_a_larger_window_is_fitted_in_a_small_one(
    seeded: Canvas, qtbot: QtBot,
) -> None:
    seeded.fit_all()
    section = seeded.editor_section()  # saved in the 1000×700 canvas, every node in view
    assert section["view"]["shows_all"] is True
    small = Canvas()
    qtbot.addWidget(small.view)
    small.view.resize(300, 200)
    small.view.show()
    qtbot.waitExposed(small.view)
    graph, _ = seed_graph()
    small.set_graph(graph, section)
    shown = small.view.mapToScene(small.view.viewport().rect()).boundingRect()
    assert shown.contains(small.scene.content_rect())


def test_a_stored_view_that_shows_every_node_is_kept(canvas: Canvas) -> None:
    graph, _ = seed_graph()
    canvas.set_graph(graph, {"view": {"center": [250, 30], "zoom": 0.9}})
    assert canvas.editor_section()["view"]["zoom"] == pytest.approx(0.9)
    assert canvas.editor_section()["view"]["center"] == pytest.approx([250, 30], abs=1)
