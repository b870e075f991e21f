"""What each installer needs of the main window, as Protocols.

Why Protocols: ``main_window.py`` builds the window by calling installers (the panels,
the Run menu and its views, the document). If those imported ``MainWindow`` to type
their ``window`` parameter, each would import the module that imports it: an import
cycle, even under ``TYPE_CHECKING``. Instead each installer names here just the parts of
the window it uses; ``MainWindow`` has them all, and imports the installers one way.

Why only the window's own parts are listed, not Qt's methods: the installers parent their
docks, actions and dialogs to the window, and Qt takes a parent only as a real
``QWidget``, which no Protocol can promise. So each installer first checks
``isinstance(window, QMainWindow)``; for a type checker that check narrows the window to
"this Protocol and a ``QMainWindow``", which gives it Qt's methods, typed by Qt itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QUndoView, QVBoxLayout

from app.actions import CanvasActions
from editor.canvas import Canvas


class PanelsWindow(Protocol):
    """What ``app.panels.install_panels`` uses: the canvas and the View menu."""

    canvas: Canvas
    menu_view: QMenu


class RunViewsWindow(Protocol):
    """What ``app.run_views.install_run_views`` uses: the canvas, the layout it sits in
    (the failure notice goes below it) and the View menu (the Results dock's entry)."""

    canvas: Canvas
    canvas_layout: QVBoxLayout
    menu_view: QMenu


class RunWindow(RunViewsWindow, Protocol):
    """What ``app.run_actions.install_run`` uses, besides what its views use: the Run
    menu and the tool bar (its actions), and the editing actions and undo history (the
    edit lock switches them off during a run)."""

    menu_run: QMenu
    tool_bar: QToolBar
    canvas_actions: CanvasActions
    undo_view: QUndoView


class DocumentWindow(Protocol):
    """What ``app.document.Document`` uses: the canvas, the File menu and tool bar (its
    actions go next to Open), the status bar's file label, and ``current_path`` (which it
    keeps up to date)."""

    canvas: Canvas
    menu_file: QMenu
    action_open: QAction
    tool_bar: QToolBar
    file_label: QLabel
    current_path: Path | None
