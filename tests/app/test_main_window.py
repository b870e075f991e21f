"""The main window skeleton: menus, bars, object names, settings, the open hook."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QStatusBar, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from app.application import SEED_EXAMPLE
from app.main_window import MainWindow
from app.settings import LAST_FILE_KEY, open_settings


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    return main_window


def test_title_and_object_name(window: MainWindow) -> None:
    assert window.objectName() == "mainWindow"
    # a new window holds an untitled graph; [*] becomes "*" while it has unsaved changes
    assert window.windowTitle() == "Untitled[*] — TensorCanvas"


def test_menus_in_order(window: MainWindow) -> None:
    titles = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Run", "Train", "Help"]
    for name in ("menuFile", "menuEdit", "menuView", "menuRun", "menuTrain", "menuHelp"):
        assert window.findChild(QMenu, name) is not None, name


def test_bars_and_canvas_area(window: MainWindow) -> None:
    tool_bar = window.findChild(QToolBar, "mainToolBar")
    assert tool_bar is not None
    assert isinstance(window.statusBar(), QStatusBar)
    canvas = window.findChild(QWidget, "canvasArea")
    assert canvas is window.centralWidget()
    assert canvas.layout() is not None


def test_quit_uses_the_standard_quit_key(window: MainWindow) -> None:
    quit_action = window.findChild(type(window.action_quit), "actionQuit")
    assert quit_action is window.action_quit
    # Platforms without a standard Quit key (Windows, offscreen) get Ctrl+Q.
    expected = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
    assert quit_action.shortcuts() == expected
    assert quit_action in window.menu_file.actions()


def test_about_in_help_menu(window: MainWindow) -> None:
    assert window.action_about.objectName() == "actionAbout"
    assert window.action_about in window.menu_help.actions()


def test_quit_closes_the_window(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.action_quit.trigger()
    assert not window.isVisible()


def test_settings_are_isolated() -> None:
    assert open_settings().fileName().startswith(os.environ["XDG_CONFIG_HOME"])


def test_geometry_is_restored(qtbot: QtBot) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(640, 480)
    first.show()
    qtbot.waitExposed(first)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (640, 480)


def test_open_path_shows_the_file_name(window: MainWindow, tmp_path: Path) -> None:
    graph = tmp_path / "example.json"
    graph.write_text(SEED_EXAMPLE.read_text())
    assert window.open_path(graph)
    assert window.file_label.text() == "example.json"
    assert window.current_path == graph.resolve()


def test_the_file_becomes_the_last_file_once_the_window_shows_it(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    graph = tmp_path / "example.json"
    graph.write_text(SEED_EXAMPLE.read_text())
    assert window.open_path(graph)
    assert open_settings().value(LAST_FILE_KEY) != str(graph.resolve())
    window.show()
    qtbot.waitUntil(lambda: open_settings().value(LAST_FILE_KEY) == str(graph.resolve()))


def test_open_path_loads_the_graph_onto_the_canvas(window: MainWindow) -> None:
    assert window.open_path(SEED_EXAMPLE)
    names = sorted(node.op.name for node in window.canvas.scene.nodes())
    assert names == ["Const", "Const_1", "Const_2", "add", "mul"]


def test_a_broken_file_leaves_the_open_graph_alone(window: MainWindow, tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    graph.write_text(SEED_EXAMPLE.read_text())
    assert window.open_path(graph)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "tensorcanvas-graph", "version": 1, "ops": [{"name": 3}]}')
    assert not window.open_path(broken)
    assert "Cannot open broken.json" in window.file_label.text()
    assert "broken.json" in window.statusBar().currentMessage()
    assert window.canvas.graph.get_operation_by_name("mul").type == "Mul"
    assert window.current_path == graph.resolve()


def test_open_missing_path_reports_it(window: MainWindow, tmp_path: Path) -> None:
    assert not window.open_path(tmp_path / "missing.json")
    assert "not found" in window.file_label.text()
    assert window.current_path is None
