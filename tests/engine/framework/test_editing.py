"""The graph's editing API, the way the canvas uses it.

Ops can be created with unwired inputs and wired in any order; every edit either happens
completely or (refused) changes nothing; inference keeps an error on the node in TF's words;
only what is downstream of an edit is inferred again; subscribers hear every change; and a
removed op can be put back exactly (undo).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest

from engine import (
    CycleError,
    Graph,
    GraphEditError,
    GraphEvent,
    InvalidArgumentError,
    InvalidGraphError,
    Operation,
    Session,
    TensorShape,
)
from engine.framework import dtypes as dt
from engine.framework import inference
from engine.framework.errors import AttrError
from engine.framework.naming import invalid_name_message

from ..conftest import const


# --- helpers ------------------------------------------------------------------------------
class Recorder:
    """Subscribes to a graph and keeps its events as comparable tuples."""

    def __init__(self, g: Graph) -> None:
        self.events: list[GraphEvent] = []
        g.subscribe(self.events.append)

    def clear(self) -> None:
        self.events.clear()

    def kinds(self) -> list[tuple[str, str]]:
        return [(e.kind, e.op.name) for e in self.events]

    def inferred(self) -> list[str]:
        return [e.op.name for e in self.events if e.kind == "inferred"]


def snapshot(g: Graph) -> dict[str, Any]:
    """Everything observable about a graph's structure and inference, keyed by op name."""
    out: dict[str, Any] = {}
    for op in g.get_operations():
        attrs = {
            k: (v.tolist(), str(v.dtype)) if isinstance(v, np.ndarray) else v
            for k, v in op.attrs.items()
        }
        out[op.name] = (
            op.type,
            attrs,
            [None if t is None else t.name for t in op.inputs],
            sorted((c.name, i) for c, i in op.consumers()),
            op.output_specs,
            op.error,
            op.error_kind,
        )
    return out


def add_graph(a_value: Any = (1.0, 2.0, 3.0), b_value: Any = (10.0, 20.0, 30.0)) -> tuple[
    Graph, Operation, Operation, Operation
]:
    g = Graph()
    a = const(g, "a", list(a_value))
    b = const(g, "b", list(b_value))
    add = g.add_op("AddV2", inputs=[a.outputs[0], b.outputs[0]])
    return g, a, b, add


# --- creating and wiring ------------------------------------------------------------------
def test_new_op_with_unwired_inputs_carries_an_unwired_error() -> None:
    g = Graph()
    add = g.add_op("AddV2")
    assert add.name == "add"
    assert add.inputs == [None, None]
    assert not add.is_valid
    assert add.error_kind == "unwired"
    assert add.error == "Input 'x' of 'add' (AddV2) is not connected."
    assert add.output_specs is None


def test_unwired_error_names_the_first_unwired_input() -> None:
    g = Graph()
    a = const(g, "a", [1.0])
    add = g.add_op("AddV2", inputs=[a.outputs[0]])
    assert add.inputs == [a.outputs[0], None]
    assert add.error == "Input 'y' of 'add' (AddV2) is not connected."


def test_connect_inputs_in_any_order() -> None:
    g = Graph()
    a, b = const(g, "a", [1.0, 2.0]), const(g, "b", [3.0, 4.0])
    add = g.add_op("AddV2")
    assert g.connect(b.outputs[0], add, 1) is None
    assert add.error == "Input 'x' of 'add' (AddV2) is not connected."
    assert g.connect(a.outputs[0], add, 0) is None
    assert add.is_valid
    assert add.inputs == [a.outputs[0], b.outputs[0]]
    assert add.outputs[0].shape == TensorShape([2])
    assert add.outputs[0].dtype is dt.float32
    assert Session(graph=g).run(add.outputs[0]).tolist() == [4.0, 6.0]


def test_connect_creates_the_consumer_link() -> None:
    g, a, b, add = add_graph()
    assert a.consumers() == [(add, 0)]
    assert a.outputs[0].consumers() == [add]
    assert b.consumers() == [(add, 1)]


def test_connect_replaces_an_existing_link_and_returns_the_old_tensor() -> None:
    g, a, b, add = add_graph()
    c = const(g, "c", [100.0, 200.0, 300.0])
    old = g.connect(c.outputs[0], add, 1)
    assert old is b.outputs[0]
    assert add.inputs == [a.outputs[0], c.outputs[0]]
    assert b.consumers() == []
    assert c.consumers() == [(add, 1)]
    assert Session(graph=g).run(add.outputs[0]).tolist() == [101.0, 202.0, 303.0]


