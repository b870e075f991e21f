"""Variable values live in the Session that runs them: they survive runs, differ between
sessions, are reset by the initializer, are never cached, are not changed by what a caller
does to a fetched array, and a failed run leaves them as they were."""

from __future__ import annotations

import pytest

import engine


def _counter() -> tuple[engine.Graph, engine.Variable, engine.Tensor]:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable([1.0, 2.0], name="v")
        add = engine.assign_add(v, [1.0, 1.0])
    return g, v, add


def test_two_sessions_keep_their_own_values() -> None:
    g, v, add = _counter()
    first, second = engine.Session(graph=g), engine.Session(graph=g)
    first.run(v.initializer)
    second.run(v.initializer)
    first.run(add)
    first.run(add)
    assert first.run(v).tolist() == [3.0, 4.0]
    assert second.run(v).tolist() == [1.0, 2.0]


def test_closing_a_session_forgets_the_values() -> None:
    g, v, add = _counter()
    sess = engine.Session(graph=g)
    sess.run(v.initializer)
    sess.close()
    with engine.Session(graph=g) as fresh, pytest.raises(engine.FailedPreconditionError):
        fresh.run(v)


def test_changing_a_fetched_value_does_not_change_the_variable() -> None:
    g, v, add = _counter()
    with engine.Session(graph=g) as sess:
        sess.run(v.initializer)
        value = sess.run(v)
        value[0] = 100.0
        assert sess.run(v).tolist() == [1.0, 2.0]


def test_a_value_fetched_earlier_stays_what_it_was() -> None:
    g, v, add = _counter()
    with engine.Session(graph=g) as sess:
        sess.run(v.initializer)
        before = sess.run(v)
        sess.run(add)
        assert before.tolist() == [1.0, 2.0]


def test_a_failed_run_leaves_the_variables_as_they_were() -> None:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable([1.0, 2.0], name="v")
        x = engine.placeholder(engine.float32, [None], name="x")
        add = engine.assign_add(v, [10.0, 10.0])
        with engine.control_dependencies([add]):
            bad = engine.reshape(x, [3])  # fails at run time for a fed [2]
    with engine.Session(graph=g) as sess:
        sess.run(v.initializer)
        with pytest.raises(engine.InvalidArgumentError):
            sess.run(bad, {x: [1.0, 2.0]})
        assert sess.run(v).tolist() == [1.0, 2.0]


def test_a_failed_first_assignment_leaves_the_variable_uninitialized() -> None:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable([1.0, 2.0], name="v")
        x = engine.placeholder(engine.float32, [None], name="x")
        with engine.control_dependencies([v.initializer]):
            bad = engine.reshape(x, [3])
    with engine.Session(graph=g) as sess:
        with pytest.raises(engine.InvalidArgumentError):
            sess.run(bad, {x: [1.0, 2.0]})
        with pytest.raises(engine.FailedPreconditionError):
            sess.run(v)


def test_a_caching_session_runs_every_training_step() -> None:
    g, v, add = _counter()
    with g.as_default():
        doubled = v * 2.0
    with engine.Session(graph=g, cache=True) as sess:
        sess.run(v.initializer)
        assert sess.run(doubled).tolist() == [2.0, 4.0]
        sess.run(add)
        assert sess.run(doubled).tolist() == [4.0, 6.0]


def test_a_variable_read_gets_no_cache_key() -> None:
    g, v, add = _counter()
    with g.as_default():
        doubled = v * 2.0
    sess = engine.Session(graph=g, cache=True)
    plan = sess._plan([doubled], [])
    keys = sess._executor.keys(plan, {})
    assert keys and all(k is None for k in keys)


def test_load_sets_the_value_through_the_initializer() -> None:
    g, v, _ = _counter()
    with engine.Session(graph=g) as sess:
        v.load([7.0, 8.0], sess)
        assert v.eval(session=sess).tolist() == [7.0, 8.0]


def test_a_variable_initialized_from_another_reads_its_value() -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.Variable([1.0, 2.0])
        b = engine.Variable(a.initialized_value() * 3.0)
    with engine.Session(graph=g) as sess:
        sess.run(a.initializer)
        sess.run(b.initializer)
        assert sess.run(b).tolist() == [3.0, 6.0]


def test_reference_dtypes_name_their_value_type() -> None:
    ref = engine.float32.as_ref
    assert (ref.name, ref.enum_name, ref.base_dtype) == ("float32_ref", "DT_FLOAT_REF",
                                                         engine.float32)
    assert ref.is_ref_dtype and not engine.float32.is_ref_dtype
    assert engine.as_dtype("float64_ref") is engine.float64.as_ref
    assert ref.as_ref is ref
