"""While a worker thread trains, cyclic garbage is collected on the GUI thread only (a
collection on the worker could free a Qt wrapper there and freeze the window); after, the
usual collection is back."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from pytestqt.qtbot import QtBot

from app import gui_gc
from app.main_window import MainWindow
from tests.app.train_helpers import TRAIN_TIMEOUT_MS, ready_window


def test_training_turns_automatic_collection_off_until_its_thread_is_reaped(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    ready_window(window, tmp_path, batch_size=8, steps=1_000_000, eval_every=0)
    controller = window.train.controller
    with qtbot.waitSignal(controller.ended, timeout=TRAIN_TIMEOUT_MS):
        window.train.start.trigger()
        assert not gc.isenabled() and gui_gc.holders() == 1
        qtbot.waitUntil(lambda: len(controller.records) >= 5, timeout=TRAIN_TIMEOUT_MS)
        window.train.stop.trigger()
    qtbot.waitUntil(lambda: gui_gc.holders() == 0, timeout=TRAIN_TIMEOUT_MS)
    assert gc.isenabled()


def test_a_release_without_a_hold_changes_nothing() -> None:
    gui_gc.release()
    assert gui_gc.holders() == 0 and gc.isenabled()


def test_a_reaped_thread_and_its_worker_are_destroyed_before_collection_is_back(
        qtbot: QtBot) -> None:
    """A collection starting inside a QObject's destructor can destroy another QObject
    there and deadlock on Qt's connection lock (a dask run's reap froze the window)."""
    from PySide6.QtCore import QObject, Signal, Slot

    from app.worker_threads import WorkerThreads

    class Worker(QObject):
        done = Signal()

        @Slot()
        def run(self) -> None:
            self.done.emit()

    threads = WorkerThreads()
    collection_on_at_destruction: list[bool] = []
    worker = Worker()
    thread = threads.start("testThread", worker)
    kept = [weakref.ref(o, lambda _: collection_on_at_destruction.append(gc.isenabled()))
            for o in (worker, thread)]
    del worker, thread
    qtbot.waitUntil(lambda: len(collection_on_at_destruction) == 2, timeout=10_000)
    assert collection_on_at_destruction == [False, False]
    assert gc.isenabled() and gui_gc.holders() == 0 and not any(r() for r in kept)
