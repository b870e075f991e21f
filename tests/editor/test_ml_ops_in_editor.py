"""The machine-learning ops in the editor, with no editor code per op: the palette lists them
under their categories, and a node has a port per input the op has (a list input's too)."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

import engine
from editor.canvas import Canvas
from editor.palette import ops_by_category, search_text
from tests.editor.panel_helpers import add, make_canvas


def test_the_palette_groups_the_new_ops_under_their_categories() -> None:
    """The palette's own grouping: read from the registry, no editor code per op."""
    groups = {category: [d.type for d in defs] for category, defs in ops_by_category().items()}
    assert groups["Activation"][:3] == ["Relu", "Relu6", "Elu"]
    assert groups["Reduction"] == ["Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "ArgMax",
                                   "ArgMin"]
    assert groups["Convolution"] == ["Conv2D", "MaxPool", "AvgPool", "DepthwiseConv2dNative"]
    assert groups["Random"] == ["RandomStandardNormal", "RandomUniform", "TruncatedNormal",
                                "RandomUniformInt"]
    assert {"Reshape", "ConcatV2", "StridedSlice", "OneHot", "Where"} <= set(groups["Array"])
    assert [d.type for defs in ops_by_category().values() for d in defs
            if "relu" in search_text(d)] == ["Relu", "Relu6", "LeakyRelu", "Softplus"]


@pytest.fixture
def canvas(qtbot: QtBot) -> Canvas:
    """Held by the fixture till teardown: a canvas dropped while its view is still shown
    takes its scene with it, and the view's next paint crashes."""
    return make_canvas(qtbot)


def test_a_list_input_node_has_a_port_per_tensor_of_its_list(canvas: Canvas) -> None:
    name = add(canvas, "AddN", attrs={"N": 3})
    node = canvas.scene.node_named(name)
    assert node is not None
    assert [p.label for p in node.in_ports] == ["inputs[0]", "inputs[1]", "inputs[2]"]


def test_a_loaded_concat_node_shows_its_inputs_and_both_loss_outputs(canvas: Canvas) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.constant(np.ones((2, 3), np.float32), name="x")
        engine.concat([x, x, x], 0, name="c")
        engine.raw_ops.SoftmaxCrossEntropyWithLogits(features=x, labels=x, name="loss")
    canvas.set_graph(g)
    concat = canvas.scene.node_named("c")
    loss = canvas.scene.node_named("loss")
    assert concat is not None and loss is not None
    assert [p.label for p in concat.in_ports] == ["values[0]", "values[1]", "values[2]", "axis"]
    assert len(loss.out_ports) == 2
