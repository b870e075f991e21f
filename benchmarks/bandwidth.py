"""The machine's copy bandwidth: the reference the fused cases are a fraction of.

A fused elementwise kernel over all cores can move more bytes per second than one thread's
``np.copyto``, so that is no ceiling. The reference is the best of three copies, each timed
as the cases are: ``np.copyto`` on one thread, ``np.copyto`` on slices shared over a thread
per core (numpy releases the GIL), and a compiled parallel loop (numba's ``prange``, the
same machinery as the fused kernels). Bytes moved count the read and the write. Each copy's
figure is its fastest call (not the median the cases are timed by): the reference is what
the machine can do, so a case measured in a quieter moment than its reference cannot show
more than 100 %.
"""

from __future__ import annotations

import functools
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np


def copy_bandwidths(n: int, repeat: int) -> dict[str, float]:
    """Bytes per second each way of copying ``n`` float32 elements moves (read + write)."""
    src = np.random.default_rng(0).random(n, dtype=np.float32)
    dst = np.empty_like(src)
    moved = 2 * src.nbytes
    found = {"np.copyto, 1 thread": moved / fastest(lambda: np.copyto(dst, src), repeat)}
    threads = os.cpu_count() or 1
    step = -(-n // threads)
    pool = _threads()

    def threaded() -> None:
        for f in [pool.submit(np.copyto, dst[lo:lo + step], src[lo:lo + step])
                  for lo in range(0, n, step)]:
            f.result()

    found[f"np.copyto, {threads} threads"] = moved / fastest(threaded, repeat)
    parallel = _parallel_copy()
    if parallel is not None:
        found[f"numba prange, {threads} cores"] = moved / fastest(
            lambda: parallel(dst, src), repeat)
    return found


def fastest(fn: Any, repeat: int) -> float:
    """The fastest of ``repeat`` calls (after one untimed), the collector on."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def reference(n: int, repeat: int) -> float:
    """The best copy's bytes per second on ``n`` float32 elements, measured now: a case's
    reference is taken at its own size (an array in cache copies faster than one in memory)
    and at its own time (other processes share the memory too)."""
    return best(copy_bandwidths(n, repeat))[1]


def best(bandwidths: dict[str, float]) -> tuple[str, float]:
    """The fastest copy: the reference."""
    label = max(bandwidths, key=bandwidths.__getitem__)
    return label, bandwidths[label]


@functools.cache
def _threads() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="bench-copy")


@functools.cache
def _parallel_copy() -> Any:
    """numba's parallel copy, compiled once (outside any timing)."""
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a dependency
        return None

    @numba.njit(parallel=True, nogil=True)
    def copy(dst: Any, src: Any) -> None:  # pragma: no cover - compiled
        for i in numba.prange(src.shape[0]):
            dst[i] = src[i]

    copy(np.zeros(2, np.float32), np.ones(2, np.float32))
    return copy