def test_connecting_the_same_tensor_again_changes_nothing() -> None:
    g, a, b, add = add_graph()
    version = g.version
    assert g.connect(a.outputs[0], add, 0) is a.outputs[0]
    assert g.version == version
    assert a.consumers() == [(add, 0)]


def test_one_tensor_can_feed_both_inputs() -> None:
    g = Graph()
    a = const(g, "a", [3.0])
    mul = g.add_op("Mul")
    g.connect(a.outputs[0], mul, 0)
    g.connect(a.outputs[0], mul, 1)
    assert sorted(a.consumers(), key=lambda c: c[1]) == [(mul, 0), (mul, 1)]
    assert Session(graph=g).run(mul.outputs[0]).tolist() == [9.0]


def test_connect_to_a_missing_input_index_is_refused() -> None:
    g, a, b, add = add_graph()
    version = g.version
    with pytest.raises(GraphEditError, match="has no input 2"):
        g.connect(a.outputs[0], add, 2)
    with pytest.raises(GraphEditError):
        g.connect(a.outputs[0], add, -1)
    assert g.version == version


def test_connect_a_tensor_of_another_graph_is_refused() -> None:
    g, a, b, add = add_graph()
    other = Graph()
    stranger = const(other, "s", [1.0, 2.0, 3.0])
    with pytest.raises(GraphEditError):
        g.connect(stranger.outputs[0], add, 0)
    assert add.inputs == [a.outputs[0], b.outputs[0]]


def test_disconnect_unwires_and_returns_the_old_tensor() -> None:
    g, a, b, add = add_graph()
    assert g.disconnect(add, 0) is a.outputs[0]
    assert add.inputs == [None, b.outputs[0]]
    assert a.consumers() == []
    assert add.error_kind == "unwired"
    assert add.error == "Input 'x' of 'add' (AddV2) is not connected."


def test_disconnect_an_unwired_input_returns_none_and_changes_nothing() -> None:
    g = Graph()
    add = g.add_op("AddV2")
    version = g.version
    assert g.disconnect(add, 1) is None
    assert g.version == version


def test_add_op_with_an_unknown_type_is_refused() -> None:
    g = Graph()
    with pytest.raises(GraphEditError, match="unknown op type 'Conv9D'"):
        g.add_op("Conv9D")
    assert len(g) == 0


def test_add_op_with_an_unknown_attribute_is_refused() -> None:
    g = Graph()
    with pytest.raises(GraphEditError, match="no attribute 'colour'"):
        g.add_op("Const", attrs={"colour": "red"})
    assert len(g) == 0


def test_add_op_names_new_nodes_like_tf() -> None:
    g = Graph()
    names = [g.add_op(t).name for t in ("AddV2", "AddV2", "Const", "Const", "MatMul", "Neg")]
    assert names == ["add", "add_1", "Const", "Const_1", "matmul", "Neg"]


def test_add_op_with_exact_name_refuses_a_name_in_use() -> None:
    g = Graph()
    const(g, "a", [1.0])
    with pytest.raises(GraphEditError, match="already used"):
        g.add_op("Const", "a", exact_name=True)
    with pytest.raises(GraphEditError, match="differs only in case"):
        g.add_op("Const", "A", exact_name=True)
    assert [op.name for op in g.get_operations()] == ["a"]


# --- removing -----------------------------------------------------------------------------
def test_remove_op_unwires_its_consumers() -> None:
    g, a, b, add = add_graph()
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    cut = g.remove_op(add)
    assert cut == [(neg, 0, add.outputs[0])]
    assert "add" not in g
    assert neg.inputs == [None]
    assert neg.error_kind == "unwired"
    assert neg.error == "Input 'x' of 'Neg' (Neg) is not connected."
    assert a.consumers() == [] and b.consumers() == []
    assert g.outputs() == [a, b, neg]


def test_remove_op_reports_removal_cut_links_and_reinference() -> None:
    g, a, b, add = add_graph()
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    rec = Recorder(g)
    g.remove_op(add)
    assert rec.kinds() == [("op_removed", "add"), ("input_changed", "Neg"), ("inferred", "Neg")]
    changed = rec.events[1]
    assert changed.op is neg and changed.index == 0 and changed.old is add.outputs[0]


def test_removing_an_op_with_no_consumers_cuts_nothing() -> None:
    g, a, b, add = add_graph()
    assert g.remove_op(add) == []
    assert [op.name for op in g.get_operations()] == ["a", "b"]


def test_remove_an_op_twice_is_refused() -> None:
    g, a, b, add = add_graph()
    g.remove_op(add)
    with pytest.raises(GraphEditError, match="not in this graph"):
        g.remove_op(add)


