"""Exact names (loading, paste, undo, rename) are checked against the live ops' names by
their lower case through an index the graph keeps, so adding n ops costs O(n), not O(n²)
(a 100,000-op file took minutes to load); the index must follow removals and renames."""

from __future__ import annotations

import pytest

import engine


def graph_with(*names: str) -> engine.Graph:
    g = engine.Graph()
    for name in names:
        g.add_op("Const", name, {"value": 1.0, "dtype": engine.float32}, exact_name=True)
    return g


def test_an_exact_name_differing_only_in_case_is_refused() -> None:
    g = graph_with("Add")
    with pytest.raises(engine.GraphEditError, match="differs only in case from the op 'Add'"):
        g.add_op("Const", "add", {"value": 1.0}, exact_name=True)


def test_a_removed_op_frees_its_name_in_every_case() -> None:
    g = graph_with("Add")
    g.remove_op(g.get_operation_by_name("Add"))
    assert g.add_op("Const", "add", {"value": 1.0}, exact_name=True).name == "add"


def test_a_renamed_op_frees_its_old_name_and_holds_its_new_one() -> None:
    g = graph_with("a")
    g.rename_op(g.get_operation_by_name("a"), "B")
    assert g.add_op("Const", "A", {"value": 1.0}, exact_name=True).name == "A"
    with pytest.raises(engine.GraphEditError, match="differs only in case from the op 'B'"):
        g.add_op("Const", "b", {"value": 1.0}, exact_name=True)


def test_a_rename_that_only_changes_case_keeps_the_name_taken() -> None:
    g = graph_with("x")
    g.rename_op(g.get_operation_by_name("x"), "X")
    with pytest.raises(engine.GraphEditError, match="differs only in case from the op 'X'"):
        g.add_op("Const", "x", {"value": 1.0}, exact_name=True)


def test_the_check_reads_the_index_not_every_name(monkeypatch: pytest.MonkeyPatch) -> None:
    g = graph_with(*(f"c{i}" for i in range(50)))
    lowered = [0]
    real_lower = str.lower

    class Counting(str):
        def lower(self) -> str:
            lowered[0] += 1
            return real_lower(self)

    for name in list(g._ops):  # each taken name now counts how often it is lower-cased
        g._ops[Counting(name)] = g._ops.pop(name)
    g.add_op("Const", "fresh", {"value": 1.0}, exact_name=True)
    assert lowered[0] == 0


def test_an_exact_name_differing_only_in_case_from_a_built_op_is_refused() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.constant(1.0, name="Built")
    with pytest.raises(engine.GraphEditError, match="differs only in case from the op 'Built'"):
        g.add_op("Const", "bUILT", {"value": 1.0}, exact_name=True)


def test_a_built_op_renamed_before_any_exact_name_frees_its_old_name() -> None:
    g = engine.Graph()
    with g.as_default():
        built = engine.constant(1.0, name="old")
    g.rename_op(built.op, "new")
    assert g.add_op("Const", "OLD", {"value": 1.0}, exact_name=True).name == "OLD"
    with pytest.raises(engine.GraphEditError, match="differs only in case from the op 'new'"):
        g.add_op("Const", "NEW", {"value": 1.0}, exact_name=True)
