"""Auto Layout of a large graph runs on a thread, with progress and Cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from editor import layout_job
from editor.canvas import Canvas
from editor.canvas_groups import run_auto_layout
from tests.editor.scoped_graphs import layered_model


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout_job, "ASYNC_LAYOUT_OPS", 1)


def _scrambled(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    canvas.scene.set_node_positions({n.op.name: QPointF(0.0, 0.0) for n in canvas.scene.nodes()})


def test_a_large_graph_is_laid_out_on_a_thread_as_one_undo_step(
    canvas: Canvas, qtbot: QtBot, small_threshold: None
) -> None:
    _scrambled(canvas)
    job = run_auto_layout(canvas)
    assert job is not None
    qtbot.waitUntil(lambda: canvas.undo_stack.count() == 1, timeout=10_000)
    assert canvas.undo_stack.text(0) == "Auto Layout"
    assert canvas.node_position("loss/Sum") != QPointF(0.0, 0.0)


def test_a_cancelled_layout_moves_nothing(
    canvas: Canvas, qtbot: QtBot, small_threshold: None
) -> None:
    _scrambled(canvas)
    job = run_auto_layout(canvas)
    assert job is not None
    job.cancel()
    job.wait()
    qtbot.wait(50)
    assert canvas.undo_stack.count() == 0
    assert canvas.node_position("loss/Sum") == QPointF(0.0, 0.0)


def test_a_layout_of_a_graph_that_changed_meanwhile_is_not_applied(
    canvas: Canvas, qtbot: QtBot, small_threshold: None
) -> None:
    _scrambled(canvas)
    messages: list[str] = []
    canvas.statusMessage.connect(messages.append)
    job = run_auto_layout(canvas)
    assert job is not None
    canvas.rename("x", "input")
    job.wait()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert "graph changed" in messages[-1]
    assert canvas.node_position("loss/Sum") == QPointF(0.0, 0.0)