def test_a_removed_op_can_be_restored_into_an_identical_graph() -> None:
    g, a, b, add = add_graph()
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    sq = g.add_op("Mul", "square", inputs=[add.outputs[0], add.outputs[0]])
    before = snapshot(g)
    expected = Session(graph=g).run([neg.outputs[0], sq.outputs[0]])

    # what an undo command keeps: all of it comes from the public API
    name, op_type, attrs, inputs = add.name, add.type, add.attrs, add.inputs
    cut = g.remove_op(add)
    assert {(c.name, i) for c, i, _ in cut} == {("Neg", 0), ("square", 0), ("square", 1)}
    assert snapshot(g) != before

    restored = g.add_op(op_type, name, attrs, inputs, exact_name=True)
    for consumer, index, tensor in cut:
        g.connect(restored.outputs[tensor.value_index], consumer, index)

    assert restored.name == "add"
    assert snapshot(g) == before
    results = Session(graph=g).run([neg.outputs[0], sq.outputs[0]])
    assert [r.tolist() for r in results] == [e.tolist() for e in expected]


def test_a_removed_const_is_restored_with_its_value_and_dtype() -> None:
    g = Graph()
    c = const(g, "c", [[1, 2], [3, 4]], dt.int64)
    ident = g.add_op("Identity", inputs=[c.outputs[0]])
    before = snapshot(g)
    name, op_type, attrs = c.name, c.type, c.attrs
    cut = g.remove_op(c)
    restored = g.add_op(op_type, name, attrs, exact_name=True)
    for consumer, index, tensor in cut:
        g.connect(restored.outputs[tensor.value_index], consumer, index)
    assert snapshot(g) == before
    assert Session(graph=g).run(ident.outputs[0]).tolist() == [[1, 2], [3, 4]]


# --- renaming -----------------------------------------------------------------------------
def test_rename_op_returns_the_old_name() -> None:
    g, a, b, add = add_graph()
    assert g.rename_op(add, "total") == "add"
    assert add.name == "total"
    assert g.get_operation_by_name("total") is add
    assert "add" not in g
    assert g.get_tensor_by_name("total:0") is add.outputs[0]


def test_rename_keeps_the_order_of_ops() -> None:
    g, a, b, add = add_graph()
    g.rename_op(a, "first")
    assert [op.name for op in g.get_operations()] == ["first", "b", "add"]


def test_rename_emits_an_event_with_the_old_name() -> None:
    g, a, b, add = add_graph()
    rec = Recorder(g)
    g.rename_op(a, "x")
    assert rec.events[0].kind == "op_renamed"
    assert rec.events[0].op is a
    assert rec.events[0].old == "a"


def test_rename_to_a_name_in_use_is_refused() -> None:
    g, a, b, add = add_graph()
    version = g.version
    with pytest.raises(GraphEditError, match="already used"):
        g.rename_op(a, "b")
    assert a.name == "a" and g.get_operation_by_name("a") is a
    assert g.version == version


def test_rename_to_a_name_differing_only_in_case_is_refused() -> None:
    g, a, b, add = add_graph()
    with pytest.raises(GraphEditError, match="differs only in case from the op 'b'"):
        g.rename_op(a, "B")
    assert a.name == "a"


def test_rename_may_change_the_case_of_the_op_own_name() -> None:
    g, a, b, add = add_graph()
    assert g.rename_op(a, "A") == "a"
    assert g.get_operation_by_name("A") is a


@pytest.mark.parametrize("bad", ["", "bad name", "_private", "-x", "a:0", "ü"])
def test_rename_to_an_invalid_name_is_refused_with_tf_regex_message(bad: str) -> None:
    g, a, b, add = add_graph()
    rec = Recorder(g)
    with pytest.raises(GraphEditError) as info:
        g.rename_op(a, bad)
    # TF formats the compiled pattern itself into the message, re.compile(...) and all
    assert str(info.value) == (
        f"`{bad}` is not a valid node name. Accepted names conform to Regex "
        r"/re.compile('^[A-Za-z0-9.][A-Za-z0-9_.\\\\/>-]*$')/"
    )
    assert str(info.value) == invalid_name_message(bad)
    assert a.name == "a" and "a" in g
    assert rec.events == []


def test_rename_accepts_tf_name_characters() -> None:
    g, a, b, add = add_graph()
    g.rename_op(a, "scope/sub.x-1>y")
    assert g.get_operation_by_name("scope/sub.x-1>y") is a


def test_rename_updates_the_messages_that_quote_the_name() -> None:
    g, a, b, add = add_graph(b_value=(1.0, 2.0, 3.0, 4.0))
    assert "(a, b)" in add.error
    g.rename_op(a, "left")
    assert "= AddV2[T=DT_FLOAT](left, b)' with input shapes: [3], [4]." in add.error
    g.rename_op(add, "sum")
    assert add.error.startswith("Dimensions must be equal, but are 3 and 4 for '{{node sum}}")


