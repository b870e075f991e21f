"""Training graphs through every format: variables, the gradient subgraph, the optimizers'
apply ops and the init NoOp survive GraphDef import and export, the graph file and the
Python scripts, and train to TensorFlow's losses.

GraphDefs TF wrote (tests/data/graphdef/train_*.pb, tools/record_training_graphdefs.py) train
here to the losses TF recorded; the engine's own training graphs (resources/examples'
builders) go out as GraphDefs and scripts and come back training to TF's curves
(tests/data/training.json). Where TensorFlow is installed, the engine's GraphDef and its
tf.compat.v1 script train in TF to the same curves.
"""

from __future__ import annotations

import importlib
import json
import runpy
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.io.graphdef_read import graph_from_graphdef, read_graphdef
from engine.io.graphdef_write import graph_to_graphdef
from engine.io.python_export import graph_to_python, write_python
from engine.io.python_variables import builder_variables

from .graphdef_fixtures import DATA

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "resources" / "examples"
CURVES = json.loads((ROOT / "tests" / "data" / "training.json").read_text())["curves"]
TF_GRAPHS = ("train_mlp_adam", "train_cnn_rmsprop", "train_logistic_momentum",
             "train_embedding_adam", "train_mlp_ftrl", "train_embedding_ftrl")
#: (example, optimizer): every optimizer, and every backprop op the examples build; the
#: embedding table with each optimizer's sparse update
BUILT = (("mlp", "Adam"), ("cnn", "RMSProp"), ("logistic_regression", "Momentum"),
         ("linear_regression", "GradientDescent"), ("mlp", "Ftrl"),
         *(("embedding", o) for o in ("Adam", "RMSProp", "Momentum", "GradientDescent",
                                      "Ftrl")))
STEPS = 5


def _recorded(case: str) -> dict[str, Any]:
    return json.loads((Path(DATA) / f"{case}.values.json").read_text())


def _train(graph: Any, session: Any, init: str, loss: str, train_op: str,
           steps: int = STEPS) -> list[float]:
    session.run(init)
    return [float(session.run([loss, train_op])[0]) for _ in range(steps)]


def _built(model: str, optimizer: str) -> engine.Graph:
    """The example's training graph, built here (its init op is ``init``)."""
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    common = importlib.import_module("training_common")
    build = importlib.import_module(f"train_{model}").build
    graph = engine.Graph()
    with graph.as_default():
        built = build(engine, common.OPTIMIZERS[optimizer](engine), np.float32)
        engine.global_variables_initializer()
    assert (built.loss.name, built.train_op.name) == ("loss:0", optimizer)
    return graph


def _summary(graph: Any, by_name: bool = False) -> list[tuple[Any, ...]]:
    """Each op's name, type, inputs, control inputs (``by_name``: sorted, as a GraphDef
    holds them) and attributes."""
    return [(op.name, op.type, [t.name for t in op.inputs],
             (sorted if by_name else list)(c.name for c in op.control_inputs),
             sorted((k, str(v) if not isinstance(v, np.ndarray) else v.tolist())
                    for k, v in op.attrs.items()))
            for op in graph.get_operations()]


@pytest.mark.parametrize("case", TF_GRAPHS)
def test_tfs_training_graphdef_imports_whole_and_trains_to_tfs_losses(case: str) -> None:
    record = _recorded(case)
    graph, report = read_graphdef(Path(DATA) / record["file"])
    assert report.opaque == [] and report.warnings == []
    with engine.Session(graph=graph) as sess:
        losses = _train(graph, sess, record["init"], record["loss"], record["train_op"],
                        len(record["losses"]))
    np.testing.assert_allclose(losses, record["losses"], rtol=1e-4)


