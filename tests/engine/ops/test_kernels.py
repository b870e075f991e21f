"""Every registered op's kernel, run through a Session on every backend, against numpy.

Each kernel is written once against an array namespace ``xp``. Running it on
``array_api_strict`` proves it uses array-API calls only (what cupy needs); running it on numpy
proves the values. Each op is tried with every dtype its inference allows; a dtype a backend
cannot hold is skipped with the reason. After the dtype matrix come TF's semantics, one
behaviour per test, with the values TF gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from engine import Graph, InvalidArgumentError, TensorShape, TensorSpec, UnimplementedError
from engine.framework import dtypes as dt
from engine.framework.dtypes import DType
from engine.framework.errors import AttrError, DTypeError
from engine.framework.registry import get_op_def, op_defs

from ..conftest import KernelBackend

# --- sample values per dtype ------------------------------------------------------------------
_SIGNED_X = [[-7, 7, -8], [9, 0, 5]]
_SIGNED_Y = [[2, -2, 3], [3, 4, 1]]
_UNSIGNED_X = [[7, 8, 9], [0, 5, 100]]
_UNSIGNED_Y = [[2, 3, 3], [4, 5, 7]]
_FLOAT_X = [[-7.5, 7.0, -8.25], [9.0, 0.0, 2.5]]
_FLOAT_Y = [[2.0, -2.0, 3.0], [3.0, 4.0, 0.5]]
_POSITIVE = [[0.25, 1.0, 4.0], [9.0, 2.5, 100.0]]
_COMPLEX_X = [[1 + 2j, -3 + 0.5j, 0j], [2 - 1j, 4 + 0j, -1.5 - 2j]]
_COMPLEX_Y = [[2 - 1j, 1 + 1j, 3 + 0j], [-1 + 2j, 0.5j, 1 + 0j]]
_BOOL_X = [[True, False, True], [False, True, False]]
_BOOL_Y = [[True, True, False], [False, False, True]]
_STRING_X = [[b"a", b"bc", b""], [b"d", b"e", b"fg"]]
_STRING_Y = [[b"x", b"bc", b"z"], [b"", b"e", b"w"]]


def _array(values: Any, dtype: DType) -> np.ndarray:
    if dtype.is_string:
        out = np.empty((2, 3), dtype=object)
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                out[i, j] = v
        return out
    return np.asarray(values, dtype=dtype.np_dtype)


def sample(dtype: DType, which: str = "x", *, positive: bool = False) -> np.ndarray:
    """A (2, 3) array of ``dtype``: ``x`` or ``y`` (``y`` has no zero: it is a divisor)."""
    x = which == "x"
    if dtype.is_string:
        return _array(_STRING_X if x else _STRING_Y, dtype)
    if dtype.is_bool:
        return _array(_BOOL_X if x else _BOOL_Y, dtype)
    if dtype.is_complex:  # ``positive``: no zero (a logarithm's argument)
        return _array(_COMPLEX_X if x and not positive else _COMPLEX_Y, dtype)
    if dtype.is_floating:
        return _array(_POSITIVE if positive else (_FLOAT_X if x else _FLOAT_Y), dtype)
    if dtype.is_unsigned or positive:
        return _array(_UNSIGNED_X if x else _UNSIGNED_Y, dtype)
    return _array(_SIGNED_X if x else _SIGNED_Y, dtype)


# --- what each op should compute, in numpy --------------------------------------------------
def _trunc_div(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    if x.dtype.kind in "iu":  # C division: the quotient truncated toward zero
        return np.trunc(x.astype(np.float64) / y.astype(np.float64)).astype(x.dtype)
    return np.trunc(np.divide(x, y))


def _trunc_mod(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    if x.dtype.kind in "iu":  # C's %: the sign of x
        return (x - _trunc_div(x, y) * y).astype(x.dtype)
    return np.fmod(x, y)


def _square(x: np.ndarray) -> np.ndarray:
    return np.multiply(x, x)


@dataclass(frozen=True)
class Case:
    """How to feed an op and what numpy says it computes."""

    reference: Callable[..., np.ndarray]
    inputs: Callable[[DType], list[np.ndarray]] = field(
        default=lambda d: [sample(d, "x"), sample(d, "y")]
    )
    attrs: dict[str, Any] = field(default_factory=dict)
    #: dtypes the op's inference allows but TF's CPU runs not: for which TF registers no
    #: kernel, or whose kernel refuses the op's attrs; the error class each run raises
    no_kernel: dict[str, type[Exception]] = field(default_factory=dict)


_INTS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
_UNSIGNED = ("uint8", "uint16", "uint32", "uint64")


def _unary(d: DType) -> list[np.ndarray]:
    return [sample(d, "x")]


def _unary_positive(d: DType) -> list[np.ndarray]:
    return [sample(d, "x", positive=True)]


def _pow_inputs(d: DType) -> list[np.ndarray]:
    # integers to negative powers are an error in TF too (tested below)
    return [sample(d, "x"), sample(d, "y", positive=d.is_integer)]


def _matmul_inputs(d: DType) -> list[np.ndarray]:
    return [sample(d, "x"), sample(d, "y").T.copy()]  # [2,3] @ [3,2]


def _batch_matmul_inputs(d: DType) -> list[np.ndarray]:
    x = np.stack([sample(d, "x"), sample(d, "y")])  # [2,2,3]
    return [x, sample(d, "y").T.copy()[np.newaxis]]  # @ [1,3,2]: the batch broadcasts


CASES: dict[str, Case] = {
    "Const": Case(lambda x: x, _unary),
    "Placeholder": Case(lambda x: x, _unary),
    "PlaceholderWithDefault": Case(lambda x: x, _unary),
    "Identity": Case(lambda x: x, _unary),
    "StopGradient": Case(lambda x: x, _unary),
    "IdentityN": Case(lambda x: x, _unary, attrs={"N": 1}),
    "FusedBatchNormV3": Case(
        lambda x, s, o, m, v: ((x.astype(np.float32) - m) / np.sqrt(v + np.float32(0.001)) * s
                               + o).astype(x.dtype),
        lambda d: [sample(d, "x").reshape(1, 1, 2, 3), np.array([1.5, 0.5, 2], np.float32),
                   np.array([0, 1, -1], np.float32), np.array([0.5, 0, 1], np.float32),
                   np.array([1, 2, 0.25], np.float32)],
        attrs={"is_training": False, "epsilon": 0.001}),
    "Split": Case(lambda axis, x: x, lambda d: [np.array(0, np.int32), sample(d, "x")],
                  attrs={"num_split": 1}),
    "SplitV": Case(lambda x, sizes, axis: x, lambda d: [sample(d, "x"), np.array([2], np.int32),
                                                         np.array(0, np.int32)],
                   attrs={"num_split": 1}),
    "MatMul": Case(np.matmul, _matmul_inputs, no_kernel=dict.fromkeys(_UNSIGNED,
                                                                      InvalidArgumentError)),
    "BatchMatMulV2": Case(np.matmul, _batch_matmul_inputs,
                          no_kernel=dict.fromkeys(_UNSIGNED, InvalidArgumentError)),
    "AddV2": Case(np.add),
    "Add": Case(np.add),
    "Sub": Case(np.subtract),
    "Mul": Case(np.multiply),
    "RealDiv": Case(np.divide, no_kernel=dict.fromkeys(_INTS, InvalidArgumentError)),
    "FloorDiv": Case(np.floor_divide, no_kernel=dict.fromkeys(("complex64", "complex128"),
                                                             InvalidArgumentError)),
    "FloorMod": Case(np.remainder),
    "TruncateDiv": Case(_trunc_div, no_kernel=dict.fromkeys(("complex64", "complex128"),
                                                           InvalidArgumentError)),
    "TruncateMod": Case(_trunc_mod, no_kernel=dict.fromkeys(("float16", "bfloat16"),
                                                           InvalidArgumentError)),
    "LogicalAnd": Case(np.logical_and),
    "LogicalOr": Case(np.logical_or),
    "LogicalNot": Case(np.logical_not, _unary),
    "BitwiseAnd": Case(np.bitwise_and),
    "BitwiseOr": Case(np.bitwise_or),
    "BitwiseXor": Case(np.bitwise_xor),
    "Invert": Case(np.invert, _unary),
    "Conj": Case(np.conj, _unary),
    # TF's kernels: complex64 -> float32, complex128 -> float64 (Tout is float32 here)
    "ComplexAbs": Case(np.abs, _unary, no_kernel={"complex128": InvalidArgumentError}),
    # TF's kernels pair float32 with complex64 and float64 with complex128 (Tout is the
    # default, complex64 or float32, here)
    "Complex": Case(lambda re, im: (re + 1j * im).astype(np.complex64),
                    no_kernel={"float64": InvalidArgumentError}),
    "Real": Case(np.real, _unary, no_kernel={"complex128": InvalidArgumentError}),
    "Imag": Case(np.imag, _unary, no_kernel={"complex128": InvalidArgumentError}),
    "Angle": Case(np.angle, _unary, no_kernel={"complex128": InvalidArgumentError}),
    "Pow": Case(np.power, _pow_inputs),
    "Maximum": Case(np.maximum),
    "Minimum": Case(np.minimum),
    "Less": Case(np.less),
    "LessEqual": Case(np.less_equal),
    "Greater": Case(np.greater),
    "GreaterEqual": Case(np.greater_equal),
    "Equal": Case(np.equal),
    "NotEqual": Case(np.not_equal),
    "Neg": Case(np.negative, _unary),
    "Abs": Case(np.abs, _unary),
    "Square": Case(_square, _unary),
    "Sqrt": Case(np.sqrt, _unary_positive),
    "Exp": Case(np.exp, _unary),
    "Log": Case(np.log, _unary_positive),
    "Cast": Case(lambda x: np.real(x).astype(np.float64), _unary_positive, {"DstT": dt.float64},
                 no_kernel={"string": UnimplementedError}),
}


def allowed_dtypes(op_type: str) -> list[DType]:
    """The dtypes the op's own inference accepts (for a source op: every dtype)."""
    op_def = get_op_def(op_type)
    if not op_def.inputs:
        return list(dt.ALL_DTYPES)
    case = CASES[op_type]
    out = []
    for d in dt.ALL_DTYPES:
        shapes = [TensorShape(list(a.shape)) for a in case.inputs(d)]
        specs = [TensorSpec(s, d) for s in shapes]
        attrs = op_def.default_attrs() | case.attrs
        if op_def.normalize is not None:
            attrs = op_def.normalize(attrs)
        try:
            op_def.infer(specs, attrs)
        except (DTypeError, AttrError):
            continue
        out.append(d)
    return out


