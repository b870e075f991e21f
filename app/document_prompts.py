"""The questions a document asks: unsaved changes, restoring a recovery copy, file names.

Why the dialogs go through ``Prompts``: a modal dialog blocks a test run forever, so tests
swap in answers (``Document.prompts``, or patch this class) instead of clicking through
real dialogs.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.recovery import RecoveryEntry
from editor.i18n import translate


def file_filter() -> str:
    return translate("Prompts", "TensorCanvas graphs (*.json);;All files (*)")


def open_filter() -> str:
    """Open also takes TensorFlow GraphDefs (imported as untitled graphs)."""
    return translate("Prompts", "Graphs (*.json *.pbtxt *.pb);;TensorCanvas graphs (*.json);;"
                     "TensorFlow GraphDefs (*.pbtxt *.pb);;All files (*)")


class Prompts:
    """The questions a document asks, as real dialogs. Tests replace the instance."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def unsaved_changes(self, name: str) -> str:
        """``"save"``, ``"discard"`` or ``"cancel"``."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("Prompts", "Unsaved Changes"),
            translate("Prompts", "Do you want to save the changes to “{name}”?").format(
                name=name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        box.setInformativeText(
            translate("Prompts", "Your changes will be lost if you don't save them."))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(answer), "cancel")

    def restore_recovery(self, entry: RecoveryEntry) -> bool:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.saved_at))
        answer = QMessageBox.question(
            self.parent,
            translate("Prompts", "Restore Unsaved Changes"),
            translate("Prompts", "TensorCanvas did not close normally. Restore the unsaved "
                      "changes to “{name}” (autosaved {when})?").format(
                name=entry.display_name, when=when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reopen_unfinished(self, path: Path) -> bool:
        """The last start ended while opening ``path``: try it again? (No by default: the
        file may be what stopped it.)"""
        answer = QMessageBox.question(
            self.parent,
            translate("Prompts", "Open Again?"),
            translate("Prompts", "TensorCanvas stopped while opening “{name}” the last time; "
                      "the file may be what made it stop. Open it again?").format(
                name=path.name) + f"\n\n{path}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_file(self, start: str) -> str | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.parent, translate("Prompts", "Open Graph"), start, open_filter())
        return chosen or None

    def save_file(self, suggested: str) -> str | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent, translate("Prompts", "Save Graph As"), suggested, file_filter()
        )
        return chosen or None

    def warn(self, title: str, text: str) -> None:
        """A warning that does not block: the window stays usable behind it."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self.parent)
        box.setObjectName("documentWarning")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
