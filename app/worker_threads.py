"""The worker threads of a controller (runs, training): started, reaped, joined one way.

Why one place: every worker thread must be started the same way (the worker moved to its
thread, ``done`` quitting it, the thread kept referenced until it has finished, or Qt
destroys a running QThread) and must hold cyclic garbage collection on the GUI thread while
it runs (``app.gui_gc``); a controller that did this by hand could forget one of them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QObject, QThread, Slot

from app import gui_gc


def yield_to_gui() -> None:
    """Let the GUI thread take the interpreter lock now (call between two steps or ops).

    Why: painting calls from Qt into Python for every item and each call must take the
    lock; a worker that only ever gives it up when the interpreter forces a switch (every
    5 ms) makes each of those calls wait, and a window with a few hundred items then
    paints once in seconds (measured: the first training record reached the Train dock
    7.8 s after Start, with 30,000 steps done). ``sleep(0)`` releases the lock at once.
    """
    time.sleep(0)


class WorkerThreads(QObject):
    """The threads a controller started, each with its worker, until they have finished."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threads: dict[QThread, Any] = {}

    def start(self, name: str, worker: Any) -> QThread:
        """Run ``worker.run`` on a new thread named ``name``; ``worker.done`` ends it. Connect
        the worker's own signals before calling this."""
        thread = QThread()
        thread.setObjectName(name)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.done.connect(thread.quit)
        thread.finished.connect(self.reap)  # queued to this object's (the GUI) thread
        self._threads[thread] = worker
        gui_gc.hold()
        thread.start()
        return thread

    @Slot()
    def reap(self) -> None:
        """Forget the threads that have finished.

        Why the last references go before collection is turned back on: a thread and its
        worker are destroyed when the last reference goes, and a collection that starts
        inside a QObject's destructor (Python allocates while shiboken looks for an
        override) can destroy another QObject there, which waits for a lock of Qt's
        connection table the first destructor holds: the window froze for good after a
        dask run. Destroyed while collection is still held off, they cannot start one."""
        self._forget([t for t in self._threads if t.isFinished()], quit_first=False)

    def join_all(self) -> None:
        """Quit every thread and wait for it (the window is closing)."""
        self._forget(list(self._threads), quit_first=True)

    def _forget(self, threads: list[QThread], quit_first: bool) -> None:
        """Wait for ``threads``, drop every reference to them and their workers (no loop
        variable keeps one alive), then release collection once for each (see ``reap``)."""
        count = len(threads)
        while threads:
            if quit_first:
                threads[-1].quit()
            threads[-1].wait()
            self._threads.pop(threads.pop(), None)  # destroyed here, collection still off
        for _ in range(count):
            gui_gc.release()

    def workers(self) -> Iterator[Any]:
        return iter(list(self._threads.values()))

    def __len__(self) -> int:
        return len(self._threads)
