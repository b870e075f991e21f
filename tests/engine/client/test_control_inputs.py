"""Control inputs (TF's ``^name``) and NoOp: what a fetched op waits on runs first."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def _graph() -> tuple[engine.Graph, engine.Tensor, engine.Operation]:
    g = engine.Graph()
    with g.as_default():
        a = engine.constant([1.0, 2.0], name="a")
        noop = g.create_op("NoOp", [], name="group")
        out = engine.identity(a, name="out")
    g.add_control_input(out.op, noop)
    return g, out, noop


def test_noop_has_no_outputs_and_runs_to_none() -> None:
    g, _, noop = _graph()
    assert noop.outputs == []
    assert engine.Session(graph=g).run(noop) is None


def test_fetching_an_op_runs_what_its_noop_waits_on_first() -> None:
    g, out, noop = _graph()
    with g.as_default():
        before = engine.identity(engine.constant(3.0, name="b_in"), name="before")
    g.add_control_input(noop, before.op)  # out waits on group, which waits on before
    meta = engine.RunMetadata()
    result = engine.Session(graph=g, optimize=False).run(out, run_metadata=meta)
    np.testing.assert_array_equal(result, [1.0, 2.0])
    assert meta.executed.index("before") < meta.executed.index("out")


def test_removing_an_op_drops_its_control_links() -> None:
    g, out, noop = _graph()
    g.remove_op(noop)
    assert out.op.control_inputs == []


def test_a_control_input_that_makes_a_cycle_is_refused() -> None:
    g, out, noop = _graph()
    with pytest.raises(engine.CycleError):
        g.add_control_input(noop, out.op)


def test_a_data_link_that_closes_a_cycle_through_a_control_input_is_refused() -> None:
    g = engine.Graph()
    a = g.add_op("Placeholder", name="a", attrs={"dtype": engine.float32, "shape": [1]})
    b = g.add_op("Identity", name="b", inputs=[a.outputs[0]])
    c = g.add_op("Identity", name="c")
    g.add_control_input(c, b)  # b runs before c
    with pytest.raises(engine.CycleError):
        g.connect(c.outputs[0], b, 0)  # b reading c would wait on itself
