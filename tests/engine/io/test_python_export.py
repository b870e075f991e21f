"""Python export: the script rebuilds the graph with the same names, ops, wiring, attributes
and control dependencies (the engine script runs here; the TF one where TF is installed)."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.framework import dtypes as dt
from engine.io.graphdef_read import read_graphdef
from engine.io.python_export import PYTHON_OPS, PythonExportError, graph_to_python, write_python

from .graphdef_fixtures import CASES, expected, feeds, path
from .op_cases import NO_CASE, case, op_graph, tf_fetchable


def _summary(graph: Any) -> list[tuple[Any, ...]]:
    """Each op as the comparison sees it: name, type, inputs, control inputs, attributes."""
    out = []
    for op in graph.get_operations():
        attrs = {}
        for key, value in sorted(op.attrs.items()):
            attrs[key] = repr(np.asarray(value).tolist()) if isinstance(value, np.ndarray) \
                else str(value)  # (a repr: NaN equals NaN)
        out.append((op.name, op.type, [t.name for t in op.inputs],
                    [c.name for c in op.control_inputs], attrs))
    return out


def _rebuild(graph: engine.Graph, tmp_path: Path, flavor: str = "engine") -> Any:
    script = tmp_path / "rebuild.py"
    write_python(script, graph, flavor)
    return runpy.run_path(str(script))["graph"]  # the test's own generated script


@pytest.mark.parametrize("case_name", CASES)
def test_engine_script_rebuilds_the_tf_graph(case_name: str, tmp_path: Path) -> None:
    graph, _ = read_graphdef(path(case_name))
    assert _summary(_rebuild(graph, tmp_path)) == _summary(graph)


@pytest.mark.parametrize("op_type", [t for t in PYTHON_OPS if t not in NO_CASE])
def test_engine_script_rebuilds_each_op(op_type: str, tmp_path: Path) -> None:
    _, _, allowed = case(op_type)
    g, _, _ = op_graph(op_type, dt.float32 if dt.float32 in allowed else allowed[0])
    assert _summary(_rebuild(g, tmp_path)) == _summary(g)


def test_script_names_every_op_and_reads_as_tf() -> None:
    graph, _ = read_graphdef(path("scopes"))
    text, arrays = graph_to_python(graph)
    assert arrays == {}
    assert "x = tf.compat.v1.placeholder(tf.float32, shape=[None, 4], name='x')" in text
    assert ("layer1_matmul = tf.linalg.matmul(x, layer1_weights, name='layer1/MatMul')"
            in text)
    assert "tf.nn.relu(layer1_biasadd, name='layer1/activation')" in text


def test_control_dependencies_become_a_with_block() -> None:
    graph, _ = read_graphdef(path("control_deps"))
    text, _ = graph_to_python(graph)
    assert ("    with tf.control_dependencies([first.op]):\n"
            "        second = tf.math.add(a, b, name='second')") in text


def test_large_constants_go_to_an_npz_beside_the_script(tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.constant(np.arange(100, dtype=np.float32), name="big")
    write_python(tmp_path / "s.py", g, "engine")
    with np.load(tmp_path / "s.npz", allow_pickle=False) as values:
        np.testing.assert_array_equal(values["big"], np.arange(100, dtype=np.float32))
    rebuilt = _rebuild(g, tmp_path)
    np.testing.assert_array_equal(engine.Session(graph=rebuilt).run("big:0"), np.arange(100))


def test_float32_literals_are_the_shortest_exact_digits() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.constant(np.float32(0.1), name="tenth")
    assert "np.array(0.1, dtype=np.float32)" in graph_to_python(g)[0]


def test_opaque_node_cannot_be_scripted() -> None:
    graph, _ = read_graphdef(path("unknown_op"))
    with pytest.raises(PythonExportError, match="'running_total' is an opaque CumulativeLogsumexp"):
        graph_to_python(graph)


@pytest.mark.parametrize("case_name", CASES)
def test_tf_script_rebuilds_the_graph_in_tensorflow(case_name: str, tmp_path: Path) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    graph, _ = read_graphdef(path(case_name))
    rebuilt = _rebuild(graph, tmp_path, "tf")
    ours = sorted((op.name, op.type) for op in graph.get_operations())
    assert sorted((op.name, op.type) for op in rebuilt.get_operations()) == ours
    want = expected(case_name)
    with tf.compat.v1.Session(graph=rebuilt) as sess:
        got = sess.run(list(want), feeds(case_name))
    for (name, value), result in zip(want.items(), got):
        np.testing.assert_allclose(result, value, rtol=1e-5, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("op_type", [t for t in PYTHON_OPS if t not in NO_CASE])
def test_tf_script_rebuilds_each_op_in_tensorflow(op_type: str, tmp_path: Path) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    _, _, allowed = case(op_type)
    g, op, arrays = op_graph(op_type, dt.float32 if dt.float32 in allowed else allowed[0])
    rebuilt = _rebuild(g, tmp_path, "tf")
    assert sorted((o.name, o.type) for o in rebuilt.get_operations()) == sorted(
        (o.name, o.type) for o in g.get_operations())
    if engine.get_op_def(op_type).stateful:
        return  # random draws: TF's stream, not ours
    with tf.compat.v1.Session(graph=rebuilt) as sess:
        got = sess.run([t.name for t in tf_fetchable(op)], {"in0:0": arrays[0]})
    want = engine.Session(graph=g).run(tf_fetchable(op), {"in0:0": arrays[0]})
    for w, o in zip(want, got):
        np.testing.assert_allclose(o, w, rtol=1e-5, atol=1e-6)


def test_script_keeps_an_empty_constants_shape(tmp_path: Path) -> None:
    graph, _ = read_graphdef(path("empty_tensors"))
    assert "np.zeros([0, 3], dtype=np.float32)" in graph_to_python(graph)[0]
    rebuilt = _rebuild(graph, tmp_path)
    assert rebuilt.get_tensor_by_name("none:0").shape.as_list() == [0, 3]
    assert rebuilt.get_tensor_by_name("total:0").shape.as_list() == [3]


def test_script_runs_with_ops_named_as_its_own_names(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    graph, _ = read_graphdef(path("script_names"))
    script = tmp_path / "rebuild.py"
    write_python(script, graph, "engine")
    namespace = runpy.run_path(str(script), run_name="__main__")  # the test's own script
    assert isinstance(namespace["graph"], engine.Graph)
    assert "op_graph = engine" in script.read_text()
    assert capsys.readouterr().out.startswith("[array(")


def test_script_writes_nan_and_infinities_as_numpy_names() -> None:
    graph, _ = read_graphdef(path("special_values"))
    text = graph_to_python(graph)[0]
    assert "np.array([np.nan, np.inf, -np.inf, -0.0, 2.5], dtype=np.float32)" in text
    assert "np.array([np.inf, -0.0], dtype=np.float16)" in text


def _feed_kinds() -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        for dtype, name in ((engine.string, "words"), (engine.bfloat16, "coarse"),
                            (engine.bool, "flags")):
            engine.identity(engine.placeholder(dtype, [2], name=name), name=name + "_out")
    return g


def test_script_feeds_strings_and_bfloat16_as_numpy_spells_them() -> None:
    text = graph_to_python(_feed_kinds())[0]
    assert "words: np.full([2], b'', dtype=object)" in text
    assert "coarse: np.zeros([2], dtype=np.float32)" in text


@pytest.mark.parametrize("flavor", ["engine", "tf"])
def test_script_with_string_and_bfloat16_placeholders_runs(
        flavor: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if flavor == "tf":
        pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    script = tmp_path / "feeds.py"
    write_python(script, _feed_kinds(), flavor)
    runpy.run_path(str(script), run_name="__main__")  # the test's own generated script
    assert capsys.readouterr().out.startswith("[array([b'', b''], dtype=object), array([0, 0]")
