"""GraphDef import: the graphs real TF wrote open with TF's names, attributes, control
dependencies and shapes, and run to the values TF computed."""

from __future__ import annotations

import numpy as np
import pytest
from google.protobuf import text_format
from tensorboard.compat.proto import graph_pb2

import engine
from engine.framework.opaque import loop_inputs
from engine.io.graphdef_read import graph_from_graphdef, parse_graphdef, read_graphdef

from .graphdef_fixtures import CASES, expected, feeds, path, record


@pytest.mark.parametrize("case", CASES)
def test_import_keeps_tfs_node_names(case: str) -> None:
    graph, report = read_graphdef(path(case))
    assert sorted(op.name for op in graph.get_operations()) == sorted(record(case)["nodes"])
    assert report.opaque == []


@pytest.mark.parametrize("case", CASES)
def test_imported_graph_runs_to_tfs_values(case: str) -> None:
    graph, _ = read_graphdef(path(case))
    want = expected(case)
    got = engine.Session(graph=graph).run(list(want), feeds(case))
    for (name, value), result in zip(want.items(), got):
        assert np.asarray(result).dtype == value.dtype, name
        np.testing.assert_allclose(result, value, rtol=1e-5, atol=1e-6, err_msg=name)


def test_import_infers_shapes_of_every_tensor() -> None:
    graph, _ = read_graphdef(path("small_cnn"))
    conv = graph.get_operation_by_name("conv1/Conv2D")
    assert conv.outputs[0].shape.as_list() == [None, 8, 8, 4]
    assert graph.get_tensor_by_name("dense/Reshape:0").shape.as_list() == [None, 64]


def test_import_keeps_attributes() -> None:
    graph, _ = read_graphdef(path("small_cnn"))
    conv = graph.get_operation_by_name("conv1/Conv2D")
    assert conv.get_attr("strides") == [1, 1, 1, 1]
    assert conv.get_attr("padding") == "SAME"
    assert conv.get_attr("data_format") == "NHWC"
    pool = graph.get_operation_by_name("conv1/MaxPool2d")
    assert pool.get_attr("ksize") == [1, 2, 2, 1]


def test_import_keeps_scopes() -> None:
    graph, _ = read_graphdef(path("scopes"))
    assert graph.get_operation_by_name("layer1/MatMul").type == "MatMul"
    assert graph.get_operation_by_name("layer2/activation").inputs[0].name == "layer2/BiasAdd:0"


def test_import_keeps_control_dependencies() -> None:
    graph, _ = read_graphdef(path("control_deps"))
    second = graph.get_operation_by_name("second")
    assert [op.name for op in second.control_inputs] == ["first"]
    const = graph.get_operation_by_name("mul/y")
    assert [op.name for op in const.control_inputs] == ["first", "second"]


def test_frozen_keras_identity_waits_on_its_noop() -> None:
    graph, _ = read_graphdef(path("frozen_keras"))
    assert [op.name for op in graph.get_operation_by_name("Identity").control_inputs] == ["NoOp"]
    assert graph.get_operation_by_name("NoOp").type == "NoOp"


def test_unknown_op_becomes_an_opaque_node() -> None:
    graph, report = read_graphdef(path("unknown_op"))
    assert [(name, op_type) for name, op_type, _ in report.opaque] == [
        ("running_total", "CumulativeLogsumexp")]
    op = graph.get_operation_by_name("running_total")
    assert op.type == "CumulativeLogsumexp"
    assert op.op_def.category == "Opaque"
    assert "TensorCanvas has no op 'CumulativeLogsumexp'" in op.op_def.extra["reason"]


def test_opaque_node_keeps_its_dtype_and_recorded_shape_for_its_consumers() -> None:
    graph, _ = read_graphdef(path("unknown_op"))
    shifted = graph.get_operation_by_name("shifted")
    assert shifted.error is None
    assert shifted.outputs[0].shape.as_list() == [None, 3]
    assert shifted.outputs[0].dtype == engine.float32


def test_run_needing_an_opaque_node_is_refused_naming_it() -> None:
    graph, _ = read_graphdef(path("unknown_op"))
    with pytest.raises(engine.InvalidGraphError, match="'running_total'.*CumulativeLogsumexp"):
        engine.Session(graph=graph).run("shifted:0", feeds("unknown_op"))


def test_run_not_needing_the_opaque_node_works() -> None:
    graph, _ = read_graphdef(path("unknown_op"))
    got = engine.Session(graph=graph).run("squared:0", feeds("unknown_op"))
    np.testing.assert_array_equal(got, expected("unknown_op")["squared:0"])


