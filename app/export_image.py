"""File → Export Image…: the canvas, or its selection, as PNG (1×, 2×, 4×) or SVG.

Why a dialog before the file name: what to draw, the scale and the background decide the
picture (its size is shown as they change); the file dialog then only asks where. The
choices are remembered for the next export. The drawing itself is the editor's
(``editor.image_export``), shared with ``python main.py render``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.settings import open_settings
from editor.canvas import Canvas
from editor.i18n import Retranslator, translate
from editor.image_export import (
    SCALES,
    ExportError,
    ImageOptions,
    picture_rect,
    save_picture,
)

OPTIONS_KEY = "export/image"


class ExportWindow(Protocol):
    canvas: Canvas
    menu_file: QMenu
    texts: Retranslator


class ExportImageDialog(QDialog):
    """The picture's options; ``options()`` and ``file_format()`` once accepted."""

    def __init__(self, canvas: Canvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportImageDialog")
        self.setWindowTitle(translate("ExportImage", "Export Image"))
        self.canvas = canvas
        has_selection = bool(canvas.selected_op_names())

        self.whole = QRadioButton(translate("ExportImage", "&Whole graph"), self)
        self.whole.setObjectName("exportWhole")
        self.selection = QRadioButton(translate("ExportImage", "&Selected nodes"), self)
        self.selection.setObjectName("exportSelection")
        self.selection.setEnabled(has_selection)
        scope = QButtonGroup(self)
        scope.addButton(self.whole)
        scope.addButton(self.selection)
        (self.selection if has_selection else self.whole).setChecked(True)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.whole)
        scope_row.addWidget(self.selection)
        scope_row.addStretch(1)

        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        self.format.addItem(translate("ExportImage", "PNG image (pixels)"), "png")
        self.format.addItem(translate("ExportImage", "SVG drawing (vector)"), "svg")
        self.scale = QComboBox(self)
        self.scale.setObjectName("exportScale")
        for scale in SCALES:
            self.scale.addItem(f"{scale}×", scale)
        self.background = QComboBox(self)
        self.background.setObjectName("exportBackground")
        self.background.addItem(translate("ExportImage", "Canvas colour"), False)
        self.background.addItem(translate("ExportImage", "Transparent"), True)
        self.print_theme = QCheckBox(translate("ExportImage", "Light &theme for printing"), self)
        self.print_theme.setObjectName("exportPrintTheme")
        self.size_label = QLabel(self)
        self.size_label.setObjectName("exportSize")

        form = QFormLayout()
        form.addRow(translate("ExportImage", "Draw:"), scope_row)
        form.addRow(translate("ExportImage", "Format:"), self.format)
        form.addRow(translate("ExportImage", "Scale:"), self.scale)
        form.addRow(translate("ExportImage", "Background:"), self.background)
        form.addRow("", self.print_theme)
        form.addRow(translate("ExportImage", "Size:"), self.size_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("ExportImage", "Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        self._restore()
        for combo in (self.format, self.scale, self.background):
            combo.currentIndexChanged.connect(lambda _i: self._update())
        self.whole.toggled.connect(lambda _on: self._update())
        self._update()

    def file_format(self) -> str:
        return str(self.format.currentData())

    def options(self) -> ImageOptions:
        return ImageOptions(
            selection_only=self.selection.isChecked(),
            scale=int(self.scale.currentData()) if self.file_format() == "png" else 1,
            transparent=bool(self.background.currentData()),
            print_theme=self.print_theme.isChecked(),
        )

    def _update(self) -> None:
        png = self.file_format() == "png"
        self.scale.setEnabled(png)
        options = self.options()
        rect = picture_rect(self.canvas.scene, options.selection_only)
        if rect.isEmpty():
            self.size_label.setText(translate("ExportImage", "nothing to draw"))
            return
        width, height = round(rect.width() * options.scale), round(rect.height() * options.scale)
        self.size_label.setText(
            translate("ExportImage", "{width} × {height} pixels").format(width=width,
                                                                        height=height)
            if png else
            translate("ExportImage", "{width} × {height} points (scales without loss)")
            .format(width=width, height=height))

    def _restore(self) -> None:
        saved = open_settings().value(OPTIONS_KEY, {})
        saved = saved if isinstance(saved, dict) else {}
        for combo, key in ((self.format, "format"), (self.scale, "scale"),
                           (self.background, "transparent")):
            index = combo.findData(saved.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.print_theme.setChecked(saved.get("print") in (True, "true"))

    def remember(self) -> None:
        options = self.options()
        open_settings().setValue(OPTIONS_KEY, {
            "format": self.file_format(), "scale": int(self.scale.currentData()),
            "transparent": options.transparent, "print": options.print_theme,
        })


def ask_picture_path(parent: QWidget, suggested: str, file_format: str) -> str | None:
    """Where to write the picture (the platform's save dialog)."""
    filters = {"png": translate("ExportImage", "PNG images (*.png)"),
               "svg": translate("ExportImage", "SVG drawings (*.svg)")}
    chosen, _ = QFileDialog.getSaveFileName(
        parent, translate("ExportImage", "Export Image"), suggested, filters[file_format])
    if chosen and Path(chosen).suffix.lower() != f".{file_format}":
        chosen += f".{file_format}"
    return chosen or None


class ImageExport:
    """The action (``actionExportImage``, in File after Save As) and what it does."""

    def __init__(self, window: ExportWindow) -> None:
        assert isinstance(window, QMainWindow)  # the action's and dialogs' parent
        self.window = window
        #: the options dialog, run modally; tests replace it with an answer
        self.ask_options: Callable[[ExportImageDialog], bool] = (
            lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted)
        #: the file name question; tests replace it
        self.ask_path: Callable[[str, str], str | None] = (
            lambda suggested, fmt: ask_picture_path(window, suggested, fmt))
        #: says why a picture could not be written; tests replace it
        self.warn: Callable[[str], object] = lambda text: QMessageBox.warning(
            window, translate("ExportImage", "Export Image"), text)
        self.action = QAction(window)
        self.action.setObjectName("actionExportImage")
        window.texts.keep(lambda: (
            self.action.setText(translate("ExportImage", "Export &Image…")),
            self.action.setStatusTip(translate(
                "ExportImage", "Save a picture of the graph or the selection (PNG or SVG)")),
        ))
        self.action.triggered.connect(lambda _=False: self.export())
        menu = window.menu_file
        anchor = next((a for a in menu.actions() if a.objectName() == "actionSaveAs"), None)
        actions = menu.actions()
        after = actions[actions.index(anchor) + 1] if anchor in actions[:-1] else None
        menu.insertAction(after, self.action)

        def update_enabled() -> None:
            self.action.setEnabled(len(window.canvas.graph) > 0)

        for signal in (window.canvas.graphReplaced, window.canvas.adapter.opAdded,
                       window.canvas.adapter.opRemoved):
            signal.connect(lambda *_: update_enabled())
        update_enabled()

    def _suggested_name(self, file_format: str) -> str:
        window = self.window
        path = getattr(window, "current_path", None)
        stem = Path(path).stem if path else "graph"
        folder = Path(path).parent if path else Path.home()
        return str(folder / f"{stem}.{file_format}")

    def export(self) -> Path | None:
        """Ask the options and the file, write the picture; returns the file written."""
        window = self.window
        assert isinstance(window, QMainWindow)
        dialog = ExportImageDialog(window.canvas, window)
        try:
            if not self.ask_options(dialog):
                return None
            dialog.remember()
            options, file_format = dialog.options(), dialog.file_format()
        finally:
            dialog.deleteLater()
        chosen = self.ask_path(self._suggested_name(file_format), file_format)
        if not chosen:
            return None
        path = Path(chosen)
        try:
            size = save_picture(window.canvas.scene, path, options, title=path.stem)
        except ExportError as error:
            self.warn(str(error))
            return None
        window.statusBar().showMessage(
            translate("ExportImage", "Wrote {file} ({width} × {height})").format(
                file=path.name, width=size.width(), height=size.height()), 8000)
        return path