def _matrix() -> list[Any]:
    params = []
    for op_def in op_defs():
        if op_def.type not in CASES:
            continue  # test_every_registered_op_has_a_case fails instead
        for d in allowed_dtypes(op_def.type):
            params.append(pytest.param(op_def.type, d, id=f"{op_def.type}-{d.name}"))
    return params


# --- helpers ------------------------------------------------------------------------------
_RTOL = {"float16": 1e-3, "bfloat16": 1e-2, "float32": 1e-6, "complex64": 1e-6}


def assert_result(actual: Any, expected: np.ndarray) -> None:
    """``actual`` is a host numpy value of ``expected``'s dtype and shape, and its values."""
    assert isinstance(actual, (np.ndarray, np.generic)), type(actual)
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    assert np.shape(actual) == expected.shape
    kind = expected.dtype.kind
    if kind in "fcV" or expected.dtype == dt.bfloat16.np_dtype:
        wide = np.complex128 if kind == "c" else np.float64
        rtol = _RTOL.get(dt.from_numpy(expected.dtype).name, 1e-12)
        np.testing.assert_allclose(
            np.asarray(actual).astype(wide), expected.astype(wide), rtol=rtol, equal_nan=True
        )
    else:
        assert np.asarray(actual).tolist() == expected.tolist()


