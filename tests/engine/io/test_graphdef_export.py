"""GraphDef export: what TF wrote comes back out as TF wrote it, and a graph built here
becomes NodeDefs TF reads (the TF part runs only where tensorflow is installed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from google.protobuf import text_format
from tensorboard.compat.proto import graph_pb2

import engine
from engine.framework import dtypes as dt
from engine.io.graphdef_ops import GRAPHDEF_OPS
from engine.io.graphdef_read import graph_from_graphdef, parse_graphdef, read_graphdef
from engine.io.graphdef_write import graph_to_graphdef, write_graphdef

from .graphdef_fixtures import CASES, expected, feeds, path
from .op_cases import NO_CASE, case, op_graph, tf_fetchable

ROOT = Path(__file__).resolve().parents[3]


def _file_graphdef(case: str) -> graph_pb2.GraphDef:
    with open(path(case), "rb") as f:
        return parse_graphdef(f.read(), path(case))


def _round_trip(graph: engine.Graph) -> engine.Graph:
    return graph_from_graphdef(graph_to_graphdef(graph))[0]


@pytest.mark.parametrize("case", CASES + ("unknown_op", "while_loop"))
def test_export_writes_each_node_as_tf_wrote_it(case: str) -> None:
    written = {n.name: n for n in _file_graphdef(case).node}
    graph, _ = read_graphdef(path(case))
    for node in graph_to_graphdef(graph).node:
        tf_node = written[node.name]
        assert node.op == tf_node.op
        assert list(node.input) == list(tf_node.input)
        tf_attrs = {k: v for k, v in tf_node.attr.items() if not k.startswith("_")}
        ours = {k: v for k, v in node.attr.items() if not k.startswith("_")}
        assert sorted(ours) == sorted(tf_attrs), node.name
        for key in ours:
            if key != "value":
                assert ours[key] == tf_attrs[key], (node.name, key)


@pytest.mark.parametrize("case", CASES)
def test_exported_graph_reimports_to_the_same_values(case: str) -> None:
    graph, _ = read_graphdef(path(case))
    back = _round_trip(graph)
    want = expected(case)
    got = engine.Session(graph=back).run(list(want), feeds(case))
    for (name, value), result in zip(want.items(), got):
        np.testing.assert_allclose(result, value, rtol=1e-5, atol=1e-6, err_msg=name)


def test_opaque_node_is_written_back_byte_for_byte() -> None:
    tf_node = next(n for n in _file_graphdef("unknown_op").node if n.name == "running_total")
    graph, _ = read_graphdef(path("unknown_op"))
    node = next(n for n in graph_to_graphdef(graph).node if n.name == "running_total")
    assert node.SerializeToString(deterministic=True) == tf_node.SerializeToString(
        deterministic=True)


def test_while_loop_is_written_back_with_its_back_edges_after_a_json_file(tmp_path) -> None:
    written = {n.name: list(n.input) for n in _file_graphdef("while_loop").node}
    graph, _ = read_graphdef(path("while_loop"))
    engine.save_graph(tmp_path / "loop.json", graph)
    loaded, _ = engine.load_graph(tmp_path / "loop.json")
    assert {n.name: list(n.input) for n in graph_to_graphdef(loaded).node} == written


def test_loop_back_edge_to_a_deleted_op_is_not_written() -> None:
    graph, _ = read_graphdef(path("while_loop"))
    engine.remove_ops(graph, [graph.get_operation_by_name("rnn/NextIteration")])
    merge = {n.name: n for n in graph_to_graphdef(graph).node}["rnn/Merge"]
    assert list(merge.input) == ["rnn/Enter"]


def test_identity_n_is_written_with_its_list_of_types_and_no_count() -> None:
    written = {n.name: n for n in _file_graphdef("opaque_dtypes").node}["pair"]
    graph, _ = read_graphdef(path("opaque_dtypes"))
    node = {n.name: n for n in graph_to_graphdef(graph).node}["pair"]
    assert sorted(node.attr) == ["T"]
    assert node.attr["T"] == written.attr["T"]


def test_control_inputs_are_written_last_with_a_caret() -> None:
    graph, _ = read_graphdef(path("control_deps"))
    node = next(n for n in graph_to_graphdef(graph).node if n.name == "mul/y")
    assert list(node.input) == ["^first", "^second"]


def test_second_output_is_referenced_as_name_colon_index() -> None:
    g = engine.Graph()
    with g.as_default():
        logits = engine.placeholder(engine.float32, [None, 3], name="logits")
        labels = engine.placeholder(engine.float32, [None, 3], name="labels")
        xent = g.create_op("SoftmaxCrossEntropyWithLogits", [logits, labels], name="xent")
        engine.identity(xent.outputs[1], name="backprop")
    node = next(n for n in graph_to_graphdef(g).node if n.name == "backprop")
    assert list(node.input) == ["xent:1"]


def test_placeholder_default_becomes_placeholder_with_default() -> None:
    g = engine.Graph()
    g.add_op("Placeholder", name="p", attrs={"dtype": engine.float32, "shape": [2],
                                            "default_value": np.array([1.0, 2.0], np.float32)})
    nodes = {n.name: n for n in graph_to_graphdef(g).node}
    assert nodes["p"].op == "PlaceholderWithDefault"
    assert list(nodes["p"].input) == ["p/default_value"]
    back = _round_trip(g)
    np.testing.assert_array_equal(engine.Session(graph=back).run("p:0"), [1.0, 2.0])


@pytest.mark.parametrize("dtype", [d for d in engine.ALL_DTYPES])
def test_const_of_every_dtype_survives_export_and_import(dtype: engine.DType) -> None:
    if dtype.is_string:
        value = np.array([b"a", b"bc"], dtype=object)
    elif dtype.is_bool:
        value = np.array([True, False, True])
    elif dtype.is_complex:
        value = np.array([1 + 2j, -3.5j], dtype=dtype.np_dtype)
    else:
        value = np.array([[1, 2, 3], [4, 5, 0]]).astype(dtype.np_dtype)
    for v in (value, value.reshape(-1)[:1].reshape(())):  # tensor_content, and a scalar
        g = engine.Graph()
        with g.as_default():
            engine.constant(v, dtype=dtype, name="c")
        got = engine.Session(graph=_round_trip(g)).run("c:0")
        if dtype.is_string:
            assert np.asarray(got, dtype=object).tolist() == v.tolist()
        else:
            assert got.dtype == v.dtype
            np.testing.assert_array_equal(got, v)


def test_unwired_input_is_refused_naming_the_op() -> None:
    g = engine.Graph()
    g.add_op("Identity", name="lonely")
    with pytest.raises(engine.GraphFileError, match="'lonely' \\(Identity\\) has an unwired"):
        graph_to_graphdef(g)


def test_failed_write_leaves_the_old_file(tmp_path) -> None:
    target = tmp_path / "g.pbtxt"
    target.write_text("old")
    g = engine.Graph()
    g.add_op("Identity", name="lonely")
    with pytest.raises(engine.GraphFileError, match="g.pbtxt"):
        write_graphdef(target, g)
    assert target.read_text() == "old"


def test_text_and_binary_files_hold_the_same_graph(tmp_path) -> None:
    graph, _ = read_graphdef(path("scopes"))
    write_graphdef(tmp_path / "g.pbtxt", graph)
    write_graphdef(tmp_path / "g.pb", graph)
    text = text_format.Parse((tmp_path / "g.pbtxt").read_text(), graph_pb2.GraphDef())
    binary = graph_pb2.GraphDef.FromString((tmp_path / "g.pb").read_bytes())
    assert text == binary


@pytest.mark.parametrize("case", CASES + ("unknown_op", "while_loop"))
def test_export_imports_back_into_tensorflow(case: str) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    graph, _ = read_graphdef(path(case))
    data = graph_to_graphdef(graph).SerializeToString()
    gd = tf.compat.v1.GraphDef.FromString(data)
    tg = tf.Graph()
    with tg.as_default():
        tf.compat.v1.import_graph_def(gd, name="")
    want = expected(case)
    with tf.compat.v1.Session(graph=tg) as sess:
        got = sess.run(list(want), feeds(case))
    for (name, value), result in zip(want.items(), got):
        np.testing.assert_allclose(result, value, rtol=1e-5, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("op_type", [t for t in GRAPHDEF_OPS if t not in NO_CASE])
def test_each_ops_nodedef_runs_in_tensorflow(op_type: str) -> None:
    tf = pytest.importorskip("tensorflow", reason="tensorflow is not installed (bench extra)")
    _, _, allowed = case(op_type)
    g, op, arrays = op_graph(op_type, dt.float32 if dt.float32 in allowed else allowed[0])
    gd = tf.compat.v1.GraphDef.FromString(graph_to_graphdef(g).SerializeToString())
    tg = tf.Graph()
    with tg.as_default():
        tf.compat.v1.import_graph_def(gd, name="")
    if engine.get_op_def(op_type).stateful:
        return  # random draws: TF's stream, not ours
    with tf.compat.v1.Session(graph=tg) as sess:
        got = sess.run([t.name for t in tf_fetchable(op)], {"in0:0": arrays[0]})
    want = engine.Session(graph=g).run(tf_fetchable(op), {"in0:0": arrays[0]})
    for w, o in zip(want, got):
        np.testing.assert_allclose(o, w, rtol=1e-5, atol=1e-6)


def test_fused_batch_norm_is_written_as_tf_wrote_it() -> None:
    written = {n.name: n for n in _file_graphdef("batch_norm").node}
    graph, _ = read_graphdef(path("batch_norm"))
    for node in graph_to_graphdef(graph).node:
        theirs = {k: v for k, v in written[node.name].attr.items() if not k.startswith("_")}
        assert dict(node.attr) == theirs, node.name


def test_binary_graphdef_is_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    """A node's attributes are a protobuf map, whose order follows the process's hash seed
    unless it is written in key order: the same graph must give the same file."""
    script = tmp_path / "write.py"
    script.write_text(
        "import sys, engine\n"
        "from engine.io.graphdef_write import graphdef_bytes\n"
        "g = engine.Graph()\n"
        "with g.as_default():\n"
        "    x = engine.placeholder(engine.float32, [None, 28, 28, 1], name='x')\n"
        "    y = engine.nn.conv2d(x, engine.ones([3, 3, 1, 2]), [1, 1, 1, 1], 'SAME')\n"
        "    engine.nn.max_pool(y, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')\n"
        "sys.stdout.buffer.write(graphdef_bytes(g, False))\n")
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TENSORCANVAS_JIT_WARMUP": "0"}
        done = subprocess.run([sys.executable, str(script)], capture_output=True, env=env,
                              check=True, cwd=ROOT, timeout=120)
        outputs.add(done.stdout)
    assert len(outputs) == 1 and len(next(iter(outputs))) > 100
