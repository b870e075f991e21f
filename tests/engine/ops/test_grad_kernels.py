"""The kernels of the ops gradients build (backprops, shape helpers, convolution and pooling
gradients), run through a Session on numpy, the strict array API namespace and the GPU,
against numpy references, for the float dtypes they take (and the int ones of the shape
helpers)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.framework import dtypes as dt
from engine.framework.dtypes import DType

from ..conftest import KernelBackend
from .test_ml_kernels import Case, _run, _t_allowed, _x

I32 = np.int32
FLOATS = (dt.float16, dt.bfloat16, dt.float32, dt.float64)


def _pair(d: DType, positive: bool = False) -> list[np.ndarray]:
    a = _x(d, positive=positive)
    return [a, (_x(d, positive=True)[::-1] * (1 if positive else -1)).astype(d.np_dtype)]


def _f64(*arrays: np.ndarray) -> list[np.ndarray]:
    return [np.asarray(a, np.float64) for a in arrays]


def _binary(ref: Any, positive: bool = False, op: str = "") -> Case:
    def reference(a: np.ndarray, b: np.ndarray) -> Any:
        return ref(*_f64(a, b)).astype(a.dtype)

    return Case(lambda d: _pair(d, positive), reference,
                tuple(d for d in _t_allowed(op) if d in FLOATS))


def _bias_grad_ref(g: np.ndarray) -> Any:
    return g.sum(axis=tuple(range(g.ndim - 1)))


def _conv_refs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 4, 4, 2))
    f = rng.standard_normal((3, 3, 2, 2))
    dy = rng.standard_normal((1, 4, 4, 2))
    return x, f, dy


def _conv_backprop_input_ref(sizes: np.ndarray, f: np.ndarray, dy: np.ndarray) -> Any:
    """Direct: each output position's gradient spread over its 3x3 window (SAME, stride 1)."""
    out = np.zeros((1, 6, 6, 2))
    for i in range(4):
        for j in range(4):
            out[0, i:i + 3, j:j + 3, :] += np.einsum("hwio,o->hwi", f, dy[0, i, j])
    return out[:, 1:5, 1:5, :].astype(f.dtype)


def _conv_backprop_filter_ref(x: np.ndarray, sizes: np.ndarray, dy: np.ndarray) -> Any:
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.zeros((3, 3, 2, 2))
    for i in range(4):
        for j in range(4):
            out += np.einsum("hwi,o->hwio", padded[0, i:i + 3, j:j + 3], dy[0, i, j])
    return out.astype(x.dtype)


