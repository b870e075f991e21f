"""Auto Layout of a large graph off the GUI thread, with progress and Cancel.

Why a thread and a copy: the layout of 20,000 ops takes a second or more, and the
window must stay responsive meanwhile. The layout reads only a ``LayoutInput`` copied
on the GUI thread (names, links, sizes), never the graph, so the graph may change
while it runs; a result for a graph that changed since is thrown away (with a word in
the status bar) rather than applied to nodes it no longer fits.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QPointF, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from editor.scope_layout import LayoutInput, layout_of

#: graphs of at least this many ops are laid out on a thread, with a progress dialog
ASYNC_LAYOUT_OPS = 8000
#: the dialog appears only if the layout is still running after this long (ms)
PROGRESS_AFTER_MS = 400


class _Cancelled(Exception):
    pass


class _LayoutThread(QThread):
    progressed = Signal(int, int)

    def __init__(self, data: LayoutInput) -> None:
        super().__init__()
        self.data = data
        self.cancelled = False
        self.result: dict[str, tuple[float, float]] | None = None

    def run(self) -> None:
        def progress(done: int, total: int) -> None:
            if self.cancelled:
                raise _Cancelled
            self.progressed.emit(done, total)

        try:
            self.result = layout_of(self.data, progress)
        except _Cancelled:
            self.result = None


class LayoutJob(QObject):
    """One layout on a thread; ``done(positions)`` on the GUI thread when it finished
    and was not cancelled (``positions``: op name → top-left QPointF)."""

    done = Signal(object)
    cancelled = Signal()

    def __init__(self, data: LayoutInput, parent_widget: QWidget,
                 on_done: Callable[[dict[str, QPointF]], None]) -> None:
        super().__init__(parent_widget)
        self._thread = _LayoutThread(data)
        self._thread.progressed.connect(self._on_progress)
        self._thread.finished.connect(self._on_finished)
        self._dialog = QProgressDialog(
            self.tr("Laying out {n} nodes…").format(n=len(data.names)), self.tr("Cancel"),
            0, 100, parent_widget)
        self._dialog.setWindowTitle(self.tr("Auto Layout"))
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.canceled.connect(self.cancel)
        self._dialog.setValue(0)
        self.done.connect(on_done)
        app = QCoreApplication.instance()
        if app is not None:  # never leave the thread running at exit
            app.aboutToQuit.connect(self.stop)
        self._thread.start()

    def stop(self) -> None:
        """Cancel and wait for the thread (the application is quitting)."""
        self.cancel()
        self._thread.wait()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def cancel(self) -> None:
        """Stop the layout; nothing is moved."""
        if not self._thread.cancelled:
            self._thread.cancelled = True
            self.cancelled.emit()

    def wait(self) -> None:
        self._thread.wait()

    def _on_progress(self, done: int, total: int) -> None:
        if not self._thread.cancelled:
            self._dialog.setValue(int(100 * done / max(total, 1)))

    def _on_finished(self) -> None:
        self._dialog.reset()
        self._dialog.hide()
        self._dialog.deleteLater()
        result = self._thread.result
        if result is not None and not self._thread.cancelled:
            self.done.emit({name: QPointF(x, y) for name, (x, y) in result.items()})
        self.deleteLater()
