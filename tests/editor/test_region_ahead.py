"""The region of a large graph whose nodes have items (``scene_region``) reaches a margin
beyond the view and moves ahead of a pan: once the view comes within ``LEAD`` of its
edge, while the view is still inside it, so the nodes a pan brings into view have their
items before they are seen. Releasing the items a moved region left behind waits for
the event loop to be idle, except after a jump, whose old items all go within its
paint; nothing is released while nodes are dragged, and the idle job then waits for the
next paint rather than spinning."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from pytestqt.qtbot import QtBot

from benchmarks.editor_scale import build_chain, build_dag
from editor import overview_layer, scene_region, scene_virtual
from editor.canvas import Canvas
from tests.editor.canvas_helpers import canvas_forgetting_its_graph, node_header, press, release

N = scene_virtual.BUDGET + 500
HALF = 0.5


@pytest.fixture
def canvas(qtbot: QtBot) -> Canvas:
    """The shared fixture's canvas; its large graph goes as the test ends."""
    return canvas_forgetting_its_graph(qtbot)


def _idle(canvas: Canvas, qtbot: QtBot) -> None:
    """Let the idle job finish what the last paints left (items to make or release)."""
    scene = canvas.scene
    qtbot.waitUntil(lambda: not scene._idle_queued and not scene._pending_items
                    and not scene._pending_release)


def _large_at_half(canvas: Canvas, qtbot: QtBot) -> None:
    """A virtual DAG at 50 %, centred on the graph, every item of its region made."""
    canvas.set_graph(build_dag(N), None)
    canvas.view.set_zoom(HALF)
    canvas.view.center_on(canvas.items_rect().center())
    canvas.view.viewport().repaint()
    _idle(canvas, qtbot)
    assert canvas.scene.virtual and canvas.scene._region is not None


def _pan(canvas: Canvas, pixels: float) -> None:
    """Pan right by ``pixels`` and paint."""
    canvas.view.scroll_by(QPointF(pixels, 0.0))
    canvas.view.viewport().repaint()


def _names(canvas: Canvas) -> set[str]:
    return {node.op.name for node in canvas.scene.nodes()}


def _rows_without_items(canvas: Canvas, rect: QRectF) -> list[str]:
    store = canvas.scene.store
    assert store is not None
    rows = store.in_rect(rect)
    return [store.names[i] for i in rows[~store.itemised[rows]].tolist()]


def _width_px(canvas: Canvas) -> float:
    return float(canvas.view.viewport().width())


