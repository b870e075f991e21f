"""Control inputs through the editing API: added and removed one at a time with an event,
refused where they would make a cycle, cut when an op is removed, followed by runs."""

from __future__ import annotations

import pytest

import engine


def _pair() -> tuple[engine.Graph, engine.Variable, engine.Operation, engine.Operation]:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(1.0, name="v")
        bump = engine.assign_add(v, 1.0, name="bump").op
        after = engine.no_op(name="after")
    return g, v, bump, after


def test_adding_a_control_input_makes_the_run_do_it_first() -> None:
    g, v, bump, after = _pair()
    events: list[str] = []
    g.subscribe(lambda e: events.append(f"{e.kind} {e.op.name}"))
    assert g.add_control_input(after, bump) is True
    assert after.control_inputs == [bump]
    assert events == ["control_changed after"]
    with engine.Session(graph=g) as sess:
        sess.run(v.initializer)
        sess.run(after)
        assert sess.run(v) == 2.0


def test_adding_the_same_control_input_twice_changes_nothing() -> None:
    g, _, bump, after = _pair()
    g.add_control_input(after, bump)
    version = g.version
    assert g.add_control_input(after, bump) is False
    assert g.version == version and after.control_inputs == [bump]


def test_a_control_input_that_would_make_a_cycle_is_refused() -> None:
    g, _, bump, after = _pair()
    g.add_control_input(after, bump)
    with pytest.raises(engine.CycleError, match="would make a cycle"):
        g.add_control_input(bump, after)
    assert bump.control_inputs == []


def test_an_op_cannot_be_its_own_control_input() -> None:
    g, _, _, after = _pair()
    with pytest.raises(engine.CycleError):
        g.add_control_input(after, after)


def test_a_data_connection_that_closes_a_control_cycle_is_refused() -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.constant(1.0, name="a")
        b = engine.identity(engine.constant(2.0, name="c"), name="b")
    g.add_control_input(a.op, b.op)
    with pytest.raises(engine.CycleError):
        g.connect(a, b.op, 0)


def test_removing_a_control_input() -> None:
    g, _, bump, after = _pair()
    g.add_control_input(after, bump)
    g.remove_control_input(after, bump)
    assert after.control_inputs == []
    with pytest.raises(engine.GraphEditError, match="is not a control input"):
        g.remove_control_input(after, bump)


def test_removing_an_op_cuts_its_control_edges() -> None:
    g, _, bump, after = _pair()
    g.add_control_input(after, bump)
    g.remove_op(bump)
    assert after.control_inputs == []


def test_the_editor_api_makes_state_ops_that_infer() -> None:
    g = engine.Graph()
    var = g.add_op("VariableV2", attrs={"shape": [2], "dtype": engine.float64})
    value = g.add_op("Const", attrs={"value": [1.0, 2.0], "dtype": engine.float64})
    assign = g.add_op("Assign")
    assert assign.error is not None  # unwired
    g.connect(var.outputs[0], assign, 0)
    g.connect(value.outputs[0], assign, 1)
    assert assign.error is None and str(assign.outputs[0].dtype) == "<dtype: 'float64_ref'>"
    read = g.add_op("Identity", inputs=[var.outputs[0]])
    assert read.outputs[0].dtype is engine.float64
    with engine.Session(graph=g) as sess:
        sess.run(assign)
        assert sess.run(read.outputs[0]).tolist() == [1.0, 2.0]


def test_an_assign_into_a_value_is_refused_in_tfs_words() -> None:
    g = engine.Graph()
    with g.as_default():
        c = engine.constant([1.0])
    assign = g.add_op("Assign", inputs=[c, c])
    assert assign.error == ("'Assign' Op requires that input 'ref' be a mutable tensor "
                            "(e.g.: a tf.Variable)")
