"""Sharing a loop's pieces over the cores, with the calling thread working too.

A loop split into one fixed part per thread (numba's ``prange``, a static split over a thread
pool) finishes when its slowest thread does: on a machine whose cores other processes also
use, a thread the scheduler has not run yet costs a whole scheduler tick (4–8 ms, measured on
the 2-core development machine, against a 50 µs loop). Here the pieces are taken one by one
from a shared counter by the calling thread and by pool threads as they wake up; the caller
waits only for pieces already taken, never for a thread that has not started (it finds no
piece left and goes back to sleep). In the worst case the caller runs every piece itself, at
one core's speed, with no wait at all.

Whether sharing pays at all depends on the load, so it is measured as loops run: per size of
range, the shared way and the calling thread alone each keep their time per element, and the
faster runs (``Choice``).

``run(work, n, min_piece)`` calls ``work(lo, hi)`` over ``range(n)`` in pieces; ``work`` must
release the GIL (a compiled ``nogil`` kernel, numpy's ufuncs) for the threads to overlap, and
must not depend on how the range is cut.

A compiled loop may also come with its twin ``together(lo, hi, block)``, which runs the
blocks on numba's own threads (``compiler/together.py``). Handing a piece to a pool thread
costs a wake-up: tens of µs on a virtual machine, whose idle core sleeps in the hypervisor,
which is as long as the whole loop over 3e5 elements; numba's threads (OpenMP) spin a while
after each loop, so the next one starts at once (measured on the 2-core development machine:
a 2-op chain over 1e6 elements, 73-109 µs together, 186-233 µs in pool pieces, 140-230 µs
alone). Such a loop chooses, by measured cost as above, between the twin and the calling
thread alone; the twin runs one loop at a time (numba's ``workqueue`` threads, where OpenMP
is missing, abort the process when two threads launch at once): a loop that finds it busy
takes the pool's pieces.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

#: the cores the pieces are shared over (the calling thread is one of them)
THREADS = os.cpu_count() or 1
#: pieces per thread: enough that a late thread's share is taken over by the others
PIECES_PER_THREAD = 4
#: choose between sharing and the calling thread alone by measured cost (tests that check
#: the shared way turn it off: then every range of several pieces is shared)
ADAPTIVE = True

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def run(work: Callable[[int, int], None], n: int, min_piece: int,
        together: Callable[[int, int, int], None] | None = None) -> None:
    """``work(lo, hi)`` over ``[0, n)`` in pieces of at least ``min_piece``, over the cores
    (by ``together(0, n, block)`` when it is given and free) or on the calling thread alone,
    whichever has been faster for ranges of about this size (``Choice``); the first error
    a piece raises is raised here (after every taken piece is done)."""
    pieces = min(THREADS * PIECES_PER_THREAD, n // max(1, min_piece))
    if THREADS < 2 or pieces < 2:
        work(0, n)
        return
    choices = _choices if together is None else _together_choices
    choice = choices.get(n.bit_length())
    if choice is None:
        choice = choices.setdefault(n.bit_length(), Choice())
    alone = choice.alone() if ADAPTIVE else False
    if not alone and together is not None and not _together.acquire(blocking=False):
        _share(work, n, pieces)  # another thread's twin runs: the pool, priced as neither
        return
    t0 = time.perf_counter()
    if alone:
        work(0, n)
    elif together is not None:
        try:
            together(0, n, -(-n // THREADS))
        finally:
            _together.release()
    else:
        _share(work, n, pieces)
    choice.measured(alone, (time.perf_counter() - t0) / n)


class Choice:
    """Whether ranges of one size (a power of two) run faster shared over the cores or on
    the calling thread alone, measured as they run. Sharing wins on an idle machine; when
    other processes hold the cores, a helper thread preempted in its piece makes the caller
    wait for it (measured on the shared 2-core machine: a 2-op chain over 3e5 elements took
    130-190 µs shared, 55 µs alone). Each way keeps a running estimate of its time per
    element (a slow outlier counts at most four times the estimate); the faster one runs, and
    every ``EXPLORE`` runs the other is tried twice in a row, so a change of load is noticed.

    A shared run right after runs alone is not counted: helper threads that have slept
    since their last loop wake up slower than threads in use (numba's spin a while after a
    loop, then sleep), so it would price sharing at what it costs once, not in a loop."""

    EXPLORE = 16

    def __init__(self) -> None:
        self.cost = [0.0, 0.0]  # seconds per element: shared, alone
        self.runs = 0
        self.shared_last = False

    def alone(self) -> bool:
        self.runs += 1
        shared, alone = self.cost
        if not alone or not shared:
            return not alone  # measure each way, alone first
        faster_alone = alone < shared
        return faster_alone != (self.runs % self.EXPLORE >= self.EXPLORE - 2)

    def measured(self, alone: bool, per_element: float) -> None:
        warm = alone or self.shared_last
        self.shared_last = not alone
        if not warm:
            return
        k = int(alone)
        old = self.cost[k]
        self.cost[k] = per_element if not old else 0.8 * old + 0.2 * min(per_element, 4 * old)


_choices: dict[int, Choice] = {}
#: the same for loops that have a twin: sharing them costs less (see the module's text)
_together_choices: dict[int, Choice] = {}
#: held while a twin runs: one at a time, process-wide
_together = threading.Lock()


def together_lock() -> threading.Lock:
    """The lock a twin runs under (``compiler/together.py`` starts numba's threads by one)."""
    return _together


def _share(work: Callable[[int, int], None], n: int, pieces: int) -> None:
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
