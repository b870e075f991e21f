"""The window's Group, Find and minimap actions, and the canvas context menu's run
entries."""

from __future__ import annotations

from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from editor.context_menu import ContextMenus
from tests.app.run_helpers import RUN_TIMEOUT_MS, controller
from tests.editor.scoped_graphs import layered_model


def _window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    window.canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    return window


def _action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_edit_group_groups_the_selected_nodes(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.canvas.select_names(["layer0/MatMul", "layer0/Tanh"])
    _action(window, "actionGroup").trigger()
    assert "layer0/group/MatMul" in window.canvas.graph
    assert _action(window, "actionGroup").shortcut().toString() == "Ctrl+G"


def test_edit_find_opens_the_find_bar(qtbot: QtBot) -> None:
    window = _window(qtbot)
    _action(window, "actionFind").trigger()
    assert window.navigation.find_bar.isVisible()


def test_view_minimap_shows_and_hides_the_minimap(qtbot: QtBot) -> None:
    window = _window(qtbot)
    minimap = _action(window, "actionMinimap")
    minimap.setChecked(True)
    assert window.navigation.map.isVisible()
    minimap.setChecked(False)
    assert not window.navigation.map.isVisible()


def test_collapse_all_groups_collapses_the_top_level_scopes(qtbot: QtBot) -> None:
    window = _window(qtbot)
    _action(window, "actionCollapseAll").trigger()
    assert window.canvas.groups.collapsed == {"layer0", "layer1", "layer2", "loss"}


def test_run_up_to_here_runs_only_that_op_and_what_it_needs(qtbot: QtBot) -> None:
    window = _window(qtbot)
    window.canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    g = window.canvas.graph
    x = g.get_operation_by_name("x")
    g.set_attrs(x, {"default_value": [[1.0, 2.0, 3.0, 4.0]]})
    menus = window.canvas.view.findChild(ContextMenus)
    assert menus is not None
    with qtbot.waitSignal(controller(window).finished, timeout=RUN_TIMEOUT_MS):
        menus.runRequested.emit("layer0/MatMul")
    assert set(controller(window).results) == {"layer0/MatMul"}
