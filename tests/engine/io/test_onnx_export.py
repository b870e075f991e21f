"""ONNX export: every mapped op, and the graphs real TF wrote, run in onnxruntime to the
engine's values; the models pass ``onnx.checker.check_model(full_check=True)``; an op without
a mapping is an error naming it."""

from __future__ import annotations

from typing import Any

import numpy as np
import onnx
import onnxruntime as ort
import pytest

import engine
from engine.framework import dtypes as dt
from engine.io.graphdef_read import read_graphdef
from engine.io.onnx_export import ExportError, graph_to_onnx, write_onnx
from engine.io.onnx_ops import ONNX_OPS

from .graphdef_fixtures import CASES, expected, feeds, path
from .op_cases import NO_CASE, ONNX_CONST_FIRST, case, op_graph

ort.set_default_logger_severity(3)

#: (op, dtype) pairs ONNX defines but onnxruntime has no kernel for: checked, not run
_NO_ORT_KERNEL = {("Conv2D", "float64"), ("AvgPool", "float64"),
                  ("DepthwiseConv2dNative", "float64"),
                  *((t, "float64") for t in ("Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh",
                                             "Asinh", "Acosh", "Atanh", "Erf", "Erfc", "Atan2"))}
_DTYPES = (dt.float32, dt.float64, dt.int32, dt.int64, dt.bool_)


def _matrix() -> list[tuple[str, str]]:
    out = []
    for op_type in ONNX_OPS:
        if op_type in NO_CASE:
            continue
        _, _, allowed = case(op_type)
        for d in _DTYPES:
            if d not in allowed or (op_type in ("Conv2D", "MaxPool") and not d.is_floating):
                continue
            if op_type == "RealDiv" and d.is_integer:
                continue  # no CPU kernel in TF either
            out.append((op_type, d.name))
    return out


def run_onnx(model: onnx.ModelProto, inputs: dict[str, np.ndarray]) -> list[np.ndarray]:
    onnx.checker.check_model(model, full_check=True)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return sess.run(None, inputs)


def _assert_same(want: Any, got: Any, what: str) -> None:
    want = np.asarray(want)
    assert got.dtype == want.dtype, what
    assert got.shape == want.shape, what
    if want.dtype == bool or want.dtype.kind in "iu":
        np.testing.assert_array_equal(got, want, err_msg=what)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=what)


@pytest.mark.parametrize(("op_type", "dtype"), _matrix())
def test_op_runs_in_onnxruntime_to_the_engines_value(op_type: str, dtype: str) -> None:
    fed = op_type not in ONNX_CONST_FIRST
    g, op, arrays = op_graph(op_type, dt.as_dtype(dtype), fed)
    feeds = {"in0:0": arrays[0]} if fed else {}
    want = engine.Session(graph=g).run(op.outputs, feeds)
    model = graph_to_onnx(g, op.outputs)
    if (op_type, dtype) in _NO_ORT_KERNEL:
        onnx.checker.check_model(model, full_check=True)
        return
    got = run_onnx(model, feeds)
    for i, (w, o) in enumerate(zip(want, got)):
        _assert_same(w, o, f"{op_type} output {i}")


@pytest.mark.parametrize("case", CASES)
def test_tf_graph_runs_in_onnxruntime_to_tfs_values(case: str) -> None:
    graph, _ = read_graphdef(path(case))
    want = expected(case)
    got = run_onnx(graph_to_onnx(graph, list(want)), feeds(case))
    for (name, value), result in zip(want.items(), got):
        _assert_same(value, result, name)


def test_names_are_kept() -> None:
    graph, _ = read_graphdef(path("scopes"))
    model = graph_to_onnx(graph)
    assert "layer1/MatMul" in [n.name for n in model.graph.node]
    assert [i.name for i in model.graph.input] == ["x:0"]
    assert [o.name for o in model.graph.output] == ["layer2/activation:0"]


def test_unknown_dimensions_become_symbolic() -> None:
    graph, _ = read_graphdef(path("scopes"))
    dims = graph_to_onnx(graph).graph.input[0].type.tensor_type.shape.dim
    assert [(d.dim_param, d.dim_value) for d in dims] == [("x_dim0", 0), ("", 4)]


def test_values_freeze_an_op_as_an_initializer() -> None:
    g = engine.Graph()
    with g.as_default():
        w = engine.placeholder(engine.float32, [2], name="w")
        engine.multiply(w, 3.0, name="out")
    model = graph_to_onnx(g, ["out:0"], values={"w": np.array([1.0, 2.0], np.float32)})
    assert [i.name for i in model.graph.initializer if i.name == "w:0"] == ["w:0"]
    np.testing.assert_array_equal(run_onnx(model, {})[0], [3.0, 6.0])


