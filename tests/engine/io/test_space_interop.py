"""Atrous and separable convolutions through the interop formats: their SpaceToBatchND and
BatchToSpaceND (with paddings computed from Shape ops when the input's size is unknown) run
the same in onnxruntime and after a GraphDef round trip as in the engine."""

from __future__ import annotations

from typing import Any

import numpy as np
import onnxruntime as ort
import pytest

import engine
from engine.io.graphdef_read import graph_from_graphdef
from engine.io.graphdef_write import graph_to_graphdef
from engine.io.onnx_export import ExportError, graph_to_onnx


def _image(*shape: int) -> np.ndarray:
    return np.random.RandomState(0).uniform(-1, 1, shape).astype(np.float32)


def _atrous(shape: list[int | None]) -> tuple[engine.Graph, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape, name="x")
        f = engine.constant(_image(3, 3, 3, 2))
        p = engine.constant(_image(1, 1, 6, 4))
        y = engine.nn.separable_conv2d(x, f, p, [1, 1, 1, 1], "SAME", rate=[2, 2], name="sep")
    return g, x, y


def test_an_atrous_separable_convolution_of_an_unknown_batch_runs_in_onnxruntime() -> None:
    g, x, y = _atrous([None, 9, 9, 3])
    image = _image(2, 9, 9, 3)
    want = engine.Session(graph=g).run(y, {x: image})
    model = graph_to_onnx(g, [y])
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    got = session.run(None, {"x:0": image})[0]
    assert got.shape == (2, 9, 9, 4)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_an_unknown_image_size_is_refused_by_onnx_export_naming_the_op() -> None:
    g, _, y = _atrous([None, None, None, 3])
    with pytest.raises(ExportError, match="sep/SpaceToBatchND"):
        graph_to_onnx(g, [y])


def test_an_atrous_convolution_of_an_unknown_size_survives_a_graphdef_round_trip() -> None:
    g, x, y = _atrous([None, None, None, 3])
    image = _image(1, 7, 10, 3)
    want = engine.Session(graph=g).run(y, {x: image})
    types = [op.type for op in g.get_operations()]
    assert types.count("SpaceToBatchND") == 1 and types.count("BatchToSpaceND") == 1
    back, _ = graph_from_graphdef(graph_to_graphdef(g))
    got = engine.Session(graph=back).run(back.get_tensor_by_name(y.name),
                                         {back.get_tensor_by_name("x:0"): image})
    np.testing.assert_array_equal(got, want)