def _placeholder(g: Graph, array: np.ndarray, name: str) -> Any:
    d = dt.from_numpy(array.dtype)
    return g.add_op("Placeholder", name, {"dtype": d, "shape": list(array.shape)}).outputs[0]


def run_op(
    backend: KernelBackend, op_type: str, arrays: list[np.ndarray], attrs: dict[str, Any]
) -> Any:
    """Build ``op_type`` over fed placeholders (or a Const / fed Placeholder itself) and run it
    on ``backend`` with no folding, so the kernel runs at run time."""
    g = Graph()
    feeds: dict[Any, np.ndarray] = {}
    if op_type == "Const":
        out = g.add_op("Const", "c", {"value": arrays[0],
                                      "dtype": dt.from_numpy(arrays[0].dtype)}).outputs[0]
    elif op_type == "Placeholder":
        out = _placeholder(g, arrays[0], "p")
        feeds[out] = arrays[0]
    else:
        inputs = []
        for i, a in enumerate(arrays):
            t = _placeholder(g, a, f"in{i}")
            feeds[t] = a
            inputs.append(t)
        op = g.add_op(op_type, "op", attrs, inputs=inputs)
        assert op.is_valid, op.error
        out = op.outputs[0]
    sess = backend.session(g, optimize=False)
    return sess.run(out, feeds)


