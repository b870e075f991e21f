"""LRN's and LRNGrad's kernels on numpy, the strict array API namespace and the GPU, against
references written element by element from TF's definition of local response
normalization."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.framework import dtypes as dt
from engine.framework.dtypes import DType

from ..conftest import KernelBackend
from .test_ml_kernels import Case, _run, _x

_ATTRS = {"depth_radius": 2, "bias": 1.5, "alpha": 0.25, "beta": 0.75}


def _norms(x: np.ndarray) -> np.ndarray:
    x = x.astype(np.float64)
    out = np.empty_like(x)
    depth = x.shape[-1]
    for d in range(depth):
        window = x[..., max(0, d - 2):min(depth, d + 3)]
        out[..., d] = 1.5 + 0.25 * (window * window).sum(axis=-1)
    return out


def _lrn_ref(x: np.ndarray) -> np.ndarray:
    return (x.astype(np.float64) * _norms(x) ** -0.75).astype(x.dtype)


def _lrn_grad_ref(dy: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Σ_k dy_k ∂y_k/∂x_d, with ∂y_k/∂x_d = δ N_k^-β - 2αβ x_k x_d N_k^(-β-1) near d."""
    n, d64, x64 = _norms(x), dy.astype(np.float64), x.astype(np.float64)
    out = np.empty_like(x64)
    depth = x.shape[-1]
    for d in range(depth):
        near = slice(max(0, d - 2), min(depth, d + 3))
        out[..., d] = d64[..., d] * n[..., d] ** -0.75 - 2 * 0.25 * 0.75 * x64[..., d] * (
            d64[..., near] * x64[..., near] * n[..., near] ** -1.75).sum(axis=-1)
    return out.astype(dy.dtype)


CASES: dict[str, Case] = {
    "LRN": Case(lambda d: [_x(d, (1, 2, 1, 5))], _lrn_ref, (dt.float32, dt.float16), _ATTRS),
    "LRNGrad": Case(lambda d: [_x(d, (1, 2, 1, 5)), _x(d, (1, 2, 1, 5))[..., ::-1].copy(),
                               _x(d, (1, 2, 1, 5))], _lrn_grad_ref, (dt.float32,), _ATTRS),
}


def _matrix() -> list[Any]:
    return [pytest.param(op, d, id=f"{op}-{d.name}") for op, case in CASES.items()
            for d in case.dtypes]


@pytest.mark.parametrize(("op_type", "dtype"), _matrix())
def test_lrn_kernel_matches_its_definition(backend: KernelBackend, op_type: str,
                                          dtype: DType) -> None:
    backend.skip_unless_supports(dtype)
    case = CASES[op_type]
    arrays = case.inputs(dtype)
    result = np.asarray(_run(backend, op_type, arrays, dict(case.attrs), case.output))
    expected = np.asarray(case.reference(*arrays))
    assert result.dtype == expected.dtype and result.shape == expected.shape
    tol = 2e-3 if dtype is dt.float16 else 2e-6
    np.testing.assert_allclose(result.astype(np.float64), expected.astype(np.float64),
                               rtol=tol, atol=tol)
