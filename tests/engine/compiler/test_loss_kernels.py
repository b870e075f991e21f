"""Softmax cross-entropy's compiled pass (``engine/compiler/loss_kernels.py``): the numpy
kernel's values within rounding, its inf and NaN where it has them, and the numpy kernel
wherever the pass does not apply."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.compiler import loss_kernels
from engine.ops import nn
from engine.ops.compiled_kernels import COMPILED

#: compiled in the foreground; skipped where numba is not installed (see conftest.py)
pytestmark = pytest.mark.usefixtures("compiled_in_foreground")
OP = "SoftmaxCrossEntropyWithLogits"


def _numpy(features: np.ndarray, labels: np.ndarray) -> Any:
    compiled = COMPILED.pop(OP)
    try:
        with np.errstate(all="ignore"):
            return nn._xent(np, features, labels)
    finally:
        COMPILED[OP] = compiled


def _case(dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    features = (rng.standard_normal((64, 10)) * 4).astype(dtype)
    labels = rng.random((64, 10)).astype(dtype)
    return features, labels / labels.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("dtype,rtol", [(np.float32, 2e-5), (np.float64, 1e-12)])
def test_the_compiled_pass_gives_the_numpy_kernels_loss_and_gradient(dtype: Any,
                                                                     rtol: float) -> None:
    features, labels = _case(dtype)
    found = loss_kernels.softmax_xent(features, labels)
    assert found is not None
    for got, expected in zip(found, _numpy(features, labels)):
        assert got.dtype == expected.dtype and got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol)


def test_rows_with_inf_or_nan_come_out_as_numpys_do() -> None:
    features, labels = _case(np.float32)
    features[1, 3] = np.inf
    features[2, 0] = np.nan
    features[3, :] = -np.inf
    found = loss_kernels.softmax_xent(features, labels)
    assert found is not None
    for got, expected in zip(found, _numpy(features, labels)):
        np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
        finite = np.isfinite(expected)
        np.testing.assert_allclose(got[finite], expected[finite], rtol=2e-5, atol=2e-5)


def test_the_kernel_op_runs_the_compiled_pass() -> None:
    features, labels = _case(np.float64)
    loss, _ = nn._xent(np, features, labels)
    expected = loss_kernels.softmax_xent(features, labels)
    assert expected is not None
    np.testing.assert_array_equal(loss, expected[0])


@pytest.mark.parametrize("labels", [np.full((1, 10), 0.1), np.full((64, 10), 0.1, np.float32)])
def test_broadcast_labels_or_another_dtype_leave_it_to_numpy(labels: np.ndarray) -> None:
    features, _ = _case(np.float64)
    assert loss_kernels.softmax_xent(features, labels) is None