_NUMERIC = [d for d in dt.ALL_DTYPES if not d.is_string]


# --- the dtype matrix -----------------------------------------------------------------------
def test_every_registered_op_has_a_case() -> None:
    from .test_adaptive_apply_kernels import COVERED as ADAPTIVE  # Adagrad's and others'
    from .test_assert_kernel import COVERED as CHECKS  # Assert fails a run: no value
    from .test_ftrl_apply_kernels import COVERED as FTRL  # FTRL's apply ops
    from .test_grad_kernels import COVERED as GRADS  # so do the ops gradients build
    from .test_lrn_kernels import CASES as LRN  # local response normalization
    from .test_ml_kernels import COVERED  # the machine-learning ops have their own matrix
    from .test_scatter_update_kernels import COVERED as SCATTER  # the scatter updates too
    from .test_space_kernels import CASES as SPACE  # the spatial block moves
    from .test_sparse_update_kernels import COVERED as SPARSE  # so do the sparse updates
    from .test_state_kernels import COVERED as STATE  # the state ops keep session state
    from .test_tf1_kernels import CASES as TF1  # so do the TF1 functions' ops

    missing = [d.type for d in op_defs() if d.type not in CASES and d.type not in COVERED
               and d.type not in STATE and d.type not in GRADS and d.type not in SPARSE
               and d.type not in TF1 and d.type not in ADAPTIVE and d.type not in SCATTER
               and d.type not in FTRL and d.type not in CHECKS and d.type not in SPACE
               and d.type not in LRN]
    assert missing == [], f"add a Case to CASES in test_kernels.py for: {missing}"


@pytest.mark.parametrize(("op_type", "dtype"), _matrix())
def test_kernel_matches_numpy(backend: KernelBackend, op_type: str, dtype: DType) -> None:
    backend.skip_unless_supports(dtype)
    case = CASES[op_type]
    arrays = case.inputs(dtype)
    if dtype.name in case.no_kernel:
        with pytest.raises(case.no_kernel[dtype.name]):
            run_op(backend, op_type, arrays, case.attrs)
        return
    result = run_op(backend, op_type, arrays, case.attrs)
    assert_result(result, case.reference(*arrays))


@pytest.mark.parametrize("dst", _NUMERIC, ids=lambda d: d.name)
@pytest.mark.parametrize("src", _NUMERIC, ids=lambda d: d.name)
def test_cast_between_every_pair_of_numeric_dtypes(
    backend: KernelBackend, src: DType, dst: DType
) -> None:
    backend.skip_unless_supports(src, dst)
    x = np.asarray([[0, 1, 2], [3, 5, 7]], dtype=src.np_dtype)
    result = run_op(backend, "Cast", [x], {"DstT": dst})
    if src.is_complex and not dst.is_complex:
        expected = x.real.astype(dst.np_dtype)  # TF keeps the real part
    else:
        expected = x.astype(dst.np_dtype)
    assert_result(result, expected)


# --- TF's semantics, with the values TF gives -----------------------------------------------
def compute(
    backend: KernelBackend, op_type: str, *values: Any, dtype: DType = dt.int32, **attrs: Any
) -> Any:
    """Run ``op_type`` over Consts of ``values`` (all of ``dtype``) on ``backend``."""
    arrays = [np.asarray(v, dtype=dtype.np_dtype) for v in values]
    return run_op(backend, op_type, arrays, attrs)


@pytest.mark.parametrize("dtype", [dt.int8, dt.int32, dt.uint64], ids=lambda d: d.name)
def test_integer_realdiv_has_no_kernel(backend: KernelBackend, dtype: DType) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        compute(backend, "RealDiv", [7, 9], [2, 2], dtype=dtype)
    assert "No OpKernel was registered to support Op 'RealDiv'" in str(info.value)
    assert f"with these attrs: [T={dtype.enum_name}]" in str(info.value)


