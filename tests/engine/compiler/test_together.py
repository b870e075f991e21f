"""Compiled loops shared over the cores by their twins (``engine/compiler/together.py``):
the twin computes what the loop alone computes, bit for bit, runs one loop at a time, and
is compiled only for loops long enough to share.

These tests compile with numba (a twin takes a second or two); without numba they skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.compiler import fusion, jit, kernel_source, together
from engine.framework import pieces

pytestmark = pytest.mark.skipif(not jit.ENABLED, reason="numba is not installed (or "
                                "TENSORCANVAS_JIT=0): fused groups run on the numpy path")

ROOT = Path(__file__).resolve().parents[3]
N = 3 * (1 << 16) + 5  # three pieces and a bit: long enough to share


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Kernels and twins compiled in the run that asks, every long loop shared."""
    jit.wait()
    monkeypatch.setattr(jit, "BACKGROUND", False)
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 1 << 16)
    monkeypatch.setattr(pieces, "ADAPTIVE", False)
    yield
    jit.wait()


def _twins() -> list[Any]:
    return [k for key, k in jit._kernels.items() if key[0] == "together"]


def _run_twice(y: Any, feeds: dict[Any, Any]) -> tuple[np.ndarray, np.ndarray]:
    sess = engine.Session(device="cpu", graph=y.graph)
    first = sess.run(y, feeds)  # compiles the group's loop
    return first, sess.run(y, feeds)  # the loop asks for its twin, compiled now


def test_a_long_fused_loop_is_shared_by_its_twin_with_the_same_bits(shared: None) -> None:
    rng = np.random.default_rng(0)
    a, b, c = (rng.standard_normal(N).astype(np.float32) for _ in range(3))
    g = engine.Graph()
    with g.as_default():
        pa, pb, pc = (engine.placeholder(engine.float32, [N], name=k) for k in "abc")
        y = (pa + pb) * pc - pa / (pb * pb + 1.0)
    before = len(_twins())
    _run_twice(y, {pa: a, pb: b, pc: c})
    assert len(_twins()) == before + 1
    sess = engine.Session(graph=g, device="cpu")
    md = engine.RunMetadata()
    shared_out = sess.run(y, {pa: a, pb: b, pc: c}, run_metadata=md)
    assert [s.kernel for s in md.ops.values() if s.kernel] == ["compiled loop"]
    alone = engine.Session(graph=g, device="cpu")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(together, "twin", lambda kernel, args: None)  # no twin: pool or alone
        np.testing.assert_array_equal(shared_out, alone.run(y, {pa: a, pb: b, pc: c}))


def test_a_row_loop_has_a_twin_too(shared: None) -> None:
    rows, cols = 400, 1024  # a dense layer's bias add and relu over 409,600 elements
    rng = np.random.default_rng(1)
    x = rng.standard_normal((rows, cols)).astype(np.float32)
    bias = rng.standard_normal(cols).astype(np.float32)
    g = engine.Graph()
    with g.as_default():
        px = engine.placeholder(engine.float32, [rows, cols], name="x")
        y = engine.nn.relu(engine.nn.bias_add(px * 2.0, engine.constant(bias)))
    before = len(_twins())
    _, out = _run_twice(y, {px: x})
    assert len(_twins()) == before + 1
    np.testing.assert_array_equal(out, np.maximum(x * np.float32(2.0) + bias, 0))


def test_a_short_loop_asks_for_no_twin(shared: None) -> None:
    g = engine.Graph()
    with g.as_default():
        pa = engine.placeholder(engine.float32, [1 << 16], name="a")
        y = (pa + 1.0) * pa
    before = len(_twins())
    _run_twice(y, {pa: np.ones(1 << 16, np.float32)})
    assert len(_twins()) == before  # one piece, on the calling thread: nothing to share


def test_every_loop_module_defines_its_twin() -> None:
    flat = kernel_source.group_source([(None, (-1, -2))], [(0, 0), (0, 1)], True,
                                      (2, 0, 0, 0), False, "a test group")
    rows = kernel_source.group_source([(None, (-1, -2))], [(0, 0), (2, 0)], False,
                                      (1, 0, 1, 0), False, "a test group")
    assert "def together(out, f0, f1, lo, hi, block):" in flat
    assert "        kernel(out, f0, f1, start, min(start + block, hi))" in flat
    assert "def together(out, f0, w0, cols, width, lo, hi, block):" in rows
    assert "@numba.njit(parallel=True" in flat and "numba.prange(" in rows


def test_a_twin_in_use_sends_another_loop_to_the_pool() -> None:
    seen: list[str] = []

    def twin(lo: int, hi: int, block: int) -> None:
        seen.append("twin")

    def work(lo: int, hi: int) -> None:
        seen.append("pool")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pieces, "ADAPTIVE", False)
        mp.setattr(pieces, "THREADS", 2)
        pieces.run(work, 100_000, 1000, twin)
        assert seen == ["twin"]
        seen.clear()
        choice = pieces._together_choices[(100_000).bit_length()]
        cost = list(choice.cost)
        with pieces._together:  # another thread's twin is running
            pieces.run(work, 100_000, 1000, twin)
        assert seen and set(seen) == {"pool"}
        assert choice.cost == cost  # the pool's run does not price the twin


def test_two_threads_sharing_loops_at_once_each_get_every_element(shared: None) -> None:
    g = engine.Graph()
    with g.as_default():
        pa = engine.placeholder(engine.float32, [N], name="a")
        y = pa * 3.0 + 1.0
    sess = engine.Session(graph=g, device="cpu")
    x = np.arange(N, dtype=np.float32)
    sess.run(y, {pa: x})
    sess.run(y, {pa: x})
    want = x * np.float32(3.0) + np.float32(1.0)
    errors: list[BaseException] = []

    def loop() -> None:
        try:
            for _ in range(30):
                np.testing.assert_array_equal(sess.run(y, {pa: x}), want)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=loop) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_stand_ins_keep_the_types_and_not_the_arrays() -> None:
    big = np.zeros(10**6, np.float32)
    frozen = np.zeros(10**6, np.float64)
    frozen.flags.writeable = False
    small = together.stand_ins((big, frozen, np.float32(2), 0, 7))
    assert [a.size for a in small[:2]] == [1, 1]
    assert small[0].dtype == np.float32 and small[0].flags.writeable
    assert small[1].dtype == np.float64 and not small[1].flags.writeable
    assert small[2:] == (np.float32(2), 0, 7)


@pytest.mark.parametrize("given, want", [(None, together.SPIN_COUNT), ("5", "5")])
def test_the_spin_count_is_set_unless_the_environment_says_otherwise(
        given: str | None, want: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GOMP_SPINCOUNT"}
    if given is not None:
        env["GOMP_SPINCOUNT"] = given
    code = "import os, engine; print(os.environ['GOMP_SPINCOUNT'])"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == want, done.stderr
