"""What ``tools/fuzz_interop.py`` found carrying graphs between TF and the engine, checked
without TF: recorded TF GraphDefs the engine imports, and scripts whose text is checked."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

import engine
from engine.io.graphdef_read import parse_graphdef, read_graphdef
from engine.io.graphdef_write import graph_to_graphdef, graphdef_bytes
from engine.io.python_export import graph_to_python, write_python

from .graphdef_fixtures import CASES, path, record


@pytest.mark.parametrize("case", [*CASES, "uninitialized_reads"])
def test_import_keeps_the_files_order(case: str) -> None:
    """A GraphDef already in order is built in its order: the creation order that picks
    which node a failing run names."""
    graph, _ = read_graphdef(path(case))
    assert [op.name for op in graph.get_operations()] == record(case)["nodes"]


def test_failing_run_of_an_imported_graph_names_the_node_tf_names() -> None:
    graph, _ = read_graphdef(path("uninitialized_reads"))
    want = record("uninitialized_reads")
    with pytest.raises(engine.errors.FailedPreconditionError) as info:
        engine.Session(graph=graph).run(want["run"])
    assert type(info.value).__name__ == want["error"]["class"]
    assert info.value.message == want["error"]["message"]


def _one_output_lists() -> engine.Graph:
    """Ops whose output is a list (``N * T``) of one tensor: a script's call returns a list."""
    graph = engine.Graph()
    with graph.as_default():
        x = engine.placeholder(engine.float32, shape=[1, 3], name="x")
        (row,) = engine.unstack(x, num=1)
        (part,) = engine.split(x, 1, axis=1)
        engine.multiply(row, 2.0, name="twice")
        engine.add(part, 1.0, name="plus")
    return graph


def test_script_indexes_a_list_output_of_one_tensor() -> None:
    text, _ = graph_to_python(_one_output_lists())
    assert "tf.raw_ops.Unpack(value=x, num=1, axis=0, name='unstack')" in text
    assert "tf.math.multiply(unstack[0], " in text
    assert "(split[0], " in text


def test_engine_script_of_a_list_output_of_one_tensor_runs(tmp_path: Path) -> None:
    script = tmp_path / "rebuild.py"
    write_python(script, _one_output_lists(), "engine")
    graph = runpy.run_path(str(script))["graph"]  # the test's own generated script
    x = np.arange(3, dtype=np.float32).reshape(1, 3)
    twice, plus = engine.Session(graph=graph).run(["twice:0", "plus:0"], {"x:0": x})
    np.testing.assert_array_equal(twice, [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(plus, [[1.0, 2.0, 3.0]])


ROUND_TRIPS = [*CASES, "uninitialized_reads", "train_mlp_adam", "train_cnn_rmsprop",
               "train_embedding_adam"]


@pytest.mark.parametrize("case", ROUND_TRIPS)
def test_export_writes_each_nodes_inputs_as_tfs_file(case: str) -> None:
    """Imported and written back, every node reads what TF wrote, in TF's order: data inputs
    as wired, control inputs sorted by name (as TF's ``ToGraphDef`` writes them)."""
    graph, _ = read_graphdef(path(case))
    written = {n.name: list(n.input) for n in graph_to_graphdef(graph).node}
    gd = parse_graphdef(Path(path(case)).read_bytes(), path(case))
    assert {n.name: list(n.input) for n in gd.node} == written


def test_control_inputs_are_written_by_name_whatever_their_order() -> None:
    graph = engine.Graph()
    with graph.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        deps = [engine.constant(1.0, name=n).op for n in ("zz", "aa", "B")]
        with engine.control_dependencies(deps):
            y = engine.identity(x, name="y")
    assert [c.name for c in y.op.control_inputs] == ["zz", "aa", "B"]  # as TF keeps them
    text = graphdef_bytes(graph, text=True).decode()
    node = text[text.index('name: "y"'):]
    assert node.index('input: "^B"') < node.index('input: "^aa"') < node.index('input: "^zz"')