def _gd(text: str) -> graph_pb2.GraphDef:
    return text_format.Parse(text, graph_pb2.GraphDef())


_CONST = ('node { name: "c" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } '
          'attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } }'
          ' float_val: 1.5 } } } %s }')


def test_output_shapes_that_disagree_with_inference_are_reported() -> None:
    shapes = 'attr { key: "_output_shapes" value { list { shape { dim { size: 3 } } } } }'
    graph, report = graph_from_graphdef(_gd(_CONST % shapes))
    assert graph.get_tensor_by_name("c:0").shape.as_list() == [2]
    assert report.warnings == ["node 'c': _output_shapes says output 0 is (3,), inference "
                               "gives (2,) (inference kept)"]


def test_a_repeated_last_value_fills_the_tensor_as_in_tf() -> None:
    graph, _ = graph_from_graphdef(_gd(_CONST % ""))
    np.testing.assert_array_equal(engine.Session(graph=graph).run("c:0"), [1.5, 1.5])


def test_input_naming_no_node_is_an_error_naming_the_node() -> None:
    text = 'node { name: "i" op: "Identity" input: "nowhere" }'
    with pytest.raises(engine.GraphFileError, match="node 'i'.*'nowhere' names no node"):
        graph_from_graphdef(_gd(text), "g.pbtxt")


def test_duplicate_node_names_are_an_error() -> None:
    with pytest.raises(engine.GraphFileError, match="duplicate node name"):
        graph_from_graphdef(_gd((_CONST % "") * 2), "g.pbtxt")


def test_a_cycle_is_an_error_naming_its_nodes() -> None:
    text = ('node { name: "a" op: "Identity" input: "b" } '
            'node { name: "b" op: "Identity" input: "a" }')
    with pytest.raises(engine.GraphFileError, match="cycle through 'a', 'b'"):
        graph_from_graphdef(_gd(text), "g.pbtxt")


def test_while_loop_imports_as_opaque_nodes() -> None:
    graph, report = read_graphdef(path("while_loop"))
    assert sorted({op_type for _, op_type, _ in report.opaque}) == [
        "Enter", "Exit", "LoopCond", "Merge", "NextIteration", "Switch"]
    assert sorted(op.name for op in graph.get_operations()) == sorted(record("while_loop")["nodes"])
    assert report.warnings == []


def test_loop_back_edge_is_kept_by_name_and_left_unwired() -> None:
    graph, _ = read_graphdef(path("while_loop"))
    merge = graph.get_operation_by_name("rnn/Merge_1")
    assert [None if t is None else t.name for t in merge.inputs] == ["rnn/Enter_1:0", None]
    assert loop_inputs(merge) == {1: "rnn/NextIteration_1"}


def test_ops_after_a_loop_infer_tfs_shapes() -> None:
    graph, _ = read_graphdef(path("while_loop"))
    final = graph.get_tensor_by_name("final:0")
    assert (final.dtype, final.shape.as_list()) == (engine.float32, [None, 3])


def test_output_beside_a_loop_runs_and_one_after_it_is_refused_naming_it() -> None:
    graph, _ = read_graphdef(path("while_loop"))
    session = engine.Session(graph=graph)
    total = session.run("total:0", feeds("while_loop"))
    assert total == expected("while_loop")["total:0"]
    with pytest.raises(engine.InvalidGraphError, match="'rnn/Enter_1': opaque Enter node"):
        session.run("final:0", feeds("while_loop"))


def test_text_that_is_not_a_graphdef_names_the_file(tmp_path) -> None:
    bad = tmp_path / "bad.pbtxt"
    bad.write_text("node { name: ")
    with pytest.raises(engine.GraphFileError, match="bad.pbtxt.*not a GraphDef in text format"):
        read_graphdef(bad)


def test_bytes_that_are_not_a_binary_graphdef_are_refused() -> None:
    with pytest.raises(engine.GraphFileError, match="not a binary GraphDef"):
        parse_graphdef(b"\xff\xff\xff", "bad.pb")


def test_progress_rises_to_one() -> None:
    seen: list[float] = []
    read_graphdef(path("softmax_classifier"), progress=seen.append)
    assert seen[0] == 0.1 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_an_exception_from_progress_stops_the_import() -> None:
    class Stop(Exception):
        pass

    def stop(fraction: float) -> None:
        if fraction > 0.5:
            raise Stop

    with pytest.raises(Stop):
        read_graphdef(path("softmax_classifier"), progress=stop)


