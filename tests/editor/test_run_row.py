"""A node's run row: what the canvas shows after a run (state, time, value, staleness),
and the read-only mode the canvas is in while a run reads the graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

import engine
from editor import style
from editor.canvas import PULSE_MS, Canvas
from editor.node_item import NodeItem
from engine import GraphEditError

SEED = Path(__file__).resolve().parents[2] / "resources" / "examples" / "seed.json"


@pytest.fixture
def canvas(canvas: Canvas) -> Canvas:  # the shared empty canvas, seeded
    graph, editor = engine.load_graph(SEED)
    canvas.set_graph(graph, editor)
    return canvas


def node(canvas: Canvas, name: str) -> NodeItem:
    found = canvas.run_node(name)
    assert found is not None
    return found


def test_a_node_grows_a_run_row_when_it_has_run(canvas: Canvas) -> None:
    mul = node(canvas, "mul")
    height = mul.body_rect().height()
    canvas.set_run_state("mul", "done", "0.12 ms")
    assert mul.run_state == "done" and mul.run_text == "0.12 ms"
    assert mul.body_rect().height() == height + style.RUN_ROW_HEIGHT
    canvas.set_run_state("mul", None)
    assert mul.body_rect().height() == height


def test_a_preview_reads_stale_after_an_edit(canvas: Canvas) -> None:
    canvas.set_run_state("mul", "done", "0.12 ms")
    canvas.set_result_preview("mul", "77", tooltip="Value (scalar int32):\n77")
    mul = node(canvas, "mul")
    assert mul.result_text == "77" and mul.run_text == "0.12 ms"
    canvas.set_result_stale("mul", True)
    assert mul.result_stale and mul.run_text == "stale"
    assert "Value (scalar int32):\n77" in mul.toolTip()


def test_a_long_preview_widens_the_node_up_to_a_limit(canvas: Canvas) -> None:
    add = node(canvas, "add")
    canvas.set_result_preview("add", "[1. 2. 3. 4. 5. 6.]")
    assert add.body_rect().width() > style.NODE_MIN_WIDTH
    canvas.set_result_preview("add", "x" * 200)
    assert add.body_rect().width() == style.RUN_ROW_MAX_WIDTH


def test_a_time_alone_does_not_widen_a_node(canvas: Canvas) -> None:
    const = node(canvas, "Const")
    width = const.body_rect().width()
    canvas.set_run_state("Const", "done", "fused in a_rather_long_group_name")
    assert const.body_rect().width() == width


def test_an_unknown_run_state_is_refused(canvas: Canvas) -> None:
    with pytest.raises(ValueError, match="unknown run state"):
        node(canvas, "mul").set_run_state("exploded")


def test_running_nodes_pulse_until_they_finish(qtbot: QtBot, canvas: Canvas) -> None:
    canvas.set_run_state("add", "running")
    assert canvas._pulse.isActive()
    qtbot.wait(PULSE_MS * 3)
    canvas.set_run_state("add", "done", "1.0 ms")
    qtbot.waitUntil(lambda: not canvas._pulse.isActive(), timeout=PULSE_MS * 5)


def test_the_run_row_paints_in_every_state(canvas: Canvas) -> None:
    image = QImage(400, 200, QImage.Format.Format_ARGB32)
    for state in ("waiting", "running", "done", "cached", "failed"):
        canvas.set_run_state("mul", state, "text")
        painter = QPainter(image)
        canvas.scene.render(painter)
        painter.end()


def test_a_read_only_canvas_refuses_edits_and_says_why(qtbot: QtBot, canvas: Canvas) -> None:
    canvas.set_read_only(True)
    assert not canvas.view.isInteractive()
    with pytest.raises(GraphEditError):
        canvas.set_attrs("Const", {"value": 1})
    with qtbot.waitSignal(canvas.statusMessage) as said:
        canvas.select_names(["Const"])
        canvas.delete_selection()
    assert "Stop" in said.args[0]
    assert "Const" in canvas.graph
    canvas.set_read_only(False)
    canvas.add_node("Const", QPointF(0, 200))
