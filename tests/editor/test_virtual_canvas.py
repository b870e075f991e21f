"""A graph above the item budget has items only near the viewport: the rest are rows of
the node store, painted by the overview layer, selected, deleted and restored as data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF

from benchmarks.editor_scale import build_chain, build_dag
from editor import scene_virtual, style
from editor.canvas import Canvas
from editor.image_export import ImageOptions, save_svg
from editor.node_geometry import node_size
from engine import Graph
from tests.editor.canvas_helpers import click, drag, move, node_header, on_screen

N = scene_virtual.BUDGET + 500


def _paint(canvas: Canvas) -> None:
    canvas.view.viewport().repaint()


def _open_at_fit(canvas: Canvas, build: Callable[[int], Graph]) -> None:
    """Open a graph of ``N`` ops built by ``build`` and fit it in (overview zoom)."""
    canvas.set_graph(build(N), None)
    canvas.fit_all()
    _paint(canvas)


def _a_node_in_view(canvas: Canvas) -> tuple[str, QRectF]:
    """An op in the middle of what the view shows, and its node's rectangle."""
    store = canvas.scene.store
    assert store is not None
    shown = canvas.view.shown_rect()
    middle = shown.adjusted(shown.width() / 3, shown.height() / 3, -shown.width() / 3,
                            -shown.height() / 3)
    rows = store.in_rect(middle)
    assert len(rows)
    name = store.names[int(rows[0])]
    rect = store.rect(name)
    assert rect is not None
    return name, rect


def _at_100_on(canvas: Canvas, name: str) -> None:
    canvas.view.set_zoom(1.0)
    canvas.center_on(name)
    _paint(canvas)


def test_a_graph_within_the_budget_has_every_item(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(300), None)
    _paint(canvas)
    assert not canvas.scene.virtual
    assert len(canvas.scene.nodes()) == 300 and len(canvas.scene.edges()) == 299


def test_a_large_graph_has_items_only_near_the_viewport(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(N), None)
    top = canvas.graph.get_operations()[0].name
    _at_100_on(canvas, top)
    names = {node.op.name for node in canvas.scene.nodes()}
    assert canvas.scene.virtual
    assert top in names
    assert 0 < len(names) < 100
    far = canvas.graph.get_operations()[-1].name
    assert far not in names


def test_at_fit_zoom_no_node_has_an_item(canvas: Canvas) -> None:
    _open_at_fit(canvas, build_chain)
    assert canvas.view.zoom() < style.OVERVIEW_LOD
    assert canvas.scene.nodes() == [] and canvas.scene.edges() == []


def test_items_appear_when_scrolled_to_and_far_ones_go(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(N), None)
    ops = canvas.graph.get_operations()
    _at_100_on(canvas, ops[0].name)
    _at_100_on(canvas, ops[-1].name)
    names = {node.op.name for node in canvas.scene.nodes()}
    assert ops[-1].name in names and ops[0].name not in names


def test_an_item_made_after_an_edit_off_screen_shows_the_new_label(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(N), None)
    ops = canvas.graph.get_operations()
    _at_100_on(canvas, ops[0].name)
    canvas.set_attrs(ops[0].name, {"value": np.zeros((2, 3), np.float32)})
    _at_100_on(canvas, ops[-1].name)
    edge = canvas.scene.edge_into(ops[-1].name, 0)
    assert edge is not None and edge.label_text == "2×3 float32"


def test_node_named_makes_the_item_where_the_row_is(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(N), {"nodes": {"Neg_1500": {"x": 123.0, "y": 456.0}}})
    canvas.fit_all()
    _paint(canvas)
    node = canvas.scene.node_named("Neg_1500")
    assert node is not None and node.pos() == QPointF(123.0, 456.0)


def test_select_all_selects_every_op_without_items(canvas: Canvas) -> None:
    _open_at_fit(canvas, build_dag)
    canvas.select_all()
    assert len(canvas.selected_op_names()) == N
    assert canvas.scene.selected_nodes() == []


def test_delete_and_undo_of_everything_round_trip_names_positions_and_graph(
        canvas: Canvas) -> None:
    _open_at_fit(canvas, build_dag)
    before = {op.name: (op.type, [t.name for t in op.inputs if t is not None])
              for op in canvas.graph.get_operations()}
    positions = {name: canvas.node_position(name) for name in before}
    canvas.select_all()
    canvas.delete_selection()
    assert len(canvas.graph) == 0 and len(canvas.scene.store) == 0
    canvas.undo_stack.undo()
    after = {op.name: (op.type, [t.name for t in op.inputs if t is not None])
             for op in canvas.graph.get_operations()}
    assert after == before
    assert {name: canvas.node_position(name) for name in before} == positions


def test_clicking_a_node_at_overview_zoom_selects_it(canvas: Canvas) -> None:
    _open_at_fit(canvas, build_chain)
    name, rect = _a_node_in_view(canvas)
    click(canvas.view, on_screen(canvas, rect.center()))
    assert canvas.selected_op_names() == [name]


