"""The canvas inside the main window: its actions, keys, undo history and status bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QGraphicsView, QUndoView
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from tests.editor.canvas_helpers import drag, input_port, output_port

Key = QKeySequence.StandardKey


@pytest.fixture
def window(seed_window: MainWindow) -> MainWindow:
    seed_window.canvas.view.set_view(QPointF(220, 0), 1.0)
    return seed_window


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_the_canvas_fills_the_canvas_area(window: MainWindow) -> None:
    view = window.findChild(QGraphicsView, "canvas")
    assert view is window.canvas.view
    assert view.parent() is window.canvas_area
    assert window.canvas_layout.indexOf(view) == 0


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("actionUndo", Key.Undo), ("actionRedo", Key.Redo), ("actionCut", Key.Cut),
        ("actionCopy", Key.Copy), ("actionPaste", Key.Paste), ("actionDelete", Key.Delete),
        ("actionSelectAll", Key.SelectAll), ("actionZoomIn", Key.ZoomIn),
        ("actionZoomOut", Key.ZoomOut),
    ],
)
def test_edit_and_view_actions_use_the_standard_keys(
    window: MainWindow, name: str, key: Key
) -> None:
    expected = QKeySequence.keyBindings(key)
    if expected:  # first (Zoom In adds Ctrl+=: see test_shortcuts.py)
        assert action(window, name).shortcuts()[: len(expected)] == expected


def test_menus_hold_the_canvas_actions(window: MainWindow) -> None:
    edit = window.menu_edit.actions()
    for name in ("actionUndo", "actionRedo", "actionCut", "actionCopy", "actionPaste",
                 "actionDuplicate", "actionDelete", "actionSelectAll"):
        assert action(window, name) in edit, name
    view = window.menu_view.actions()
    for name in ("actionFit", "actionZoomToSelection", "actionZoomIn", "actionZoomOut",
                 "actionShowTensorNames"):
        assert action(window, name) in view, name
    assert action(window, "actionDuplicate").shortcut() == QKeySequence("Ctrl+D")
    assert action(window, "actionFit").shortcut() == QKeySequence("F")
    assert action(window, "actionShowTensorNames").isCheckable()


def test_undo_history_dock_shows_the_canvas_stack(window: MainWindow) -> None:
    dock = window.findChild(QDockWidget, "undoHistoryDock")
    history = window.findChild(QUndoView, "undoHistory")
    assert dock is not None and history is not None
    assert history.stack() is window.canvas.undo_stack
    assert dock.toggleViewAction() in window.menu_view.actions()


def test_a_refused_wire_is_explained_in_the_status_bar(window: MainWindow) -> None:
    canvas = window.canvas
    drag(canvas.view, output_port(canvas, "mul"), input_port(canvas, "add", 0))
    assert "cycle" in window.statusBar().currentMessage()


def test_delete_key_and_undo_action(window: MainWindow, qtbot: QtBot) -> None:
    canvas = window.canvas
    canvas.select_names(["mul"])
    canvas.view.setFocus()
    qtbot.keyClick(canvas.view, Qt.Key.Key_Delete)
    assert "mul" not in canvas.graph
    action(window, "actionUndo").trigger()
    assert "mul" in canvas.graph
    action(window, "actionRedo").trigger()
    assert "mul" not in canvas.graph


def test_duplicate_and_select_all_keys(window: MainWindow, qtbot: QtBot) -> None:
    canvas = window.canvas
    canvas.view.setFocus()
    canvas.select_names(["add"])
    qtbot.keyClick(canvas.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert "add_1" in canvas.graph
    qtbot.keyClick(canvas.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(canvas.selected_op_names()) == 6


def test_show_tensor_names_action(window: MainWindow) -> None:
    toggle = action(window, "actionShowTensorNames")
    toggle.trigger()
    assert window.canvas.show_tensor_names
    assert window.canvas.scene.edge_into("mul", 0).full_label == "add:0 · scalar int32"
    toggle.trigger()
    assert window.canvas.scene.edge_into("mul", 0).label_text == "scalar int32"


def test_fit_key_fits(window: MainWindow, qtbot: QtBot) -> None:
    canvas = window.canvas
    canvas.view.set_zoom(3.5)
    canvas.view.setFocus()
    qtbot.keyClick(canvas.view, Qt.Key.Key_F)
    assert canvas.view.zoom() < 3.5
