"""While a zoom is in progress on a large graph, the view draws one picture of what it
showed when the zoom began, scaled (``zoom_picture``): rendered at the zoom before the
gesture's first step, painted instead of the scene at every later step, with the
overview layer's boxes around it when zoomed out beyond it. It is dropped, and the view
paints sharp, after a pan, a resize, a jump of zoom, a pause of the zoom, and any change
of what it shows (an edit, a selection, a node's refresh). A small graph never uses it:
its items draw their own snapshots (``zoom_cache``)."""

from __future__ import annotations

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from benchmarks.editor_scale import build_chain, build_dag
from editor import scene_virtual, style, zoom_picture
from editor.canvas import Canvas
from tests.editor.canvas_helpers import canvas_forgetting_its_graph

N = scene_virtual.BUDGET + 500
HALF = 0.5


@pytest.fixture
def canvas(qtbot: QtBot) -> Canvas:
    """The shared fixture's canvas; its large graph goes as the test ends."""
    return canvas_forgetting_its_graph(qtbot)


def _settled(canvas: Canvas, qtbot: QtBot) -> None:
    """Paint, let the idle job make every item of the region, have the overview layer
    make its picture again for them (as it does once the view pauses), and paint again:
    nothing is left to change by itself."""
    scene, viewport = canvas.scene, canvas.view.viewport()
    viewport.repaint()
    qtbot.waitUntil(lambda: not scene._idle_queued and not scene._pending_items)
    assert scene.layer is not None
    scene.layer._sharpen.stop()
    scene.layer.forget_pictures()
    viewport.repaint()


def _large_at_half(canvas: Canvas, qtbot: QtBot, name: str | None = None) -> None:
    """A virtual DAG at 50 %, centred on the graph (or on op ``name``), settled."""
    canvas.set_graph(build_dag(N), None)
    canvas.view.set_zoom(HALF)
    if name is None:
        canvas.view.center_on(canvas.items_rect().center())
    else:
        canvas.center_on(name)
    _settled(canvas, qtbot)
    assert canvas.scene.virtual and not canvas.view.zoom_picture.active


def _paints(canvas: Canvas, monkeypatch: pytest.MonkeyPatch) -> tuple[list[bool], list[float]]:
    """Record what each paint of the view does: ``zoom_picture.paint``'s answers, and the
    zooms at which the scene's ``sync_viewport`` (a sharp paint) is called."""
    picture, scene = canvas.view.zoom_picture, canvas.scene
    answers: list[bool] = []
    synced: list[float] = []
    paint, sync = picture.paint, scene.sync_viewport

    def recorded_paint() -> bool:
        answers.append(paint())
        return answers[-1]

    def recorded_sync(shown: QRectF, zoom: float) -> None:
        synced.append(zoom)
        sync(shown, zoom)

    monkeypatch.setattr(picture, "paint", recorded_paint)
    monkeypatch.setattr(scene, "sync_viewport", recorded_sync)
    return answers, synced


