"""Keys: one action per key on every desktop, the shortcuts dialog listing each binding
once and the canvas's gestures, Ctrl+= zooming in, arrow keys nudging the selection."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.application import SEED_EXAMPLE
from app.main_window import MainWindow
from app.shortcuts import ShortcutsDialog, shortcut_conflicts

Key = QKeySequence.StandardKey
Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


def _x11_bindings(original: Callable[[Key], list[QKeySequence]]) -> Callable[[Key], object]:
    """Qt's bindings on GNOME and KDE (its X11 scheme), where Delete is also Ctrl+D."""

    def bindings(key: Key) -> list[QKeySequence]:
        if key == Key.Delete:
            return [QKeySequence("Del"), QKeySequence("Ctrl+D")]
        return list(original(key))

    return bindings


def _window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(SEED_EXAMPLE)
    window.canvas.view.setFocus()
    return window


@pytest.fixture
def x11_window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(
        QKeySequence, "keyBindings", staticmethod(_x11_bindings(QKeySequence.keyBindings))
    )
    return _window(qtbot)


def test_no_key_is_bound_to_two_actions(seed_window: MainWindow) -> None:
    assert shortcut_conflicts(seed_window) == {}


def test_with_the_desktops_delete_keys_no_key_is_bound_twice(x11_window: MainWindow) -> None:
    assert shortcut_conflicts(x11_window) == {}
    delete = x11_window.canvas_actions.delete
    assert [k.toString() for k in delete.shortcuts()] == ["Del"]


def test_with_the_desktops_delete_keys_ctrl_d_duplicates(
    x11_window: MainWindow, qtbot: QtBot
) -> None:
    canvas = x11_window.canvas
    canvas.select_names(["add"])
    qtbot.keyClick(canvas.view, Qt.Key.Key_D, Ctrl)
    assert "add" in canvas.graph and "add_1" in canvas.graph


def test_the_dialog_lists_each_binding_once_and_the_canvas_gestures(
    seed_window: MainWindow,
) -> None:
    dialog = ShortcutsDialog(seed_window)
    rows = dialog.rows()
    gestures = {keys for _what, keys, where in rows if where in ("Canvas", "Node search")}
    bound = [
        (key, where) for _what, keys, where in rows if keys not in gestures
        for key in keys.split(", ")
    ]
    assert len(bound) == len(set(bound)), sorted(b for b in bound if bound.count(b) > 1)
    assert ("Ctrl+C", "Results table") in bound and ("Ctrl+C", "Edit") in bound
    for keys in ("Tab", "Space+drag, middle-drag", "Esc", "Double-click empty canvas"):
        assert keys in gestures, keys
    dialog.close()


def test_ctrl_equals_zooms_in(seed_window: MainWindow, qtbot: QtBot) -> None:
    view = seed_window.canvas.view
    view.set_zoom(1.0)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Ctrl)
    assert view.zoom() > 1.0


def test_arrow_keys_nudge_the_selected_nodes_as_one_undo_step(
    seed_window: MainWindow, qtbot: QtBot
) -> None:
    canvas = seed_window.canvas
    view = canvas.view
    start = canvas.node_position("add")
    centre = view.center()
    canvas.select_names(["add"])
    view.setFocus()
    before = canvas.undo_stack.count()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down, Shift)
    assert canvas.node_position("add") == start + QPointF(20.0, 50.0)
    assert view.center() == centre  # the view did not scroll
    assert canvas.undo_stack.count() == before + 1
    canvas.undo_stack.undo()
    assert canvas.node_position("add") == start
