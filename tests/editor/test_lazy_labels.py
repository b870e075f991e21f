"""After an edit, links off screen are relabelled when they come into view, never
painted stale; links on screen are right at the next paint."""

from __future__ import annotations

import numpy as np

from benchmarks.editor_scale import build_chain
from editor.canvas import Canvas


def _chain_at_top(canvas: Canvas, n: int = 300) -> str:
    canvas.set_graph(build_chain(n), None)
    canvas.view.set_zoom(1.0)
    top = canvas.graph.get_operations()[0].name
    canvas.center_on(top)
    canvas.view.viewport().repaint()
    return top


def test_a_link_off_screen_is_left_stale_by_an_edit(canvas: Canvas) -> None:
    top = _chain_at_top(canvas)
    canvas.set_attrs(top, {"value": np.zeros((2, 3), np.float32)})
    canvas.view.viewport().repaint()
    assert canvas.scene.edges()[-1].label_stale


def test_a_link_on_screen_is_relabelled_at_the_next_paint(canvas: Canvas) -> None:
    top = _chain_at_top(canvas)
    canvas.set_attrs(top, {"value": np.zeros((2, 3), np.float32)})
    canvas.view.viewport().repaint()
    first = canvas.scene.edges()[0]
    assert not first.label_stale and first.label_text == "2×3 float32"


def test_a_stale_link_is_relabelled_when_it_comes_into_view(canvas: Canvas) -> None:
    top = _chain_at_top(canvas)
    canvas.set_attrs(top, {"value": np.zeros((2, 3), np.float32)})
    last = canvas.scene.edges()[-1]
    canvas.view.center_on(last.label_rect().center())
    canvas.view.viewport().repaint()
    assert not last.label_stale
    assert last._label == "2×3 float32"  # what is painted, read without bringing it up to date


def test_reading_a_stale_label_brings_it_up_to_date(canvas: Canvas) -> None:
    top = _chain_at_top(canvas)
    canvas.set_attrs(top, {"value": np.zeros((2, 3), np.float32)})
    assert canvas.scene.edges()[-1].label_text == "2×3 float32"


def test_a_link_that_turns_invalid_off_screen_is_dashed_at_once(canvas: Canvas) -> None:
    from PySide6.QtCore import Qt

    top = _chain_at_top(canvas)
    canvas.set_attrs(top, {"dtype": "string", "value": "text"})
    last = canvas.scene.edges()[-1]
    assert last.pen.style() == Qt.PenStyle.DashLine


def _large_chain_at_top(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(1200), None)
    canvas.view.set_zoom(1.0)
    canvas.center_on(canvas.graph.get_operations()[0].name)


def test_a_large_document_opens_with_its_labels_left_for_their_first_paint(
        canvas: Canvas) -> None:
    _large_chain_at_top(canvas)
    assert all(edge.label_stale for edge in canvas.scene.edges())


def test_a_large_documents_links_on_screen_are_labelled_at_the_first_paint(
        canvas: Canvas) -> None:
    _large_chain_at_top(canvas)
    canvas.view.viewport().repaint()
    first = canvas.scene.edges()[0]
    assert not first.label_stale and first._label == "scalar float32" and first.label_shown
    assert canvas.scene.edges()[-1].label_stale


def test_a_large_documents_links_are_drawn_dashed_from_the_start_when_invalid(
        canvas: Canvas) -> None:
    from PySide6.QtCore import Qt

    graph = build_chain(1200)
    graph.disconnect(graph.get_operations()[1], 0)  # every Neg below it is now invalid
    canvas.set_graph(graph, None)
    assert canvas.scene.edges()[-1].pen.style() == Qt.PenStyle.DashLine


def test_stale_links_off_screen_are_brought_up_to_date_while_idle(
        canvas: Canvas, qtbot) -> None:  # noqa: ANN001 - pytest-qt's fixture
    top = _chain_at_top(canvas)
    canvas.set_attrs(top, {"value": np.zeros((2, 3), np.float32)})
    last = canvas.scene.edges()[-1]
    assert last.label_stale
    qtbot.waitUntil(lambda: not canvas.scene.upkeep.stale_edges, timeout=3000)
    assert last._label == "2×3 float32"


def test_a_stale_link_moved_into_a_view_already_painted_is_relabelled(
        canvas: Canvas) -> None:
    from PySide6.QtCore import QPointF

    _large_chain_at_top(canvas)
    canvas.view.viewport().repaint()
    last = canvas.scene.edges()[-1]
    assert last.label_stale
    left = canvas.node_position(canvas.graph.get_operations()[0].name)
    canvas.scene.set_node_positions({last.src.op.name: left + QPointF(0.0, 150.0),
                                     last.dst.op.name: left + QPointF(300.0, 150.0)})
    canvas.view.viewport().repaint()
    assert not last.label_stale and last._label == "scalar float32"


def test_panning_relabels_the_stale_links_the_pan_brings_into_view(canvas: Canvas) -> None:
    from PySide6.QtCore import QPointF

    _large_chain_at_top(canvas)
    canvas.view.viewport().repaint()
    edges = canvas.scene.edges()
    for _ in range(12):
        canvas.view.scroll_by(QPointF(300.0, 0.0))
        canvas.view.viewport().repaint()
    seen = canvas.view.mapToScene(canvas.view.viewport().rect()).boundingRect()
    shown = [e for e in edges if seen.contains(e.label_rect().center()) and e.isVisible()]
    assert shown and not [e for e in shown if e.label_stale]


def test_an_edit_that_changes_no_spec_downstream_leaves_no_label_stale(canvas: Canvas) -> None:
    top = _chain_at_top(canvas)
    canvas.set_attrs(top, {"value": np.float32(2.0)})  # another scalar float32
    assert not canvas.scene.upkeep.stale_edges
    assert canvas.scene.edges()[-1].label_text == "scalar float32"


def test_one_edit_reports_what_it_inferred_again_as_one_signal(canvas: Canvas) -> None:
    top = _chain_at_top(canvas)
    batches: list[int] = []
    singles: list[object] = []
    canvas.adapter.inferredMany.connect(lambda ops: batches.append(len(ops)))
    canvas.adapter.inferred.connect(singles.append)
    canvas.set_attrs(top, {"value": np.zeros((2, 3), np.float32)})
    assert batches == [300] and singles == []