def _paints_sharp_next(canvas: Canvas, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the next repaint of the view paints the scene (not the zoom's picture)."""
    answers, synced = _paints(canvas, monkeypatch)
    canvas.view.viewport().repaint()
    return answers == [False] and len(synced) == 1 and not canvas.view.zoom_picture.active


def _sampled_equal(a: QImage, b: QImage, step: int = 7) -> bool:
    return a.size() == b.size() and all(
        a.pixel(x, y) == b.pixel(x, y)
        for x in range(0, a.width(), step) for y in range(0, a.height(), step))


# --- the picture is made and painted ---------------------------------------------------------
def test_a_small_zoom_step_on_a_large_graph_starts_the_picture(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.zoom_by(1.1)
    assert canvas.view.zoom_picture.active


def test_the_paint_after_a_zoom_step_draws_the_picture_and_syncs_no_items(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.zoom_by(1.1)
    answers, synced = _paints(canvas, monkeypatch)
    canvas.view.viewport().repaint()
    assert answers == [True] and synced == []


def test_the_picture_is_rendered_at_the_zoom_before_the_step(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.zoom_by(1.1)
    assert canvas.view.zoom_picture.zoom == HALF
    assert canvas.view.zoom() == pytest.approx(HALF * 1.1)


def test_the_picture_covers_what_the_view_showed(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    view = canvas.view
    shown = view.shown_rect()
    before = view.viewport().grab().toImage()
    view.zoom_by(1.1)
    picture = view.zoom_picture
    assert picture.rect == shown
    assert picture.image is not None
    assert _sampled_equal(picture.image, before)


def test_a_later_step_of_the_gesture_keeps_the_first_steps_picture(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    view = canvas.view
    view.zoom_by(1.1)
    view.viewport().repaint()
    image = view.zoom_picture.image
    view.zoom_by(1.1)
    assert view.zoom_picture.image is image and view.zoom_picture.zoom == HALF


def test_paints_from_the_picture_leave_it_in_place(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.zoom_by(1.1)
    answers, _ = _paints(canvas, monkeypatch)
    canvas.view.viewport().repaint()
    canvas.view.viewport().repaint()
    assert answers == [True, True] and canvas.view.zoom_picture.active


def test_a_small_graph_never_uses_the_picture(canvas: Canvas, qtbot: QtBot) -> None:
    canvas.set_graph(build_chain(6), None)
    canvas.fit_all()
    canvas.view.set_zoom(0.8)
    canvas.scene.zoom_caches.settle()
    canvas.view.viewport().repaint()
    canvas.view.zoom_by(1.1)
    assert not canvas.scene.virtual and not canvas.view.zoom_picture.active
    assert canvas.scene.zoom_caches.zooming
    assert any(node.snapshot is not None for node in canvas.scene.nodes())


def test_a_small_graph_paints_sharp_during_a_zoom(
        canvas: Canvas, monkeypatch: pytest.MonkeyPatch) -> None:
    canvas.set_graph(build_chain(6), None)
    canvas.fit_all()
    canvas.view.viewport().repaint()
    canvas.view.zoom_by(1.1)
    assert _paints_sharp_next(canvas, monkeypatch)


# --- what drops it ---------------------------------------------------------------------------
def test_a_pan_drops_the_picture(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.zoom_by(1.1)
    canvas.view.scroll_by(QPointF(30.0, 0.0))
    assert not canvas.view.zoom_picture.active


def test_the_zoom_steps_own_scroll_to_its_anchor_keeps_the_picture(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    corner = QPointF(100.0, 100.0)  # (a zoom about a corner scrolls the view a lot)
    canvas.view.zoom_by(1.1, corner)
    canvas.view.zoom_by(1.1, corner)
    assert canvas.view.zoom_picture.active


def test_a_resize_of_the_view_drops_the_picture(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.zoom_by(1.1)
    canvas.view.resize(900, 640)
    assert canvas.view.size().width() == 900
    assert not canvas.view.zoom_picture.active


def test_a_large_jump_of_zoom_drops_the_picture(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.zoom_by(1.1)
    canvas.view.set_zoom(canvas.view.zoom() * 3)
    assert not canvas.view.zoom_picture.active


def test_a_large_jump_of_zoom_makes_no_picture(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.set_zoom(HALF * 3)
    assert not canvas.view.zoom_picture.active


def test_fit_all_drops_the_picture(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    canvas.view.zoom_by(1.1)
    canvas.fit_all()
    assert not canvas.view.zoom_picture.active


def test_a_gesture_gone_too_far_from_the_pictures_zoom_drops_it(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    view = canvas.view
    view.zoom_by(1.3)
    view.zoom_by(1.3)  # a small step, but 1.3² from the picture's zoom
    assert view.zoom() / HALF > zoom_picture.MAX_STEP
    assert not view.zoom_picture.active


def test_the_step_after_a_drop_begins_a_picture_at_the_zoom_then(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    view = canvas.view
    view.zoom_by(1.3)
    view.zoom_by(1.3)
    view.zoom_by(1.1)
    assert view.zoom_picture.active
    assert view.zoom_picture.zoom == pytest.approx(HALF * 1.3 * 1.3)


def test_the_picture_goes_once_the_zoom_pauses(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    picture = canvas.view.zoom_picture
    canvas.view.zoom_by(1.1)
    timer = picture._timer
    assert picture.active and timer.isActive() and timer.interval() == zoom_picture.SETTLE_MS
    qtbot.waitUntil(lambda: not picture.active, timeout=zoom_picture.SETTLE_MS * 10)


def test_an_edit_of_an_op_in_view_drops_the_picture_at_the_next_paint(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "Const"  # the DAG's first op
    _large_at_half(canvas, qtbot, name)
    assert canvas.view.shown_rect().contains(canvas.scene.node_rect(name))
    canvas.view.zoom_by(1.1)
    canvas.set_attrs(name, {"value": np.zeros((3, 3), np.float32)})
    assert _paints_sharp_next(canvas, monkeypatch)


def test_a_selection_drops_the_picture_at_the_next_paint(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _large_at_half(canvas, qtbot)
    shown = canvas.view.shown_rect()
    node = next(n for n in canvas.scene.nodes() if shown.contains(n.sceneBoundingRect()))
    canvas.view.zoom_by(1.1)
    node.setSelected(True)
    assert _paints_sharp_next(canvas, monkeypatch)


def test_a_nodes_refresh_drops_the_picture_at_the_next_paint(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _large_at_half(canvas, qtbot)
    shown = canvas.view.shown_rect()
    node = next(n for n in canvas.scene.nodes() if shown.contains(n.sceneBoundingRect()))
    canvas.view.zoom_by(1.1)
    node.refresh()
    assert _paints_sharp_next(canvas, monkeypatch)


def test_a_step_after_a_change_renders_a_fresh_picture_at_the_zoom_then(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    view = canvas.view
    view.zoom_by(1.1)
    old = view.zoom_picture.image
    shown = canvas.view.shown_rect()
    next(n for n in canvas.scene.nodes() if shown.contains(n.sceneBoundingRect())).refresh()
    view.zoom_by(1.1)
    assert view.zoom_picture.active and view.zoom_picture.image is not old
    assert view.zoom_picture.zoom == pytest.approx(HALF * 1.1)


# --- zoomed out beyond the picture -------------------------------------------------------------
def _zoomed_out_beyond_the_picture(canvas: Canvas, qtbot: QtBot) -> tuple[QImage, QRectF]:
    """The grab of a zoom out from 50 % in progress, and where in it the picture lies."""
    _large_at_half(canvas, qtbot)
    view = canvas.view
    view.zoom_by(1.0 / 1.3)
    picture = view.zoom_picture
    assert picture.active
    target = view.viewportTransform().mapRect(picture.rect)
    assert QRectF(view.viewport().rect()).contains(target)
    return view.viewport().grab().toImage(), target


def _node_colours(canvas: Canvas) -> set[int]:
    store = canvas.scene.store
    assert store is not None
    return {QColor(int(c)).rgb() & 0xFFFFFF for c in store.color[:len(store.names)]}


def _ring_pixels(image: QImage, target: QRectF) -> list[int]:
    inner = target.adjusted(-2.0, -2.0, 2.0, 2.0)
    return [image.pixel(x, y) & 0xFFFFFF
            for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
            if not inner.contains(QPointF(x, y))]


def _itemised_in_ring(canvas: Canvas, target: QRectF) -> list[tuple[QPointF, QPointF, int]]:
    """The nodes with items that lie wholly beyond the picture and in view: the viewport
    points of their body's middle and of their header's, and their colour."""
    view, store = canvas.view, canvas.scene.store
    assert store is not None
    port = QRectF(view.viewport().rect())
    to_view = view.viewportTransform()
    out = []
    for node in canvas.scene.nodes():
        box = to_view.mapRect(node.sceneBoundingRect())
        if port.contains(box) and not box.intersects(target):
            row = store.index[node.op.name]
            body = QRectF(*store.xy[row], *store.wh[row])
            header = QPointF(body.center().x(), body.top() + style.HEADER_HEIGHT / 2)
            middle = QPointF(body.center().x(), (body.top() + style.HEADER_HEIGHT
                                                 + body.bottom()) / 2)
            colour = QColor(int(store.color[row])).rgb() & 0xFFFFFF
            out.append((to_view.map(middle), to_view.map(header), colour))
    return out


def test_a_zoom_out_beyond_the_picture_paints_around_it(canvas: Canvas, qtbot: QtBot) -> None:
    image, target = _zoomed_out_beyond_the_picture(canvas, qtbot)
    ring = _ring_pixels(image, target)
    background = style.BACKGROUND.rgb() & 0xFFFFFF
    assert any(p != background for p in ring)
    assert any(p in _node_colours(canvas) for p in ring)


def test_nodes_with_items_beyond_the_picture_are_drawn_as_bodies_with_headers(
        canvas: Canvas, qtbot: QtBot) -> None:
    image, target = _zoomed_out_beyond_the_picture(canvas, qtbot)
    nodes = _itemised_in_ring(canvas, target)
    assert nodes
    body = style.NODE_BODY.rgb() & 0xFFFFFF
    drawn = [image.pixel(middle.toPoint()) & 0xFFFFFF == body
             and image.pixel(header.toPoint()) & 0xFFFFFF == colour
             for middle, header, colour in nodes]
    assert sum(drawn) >= 0.9 * len(drawn)


def test_the_boxes_beyond_the_picture_are_the_layers_draw_itemised(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    image, target = _zoomed_out_beyond_the_picture(canvas, qtbot)
    layer = canvas.scene.layer
    assert layer is not None
    monkeypatch.setattr(layer, "draw_itemised", lambda painter, rects: None)
    without = canvas.view.viewport().grab().toImage()
    nodes = _itemised_in_ring(canvas, target)
    assert nodes
    assert not any(without.pixel(header.toPoint()) & 0xFFFFFF == colour
                   for _middle, header, colour in nodes)
    colours = _node_colours(canvas)
    assert (sum(p in colours for p in _ring_pixels(without, target))
            < sum(p in colours for p in _ring_pixels(image, target)))


def test_the_sharp_paint_after_the_zoom_shows_the_ring_too(
        canvas: Canvas, qtbot: QtBot) -> None:
    _, target = _zoomed_out_beyond_the_picture(canvas, qtbot)
    canvas.view.zoom_picture.drop()
    sharp = canvas.view.viewport().grab().toImage()
    background = style.BACKGROUND.rgb() & 0xFFFFFF
    assert not canvas.view.zoom_picture.active
    assert sum(p != background for p in _ring_pixels(sharp, target)) > 100


# --- a view that goes ----------------------------------------------------------------------------
def test_a_view_deleted_during_a_zoom_leaves_nothing_to_settle(qtbot: QtBot) -> None:
    other = Canvas()
    other.view.resize(1000, 700)
    other.view.show()
    qtbot.waitExposed(other.view)
    other.set_graph(build_dag(N), None)
    other.view.set_zoom(HALF)
    other.view.viewport().repaint()
    other.view.zoom_by(1.1)
    assert other.view.zoom_picture.active
    with qtbot.capture_exceptions() as exceptions:
        shiboken6.delete(other.view)
        qtbot.wait(zoom_picture.SETTLE_MS * 2)
    assert not exceptions
