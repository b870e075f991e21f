"""Choosing the data file a placeholder is bound to: the file, then for an ``.npz`` the
array in it, for a ``.csv`` the columns (its header detected, else numbered).

Why each step shows what the file holds (an array's shape and dtype, the columns' names):
the user picks by what fits the placeholder, which the dialog names with its shape.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.i18n import tr
from engine import DataFileError, DataSource, csv_layout, file_kind, npz_members

FILE_FILTER = "Data files (*.npy *.npz *.csv *.txt *.tsv);;All files (*)"



class ColumnsDialog(QDialog):
    """Tick the columns of a CSV file that feed the placeholder."""

    def __init__(self, path: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("columnsDialog")
        self.setWindowTitle(tr("Choose Columns"))
        layout = csv_layout(path)
        names = layout.column_names()
        text = (tr("Header detected: columns by name") if layout.header is not None
                else tr("No header: columns by number, from 0"))
        box = QVBoxLayout(self)
        box.addWidget(QLabel(tr("Columns of {file} that feed '{name}':").format(
            file=os.path.basename(path), name=placeholder)))
        note = QLabel(text)
        note.setObjectName("columnsHeaderNote")
        box.addWidget(note)
        self.list = QListWidget()
        self.list.setObjectName("columnsList")
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        box.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def chosen(self) -> tuple[str, ...]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return tuple(i.text() for i in items if i.checkState() == Qt.CheckState.Checked)


def choose_source(parent: QWidget, placeholder: str, start_dir: str = "") -> DataSource | None:
    """Ask for the file (and array or columns) that feeds ``placeholder``; None if
    cancelled. ``DataFileError`` when the file cannot be read."""
    path, _ = QFileDialog.getOpenFileName(
        parent, tr("Bind '{name}' to a Data File").format(name=placeholder), start_dir,
        FILE_FILTER)
    if not path:
        return None
    return source_for_file(parent, path, placeholder)


def source_for_file(parent: QWidget, path: str, placeholder: str) -> DataSource | None:
    """The array or columns of ``path`` to use, asked when the file has a choice."""
    kind = file_kind(path)
    if kind == "npz":
        members = npz_members(path)
        if not members:
            raise DataFileError(f"{path}: holds no arrays")
        if len(members) == 1:
            return DataSource(path, array=members[0][0])
        labels = [f"{name}  ({'×'.join(map(str, shape)) or 'scalar'} {dtype})"
                  for name, shape, dtype in members]
        label, ok = QInputDialog.getItem(
            parent, tr("Choose an Array"),
            tr("Array of {file} that feeds '{name}':").format(
                file=os.path.basename(path), name=placeholder), labels, 0, False)
        if not ok:
            return None
        return DataSource(path, array=members[labels.index(label)][0])
    if kind == "csv":
        dialog = ColumnsDialog(path, placeholder, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
            return None
        return DataSource(path, columns=dialog.chosen())
    return DataSource(path)
