"""A plan skips the ops that forward their input unchanged (an Identity, a Reshape to the
shape its input has), as TF's graph optimizer removes them; their readers read the input,
the results are the unoptimized session's, and run metadata and progress still name them."""

from __future__ import annotations

from typing import Any

import numpy as np

import engine


def _graph() -> tuple[engine.Graph, Any, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 3], name="x")
        a = engine.identity(x * 2.0, name="a")
        b = engine.reshape(engine.identity(a, name="a2"), [-1, 3], name="b")
        # the width read from x's shape: a plan made for the fed shapes (Shape folds)
        width = engine.cast(engine.shape(x)[1], engine.float32)
        out = engine.reduce_sum(b * a, axis=1, name="out") / width
    return g, x, a, out


def _steps(sess: engine.Session) -> list[str]:
    (plan,) = sess._plans.values()
    return [op.name for step in plan.steps for op in step.ops]


def test_identities_and_a_same_shape_reshape_run_no_step() -> None:
    """The reshape to [-1, 3] of a [?, 3] input is a no-op in a plan made for x's shape."""
    g, x, _, out = _graph()
    sess = engine.Session(graph=g)
    sess.run(out, {x: np.ones((4, 3), np.float32)})
    assert not {"a", "a2", "b"} & set(_steps(sess))


def test_skipped_pass_throughs_give_the_unoptimized_values() -> None:
    g, x, _, out = _graph()
    sess, plain = engine.Session(graph=g), engine.Session(graph=g, optimize=False)
    for rows in (4, 1, 4):
        fed = np.arange(rows * 3, dtype=np.float32).reshape(rows, 3)
        np.testing.assert_array_equal(sess.run(out, {x: fed}), plain.run(out, {x: fed}))


def test_a_fetched_identity_is_run_and_its_value_is_the_callers_own() -> None:
    g, x, a, out = _graph()
    sess = engine.Session(graph=g)
    fed = np.ones((2, 3), np.float32)
    got_a, _ = sess.run([a, out], {x: fed})
    assert "a" in _steps(sess)
    got_a[0, 0] = 7.0  # the caller's copy: the next run is not affected
    assert sess.run(a, {x: fed}).tolist() == [[2.0] * 3] * 2


def test_run_metadata_and_progress_name_the_skipped_ops() -> None:
    g, x, _, out = _graph()
    sess = engine.Session(graph=g)
    md = engine.RunMetadata()
    heard: list[tuple[str, str]] = []
    sess.run(out, {x: np.ones((2, 3), np.float32)}, run_metadata=md,
             on_op=lambda state, op, seconds: heard.append((state, op.name)))
    assert {"a", "a2", "b"} <= set(md.executed)
    assert md.ops["b"].time == 0.0
    assert ("done", "a2") in heard and ("started", "b") in heard
    assert md.executed.index("a") < md.executed.index("out")


def test_a_reshape_that_changes_the_shape_still_runs() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 4], name="x")
        y = engine.reduce_sum(engine.reshape(x, [-1, 2], name="r") * 1.0)
    sess = engine.Session(graph=g)
    assert sess.run(y, {x: np.ones((3, 4), np.float32)}) == 12.0
    assert "r" in _steps(sess)


def test_a_value_cached_session_keeps_the_pass_throughs() -> None:
    g, x, _, out = _graph()
    sess = engine.Session(graph=g, cache=True)
    for value in (1.0, 2.0):  # the cache keys each step by its inputs: a new feed is seen
        got = sess.run(out, {x: np.full((2, 3), value, np.float32)})
        assert got.tolist() == [4.0 * value * value] * 2
    assert {"a", "a2", "b"} <= set(_steps(sess))


def test_a_variables_read_is_skipped_and_sees_the_value_assigned_before_it() -> None:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(np.float32(1.0), name="v")
        step = engine.assign_add(v, np.float32(2.0))
        with engine.control_dependencies([step]):
            out = engine.identity(v.read_value() * 10.0, name="out")
    sess = engine.Session(graph=g)
    sess.run(v.initializer)
    assert sess.run(out) == 30.0
    assert sess.run(out) == 50.0


def test_an_edited_reshape_target_is_followed_after_the_reshape_was_skipped() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, None], name="x")
        target = engine.constant(np.array([2, 4], np.int32), name="target")
        y = engine.reshape(x, target, name="r") * 1.0
    sess = engine.Session(graph=g)
    fed = np.arange(8, dtype=np.float32).reshape(2, 4)
    assert sess.run(y, {x: fed}).shape == (2, 4)
    g.set_attrs(target.op, {"value": np.array([4, 2], np.int32)})
    np.testing.assert_array_equal(sess.run(y, {x: fed}), fed.reshape(4, 2))


def test_a_value_read_directly_and_through_an_identity_by_one_fused_op_is_kept() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [3], name="x")
        p = engine.exp(x, name="p")
        y = engine.tanh(p * engine.identity(p, name="same"), name="y")
    sess, plain = engine.Session(graph=g), engine.Session(graph=g, optimize=False)
    fed = np.array([0.1, -0.2, 0.3], np.float32)
    np.testing.assert_array_equal(sess.run(y, {x: fed}), plain.run(y, {x: fed}))
    assert "same" not in _steps(sess)