def test_float_realdiv_is_true_division(backend: KernelBackend) -> None:
    result = compute(backend, "RealDiv", [-7.0, 1.0], [2.0, 4.0], dtype=dt.float32)
    assert_result(result, np.array([-3.5, 0.25], dtype=np.float32))


def test_floordiv_rounds_toward_negative_infinity(backend: KernelBackend) -> None:
    result = compute(backend, "FloorDiv", [-7, 7, -7, 7], [2, 2, -2, -2])
    assert_result(result, np.array([-4, 3, 3, -4], dtype=np.int32))


def test_float_floordiv_rounds_toward_negative_infinity(backend: KernelBackend) -> None:
    result = compute(backend, "FloorDiv", [-7.5, 7.5], [2.0, 2.0], dtype=dt.float64)
    assert_result(result, np.array([-4.0, 3.0]))


def test_floormod_takes_the_sign_of_the_divisor(backend: KernelBackend) -> None:
    result = compute(backend, "FloorMod", [-7, 7, -7, 7], [2, 2, -2, -2])
    assert_result(result, np.array([1, 1, -1, -1], dtype=np.int32))


def test_float_floormod_takes_the_sign_of_the_divisor(backend: KernelBackend) -> None:
    result = compute(backend, "FloorMod", [-7.5, 7.5], [2.0, -2.0], dtype=dt.float32)
    assert_result(result, np.array([0.5, -0.5], dtype=np.float32))


def test_integer_pow(backend: KernelBackend) -> None:
    result = compute(backend, "Pow", [2, 3, -2, 5], [3, 2, 3, 0])
    assert_result(result, np.array([8, 9, -8, 1], dtype=np.int32))


def test_float_pow_with_fractional_and_negative_exponents(backend: KernelBackend) -> None:
    result = compute(backend, "Pow", [4.0, 2.0, 9.0], [0.5, -1.0, 1.5], dtype=dt.float32)
    assert_result(result, np.array([2.0, 0.5, 27.0], dtype=np.float32))


def test_integer_to_a_negative_power_is_a_run_time_error(backend: KernelBackend) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        compute(backend, "Pow", [2, 3], [-1, 2])
    assert "Integers to negative integer powers are not allowed" in str(info.value)
    assert info.value.op.name == "op"


def test_maximum_and_minimum_are_elementwise(backend: KernelBackend) -> None:
    x, y = [-1.5, 2.0, 3.0], [1.0, 2.0, -4.0]
    assert_result(compute(backend, "Maximum", x, y, dtype=dt.float32),
                  np.array([1.0, 2.0, 3.0], dtype=np.float32))
    assert_result(compute(backend, "Minimum", x, y, dtype=dt.float32),
                  np.array([-1.5, 2.0, -4.0], dtype=np.float32))


def test_maximum_broadcasts_a_scalar(backend: KernelBackend) -> None:
    g = Graph()
    x = g.add_op("Const", "x", {"value": [[-1, 5], [3, -2]], "dtype": dt.int64})
    zero = g.add_op("Const", "zero", {"value": 0, "dtype": dt.int64})
    relu = g.add_op("Maximum", "relu", inputs=[x.outputs[0], zero.outputs[0]])
    result = backend.session(g).run(relu.outputs[0])
    assert_result(result, np.array([[0, 5], [3, 0]], dtype=np.int64))


@pytest.mark.parametrize(
    ("op_type", "expected"),
    [
        ("Less", [True, False, False]),
        ("LessEqual", [True, True, False]),
        ("Greater", [False, False, True]),
        ("GreaterEqual", [False, True, True]),
        ("Equal", [False, True, False]),
        ("NotEqual", [True, False, True]),
    ],
)
def test_comparisons_give_bool(backend: KernelBackend, op_type: str, expected: list[bool]) -> None:
    result = compute(backend, op_type, [1.0, 2.0, 3.0], [2.0, 2.0, 2.0], dtype=dt.float32)
    assert_result(result, np.array(expected, dtype=np.bool_))


def test_equal_compares_bools(backend: KernelBackend) -> None:
    result = compute(backend, "Equal", [True, False], [True, True], dtype=dt.bool_)
    assert_result(result, np.array([True, False]))


def test_equal_compares_strings(backend: KernelBackend) -> None:
    backend.skip_unless_supports(dt.string)
    g = Graph()
    a = g.add_op("Const", "a", {"value": ["x", "yz"], "dtype": dt.string})
    b = g.add_op("Const", "b", {"value": ["x", "y"], "dtype": dt.string})
    eq = g.add_op("Equal", "eq", inputs=[a.outputs[0], b.outputs[0]])
    assert backend.session(g).run(eq.outputs[0]).tolist() == [True, False]


