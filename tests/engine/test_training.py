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
