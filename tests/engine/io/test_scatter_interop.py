"""Graphs that update parts of variables (the scatter updates, ``batch_scatter_update`` and
sliced assignment) through every format: the graph file, the GraphDef and the engine's
Python script bring back the same ops, which run to the same values; the ONNX export refuses
each update by name (an ONNX model holds no state)."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.io.graphdef_read import graph_from_graphdef
from engine.io.graphdef_write import graph_to_graphdef
from engine.io.onnx_export import graph_to_onnx
from engine.io.onnx_nodes import ExportError
from engine.io.python_export import graph_to_python, write_python

#: the update ops the graph holds, in the order a test runs them
UPDATES = ("ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv",
           "ScatterMax", "ScatterMin", "ScatterNdUpdate", "ScatterNdAdd", "ScatterNdSub",
           "ScatterNdMax", "ScatterNdMin", "batch/ScatterNdUpdate", "strided_slice/_assign")


def _graph() -> engine.Graph:
    graph = engine.Graph()
    with graph.as_default():
        v = engine.Variable(np.arange(1.0, 13.0, dtype=np.float32).reshape(4, 3), name="table")
        rows = np.full((2, 3), 2.0, np.float32)
        for function in ("scatter_update", "scatter_add", "scatter_sub", "scatter_mul",
                         "scatter_div", "scatter_max", "scatter_min"):
            getattr(engine, function)(v, [3, 1], rows)
        for function in ("scatter_nd_update", "scatter_nd_add", "scatter_nd_sub"):
            getattr(engine, function)(v, [[0, 2], [2, 0]], [5.0, 6.0])
        v.scatter_nd_max([[1, 1]], [40.0])
        v.scatter_nd_min([[2, 2]], [-4.0])
        engine.batch_scatter_update(v, [[0], [1], [2], [0]], [[9.0], [8.0], [7.0], [6.0]],
                                    name="batch")
        v[1:3, 1].assign([0.5, 0.25])
        engine.global_variables_initializer()
    return graph


def _values_after_each_update(graph: engine.Graph) -> list[list[float]]:
    with engine.Session(graph=graph) as sess:
        sess.run("init")
        out = []
        for name in UPDATES:
            sess.run(name)
            out.append(sess.run("table:0").reshape(-1).tolist())
    return out


def _summary(graph: Any) -> list[tuple[Any, ...]]:
    return [(op.name, op.type, [t.name for t in op.inputs],
             sorted((k, str(v) if not isinstance(v, np.ndarray) else v.tolist())
                    for k, v in op.attrs.items()))
            for op in graph.get_operations()]


def test_the_graph_runs_each_update_as_built() -> None:
    values = _values_after_each_update(_graph())
    assert values[0][9:12] == [2.0, 2.0, 2.0]  # ScatterUpdate: row 3
    assert values[-1][4] == 0.5 and values[-1][7] == 0.25  # v[1:3, 1].assign


def test_updates_survive_the_graph_file(tmp_path: Path) -> None:
    graph = _graph()
    engine.save_graph(tmp_path / "scatter.json", graph)
    back, _ = engine.load_graph(tmp_path / "scatter.json")
    assert sorted(_summary(back)) == sorted(_summary(graph))
    assert _values_after_each_update(back) == _values_after_each_update(graph)


def test_updates_survive_a_graphdef() -> None:
    graph = _graph()
    back, report = graph_from_graphdef(graph_to_graphdef(graph))
    assert report.opaque == [] and report.warnings == []
    assert sorted(_summary(back)) == sorted(_summary(graph))
    assert _values_after_each_update(back) == _values_after_each_update(graph)


def test_the_engine_script_rebuilds_the_updates(tmp_path: Path) -> None:
    graph = _graph()
    write_python(tmp_path / "rebuild.py", graph, "engine")
    rebuilt = runpy.run_path(str(tmp_path / "rebuild.py"))["graph"]  # the test's own script
    assert _summary(rebuilt) == _summary(graph)
    assert _values_after_each_update(rebuilt) == _values_after_each_update(graph)


def test_the_tf_script_writes_each_update_as_a_raw_op() -> None:
    text, _ = graph_to_python(_graph())
    assert "tf.raw_ops.ScatterMul(ref=table_ref, indices=" in text
    assert "tf.raw_ops.StridedSliceAssign(ref=table_ref, begin=" in text


@pytest.mark.parametrize("op_name", ["ScatterUpdate", "ScatterNdAdd", "strided_slice/_assign"])
def test_onnx_export_refuses_an_update_by_name(op_name: str) -> None:
    graph = _graph()
    table = np.zeros((4, 3), np.float32)
    with pytest.raises(ExportError, match=rf"op '{op_name}' \(\w+\) cannot be exported to "
                                          r"ONNX: changes part of a variable in place"):
        graph_to_onnx(graph, [op_name + ":0"], values={"table": table})


def test_the_tf_script_runs_in_tensorflow_to_the_engines_values(tmp_path: Path) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    graph = _graph()
    write_python(tmp_path / "rebuild.py", graph, "tf")
    tf.compat.v1.disable_v2_behavior()
    scripted = runpy.run_path(str(tmp_path / "rebuild.py"))["graph"]  # the test's own script
    with tf.compat.v1.Session(graph=scripted) as sess:
        sess.run("init")
        got = []
        for name in UPDATES:
            sess.run(name)
            got.append(sess.run("table:0").reshape(-1).tolist())
    assert got == _values_after_each_update(graph)