# --- attributes ---------------------------------------------------------------------------
def test_set_attrs_on_a_const_changes_value_and_shape_downstream() -> None:
    g, a, b, add = add_graph()
    old = g.set_attrs(a, {"value": [[5.0, 6.0, 7.0]]})
    assert old["value"].tolist() == [1.0, 2.0, 3.0]
    assert a.outputs[0].shape == TensorShape([1, 3])
    assert add.outputs[0].shape == TensorShape([1, 3])
    assert Session(graph=g).run(add.outputs[0]).tolist() == [[15.0, 26.0, 37.0]]


def test_set_attrs_value_keeps_the_const_dtype() -> None:
    g = Graph()
    c = const(g, "c", [1.0], dt.float64)
    g.set_attrs(c, {"value": [2, 3]})
    assert c.get_attr("value").dtype == np.float64
    assert c.outputs[0].dtype is dt.float64


def test_set_attrs_on_a_const_changes_dtype() -> None:
    g = Graph()
    c = const(g, "c", [1, 2, 3], dt.int32)
    g.set_attrs(c, {"dtype": dt.int64})
    assert c.outputs[0].dtype is dt.int64
    assert c.get_attr("value").dtype == np.int64
    assert Session(graph=g).run(c.outputs[0]).dtype == np.int64


def test_set_attrs_changing_a_const_dtype_makes_a_mixed_add_invalid() -> None:
    g, a, b, add = add_graph()
    g.set_attrs(b, {"dtype": "int32", "value": [1, 2, 3]})
    assert add.error_kind == "dtype"
    assert add.error == (
        "Input 'y' of 'AddV2' Op has type int32 that does not match type float32 of "
        "argument 'x'."
    )
    g.set_attrs(b, {"dtype": "float32", "value": [1.0, 2.0, 3.0]})
    assert add.is_valid


def test_set_attrs_with_a_bad_value_is_refused_and_changes_nothing() -> None:
    g, a, b, add = add_graph()
    before, version = snapshot(g), g.version
    rec = Recorder(g)
    with pytest.raises(AttrError, match="Expected int32, but got 1.5 of type 'float'"):
        g.set_attrs(a, {"value": [1.5], "dtype": dt.int32})
    with pytest.raises(AttrError):
        g.set_attrs(a, {"value": "not a number"})
    with pytest.raises(AttrError, match="dtype"):
        g.set_attrs(a, {"dtype": "float128"})
    with pytest.raises(AttrError, match="a Const needs a value"):
        g.set_attrs(a, {"value": None})
    assert snapshot(g) == before
    assert g.version == version
    assert rec.events == []


def test_set_attrs_with_an_unknown_attribute_is_refused() -> None:
    g, a, b, add = add_graph()
    version = g.version
    with pytest.raises(GraphEditError, match="Const has no attribute 'shape'"):
        g.set_attrs(a, {"shape": [3]})
    assert g.version == version


def test_set_attrs_returns_the_old_attrs_and_emits_them() -> None:
    g, a, b, add = add_graph()
    rec = Recorder(g)
    old = g.set_attrs(a, {"value": [7.0, 8.0, 9.0]})
    assert old["value"].tolist() == [1.0, 2.0, 3.0] and old["dtype"] is dt.float32
    assert rec.events[0].kind == "attrs_changed"
    assert rec.events[0].op is a
    assert rec.events[0].old["value"].tolist() == [1.0, 2.0, 3.0]


def test_const_value_is_read_only() -> None:
    g = Graph()
    c = const(g, "c", [1.0, 2.0])
    with pytest.raises(ValueError):
        c.get_attr("value")[0] = 5.0


def test_placeholder_shape_with_unknown_dimension() -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p")
    assert p.outputs[0].shape == TensorShape(None)
    g.set_attrs(p, {"shape": [None, 3]})
    assert p.outputs[0].shape == TensorShape([None, 3])
    assert p.outputs[0].shape.debug_string() == "[?,3]"
    assert p.outputs[0].dtype is dt.float32


def test_placeholder_dtype_flows_downstream() -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p", {"shape": [None, 3]})
    neg = g.add_op("Neg", inputs=[p.outputs[0]])
    g.set_attrs(p, {"dtype": "int64"})
    assert neg.outputs[0].dtype is dt.int64
    assert neg.outputs[0].shape == TensorShape([None, 3])


