"""Whatever a file's editor section or the clipboard holds, the canvas stays usable: positions
and the view are clamped into the area the view can scroll over, what is not a number is
placed anew, and a paste or a replaced document that fails leaves the canvas as it was."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

import editor.canvas as canvas_module
import engine
from editor.bounds import POSITION_LIMIT, WORLD_HALF
from editor.canvas import Canvas
from editor.clipboard import GRAPH_MIME
from editor.view import MAX_ZOOM, MIN_ZOOM


def _pair() -> engine.Graph:
    graph = engine.Graph()
    with graph.as_default():
        engine.add(engine.constant(1, name="a"), engine.constant(2, name="b"), name="sum")
    return graph


def _section(**nodes: Any) -> dict[str, Any]:
    return {"nodes": {name: {"x": x, "y": y} for name, (x, y) in nodes.items()}}


def test_a_node_stored_far_out_is_clamped_into_the_canvas(canvas: Canvas) -> None:
    moved = canvas.set_graph(_pair(), _section(a=(1e12, -5e15), b=(10, 20), sum=(300, 0)))
    assert moved == ["a"]
    assert canvas.node_position("a") == QPointF(POSITION_LIMIT, -POSITION_LIMIT)
    assert canvas.node_position("b") == QPointF(10, 20)


def test_a_position_that_is_not_a_finite_number_is_placed_anew(canvas: Canvas) -> None:
    too_big_for_a_float = 10**400
    moved = canvas.set_graph(
        _pair(), _section(a=(math.inf, 0), b=(too_big_for_a_float, 5), sum=(300, 0))
    )
    assert moved == ["a", "b"]
    for name in ("a", "b"):
        pos = canvas.node_position(name)
        assert math.isfinite(pos.x()) and math.isfinite(pos.y())
        assert abs(pos.x()) <= POSITION_LIMIT and abs(pos.y()) <= POSITION_LIMIT


def test_the_editor_section_of_such_a_document_is_plain_json(canvas: Canvas) -> None:
    canvas.set_graph(_pair(), _section(a=(math.inf, -math.inf), b=(1e300, 5), sum=(0, 0)))
    section = canvas.editor_section()
    text = json.dumps(section, allow_nan=False)  # raises on inf or nan
    assert json.loads(text)["nodes"]["b"] == {"x": int(POSITION_LIMIT), "y": 5}


@pytest.mark.parametrize(("center", "zoom"), [([1e12, -1e12], 1e300), ([-7e9, 3e9], 1e-300)])
def test_a_stored_view_far_out_is_kept_where_the_view_can_scroll(
    canvas: Canvas, center: list[float], zoom: float
) -> None:
    section = {**_section(a=(0, 0), b=(0, 100), sum=(200, 50)),
               "view": {"center": center, "zoom": zoom}}
    canvas.set_graph(_pair(), section)
    shown = canvas.view.center()
    assert abs(shown.x()) <= WORLD_HALF and abs(shown.y()) <= WORLD_HALF
    assert MIN_ZOOM <= canvas.view.zoom() <= MAX_ZOOM


def test_a_stored_view_that_is_not_numbers_fits_the_graph(canvas: Canvas) -> None:
    section = {**_section(a=(0, 0), b=(0, 100), sum=(200, 50)),
               "view": {"center": [math.inf, 0], "zoom": 1.0}}
    canvas.set_graph(_pair(), section)
    assert canvas.view.mapToScene(canvas.view.viewport().rect()).boundingRect().contains(
        canvas.items_rect())


def test_a_scroll_far_beyond_the_canvas_stops_at_its_edge(canvas: Canvas) -> None:
    canvas.view.scroll_by(QPointF(1e12, -1e12))
    bar_h, bar_v = canvas.view.horizontalScrollBar(), canvas.view.verticalScrollBar()
    assert (bar_h.value(), bar_v.value()) == (bar_h.maximum(), bar_v.minimum())
    canvas.view.scroll_by(QPointF(math.nan, math.inf))  # ignored, not an error
    assert (bar_h.value(), bar_v.value()) == (bar_h.maximum(), bar_v.minimum())


def test_fitting_a_node_stored_at_1e12_keeps_the_view_in_range(canvas: Canvas) -> None:
    canvas.set_graph(_pair(), _section(a=(0, 0), b=(1e12, 1e12), sum=(-1e12, 0)))
    canvas.fit_all()
    center = canvas.view.center()
    assert abs(center.x()) <= WORLD_HALF and abs(center.y()) <= WORLD_HALF


def test_a_failed_replace_keeps_the_graph_its_positions_and_its_history(
    canvas: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    canvas.set_graph(_pair(), _section(a=(0, 0), b=(0, 120), sum=(220, 60)))
    added = canvas.add_node("Const", QPointF(500, 500))
    old_graph = canvas.graph

    def broken(view: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(canvas_module, "stored_view", broken)
    with pytest.raises(RecursionError):
        canvas.set_graph(engine.Graph(), {"view": {}})
    assert canvas.graph is old_graph
    assert sorted(node.op.name for node in canvas.scene.nodes()) == sorted(
        ["a", "b", "sum", added])
    assert canvas.node_position(added) == QPointF(500, 500)
    assert canvas.undo_stack.count() == 1  # the add is still undoable
    canvas.undo_stack.undo()
    assert added not in canvas.graph


def _clipboard_bytes(data: bytes) -> None:
    mime = QMimeData()
    mime.setData(GRAPH_MIME, data)
    QGuiApplication.clipboard().setMimeData(mime)


@pytest.mark.parametrize("carrier", ["text", "graph mime"])
def test_a_paste_of_100000_brackets_is_refused_with_a_message(
    canvas: Canvas, qtbot: QtBot, carrier: str
) -> None:
    canvas.set_graph(_pair(), None)
    text = "[" * 100_000
    if carrier == "text":
        QGuiApplication.clipboard().setText(text)
    else:
        _clipboard_bytes(text.encode())
    with qtbot.waitSignal(canvas.statusMessage) as said:
        assert canvas.paste() == []
    assert said.args == ["The clipboard holds no TensorCanvas nodes"]
    assert [op.name for op in canvas.graph.get_operations()] == ["a", "b", "sum"]
    assert canvas.undo_stack.count() == 0


def test_a_paste_whose_reading_raises_anything_is_a_message(
    canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    canvas.set_graph(_pair(), None)
    canvas.select_names(["a"])
    canvas.copy()

    def broken(doc: object) -> None:
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(canvas_module, "document_graph", broken)
    with qtbot.waitSignal(canvas.statusMessage) as said:
        assert canvas.paste() == []
    assert said.args[0].startswith("Cannot paste: ValueError: Exceeds the limit")
    assert [op.name for op in canvas.graph.get_operations()] == ["a", "b", "sum"]


def test_a_pasted_node_stored_far_out_lands_on_the_canvas(canvas: Canvas) -> None:
    doc = engine.graph_to_document(_pair(), _section(a=(9e15, 9e15), b=(0, 0), sum=(0, 0)))
    QGuiApplication.clipboard().setText(json.dumps(doc))
    names = canvas.paste()
    assert len(names) == 3
    for name in names:
        pos = canvas.node_position(name)
        assert abs(pos.x()) <= WORLD_HALF and abs(pos.y()) <= WORLD_HALF
