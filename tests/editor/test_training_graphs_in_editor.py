"""Training graphs on the canvas: the state and training ops are in the palette (read from the
registry), a loaded training example shows every op, a NoOp has no output port, a
Variable's node has its reference output."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import engine
from editor.canvas import Canvas
from editor.palette import ops_by_category
from tests.editor.panel_helpers import add, make_canvas

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


@pytest.fixture
def canvas(qtbot: QtBot) -> Canvas:
    return make_canvas(qtbot)


def test_the_palette_lists_the_state_and_training_ops() -> None:
    groups = {category: [d.type for d in defs] for category, defs in ops_by_category().items()}
    assert groups["State"] == ["VariableV2", "Assign", "AssignAdd", "AssignSub", "NoOp",
                               "ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterMul",
                               "ScatterDiv", "ScatterMax", "ScatterMin", "ScatterNdUpdate",
                               "ScatterNdAdd", "ScatterNdSub", "ScatterNdMax", "ScatterNdMin",
                               "StridedSliceAssign", "IsVariableInitialized", "CountUpTo"]
    assert groups["Training"] == ["ApplyGradientDescent", "ApplyMomentum", "ApplyAdam",
                                  "ApplyRMSProp", "ApplyCenteredRMSProp", "SparseApplyMomentum",
                                  "SparseApplyRMSProp", "SparseApplyCenteredRMSProp",
                                  "ApplyAdagrad", "ApplyAdadelta",
                                  "ApplyProximalGradientDescent", "SparseApplyAdagrad",
                                  "SparseApplyAdadelta", "SparseApplyProximalGradientDescent",
                                  "ApplyFtrl", "ApplyFtrlV2", "SparseApplyFtrl",
                                  "SparseApplyFtrlV2"]


def test_a_loaded_training_example_shows_every_op(canvas: Canvas) -> None:
    graph, _ = engine.load_graph(EXAMPLES / "train_mlp.json")
    canvas.set_graph(graph)
    adam = canvas.scene.node_named("Adam")
    variable = canvas.scene.node_named("w1")
    assert adam is not None and variable is not None
    assert len(adam.out_ports) == 0 and len(adam.in_ports) == 0
    assert len(variable.out_ports) == 1
    assert all(canvas.scene.node_named(op.name) is not None for op in graph.get_operations())


def test_a_variable_node_added_from_the_palette_infers_its_reference(canvas: Canvas) -> None:
    name = add(canvas, "VariableV2")
    op = canvas.graph.get_operation_by_name(name)
    assert op.error is None and op.outputs[0].dtype is engine.float32.as_ref


def test_a_graph_of_scatter_updates_opens_and_saves_from_the_canvas(canvas: Canvas,
                                                                     tmp_path: Path) -> None:
    from tests.engine.io.test_scatter_interop import UPDATES, _graph

    engine.save_graph(tmp_path / "scatter.json", _graph())
    graph, _ = engine.load_graph(tmp_path / "scatter.json")
    canvas.set_graph(graph)
    for name in UPDATES:
        canvas.groups.reveal(name)
        node = canvas.scene.node_named(name)
        assert node is not None and len(node.in_ports) >= 3 and len(node.out_ports) == 1
    engine.save_graph(tmp_path / "again.json", canvas.graph)
    again, _ = engine.load_graph(tmp_path / "again.json")
    assert [(op.name, op.type) for op in again.get_operations()] == [
        (op.name, op.type) for op in graph.get_operations()]


def test_undoing_a_delete_puts_the_control_edges_back(canvas: Canvas) -> None:
    graph, _ = engine.load_graph(EXAMPLES / "train_linear_regression.json")
    canvas.set_graph(graph)
    before = {op.name: [c.name for c in op.control_inputs] for op in graph.get_operations()}
    apply = "GradientDescent/update_w/ApplyGradientDescent"
    canvas.groups.reveal(apply)  # a generated graph opens with its top-level scopes collapsed
    canvas.scene.node_named(apply).setSelected(True)
    canvas.delete_selection()
    assert [c.name for c in graph.get_operation_by_name("GradientDescent").control_inputs] == [
        "GradientDescent/update_b/ApplyGradientDescent"]
    canvas.undo_stack.undo()
    assert {op.name: [c.name for c in op.control_inputs]
            for op in graph.get_operations()} == before
