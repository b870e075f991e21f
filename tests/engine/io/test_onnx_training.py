"""ONNX export of training graphs: the forward part with the variables' current values
runs in onnxruntime to the session's values; an update op is refused as training-only, and
a variable without a value is named."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

import engine
from engine.io.onnx_export import ExportError, graph_to_onnx

from .test_training_interop import _built, _train


def test_onnx_export_of_the_loss_writes_the_variables_current_values() -> None:
    graph = _built("linear_regression", "GradientDescent")
    with engine.Session(graph=graph) as sess:
        _train(graph, sess, "init", "loss:0", "GradientDescent", 3)
        model = graph_to_onnx(graph, ["loss:0"], session=sess)
        want = sess.run("loss:0")
    got = ort.InferenceSession(model.SerializeToString(),
                               providers=["CPUExecutionProvider"]).run(None, {})
    np.testing.assert_allclose(got[0], want, rtol=1e-6)


def test_onnx_export_of_a_train_op_says_it_is_training_only() -> None:
    graph = _built("linear_regression", "GradientDescent")
    with engine.Session(graph=graph) as sess:
        sess.run("init")
        with pytest.raises(ExportError, match="training-only"):
            graph_to_onnx(graph, ["w/Assign"], session=sess)


def test_onnx_export_of_a_variable_without_a_value_names_it() -> None:
    with pytest.raises(ExportError, match="'w'.*pass values= or a session"):
        graph_to_onnx(_built("linear_regression", "GradientDescent"), ["loss:0"])
