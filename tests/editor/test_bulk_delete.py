"""A Delete of many nodes and its undo: the items are parked, not rebuilt."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import engine
from editor.canvas import Canvas
from editor.node_item import NodeItem
from tests.editor.scoped_graphs import layered_model


def _chain(n: int) -> engine.Graph:
    g = engine.Graph()
    prev = g.add_op("Const", name="c", attrs={"value": np.zeros((2, 3), np.float32)})
    for i in range(n):
        prev = g.add_op("Neg", name=f"n{i}", inputs=[prev.outputs[0]])
    return g


def _delete(canvas: Canvas, names: list[str]) -> None:
    canvas.select_names(names)
    canvas.delete_selection()


def test_undo_of_a_delete_shows_the_same_node_items_bound_to_the_new_ops(
        canvas: Canvas) -> None:
    canvas.set_graph(_chain(5), None)
    before = {n: canvas.scene.node_named(n) for n in ("n1", "n2")}
    _delete(canvas, ["n1", "n2"])
    canvas.undo_stack.undo()
    for name, item in before.items():
        assert canvas.scene.node_named(name) is item
        assert item.op is canvas.graph.get_operation_by_name(name)
        assert item.isVisible()


def test_undo_of_a_delete_restores_links_labels_and_ports(canvas: Canvas) -> None:
    canvas.set_graph(_chain(5), None)
    _delete(canvas, ["n1", "n2"])
    assert canvas.scene.edge_into("n3", 0) is None
    assert not canvas.scene.node_named("n3").in_ports[0].connected
    canvas.undo_stack.undo()
    edge = canvas.scene.edge_into("n3", 0)
    assert edge is not None and edge.isVisible()
    assert edge.tensor is canvas.graph.get_tensor_by_name("n2:0")
    assert edge.label_text == "2×3 float32"
    assert canvas.scene.node_named("n3").in_ports[0].connected
    assert canvas.scene.node_named("n1").in_ports[0].connected


def test_a_deleted_node_is_no_longer_found_on_the_canvas(canvas: Canvas) -> None:
    canvas.set_graph(_chain(3), None)
    node = canvas.scene.node_named("n1")
    where = node.sceneBoundingRect().center()
    _delete(canvas, ["n1"])
    assert not node.isVisible()
    assert not canvas.scene.holds(node)
    assert not [i for i in canvas.scene.items(where) if isinstance(i, NodeItem)]
    assert canvas.selected_op_names() == []


def test_a_later_delete_removes_the_earlier_ones_items_from_the_scene(
        canvas: Canvas, qtbot: QtBot) -> None:
    canvas.set_graph(_chain(4), None)
    first = canvas.scene.node_named("n0")
    _delete(canvas, ["n0"])
    _delete(canvas, ["n2"])
    qtbot.waitUntil(lambda: first.scene() is None)
    assert canvas.scene.node_named("n2") is None and len(canvas.scene.parked) > 0


def test_undo_of_an_older_delete_builds_new_items(canvas: Canvas, qtbot: QtBot) -> None:
    canvas.set_graph(_chain(4), None)
    first = canvas.scene.node_named("n0")
    _delete(canvas, ["n0"])
    _delete(canvas, ["n2"])
    canvas.undo_stack.undo()
    canvas.undo_stack.undo()
    QApplication.processEvents()
    node = canvas.scene.node_named("n0")
    assert node is not None and node is not first and node.isVisible()
    assert canvas.scene.edge_into("n1", 0) is not None


def test_a_deleted_member_of_a_collapsed_group_stays_hidden(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    member = canvas.scene.node_named("layer1/Tanh")
    canvas.scene.clearSelection()
    canvas.groups.boxes["layer1"].setSelected(True)
    canvas.delete_selection()
    canvas.groups.refresh()
    assert not member.isVisible()
    canvas.undo_stack.undo()
    canvas.groups.refresh()
    assert canvas.scene.node_named("layer1/Tanh") is member
    assert not member.isVisible()  # its group is still collapsed


def test_a_pasted_op_under_a_deleted_ops_name_gets_an_item_of_its_own(
        canvas: Canvas) -> None:
    canvas.set_graph(_chain(2), None)
    old = canvas.scene.node_named("n1")
    canvas.select_names(["n1"])
    doc = canvas._selection_document()
    assert doc is not None
    canvas.delete_selection()
    canvas._paste_document(doc, None, "Paste")
    node = canvas.scene.node_named("n1")
    assert node is not None and node is not old and node.isVisible()


def test_undo_of_a_delete_leaves_no_label_stale_that_did_not_change(canvas: Canvas) -> None:
    canvas.set_graph(_chain(5), None)
    _delete(canvas, ["n1", "n2"])
    canvas.undo_stack.undo()
    assert not canvas.scene.edge_into("n2", 0).label_stale
    assert not canvas.scene.upkeep.stale_edges

