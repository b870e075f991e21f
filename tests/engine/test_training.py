"""The training examples (resources/examples/train_*.py) train in the engine to TensorFlow's
loss curves: the same graph, initial values and data, every optimizer, every step of 50
(float64 within 1e-6 relative, float32 within 1e-3), against tests/data/training.json
(written by tools/record_training.py under TensorFlow 2.21)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import engine

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"
RECORDED = json.loads((ROOT / "tests" / "data" / "training.json").read_text())
TOLERANCE = {"float64": 1e-6, "float32": 1e-3}
MODELS = ("linear_regression", "logistic_regression", "mlp", "cnn")


def _example(name: str) -> ModuleType:
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    return importlib.import_module(name)


def _cases() -> list[object]:
    return [pytest.param(model, optimizer, dtype, id=f"{model}-{optimizer}-{dtype}")
            for model in MODELS
            for optimizer in RECORDED["curves"][model]
            for dtype in TOLERANCE]


@pytest.mark.parametrize(("model", "optimizer", "dtype"), _cases())
def test_the_loss_follows_tensorflows_curve(model: str, optimizer: str, dtype: str) -> None:
    common = _example("training_common")
    build = _example(f"train_{model}").build
    expected = RECORDED["curves"][model][optimizer][dtype]
    losses = common.train(engine, build, optimizer, np.dtype(dtype).type)
    assert len(losses) == len(expected) == 50
    np.testing.assert_allclose(losses, expected, rtol=TOLERANCE[dtype], atol=0)
    assert losses[-1] < losses[0]  # and it learns


def test_every_optimizer_is_recorded_for_every_example() -> None:
    common = _example("training_common")
    for model in MODELS:
        assert sorted(RECORDED["curves"][model]) == sorted(common.OPTIMIZERS)


@pytest.mark.parametrize(("name", "train_op", "model", "optimizer"), [
    ("train_linear_regression.json", "GradientDescent", "linear_regression", "GradientDescent"),
    ("train_logistic_regression.json", "Momentum", "logistic_regression", "Momentum"),
    ("train_mlp.json", "Adam", "mlp", "Adam"),
    ("train_cnn.json", "RMSProp", "cnn", "RMSProp"),
])
def test_the_example_file_trains_as_the_script_does(name: str, train_op: str, model: str,
                                                     optimizer: str) -> None:
    graph, editor = engine.load_graph(EXAMPLES / name)
    # no stored positions: the editor lays the scopes out on open, these ones collapsed
    assert editor is not None and "nodes" not in editor
    assert {"gradients", optimizer} <= set(editor["groups"]["collapsed"])
    loss = graph.get_tensor_by_name("loss:0")
    with engine.Session(graph=graph) as sess:
        sess.run("init")
        losses = [float(sess.run([loss, train_op])[0]) for _ in range(5)]
    expected = RECORDED["curves"][model][optimizer]["float32"][:5]
    np.testing.assert_allclose(losses, expected, rtol=1e-3)


def test_variables_and_optimizers_run_on_every_backend(backend: Any) -> None:
    """Variable values live where the session runs (numpy, the strict array-API namespace
    that stands in for cupy, the GPU): linear regression follows TF's curve on each."""
    common = _example("training_common")
    build = _example("train_linear_regression").build
    for optimizer in common.OPTIMIZERS:
        graph = engine.Graph()
        with graph.as_default():
            model = build(engine, common.OPTIMIZERS[optimizer](engine))
            init = engine.global_variables_initializer()
        sess = backend.session(graph)
        sess.run(init)
        losses = [float(sess.run([model.loss, model.train_op])[0]) for _ in range(10)]
        expected = RECORDED["curves"]["linear_regression"][optimizer]["float32"][:10]
        np.testing.assert_allclose(losses, expected, rtol=1e-3)