def test_op_without_mapping_is_an_error_naming_it() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.random_uniform([2], name="noise")
    with pytest.raises(ExportError, match="'noise/RandomUniform' \\(RandomUniform\\) cannot "
                                          "be exported to ONNX: ONNX's random ops"):
        graph_to_onnx(g)


def test_opaque_node_is_an_error_naming_it() -> None:
    graph, _ = read_graphdef(path("unknown_op"))
    with pytest.raises(ExportError, match="'running_total' \\(CumulativeLogsumexp\\).*opaque"):
        graph_to_onnx(graph, ["shifted:0"])


def test_write_onnx_writes_a_checked_model(tmp_path) -> None:
    graph, _ = read_graphdef(path("softmax_classifier"))
    write_onnx(tmp_path / "m.onnx", graph, ["probabilities:0"])
    model = onnx.load(str(tmp_path / "m.onnx"))
    got = run_onnx(model, {"features:0": feeds("softmax_classifier")["features:0"]})
    _assert_same(expected("softmax_classifier")["probabilities:0"], got[0], "probabilities")


def test_placeholder_with_a_constant_default_stays_feedable() -> None:
    g = engine.Graph()
    with g.as_default():
        rate = engine.placeholder_with_default(np.float32(0.5), [], name="rate")
        engine.multiply(rate, 2.0, name="out")
    model = graph_to_onnx(g, ["out:0"])
    assert [i.name for i in model.graph.input] == ["rate:0"]
    assert run_onnx(model, {})[0] == np.float32(1.0)
    assert run_onnx(model, {"rate:0": np.array(3.0, np.float32)})[0] == np.float32(6.0)


@pytest.mark.parametrize(("size", "stride", "padding"), [
    (5, 2, "SAME"), (6, 2, "SAME"), (7, 3, "VALID"), (4, 1, "VALID"), (8, 3, "SAME")])
def test_conv2d_backprop_input_is_a_convtranspose_padded_as_tf(size: int, stride: int,
                                                               padding: str) -> None:
    """TF's conv2d_transpose: the forward input's size, strides that skip rows, SAME's odd
    padding at the end."""
    rng = np.random.default_rng(7)
    n_out = -(-size // stride) if padding == "SAME" else (size - 3) // stride + 1
    g = engine.Graph()
    with g.as_default():
        dy = engine.placeholder(engine.float32, [2, n_out, n_out, 4], name="dy")
        kernel = engine.constant(rng.standard_normal((3, 3, 2, 4)).astype(np.float32))
        dx = engine.raw_ops.Conv2DBackpropInput(
            input_sizes=[2, size, size, 2], filter=kernel, out_backprop=dy,
            strides=[1, stride, stride, 1], padding=padding)
    value = rng.standard_normal((2, n_out, n_out, 4)).astype(np.float32)
    want = engine.Session(graph=g).run(dx, {dy: value})
    got = run_onnx(graph_to_onnx(g, [dx]), {"dy:0": value})
    _assert_same(want, got[0], "Conv2DBackpropInput")


@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
def test_grouped_convolution_is_a_conv_with_its_groups(data_format: str) -> None:
    rng = np.random.default_rng(11)
    shape = [2, 5, 5, 6] if data_format == "NHWC" else [2, 6, 5, 5]
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, *shape[1:]], name="x")
        kernel = engine.constant(rng.standard_normal((3, 3, 2, 9)).astype(np.float32))
        y = engine.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME", data_format=data_format)
    value = rng.standard_normal(shape).astype(np.float32)
    want = engine.Session(graph=g).run(y, {x: value})
    model = graph_to_onnx(g, [y])
    groups = [a.i for n in model.graph.node if n.op_type == "Conv" for a in n.attribute
              if a.name == "group"]
    assert groups == [3]
    _assert_same(want, run_onnx(model, {"x:0": value})[0], "grouped Conv2D")


def test_grouped_convolutions_input_gradient_is_a_grouped_conv_transpose() -> None:
    rng = np.random.default_rng(12)
    g = engine.Graph()
    with g.as_default():
        dy = engine.placeholder(engine.float32, [2, 3, 3, 4], name="dy")
        kernel = engine.constant(rng.standard_normal((3, 3, 2, 4)).astype(np.float32))
        dx = engine.raw_ops.Conv2DBackpropInput(
            input_sizes=[2, 5, 5, 4], filter=kernel, out_backprop=dy,
            strides=[1, 2, 2, 1], padding="SAME")
    value = rng.standard_normal((2, 3, 3, 4)).astype(np.float32)
    want = engine.Session(graph=g).run(dx, {dy: value})
    _assert_same(want, run_onnx(graph_to_onnx(g, [dx]), {"dy:0": value})[0],
                 "grouped Conv2DBackpropInput")