def test_placeholder_default_value_must_fit_its_shape() -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p", {"shape": [None, 3]})
    before = snapshot(g)
    with pytest.raises(AttrError, match=r"default_value: a value of shape \(2,\) does not fit"):
        g.set_attrs(p, {"default_value": [1.0, 2.0]})
    assert snapshot(g) == before
    g.set_attrs(p, {"default_value": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]})
    assert p.get_attr("default_value").shape == (2, 3)
    assert p.get_attr("default_value").dtype == np.float32
    assert Session(graph=g).run(p.outputs[0]).tolist() == [[1, 2, 3], [4, 5, 6]]


def test_placeholder_shape_change_refused_when_the_default_no_longer_fits() -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p", {"shape": [None, 3], "default_value": [[1.0, 2.0, 3.0]]})
    with pytest.raises(AttrError, match="does not fit"):
        g.set_attrs(p, {"shape": [None, 4]})
    assert p.get_attr("shape") == TensorShape([None, 3])


def test_placeholder_default_value_follows_a_dtype_change() -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p", {"shape": [2], "default_value": [1, 2], "dtype": "int32"})
    g.set_attrs(p, {"dtype": "float64"})
    assert p.get_attr("default_value").dtype == np.float64
    assert Session(graph=g).run(p.outputs[0]).dtype == np.float64


def test_placeholder_with_a_bad_shape_is_refused() -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p", {"shape": [None, 3]})
    with pytest.raises(AttrError, match="shape"):
        g.set_attrs(p, {"shape": [-2]})
    assert p.get_attr("shape") == TensorShape([None, 3])


# --- cycles -------------------------------------------------------------------------------
def _cycle_graph() -> tuple[Graph, Operation, Operation, Operation]:
    g, a, b, add = add_graph()
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    return g, add, neg, a


def test_a_connection_that_makes_a_cycle_is_refused_and_changes_nothing() -> None:
    g, add, neg, a = _cycle_graph()
    before, version = snapshot(g), g.version
    rec = Recorder(g)
    with pytest.raises(CycleError, match="would make a cycle"):
        g.connect(neg.outputs[0], add, 1)
    assert snapshot(g) == before
    assert g.version == version
    assert rec.events == []
    assert neg.consumers() == []


def test_a_self_loop_is_refused_and_changes_nothing() -> None:
    g, add, neg, a = _cycle_graph()
    before, version = snapshot(g), g.version
    rec = Recorder(g)
    with pytest.raises(CycleError):
        g.connect(add.outputs[0], add, 0)
    assert snapshot(g) == before
    assert g.version == version
    assert rec.events == []


def test_a_cycle_through_a_longer_path_is_refused() -> None:
    g, add, neg, a = _cycle_graph()
    ident = g.add_op("Identity", inputs=[neg.outputs[0]])
    with pytest.raises(CycleError):
        g.connect(ident.outputs[0], add, 0)
    assert add.inputs[0] is a.outputs[0]


def test_a_cycle_error_is_a_graph_edit_error() -> None:
    g, add, neg, a = _cycle_graph()
    with pytest.raises(GraphEditError):
        g.connect(neg.outputs[0], add, 0)


# --- inference errors, in TF's words ------------------------------------------------------
def test_shapes_that_do_not_broadcast_give_the_node_tf_error() -> None:
    g, a, b, add = add_graph(b_value=(1.0, 2.0, 3.0, 4.0))
    assert add.error_kind == "shape"
    assert add.error == (
        "Dimensions must be equal, but are 3 and 4 for '{{node add}} = "
        "AddV2[T=DT_FLOAT](a, b)' with input shapes: [3], [4]."
    )
    assert a.is_valid and b.is_valid
    assert g.invalid_ops() == [add]


def test_node_def_names_the_producer_ops_of_the_inputs() -> None:
    g = Graph()
    x = const(g, "x_values", [[1.0, 2.0]])
    y = const(g, "y_values", [[1.0], [2.0], [3.0]])
    left = g.add_op("Identity", "left", inputs=[x.outputs[0]])
    mul = g.add_op("MatMul", inputs=[left.outputs[0], y.outputs[0]])
    assert mul.error == (
        "Dimensions must be equal, but are 2 and 3 for '{{node matmul}} = "
        "MatMul[T=DT_FLOAT, grad_a=false, grad_b=false, transpose_a=false, "
        "transpose_b=false](left, y_values)' with "
        "input shapes: [1,2], [3,1]."
    )


def test_mixed_dtypes_give_the_node_tf_error() -> None:
    g = Graph()
    a = const(g, "a", [1.0])
    i = const(g, "i", [1], dt.int32)
    add = g.add_op("AddV2", inputs=[a.outputs[0], i.outputs[0]])
    assert add.error_kind == "dtype"
    assert add.error == (
        "Input 'y' of 'AddV2' Op has type int32 that does not match type float32 of "
        "argument 'x'."
    )
    assert a.is_valid and i.is_valid


