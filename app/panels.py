"""The editor's docks around the canvas: the op palette (left) and the inspector (right).

Also installs the canvas helpers that come with them: dropping palette entries onto the
canvas, and the Tab / double-click / right-click "add node" search.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from app.window_protocols import PanelsWindow
from editor.drop import OpDropFilter, add_node_at_centre
from editor.i18n import QT_TRANSLATE_NOOP, keep_translated, translate
from editor.inspector import Inspector
from editor.palette import Palette
from editor.search_popup import SearchPopupController


@dataclass
class Panels:
    palette: Palette
    palette_dock: QDockWidget
    inspector: Inspector
    inspector_dock: QDockWidget
    drops: OpDropFilter
    search: SearchPopupController


def _dock(window: QMainWindow, title: str, tip: str, name: str,
          area: Qt.DockWidgetArea) -> QDockWidget:
    """``title`` and ``tip``: source texts of the "Panels" context."""
    dock = QDockWidget(window)
    dock.setObjectName(name)
    dock.setAllowedAreas(
        Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
    )
    window.addDockWidget(area, dock)
    toggle = dock.toggleViewAction()
    toggle.setObjectName(f"actionShow{name[0].upper()}{name[1:].removesuffix('Dock')}")
    keep_translated(window, lambda: (
        dock.setWindowTitle(translate("Panels", title)),
        toggle.setStatusTip(translate("Panels", tip)),
    ))
    return dock


def install_panels(window: PanelsWindow) -> Panels:
    """Create the palette and inspector docks for ``window.canvas`` and list them in the
    View menu (before the tool bar's entry)."""
    assert isinstance(window, QMainWindow)  # the docks' home (see app.window_protocols)
    canvas = window.canvas

    palette = Palette()
    palette_dock = _dock(window, QT_TRANSLATE_NOOP("Panels", "Palette"),
                         QT_TRANSLATE_NOOP("Panels", "Show or hide the palette"),
                         "paletteDock", Qt.DockWidgetArea.LeftDockWidgetArea)
    palette_dock.setWidget(palette)
    palette.opActivated.connect(lambda op_type: add_node_at_centre(canvas, op_type))

    inspector = Inspector(canvas)
    inspector_dock = _dock(
        window, QT_TRANSLATE_NOOP("Panels", "Inspector"),
        QT_TRANSLATE_NOOP("Panels", "Show or hide the inspector"),
        "inspectorDock", Qt.DockWidgetArea.RightDockWidgetArea,
    )
    inspector_dock.setWidget(inspector)

    view_menu = window.menu_view
    first = view_menu.actions()[0] if view_menu.actions() else None
    view_menu.insertAction(first, palette_dock.toggleViewAction())
    view_menu.insertAction(first, inspector_dock.toggleViewAction())
    if first is not None:
        view_menu.insertSeparator(first)

    window.resizeDocks([palette_dock, inspector_dock], [210, 300], Qt.Orientation.Horizontal)
    # The inspector is the panel used most: it goes above any other right-hand dock
    # (the undo history), and gets most of the height.
    for other in window.findChildren(QDockWidget):
        if other is inspector_dock or window.dockWidgetArea(other) != (
            Qt.DockWidgetArea.RightDockWidgetArea
        ):
            continue
        window.splitDockWidget(inspector_dock, other, Qt.Orientation.Vertical)
        window.resizeDocks([inspector_dock, other], [560, 160], Qt.Orientation.Vertical)
        break
    return Panels(
        palette, palette_dock, inspector, inspector_dock,
        OpDropFilter(canvas), SearchPopupController(canvas),
    )