_CONV_ATTRS = {"strides": [1, 1, 1, 1], "padding": "SAME"}
_POOL_ATTRS = {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID"}
_IMAGE = (np.arange(32, dtype=np.float64)[::-1] * 0.25).reshape(1, 4, 4, 2)


def _max_pool_grad_ref(x: np.ndarray, y: np.ndarray, g: np.ndarray) -> Any:
    out = np.zeros_like(x)
    for i in range(2):
        for j in range(2):
            for c in range(2):
                win = x[0, 2 * i:2 * i + 2, 2 * j:2 * j + 2, c]
                r, s = np.unravel_index(np.argmax(win), win.shape)
                out[0, 2 * i + r, 2 * j + s, c] += g[0, i, j, c]
    return out


def _max_pool_inputs(d: DType) -> list[np.ndarray]:
    x = _IMAGE.astype(d.np_dtype)
    y = x.reshape(1, 2, 2, 2, 2, 2).max(axis=(2, 4))
    return [x, y, (np.arange(8).reshape(1, 2, 2, 2) * 0.5).astype(d.np_dtype)]


def _avg_pool_grad_ref(sizes: np.ndarray, g: np.ndarray) -> Any:
    return (np.repeat(np.repeat(g, 2, axis=1), 2, axis=2) / 4).astype(g.dtype)


CASES: dict[str, Case] = {
    "ReluGrad": _binary(lambda g, x: np.where(x > 0, g, 0), op="ReluGrad"),
    "Relu6Grad": _binary(lambda g, x: np.where((x > 0) & (x < 6), g, 0), op="Relu6Grad"),
    "EluGrad": _binary(lambda g, y: np.where(y < 0, g * (y + 1), g), op="EluGrad"),
    "SeluGrad": _binary(lambda g, y: np.where(y < 0, g * (y + 1.7580993408473768),
                                              g * 1.0507009873554805), op="SeluGrad"),
    "SoftsignGrad": _binary(lambda g, x: g / (1 + np.abs(x)) ** 2, op="SoftsignGrad"),
    "TanhGrad": _binary(lambda y, dy: dy * (1 - y * y), op="TanhGrad"),
    "SigmoidGrad": _binary(lambda y, dy: dy * y * (1 - y), op="SigmoidGrad"),
    "SqrtGrad": _binary(lambda y, dy: dy * 0.5 / y, positive=True, op="SqrtGrad"),
    "RsqrtGrad": _binary(lambda y, dy: -0.5 * dy * y ** 3, positive=True, op="RsqrtGrad"),
    "ReciprocalGrad": _binary(lambda y, dy: -dy * y * y, op="ReciprocalGrad"),
    # alpha is a float attr: 32 bits in TF's kernels, of any dtype
    "LeakyReluGrad": Case(lambda d: _pair(d), lambda g, x: np.where(
        x > 0, g, (g.astype(np.float64) * float(np.float32(0.3))).astype(g.dtype)), FLOATS,
        {"alpha": 0.3}),
    "BiasAddGrad": Case(lambda d: [_x(d, (2, 3))], _bias_grad_ref,
                        (dt.float32, dt.float64, dt.int32)),
    "BroadcastGradientArgs": Case(
        lambda d: [np.array([2, 1, 3], d.np_dtype), np.array([3], d.np_dtype)],
        lambda a, b: np.array([1], a.dtype), (dt.int32, dt.int64)),
    "InvertPermutation": Case(lambda d: [np.array([2, 0, 1], d.np_dtype)],
                              lambda p: np.argsort(p).astype(p.dtype), (dt.int32, dt.int64)),
    "DynamicStitch": Case(lambda d: [np.array([2, 0], I32), np.array([1], I32),
                                     _x(d, (2, 2)), _x(d, (1, 2))],
                          lambda i0, i1, a, b: np.stack([a[1], b[0], a[0]]), FLOATS,
                          {"N": 2}),
    "ShapeN": Case(lambda d: [_x(d, (2, 3)), _x(d, (4,))], lambda a, b: np.array([2, 3], I32),
                   FLOATS, {"N": 2}),
    "ConcatOffset": Case(lambda d: [np.array(1, I32), np.array([2, 3], I32),
                                    np.array([2, 5], I32)],
                         lambda dim, a, b: np.array([0, 3], I32), (dt.int32,), {"N": 2},
                         output=1),
    "Unpack": Case(lambda d: [_x(d, (2, 3))], lambda a: a[:, 1], FLOATS,
                   {"num": 3, "axis": 1}, output=1),
    "Pad": Case(lambda d: [_x(d, (2, 3)), np.array([[1, 0], [0, 2]], I32)],
                lambda a, p: np.pad(a, [[1, 0], [0, 2]]), FLOATS),
    "StridedSliceGrad": Case(
        lambda d: [np.array([2, 4], I32), np.array([0, 1], I32), np.array([2, 4], I32),
                   np.array([1, 2], I32), _x(d, (2, 2))],
        lambda s, b, e, st, dy: np.array([[0, dy[0, 0], 0, dy[0, 1]],
                                          [0, dy[1, 0], 0, dy[1, 1]]], dy.dtype), FLOATS),
    "UnsortedSegmentSum": Case(
        lambda d: [_x(d, (3, 2)), np.array([1, -1, 1], I32), np.array(3, I32)],
        lambda a, ids, n: np.array([np.zeros(2), a[0] + a[2], np.zeros(2)], a.dtype),
        (dt.float32, dt.float64)),
    "Conv2DBackpropInput": Case(
        lambda d: [np.array([1, 4, 4, 2], I32), *(a.astype(d.np_dtype) for a in
                                                  _conv_refs()[1:])],
        _conv_backprop_input_ref, (dt.float32, dt.float64), _CONV_ATTRS),
    "Conv2DBackpropFilter": Case(
        lambda d: [_conv_refs()[0].astype(d.np_dtype), np.array([3, 3, 2, 2], I32),
                   _conv_refs()[2].astype(d.np_dtype)],
        _conv_backprop_filter_ref, (dt.float32, dt.float64), _CONV_ATTRS),
    "MaxPoolGrad": Case(_max_pool_inputs, _max_pool_grad_ref, (dt.float32, dt.float64),
                        _POOL_ATTRS),
    "MaxPoolGradGrad": Case(
        lambda d: [*_max_pool_inputs(d)[:2], (_IMAGE * 2).astype(d.np_dtype)],
        lambda x, y, g: (g.reshape(1, 2, 2, 2, 2, 2)[:, :, 0, :, 0, :]).astype(g.dtype),
        (dt.float32, dt.float64), _POOL_ATTRS),
    "AvgPoolGrad": Case(lambda d: [np.array([1, 4, 4, 2], I32), _x(d, (1, 2, 2, 2))],
                        _avg_pool_grad_ref, (dt.float32, dt.float64), _POOL_ATTRS),
    "FusedBatchNormGradV3": Case(  # inference's: dy * scale * rsqrt(variance + epsilon)
        lambda d: [_x(d, (1, 1, 2, 3)), _x(d, (1, 1, 2, 3)), np.array([1.5, 0.5, 2], np.float32),
                   np.array([0.5, 0, 1], np.float32), np.array([1, 2, 0.25], np.float32),
                   np.zeros(0, np.float32)],
        lambda dy, x, s, m, v, r: (dy * s / np.sqrt(v + np.float32(0.001))).astype(dy.dtype),
        (dt.float32,), {"is_training": False, "epsilon": 0.001}),
    "Cumsum": Case(lambda d: [_x(d, (2, 3)), np.array(1, I32)],
                   lambda x, a: np.cumsum(x, axis=1, dtype=x.dtype), (dt.float32, dt.float64,
                                                                      dt.int32)),
    "Cumprod": Case(lambda d: [_x(d, (2, 3)), np.array(0, I32)],
                    lambda x, a: np.array([x[1], np.ones(3, x.dtype)], x.dtype),  # the rows after
                    (dt.float32, dt.float64), {"exclusive": True, "reverse": True}),
    "DivNoNan": Case(lambda d: [_x(d, (2, 3)), np.array([2.0, 0.0, 4.0], d.np_dtype)],
                     lambda x, y: np.where(y == 0, 0, x / np.where(y == 0, 1, y)).astype(
                         x.dtype), (dt.float32, dt.float64)),
    "ListDiff": Case(lambda d: [np.array([4, 1, 3, 1, 2], d.np_dtype),
                                np.array([1, 2], d.np_dtype)],
                     lambda x, y: np.array([4, 3], x.dtype), (dt.int32, dt.int64)),
}
COVERED = set(CASES)

_LOOSE = {"float16": 2e-2, "bfloat16": 5e-2, "float32": 1e-5, "float64": 1e-12}


def _matrix() -> list[Any]:
    return [pytest.param(op, d, id=f"{op}-{d.name}") for op, case in CASES.items()
            for d in case.dtypes]


@pytest.mark.parametrize(("op_type", "dtype"), _matrix())
def test_grad_kernel_matches_numpy(backend: KernelBackend, op_type: str, dtype: DType) -> None:
    backend.skip_unless_supports(dtype)
    case = CASES[op_type]
    arrays = case.inputs(dtype)
    for a in arrays:
        backend.skip_unless_supports(dt.from_numpy(a.dtype))
    result = np.asarray(_run(backend, op_type, arrays, dict(case.attrs), case.output))
    expected = np.asarray(case.reference(*arrays))
    assert result.shape == expected.shape
    if expected.dtype.kind == "f" or dtype.name == "bfloat16":
        tol = _LOOSE.get(dtype.name, 1e-6)
        np.testing.assert_allclose(result.astype(np.float64), expected.astype(np.float64),
                                   rtol=tol, atol=tol)
    else:
        np.testing.assert_array_equal(result, expected)


def test_max_pool_grad_of_an_empty_output_is_zeros(backend: KernelBackend) -> None:
    """A window larger than the input leaves no output: no gradient reaches the input (TF's
    kernel leaves its buffer unset; the engine's is zeros)."""
    x = np.arange(8, dtype=np.float32).reshape(2, 2, 1, 2)
    attrs = {"ksize": [1, 3, 3, 1], "strides": [1, 2, 2, 1], "padding": "VALID",
             "data_format": "NHWC", "explicit_paddings": []}
    empty = np.zeros((2, 0, 0, 2), np.float32)
    result = np.asarray(_run(backend, "MaxPoolGrad", [x, empty, empty], attrs, 0))
    assert result.shape == (2, 2, 1, 2)
    assert not result.any()