@pytest.mark.parametrize(("model", "optimizer"), BUILT)
def test_built_training_graph_round_trips_as_a_graphdef_and_trains(model: str,
                                                                   optimizer: str) -> None:
    graph = _built(model, optimizer)
    back, report = graph_from_graphdef(graph_to_graphdef(graph))
    assert report.opaque == []
    assert sorted(_summary(back)) == sorted(_summary(graph, by_name=True))  # built first
    with engine.Session(graph=back) as sess:
        losses = _train(back, sess, "init", "loss:0", optimizer)
    np.testing.assert_allclose(losses, CURVES[model][optimizer]["float32"][:STEPS], rtol=1e-3)


@pytest.mark.parametrize(("model", "optimizer"), BUILT)
def test_engine_script_rebuilds_the_training_graph(model: str, optimizer: str,
                                                   tmp_path: Path) -> None:
    graph = _built(model, optimizer)
    write_python(tmp_path / "rebuild.py", graph, "engine")
    rebuilt = runpy.run_path(str(tmp_path / "rebuild.py"))["graph"]  # the test's own script
    assert _summary(rebuilt) == _summary(graph)
    with engine.Session(graph=rebuilt) as sess:
        losses = _train(rebuilt, sess, "init", "loss:0", optimizer)
    np.testing.assert_allclose(losses, CURVES[model][optimizer]["float32"][:STEPS], rtol=1e-3)


def test_builders_variables_are_scripted_as_variables() -> None:
    text, _ = graph_to_python(_built("mlp", "Adam"))
    assert "    b2 = tf.compat.v1.Variable(np.array([0.0, 0.0, 0.0], dtype=np.float32), " \
           "use_resource=False, name='b2')" in text
    assert "trainable=False, use_resource=False, name='beta1_power')" in text
    assert "w1/Assign" not in text and "w1/read" not in text  # made by the Variable line
    assert "    w1_ref = w1.op.outputs[0]\n" in text
    assert "tf.raw_ops.ApplyAdam(var=w1_ref, m=w1_adam, v=w1_adam_1" in text


def test_a_variable_without_its_builders_ops_is_scripted_op_by_op() -> None:
    g = engine.Graph()
    with g.as_default():
        var = g.create_op("VariableV2", [], {"shape": [2], "dtype": engine.float32}, "v")
        engine.assign(var.outputs[0], [1.0, 2.0], name="set")
    text, _ = graph_to_python(g)
    assert "v = tf.raw_ops.VariableV2(shape=[2], dtype=tf.float32, name='v')" in text
    assert "tf.raw_ops.Assign(ref=v, value=" in text


@pytest.mark.parametrize(("model", "optimizer"), BUILT)
def test_built_graphdef_trains_in_tensorflow(model: str, optimizer: str) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    gd = tf.compat.v1.GraphDef.FromString(
        graph_to_graphdef(_built(model, optimizer)).SerializeToString())
    tg = tf.Graph()
    with tg.as_default():
        tf.compat.v1.import_graph_def(gd, name="")
    with tf.compat.v1.Session(graph=tg) as sess:
        losses = _train(tg, sess, "init", "loss:0", optimizer)
    np.testing.assert_allclose(losses, CURVES[model][optimizer]["float32"][:STEPS], rtol=1e-3)


@pytest.mark.parametrize(("model", "optimizer"), BUILT)
def test_tf_script_rebuilds_and_trains_in_tensorflow(model: str, optimizer: str,
                                                     tmp_path: Path) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    graph = _built(model, optimizer)
    write_python(tmp_path / "rebuild.py", graph, "tf")
    rebuilt = runpy.run_path(str(tmp_path / "rebuild.py"))["graph"]  # the test's own script
    assert [(op.name, op.type) for op in rebuilt.get_operations()] == [
        (op.name, op.type) for op in graph.get_operations()]
    with rebuilt.as_default():  # the Variable lines made TF Variables, in its collections
        names = {v.op.name for v in tf.compat.v1.global_variables()}
    assert names == {g.var.name for g in builder_variables(graph).values()} != set()
    with tf.compat.v1.Session(graph=rebuilt) as sess:
        losses = _train(rebuilt, sess, "init", "loss:0", optimizer)
    np.testing.assert_allclose(losses, CURVES[model][optimizer]["float32"][:STEPS], rtol=1e-3)


