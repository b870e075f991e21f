"""The machine's copy bandwidth: the reference the fused cases are a fraction of.

A fused elementwise kernel over all cores can move more bytes per second than one thread's
``np.copyto``, so that is no ceiling. The reference is the best of three copies, each timed
as the cases are: ``np.copyto`` on one thread, ``np.copyto`` on slices shared over a thread
per core (numpy releases the GIL), and a compiled parallel loop (numba's ``prange``, the
same machinery as the fused kernels). Bytes moved count the read and the write.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from .timing import median_time


def copy_bandwidths(n: int, repeat: int) -> dict[str, float]:
    """Bytes per second each way of copying ``n`` float32 elements moves (read + write)."""
    src = np.random.default_rng(0).random(n, dtype=np.float32)
    dst = np.empty_like(src)
    moved = 2 * src.nbytes
    found = {"np.copyto, 1 thread": moved / median_time(lambda: np.copyto(dst, src), repeat)}
    threads = os.cpu_count() or 1
    step = -(-n // threads)
    with ThreadPoolExecutor(threads) as pool:
        def threaded() -> None:
            for f in [pool.submit(np.copyto, dst[lo:lo + step], src[lo:lo + step])
                      for lo in range(0, n, step)]:
                f.result()

        found[f"np.copyto, {threads} threads"] = moved / median_time(threaded, repeat)
    parallel = _parallel_copy()
    if parallel is not None:
        parallel(dst, src)  # compiled outside the timing
        found[f"numba prange, {threads} cores"] = moved / median_time(
            lambda: parallel(dst, src), repeat)
    return found


def best(bandwidths: dict[str, float]) -> tuple[str, float]:
    """The fastest copy: the reference."""
    label = max(bandwidths, key=bandwidths.__getitem__)
    return label, bandwidths[label]


def _parallel_copy() -> Any:
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a dependency
        return None

    @numba.njit(parallel=True, nogil=True)
    def copy(dst: Any, src: Any) -> None:  # pragma: no cover - compiled
        for i in numba.prange(src.shape[0]):
            dst[i] = src[i]

    return copy
