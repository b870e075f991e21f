"""Row updates (scatter updates, sparse apply ops) change a variable's rows in place when
nothing but the variable can see its value, and copy it otherwise: a value anyone holds
never changes, and a run that fails after a row update puts the rows back from its undo log
(``engine/ops/row_undo.py``)."""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
import pytest

import engine
from engine.framework.errors import InvalidArgumentError
from engine.ops import row_undo

TABLE = np.arange(1.0, 13.0, dtype=np.float32).reshape(4, 3)


def _session(build: Any, cache: bool = False) -> tuple[engine.Session, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(TABLE, name="table")
        out = build(v)
        init = engine.global_variables_initializer()
    sess = engine.Session(graph=g, cache=cache)
    sess.run(init)
    return sess, v, out


def _buffer(sess: engine.Session, v: Any) -> np.ndarray:
    return sess._op_states[v.op]["value"]  # noqa: SLF001 - the variable's own array


def _watch(sess: engine.Session, v: Any) -> Any:
    """A weak reference to the variable's array (a strong one would keep it from being
    changed in place)."""
    return weakref.ref(_buffer(sess, v))


def test_a_scatter_of_a_variable_nobody_holds_writes_into_its_buffer() -> None:
    sess, v, add = _session(lambda v: engine.scatter_add(v, [1, 3], np.ones((2, 3), np.float32)))
    sess.run(add.op)  # the initial value is the initializer's constant's too: copied once
    before = _watch(sess, v)
    sess.run(add.op)
    assert _buffer(sess, v) is before()  # no copy of the table
    expected = TABLE.copy()
    expected[[1, 3]] += 2
    np.testing.assert_array_equal(sess.run(v), expected)
    assert not _buffer(sess, v).flags.writeable  # read-only again after the update


def test_a_fetched_value_never_changes_when_rows_are_updated() -> None:
    sess, v, add = _session(lambda v: engine.scatter_add(v, [0], np.ones((1, 3), np.float32)))
    held = sess.run(v)
    kept = held.copy()
    for _ in range(3):
        sess.run(add.op)
    np.testing.assert_array_equal(held, kept)
    assert sess.run(v)[0, 0] == TABLE[0, 0] + 3


def test_a_cached_value_never_changes_when_rows_are_updated() -> None:
    sess, v, add = _session(lambda v: engine.scatter_sub(v, [2], np.ones((1, 3), np.float32)),
                            cache=True)
    seen = sess.run(v)  # the cache's read-only value: held by the cache and by us
    kept = np.array(seen, copy=True)
    sess.run(add.op)
    np.testing.assert_array_equal(seen, kept)
    assert sess.run(v)[2, 0] == TABLE[2, 0] - 1


def test_a_run_failing_after_an_in_place_scatter_puts_the_rows_back() -> None:
    def build(v: Any) -> Any:
        add = engine.scatter_add(v, [1, 1, 2], np.full((3, 3), 5, np.float32))
        with engine.control_dependencies([add]):
            bad = engine.scatter_update(v, [7], np.zeros((1, 3), np.float32))  # row 7 of 4
        return add, bad

    sess, v, (add, bad) = _session(build)
    sess.run(add.op)
    start = sess.run(v)
    before = _watch(sess, v)
    with pytest.raises(InvalidArgumentError, match=r"indices\[0\] = 7 is not in \[0, 4\)"):
        sess.run(bad.op)
    assert _buffer(sess, v) is before()  # the update ran in place, then was undone
    np.testing.assert_array_equal(sess.run(v), start)
    assert row_undo.UNDO not in sess._op_states[v.op]  # noqa: SLF001 - the log is closed
    sess.run(add.op)  # and the variable updates as before
    assert sess.run(v)[1, 0] == start[1, 0] + 10


def test_an_nd_scatter_of_elements_writes_in_place_too() -> None:
    sess, v, upd = _session(lambda v: engine.scatter_nd_update(
        v, [[0, 1], [3, 2]], np.array([-1, -2], np.float32)))
    sess.run(upd.op)
    before = _watch(sess, v)
    sess.run(upd.op)
    expected = TABLE.copy()
    expected[0, 1], expected[3, 2] = -1, -2
    np.testing.assert_array_equal(sess.run(v), expected)
    assert _buffer(sess, v) is before()


def _embedding_step(optimizer: Any) -> tuple[engine.Session, Any, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        table = engine.Variable(TABLE, name="table")
        ids = engine.placeholder(engine.int32, [None], name="ids")
        loss = engine.reduce_sum(engine.square(engine.nn.embedding_lookup(table, ids)))
        train = optimizer.minimize(loss)
        init = engine.global_variables_initializer()
    sess = engine.Session(graph=g)
    sess.run(init)
    return sess, table, ids, train


@pytest.mark.parametrize("name", ["GradientDescentOptimizer", "AdagradOptimizer",
                                  "MomentumOptimizer"])
def test_a_sparse_training_step_updates_the_table_in_place_with_the_copying_result(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    kw = {"momentum": 0.9} if name == "MomentumOptimizer" else {}
    results = []
    for in_place in (True, False):
        if not in_place:
            monkeypatch.setattr(row_undo, "ALONE", -3)  # never alone: every update copies
        sess, table, ids, train = _embedding_step(getattr(engine.train, name)(0.1, **kw))
        sess.run(train, {ids: np.array([2, 0, 2], np.int32)})
        before = _watch(sess, table)
        for _ in range(3):
            sess.run(train, {ids: np.array([2, 0, 2], np.int32)})
        assert (_buffer(sess, table) is before()) is in_place
        results.append(sess.run(table))
    np.testing.assert_array_equal(results[0], results[1])
    assert not np.array_equal(results[0], TABLE)


def test_a_run_failing_after_a_sparse_apply_puts_the_table_and_its_slot_back() -> None:
    sess, table, ids, train = _embedding_step(engine.train.AdagradOptimizer(0.1))
    with table.graph.as_default():
        with engine.control_dependencies([train]):
            bad = engine.scatter_update(table, [9], np.zeros((1, 3), np.float32))  # row 9 of 4
        variables = engine.global_variables()  # the table and Adagrad's accumulator
    feed = {ids: np.array([1, 3, 1], np.int32)}
    sess.run(train, feed)
    before = [sess.run(v) for v in variables]
    watched = [_watch(sess, v) for v in variables]
    with pytest.raises(InvalidArgumentError, match="is not in"):
        sess.run(bad.op, feed)
    for v, value, buffer in zip(variables, before, watched):
        assert _buffer(sess, v) is buffer()  # changed in place, then put back
        np.testing.assert_array_equal(sess.run(v), value)
    sess.run(train, feed)
    assert not np.array_equal(sess.run(table), before[0])



def test_a_sliced_assignment_writes_in_place_and_a_later_failure_puts_the_slice_back(
        ) -> None:
    def build(v: Any) -> Any:
        x = engine.placeholder(engine.float32, [2, 2], name="x")
        sliced = v[1:3, ::2].assign(x)
        with engine.control_dependencies([sliced]):
            bad = engine.scatter_update(v, [9], np.zeros((1, 3), np.float32))
        return x, sliced, bad

    sess, v, (x, sliced, bad) = _session(build)
    sess.run(sliced.op, {x: np.full((2, 2), -1, np.float32)})
    start = sess.run(v)
    before = _watch(sess, v)
    with pytest.raises(InvalidArgumentError, match="is not in"):
        sess.run(bad.op, {x: np.full((2, 2), -5, np.float32)})
    np.testing.assert_array_equal(sess.run(v), start)
    with v.graph.as_default():
        again = v[0:1].assign(np.full((1, 3), 7, np.float32))
    sess.run(again.op)
    assert _buffer(sess, v) is before()  # both assignments wrote into the same array
    start[0] = 7
    np.testing.assert_array_equal(sess.run(v), start)
