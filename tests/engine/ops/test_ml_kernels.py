"""The machine-learning ops' kernels, run through a Session on numpy and on the strict array
API namespace (what cupy needs), against numpy references, for every dtype TF allows them.

Each op is built the way the editor builds it (``add_op`` over fed placeholders, so nothing
is folded and every value-reading input reaches the kernel at run time).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from engine import Graph
from engine.framework import dtypes as dt
from engine.framework.dtypes import DType
from engine.framework.registry import get_op_def, op_defs

from ..conftest import KernelBackend
from .test_kernels import assert_result

I32 = np.int32


def _x(d: DType, shape: tuple[int, ...] = (2, 3), positive: bool = False) -> np.ndarray:
    """Sample values of ``d``: signed where the dtype allows, no zeros if ``positive``."""
    n = int(np.prod(shape))
    if d.is_bool:
        return (np.arange(n) % 3 == 0).reshape(shape)
    if d.is_string:
        return np.array([str(i).encode() for i in range(n)], dtype=object).reshape(shape)
    base = np.arange(1, n + 1) if positive or d.is_unsigned else np.arange(n) - n // 2
    if d.is_floating or d.is_complex:
        base = base * 0.75
    if d.is_complex:
        return (base + 0.5j * base[::-1]).astype(d.np_dtype).reshape(shape)
    return base.astype(d.np_dtype).reshape(shape)


@dataclass(frozen=True)
class Case:
    """Inputs for a dtype, attributes, and what numpy says the op computes."""

    inputs: Callable[[DType], list[np.ndarray]]
    reference: Callable[..., Any]
    dtypes: tuple[DType, ...]
    attrs: dict[str, Any] = field(default_factory=dict)
    output: int = 0


def _t_allowed(op_type: str, attr: str = "T") -> tuple[DType, ...]:
    return get_op_def(op_type).attr(attr).allowed or tuple(dt.ALL_DTYPES)


def _no_string(dtypes: tuple[DType, ...]) -> tuple[DType, ...]:
    return tuple(d for d in dtypes if not d.is_string)


def _has_cpu_kernel(op: str, dtype: DType) -> bool:
    kernels = get_op_def(op).kernels
    return kernels is None or kernels.supports(dtype)


def _unary(op: str, ref: Callable[[np.ndarray], Any], positive: bool = False,
           attrs: dict[str, Any] | None = None) -> Case:
    return Case(lambda d: [_x(d, positive=positive)], ref, _t_allowed(op), attrs or {})


def _in_float64(function: Callable[[float], float]) -> Callable[[np.ndarray], Any]:
    """The C library's ``function`` of each element, rounded to the input's dtype."""
    return lambda x: np.vectorize(function)(x.astype(np.float64)).astype(x.dtype)


def _sigmoid(x: np.ndarray) -> Any:
    return (1 / (1 + np.exp(-x))).astype(x.dtype)


def _softplus(x: np.ndarray) -> Any:
    return np.logaddexp(x.astype(np.float64), 0).astype(x.dtype)


def _softmax(x: np.ndarray) -> Any:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _log_softmax(x: np.ndarray) -> Any:
    s = x - x.max(-1, keepdims=True)
    return s - np.log(np.exp(s).sum(-1, keepdims=True))


def _xent(f: np.ndarray, labels: np.ndarray) -> Any:
    return -(labels * _log_softmax(f)).sum(-1)


def _conv(x: np.ndarray, f: np.ndarray) -> Any:
    """A VALID, stride-1 convolution by definition (loops over the output: tiny inputs)."""
    n, h, w, _ = x.shape
    kh, kw, _, o = f.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1, o), dtype=np.float64)
    for i in range(h - kh + 1):
        for j in range(w - kw + 1):
            patch = x[:, i:i + kh, j:j + kw, :].astype(np.float64)
            out[:, i, j, :] = np.tensordot(patch, f.astype(np.float64), axes=3)
    return out.astype(x.dtype)


def _pool(x: np.ndarray, kind: str) -> Any:
    n, h, w, c = x.shape
    out = np.zeros((n, h // 2, w // 2, c), dtype=x.dtype)
    for i in range(h // 2):
        for j in range(w // 2):
            patch = x[:, 2 * i:2 * i + 2, 2 * j:2 * j + 2, :]
            out[:, i, j, :] = patch.max(axis=(1, 2)) if kind == "max" else patch.mean(axis=(1, 2))
    return out


FLOATS = (dt.float16, dt.bfloat16, dt.float32, dt.float64)
CASES: dict[str, Case] = {
    # array
    "Reshape": Case(lambda d: [_x(d), np.array([3, -1], I32)], lambda x, s: x.reshape(3, 2),
                    tuple(dt.ALL_DTYPES)),
    "Transpose": Case(lambda d: [_x(d), np.array([1, 0], I32)], lambda x, p: x.T,
                      tuple(dt.ALL_DTYPES)),
    "ConjugateTranspose": Case(lambda d: [_x(d), np.array([1, 0], I32)],
                               lambda x, p: np.conj(x.T) if x.dtype.kind == "c" else x.T,
                               tuple(dt.ALL_DTYPES)),
    "ExpandDims": Case(lambda d: [_x(d), np.array(-1, I32)], lambda x, a: x[..., None],
                       tuple(dt.ALL_DTYPES)),
    "Squeeze": Case(lambda d: [_x(d, (1, 3, 1))], lambda x: x.reshape(3), tuple(dt.ALL_DTYPES)),
    "BroadcastTo": Case(lambda d: [_x(d, (3,)), np.array([2, 3], I32)],
                        lambda x, s: np.broadcast_to(x, (2, 3)), _no_string(dt.ALL_DTYPES)),
    "Tile": Case(lambda d: [_x(d), np.array([2, 1], I32)], lambda x, m: np.tile(x, (2, 1)),
                 tuple(dt.ALL_DTYPES)),
    "Fill": Case(lambda d: [np.array([2, 2], I32), _x(d, ())],
                 lambda s, v: np.full((2, 2), v), tuple(dt.ALL_DTYPES)),
    "ZerosLike": Case(lambda d: [_x(d)], lambda x: np.zeros_like(x), _no_string(dt.ALL_DTYPES)),
    "OnesLike": Case(lambda d: [_x(d)], lambda x: np.ones_like(x), _t_allowed("OnesLike")),
    "Shape": Case(lambda d: [_x(d)], lambda x: np.array([2, 3], I32), tuple(dt.ALL_DTYPES)),
    "Size": Case(lambda d: [_x(d)], lambda x: np.array(6, I32), tuple(dt.ALL_DTYPES)),
    "Rank": Case(lambda d: [_x(d)], lambda x: np.array(2, I32), tuple(dt.ALL_DTYPES)),
    "ConcatV2": Case(lambda d: [_x(d), _x(d, (1, 3)), np.array(0, I32)],
                     lambda a, b, ax: np.concatenate([a, b]), tuple(dt.ALL_DTYPES), {"N": 2}),
    "Pack": Case(lambda d: [_x(d), _x(d)], lambda a, b: np.stack([a, b], 1),
                 tuple(dt.ALL_DTYPES), {"N": 2, "axis": 1}),
    "ReverseV2": Case(lambda d: [_x(d), np.array([-1, 0], I32)], lambda x, a: x[::-1, ::-1],
                      _t_allowed("ReverseV2")),
    "IsFinite": Case(lambda d: [np.array([0.5, np.inf, -np.inf, np.nan], d.np_dtype)],
                     lambda x: np.isfinite(x), _t_allowed("IsFinite")),
    "AddN": Case(lambda d: [_x(d), _x(d), _x(d)], lambda a, b, c: a + b + c,
                 _t_allowed("AddN"), {"N": 3}),
    "GatherV2": Case(lambda d: [_x(d), np.array([2, 0], I32), np.array(1, I32)],
                     lambda p, i, a: p[:, [2, 0]], tuple(dt.ALL_DTYPES)),
    "Slice": Case(lambda d: [_x(d), np.array([1, 1], I32), np.array([1, -1], I32)],
                  lambda x, b, s: x[1:2, 1:], tuple(dt.ALL_DTYPES)),
    "StridedSlice": Case(lambda d: [_x(d), np.array([0, 2], I32), np.array([0, 0], I32),
                                    np.array([1, -1], I32)],
                         lambda x, b, e, s: x[:, 2::-1], tuple(dt.ALL_DTYPES),
                         {"begin_mask": 1, "end_mask": 3}),
    "OneHot": Case(lambda d: [np.array([0, 2, 5], I32), np.array(3, I32),
                              np.array(1, d.np_dtype), np.array(0, d.np_dtype)],
                   lambda i, n, on, off: np.eye(4, 3, dtype=on.dtype)[[0, 2, 3]],
                   _no_string(dt.ALL_DTYPES)),
    "Range": Case(lambda d: [np.array(1, d.np_dtype), np.array(7, d.np_dtype),
                             np.array(2, d.np_dtype)],
                  lambda a, b, c: np.arange(1, 7, 2).astype(a.dtype),
                  tuple(d for d in _t_allowed("Range", "Tidx") if _has_cpu_kernel("Range", d))),
    "Select": Case(lambda d: [_x(dt.bool_), _x(d), _x(d)[::-1].copy()],
                   lambda c, x, y: np.where(c, x, y), tuple(dt.ALL_DTYPES)),
    "SelectV2": Case(lambda d: [_x(dt.bool_, (3,)), _x(d), _x(d, (1, 3))],
                     lambda c, x, y: np.where(c, x, y), _no_string(dt.ALL_DTYPES)),
    "Where": Case(lambda d: [_x(d)], lambda x: np.argwhere(x).astype(np.int64),
                  _t_allowed("Where")),
    # reductions
    **{op: Case(lambda d: [_x(d), np.array([1], I32)], ref, _t_allowed(op))
       for op, ref in (("Sum", lambda x, a: x.sum(1, dtype=x.dtype)),
                       ("Max", lambda x, a: x.max(1)), ("Min", lambda x, a: x.min(1)),
                       ("Prod", lambda x, a: x.prod(1, dtype=x.dtype)))},
    "Mean": Case(lambda d: [_x(d, positive=True), np.array([0], I32)],
                 lambda x, a: (x.sum(0, dtype=x.dtype) // 2 if x.dtype.kind in "iu"
                               else x.mean(0).astype(x.dtype)), _t_allowed("Mean")),
    "All": Case(lambda d: [_x(dt.bool_), np.array([0], I32)], lambda x, a: x.all(0),
                (dt.bool_,)),
    "Any": Case(lambda d: [_x(dt.bool_), np.array([0], I32)], lambda x, a: x.any(0),
                (dt.bool_,)),
    "ArgMax": Case(lambda d: [_x(d), np.array(1, I32)], lambda x, a: x.argmax(1),
                   _t_allowed("ArgMax")),
    "ArgMin": Case(lambda d: [_x(d), np.array(0, I32)], lambda x, a: x.argmin(0),
                   _t_allowed("ArgMin")),
    # math
    "Tanh": _unary("Tanh", np.tanh),
    "Sigmoid": _unary("Sigmoid", _sigmoid),
    "Rsqrt": _unary("Rsqrt", lambda x: (1 / np.sqrt(x)).astype(x.dtype), positive=True),
    "Reciprocal": Case(lambda d: [_x(d, positive=True)], lambda x: (1 / x).astype(x.dtype),
                       tuple(d for d in _t_allowed("Reciprocal") if not d.is_integer)),
    "Sign": _unary("Sign", np.sign),
    "Floor": _unary("Floor", np.floor),
    "Ceil": _unary("Ceil", np.ceil),
    "Round": Case(lambda d: [_x(d)], np.round,  # TF's CPU kernels: floats, int32, int64
                  tuple(d for d in _t_allowed("Round") if _has_cpu_kernel("Round", d))),
    "Rint": Case(lambda d: [_x(d)], np.rint,  # TF's CPU kernels: float32 and float64 only
                 tuple(d for d in _t_allowed("Rint") if _has_cpu_kernel("Rint", d))),
    "Log1p": _unary("Log1p", np.log1p, positive=True),
    "Sin": _unary("Sin", np.sin),
    "Cos": _unary("Cos", np.cos),
    **{op: Case(lambda d: [_x(d) / 3], ref, _t_allowed(op))  # inside (-1, 1)
       for op, ref in (("Tan", np.tan), ("Asin", np.arcsin), ("Acos", np.arccos),
                       ("Atan", np.arctan), ("Sinh", np.sinh), ("Cosh", np.cosh),
                       ("Asinh", np.arcsinh), ("Atanh", np.arctanh), ("Expm1", np.expm1))},
    "Acosh": Case(lambda d: [_x(d, positive=True) + 1], np.arccosh, _t_allowed("Acosh")),
    "Atan2": Case(lambda d: [_x(d), _x(d, (3,))], np.arctan2, _t_allowed("Atan2")),
    "Erf": Case(lambda d: [_x(d)], _in_float64(math.erf), _t_allowed("Erf")),
    "Erfc": Case(lambda d: [_x(d)], _in_float64(math.erfc), _t_allowed("Erfc")),
    "SquaredDifference": Case(lambda d: [_x(d), _x(d, (3,))],
                              lambda x, y: ((x - y) * np.conj(x - y)).astype(x.dtype),
                              _t_allowed("SquaredDifference")),
    # nn
    "Relu": _unary("Relu", lambda x: np.maximum(x, 0)),
    "Relu6": _unary("Relu6", lambda x: np.minimum(np.maximum(x, 0), 6)),
    "Elu": _unary("Elu", lambda x: np.where(x < 0, np.expm1(x), x)),
    "LeakyRelu": _unary("LeakyRelu", lambda x: np.where(x > 0, x, x * x.dtype.type(0.5)),
                        attrs={"alpha": 0.5}),
    "Softplus": _unary("Softplus", _softplus),
    "Selu": _unary("Selu", lambda x: np.where(
        x < 0, (x.dtype.type(1.7580993408473768) * (np.exp(x) - 1)).astype(x.dtype),
        (x.dtype.type(1.0507009873554805) * x).astype(x.dtype))),
    "Softsign": _unary("Softsign", lambda x: (x / (1 + np.abs(x))).astype(x.dtype)),
    "Softmax": _unary("Softmax", _softmax),
    "LogSoftmax": _unary("LogSoftmax", _log_softmax),
    "BiasAdd": Case(lambda d: [_x(d), _x(d, (3,))], lambda x, b: x + b, _t_allowed("BiasAdd")),
    "L2Loss": Case(lambda d: [_x(d)], lambda x: (x.astype(np.float64) ** 2).sum() / 2, FLOATS),
    "SoftmaxCrossEntropyWithLogits": Case(
        lambda d: [_x(d), np.full((2, 3), 1 / 3, d.np_dtype)], _xent, FLOATS),
    "SparseSoftmaxCrossEntropyWithLogits": Case(
        lambda d: [_x(d), np.array([2, 0], I32)],
        lambda f, y: -_log_softmax(f.astype(np.float64))[[0, 1], y], FLOATS),
    "Conv2D": Case(lambda d: [_x(d, (1, 4, 4, 2)), _x(d, (2, 2, 2, 3))], _conv,
                   _t_allowed("Conv2D"), {"strides": [1, 1, 1, 1], "padding": "VALID"}),
    "MaxPool": Case(lambda d: [_x(d, (1, 4, 4, 2))], lambda x: _pool(x, "max"),
                    _t_allowed("MaxPool"), {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1]}),
    "AvgPool": Case(lambda d: [_x(d, (1, 4, 4, 2))], lambda x: _pool(x, "avg"),
                    _t_allowed("AvgPool"), {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1]}),
}
#: ops whose values are random: test_random.py checks them
RANDOM = ("RandomStandardNormal", "RandomUniform", "RandomUniformInt", "TruncatedNormal")
COVERED = set(CASES) | set(RANDOM)


def _run(backend: KernelBackend, op_type: str, arrays: list[np.ndarray],
         attrs: dict[str, Any], output: int = 0) -> Any:
    g = Graph()
    feeds: dict[Any, np.ndarray] = {}
    inputs = []
    for i, a in enumerate(arrays):
        d = dt.from_numpy(a.dtype)
        t = g.add_op("Placeholder", f"in{i}", {"dtype": d, "shape": list(a.shape)}).outputs[0]
        feeds[t] = a
        inputs.append(t)
    op = g.add_op(op_type, "op", attrs, inputs=inputs)
    assert op.is_valid, op.error
    out = op.outputs[output]
    result = backend.session(g, optimize=False).run(out, feeds)
    # and inference said what the kernel gives
    assert out.dtype.np_dtype == np.asarray(result).dtype
    assert out.shape.is_compatible_with(np.shape(result)), (out.shape, np.shape(result))
    return result


def _matrix() -> list[Any]:
    return [pytest.param(op, d, id=f"{op}-{d.name}") for op, case in CASES.items()
            for d in case.dtypes]


def test_every_ml_op_has_a_case() -> None:
    families = {"array", "array_generate", "array_join", "selection", "strided_slice", "reductions",
                "math_functions", "nn", "conv_pool", "random_ops"}
    ours = [d.type for d in op_defs() if d.kernel.__module__.rsplit(".", 1)[-1] in families]
    assert sorted(set(ours) - COVERED) == []


_LOOSE = {"float16": 2e-3, "bfloat16": 2e-2, "float32": 2e-6, "complex64": 2e-6}


@pytest.mark.parametrize(("op_type", "dtype"), _matrix())
def test_ml_kernel_matches_numpy(backend: KernelBackend, op_type: str, dtype: DType) -> None:
    backend.skip_unless_supports(dtype)
    case = CASES[op_type]
    arrays = case.inputs(dtype)
    for a in arrays:
        backend.skip_unless_supports(dt.from_numpy(a.dtype))
    result = _run(backend, op_type, arrays, dict(case.attrs), case.output)
    expected = np.asarray(case.reference(*arrays))
    if expected.dtype != np.asarray(result).dtype and expected.dtype.kind == "f":
        expected = expected.astype(np.asarray(result).dtype)
    if expected.dtype == object:
        assert np.asarray(result).tolist() == expected.tolist()
        return
    if dtype.name in _LOOSE and expected.dtype.kind in "fcV":
        wide = np.complex128 if expected.dtype.kind == "c" else np.float64
        np.testing.assert_allclose(np.asarray(result).astype(wide), expected.astype(wide),
                                   rtol=_LOOSE[dtype.name], atol=_LOOSE[dtype.name])
        return
    assert_result(result, expected)