def test_add_concatenates_strings(backend: KernelBackend) -> None:
    backend.skip_unless_supports(dt.string)
    g = Graph()
    a = g.add_op("Const", "a", {"value": ["ab", "c"], "dtype": dt.string})
    b = g.add_op("Const", "b", {"value": ["x", "yz"], "dtype": dt.string})
    add = g.add_op("Add", "add", inputs=[a.outputs[0], b.outputs[0]])
    assert backend.session(g).run(add.outputs[0]).tolist() == [b"abx", b"cyz"]


@pytest.mark.parametrize(
    ("op_type", "x", "expected"),
    [
        ("Neg", [-1.5, 0.0, 2.0], [1.5, -0.0, -2.0]),
        ("Abs", [-1.5, 0.0, 2.0], [1.5, 0.0, 2.0]),
        ("Square", [-1.5, 0.0, 3.0], [2.25, 0.0, 9.0]),
        ("Sqrt", [0.0, 2.25, 16.0], [0.0, 1.5, 4.0]),
        ("Exp", [0.0, 1.0, -1.0], [1.0, np.e, 1 / np.e]),
        ("Log", [1.0, np.e, 0.5], [0.0, 1.0, -np.log(2.0)]),
    ],
)
def test_unary_functions(
    backend: KernelBackend, op_type: str, x: list[float], expected: list[float]
) -> None:
    assert_result(compute(backend, op_type, x, dtype=dt.float64), np.array(expected))


def test_log_of_zero_and_negative(backend: KernelBackend) -> None:
    with np.errstate(divide="ignore", invalid="ignore"):
        result = compute(backend, "Log", [0.0, -1.0], dtype=dt.float32)
    assert result[0] == -np.inf
    assert np.isnan(result[1])


def test_integer_abs_and_neg(backend: KernelBackend) -> None:
    assert_result(compute(backend, "Abs", [-3, 0, 4]), np.array([3, 0, 4], dtype=np.int32))
    assert_result(compute(backend, "Neg", [-3, 0, 4]), np.array([3, 0, -4], dtype=np.int32))


def test_cast_float_to_int_truncates_toward_zero(backend: KernelBackend) -> None:
    result = compute(backend, "Cast", [-2.7, -0.5, 0.5, 2.7, 3.0], dtype=dt.float32,
                     DstT=dt.int32)
    assert_result(result, np.array([-2, 0, 0, 2, 3], dtype=np.int32))


def test_cast_int_to_bool_is_nonzero(backend: KernelBackend) -> None:
    result = compute(backend, "Cast", [0, 3, -1], DstT=dt.bool_)
    assert_result(result, np.array([False, True, True]))


def test_cast_bool_to_float(backend: KernelBackend) -> None:
    result = compute(backend, "Cast", [True, False], dtype=dt.bool_, DstT=dt.float32)
    assert_result(result, np.array([1.0, 0.0], dtype=np.float32))


def test_cast_complex_to_real_keeps_the_real_part(backend: KernelBackend) -> None:
    result = compute(backend, "Cast", [1.5 + 2j, -3 - 1j], dtype=dt.complex64, DstT=dt.float32)
    assert_result(result, np.array([1.5, -3.0], dtype=np.float32))


def test_cast_to_the_same_dtype_is_the_value(backend: KernelBackend) -> None:
    result = compute(backend, "Cast", [1, 2], DstT=dt.int32)
    assert_result(result, np.array([1, 2], dtype=np.int32))


def test_cast_string_to_string_is_the_value(backend: KernelBackend) -> None:
    backend.skip_unless_supports(dt.string)
    g = Graph()
    s = g.add_op("Const", "s", {"value": ["a", "b"], "dtype": dt.string})
    cast = g.add_op("Cast", "cast", {"DstT": dt.string}, inputs=[s.outputs[0]])
    assert cast.is_valid, cast.error
    assert backend.session(g).run(cast.outputs[0]).tolist() == [b"a", b"b"]


_A = [[1.0, 2.0], [3.0, 4.0]]
_B = [[5.0, 6.0], [7.0, 8.0]]


