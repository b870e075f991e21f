"""A lone elementwise op with a large output runs as a group of one on the CPU: into a
pooled buffer reused across runs (``fusion._large_alone``), with the op's own results."""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np
import pytest

import engine
from engine.compiler import fusion, jit


def _lone_add(size: int | None) -> tuple[engine.Graph, dict[Any, np.ndarray], Any]:
    g = engine.Graph()
    with g.as_default():
        a, b = (engine.placeholder(engine.float32, shape=[size], name=k) for k in "ab")
        y = a + b
    n = size or fusion.JIT_MIN_WORK
    feeds = {a: np.linspace(-1, 1, n, dtype=np.float32), b: np.full(n, 0.25, np.float32)}
    return g, feeds, y


@pytest.mark.parametrize("size", [fusion.JIT_MIN_WORK, None])
def test_a_large_lone_op_allocates_nothing_once_its_caller_drops_results(
    size: int | None
) -> None:
    g, feeds, y = _lone_add(size)
    sess = engine.Session(graph=g, device="cpu")
    sess.run(y, feeds)
    jit.wait()  # a kernel compiling on its thread allocates too, and tracemalloc sees it
    sess.run(y, feeds)
    tracemalloc.start()
    try:
        nbytes = sess.run(y, feeds).nbytes
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < nbytes // 4


def test_a_large_lone_op_never_overwrites_a_result_the_caller_holds() -> None:
    g, feeds, y = _lone_add(fusion.JIT_MIN_WORK)
    sess = engine.Session(graph=g, device="cpu")
    held = sess.run(y, feeds)
    copy = held.copy()
    feeds = {k: v * 2 for k, v in feeds.items()}
    again = sess.run(y, feeds)
    np.testing.assert_array_equal(held, copy)
    np.testing.assert_array_equal(again, copy * 2)


def test_a_large_lone_op_gives_its_kernel_s_results_and_is_fused_with_nothing() -> None:
    g, feeds, y = _lone_add(fusion.JIT_MIN_WORK)
    meta = engine.RunMetadata()
    got = engine.Session(graph=g, device="cpu").run(y, feeds, run_metadata=meta)
    want = engine.Session(graph=g, device="cpu", optimize=False).run(y, feeds)
    np.testing.assert_array_equal(got, want)
    stats = meta.ops["add"]
    assert stats.group is None
    assert stats.kernel in ("compiled loop", "numpy, in chunks")


def test_a_small_lone_op_runs_its_own_kernel() -> None:
    g, feeds, y = _lone_add(1000)
    meta = engine.RunMetadata()
    engine.Session(graph=g, device="cpu").run(y, {k: v[:1000] for k, v in feeds.items()},
                                              run_metadata=meta)
    assert meta.ops["add"].kernel is None
