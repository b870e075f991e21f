"""Removing many ops as one edit (``engine.remove_ops``): the editor's Delete."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def _chain(n: int) -> engine.Graph:
    g = engine.Graph()
    prev = g.add_op("Const", name="c", attrs={"value": np.float32(1.0)})
    for i in range(n):
        prev = g.add_op("Neg", name=f"n{i}", inputs=[prev.outputs[0]])
    return g


def _events(g: engine.Graph) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    g.subscribe(lambda e: seen.append((e.kind, e.op.name)))
    return seen


def test_remove_ops_leaves_only_the_ops_that_stay() -> None:
    g = _chain(4)
    engine.remove_ops(g, [g.get_operation_by_name(n) for n in ("n1", "n2")])
    assert [op.name for op in g.get_operations()] == ["c", "n0", "n3"]


def test_remove_ops_unwires_the_inputs_of_ops_that_stay_and_returns_the_cut_links() -> None:
    g = _chain(3)
    n0 = g.get_operation_by_name("n0")
    cut = engine.remove_ops(g, [g.get_operation_by_name("n1")])
    n2 = g.get_operation_by_name("n2")
    assert [(c.name, i, t.name) for c, i, t in cut] == [("n2", 0, "n1:0")]
    assert n2.inputs[0] is None
    assert n0.outputs[0].consumers() == []


def test_remove_ops_reports_removals_consumers_first_then_the_cut_links() -> None:
    g = _chain(3)
    seen = _events(g)
    engine.remove_ops(g, [g.get_operation_by_name(n) for n in ("n0", "n1")])
    assert seen[:3] == [("op_removed", "n1"), ("op_removed", "n0"), ("input_changed", "n2")]


def test_remove_ops_infers_the_ops_that_stay_once() -> None:
    g = _chain(50)
    seen = _events(g)
    engine.remove_ops(g, [g.get_operation_by_name(f"n{i}") for i in range(10)])
    inferred = [name for kind, name in seen if kind == "inferred"]
    assert inferred == [f"n{i}" for i in range(10, 50)]
    assert g.get_operation_by_name("n49").error is not None  # its chain lost its input


def test_remove_ops_drops_control_edges_to_ops_that_stay() -> None:
    g = _chain(2)
    keep = g.get_operation_by_name("n1")
    g.add_control_input(keep, g.get_operation_by_name("c"))
    engine.remove_ops(g, [g.get_operation_by_name("c")])
    assert keep.control_inputs == []


def test_remove_ops_refuses_an_op_of_another_graph_and_removes_nothing() -> None:
    g, other = _chain(2), _chain(1)
    with pytest.raises(engine.GraphEditError, match="'n0' is not in this graph"):
        engine.remove_ops(g, [g.get_operation_by_name("n1"), other.get_operation_by_name("n0")])
    assert len(g) == 3
