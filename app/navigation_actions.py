"""Edit → Group/Ungroup, Edit → Find, and View's groups and minimap actions.

Why a module of its own: these actions come with large graphs (name scopes as groups,
finding an op among thousands, the minimap), and the window only has to call
``install_navigation`` once its Edit and View menus exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from editor.canvas import Canvas
from editor.canvas_groups import group_selection, ungroup_selection
from editor.context_menu import ContextMenus
from editor.find_bar import FindBar, find_bar_for
from editor.i18n import tr
from editor.minimap import Minimap, minimap_for

MINIMAP_SETTING = "view/minimap"
SNAP_SETTING = "view/snapToGrid"



@dataclass
class NavigationActions:
    find: QAction
    group: QAction
    ungroup: QAction
    collapse_all: QAction
    expand_all: QAction
    minimap: QAction
    snap: QAction
    find_bar: FindBar
    map: Minimap


def _action(window: QMainWindow, text: str, name: str, keys: str = "",
            tip: str = "") -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if keys:
        action.setShortcut(QKeySequence(keys))
    if tip:
        action.setStatusTip(tip)
    return action


def install_navigation(window: QMainWindow, canvas: Canvas, edit_menu: QMenu,
                       view_menu: QMenu) -> NavigationActions:
    """Create the actions and put them in the Edit and View menus."""
    bar = find_bar_for(canvas)
    mini = minimap_for(canvas)
    a = NavigationActions(
        find=_action(window, tr("&Find…"), "actionFind", "Ctrl+F",
                     tr("Find ops by name, type or scope")),
        group=_action(window, tr("&Group"), "actionGroup", "Ctrl+G",
                      tr("Move the selected nodes into a new name scope")),
        ungroup=_action(window, tr("U&ngroup"), "actionUngroup", "Ctrl+Shift+G",
                        tr("Take the selected group's nodes out of its name scope")),
        collapse_all=_action(window, tr("&Collapse All Groups"), "actionCollapseAll", "",
                             tr("Show every top-level name scope as one node")),
        expand_all=_action(window, tr("&Expand All Groups"), "actionExpandAll", "",
                           tr("Show every node of every name scope")),
        minimap=_action(window, tr("&Minimap"), "actionMinimap", "",
                        tr("Show the whole graph in a corner of the canvas")),
        snap=_action(window, tr("&Snap to Grid"), "actionSnapToGrid", "",
                     tr("Dragged nodes land on the grid")),
        find_bar=bar, map=mini,
    )
    a.find.triggered.connect(bar.open)
    a.group.triggered.connect(lambda _c=False: group_selection(canvas))
    a.ungroup.triggered.connect(lambda _c=False: ungroup_selection(canvas))
    a.collapse_all.triggered.connect(
        lambda _c=False: canvas.groups.set_all(canvas.groups.tree.top_level()))
    a.expand_all.triggered.connect(lambda _c=False: expand_all(canvas))
    a.minimap.setCheckable(True)
    a.minimap.toggled.connect(mini.set_shown)
    a.minimap.toggled.connect(lambda on: QSettings().setValue(MINIMAP_SETTING, on))
    a.minimap.setChecked(QSettings().value(MINIMAP_SETTING, False, type=bool))
    a.snap.setCheckable(True)
    a.snap.toggled.connect(lambda on: setattr(canvas.scene, "snap_to_grid", on))
    a.snap.toggled.connect(lambda on: QSettings().setValue(SNAP_SETTING, on))
    a.snap.setChecked(QSettings().value(SNAP_SETTING, False, type=bool))
    for action in (a.group, a.ungroup):
        canvas.view.addAction(action)
    menus = ContextMenus(canvas)
    menus.runRequested.connect(lambda name: _run_up_to(window, canvas, name))
    menus.showValueRequested.connect(lambda name: _show_value(window, canvas, name))
    edit_menu.addSeparator()
    edit_menu.addActions([a.find, a.group, a.ungroup])
    view_menu.addActions([a.collapse_all, a.expand_all, a.minimap, a.snap])
    return a


def expand_all(canvas: Canvas) -> None:
    """Expand every group, then lay the graph out so no frame covers a node."""
    canvas.groups.set_all(())
    canvas.auto_layout()


def _run_up_to(window: QMainWindow, canvas: Canvas, name: str) -> None:
    """Run Up to Here: the op and only what it needs (Run Selected on it alone)."""
    canvas.select_names([name])
    run = getattr(window, "run", None)
    if run is not None:
        run.controller.run_selected()


def _show_value(window: QMainWindow, canvas: Canvas, name: str) -> None:
    """Show Value: the results dock, showing this op's last value."""
    canvas.select_names([name])
    run = getattr(window, "run", None)
    if run is not None:
        dock = run.views.dock
        dock.show()
        dock.raise_()
