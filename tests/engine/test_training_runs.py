"""Small models trained by every optimizer follow TensorFlow step for step
(tests/engine/training_runs.py; recorded by tools/record_training_runs.py under TF 2.21):
every step's loss and the final variables within 1e-6 relative in float64 and 1e-3 in
float32, with the same NaN and infinities where a run diverges."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from tests.engine.training_runs import RUNS, STEPS, train

RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "training_runs.json").read_text())
TOLERANCE = {"float64": 1e-6, "float32": 1e-3}


def _decoded(record: dict[str, Any]) -> np.ndarray:
    data = [float(x) for x in record["data"]]  # "nan", "inf" and "-0.0" parse as floats
    return np.array(data, np.float64).reshape(record["shape"])


def _assert_same(got: Any, expected: np.ndarray, rtol: float, what: str) -> None:
    got = np.asarray(got, np.float64)
    assert got.shape == expected.shape, what
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected), err_msg=what)
    np.testing.assert_array_equal(np.isposinf(got), np.isposinf(expected), err_msg=what)
    np.testing.assert_array_equal(np.isneginf(got), np.isneginf(expected), err_msg=what)
    finite = np.isfinite(expected)
    np.testing.assert_allclose(got[finite], expected[finite], rtol=rtol, atol=rtol * 1e-3,
                               err_msg=what)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_run_follows_tensorflow_step_for_step(name: str) -> None:
    spec = RUNS[name]
    recorded = RECORDED["runs"][name]
    losses, variables = train(engine, spec)
    rtol = TOLERANCE[spec["dtype"]]
    assert len(losses) == STEPS
    _assert_same(losses, _decoded(recorded["losses"]), rtol, f"{name}: losses")
    assert len(variables) == len(recorded["variables"])
    for i, (value, expected) in enumerate(zip(variables, recorded["variables"])):
        _assert_same(value, _decoded(expected), rtol * 10, f"{name}: variable {i}")


def test_every_run_is_recorded() -> None:
    assert sorted(RECORDED["runs"]) == sorted(RUNS)


def test_the_diverging_runs_reach_inf_or_nan_as_recorded() -> None:
    diverged = [name for name, run in RECORDED["runs"].items()
                if any(x in ("inf", "nan") for x in run["losses"]["data"])]
    assert set(diverged) >= {"diverging linear mse gradient descent",
                             "diverging linear mse gradient descent float32"}