def _assignments() -> engine.Graph:
    """A variable counted up and down: AssignAdd and AssignSub, grouped under a NoOp."""
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(np.array([1.0, 2.0], np.float32), name="v")
        up = engine.assign_add(v, [2.0, 2.0], name="up")
        with engine.control_dependencies([up]):
            engine.assign_sub(v, [0.5, 1.0], name="down")
        engine.global_variables_initializer()
    return g


def _count(graph: Any, session: Any) -> list[Any]:
    session.run("init")
    return [session.run("down:0") for _ in range(3)]


def test_assignments_round_trip_as_a_graphdef_and_as_a_script(tmp_path: Path) -> None:
    g = _assignments()
    back, _ = graph_from_graphdef(graph_to_graphdef(g))
    write_python(tmp_path / "rebuild.py", g, "engine")
    scripted = runpy.run_path(str(tmp_path / "rebuild.py"))["graph"]  # the test's own script
    assert _summary(scripted) == _summary(g)
    for graph in (back, scripted):
        with engine.Session(graph=graph) as sess:
            np.testing.assert_array_equal(_count(graph, sess), [[2.5, 3.0], [4.0, 4.0],
                                                                [5.5, 5.0]])


def test_assignments_graphdef_and_script_run_in_tensorflow(tmp_path: Path) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    g = _assignments()
    tg = tf.Graph()
    with tg.as_default():
        tf.compat.v1.import_graph_def(
            tf.compat.v1.GraphDef.FromString(graph_to_graphdef(g).SerializeToString()), name="")
    write_python(tmp_path / "rebuild.py", g, "tf")
    scripted = runpy.run_path(str(tmp_path / "rebuild.py"))["graph"]  # the test's own script
    for graph in (tg, scripted):
        with tf.compat.v1.Session(graph=graph) as sess:
            np.testing.assert_array_equal(_count(graph, sess), [[2.5, 3.0], [4.0, 4.0],
                                                                [5.5, 5.0]])


@pytest.mark.parametrize("case", TF_GRAPHS)
def test_tfs_training_graphdef_scripts_its_variables_and_trains(case: str,
                                                                 tmp_path: Path) -> None:
    record = _recorded(case)
    graph, _ = read_graphdef(Path(DATA) / record["file"])
    text, _ = graph_to_python(graph)
    assert "    w = tf.compat.v1.Variable(" in text or "    w1 = tf.compat.v1.Variable(" in text
    if "beta1_power" in graph:  # Adam's accumulators are no trainable variables
        assert "trainable=False, use_resource=False, name='beta1_power')" in text
    write_python(tmp_path / "rebuild.py", graph, "engine")
    rebuilt = runpy.run_path(str(tmp_path / "rebuild.py"))["graph"]  # the test's own script
    assert sorted(_summary(rebuilt)) == sorted(_summary(graph))  # Variable lines regroup ops
    with engine.Session(graph=rebuilt) as sess:
        losses = _train(rebuilt, sess, record["init"], record["loss"], record["train_op"],
                        len(record["losses"]))
    np.testing.assert_allclose(losses, record["losses"], rtol=1e-4)


@pytest.mark.parametrize("case", TF_GRAPHS)
def test_tfs_training_graphdef_script_trains_in_tensorflow(case: str, tmp_path: Path) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    record = _recorded(case)
    graph, _ = read_graphdef(Path(DATA) / record["file"])
    write_python(tmp_path / "rebuild.py", graph, "tf")
    rebuilt = runpy.run_path(str(tmp_path / "rebuild.py"))["graph"]  # the test's own script
    assert sorted((op.name, op.type) for op in rebuilt.get_operations()) == sorted(
        (op.name, op.type) for op in graph.get_operations())
    with tf.compat.v1.Session(graph=rebuilt) as sess:
        losses = _train(rebuilt, sess, record["init"], record["loss"], record["train_op"],
                        len(record["losses"]))
    np.testing.assert_allclose(losses, record["losses"], rtol=1e-4)
