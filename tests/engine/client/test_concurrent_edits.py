"""Edits from one thread while another runs a cached Session (the editor's kind): a result is
never older than the graph it is returned for, and once the edits stop the next run sees the
last one. (``Operation.cache_key`` used to be memoized without the graph's lock: a key
computed from the old value could be stored after the edit cleared it, and every later run
returned the old value.)"""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest

import engine
from engine import Graph, Session
from engine.framework import operation

DEPTH = 40
EDITS = 150


def chain() -> tuple[Graph, engine.Operation, engine.Operation]:
    g = Graph()
    c = g.add_op("Const", "c", {"value": np.zeros(64), "dtype": engine.float64})
    x = c
    for i in range(DEPTH):  # an even number of negations: out == c
        op = g.add_op("Neg", f"neg{i}")
        g.connect(x.outputs[0], op, 0)
        x = op
    return g, c, x


def race(fold: bool, seed: int) -> list[str]:
    """One trial: what went wrong (stale results, a wrong last result, exceptions)."""
    g, c, out = chain()
    session = Session(graph=g, device="cpu", cache=True, fold=fold)
    published = [0]  # the last value whose set_attrs has returned
    stop = threading.Event()
    wrong: list[str] = []

    def runner() -> None:
        while not stop.is_set():
            low = published[0]
            try:
                got = float(session.run(out.outputs[0])[0])
            except Exception as e:  # noqa: BLE001 - reported as a finding
                wrong.append(f"run raised {type(e).__name__}: {e}")
                return
            high = published[0]
            if not low <= got <= high + 1:  # + 1: an edit done but not yet published
                wrong.append(f"a run started at value {low} returned {got}")

    thread = threading.Thread(target=runner)
    thread.start()
    rng = np.random.default_rng(seed)
    try:
        for k in range(1, EDITS + 1):
            g.set_attrs(c, {"value": np.full(64, float(k))})
            published[0] = k
            time.sleep(float(rng.uniform(0, 0.0005)))
    finally:
        stop.set()
        thread.join(timeout=60)
    last = float(session.run(out.outputs[0])[0])
    if last != EDITS:
        wrong.append(f"after the edits the run returned {last}, not {EDITS}")
    return wrong


@pytest.mark.parametrize("fold", [False, True], ids=["editor-session", "folding-session"])
def test_results_are_never_older_than_the_graph_while_another_thread_edits(fold: bool) -> None:
    findings = [w for seed in range(3) for w in race(fold, seed)]
    assert findings == []


def test_an_edit_landing_during_a_key_computation_does_not_leave_the_old_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the race made deterministic: the edit is started while the key is being computed
    g, c, out = chain()
    session = Session(graph=g, device="cpu", cache=True, fold=False)
    assert float(session.run(out.outputs[0])[0]) == 0.0
    g.set_attrs(c, {"value": np.full(64, 1.0)})
    editor = threading.Thread(target=g.set_attrs, args=(c, {"value": np.full(64, 2.0)}))
    real = operation.op_key

    def key_racing_an_edit(*args: Any) -> bytes:
        if not editor.is_alive() and editor.ident is None:
            editor.start()
            editor.join(timeout=0.5)  # with the fix it waits for the lock, and so times out
        return real(*args)

    monkeypatch.setattr(operation, "op_key", key_racing_an_edit)
    c.cache_key()
    editor.join()
    monkeypatch.undo()
    assert c.cache_key() == operation.op_key("Const", c._attrs, [])
    assert float(session.run(out.outputs[0])[0]) == 2.0


def test_undoing_an_edit_brings_back_the_old_key_and_cached_value() -> None:
    g, c, out = chain()
    session = Session(graph=g, device="cpu", cache=True, fold=False)
    g.set_attrs(c, {"value": np.full(64, 1.0)})
    assert float(session.run(out.outputs[0])[0]) == 1.0
    key_before = c.cache_key()
    g.set_attrs(c, {"value": np.full(64, 2.0)})
    assert float(session.run(out.outputs[0])[0]) == 2.0
    g.set_attrs(c, {"value": np.full(64, 1.0)})
    assert c.cache_key() == key_before
    assert float(session.run(out.outputs[0])[0]) == 1.0
