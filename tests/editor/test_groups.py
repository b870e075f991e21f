"""Name scopes as groups on the canvas: collapsing, expanding, the saved state,
Group and Ungroup with undo."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import engine
from editor.canvas import Canvas
from editor.canvas_groups import group_selection, ungroup_selection
from editor.group_items import GroupBox
from tests.editor.canvas_helpers import Left, move, on_screen, press, release
from tests.editor.scoped_graphs import layered_model


def _visible_nodes(canvas: Canvas) -> set[str]:
    return {n.op.name for n in canvas.scene.nodes() if n.isVisible()}


def _double_click(canvas: Canvas, pos: QPointF) -> None:
    viewport = canvas.view.viewport()
    global_pos = QPointF(viewport.mapToGlobal(pos.toPoint()))
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                 QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease):
        buttons = Left if kind in (QEvent.Type.MouseButtonPress,
                                   QEvent.Type.MouseButtonDblClick) else Qt.MouseButton.NoButton
        QApplication.sendEvent(viewport, QMouseEvent(kind, pos, global_pos, Left, buttons,
                                                     Qt.KeyboardModifier.NoModifier))


def test_a_generated_graph_opens_with_its_top_level_scopes_collapsed(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    assert canvas.groups.collapsed == {"layer0", "layer1", "layer2", "loss"}
    assert _visible_nodes(canvas) == {"x"}
    assert sorted(canvas.groups.boxes) == ["layer0", "layer1", "layer2", "loss"]


def test_a_collapsed_group_shows_its_op_count(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    assert canvas.groups.boxes["layer1"].count == 3
    assert canvas.groups.boxes["loss"].count == 2


def test_links_between_collapsed_groups_are_labelled_like_edges(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    link = canvas.groups.links[(("group", "layer0"), ("group", "layer1"))]
    assert link.label == "?×4 float32"
    assert link.tensors == ["layer0/Tanh:0"]


def test_a_link_carrying_several_tensors_counts_them(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.groups.set_all([])
    group_selection_of(canvas, ["layer0/w", "x"], "inputs")
    link = canvas.groups.links[(("group", "inputs"), ("node", "layer0/MatMul"))]
    assert link.label == "2 tensors"


def group_selection_of(canvas: Canvas, names: list[str], scope: str) -> str | None:
    canvas.select_names(names)
    return group_selection(canvas, scope)


def test_double_click_on_a_box_expands_it_in_place(canvas: Canvas, qtbot: QtBot) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.fit_all()
    box = canvas.groups.boxes["layer1"]
    _double_click(canvas, on_screen(canvas, box.mapToScene(QPointF(30.0, 12.0))))
    assert "layer1" not in canvas.groups.collapsed
    assert {"layer1/w", "layer1/MatMul", "layer1/Tanh"} <= _visible_nodes(canvas)
    assert "layer1" in canvas.groups.frames


def test_an_expanded_group_never_covers_other_nodes(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.groups.toggle("layer1")
    frame = canvas.groups.frames["layer1"].rect()
    for item in [*canvas.groups.boxes.values()]:
        assert not frame.intersects(item.sceneBoundingRect()), item.scope
    assert canvas.undo_stack.text(canvas.undo_stack.count() - 1) == "Make room for layer1"


def test_double_click_on_a_frame_header_collapses_it(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.groups.toggle("layer1")
    canvas.groups.refresh()
    canvas.fit_all()
    header = canvas.groups.frames["layer1"].header_rect()
    _double_click(canvas, on_screen(canvas, header.topLeft() + QPointF(60.0, 10.0)))
    assert "layer1" in canvas.groups.collapsed
    assert "layer1/MatMul" not in _visible_nodes(canvas)


def test_nested_scopes_nest(canvas: Canvas) -> None:
    g = layered_model(1)
    engine.move_to_scope(g, [g.get_operation_by_name("layer0/MatMul")], "inner")
    canvas.set_graph(g, {"groups": {"collapsed": ["layer0/inner"]}})
    assert set(canvas.groups.boxes) == {"layer0/inner"}
    assert {"layer0", "loss"} <= set(canvas.groups.frames)
    inner = canvas.groups.boxes["layer0/inner"].sceneBoundingRect()
    assert canvas.groups.frames["layer0"].rect().contains(inner)


def test_the_collapse_state_is_saved_in_the_editor_section(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.groups.toggle("layer2")
    assert canvas.editor_section()["groups"] == {"collapsed": ["layer0", "layer1", "loss"]}


def test_a_saved_collapse_state_is_restored_on_open(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    section = canvas.editor_section()
    section["groups"] = {"collapsed": ["loss"]}
    canvas.set_graph(layered_model(), section)
    assert canvas.groups.collapsed == {"loss"}
    assert "layer0/MatMul" in _visible_nodes(canvas)


def test_ctrl_g_groups_the_selection_into_a_collapsed_scope(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    scope = group_selection_of(canvas, ["layer0/MatMul", "layer0/Tanh"], "block")
    assert scope == "layer0/block"
    assert "layer0/block/MatMul" in canvas.graph and "layer0/MatMul" not in canvas.graph
    assert canvas.groups.boxes["layer0/block"].isSelected()
    assert canvas.undo_stack.count() == 1


def test_undo_of_group_restores_the_names(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    group_selection_of(canvas, ["layer0/MatMul", "layer0/Tanh"], "block")
    canvas.undo_stack.undo()
    canvas.groups.refresh()
    assert "layer0/MatMul" in canvas.graph and "layer0/block/MatMul" not in canvas.graph
    assert "layer0/block" not in canvas.groups.boxes


def test_ungroup_takes_the_ops_out_in_one_undo_step(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.scene.clearSelection()
    canvas.groups.boxes["layer1"].setSelected(True)
    assert ungroup_selection(canvas) == "layer1"
    assert {"w", "MatMul", "Tanh"} <= {op.name for op in canvas.graph.get_operations()}
    assert sorted(canvas.selected_op_names()) == ["MatMul", "Tanh", "w"]
    canvas.undo_stack.undo()
    assert "layer1/MatMul" in canvas.graph


def test_a_selected_group_selects_its_ops_for_delete(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.scene.clearSelection()
    canvas.groups.boxes["loss"].setSelected(True)
    canvas.delete_selection()
    names = [op.name for op in canvas.graph.get_operations()]
    assert not [n for n in names if n.startswith("loss/")]
    canvas.undo_stack.undo()
    assert "loss/Sum" in canvas.graph


def test_dragging_a_collapsed_group_moves_its_members(canvas: Canvas, qtbot: QtBot) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.fit_all()
    box = canvas.groups.boxes["loss"]
    before = canvas.node_position("loss/Sum")
    start = on_screen(canvas, box.mapToScene(QPointF(30.0, 12.0)))
    end = start + QPointF(0.0, 80.0)
    press(canvas.view, start)
    for i in range(1, 5):
        move(canvas.view, start + (end - start) * (i / 4), Left)
    release(canvas.view, end)
    qtbot.waitUntil(lambda: canvas.node_position("loss/Sum") != before)
    assert canvas.node_position("loss/Sum").y() > before.y()
    assert abs(canvas.node_position("loss/Sum").x() - before.x()) < 1e-6


def test_a_group_box_is_never_drawn_as_a_node(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    assert all(isinstance(b, GroupBox) for b in canvas.groups.boxes.values())
    assert not canvas.scene.node_named("layer0/w").isVisible()


def test_a_link_moved_while_hidden_follows_its_nodes_when_shown(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.groups.set_all([])
    canvas.auto_layout()
    canvas.groups.set_all(["layer1"])
    canvas.scene.set_node_positions({"layer1/Tanh": QPointF(5000.0, 5000.0)})
    canvas.groups.set_all([])
    edge = canvas.scene.edge_into("layer1/Tanh", 0)
    assert edge is not None and edge.isVisible()
    assert edge.dst_point() == edge._path.currentPosition()


def test_a_copied_group_is_pasted_as_a_group_of_its_own(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.scene.clearSelection()
    canvas.groups.boxes["loss"].setSelected(True)
    doc = canvas._selection_document()
    assert doc is not None
    names = canvas._paste_document(doc, None, "Paste")
    assert sorted(names) == ["loss_1/Const", "loss_1/Sum"]
    canvas.groups.refresh()
    assert "loss_1" in canvas.groups.tree


def test_a_cut_group_is_pasted_back_under_its_own_name(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.scene.clearSelection()
    canvas.groups.boxes["loss"].setSelected(True)
    doc = canvas._selection_document()
    assert doc is not None
    canvas.delete_selection()
    names = canvas._paste_document(doc, None, "Paste")
    assert sorted(names) == ["loss/Const", "loss/Sum"]


def test_a_click_on_a_box_chevron_expands_it(canvas: Canvas) -> None:
    from tests.editor.canvas_helpers import click

    canvas.set_graph(layered_model(), None)
    canvas.fit_all()
    box = canvas.groups.boxes["layer2"]
    click(canvas.view, on_screen(canvas, box.mapToScene(QPointF(10.0, 12.0))))
    assert "layer2" not in canvas.groups.collapsed


def test_a_click_on_a_frame_chevron_collapses_it(canvas: Canvas) -> None:
    from tests.editor.canvas_helpers import click

    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    canvas.fit_all()
    head = canvas.groups.frames["layer2"].header_rect()
    click(canvas.view, on_screen(canvas, head.topLeft() + QPointF(10.0, 12.0)))
    assert "layer2" in canvas.groups.collapsed


def test_a_click_on_a_frame_header_selects_its_members(canvas: Canvas) -> None:
    from tests.editor.canvas_helpers import click

    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    canvas.fit_all()
    head = canvas.groups.frames["layer2"].header_rect()
    click(canvas.view, on_screen(canvas, head.topLeft() + QPointF(80.0, 12.0)))
    assert canvas.selected_op_names() == ["layer2/w", "layer2/MatMul", "layer2/Tanh"]


def test_a_double_click_on_a_chevron_toggles_once(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    canvas.fit_all()
    box = canvas.groups.boxes["layer2"]
    _double_click(canvas, on_screen(canvas, box.mapToScene(QPointF(10.0, 12.0))))
    assert "layer2" not in canvas.groups.collapsed


def test_the_collapse_state_survives_a_save_and_a_load(canvas: Canvas, tmp_path) -> None:  # noqa: ANN001
    canvas.set_graph(layered_model(), None)
    canvas.groups.toggle("layer0")
    path = tmp_path / "model.json"
    engine.save_graph(path, canvas.graph, canvas.editor_section())
    graph, editor = engine.load_graph(path)
    canvas.set_graph(graph, editor)
    assert canvas.groups.collapsed == {"layer1", "layer2", "loss"}
    assert "layer0/MatMul" in _visible_nodes(canvas)
