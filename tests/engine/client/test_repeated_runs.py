"""A run that repeats an earlier one's fetches and feed keys skips the resolving, and still
makes every check a first run makes: each feed's dtype and shape, the graph's edits, the
shapes a plan was specialised for, the variables a failed run must leave alone."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

import engine
from engine import Graph, Session
from engine.client import session as session_module

from ..conftest import KernelBackend


def _chain(shape: Any = (3,)) -> tuple[Graph, Any, Any, Any]:
    g = Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=shape, name="a")
        b = engine.placeholder(engine.float32, shape=shape, name="b")
        y = (a + b) * b
    return g, a, b, y


def test_a_repeated_run_computes_the_values_fed_this_time(backend: KernelBackend) -> None:
    g, a, b, y = _chain()
    sess = backend.session(g)
    feeds = {a: np.array([1, 2, 3], np.float32), b: np.array([1, 1, 1], np.float32)}
    assert sess.run(y, feeds).tolist() == [2, 3, 4]
    feeds[a] = np.array([10, 20, 30], np.float32)
    assert sess.run(y, feeds).tolist() == [11, 21, 31]
    assert sess.run(y, {a: feeds[a], b: np.full(3, 2, np.float32)}).tolist() == [24, 44, 64]


def test_a_repeated_run_resolves_neither_keys_nor_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    g, a, b, y = _chain()
    sess = Session(graph=g, device="cpu")
    feeds = {a: np.ones(3, np.float32), b: np.ones(3, np.float32)}
    sess.run(y, feeds)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("resolved again")

    monkeypatch.setattr(session_module, "feed_key", refuse)
    monkeypatch.setattr(session_module, "compile_plan", refuse)
    assert sess.run(y, feeds).tolist() == [2, 2, 2]
    with pytest.raises(AssertionError, match="resolved again"):  # another structure
        sess.run([y, a], feeds)

def test_a_repeated_run_converts_a_feed_of_another_dtype_as_the_first_did() -> None:
    g, a, b, y = _chain()
    sess = Session(graph=g, device="cpu")
    ones = np.ones(3, np.float32)
    sess.run(y, {a: ones, b: ones})
    out = sess.run(y, {a: [1.5, 2.5, 3.5], b: np.ones(3, np.float64)})
    assert out.dtype == np.float32
    assert out.tolist() == [2.5, 3.5, 4.5]


def test_a_repeated_run_refuses_a_feed_of_the_wrong_shape_in_tf_words() -> None:
    g, a, b, y = _chain()
    sess = Session(graph=g, device="cpu")
    ones = np.ones(3, np.float32)
    sess.run(y, {a: ones, b: ones})
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(4,\) for Tensor a:0, "
                                         r"which has shape \(3,\)"):
        sess.run(y, {a: np.ones(4, np.float32), b: ones})


def test_a_repeated_run_refuses_an_int_past_the_feeds_dtype() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.uint8, shape=[], name="x")
        y = x + engine.constant(1, engine.uint8)
    sess = Session(graph=g, device="cpu")
    assert sess.run(y, {x: 3}) == 4
    with pytest.raises(TypeError, match="is not compatible with Tensor type"):
        sess.run(y, {x: 300})


def test_a_partly_known_shape_takes_any_batch_and_refuses_a_wrong_width() -> None:
    g, a, b, y = _chain(shape=(None, 2))
    sess = Session(graph=g, device="cpu")
    for rows in (1, 4, 2):
        v = np.ones((rows, 2), np.float32)
        assert sess.run(y, {a: v, b: v}).shape == (rows, 2)
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2, 3\)"):
        sess.run(y, {a: np.ones((2, 3), np.float32), b: np.ones((2, 3), np.float32)})


def test_a_plan_specialised_for_fed_shapes_is_not_reused_for_another_shape() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[None], name="x")
        n = engine.shape(x)
    sess = Session(graph=g, device="cpu")
    assert sess.run(n, {x: np.ones(3, np.float32)}).tolist() == [3]
    assert sess.run(n, {x: np.ones(3, np.float32)}).tolist() == [3]
    assert sess.run(n, {x: np.ones(5, np.float32)}).tolist() == [5]


def test_an_edit_between_repeated_runs_is_seen_by_the_next_run() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        c = engine.constant(np.float32(2), name="c")
        y = x * c
    sess = Session(graph=g, device="cpu")
    feeds = {x: np.ones(2, np.float32)}
    assert sess.run(y, feeds).tolist() == [2, 2]
    g.set_attrs(c.op, {"value": np.float32(5)})
    assert sess.run(y, feeds).tolist() == [5, 5]


def test_a_rename_between_repeated_runs_is_seen_by_a_key_by_name() -> None:
    g, a, b, y = _chain()
    sess = Session(graph=g, device="cpu")
    ones = np.ones(3, np.float32)
    assert sess.run("mul:0", {"a:0": ones, "b:0": ones}).tolist() == [2, 2, 2]
    g.rename_op(a.op, "a2")
    with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor"):
        sess.run("mul:0", {"a:0": ones, "b:0": ones})


def test_a_fetched_fed_tensor_of_a_repeated_run_is_a_copy() -> None:
    g, a, b, y = _chain()
    sess = Session(graph=g, device="cpu")
    ones = np.ones(3, np.float32)
    for _ in range(2):
        got, _ = sess.run([a, y], {a: ones, b: ones})
        got[0] = 7
        assert ones.tolist() == [1, 1, 1]


def test_a_repeated_run_warns_of_nothing_and_leaves_numpys_error_state() -> None:
    g, a, b, y = _chain()
    sess = Session(graph=g, device="cpu")
    big = np.full(3, 3e38, np.float32)
    before = np.geterr()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(2):
            assert np.isinf(sess.run(y, {a: big, b: big})).all()
    assert np.geterr() == before


def test_a_failed_repeated_run_leaves_the_variable_as_it_was() -> None:
    g = Graph()
    with g.as_default():
        v = engine.Variable(np.float32(1), name="v")
        x = engine.placeholder(engine.int32, shape=[], name="x")
        step = engine.assign_add(v, np.float32(1))
        with engine.control_dependencies([step]):
            out = engine.floordiv(engine.constant(1), x)
    sess = Session(graph=g, device="cpu")
    sess.run(v.initializer)
    assert sess.run(out, {x: 1}) == 1
    assert sess.run(v) == 2
    with pytest.raises(engine.InvalidArgumentError):
        sess.run(out, {x: 0})
    assert sess.run(v) == 2
