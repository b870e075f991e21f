"""Sharing a loop's pieces over the cores, with the calling thread working too.

A loop split into one fixed part per thread (numba's ``prange``, a static split over a thread
pool) finishes when its slowest thread does: on a machine whose cores other processes also
use, a thread the scheduler has not run yet costs a whole scheduler tick (4–8 ms, measured on
the 2-core development machine, against a 50 µs loop). Here the pieces are taken one by one
from a shared counter by the calling thread and by pool threads as they wake up; the caller
waits only for pieces already taken, never for a thread that has not started (it finds no
piece left and goes back to sleep). In the worst case the caller runs every piece itself, at
one core's speed, with no wait at all.

``run(work, n)`` calls ``work(lo, hi)`` over ``range(n)`` in pieces; ``work`` must release
the GIL (a compiled ``nogil`` kernel, numpy's ufuncs) for the threads to overlap.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

#: the cores the pieces are shared over (the calling thread is one of them)
THREADS = os.cpu_count() or 1
#: pieces per thread: enough that a late thread's share is taken over by the others
PIECES_PER_THREAD = 4

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def run(work: Callable[[int, int], None], n: int, min_piece: int) -> None:
    """``work(lo, hi)`` over ``[0, n)`` in pieces of at least ``min_piece``, over the cores;
    the first error a piece raises is raised here (after every taken piece is done)."""
    pieces = min(THREADS * PIECES_PER_THREAD, n // max(1, min_piece))
    if THREADS < 2 or pieces < 2:
        work(0, n)
        return
    step = -(-n // pieces)
    pieces = -(-n // step)
    job = _Job(work, n, step, pieces)
    pool = _workers()
    for _ in range(min(THREADS - 1, pieces - 1)):
        pool.submit(job.take)
    job.take()
    job.finished.wait()
    if job.error is not None:
        raise job.error


class _Job:
    """One loop's pieces: a counter hands them out, another counts those done."""

    def __init__(self, work: Callable[[int, int], None], n: int, step: int,
                 pieces: int) -> None:
        self.work, self.n, self.step, self.pieces = work, n, step, pieces
        self.next = itertools.count()  # next() on it is atomic under the GIL
        self.done = 0
        self.lock = threading.Lock()
        self.finished = threading.Event()
        self.error: BaseException | None = None

    def take(self) -> None:
        while True:
            k = next(self.next)
            if k >= self.pieces:
                return
            lo = k * self.step
            try:
                self.work(lo, min(lo + self.step, self.n))
            except BaseException as e:  # noqa: BLE001 - handed to the caller
                self.error = self.error or e
            with self.lock:
                self.done += 1
                if self.done == self.pieces:
                    self.finished.set()


def _workers() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(THREADS - 1, thread_name_prefix="tensorcanvas-pieces")
        return _pool
