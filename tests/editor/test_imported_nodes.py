"""Imported graphs on the canvas: opaque nodes and control inputs survive delete and undo,
copy and paste, as the rest of the graph does."""

from __future__ import annotations

from pathlib import Path

import engine
from editor.canvas import Canvas

DATA = Path(__file__).resolve().parents[1] / "data" / "graphdef"


def _open(canvas: Canvas, name: str) -> None:
    graph, _ = engine.read_graphdef(DATA / name)
    canvas.set_graph(graph, None)


def test_deleting_an_opaque_node_undoes_to_the_same_node(canvas: Canvas) -> None:
    _open(canvas, "unknown_op.pbtxt")
    before = canvas.graph.get_operation_by_name("running_total").attrs
    canvas.select_names(["running_total"])
    canvas.delete_selection()
    assert "running_total" not in canvas.graph
    canvas.undo_stack.undo()
    op = canvas.graph.get_operation_by_name("running_total")
    assert (op.type, op.attrs, [t.name for t in op.inputs]) == (
        "CumulativeLogsumexp", before, ["x:0", "running_total/axis:0"])
    consumer = canvas.graph.get_operation_by_name("shifted")
    assert consumer.inputs[0] is op.outputs[0]


def test_undoing_a_delete_restores_control_inputs_both_ways(canvas: Canvas) -> None:
    _open(canvas, "control_deps.pbtxt")
    canvas.select_names(["second"])
    canvas.delete_selection()
    assert canvas.graph.get_operation_by_name("mul/y").control_inputs == [
        canvas.graph.get_operation_by_name("first")]
    canvas.undo_stack.undo()
    graph = canvas.graph
    second = graph.get_operation_by_name("second")
    assert [c.name for c in second.control_inputs] == ["first"]
    assert [c.name for c in graph.get_operation_by_name("mul/y").control_inputs] == [
        "first", "second"]


def test_an_opaque_node_copies_and_pastes(canvas: Canvas) -> None:
    _open(canvas, "unknown_op.pbtxt")
    canvas.select_names(["running_total"])
    canvas.copy()
    pasted = canvas.paste()
    assert len(pasted) == 1
    op = canvas.graph.get_operation_by_name(pasted[0])
    assert op.type == "CumulativeLogsumexp" and op.op_def.category == "Opaque"


def test_copied_ops_paste_with_the_control_inputs_between_them(canvas: Canvas) -> None:
    _open(canvas, "control_deps.pbtxt")
    canvas.select_names(["first", "second", "a", "b"])
    canvas.copy()
    pasted = canvas.paste()
    graph = canvas.graph
    second = next(graph.get_operation_by_name(n) for n in pasted
                  if graph.get_operation_by_name(n).type == "AddV2")
    first = next(graph.get_operation_by_name(n) for n in pasted
                 if graph.get_operation_by_name(n).type == "Mul")
    assert second.control_inputs == [first]  # the pasted copy, not the original "first"
    canvas.undo_stack.undo()
    assert sorted(op.name for op in graph.get_operations()) == sorted(
        op.name for op in engine.read_graphdef(DATA / "control_deps.pbtxt")[0].get_operations())


def test_deleting_a_loops_merge_undoes_to_its_back_edge(canvas: Canvas) -> None:
    _open(canvas, "while_loop.pbtxt")
    canvas.select_names(["rnn/Merge"])
    canvas.delete_selection()
    canvas.undo_stack.undo()
    merge = {n.name: n for n in engine.graph_to_graphdef(canvas.graph).node}["rnn/Merge"]
    assert list(merge.input) == ["rnn/Enter", "rnn/NextIteration"]
