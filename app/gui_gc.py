"""Cyclic garbage is collected on the GUI thread while a worker thread runs.

Why: Python's collector runs on whichever thread happens to allocate when a threshold is
crossed. When that is a run or training worker, it can free the last reference to a Qt
object's Python wrapper (a closed dialog, an old window's item caught in a cycle); Qt's
destructor then waits for the interpreter lock while the GUI thread waits for the worker:
the window freezes for good (seen under load, with a training thread allocating every
step). pyqtgraph's ``GarbageCollector`` is the known remedy: automatic collection off,
collections from a timer on the GUI thread. It is held only while a worker runs, so the
rest of the program keeps Python's usual collection.
"""

from __future__ import annotations

import gc

from pyqtgraph.util.garbage_collector import GarbageCollector

#: how often the GUI thread collects while workers run (seconds)
INTERVAL_S = 0.25

_collector: GarbageCollector | None = None
_holders = 0


def hold() -> None:
    """A worker thread starts (call on the GUI thread, before ``QThread.start``)."""
    global _collector, _holders
    _holders += 1
    if _holders > 1:
        return
    if _collector is None:
        _collector = GarbageCollector(interval=INTERVAL_S)  # turns collection off itself
    else:
        gc.disable()
        _collector.timer.start(int(INTERVAL_S * 1000))


def release() -> None:
    """A worker thread has finished (on the GUI thread); the last one turns it back on."""
    global _holders
    if _holders == 0:
        return
    _holders -= 1
    if _holders == 0 and _collector is not None:
        _collector.timer.stop()
        gc.enable()


def holders() -> int:
    """How many worker threads hold collection on the GUI thread now."""
    return _holders