@pytest.mark.parametrize(
    ("transpose_a", "transpose_b", "expected"),
    [
        (False, False, [[19.0, 22.0], [43.0, 50.0]]),
        (True, False, [[26.0, 30.0], [38.0, 44.0]]),
        (False, True, [[17.0, 23.0], [39.0, 53.0]]),
        (True, True, [[23.0, 31.0], [34.0, 46.0]]),
    ],
)
def test_matmul_transposes(
    backend: KernelBackend, transpose_a: bool, transpose_b: bool, expected: list[list[float]]
) -> None:
    result = compute(backend, "MatMul", _A, _B, dtype=dt.float32,
                     transpose_a=transpose_a, transpose_b=transpose_b)
    assert_result(result, np.array(expected, dtype=np.float32))


def test_matmul_of_non_square_matrices_with_transpose_a(backend: KernelBackend) -> None:
    a = np.arange(6, dtype=np.float64).reshape(3, 2)  # a^T is [2,3]
    b = np.arange(12, dtype=np.float64).reshape(3, 4)
    result = compute(backend, "MatMul", a, b, dtype=dt.float64, transpose_a=True)
    assert result.shape == (2, 4)
    assert_result(result, a.T @ b)


def test_integer_matmul(backend: KernelBackend) -> None:
    result = compute(backend, "MatMul", [[1, 2]], [[3], [4]])
    assert_result(result, np.array([[11]], dtype=np.int32))


def test_batch_matmul_broadcasts_batch_dims(backend: KernelBackend) -> None:
    x = np.arange(2 * 1 * 2 * 3, dtype=np.float32).reshape(2, 1, 2, 3)
    y = np.arange(3 * 3 * 2, dtype=np.float32).reshape(3, 3, 2)
    result = compute(backend, "BatchMatMulV2", x, y, dtype=dt.float32)
    assert result.shape == (2, 3, 2, 2)
    assert_result(result, np.matmul(x, y))
    assert result[1, 2].tolist() == (x[1, 0] @ y[2]).tolist()


def test_batch_matmul_adjoint_conjugates_complex(backend: KernelBackend) -> None:
    x = np.array([[[1 + 1j, 2], [0, 1j]]], dtype=np.complex128)
    y = np.array([[[1, 1j], [2 - 1j, 0]]], dtype=np.complex128)
    result = compute(backend, "BatchMatMulV2", x, y, dtype=dt.complex128, adj_x=True,
                     adj_y=True)
    expected = np.conj(np.swapaxes(x, -1, -2)) @ np.conj(np.swapaxes(y, -1, -2))
    assert_result(result, expected)


def test_identity_returns_its_input(backend: KernelBackend) -> None:
    assert_result(compute(backend, "Identity", [[1, 2], [3, 4]], dtype=dt.int64),
                  np.array([[1, 2], [3, 4]], dtype=np.int64))


def _with_default(g: Graph) -> Any:
    default = g.add_op("Const", "default", {"value": [1.0, 2.0], "dtype": dt.float32})
    return g.add_op("PlaceholderWithDefault", "pwd", {"shape": [None]},
                    inputs=[default.outputs[0]]).outputs[0]


def test_placeholder_with_default_returns_the_default_when_not_fed(
    backend: KernelBackend,
) -> None:
    g = Graph()
    pwd = _with_default(g)
    assert_result(backend.session(g).run(pwd), np.array([1.0, 2.0], dtype=np.float32))


def test_placeholder_with_default_returns_the_fed_value(backend: KernelBackend) -> None:
    g = Graph()
    pwd = _with_default(g)
    result = backend.session(g).run(pwd, {pwd: [7.0, 8.0, 9.0]})
    assert_result(result, np.array([7.0, 8.0, 9.0], dtype=np.float32))


def test_placeholder_default_value_is_used_when_not_fed(backend: KernelBackend) -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p", {"dtype": dt.int32, "shape": [None, 2],
                                      "default_value": [[1, 2]]})
    doubled = g.add_op("Mul", "doubled", inputs=[p.outputs[0], p.outputs[0]])
    sess = backend.session(g)
    assert_result(sess.run(doubled.outputs[0]), np.array([[1, 4]], dtype=np.int32))
    assert_result(sess.run(doubled.outputs[0], {p.outputs[0]: [[3, 4], [5, 6]]}),
                  np.array([[9, 16], [25, 36]], dtype=np.int32))
