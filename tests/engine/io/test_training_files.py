"""Graph files hold variables, their assignments and control inputs: a training graph saved
and loaded trains the same; control inputs name ops of the file and may not make cycles."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine


def _trained(graph: engine.Graph, steps: int = 5) -> list[float]:
    loss = graph.get_tensor_by_name("loss:0")
    train = graph.get_operation_by_name("Adam")
    init = graph.get_operation_by_name("init")
    with engine.Session(graph=graph) as sess:
        sess.run(init)
        return [float(sess.run([loss, train])[0]) for _ in range(steps)]


def _training_graph() -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder_with_default(np.arange(6, dtype=np.float32).reshape(3, 2),
                                            [None, 2], name="x")
        w = engine.Variable(np.array([[0.5], [-0.5]], np.float32), name="w")
        loss = engine.reduce_mean(engine.square(engine.matmul(x, w) - 1.0), name="loss")
        engine.train.AdamOptimizer(0.1).minimize(loss)
        engine.global_variables_initializer()
    return g


def test_a_saved_training_graph_trains_the_same_after_loading(tmp_path: Path) -> None:
    g = _training_graph()
    engine.save_graph(tmp_path / "train.json", g)
    loaded, _ = engine.load_graph(tmp_path / "train.json")
    assert [op.name for op in loaded.get_operations()] == [op.name for op in g.get_operations()]
    assert _trained(loaded) == _trained(g)


def test_control_inputs_are_written_by_name_and_read_back(tmp_path: Path) -> None:
    g = _training_graph()
    doc = engine.graph_to_document(g)
    assert doc["version"] == 2
    adam = next(op for op in doc["ops"] if op["name"] == "Adam")
    assert adam["control_inputs"] == ["Adam/update_w/ApplyAdam", "Adam/Assign", "Adam/Assign_1"]
    loaded, _ = engine.graph_from_document(doc)
    assert [c.name for c in loaded.get_operation_by_name("Adam").control_inputs] == (
        adam["control_inputs"])


def test_a_graph_without_control_inputs_is_still_version_1() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.Variable(1.0)
    doc = engine.graph_to_document(g)
    assert doc["version"] == 1
    assert all("control_inputs" not in op for op in doc["ops"])


def test_loaded_variables_are_global_and_their_slots_not_trainable() -> None:
    loaded, _ = engine.graph_from_document(engine.graph_to_document(_training_graph()))
    with loaded.as_default():
        assert [v.name for v in engine.trainable_variables()] == ["w:0"]
        assert [v.name for v in engine.global_variables()] == [
            "w:0", "beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"]
        assert engine.global_variables()[0].initializer.name == "w/Assign"


def _noop(name: str, controls: list[Any]) -> dict[str, Any]:
    return {"name": name, "type": "NoOp", "attrs": {}, "inputs": [], "control_inputs": controls}


def _load_error(tmp_path: Path, ops: list[Any]) -> str:
    path = tmp_path / "graph.json"
    path.write_text(json.dumps({"format": "tensorcanvas-graph", "version": 2, "ops": ops}))
    with pytest.raises(engine.GraphFileError) as info:
        engine.load_graph(path)
    return str(info.value).replace(str(tmp_path) + os.sep, "")


def test_a_control_input_must_name_an_op_of_the_file(tmp_path: Path) -> None:
    assert _load_error(tmp_path, [_noop("a", ["b"])]) == (
        'graph.json: ops[0].control_inputs[0]: no op named "b"')


def test_a_control_input_must_be_a_name(tmp_path: Path) -> None:
    assert _load_error(tmp_path, [_noop("a", [3])]) == (
        "graph.json: ops[0].control_inputs[0]: expected an op name, got an integer")


def test_control_inputs_may_not_make_a_cycle(tmp_path: Path) -> None:
    message = _load_error(tmp_path, [_noop("a", ["b"]), _noop("b", ["a"])])
    assert message.startswith("graph.json: ops[1].control_inputs[0]: making 'a' a control "
                              "input of 'b' would make a cycle")