def test_a_dtype_the_op_does_not_allow_gives_tf_error() -> None:
    g = Graph()
    s = const(g, "s", [True], dt.bool_)
    sqrt = g.add_op("Sqrt", inputs=[s.outputs[0]])
    assert sqrt.error_kind == "dtype"
    assert sqrt.error.startswith(
        "Value passed to parameter 'x' has DataType bool not in list of allowed values: "
        "bfloat16, float16, float32, float64"
    )


def test_ops_downstream_of_an_invalid_op_are_upstream_errors() -> None:
    g, a, b, add = add_graph(b_value=(1.0, 2.0, 3.0, 4.0))
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    ident = g.add_op("Identity", "out", inputs=[neg.outputs[0]])
    assert neg.error_kind == "upstream"
    assert neg.error == "Input 'x' of 'Neg' comes from 'add', which has an error."
    assert ident.error_kind == "upstream"
    assert ident.error == "Input 'input' of 'out' comes from 'Neg', which has an error."
    assert g.invalid_ops() == [add, neg, ident]


def test_fixing_the_upstream_makes_the_whole_downstream_valid() -> None:
    g, a, b, add = add_graph(b_value=(1.0, 2.0, 3.0, 4.0))
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    ident = g.add_op("Identity", "out", inputs=[neg.outputs[0]])
    g.set_attrs(b, {"value": [4.0, 5.0, 6.0]})
    assert g.invalid_ops() == []
    assert ident.outputs[0].shape == TensorShape([3])
    assert Session(graph=g).run(ident.outputs[0]).tolist() == [-5.0, -7.0, -9.0]


def test_unwiring_the_upstream_makes_downstream_upstream_errors_and_rewiring_fixes_them() -> None:
    g, a, b, add = add_graph()
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    g.disconnect(add, 1)
    assert (add.error_kind, neg.error_kind) == ("unwired", "upstream")
    g.connect(b.outputs[0], add, 1)
    assert add.is_valid and neg.is_valid


# --- incremental inference ----------------------------------------------------------------
def _two_branches() -> tuple[Graph, Operation, Operation, Operation, Operation]:
    g = Graph()
    a = const(g, "a", [1.0, 2.0])
    neg = g.add_op("Neg", inputs=[a.outputs[0]])
    b = const(g, "b", [3.0, 4.0])
    abs_ = g.add_op("Abs", inputs=[b.outputs[0]])
    return g, a, neg, b, abs_


