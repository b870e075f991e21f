"""Name scopes as edits: batch renames, grouping into a scope and ungrouping."""

from __future__ import annotations

import pytest

import engine


def _graph() -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        a = engine.constant(1.0)
        b = engine.constant(2.0)
        with engine.name_scope("outer"):
            c = engine.add(a, b)
            engine.multiply(c, b)
    return g


def _names(g: engine.Graph) -> list[str]:
    return [op.name for op in g.get_operations()]


def test_scope_of_is_the_prefix_before_the_last_slash() -> None:
    assert (engine.scope_of("a/b/add"), engine.scope_of("add")) == ("a/b", "")


def test_common_scope_is_the_deepest_shared_prefix() -> None:
    assert engine.common_scope(["a/b/x", "a/b/c/y", "a/z"]) == "a"


def test_scope_names_lists_nested_scopes() -> None:
    g = _graph()
    assert engine.scope_names(g) == {"outer"}


def test_move_to_scope_nests_inside_the_common_scope() -> None:
    g = _graph()
    ops = [g.get_operation_by_name("outer/Add"), g.get_operation_by_name("outer/Mul")]
    scope, renames = engine.move_to_scope(g, ops, "block")
    assert scope == "outer/block"
    assert _names(g) == ["Const", "Const_1", "outer/block/Add", "outer/block/Mul"]
    assert renames == {"outer/Add": "outer/block/Add", "outer/Mul": "outer/block/Mul"}


def test_move_to_scope_avoids_a_name_an_op_uses() -> None:
    g = _graph()
    scope, _ = engine.move_to_scope(g, [g.get_operation_by_name("Const")], "Const_1")
    assert scope == "Const_1_1"


def test_move_to_scope_refuses_an_invalid_scope_name_and_changes_nothing() -> None:
    g = _graph()
    before = _names(g)
    with pytest.raises(engine.GraphEditError, match="not a valid root scope name"):
        engine.move_to_scope(g, [g.get_operation_by_name("Const")], "bad name")
    assert _names(g) == before


def test_ungroup_takes_ops_out_and_uniquifies_taken_names() -> None:
    g = engine.Graph()
    g.add_op("Const", name="add", attrs={"value": 1.0})
    g.add_op("Const", name="s/add", attrs={"value": 1.0})
    renames = engine.ungroup_scope(g, "s")
    assert renames == {"s/add": "add_1"} and _names(g) == ["add", "add_1"]


def test_rename_ops_swaps_names_in_one_edit() -> None:
    g = _graph()
    engine.rename_ops(g, {"Const": "Const_1", "Const_1": "Const"})
    assert _names(g) == ["Const_1", "Const", "outer/Add", "outer/Mul"]
    assert g.get_operation_by_name("outer/Add").inputs[0].op.name == "Const_1"


def test_rename_ops_refuses_a_taken_name_and_renames_nothing() -> None:
    g = _graph()
    with pytest.raises(engine.GraphEditError, match="already used by the op 'Const'"):
        engine.rename_ops(g, {"outer/Add": "x", "outer/Mul": "const"})
    assert _names(g) == ["Const", "Const_1", "outer/Add", "outer/Mul"]


def test_rename_ops_refuses_two_ops_given_one_name() -> None:
    g = _graph()
    with pytest.raises(engine.GraphEditError, match="would both be named"):
        engine.rename_ops(g, {"outer/Add": "x", "outer/Mul": "X"})
    assert "outer/Add" in g


def test_grouping_a_chain_infers_each_op_at_most_once() -> None:
    g = engine.Graph()
    prev = g.add_op("Const", attrs={"value": 1.0})
    for _ in range(50):
        prev = g.add_op("Neg", inputs=[prev.outputs[0]])
    events: list[tuple[str, str]] = []
    g.subscribe(lambda e: events.append((e.kind, e.op.name)))
    engine.move_to_scope(g, g.get_operations(), "block")
    renamed = [name for kind, name in events if kind == "op_renamed"]
    inferred = [name for kind, name in events if kind == "inferred"]
    assert len(renamed) == 51
    assert len(inferred) == len(set(inferred))


def test_renamed_ops_report_their_old_names_after_all_names_changed() -> None:
    g = _graph()
    seen: list[tuple[str, object, bool]] = []
    g.subscribe(lambda e: seen.append((e.op.name, e.old, "Const_1" in g)) if
                e.kind == "op_renamed" else None)
    engine.rename_ops(g, {"Const": "Const_1", "Const_1": "Const"})
    assert seen == [("Const_1", "Const", True), ("Const", "Const_1", True)]
