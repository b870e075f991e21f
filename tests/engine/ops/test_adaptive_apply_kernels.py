"""The apply ops of Adagrad, Adadelta and proximal gradient descent: TF's CPU formulas written
out in numpy, Adagrad without growing its accumulator (``update_slots=False``), the sparse
Adagrad's rows (a repeated row applied twice, in order), L1's shrinkage to exactly zero, and
TF's run-time shape check. (Their graphs and values are also checked against TF itself:
tests/engine/tf_cases/optimizers_adaptive.py.)"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.framework.errors import KernelError
from engine.framework.registry import get_op_def
from engine.ops import adaptive_apply

#: kept out of test_kernels.py's matrix: they keep session state
COVERED = {"ApplyAdagrad", "SparseApplyAdagrad", "ApplyAdadelta", "SparseApplyAdadelta",
           "ApplyProximalGradientDescent", "SparseApplyProximalGradientDescent"}
RNG = np.random.default_rng(5)


def _refs(*values: np.ndarray) -> list[dict[str, Any]]:
    return [{"value": v, "name": f"v{i}"} for i, v in enumerate(values)]


def _arrays(n: int) -> list[np.ndarray]:
    return [RNG.random((3, 4)) + 0.1 for _ in range(n)]


def test_adagrad_grows_the_accumulator_then_steps() -> None:
    var, accum, grad = _arrays(3)
    refs = _refs(var, accum)
    adaptive_apply._adagrad(np, np.float64(0.1), grad, _refs=refs)
    new_accum = accum + grad * grad
    np.testing.assert_allclose(refs[1]["value"], new_accum)
    np.testing.assert_allclose(refs[0]["value"], var - 0.1 * grad / np.sqrt(new_accum))


def test_adagrad_without_update_slots_keeps_the_accumulator() -> None:
    var, accum, grad = _arrays(3)
    refs = _refs(var, accum)
    adaptive_apply._adagrad(np, np.float64(0.1), grad, _refs=refs, update_slots=False)
    np.testing.assert_array_equal(refs[1]["value"], accum)
    np.testing.assert_allclose(refs[0]["value"], var - 0.1 * grad / np.sqrt(accum))


def test_adagrad_keeps_the_variables_dtype() -> None:
    var, accum, grad = (a.astype(np.float32) for a in _arrays(3))
    refs = _refs(var, accum)
    adaptive_apply._adagrad(np, np.float32(0.1), grad, _refs=refs)
    assert refs[0]["value"].dtype == np.float32 and refs[1]["value"].dtype == np.float32


def test_adadelta() -> None:
    var, accum, accum_update, grad = _arrays(4)
    refs = _refs(var, accum, accum_update)
    adaptive_apply._adadelta(np, np.float64(1.0), np.float64(0.9), np.float64(1e-6), grad,
                             _refs=refs)
    new_accum = accum * 0.9 + grad * grad * 0.1
    update = np.sqrt(accum_update + 1e-6) / np.sqrt(new_accum + 1e-6) * grad
    np.testing.assert_allclose(refs[1]["value"], new_accum)
    np.testing.assert_allclose(refs[0]["value"], var - update)
    np.testing.assert_allclose(refs[2]["value"], accum_update * 0.9 + update * update * 0.1)


def test_proximal_gradient_descent_with_l2_only_scales() -> None:
    var, delta = _arrays(2)
    refs = _refs(var)
    adaptive_apply._proximal_gd(np, np.float64(0.5), np.float64(0.0), np.float64(0.2), delta,
                                _refs=refs)
    np.testing.assert_allclose(refs[0]["value"], (var - 0.5 * delta) / 1.1)


def test_proximal_gradient_descent_l1_sets_small_weights_to_zero() -> None:
    var = np.array([0.05, -0.04, 1.0, -2.0])
    refs = _refs(var)
    adaptive_apply._proximal_gd(np, np.float64(0.5), np.float64(0.2), np.float64(0.0),
                                np.zeros(4), _refs=refs)
    np.testing.assert_allclose(refs[0]["value"], [0.0, 0.0, 0.9, -1.9])


def test_sparse_adagrad_updates_only_the_rows_named_a_repeat_twice() -> None:
    var, accum = RNG.random((4, 2)) + 0.1, RNG.random((4, 2)) + 0.1
    refs = _refs(var, accum)
    grad, rows = RNG.random((3, 2)), np.array([2, 0, 2])
    get_op_def("SparseApplyAdagrad").kernel(np, np.float64(0.1), grad, rows, _refs=refs,
                                            update_slots=True)
    want_var, want_accum = var.copy(), accum.copy()
    for g, r in zip(grad, rows):
        want_accum[r] = want_accum[r] + g * g
        want_var[r] = want_var[r] - 0.1 * g / np.sqrt(want_accum[r])
    np.testing.assert_allclose(refs[0]["value"], want_var)
    np.testing.assert_allclose(refs[1]["value"], want_accum)


@pytest.mark.parametrize("op_type", ["ApplyAdagrad", "ApplyAdadelta"])
def test_a_gradient_of_another_shape_fails_in_tfs_words(op_type: str) -> None:
    n = 2 if op_type == "ApplyAdagrad" else 3
    refs = _refs(*_arrays(n))
    scalars = [np.float64(0.1)] * (1 if op_type == "ApplyAdagrad" else 3)
    with pytest.raises(KernelError) as info:
        get_op_def(op_type).kernel(np, *scalars, np.ones((2, 2)), _refs=refs)
    assert info.value.detail == "var and grad do not have the same shape[3,4] [2,2]"