# --- the region moves ahead of the view ----------------------------------------------------------
def test_the_region_reaches_a_margin_beyond_the_view(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    region, shown = canvas.scene._region, canvas.view.shown_rect()
    assert region is not None
    assert region.contains(shown)
    assert region.width() == pytest.approx(shown.width() * (1.0 + 2.0 * scene_region.MARGIN))


def test_a_short_pan_keeps_the_region(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    region = canvas.scene._region
    room = scene_region.MARGIN - scene_region.LEAD  # (shares of the view's width)
    _pan(canvas, _width_px(canvas) * room * 0.5)
    assert canvas.scene._region == region


def test_a_pan_within_lead_of_the_regions_edge_moves_it_before_the_view_leaves_it(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    region = canvas.scene._region
    assert region is not None
    room = scene_region.MARGIN - scene_region.LEAD
    _pan(canvas, _width_px(canvas) * (room + 0.03))
    shown = canvas.view.shown_rect()
    assert region.contains(shown)  # the view is still inside the old region
    moved = canvas.scene._region
    assert moved is not None and moved != region
    assert moved.contains(shown.adjusted(-shown.width() * scene_region.LEAD, 0.0,
                                         shown.width() * scene_region.LEAD, 0.0))


def test_the_nodes_ahead_of_a_slow_pan_have_items_before_they_come_into_view(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    step = 70.0  # pixels: the region moves at the third step, and again at the sixth
    for _ in range(6):
        shown = canvas.view.shown_rect()
        coming = shown.translated(step / HALF, 0.0)  # what the next step shows
        assert _rows_without_items(canvas, coming) == []
        _pan(canvas, step)
        _idle(canvas, qtbot)  # (the time a slow pan leaves between its steps)


def test_after_a_slow_pan_the_nodes_just_beyond_the_leading_edge_have_items(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    for _ in range(6):
        _pan(canvas, 70.0)
        qtbot.wait(50)
    _idle(canvas, qtbot)
    shown = canvas.view.shown_rect()
    strip = QRectF(shown.right(), shown.top(), shown.width() * 0.1,  # (within LEAD)
                   shown.height())
    store = canvas.scene.store
    assert store is not None and len(store.in_rect(strip))
    assert _rows_without_items(canvas, strip) == []


# --- releases wait for idle time -------------------------------------------------------------
def test_a_pan_releases_no_item_within_its_paint(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    region = canvas.scene._region
    before = _names(canvas)
    _pan(canvas, _width_px(canvas) / 2)
    assert canvas.scene._region != region  # (a new region, overlapping the old one)
    assert before <= _names(canvas)
    assert canvas.scene._pending_release


def _panned_half_a_view(canvas: Canvas, qtbot: QtBot) -> tuple[set[str], set[str]]:
    """At half zoom, pan by half the view: the ops that had items before, and those
    within the rect whose items are kept."""
    _large_at_half(canvas, qtbot)
    before = _names(canvas)
    _pan(canvas, _width_px(canvas) / 2)
    keep = canvas.scene._keep
    store = canvas.scene.store
    assert keep is not None and store is not None
    return before, {store.names[i] for i in store.in_rect(keep).tolist()}


def test_the_items_left_behind_by_a_pan_go_when_the_event_loop_is_idle(
        canvas: Canvas, qtbot: QtBot) -> None:
    before, kept = _panned_half_a_view(canvas, qtbot)
    far = before - kept
    assert far
    qtbot.waitUntil(lambda: not far & _names(canvas))
    assert _names(canvas) <= kept


def test_the_idle_release_keeps_the_items_within_the_kept_rect(
        canvas: Canvas, qtbot: QtBot) -> None:
    before, kept = _panned_half_a_view(canvas, qtbot)
    kept &= before
    assert kept
    _idle(canvas, qtbot)
    assert kept <= _names(canvas)


def test_a_jump_releases_the_old_items_within_its_paint(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    canvas.set_graph(build_chain(N), None)
    ops = canvas.graph.get_operations()
    canvas.view.set_zoom(1.0)
    canvas.center_on(ops[0].name)
    canvas.view.viewport().repaint()
    _idle(canvas, qtbot)
    before = _names(canvas)
    assert ops[0].name in before
    scene = canvas.scene
    monkeypatch.setattr(scene_region, "MAKE_MS", 1000.0)  # time enough for all of them
    monkeypatch.setattr(scene, "_idle_soon", lambda: None)  # no idle job: the paint only
    canvas.center_on(ops[-1].name)
    canvas.view.viewport().repaint()
    now = _names(canvas)
    assert ops[-1].name in now and not before & now


def test_a_pan_with_no_idle_job_releases_nothing(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _large_at_half(canvas, qtbot)
    monkeypatch.setattr(scene_region, "MAKE_MS", 1000.0)
    monkeypatch.setattr(canvas.scene, "_idle_soon", lambda: None)
    before = _names(canvas)
    for _ in range(4):  # each region overlapping the last, far from the first at the end
        _pan(canvas, _width_px(canvas) / 2)
        qtbot.wait(10)
    assert before <= _names(canvas)


# --- no release during a drag ------------------------------------------------------------------
def _pressed_on_a_node(canvas: Canvas) -> str:
    """Press (and hold) the mouse on a node in the middle of the view: its name."""
    shown = canvas.view.shown_rect()
    middle = shown.adjusted(shown.width() / 3, shown.height() / 3, -shown.width() / 3,
                            -shown.height() / 3)
    node = next(n for n in canvas.scene.nodes() if middle.contains(n.sceneBoundingRect()))
    press(canvas.view, node_header(canvas, node.op.name))
    assert canvas.scene._press_positions
    return node.op.name


def test_no_item_is_released_while_a_node_is_dragged(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    _pressed_on_a_node(canvas)
    before = _names(canvas)
    _pan(canvas, _width_px(canvas) / 2)
    assert canvas.scene._pending_release
    qtbot.wait(100)
    assert before <= _names(canvas)


def test_the_idle_job_does_not_spin_while_a_node_is_dragged(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _large_at_half(canvas, qtbot)
    scene = canvas.scene
    calls: list[float] = []
    idle = scene._idle

    def counted() -> None:
        calls.append(0.0)
        idle()

    monkeypatch.setattr(scene, "_idle", counted)
    _pressed_on_a_node(canvas)
    _pan(canvas, _width_px(canvas) / 2)
    qtbot.wait(100)
    # once for the pan, and again only for a paint that came since (a spinning job would
    # have run thousands of times in 100 ms)
    assert 1 <= len(calls) <= 10
    assert not scene._idle_queued and scene._pending_release


def test_the_far_items_go_once_the_drag_is_over(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    name = _pressed_on_a_node(canvas)
    before = _names(canvas)
    _pan(canvas, _width_px(canvas) / 2)
    qtbot.wait(50)
    release(canvas.view, canvas.view.to_view(canvas.scene.node_rect(name).center()))
    canvas.view.viewport().repaint()  # (the next paint asks for the release again)
    keep = canvas.scene._keep
    store = canvas.scene.store
    assert keep is not None and store is not None
    far = before - {store.names[i] for i in store.in_rect(keep).tolist()} - {name}
    assert far
    qtbot.waitUntil(lambda: not far & _names(canvas))


def test_the_store_knows_which_rows_have_items(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    _pan(canvas, _width_px(canvas) / 2)
    _idle(canvas, qtbot)
    store = canvas.scene.store
    assert store is not None
    itemised = {store.names[i] for i in np.flatnonzero(store.itemised).tolist()}
    assert itemised == _names(canvas)


# --- a new document ------------------------------------------------------------------------------
def test_a_new_document_right_after_a_pan_leaves_no_timer_of_the_old_one(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at_half(canvas, qtbot)
    _pan(canvas, _width_px(canvas) / 2)  # (items made: the layer is to sharpen)
    # the old layer's wrapper outlives its item anyway (a cycle through its timer's
    # connection, frozen by the load's gc.freeze): held here, it surely does
    old = canvas.scene.layer
    assert old is not None and old._sharpen.isActive()
    with qtbot.capture_exceptions() as exceptions:
        canvas.set_graph(build_chain(6), None)
        qtbot.wait(overview_layer.SHARPEN_MS * 2)
    assert not exceptions