def test_only_ops_downstream_of_an_edit_are_reinferred(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: dict[str, int] = {"Neg": 0, "Abs": 0}
    real = inference._memo_infer  # every inference of an op that reads no values runs it

    def counting(op_def: Any, specs: Any, attrs: Any) -> Any:
        if op_def.type in calls:
            calls[op_def.type] += 1
        return real(op_def, specs, attrs)

    monkeypatch.setattr(inference, "_memo_infer", counting)
    g, a, neg, b, abs_ = _two_branches()
    assert calls == {"Neg": 1, "Abs": 1}  # each inferred once, when added
    g.set_attrs(a, {"value": [5.0, 6.0, 7.0]})
    assert calls == {"Neg": 2, "Abs": 1}
    assert neg.outputs[0].shape == TensorShape([3])
    g.set_attrs(b, {"value": [1.0]})
    assert calls == {"Neg": 2, "Abs": 2}
    g.rename_op(a, "x")
    assert calls == {"Neg": 3, "Abs": 2}


def test_an_op_of_the_same_type_and_input_specs_shares_the_inferred_specs() -> None:
    g = Graph()
    a = g.add_op("Placeholder", attrs={"shape": [2, None]})
    first = g.add_op("Neg", inputs=[a.outputs[0]])
    second = g.add_op("Neg", inputs=[a.outputs[0]])
    assert second.output_specs is first.output_specs
    assert second.outputs[0].shape.as_list() == [2, None]


def test_an_op_over_other_constants_is_inferred_afresh() -> None:
    import engine

    g = Graph()
    with g.as_default():
        five = engine.constant(2) + engine.constant(3)
        nine = engine.constant(4) + engine.constant(5)
        assert engine.fill([five], 1.0).shape.as_list() == [5]
        assert engine.fill([nine], 1.0).shape.as_list() == [9]


def test_an_edit_emits_inferred_only_for_the_edited_branch() -> None:
    g, a, neg, b, abs_ = _two_branches()
    rec = Recorder(g)
    g.set_attrs(a, {"value": [[5.0, 6.0]]})
    assert rec.inferred() == ["a", "Neg"]


def test_an_edit_that_changes_no_spec_emits_no_inferred_event_downstream() -> None:
    g, a, neg, b, abs_ = _two_branches()
    rec = Recorder(g)
    g.set_attrs(a, {"value": [8.0, 9.0]})  # same shape and dtype: nothing to redraw
    assert rec.kinds() == [("attrs_changed", "a")]


def test_a_2000_op_chain_edited_at_the_top_is_reinferred_quickly() -> None:
    g = Graph()
    top = const(g, "top", [1.0, 2.0, 3.0])
    prev = top
    chain = []
    for _ in range(2000):
        prev = g.add_op("Neg", inputs=[prev.outputs[0]])
        chain.append(prev)
    rec = Recorder(g)
    started = time.perf_counter()
    g.set_attrs(top, {"value": [[1.0] * 5] * 4})
    elapsed = time.perf_counter() - started
    assert len(rec.inferred()) == 2001
    assert all(op.outputs[0].shape == TensorShape([4, 5]) for op in chain)
    assert chain[-1].name == "Neg_1999"
    assert elapsed < 1.0, f"re-inferring 2,000 ops took {elapsed:.3f}s"
    # and breaking it at the top marks all 2,000 below
    g.disconnect(chain[0], 0)
    assert chain[0].error_kind == "unwired"
    assert all(op.error_kind == "upstream" for op in chain[1:])
    assert len(g.invalid_ops()) == 2000


# --- events -------------------------------------------------------------------------------
def test_add_op_emits_op_added_then_inferred() -> None:
    g = Graph()
    rec = Recorder(g)
    c = const(g, "c", [1.0])
    assert rec.kinds() == [("op_added", "c"), ("inferred", "c")]
    assert rec.events[0].op is c


def test_connect_emits_input_changed_with_index_and_old_tensor() -> None:
    g, a, b, add = add_graph()
    c = const(g, "c", [0.0, 0.0, 0.0])
    rec = Recorder(g)
    g.connect(c.outputs[0], add, 1)
    first = rec.events[0]
    assert (first.kind, first.op, first.index, first.old) == (
        "input_changed", add, 1, b.outputs[0]
    )
    assert rec.kinds() == [("input_changed", "add")]  # same spec: no inferred event


def test_connect_into_an_unwired_input_reports_old_none_and_inference() -> None:
    g = Graph()
    a = const(g, "a", [1.0])
    neg = g.add_op("Neg")
    rec = Recorder(g)
    g.connect(a.outputs[0], neg, 0)
    assert [(e.kind, e.op, e.index, e.old) for e in rec.events] == [
        ("input_changed", neg, 0, None),
        ("inferred", neg, None, None),
    ]


def test_disconnect_emits_input_changed_and_inferred() -> None:
    g, a, b, add = add_graph()
    rec = Recorder(g)
    g.disconnect(add, 0)
    assert [(e.kind, e.op, e.index, e.old) for e in rec.events] == [
        ("input_changed", add, 0, a.outputs[0]),
        ("inferred", add, None, None),
    ]


def test_unsubscribe_stops_events() -> None:
    g = Graph()
    seen: list[GraphEvent] = []
    unsubscribe = g.subscribe(seen.append)
    const(g, "a", [1.0])
    unsubscribe()
    const(g, "b", [1.0])
    assert [e.op.name for e in seen] == ["a", "a"]


def test_every_edit_increments_the_version() -> None:
    g = Graph()
    versions = [g.version]
    a = const(g, "a", [1.0])
    versions.append(g.version)
    neg = g.add_op("Neg")
    versions.append(g.version)
    g.connect(a.outputs[0], neg, 0)
    versions.append(g.version)
    g.rename_op(neg, "negated")
    versions.append(g.version)
    g.set_attrs(a, {"value": [2.0]})
    versions.append(g.version)
    g.disconnect(neg, 0)
    versions.append(g.version)
    g.remove_op(neg)
    versions.append(g.version)
    assert versions == sorted(set(versions))


# --- queries ------------------------------------------------------------------------------
def test_outputs_are_the_ops_nothing_consumes() -> None:
    g, a, b, add = add_graph()
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    lonely = const(g, "lonely", 1.0)
    assert g.outputs() == [neg, lonely]


def test_invalid_ops_lists_every_op_with_an_error_in_creation_order() -> None:
    g = Graph()
    first = g.add_op("Neg")
    const(g, "ok", [1.0])
    second = g.add_op("AddV2")
    assert g.invalid_ops() == [first, second]


def test_upstream_is_the_ancestors_in_topological_order() -> None:
    g = Graph()
    a, b = const(g, "a", [1.0]), const(g, "b", [2.0])
    mul = g.add_op("Mul", inputs=[a.outputs[0], b.outputs[0]])
    c = const(g, "c", [3.0])
    add = g.add_op("AddV2", inputs=[mul.outputs[0], c.outputs[0]])
    unrelated = const(g, "unrelated", [0.0])
    order = g.upstream([add])
    assert set(order) == {a, b, mul, c, add}
    assert unrelated not in order
    for op in order:
        for t in op.inputs:
            assert t is not None and order.index(t.op) < order.index(op)
    assert order[-1] is add


def test_upstream_of_several_ops_lists_shared_ancestors_once() -> None:
    g = Graph()
    a = const(g, "a", [1.0])
    n1 = g.add_op("Neg", inputs=[a.outputs[0]])
    n2 = g.add_op("Abs", inputs=[a.outputs[0]])
    order = g.upstream([n1, n2])
    assert order == [a, n1, n2]


def test_upstream_skips_unwired_inputs() -> None:
    g = Graph()
    a = const(g, "a", [1.0])
    add = g.add_op("AddV2", inputs=[a.outputs[0]])
    assert g.upstream([add]) == [a, add]


def test_upstream_of_a_deep_chain_does_not_recurse() -> None:
    g = Graph()
    prev = const(g, "c", [1.0])
    for _ in range(5000):
        prev = g.add_op("Identity", inputs=[prev.outputs[0]])
    order = g.upstream([prev])
    assert len(order) == 5001
    assert order[0].name == "c" and order[-1] is prev


# --- sessions over an edited graph --------------------------------------------------------
def test_session_refuses_a_fetch_that_depends_on_an_invalid_op() -> None:
    g, a, b, add = add_graph(b_value=(1.0, 2.0, 3.0, 4.0))
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    with pytest.raises(InvalidGraphError) as info:
        Session(graph=g).run(neg.outputs[0])
    assert "'add'" in str(info.value)
    assert "Dimensions must be equal, but are 3 and 4" in str(info.value)
    assert add in info.value.ops and neg in info.value.ops


def test_session_refuses_a_fetch_with_an_unwired_input() -> None:
    g = Graph()
    add = g.add_op("AddV2")
    with pytest.raises(InvalidGraphError, match="'add'"):
        Session(graph=g).run(add)


def test_session_runs_a_fetch_that_does_not_depend_on_the_invalid_op() -> None:
    g, a, b, add = add_graph(b_value=(1.0, 2.0, 3.0, 4.0))
    neg = g.add_op("Neg", inputs=[a.outputs[0]])
    assert not add.is_valid
    assert Session(graph=g).run(neg.outputs[0]).tolist() == [-1.0, -2.0, -3.0]


def test_feeding_past_an_invalid_op_is_not_enough_to_run_it() -> None:
    g, a, b, add = add_graph(b_value=(1.0, 2.0, 3.0, 4.0))
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    with pytest.raises(InvalidGraphError):
        Session(graph=g).run(neg.outputs[0], {a.outputs[0]: [1.0, 1.0, 1.0]})


def test_a_branch_that_would_fail_at_run_time_is_not_executed_when_not_needed() -> None:
    g = Graph()
    base = const(g, "base", [2, 3], dt.int32)
    exponent = const(g, "exponent", [-1, 2], dt.int32)
    bad = g.add_op("Pow", "bad", inputs=[base.outputs[0], exponent.outputs[0]])
    good = g.add_op("Neg", "good", inputs=[base.outputs[0]])
    sess = Session(graph=g, optimize=False)
    assert sess.run(good.outputs[0]).tolist() == [-2, -3]
    with pytest.raises(InvalidArgumentError) as info:
        sess.run(bad.outputs[0])
    assert info.value.op is bad


def test_an_unfed_placeholder_on_another_branch_is_not_needed() -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p", {"shape": [2]})
    c = const(g, "c", [1.0, 2.0])
    g.add_op("AddV2", "needs_p", inputs=[p.outputs[0], c.outputs[0]])
    doubled = g.add_op("AddV2", "doubled", inputs=[c.outputs[0], c.outputs[0]])
    assert Session(graph=g).run(doubled.outputs[0]).tolist() == [2.0, 4.0]


def test_a_session_sees_edits_made_after_it_ran() -> None:
    g, a, b, add = add_graph()
    sess = Session(graph=g)
    assert sess.run(add.outputs[0]).tolist() == [11.0, 22.0, 33.0]
    g.set_attrs(a, {"value": [0.0, 0.0, 0.0]})
    assert sess.run(add.outputs[0]).tolist() == [10.0, 20.0, 30.0]
    g.connect(a.outputs[0], add, 1)
    assert sess.run(add.outputs[0]).tolist() == [0.0, 0.0, 0.0]