def test_clicking_empty_canvas_at_overview_zoom_clears_a_rows_selection(
        canvas: Canvas) -> None:
    _open_at_fit(canvas, build_chain)
    canvas.select_all()
    content = canvas.items_rect()
    click(canvas.view, on_screen(canvas, content.bottomRight() + QPointF(200.0, 200.0)))
    assert canvas.selected_op_names() == []


def test_a_rubber_band_at_overview_zoom_selects_the_nodes_it_meets(canvas: Canvas) -> None:
    _open_at_fit(canvas, build_dag)
    content = canvas.items_rect()
    start = on_screen(canvas, content.topLeft() - QPointF(50.0, 50.0)).toPoint()
    end = on_screen(canvas, QPointF(content.center().x(), content.bottom() + 50.0)).toPoint()
    drag(canvas.view, QPointF(start), QPointF(end))
    band = QRectF(canvas.view.to_scene(QPointF(start)), canvas.view.to_scene(QPointF(end)))
    store = canvas.scene.store
    assert store is not None
    expected = {store.names[i] for i in store.in_rect(band).tolist()}
    assert expected and set(canvas.selected_op_names()) == expected


def test_an_image_of_a_large_graph_draws_every_node(canvas: Canvas, tmp_path: Path) -> None:
    _open_at_fit(canvas, build_chain)
    path = tmp_path / "all.svg"
    save_svg(canvas.scene, path, ImageOptions())
    texts = {t.text for t in ET.parse(path).iter() if t.tag.endswith("text") and t.text}
    assert {op.name for op in canvas.graph.get_operations()} <= texts
    assert canvas.scene.nodes() == []  # the items made for the picture are gone again


def test_moving_a_node_moves_its_row_and_undo_puts_it_back(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(N), None)
    _at_100_on(canvas, "Neg_10")
    old = canvas.node_position("Neg_10")
    canvas.select_names(["Neg_10"])
    canvas.nudge_selection(QPointF(20.0, 0.0))
    canvas.fit_all()
    _paint(canvas)
    assert canvas.scene.store is not None
    assert canvas.scene.store.pos("Neg_10") == old + QPointF(20.0, 0.0)
    canvas.undo_stack.undo()
    assert canvas.node_position("Neg_10") == old


def test_the_overview_paints_nodes_without_items(canvas: Canvas) -> None:
    _open_at_fit(canvas, build_chain)
    name, rect = _a_node_in_view(canvas)
    image = canvas.view.grab().toImage()
    spot = on_screen(canvas, rect.center()).toPoint()
    assert canvas.scene.nodes() == []
    assert image.pixelColor(spot) == style.category_color(
        canvas.graph.get_operation_by_name(name).op_def.category)


def test_a_run_state_off_screen_makes_no_item_and_shows_when_scrolled_to(
        canvas: Canvas) -> None:
    canvas.set_graph(build_chain(N), None)
    ops = canvas.graph.get_operations()
    _at_100_on(canvas, ops[0].name)
    last = ops[-1].name
    canvas.set_run_state(last, "done", "0.12 ms")
    canvas.set_result_preview(last, "1.0")
    assert last not in {node.op.name for node in canvas.scene.nodes()}
    store = canvas.scene.store
    assert store is not None
    rect = store.rect(last)
    base = node_size(canvas.graph.get_operation_by_name(last))
    assert rect is not None and rect.height() == base[1] + style.RUN_ROW_HEIGHT
    _at_100_on(canvas, last)
    node = canvas.scene.node_named(last)
    assert node is not None and node.run_state == "done" and node.result_text == "1.0"
    assert node.body_rect().size() == rect.size()


def test_auto_layout_of_a_large_graph_moves_rows_and_makes_no_items(canvas: Canvas) -> None:
    from benchmarks.editor_scale import layout_until_applied

    _open_at_fit(canvas, build_dag)
    store = canvas.scene.store
    assert store is not None
    store.xy[: len(store.names)] = 0.0  # everything on one spot: the layout must spread it
    layout_until_applied(canvas)
    assert canvas.scene.nodes() == []
    assert len({(p.x(), p.y()) for p in map(canvas.node_position, store.names)}) == N


def test_find_selects_matches_without_making_their_items(canvas: Canvas) -> None:
    _open_at_fit(canvas, build_chain)
    from editor.find_bar import FindBar

    bar = FindBar(canvas)
    bar.field.setText("Neg_1")
    assert "Neg_1999" in canvas.selected_op_names()
    assert canvas.scene.nodes() == []


def _scoped(canvas: Canvas) -> None:
    from benchmarks.editor_scale import build_scoped

    _open_at_fit(canvas, build_scoped)


