"""The GraphDefs real TensorFlow wrote (tests/data/graphdef, recorded by
tools/record_graphdefs.py) and the values TF computed for them."""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data", "graphdef")
CASES = ("seed", "scopes", "softmax_classifier", "small_cnn", "control_deps", "frozen_keras",
         "accuracy", "empty_tensors", "ellipsis_slices", "dilated_conv", "decoder",
         "script_names", "special_values", "small_ints", "splits", "control_order")


def record(case: str) -> dict[str, Any]:
    with open(os.path.join(DATA, case + ".values.json")) as f:
        return json.load(f)


def path(case: str) -> str:
    return os.path.join(DATA, record(case)["file"])


def array(entry: dict[str, Any]) -> np.ndarray:
    return np.array(entry["data"], dtype=entry["dtype"]).reshape(entry["shape"])


def feeds(case: str) -> dict[str, np.ndarray]:
    return {name: array(v) for name, v in record(case)["feeds"].items()}


def expected(case: str) -> dict[str, np.ndarray]:
    return {name: array(v) for name, v in record(case)["fetches"].items()}
