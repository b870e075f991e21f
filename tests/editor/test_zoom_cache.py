"""During a zoom, the node and label items in view draw a snapshot of themselves taken
at the zoom the gesture started from; once the zoom pauses, they draw sharp device
pixmaps again."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QGraphicsItem
from pytestqt.qtbot import QtBot

from benchmarks.editor_scale import build_chain
from editor.canvas import Canvas
from editor.edge_item import EdgeLabel
from editor.zoom_cache import SETTLE_MS

NO_CACHE = QGraphicsItem.CacheMode.NoCache
DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


def _chain_at(canvas: Canvas, zoom: float = 0.8) -> None:
    canvas.set_graph(build_chain(6), None)
    canvas.view.set_zoom(zoom)
    canvas.fit_all()
    canvas.view.set_zoom(zoom)
    canvas.scene.zoom_caches.settle()
    canvas.view.viewport().repaint()


def _first_node(canvas: Canvas):  # noqa: ANN202 - a NodeItem
    """The node nearest the view's middle (in view before and after a zoom there)."""
    view = canvas.view
    middle = view.mapToScene(view.viewport().rect().center())
    return min(canvas.scene.nodes(), key=lambda n: (n.sceneBoundingRect().center()
                                                   - middle).manhattanLength())


def test_a_node_in_view_draws_a_snapshot_during_a_zoom(canvas: Canvas) -> None:
    _chain_at(canvas)
    node = _first_node(canvas)
    canvas.view.zoom_by(1.1)
    assert node.snapshot is not None and node.cacheMode() == NO_CACHE


def test_the_snapshot_has_the_pixels_the_node_covered_before_the_zoom(canvas: Canvas) -> None:
    _chain_at(canvas, 0.8)
    node = _first_node(canvas)
    rect = node.boundingRect()
    canvas.view.zoom_by(1.1)
    canvas.view.zoom_by(1.1)  # a later step keeps the first one's snapshot
    source = node.snapshot.source
    assert abs(source.width() - rect.width() * 0.8) < 1.0
    assert abs(source.height() - rect.height() * 0.8) < 1.0


def test_an_edge_label_in_view_draws_a_snapshot_during_a_zoom(canvas: Canvas) -> None:
    _chain_at(canvas)
    canvas.view.zoom_by(1.1)
    labels = [i for i in canvas.scene.items() if isinstance(i, EdgeLabel) and i.isVisible()]
    assert labels and all(label.snapshot is not None for label in labels)


def test_items_draw_sharp_device_pixmaps_once_the_zoom_pauses(
        canvas: Canvas, qtbot: QtBot) -> None:
    _chain_at(canvas)
    canvas.view.zoom_by(1.1)
    qtbot.wait(SETTLE_MS * 3)
    assert not canvas.scene.zoom_caches.zooming
    assert {node.cacheMode() for node in canvas.scene.nodes()} == {DEVICE_CACHE}
    assert all(node.snapshot is None for node in canvas.scene.nodes())


def test_a_node_selected_during_a_zoom_is_drawn_selected(canvas: Canvas) -> None:
    _chain_at(canvas)
    node = _first_node(canvas)
    canvas.view.zoom_by(1.1)
    before = canvas.view.viewport().grab().toImage()
    node.setSelected(True)
    after = canvas.view.viewport().grab().toImage()
    assert before != after


def test_a_relabelled_edge_drops_its_snapshot(canvas: Canvas) -> None:
    _chain_at(canvas)
    canvas.view.zoom_by(1.1)
    label = next(i for i in canvas.scene.items() if isinstance(i, EdgeLabel) and i.isVisible())
    label.set_text("3 tensors")
    assert label.snapshot is None


def test_items_deleted_during_a_zoom_are_left_alone_when_it_pauses(canvas: Canvas) -> None:
    _chain_at(canvas)
    canvas.view.zoom_by(1.1)
    canvas.set_graph(build_chain(3), None)  # the old items are deleted with the scene's
    canvas.scene.zoom_caches.settle()
    assert {node.cacheMode() for node in canvas.scene.nodes()} == {DEVICE_CACHE}


def test_a_node_made_during_a_zoom_draws_itself(canvas: Canvas) -> None:
    _chain_at(canvas)
    canvas.view.zoom_by(1.1)
    name = canvas.add_node("Const", QPointF(0.0, 600.0))
    newest = next(node for node in canvas.scene.nodes() if node.op.name == name)
    assert newest.snapshot is None and newest.cacheMode() == DEVICE_CACHE


def test_a_node_made_during_a_zoom_gets_a_snapshot_at_the_next_step(canvas: Canvas) -> None:
    _chain_at(canvas)
    canvas.view.zoom_by(1.1)
    middle = canvas.view.mapToScene(canvas.view.viewport().rect().center())
    name = canvas.add_node("Const", middle)
    canvas.view.zoom_by(1.1)
    newest = next(node for node in canvas.scene.nodes() if node.op.name == name)
    assert newest.snapshot is not None


def test_a_zoom_step_within_what_was_looked_at_looks_up_no_items(canvas: Canvas) -> None:
    _chain_at(canvas)
    caches = canvas.scene.zoom_caches
    lookups: list[QRectF] = []
    find = caches._items
    caches._items = lambda rect: (lookups.append(rect), find(rect))[1]
    canvas.view.zoom_by(1.1)
    canvas.view.zoom_by(1.1)  # zoomed in: the view shows less than it did, no item made
    assert len(lookups) == 1
