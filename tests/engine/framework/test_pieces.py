"""A loop's pieces shared over the cores (``engine/framework/pieces.py``): every element done
once, errors raised to the caller, and no wait for a thread that has not started."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from engine.framework import pieces


@pytest.fixture
def four_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a 4-core machine, whatever this one has; ranges always shared."""
    monkeypatch.setattr(pieces, "THREADS", 4)
    monkeypatch.setattr(pieces, "_pool", None)
    monkeypatch.setattr(pieces, "ADAPTIVE", False)


def test_every_element_is_done_exactly_once(four_threads: None) -> None:
    counts = np.zeros(100_003, np.int64)

    def work(lo: int, hi: int) -> None:
        np.add(counts[lo:hi], 1, out=counts[lo:hi])

    pieces.run(work, counts.size, 1000)
    assert (counts == 1).all()


def test_a_short_range_runs_as_one_piece_on_the_calling_thread(four_threads: None) -> None:
    seen: list[tuple[int, int, str]] = []
    pieces.run(lambda lo, hi: seen.append((lo, hi, threading.current_thread().name)), 500,
               1000)
    assert seen == [(0, 500, threading.current_thread().name)]


def test_a_piece_s_error_reaches_the_caller(four_threads: None) -> None:
    def work(lo: int, hi: int) -> None:
        if lo <= 50_000 < hi:
            raise ValueError("piece failed")

    with pytest.raises(ValueError, match="piece failed"):
        pieces.run(work, 100_000, 1000)


def test_the_caller_does_not_wait_for_a_thread_that_has_not_started(
    four_threads: None
) -> None:
    release = threading.Event()
    threading.Timer(10, release.set).start()  # a run that waited for them would take 10 s
    busy = [pieces._workers().submit(release.wait) for _ in range(3)]  # every pool thread
    try:
        done: list[int] = []
        t0 = time.perf_counter()
        pieces.run(lambda lo, hi: done.append(hi - lo), 80_000, 1000)
        elapsed = time.perf_counter() - t0
        assert sum(done) == 80_000
        assert elapsed < 5
    finally:
        release.set()
        for f in busy:
            f.result()


def test_the_faster_way_runs_and_the_other_is_tried_now_and_then() -> None:
    choice = pieces.Choice()
    assert choice.alone() is True  # each way measured once, alone first
    choice.measured(True, 1e-9)
    assert choice.alone() is False
    choice.measured(False, 4e-9)  # right after a run alone: helpers wake cold, not counted
    assert choice.alone() is False
    choice.measured(False, 4e-9)  # shared, back to back: four times slower
    ways = [choice.alone() for _ in range(32)]
    assert ways.count(False) == 4 and ways.count(True) == 28  # tried twice in a row, twice


def test_a_shared_run_right_after_one_alone_is_not_counted() -> None:
    choice = pieces.Choice()
    choice.measured(True, 2e-9)
    choice.measured(False, 9e-9)  # the helpers slept: a cold start
    assert choice.cost[0] == 0.0
    choice.measured(False, 1e-9)
    assert choice.cost == [1e-9, 2e-9]


def test_a_slow_outlier_does_not_flip_the_choice_at_once() -> None:
    choice = pieces.Choice()
    choice.measured(True, 2e-9)
    choice.measured(False, 1e-9)  # cold, not counted
    choice.measured(False, 1e-9)
    choice.measured(False, 1.0)  # one run preempted for a scheduler tick
    assert choice.cost[0] < choice.cost[1]
    assert choice.alone() is False


def test_sharing_is_chosen_where_it_is_faster(four_threads: None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces, "ADAPTIVE", True)
    monkeypatch.setattr(pieces, "_choices", {})
    names: list[set[str]] = []

    def work(lo: int, hi: int) -> None:
        names[-1].add(threading.current_thread().name)
        time.sleep(0.002 * (hi - lo) / 1000)  # sleeps release the GIL: sharing pays

    for _ in range(6):
        names.append(set())
        pieces.run(work, 8000, 1000)
    assert names[0] == {threading.current_thread().name}  # alone, measured first
    assert any(len(n) > 1 for n in names[1:])
