"""The kernels of the ops that move spatial blocks (SpaceToBatchND, BatchToSpaceND,
SpaceToDepth, DepthToSpace), run through a Session on numpy, the strict array API namespace
and the GPU, against references written out from TF's definitions of the ops, for every
dtype TF's CPU has a kernel for."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.framework import dtypes as dt
from engine.framework.dtypes import DType
from engine.framework.registry import get_op_def

from ..conftest import KernelBackend
from .test_kernels import assert_result
from .test_ml_kernels import Case, _run, _x

I32 = np.int32
_BLOCKS = np.array([2, 3], I32)
_PADS = np.array([[1, 0], [0, 2]], I32)


def _space_to_batch_ref(x: np.ndarray, blocks: np.ndarray, pads: np.ndarray) -> np.ndarray:
    """output[(i * b2 + j) * B + n, h, w] = padded[n, h * b1 + i, w * b2 + j] (TF's doc)."""
    b1, b2 = (int(b) for b in blocks)
    padded = np.zeros((x.shape[0], x.shape[1] + pads[0].sum(), x.shape[2] + pads[1].sum(),
                       *x.shape[3:]), x.dtype)
    padded[:, pads[0, 0]:pads[0, 0] + x.shape[1], pads[1, 0]:pads[1, 0] + x.shape[2]] = x
    n, h, w = x.shape[0], padded.shape[1] // b1, padded.shape[2] // b2
    out = np.zeros((n * b1 * b2, h, w, *x.shape[3:]), x.dtype)
    for i in range(b1):
        for j in range(b2):
            for b in range(n):
                out[(i * b2 + j) * n + b] = padded[b, i::b1, j::b2]
    return out


def _batch_to_space_ref(x: np.ndarray, blocks: np.ndarray, crops: np.ndarray) -> np.ndarray:
    b1, b2 = (int(b) for b in blocks)
    n = x.shape[0] // (b1 * b2)
    full = np.zeros((n, x.shape[1] * b1, x.shape[2] * b2, *x.shape[3:]), x.dtype)
    for i in range(b1):
        for j in range(b2):
            for b in range(n):
                full[b, i::b1, j::b2] = x[(i * b2 + j) * n + b]
    return full[:, crops[0, 0]:full.shape[1] - crops[0, 1],
                crops[1, 0]:full.shape[2] - crops[1, 1]]


def _space_to_depth_ref(x: np.ndarray, size: int = 2) -> np.ndarray:
    """output[n, h, w, (i * size + j) * C + c] = input[n, h * size + i, w * size + j, c]."""
    n, h, w, c = x.shape
    out = np.zeros((n, h // size, w // size, size * size * c), x.dtype)
    for i in range(size):
        for j in range(size):
            k = (i * size + j) * c
            out[..., k:k + c] = x[:, i::size, j::size, :]
    return out


def _depth_to_space_ref(x: np.ndarray, size: int = 2) -> np.ndarray:
    n, h, w, c = x.shape
    d = c // (size * size)
    out = np.zeros((n, h * size, w * size, d), x.dtype)
    for i in range(size):
        for j in range(size):
            k = (i * size + j) * d
            out[:, i::size, j::size, :] = x[..., k:k + d]
    return out


def _with_kernels(op_type: str) -> tuple[DType, ...]:
    kernels = get_op_def(op_type).kernels
    assert kernels is not None
    return tuple(d for d in dt.ALL_DTYPES if kernels.supports(d))


CASES: dict[str, Case] = {
    "SpaceToBatchND": Case(lambda d: [_x(d, (2, 3, 4, 2)), _BLOCKS, _PADS], _space_to_batch_ref,
                           _with_kernels("SpaceToBatchND")),
    "BatchToSpaceND": Case(lambda d: [_x(d, (12, 2, 2, 1)), _BLOCKS, _PADS],
                           _batch_to_space_ref, _with_kernels("BatchToSpaceND")),
    "SpaceToDepth": Case(lambda d: [_x(d, (2, 4, 6, 3))], _space_to_depth_ref,
                         _with_kernels("SpaceToDepth"), {"block_size": 2}),
    "DepthToSpace": Case(lambda d: [_x(d, (2, 2, 3, 8))], _depth_to_space_ref,
                         _with_kernels("DepthToSpace"), {"block_size": 2}),
}


def _matrix() -> list[Any]:
    return [pytest.param(op, d, id=f"{op}-{d.name}") for op, case in CASES.items()
            for d in case.dtypes]


@pytest.mark.parametrize(("op_type", "dtype"), _matrix())
def test_space_kernel_matches_its_definition(backend: KernelBackend, op_type: str,
                                            dtype: DType) -> None:
    backend.skip_unless_supports(dtype)
    case = CASES[op_type]
    arrays = case.inputs(dtype)
    result = _run(backend, op_type, arrays, dict(case.attrs), case.output)
    expected = np.asarray(case.reference(*arrays))
    if expected.dtype == object:
        assert np.asarray(result).tolist() == expected.tolist()
        return
    assert_result(result, expected)


def test_space_to_batch_of_more_block_dims_undoes_itself(backend: KernelBackend) -> None:
    x = np.arange(2 * 4 * 3 * 6 * 2, dtype=np.float64).reshape(2, 4, 3, 6, 2)
    blocks, pads = np.array([2, 1, 3], I32), np.array([[0, 2], [1, 0], [0, 0]], I32)
    spaced = _run(backend, "SpaceToBatchND", [x, blocks, pads], {})
    assert spaced.shape == (12, 3, 4, 2, 2)
    back = _run(backend, "BatchToSpaceND", [np.asarray(spaced), blocks, pads], {})
    assert_result(back, x)
