"""The divisions' kernels on every backend (numpy, the strict array API, the GPU): integer
division by zero fails as TF's kernels do, float floor division and modulo give TF's answers at
infinities and signed zeros, and TF's flush of subnormal quotients. (The values themselves are
recorded under TF in tests/data/tf_cases/division.json and float_division.json.)"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import InternalError, InvalidArgumentError
from engine.framework import dtypes as dt
from engine.framework.dtypes import DType

from ..conftest import KernelBackend
from .test_kernels import compute

INTEGERS = [dt.int8, dt.int16, dt.int32, dt.int64, dt.uint8, dt.uint16, dt.uint32, dt.uint64]


@pytest.mark.parametrize("op_type", ["FloorDiv", "FloorMod"])
@pytest.mark.parametrize("dtype", INTEGERS, ids=lambda d: d.name)
def test_integer_floor_division_by_zero_fails_naming_the_op(
    backend: KernelBackend, op_type: str, dtype: DType
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        compute(backend, op_type, [7, 3], [2, 0], dtype=dtype)
    assert info.value.detail == "Integer division by zero"
    assert info.value.op.name == "op"


@pytest.mark.parametrize("op_type", ["TruncateDiv", "TruncateMod"])
def test_integer_truncating_division_by_zero_is_tfs_internal_error(
    backend: KernelBackend, op_type: str
) -> None:
    with pytest.raises(InternalError) as info:
        compute(backend, op_type, [7, 3], [2, 0], dtype=dt.int64)
    assert info.value.detail == (
        "Unexpected error in binary operator (only integer div and mod should have errors)")


def test_an_empty_dividend_by_zero_is_empty(backend: KernelBackend) -> None:
    result = compute(backend, "FloorDiv", np.zeros((0,)), [0], dtype=dt.int32)
    assert result.shape == (0,)


def test_float_floor_division_is_floor_of_the_quotient(backend: KernelBackend) -> None:
    inf = math.inf
    result = compute(backend, "FloorDiv", [-5.0, 5.0, -0.0, 7.5, 1.0, -1.0],
                     [inf, inf, 2.0, 0.0, 0.0, 0.0], dtype=dt.float64)
    # numpy's floor_divide gives -1.0 for -5 // inf and nan for 7.5 // 0
    assert [math.copysign(1, v) if v == 0 else v for v in result.tolist()] == [
        -1.0, 1.0, -1.0, inf, inf, -inf]
    assert math.copysign(1, result[0]) == -1 and result[0] == 0


def test_float_floor_division_flushes_a_subnormal_quotient(backend: KernelBackend) -> None:
    result = compute(backend, "FloorDiv", [-1.0], [1e308], dtype=dt.float64)
    assert result[0] == 0 and math.copysign(1, result[0]) == -1  # TF: -0.0, numpy: -1.0


def test_float_floormod_keeps_the_sign_of_zero_and_of_the_divisor(
    backend: KernelBackend,
) -> None:
    inf = math.inf
    result = compute(backend, "FloorMod", [-0.0, 5.5, -5.0, 5.0, 7.5],
                     [3.0, -2.0, inf, -inf, 2.0], dtype=dt.float32)
    assert result.tolist() == [-0.0, -0.5, inf, -inf, 1.5]
    assert math.copysign(1, result[0]) == -1  # numpy's remainder gives +0.0


def test_complex_division_by_zero_is_nan(backend: KernelBackend) -> None:
    result = compute(backend, "RealDiv", [1 + 1j, 0j, -2 + 0j], [0j, 0j, 1j],
                     dtype=dt.complex128)
    assert np.isnan(result[0].real) and np.isnan(result[0].imag)  # numpy: inf+infj
    assert np.isnan(result[1].real) and np.isnan(result[1].imag)
    assert result[2] == 2j


def test_cast_of_a_negative_float_to_uint32_wraps_through_int64(backend: KernelBackend) -> None:
    result = compute(backend, "Cast", [-3e9, -1.0, 3e9], dtype=dt.float32, DstT=dt.uint32)
    assert result.tolist() == [1294967296, 4294967295, 3000000000]


def test_a_divisor_edited_to_zero_fails_the_next_run_on_the_op() -> None:
    from engine import Graph, Session

    g = Graph()
    a = g.add_op("Const", "a", {"value": 7, "dtype": dt.int32})
    b = g.add_op("Const", "b", {"value": 2, "dtype": dt.int32})
    q = g.add_op("FloorDiv", "q", inputs=[a.outputs[0], b.outputs[0]])
    sess = Session(graph=g, cache=True)
    assert sess.run(q.outputs[0]) == 3  # folded into the plan
    g.set_attrs(b, {"value": 0})  # a value-only edit: the plan is refreshed, not rebuilt
    with pytest.raises(InvalidArgumentError) as info:
        sess.run(q.outputs[0])
    assert info.value.op is q and info.value.detail == "Integer division by zero"
    g.set_attrs(b, {"value": -2})
    assert sess.run(q.outputs[0]) == -4