def test_unsorted_segment_sum_drops_ids_out_of_range_as_tf() -> None:
    g = engine.Graph()
    with g.as_default():
        data = engine.placeholder(engine.float32, [2, 2, 3], name="data")
        ids = engine.constant(np.array([[0, -1], [2, 7]], np.int32))
        total = engine.raw_ops.UnsortedSegmentSum(data=data, segment_ids=ids, num_segments=3)
    value = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
    want = engine.Session(graph=g).run(total, {data: value})
    np.testing.assert_array_equal(want, [[0, 1, 2], [0, 0, 0], [6, 7, 8]])
    got = run_onnx(graph_to_onnx(g, [total]), {"data:0": value})
    _assert_same(want, got[0], "UnsortedSegmentSum")


@pytest.mark.parametrize(("exclusive", "reverse"), [(True, False), (False, True), (True, True)])
def test_cumsum_keeps_exclusive_and_reverse(exclusive: bool, reverse: bool) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [2, 3], name="x")
        scan = engine.raw_ops.Cumsum(x=x, axis=engine.constant(1), exclusive=exclusive,
                                     reverse=reverse)
    value = np.arange(1, 7, dtype=np.float32).reshape(2, 3)
    want = engine.Session(graph=g).run(scan, {x: value})
    got = run_onnx(graph_to_onnx(g, [scan]), {"x:0": value})
    _assert_same(want, got[0], f"Cumsum exclusive={exclusive} reverse={reverse}")


def test_div_no_nan_is_zero_where_the_divisor_is_zero_even_for_zero_over_zero() -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, [4], name="a")
        b = engine.placeholder(engine.float32, [4], name="b")
        q = engine.raw_ops.DivNoNan(x=a, y=b)
    feeds = {"a:0": np.array([1, 0, -3, 6], np.float32), "b:0": np.array([0, 0, 2, 3],
                                                                          np.float32)}
    got = run_onnx(graph_to_onnx(g, [q]), feeds)
    np.testing.assert_array_equal(got[0], [0, 0, -1.5, 2])


@pytest.mark.parametrize("remove", [[], [9], [1, 2, 4, 3]])
def test_list_diff_with_nothing_some_or_all_removed(remove: list[int]) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.int64, [None], name="a")
        diff = engine.raw_ops.ListDiff(x=a, y=engine.constant(np.array(remove, np.int64)),
                                       out_idx=engine.int64)
    out, idx = diff.op.outputs
    value = np.array([4, 1, 3, 1, 2], np.int64)
    want = engine.Session(graph=g).run([out, idx], {a: value})
    got = run_onnx(graph_to_onnx(g, [out, idx]), {"a:0": value})
    for i, (w, o) in enumerate(zip(want, got)):
        _assert_same(w, o, f"ListDiff output {i}")


def test_comparison_told_not_to_fail_is_refused_where_shapes_may_not_broadcast() -> None:
    graph, _ = read_graphdef(path("lenient_compare"))
    with pytest.raises(ExportError, match="'differs'.*incompatible_shape_error=False"):
        graph_to_onnx(graph, ["differs:0"])


def test_slice_with_an_ellipsis_and_new_axes_is_one_slice_squeeze_and_unsqueeze() -> None:
    graph, _ = read_graphdef(path("ellipsis_slices"))
    model = graph_to_onnx(graph, ["middle:0"])
    assert [n.op_type for n in model.graph.node] == ["Slice", "Squeeze", "Unsqueeze",
                                                     "Identity"]


def test_ellipsis_of_unknown_rank_is_refused_naming_the_op() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 4], name="x")
        dims = engine.placeholder(engine.int32, [None], name="dims")
        engine.reshape(x, dims)[..., 1]  # a reshape to a shape of unknown length
    with pytest.raises(ExportError, match="'strided_slice'.*input's rank"):
        graph_to_onnx(g)


def test_pooling_over_the_depth_is_refused_naming_the_op() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [1, 2, 2, 4], name="x")
        engine.nn.max_pool(x, [1, 1, 1, 2], [1, 1, 1, 2], "VALID", name="depth_pool")
    with pytest.raises(ExportError, match="'depth_pool'.*batch or the depth"):
        graph_to_onnx(g)


