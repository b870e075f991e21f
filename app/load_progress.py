"""Progress while a large graph file loads: a dialog with a bar and Cancel.

Why: a graph file may hold up to 2 GiB, and loading stays proportional to its size (about
8 s a GiB here), so a large file takes seconds. The engine reports how far it is through a
callback (``engine.load_graph(path, progress=...)``); this turns that into a modal progress
dialog, shown only for files of ``LARGE_FILE_BYTES`` and more, whose Cancel stops the load
(the callback raises, the engine builds nothing, the open graph stays as it was).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

import engine
from editor.i18n import translate

#: files from this size get a progress dialog (smaller ones load in well under a second)
LARGE_FILE_BYTES = 32 << 20
#: the bar's steps
STEPS = 1000


class LoadCancelled(Exception):
    """The user pressed Cancel while a file loaded."""


class LoadProgress:
    """A ``progress(fraction)`` callback for ``engine.load_graph`` that drives a dialog."""

    def __init__(self, parent: QWidget | None, file: Path) -> None:
        self.dialog = QProgressDialog(
            translate("LoadProgress", "Opening {file}…").format(file=file.name),
            translate("LoadProgress", "Cancel"), 0, STEPS, parent)
        self.dialog.setWindowTitle(translate("LoadProgress", "Opening Graph"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # a load that ends sooner shows nothing
        self.dialog.setAutoClose(False)
        self.dialog.setValue(0)

    def __call__(self, fraction: float) -> None:
        self.dialog.setValue(int(min(max(fraction, 0.0), 1.0) * STEPS))
        QApplication.processEvents()
        if self.dialog.wasCanceled():
            raise LoadCancelled("cancelled")

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()


def progress_for(parent: QWidget | None, file: Path) -> LoadProgress | None:
    """A progress callback for loading ``file`` when it is large, else None."""
    try:
        size = file.stat().st_size
    except OSError:
        return None
    return LoadProgress(parent, file) if size >= LARGE_FILE_BYTES else None


def load_graph(parent: QWidget | None, file: Path) -> tuple[engine.Graph, dict[str, Any] | None]:
    """``engine.load_graph(file)``, with a progress dialog for a large file; raises
    ``LoadCancelled`` when the user cancels it."""
    progress = progress_for(parent, file)
    try:
        return engine.load_graph(file, progress=progress)
    finally:
        if progress is not None:
            progress.close()
