"""The kernels of the TF1 functions' ops (padding, the float checks, top-k, the nd gathers
and scatters), run through a Session on numpy, the strict array API namespace and the GPU,
against numpy references, for the dtypes TF allows them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.framework import dtypes as dt
from engine.framework.dtypes import DType

from ..conftest import KernelBackend
from .test_kernels import assert_result
from .test_ml_kernels import Case, _run, _t_allowed, _x

I32 = np.int32
_PADS = np.array([[1, 1], [2, 1]], I32)


def _mirror_grad_ref(g: np.ndarray, p: np.ndarray) -> np.ndarray:
    """MirrorPad(REFLECT)'s gradient by its definition: the transpose of the padding map."""
    out = np.zeros((2, 3), g.dtype)
    rows = [1, 0, 1, 0]  # reflect of 2 rows padded 1 and 1
    cols = [2, 1, 0, 1, 2, 1]  # reflect of 3 columns padded 2 and 1
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            out[r, c] += g[i, j]
    return out


def _top_k_ref(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    order = np.array([sorted(range(x.shape[-1]), key=lambda i: (-float(row[i]), i))[:int(k)]
                      for row in x])
    return np.take_along_axis(x, order, axis=-1)


_DW = {"strides": [1, 1, 1, 1], "padding": "VALID"}


def _depthwise_ref(x: np.ndarray, f: np.ndarray) -> np.ndarray:
    """VALID, stride 1, by the definition: out[n, i, j, c * m + k]."""
    kh, kw, c, m = f.shape
    oh, ow = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    out = np.zeros((x.shape[0], oh, ow, c * m), np.float64)
    for i in range(oh):
        for j in range(ow):
            window = x[:, i:i + kh, j:j + kw, :].astype(np.float64)
            out[:, i, j, :] = np.einsum("nhwc,hwcm->ncm", window, f).reshape(x.shape[0], -1)
    return out.astype(x.dtype)


def _depthwise_input_ref(f: np.ndarray, g: np.ndarray) -> np.ndarray:
    kh, kw, c, m = f.shape
    out = np.zeros((1, 4, 4, c), np.float64)
    gm = g.reshape(1, 3, 3, c, m).astype(np.float64)
    for i in range(3):
        for j in range(3):
            out[:, i:i + kh, j:j + kw, :] += np.einsum("ncm,hwcm->nhwc", gm[:, i, j], f)
    return out.astype(g.dtype)


def _depthwise_filter_ref(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    out = np.zeros((2, 2, 2, 2), np.float64)
    gm = g.reshape(1, 3, 3, 2, 2).astype(np.float64)
    for i in range(3):
        for j in range(3):
            out += np.einsum("nhwc,ncm->hwcm", x[:, i:i + 2, j:j + 2, :], gm[:, i, j])
    return out.astype(x.dtype)


CASES: dict[str, Case] = {
    "PadV2": Case(lambda d: [_x(d), _PADS, np.array(7, d.np_dtype)],
                  lambda x, p, c: np.pad(x, p.tolist(), constant_values=c),
                  (dt.float32, dt.float64, dt.int32, dt.int64, dt.float16)),
    "MirrorPad": Case(lambda d: [_x(d), _PADS], lambda x, p: np.pad(x, p.tolist(), "reflect"),
                      (dt.float32, dt.float64, dt.int32), {"mode": "REFLECT"}),
    "MirrorPadGrad": Case(lambda d: [_x(d, (4, 6)), _PADS], _mirror_grad_ref,
                          (dt.float32, dt.float64), {"mode": "REFLECT"}),
    "IsNan": Case(lambda d: [np.array([0.5, np.inf, -np.inf, np.nan], d.np_dtype)],
                  lambda x: np.isnan(x), _t_allowed("IsNan")),
    "IsInf": Case(lambda d: [np.array([0.5, np.inf, -np.inf, np.nan], d.np_dtype)],
                  lambda x: np.isinf(x), _t_allowed("IsInf")),
    "TopKV2": Case(lambda d: [np.array([[3, 1, 2, 3], [0, 5, 5, 1]], d.np_dtype),
                              np.array(2, I32)], _top_k_ref,
                   (dt.float32, dt.float64, dt.int32, dt.int64, dt.uint8, dt.float16)),
    "InTopKV2": Case(  # ties in the target's favour; out of range and non-finite false
        lambda d: [np.array([[3, 1, 3, 0], [0, 5, 5, 1], [1, np.inf, 0, 0]], np.float32),
                   np.array([2, 0, 0], d.np_dtype), np.array(1, d.np_dtype)],
        lambda p, t, k: np.array([True, False, False]), (dt.int32, dt.int64)),
    "GatherNd": Case(lambda d: [_x(d, (3, 2)), np.array([[2], [0]], I32)],
                     lambda p, i: p[[2, 0]], (dt.float32, dt.float64, dt.int32, dt.bool_)),
    "ScatterNd": Case(lambda d: [np.array([[1, 0], [1, 0], [0, 2]], I32),
                                 np.array([1, 2, 4], d.np_dtype), np.array([2, 3], I32)],
                      lambda i, u, s: np.array([[0, 0, 4], [3, 0, 0]], u.dtype),
                      (dt.float32, dt.float64, dt.int32, dt.int64)),
    "Einsum": Case(lambda d: [_x(d, (2, 3)), _x(d, (3, 2))], lambda a, b: a @ b,
                   (dt.float32, dt.float64, dt.int32, dt.int64, dt.complex64),
                   {"equation": "ij,jk->ik", "N": 2}),
    "DepthwiseConv2dNative": Case(lambda d: [_x(d, (1, 4, 4, 2)), _x(d, (2, 2, 2, 2))],
                                  lambda x, f: _depthwise_ref(x, f),
                                  (dt.float32, dt.float64, dt.float16), _DW),
    "DepthwiseConv2dNativeBackpropInput": Case(
        lambda d: [np.array([1, 4, 4, 2], I32), _x(d, (2, 2, 2, 2)), _x(d, (1, 3, 3, 4))],
        lambda s, f, g: _depthwise_input_ref(f, g), (dt.float32, dt.float64), _DW),
    "DepthwiseConv2dNativeBackpropFilter": Case(
        lambda d: [_x(d, (1, 4, 4, 2)), np.array([2, 2, 2, 2], I32), _x(d, (1, 3, 3, 4))],
        lambda x, s, g: _depthwise_filter_ref(x, g), (dt.float32, dt.float64), _DW),
    "DynamicPartition": Case(lambda d: [_x(d, (4, 2)), np.array([1, 0, 1, 1], I32)],
                             lambda x, p: x[[0, 2, 3]], (dt.float32, dt.int32, dt.bool_),
                             {"num_partitions": 2}, output=1),
    "ParallelDynamicStitch": Case(lambda d: [np.array([0, 2], I32), np.array([1], I32),
                                             _x(d, (2, 3)), _x(d, (1, 3))],
                                  lambda i0, i1, a, b: np.stack([a[0], b[0], a[1]]),
                                  (dt.float32, dt.int64), {"N": 2}),
}


def _matrix() -> list[Any]:
    return [pytest.param(op, d, id=f"{op}-{d.name}") for op, case in CASES.items()
            for d in case.dtypes]


@pytest.mark.parametrize(("op_type", "dtype"), _matrix())
def test_tf1_kernel_matches_numpy(backend: KernelBackend, op_type: str, dtype: DType) -> None:
    backend.skip_unless_supports(dtype)
    case = CASES[op_type]
    arrays = case.inputs(dtype)
    result = _run(backend, op_type, arrays, dict(case.attrs), case.output)
    assert_result(result, np.asarray(case.reference(*arrays)))


def test_top_k_indices_name_the_values(backend: KernelBackend) -> None:
    x = np.array([[3, 1, 2, 3], [0, 5, 5, 1]], np.float32)
    indices = _run(backend, "TopKV2", [x, np.array(3, I32)], {}, output=1)
    assert np.asarray(indices).tolist() == [[0, 3, 2], [1, 2, 3]]


def test_symmetric_mirror_pad_repeats_the_edge(backend: KernelBackend) -> None:
    x = np.array([[1, 2, 3]], np.float32)
    out = _run(backend, "MirrorPad", [x, np.array([[0, 0], [2, 3]], I32)],
               {"mode": "SYMMETRIC"})
    assert np.asarray(out).tolist() == [[2, 1, 1, 2, 3, 3, 2, 1]]


def test_symmetric_mirror_pad_grad_folds_the_edge_back(backend: KernelBackend) -> None:
    g = np.arange(8, dtype=np.float32).reshape(1, 8)  # the padding above, [2, 3] columns
    out = _run(backend, "MirrorPadGrad", [g, np.array([[0, 0], [2, 3]], I32)],
               {"mode": "SYMMETRIC"})
    # columns 0..2 of x were copied to 1,2 | 3,4,5 | 6,7 as [x1 x0 | x0 x1 x2 | x2 x1 x0]
    assert np.asarray(out).tolist() == [[1 + 2 + 7, 0 + 3 + 6, 4 + 5]]


def test_scatter_nd_sums_repeated_indices(backend: KernelBackend) -> None:
    out = _run(backend, "ScatterNd", [np.array([[0], [0], [2]], I32),
                                      np.array([1.0, 2.0, 5.0], np.float32),
                                      np.array([3], I32)], {})
    assert np.asarray(out).tolist() == [3.0, 0.0, 5.0]


def test_einsum_with_a_repeated_output_label_writes_a_diagonal(backend: KernelBackend) -> None:
    out = _run(backend, "Einsum", [np.array([1.0, 2.0], np.float32)],
               {"equation": "i->ii", "N": 1})
    assert np.asarray(out).tolist() == [[1.0, 0.0], [0.0, 2.0]]


def test_einsum_writes_a_batch_of_diagonals_behind_an_ellipsis(backend: KernelBackend) -> None:
    out = _run(backend, "Einsum", [np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)],
               {"equation": "...i->...ii", "N": 1})
    assert np.asarray(out).tolist() == [[[1.0, 0.0], [0.0, 2.0]], [[3.0, 0.0], [0.0, 4.0]]]


def test_einsum_broadcasts_batch_dims_of_different_ranks(backend: KernelBackend) -> None:
    a = np.arange(12.0, dtype=np.float32).reshape(2, 1, 2, 3)
    b = np.arange(18.0, dtype=np.float32).reshape(3, 3, 2)
    out = _run(backend, "Einsum", [a, b], {"equation": "...ij,...jk->...ik", "N": 2})
    assert np.shape(out) == (2, 3, 2, 2)
    np.testing.assert_allclose(np.asarray(out), np.matmul(a, b))


def test_einsum_trace_is_a_scalar(backend: KernelBackend) -> None:
    out = _run(backend, "Einsum", [np.arange(9.0).reshape(3, 3)], {"equation": "ii->", "N": 1})
    assert np.shape(out) == () and float(np.asarray(out)) == 12.0
