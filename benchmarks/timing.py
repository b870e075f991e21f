"""How the benchmarks time things: as a user's program runs, and how they print it.

Every case is the median of repeated calls with Python's garbage collector left on, as it is
in a user's program: a collection that a case's allocations trigger is part of what that
case costs (pausing the collector, as ``timeit`` does, made graph building look twice as
fast as a script sees it). Ratios are against baselines timed the same way in the same
process.
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from collections.abc import Callable
from typing import Any

#: printed at the top of every benchmark run
HOW = ("timed as a user's program runs: medians of repeated calls, garbage collector on; "
       "×N is a baseline's time over ours (×2.00: we are twice as fast)")


def median_time(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> float:
    """The median of ``repeat`` calls after ``warmup`` untimed ones, the collector on."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds:8.2f} s "


class Report:
    def __init__(self) -> None:
        self.rows: list[str] = []

    def case(self, name: str, ours: float, baselines: dict[str, float | None],
             extra: str = "") -> None:
        parts = []
        for label, t in baselines.items():
            if t is None:
                continue
            parts.append(f"{label} {fmt(t).strip()} (×{t / ours:.2f})")
        line = f"{name:<42} ours {fmt(ours)} | " + "; ".join(parts)
        if extra:
            line += f" | {extra}"
        print(line, flush=True)
        self.rows.append(line)


def have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def tf1() -> Any:
    import tensorflow as tf

    tf.compat.v1.disable_eager_execution()
    return tf
