"""The main window: menus, tool bar, status bar, dock areas and the canvas area.

Why object names everywhere: saveState() needs them to restore tool bars and
docks, and tests find widgets by them instead of by translated texts.
"""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.settings import LAST_FILE_KEY, open_settings

#: Bump when tool bars or docks change so an old saved state is not applied.
STATE_VERSION = 1
GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"


def _version() -> str:
    try:
        return metadata.version("tensorcanvas")
    except metadata.PackageNotFoundError:
        return "development version"


def _standard_shortcuts(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's shortcuts for ``key``; some platforms define none for Quit."""
    return QKeySequence.keyBindings(key) or [QKeySequence(fallback)]


class MainWindow(QMainWindow):
    """Top-level window. The editor fills ``canvas_area`` and adds docks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("TensorCanvas")
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

        self._create_actions()
        self._create_menus()
        self._create_tool_bar()
        self._create_status_bar()
        self.restore_settings()

    # -- construction -------------------------------------------------------

    def _create_actions(self) -> None:
        style = self.style()
        self.action_open = QAction("&Open…", self)
        self.action_open.setObjectName("actionOpen")
        self.action_open.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.action_open.setShortcuts(_standard_shortcuts(QKeySequence.StandardKey.Open, "Ctrl+O"))
        self.action_open.setStatusTip("Open a graph file")
        self.action_open.triggered.connect(self._ask_open)

        self.action_quit = QAction("&Quit", self)
        self.action_quit.setObjectName("actionQuit")
        self.action_quit.setShortcuts(_standard_shortcuts(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
        self.action_quit.setStatusTip("Quit TensorCanvas")
        self.action_quit.triggered.connect(self.close)

        self.action_about = QAction("&About TensorCanvas", self)
        self.action_about.setObjectName("actionAbout")
        self.action_about.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        )
        self.action_about.triggered.connect(self.show_about)

    def _add_menu(self, title: str, name: str) -> QMenu:
        menu = self.menuBar().addMenu(title)
        menu.setObjectName(name)
        return menu

    def _create_menus(self) -> None:
        self.menu_file = self._add_menu("&File", "menuFile")
        self.menu_file.addAction(self.action_open)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.action_quit)
        self.menu_edit = self._add_menu("&Edit", "menuEdit")
        self.menu_view = self._add_menu("&View", "menuView")
        self.menu_run = self._add_menu("&Run", "menuRun")
        self.menu_help = self._add_menu("&Help", "menuHelp")
        self.menu_help.addAction(self.action_about)

    def _create_tool_bar(self) -> None:
        self.tool_bar = QToolBar("Main Tool Bar", self)
        self.tool_bar.setObjectName("mainToolBar")
        self.tool_bar.addAction(self.action_open)
        self.addToolBar(self.tool_bar)
        self.menu_view.addAction(self.tool_bar.toggleViewAction())

    def _create_status_bar(self) -> None:
        # A permanent label, because showMessage() texts vanish on menu hover.
        self.file_label = QLabel("No file open", self)
        self.file_label.setObjectName("fileLabel")
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addPermanentWidget(self.file_label)

    # -- files --------------------------------------------------------------

    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open a graph file; the single entry point for every way of opening one.

        The command line, File→Open and (later) recent files all call this, so
        loading the graph and building the canvas get added here and nowhere else.
        For now it only records the file and shows its name.
        """
        file = Path(path)
        if not file.is_file():
            self.file_label.setText(f"Cannot open {file.name}: file not found")
            return False
        self.current_path = file.resolve()
        self.setWindowFilePath(str(self.current_path))
        self.file_label.setText(file.name)
        open_settings().setValue(LAST_FILE_KEY, str(self.current_path))
        return True

    def _ask_open(self) -> None:
        start = str(self.current_path.parent) if self.current_path else ""
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open Graph", start, "TensorCanvas graphs (*.json);;All files (*)"
        )
        if chosen:
            self.open_path(chosen)

    # -- help ---------------------------------------------------------------

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About TensorCanvas",
            f"<b>TensorCanvas</b> {_version()}<br>"
            "A visual editor for TensorFlow-1.x-style dataflow graphs.",
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
        self.save_settings()
        super().closeEvent(event)