def test_opaque_nodes_doc_lists_its_attributes_as_tf_wrote_them() -> None:
    graph, _ = read_graphdef(path("unknown_op"))
    doc = graph.get_operation_by_name("running_total").op_def.doc
    assert doc.endswith("Attributes as imported:\nT: type: DT_FLOAT\nTidx: type: DT_INT32\n"
                        "exclusive: b: false\nreverse: b: false")


def test_tf2_comparison_imports_as_the_registry_op() -> None:
    graph, report = read_graphdef(path("accuracy"))
    hits = graph.get_operation_by_name("hits")
    assert hits.op_def.category == "Comparison"
    assert hits.get_attr("incompatible_shape_error") is True
    assert report.opaque == []


def test_comparison_told_not_to_fail_infers_tfs_shapes() -> None:
    graph, report = read_graphdef(path("lenient_compare"))
    assert report.warnings == []  # every shape as TF's _output_shapes
    assert graph.get_tensor_by_name("differs:0").shape.rank is None  # [None] with [2]
    assert graph.get_tensor_by_name("same:0").shape.as_list() == []  # [3] with [2]


def test_comparison_told_not_to_fail_is_one_scalar_as_in_tf() -> None:
    graph, _ = read_graphdef(path("lenient_compare"))
    want = expected("lenient_compare")
    got = engine.Session(graph=graph).run(list(want), feeds("lenient_compare"))
    assert [bool(v) for v in got] == [bool(v) for v in want.values()] == [True, False]


def test_opaque_predicate_has_bool_outputs() -> None:
    graph, _ = read_graphdef(path("opaque_dtypes"))
    assert graph.get_tensor_by_name("finite:0").dtype == engine.bool
    kept = graph.get_tensor_by_name("kept:0")
    assert (kept.dtype, kept.shape.as_list()) == (engine.float32, [None, 4])


def test_opaque_multi_output_node_has_each_outputs_dtype() -> None:
    graph, _ = read_graphdef(path("opaque_dtypes"))
    assert [t.dtype for t in graph.get_operation_by_name("top").outputs] == [
        engine.float32, engine.int32]


def test_top_k_imports_as_the_registry_op_and_runs() -> None:
    graph, report = read_graphdef(path("opaque_dtypes"))
    assert report.opaque == [] and report.warnings == []
    assert graph.get_operation_by_name("top")._op_def is engine.get_op_def("TopKV2")
    got = engine.Session(graph=graph).run("ranked:0", feeds("opaque_dtypes"))
    np.testing.assert_array_equal(got, expected("opaque_dtypes")["ranked:0"])


def test_is_finite_imports_as_the_registry_op() -> None:
    graph, _ = read_graphdef(path("opaque_dtypes"))
    finite = graph.get_operation_by_name("finite")
    assert finite._op_def is engine.get_op_def("IsFinite")


def test_gradient_of_equal_shapes_reduces_nothing_as_in_tf() -> None:
    graph, _ = read_graphdef(path("same_shape_gradient"))
    want = expected("same_shape_gradient")
    got = engine.Session(graph=graph).run(list(want), feeds("same_shape_gradient"))
    assert [np.asarray(g).tolist() for g in got[:2]] == [[], []]
    np.testing.assert_allclose(got[2], want["gradients/sub_grad/Reshape:0"])


def test_identity_n_imports_as_the_registry_op_and_runs() -> None:
    graph, _ = read_graphdef(path("opaque_dtypes"))
    pair = graph.get_operation_by_name("pair")
    assert (pair.op_def.category, pair.get_attr("T")) == ("Array", [engine.float32,
                                                                     engine.int32])
    got = engine.Session(graph=graph).run("count:0", feeds("opaque_dtypes"))
    assert got == expected("opaque_dtypes")["count:0"]


def test_splits_import_as_the_registry_ops_with_tfs_shapes() -> None:
    graph, report = read_graphdef(path("splits"))
    assert report.opaque == [] and report.warnings == []
    assert [t.shape.as_list() for t in graph.get_operation_by_name("gates").outputs] == [
        [None, 2]] * 4
    assert [t.shape.as_list() for t in graph.get_operation_by_name("parts").outputs] == [
        [None, 3], [None, 4], [None, 1]]


def test_fused_batch_norm_runs_to_tfs_values_in_inference_and_training() -> None:
    graph, report = read_graphdef(path("batch_norm"))
    assert report.opaque == [] and report.warnings == []
    want = expected("batch_norm")
    got = engine.Session(graph=graph).run(list(want), feeds("batch_norm"))
    for (name, value), result in zip(want.items(), got):
        np.testing.assert_allclose(result, value, rtol=1e-5, atol=1e-5, err_msg=name)
