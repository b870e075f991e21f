"""The main window: menus, tool bar, status bar, dock areas and the canvas area.

Why object names everywhere: saveState() needs them to restore tool bars and
docks, and tests find widgets by them instead of by translated texts.
"""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyle,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from app.actions import create_canvas_actions
from app.document import Document
from app.export_image import ImageExport
from app.interop_actions import install_interop
from app.language_menu import install_language_menu
from app.navigation_actions import install_navigation
from app.panels import install_panels
from app.run_actions import install_run
from app.settings import open_settings
from app.shortcuts import install_shortcuts_help, resolve_shortcut_conflicts
from app.train_actions import install_train
from app.tutorial_panel import Tutorial
from editor.canvas import Canvas
from editor.i18n import Retranslator, translate

#: Bump when tool bars or docks change so an old saved state is not applied.
STATE_VERSION = 4
GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"


def _version() -> str:
    try:
        return metadata.version("tensorcanvas")
    except metadata.PackageNotFoundError:
        return translate("MainWindow", "development version")


def _standard_shortcuts(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's shortcuts for ``key``; some platforms define none for Quit."""
    return QKeySequence.keyBindings(key) or [QKeySequence(fallback)]


class MainWindow(QMainWindow):
    """Top-level window. The editor fills ``canvas_area`` and adds docks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("TensorCanvas")
        #: sets the window's own texts again when the language changes (editor.i18n)
        self.texts = Retranslator.of(self)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowNestedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.current_path: Path | None = None

        self.canvas_area = QWidget(self)
        self.canvas_area.setObjectName("canvasArea")
        self.canvas_layout = QVBoxLayout(self.canvas_area)
        self.canvas_layout.setContentsMargins(0, 0, 0, 0)
        # The canvas area is a document surface, so it gets the base (white) colour.
        self.canvas_area.setBackgroundRole(QPalette.ColorRole.Base)
        self.canvas_area.setAutoFillBackground(True)
        self.setCentralWidget(self.canvas_area)

        self.canvas = Canvas(self)
        self.canvas_layout.addWidget(self.canvas.view)

        self._create_actions()
        self._create_menus()
        self.canvas_actions = create_canvas_actions(
            self, self.canvas, self.menu_edit, self.menu_view
        )
        self.navigation = install_navigation(self, self.canvas, self.menu_edit, self.menu_view)
        self._create_tool_bar()
        self._create_undo_dock()
        self._create_status_bar()
        self.canvas.statusMessage.connect(self._show_status)
        # the editor's docks, File actions and Help → Keyboard Shortcuts (their own modules)
        self.panels = install_panels(self)
        # Run menu, tool bar and device selector, the results dock (app/run_actions.py)
        self.run = install_run(self)
        # Train menu and dock, training off the GUI thread (app/train_actions.py)
        self.train = install_train(self, self.run)
        self.document = Document(self)
        self.image_export = ImageExport(self)  # File → Export Image…
        # File → Import… / Export…: GraphDef, ONNX and Python (app/interop_actions.py)
        self.interop = install_interop(self)
        self.action_shortcuts = install_shortcuts_help(self, self.menu_help)
        self.tutorial = Tutorial(self)  # Help → Tutorial, the lesson's side panel
        self.menu_language = install_language_menu(self, self.menu_view, self.texts)
        resolve_shortcut_conflicts(self)  # one action per key, whatever the desktop's keys
        self.restore_settings()
        self.canvas.view.setFocus()

    # -- construction -------------------------------------------------------

    def _create_actions(self) -> None:
        style = self.style()
        self.action_open = QAction(self)
        self.action_open.setObjectName("actionOpen")
        self.action_open.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.action_open.setShortcuts(_standard_shortcuts(QKeySequence.StandardKey.Open, "Ctrl+O"))
        self.texts.keep(lambda: (
            self.action_open.setText(translate("MainWindow", "&Open…")),
            self.action_open.setStatusTip(translate("MainWindow", "Open a graph file")),
        ))
        self.action_open.triggered.connect(self._ask_open)

        self.action_quit = QAction(self)
        self.action_quit.setObjectName("actionQuit")
        self.action_quit.setShortcuts(_standard_shortcuts(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
        self.texts.keep(lambda: (
            self.action_quit.setText(translate("MainWindow", "&Quit")),
            self.action_quit.setStatusTip(translate("MainWindow", "Quit TensorCanvas")),
        ))
        self.action_quit.triggered.connect(self.close)

        self.action_about = QAction(self)
        self.texts.keep(lambda: self.action_about.setText(
            translate("MainWindow", "&About TensorCanvas")))
        self.action_about.setObjectName("actionAbout")
        self.action_about.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        )
        self.action_about.triggered.connect(self.show_about)

    def _add_menu(self, name: str) -> QMenu:
        menu = self.menuBar().addMenu("")
        menu.setObjectName(name)
        return menu

    def _create_menus(self) -> None:
        self.menu_file = self._add_menu("menuFile")
        self.menu_file.addAction(self.action_open)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.action_quit)
        self.menu_edit = self._add_menu("menuEdit")
        self.menu_view = self._add_menu("menuView")
        self.menu_run = self._add_menu("menuRun")
        self.menu_help = self._add_menu("menuHelp")
        self.menu_help.addAction(self.action_about)
        self.texts.keep(lambda: (
            self.menu_file.setTitle(translate("MainWindow", "&File")),
            self.menu_edit.setTitle(translate("MainWindow", "&Edit")),
            self.menu_view.setTitle(translate("MainWindow", "&View")),
            self.menu_run.setTitle(translate("MainWindow", "&Run")),
            self.menu_help.setTitle(translate("MainWindow", "&Help")),
        ))

    def _create_tool_bar(self) -> None:
        self.tool_bar = QToolBar(self)
        self.texts.keep(lambda: self.tool_bar.setWindowTitle(
            translate("MainWindow", "Main Tool Bar")))
        self.tool_bar.setObjectName("mainToolBar")
        self.tool_bar.addAction(self.action_open)
        self.addToolBar(self.tool_bar)
        self.menu_view.addAction(self.tool_bar.toggleViewAction())

    def _create_undo_dock(self) -> None:
        self.undo_view = QUndoView(self.canvas.undo_stack, self)
        self.undo_view.setObjectName("undoHistory")
        self.undo_dock = QDockWidget(self)
        self.texts.keep(lambda: (
            self.undo_view.setEmptyLabel(translate("MainWindow", "<opened file>")),
            self.undo_view.viewport().update(),  # the steps' texts, said again
            self.undo_dock.setWindowTitle(translate("MainWindow", "Undo History")),
        ))
        self.undo_dock.setObjectName("undoHistoryDock")
        self.undo_dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.menu_view.addAction(self.undo_dock.toggleViewAction())

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def _create_status_bar(self) -> None:
        # A permanent label, because showMessage() texts vanish on menu hover.
        self.file_label = QLabel(translate("MainWindow", "No file open"), self)
        self.file_label.setObjectName("fileLabel")
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addPermanentWidget(self.file_label)

    # -- files --------------------------------------------------------------

    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open a graph file; the single entry point for every way of opening one.

        The command line, File→Open, Open Recent and a dropped file all call this. The
        document asks about unsaved changes and loads the file; a file that cannot be
        loaded leaves the open graph as it was and says why.
        """
        return self.document.open_path(path)

    def _ask_open(self) -> None:
        self.document.ask_open()

    # -- help ---------------------------------------------------------------

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            translate("MainWindow", "About TensorCanvas"),
            f"<b>TensorCanvas</b> {_version()}<br>"
            + translate("MainWindow", "A visual editor for TensorFlow-1.x-style dataflow graphs."),
        )

    # -- settings -----------------------------------------------------------

    def restore_settings(self) -> None:
        """Restore the size, position, tool bars and docks of the last session."""
        settings = open_settings()
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state, STATE_VERSION)

    def save_settings(self) -> None:
        settings = open_settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState(STATE_VERSION))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.document.close_requested():  # the user cancelled: stay open
            event.ignore()
            return
        self.train.controller.shutdown()  # training's and a run's threads end first
        self.run.controller.shutdown()
        self.save_settings()
        super().closeEvent(event)