def test_dilated_same_convolution_has_tfs_explicit_pads() -> None:
    graph, _ = read_graphdef(path("dilated_conv"))
    model = graph_to_onnx(graph, ["atrous_even:0"])
    pads = [[a.ints for a in n.attribute if a.name == "pads"] for n in model.graph.node
            if n.op_type == "Conv"]
    assert pads == [[[2, 2, 2, 2]], [[1, 1, 2, 2]]]  # extents 5 and 4: the odd one at the end


def test_input_of_unknown_rank_is_refused_naming_the_placeholder() -> None:
    graph, _ = read_graphdef(path("unknown_rank"))
    assert graph.get_tensor_by_name("x:0").shape.rank is None
    with pytest.raises(ExportError, match=r"op 'x'.*the rank of x:0 is unknown"):
        graph_to_onnx(graph, ["dims:0"])


def test_transposed_convolution_with_a_computed_batch_is_one_conv_transpose() -> None:
    graph, _ = read_graphdef(path("decoder"))
    assert graph.get_tensor_by_name("upsampled:0").shape.as_list() == [None, 6, 6, 2]
    model = graph_to_onnx(graph, ["upsampled:0"])
    assert [n.op_type for n in model.graph.node].count("ConvTranspose") == 1


def test_complex_tensor_is_refused_naming_the_op() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.identity(engine.constant(np.array([1 + 2j], np.complex64)), name="echo")
    with pytest.raises(ExportError, match=r"op 'Const'.*Const:0 is complex64: ONNX Runtime"):
        graph_to_onnx(g, ["echo:0"])


def test_inference_batch_norm_is_one_batch_normalization_at_tfs_values() -> None:
    graph, _ = read_graphdef(path("batch_norm"))
    model = graph_to_onnx(graph, ["features:0"])
    assert [n.op_type for n in model.graph.node].count("BatchNormalization") == 1
    got = run_onnx(model, feeds("batch_norm"))
    _assert_same(expected("batch_norm")["features:0"], got[0], "features:0")


def test_training_batch_norm_is_refused_naming_the_op() -> None:
    graph, _ = read_graphdef(path("batch_norm"))
    with pytest.raises(ExportError, match="op 'training'.*is_training"):
        graph_to_onnx(graph, ["training:0"])


def _run_one(build: Any, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The engine's and onnxruntime's value of ``build(x)`` for a float32 ``x`` fed."""
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [len(values)], name="x")
        y = build(x)
    want = engine.Session(graph=g).run(y, {x: values})
    return want, run_onnx(graph_to_onnx(g, [y]), {"x:0": values})[0]


def test_expm1_keeps_its_digits_near_zero_in_onnx() -> None:
    values = np.array([1e-7, -3e-6, 0.0, 0.3, -0.49, 2.0, -20.0], np.float32)
    want, got = _run_one(engine.expm1, values)
    np.testing.assert_allclose(got, want, rtol=2e-6)


def test_atan2_has_every_quadrant_in_onnx() -> None:
    ys = np.array([1.0, 1.0, -1.0, -1.0, 0.0, 2.0, -2.0], np.float32)
    want, got = _run_one(lambda x: engine.atan2(engine.constant(ys), x),
                         np.array([1.0, -1.0, -1.0, 1.0, -1.0, 0.0, 0.0], np.float32))
    np.testing.assert_allclose(got, want, rtol=1e-6)


def test_an_einsum_with_an_ellipsis_and_three_operands_runs_in_onnxruntime() -> None:
    rng = np.random.default_rng(4)
    a, b = rng.random((2, 1, 3, 4), np.float32), rng.random((5, 4, 2), np.float32)
    c = rng.random((2, 3), np.float32)
    g = engine.Graph()
    with g.as_default():
        pa = engine.placeholder(engine.float32, [2, 1, 3, 4], name="a")
        pb = engine.placeholder(engine.float32, [5, 4, 2], name="b")
        pc = engine.placeholder(engine.float32, [2, 3], name="c")
        out = engine.einsum("...ij,...jk,kl->...il", pa, pb, pc, name="out")
    with engine.Session(graph=g) as sess:
        want = sess.run(out, {pa: a, pb: b, pc: c})
    got = run_onnx(graph_to_onnx(g, [out.name]), {"a:0": a, "b:0": b, "c:0": c})[0]
    np.testing.assert_allclose(got, want, rtol=1e-5)


def test_an_einsum_writing_a_batch_of_diagonals_is_refused_saying_why() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [2, 3], name="x")
        engine.raw_ops.Einsum(inputs=[x], equation="...i->...ii", name="diag")
    with pytest.raises(ExportError, match="repeats no output label"):
        graph_to_onnx(g, ["diag:0"])
