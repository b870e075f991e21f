"""A file's saved view (centre and zoom) comes back when it is reopened or recovered; and
Zoom to Selection frames the selected nodes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

import engine
from app.application import SEED_EXAMPLE
from app.main_window import MainWindow
from tests.editor.canvas_helpers import drag


def _file(tmp_path: Path, center: tuple[float, float], zoom: float) -> Path:
    doc = json.loads(SEED_EXAMPLE.read_text())
    doc["editor"]["view"] = {"center": list(center), "zoom": zoom}
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(doc))
    return path


def _window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 760)
    return window


def _shown(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(10)


def _within_a_pixel(window: MainWindow, center: tuple[float, float], zoom: float) -> bool:
    view = window.canvas.view
    shown = view.center()
    off = max(abs(shown.x() - center[0]), abs(shown.y() - center[1])) * view.zoom()
    return abs(view.zoom() - zoom) < 1e-6 and off <= 1.0


@pytest.mark.parametrize("zoom", [1.3, 1.7, 2.5])
def test_a_saved_view_that_shows_part_of_the_graph_is_restored(
    qtbot: QtBot, tmp_path: Path, zoom: float
) -> None:
    window = _window(qtbot)
    _shown(window, qtbot)
    assert window.open_path(_file(tmp_path, (285.0, 30.0), zoom))
    qtbot.wait(10)
    assert _within_a_pixel(window, (285.0, 30.0), zoom)


def test_a_view_saved_and_reopened_comes_back_where_it_was(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot)
    _shown(window, qtbot)
    path = _file(tmp_path, (285.0, 30.0), 1.0)
    assert window.open_path(path)
    window.canvas.view.set_view(QPointF(140.0, 95.0), 1.37)
    assert window.document.save()
    again = _window(qtbot)
    _shown(again, qtbot)
    assert again.open_path(path)
    qtbot.wait(10)
    assert _within_a_pixel(again, (140.0, 95.0), 1.37)


def test_a_view_that_would_show_none_of_the_graph_fits_it_instead(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot)
    _shown(window, qtbot)
    assert window.open_path(_file(tmp_path, (9000.0, 9000.0), 1.0))
    qtbot.wait(10)
    view = window.canvas.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(window.canvas.scene.content_rect())


def test_a_graph_restored_before_the_window_shows_keeps_its_stored_view(
    qtbot: QtBot,
) -> None:
    """What recovery does: the graph goes in before the window is shown, and the
    recovery copy is written at once."""
    graph, editor = engine.load_graph(SEED_EXAMPLE)
    assert editor is not None
    editor["view"] = {"center": [285.5, 30.25], "zoom": 1.3}
    window = _window(qtbot)
    window.canvas.set_graph(graph, editor)
    view = window.canvas.editor_section()["view"]
    assert (view["center"], view["zoom"]) == ([285.5, 30.25], 1.3)
    _shown(window, qtbot)
    assert _within_a_pixel(window, (285.5, 30.25), 1.3)


def test_zoom_to_selection_after_a_rubber_band_frames_the_selected_nodes(
    qtbot: QtBot,
) -> None:
    window = _window(qtbot)
    _shown(window, qtbot)
    assert window.open_path(SEED_EXAMPLE)
    canvas = window.canvas
    canvas.scene.set_node_position("add", QPointF(3000.0, 2000.0))  # a long link from Const
    canvas.view.set_view(QPointF(60.0, -30.0), 1.0)
    node = canvas.scene.node_named("Const")
    assert node is not None
    rect = node.sceneBoundingRect()
    view = canvas.view
    start = view.to_view(rect.topLeft() - QPointF(8.0, 8.0))
    end = view.to_view(rect.bottomRight() + QPointF(8.0, 8.0))
    drag(view, start, end)  # a band around Const catches its link to add as well
    assert canvas.selected_op_names() == ["Const"]
    assert canvas.scene.selected_edges()
    canvas.zoom_to_selection()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(node.sceneBoundingRect())
    assert view.zoom() == pytest.approx(1.5)  # as close as Fit goes: the node alone
