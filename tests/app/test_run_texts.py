"""What the window says about a run: node states and tooltips, the status bar, and the
Results dock (its name after a rename, its empty texts, its heat map's axes, its export
messages)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from app.results_dock import ResultsDock
from app.value_plots import MIN_PLOT_HEIGHT, CellAxis
from tests.app.run_helpers import (
    RUN_TIMEOUT_MS,
    action,
    chain_graph,
    controller,
    placeholder_graph,
    run_and_wait,
)


@pytest.fixture
def window(seed_window: MainWindow) -> MainWindow:
    return seed_window


def _dock(window: MainWindow) -> ResultsDock:
    return window.run.views.dock


def _empty_text(window: MainWindow) -> str:
    dock = _dock(window)
    assert dock.value is None
    return dock.empty_label.text()


# --- node states and tooltips ----------------------------------------------------------------
def test_a_fed_placeholder_says_it_was_fed_not_folded(qtbot: QtBot, window: MainWindow) -> None:
    controller(window).ask_feeds = lambda requests: {"x": [1, 2, 3]}
    window.canvas.set_graph(placeholder_graph())
    window.canvas.select_names(["doubled"])
    run_and_wait(qtbot, window, "actionRunSelected")
    x = window.canvas.run_node("x")
    assert x is not None and x.run_text == "fed"
    assert "fed with the value you gave" in x.toolTip()


def test_a_node_made_invalid_after_a_run_shows_no_old_value_nor_tf_internals(
    qtbot: QtBot, window: MainWindow
) -> None:
    run_and_wait(qtbot, window)
    add, mul = window.canvas.run_node("add"), window.canvas.run_node("mul")
    assert add is not None and mul is not None
    assert "Value (scalar int32):\n77" in mul.toolTip()
    window.canvas.set_attrs("Const", {"value": [1, 2]})
    window.canvas.set_attrs("Const_1", {"value": [1, 2, 3]})
    tip = add.toolTip()
    assert "Dimensions must be equal, but are 2 and 3 (input shapes: [2], [3])." in tip
    assert "{{node" not in tip and "DT_INT32" not in tip
    assert "Invalid input" in mul.toolTip() and "Value (" not in mul.toolTip()


# --- the status bar --------------------------------------------------------------------------
def test_stopping_a_first_run_does_not_speak_of_earlier_results(
    qtbot: QtBot, window: MainWindow
) -> None:
    run = controller(window)
    run.cache_bytes = 48 << 20
    window.canvas.set_graph(chain_graph())
    messages: list[str] = []
    run.statusMessage.connect(messages.append)
    with qtbot.waitSignal(run.opState, timeout=RUN_TIMEOUT_MS,
                          check_params_cb=lambda name, state, _s: state == "done"):
        action(window, "actionRun").trigger()
    with qtbot.waitSignal(run.cancelled, timeout=RUN_TIMEOUT_MS):
        action(window, "actionStop").trigger()
    assert messages[-1] == "Run stopped before any result"
    assert "earlier run" not in window.statusBar().currentMessage()


# --- the Results dock ------------------------------------------------------------------------
def test_the_dock_follows_a_rename_of_the_node_it_shows(qtbot: QtBot, window: MainWindow) -> None:
    window.canvas.select_names(["add"])
    run_and_wait(qtbot, window, "actionRunSelected")
    assert _dock(window).name_label.text() == "add"
    window.canvas.rename("add", "alpha")
    assert _dock(window).name_label.text() == "alpha"
    assert int(_dock(window).value) == 11


def test_the_empty_dock_names_the_node_by_its_new_name(window: MainWindow) -> None:
    window.canvas.select_names(["Const_2"])
    window.canvas.rename("Const_2", "alpha")
    assert _empty_text(window).startswith("\u2018alpha\u2019 has no result yet")


def test_several_selected_nodes_are_not_called_unrun(qtbot: QtBot, window: MainWindow) -> None:
    run_and_wait(qtbot, window)
    window.canvas.select_names(["add", "mul"])
    assert _empty_text(window) == "2 nodes selected \u2014 select one to see its result"


@pytest.fixture
def plain_dock(qtbot: QtBot) -> Iterator[ResultsDock]:
    main = QMainWindow()
    qtbot.addWidget(main)
    main.resize(900, 600)
    dock = ResultsDock(main)
    main.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    main.show()
    QApplication.processEvents()
    yield dock  # the window lives as long as the test


def _ticks(axis: CellAxis) -> list[float]:
    view = axis.linkedView()
    assert view is not None
    lo, hi = view.viewRange()[1 if axis.orientation in ("left", "right") else 0]
    size = axis.height() if axis.orientation in ("left", "right") else axis.width()
    values = axis.tickValues(lo, hi, size)
    return [v for _spacing, ticks in values for v in ticks]


def test_a_2x1_heat_map_has_one_tick_per_cell_and_no_scaled_axis(
    plain_dock: ResultsDock,
) -> None:
    plain_dock.show_value("tall", np.array([[1.5], [2.5]], np.float32))
    QApplication.processEvents()
    item = plain_dock.heatmap.getPlotItem()
    left, bottom = item.getAxis("left"), item.getAxis("bottom")
    assert isinstance(left, CellAxis) and isinstance(bottom, CellAxis)
    assert _ticks(left) == [0.0, 1.0]
    assert _ticks(bottom) == [0.0]
    assert "x0.001" not in bottom.labelString() and "column" in bottom.labelString()


def test_heat_map_ticks_are_whole_cells_that_do_not_overlap(plain_dock: ResultsDock) -> None:
    plain_dock.show_value("big", np.arange(300 * 40, dtype=np.float32).reshape(300, 40))
    QApplication.processEvents()
    left = plain_dock.heatmap.getPlotItem().getAxis("left")
    ticks = _ticks(left)
    assert ticks and all(t == int(t) for t in ticks)
    lo, hi = left.linkedView().viewRange()[1]
    pixels_apart = (ticks[1] - ticks[0]) * left.height() / abs(hi - lo)
    label_height = QFontMetrics(left.style.get("tickFont") or left.font()).height()
    assert pixels_apart >= label_height


def test_plots_keep_a_readable_height(plain_dock: ResultsDock) -> None:
    plain_dock.show_value("tall", np.array([[1.5], [2.5]], np.float32))
    QApplication.processEvents()
    assert plain_dock.heatmap.minimumHeight() >= MIN_PLOT_HEIGHT
    assert plain_dock.heatmap.height() >= MIN_PLOT_HEIGHT


def test_the_csv_refusal_for_a_rank_3_value_is_shown_whole(
    plain_dock: ResultsDock, tmp_path: Path
) -> None:
    plain_dock.show_value("cube", np.zeros((2, 3, 4), np.float32))
    assert not plain_dock.export(str(tmp_path / "out.csv"))
    QApplication.processEvents()
    label = plain_dock.message_label
    assert label.text().endswith("use \u201cExport slice\u2026\u201d for the shown slice")
    body = plain_dock.widget()
    left = label.mapTo(body, QPoint(0, 0)).x()
    assert label.isVisible() and left + label.width() <= body.width()
    needed = label.fontMetrics().boundingRect(
        QRect(0, 0, label.width(), 10_000), int(Qt.TextFlag.TextWordWrap), label.text())
    assert needed.height() <= label.height()  # every line of it is in the label