def test_a_large_scoped_graph_opens_collapsed_with_no_member_items(canvas: Canvas) -> None:
    _scoped(canvas)
    assert canvas.scene.virtual
    assert len(canvas.groups.boxes) == 20
    assert not [node for node in canvas.scene.nodes() if "/" in node.op.name]
    store = canvas.scene.store
    assert store is not None and int(store.shown().sum()) == 1  # only x is drawn as a row


def test_expanding_a_group_of_a_large_graph_shows_its_members(canvas: Canvas) -> None:
    _scoped(canvas)
    canvas.groups.set_collapsed("block3", False)
    canvas.groups.refresh()
    member = "block3/layer0/MatMul"
    _at_100_on(canvas, member)
    node = canvas.scene.node_named(member)
    assert node is not None and node.isVisible()
    assert "block3" in canvas.groups.frames
    frame = canvas.groups.frames["block3"].sceneBoundingRect()
    assert frame.contains(canvas.scene.node_rect(member))


def test_collapsing_a_group_again_hides_the_items_made_for_its_members(
        canvas: Canvas) -> None:
    _scoped(canvas)
    canvas.groups.set_collapsed("block3", False)
    _at_100_on(canvas, "block3/layer0/MatMul")
    canvas.groups.set_collapsed("block3", True)
    _paint(canvas)
    shown = {n.op.name for n in canvas.scene.nodes() if n.isVisible()}
    assert not any(name.startswith("block3/") for name in shown)
    store = canvas.scene.store
    assert store is not None
    assert store.hidden[store.index["block3/layer0/MatMul"]]


def test_zoom_to_a_selection_without_items_frames_it(canvas: Canvas) -> None:
    _open_at_fit(canvas, build_chain)
    name = canvas.graph.get_operations()[-1].name
    canvas.select_names([name])
    assert canvas.scene.selected_nodes() == []
    canvas.zoom_to_selection()
    rect = canvas.scene.node_rect(name)
    assert rect is not None and canvas.view.shown_rect().contains(rect)
    assert canvas.view.zoom() > style.OVERVIEW_LOD


def test_edits_of_ops_without_items_change_the_graph_and_their_rows(canvas: Canvas) -> None:
    _open_at_fit(canvas, build_chain)
    ops = canvas.graph.get_operations()
    last, before_last = ops[-1].name, ops[-2].name
    canvas.rename(last, "tail")
    assert canvas.scene.position("tail") is not None and canvas.scene.position(last) is None
    canvas.disconnect("tail", 0)
    canvas.connect(f"{ops[0].name}:0", "tail", 0)
    assert canvas.graph.get_operation_by_name("tail").inputs[0].op.name == ops[0].name
    canvas.select_names([before_last])
    canvas.delete_selection()
    assert before_last not in canvas.graph and len(canvas.scene.store) == N - 1
    assert canvas.scene.nodes() == []
    for _ in range(4):
        canvas.undo_stack.undo()
    assert last in canvas.graph and "tail" not in canvas.graph
    assert canvas.graph.get_operation_by_name(last).inputs[0].op.name == before_last
    assert canvas.scene.position(last) is not None and len(canvas.scene.store) == N


def test_a_link_to_a_node_without_an_item_is_drawn_by_the_overview_layer(
        canvas: Canvas) -> None:
    canvas.set_graph(build_chain(N), None)
    first = canvas.graph.get_operations()[0].name
    _at_100_on(canvas, first)
    store = canvas.scene.store
    layer = canvas.scene.layer
    assert store is not None and layer is not None
    free = ~store.itemised[: len(store.shown())]
    assert free.any()
    links = layer.links
    links.refresh(store)
    drawn = (~(store.itemised[links.src] & store.itemised[links.dst])).sum()
    assert drawn == len(links.src) - len(canvas.scene.edges())


def test_dragging_a_node_moves_its_row_and_undo_moves_it_back(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(N), None)
    _at_100_on(canvas, "Neg_20")
    old = canvas.node_position("Neg_20")
    start = node_header(canvas, "Neg_20")
    drag(canvas.view, start, start + QPointF(0.0, 90.0))
    moved = canvas.node_position("Neg_20")
    assert moved.y() == old.y() + 90.0
    canvas.fit_all()
    _paint(canvas)
    store = canvas.scene.store
    assert store is not None and store.pos("Neg_20") == moved
    canvas.undo_stack.undo()
    assert canvas.node_position("Neg_20") == old


def test_an_item_made_at_overview_zoom_goes_again_keeping_its_selection(
        canvas: Canvas) -> None:
    _open_at_fit(canvas, build_chain)
    name, rect = _a_node_in_view(canvas)
    click(canvas.view, on_screen(canvas, rect.center()))
    move_away = on_screen(canvas, canvas.items_rect().bottomRight() + QPointF(300.0, 300.0))
    move(canvas.view, move_away)
    _paint(canvas)
    assert canvas.scene.nodes() == []
    assert canvas.selected_op_names() == [name]
