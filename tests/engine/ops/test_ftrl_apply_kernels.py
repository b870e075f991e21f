"""FTRL's apply ops: TF's documented update written out in numpy (dense, V2's shrinkage, a
general ``lr_power``, ``multiply_linear_by_lr``), L1 setting weights to exactly zero, the
sparse rows (a repeated row applied twice, in order; a vector's elements), and TF's run-time
checks. (Their graphs and values are also checked against TF itself:
tests/engine/tf_cases/optimizers_ftrl.py.)"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.framework.errors import KernelError
from engine.framework.registry import get_op_def

#: kept out of test_kernels.py's matrix: they keep session state
COVERED = {"ApplyFtrl", "ApplyFtrlV2", "SparseApplyFtrl", "SparseApplyFtrlV2"}
RNG = np.random.default_rng(11)


def _refs(*values: np.ndarray) -> list[dict[str, Any]]:
    return [{"value": v, "name": f"v{i}"} for i, v in enumerate(values)]


def _want(var: np.ndarray, accum: np.ndarray, linear: np.ndarray, grad: np.ndarray,
          lr: float, l1: float, l2: float, power: float, shrinkage: float = 0.0
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TF's documented update (``gen_training_ops.apply_ftrl_v2``'s docstring)."""
    shrunk = grad + 2 * shrinkage * var
    new_accum = accum + grad * grad
    linear = linear + shrunk - (new_accum ** -power - accum ** -power) / lr * var
    quadratic = 1.0 / (new_accum ** power * lr) + 2 * l2
    new_var = np.where(np.abs(linear) > l1, (np.sign(linear) * l1 - linear) / quadratic, 0.0)
    return new_var, new_accum, linear


def _state(shape: tuple[int, ...] = (3, 4)) -> list[np.ndarray]:
    return [RNG.standard_normal(shape), np.abs(RNG.standard_normal(shape)) + 0.1,
            RNG.standard_normal(shape), RNG.standard_normal(shape)]


@pytest.mark.parametrize("power", [-0.5, -0.2, 0.0])
def test_ftrl_follows_tfs_formula(power: float) -> None:
    var, accum, linear, grad = _state()
    refs = _refs(var, accum, linear)
    get_op_def("ApplyFtrl").kernel(np, grad, np.float64(0.1), np.float64(0.3),
                                   np.float64(0.2), np.float64(power), _refs=refs)
    for got, want in zip((r["value"] for r in refs),
                         _want(var, accum, linear, grad, 0.1, 0.3, 0.2, power)):
        np.testing.assert_allclose(got, want, rtol=1e-12)


def test_ftrl_v2_adds_the_shrinkage_to_the_gradient_not_the_accumulator() -> None:
    var, accum, linear, grad = _state()
    refs = _refs(var, accum, linear)
    get_op_def("ApplyFtrlV2").kernel(np, grad, np.float64(0.1), np.float64(0.0),
                                     np.float64(0.0), np.float64(0.4), np.float64(-0.5),
                                     _refs=refs)
    want = _want(var, accum, linear, grad, 0.1, 0.0, 0.0, -0.5, shrinkage=0.4)
    for got, w in zip((r["value"] for r in refs), want):
        np.testing.assert_allclose(got, w, rtol=1e-12)


def test_ftrl_sets_weights_whose_linear_is_within_l1_to_zero() -> None:
    var = np.array([1.0, 1.0, 1.0])
    refs = _refs(var, np.full(3, 0.1), np.array([0.05, -0.05, 3.0]))
    get_op_def("ApplyFtrl").kernel(np, np.zeros(3), np.float64(0.1), np.float64(0.5),
                                   np.float64(0.0), np.float64(-0.5), _refs=refs)
    new = refs[0]["value"]
    assert new[0] == 0.0 and new[1] == 0.0 and new[2] != 0.0


def test_ftrl_multiplying_linear_by_lr_takes_a_zero_learning_rate() -> None:
    var, accum, linear, grad = _state()
    refs = _refs(var, accum, linear)
    get_op_def("ApplyFtrl").kernel(np, grad, np.float64(0.0), np.float64(0.0),
                                   np.float64(0.0), np.float64(-0.5), _refs=refs,
                                   multiply_linear_by_lr=True)
    new_accum = accum + grad * grad
    new_linear = linear + (grad * 0.0 - (np.sqrt(new_accum) - np.sqrt(accum)) * var)
    np.testing.assert_array_equal(refs[2]["value"], new_linear)
    np.testing.assert_allclose(refs[0]["value"], -new_linear / np.sqrt(new_accum), rtol=1e-12)


def test_sparse_ftrl_applies_a_repeated_row_twice_in_order() -> None:
    var, accum, linear = (a[:4, :2].copy() for a in _state((4, 2))[:3])
    refs = _refs(var, accum, linear)
    grad, rows = RNG.standard_normal((3, 2)), np.array([2, 0, 2])
    get_op_def("SparseApplyFtrl").kernel(np, grad, rows, np.float64(0.1), np.float64(0.01),
                                         np.float64(0.0), np.float64(-0.5), _refs=refs)
    want = [var.copy(), accum.copy(), linear.copy()]
    for g, r in zip(grad, rows):
        new = _want(want[0][r], want[1][r], want[2][r], g, 0.1, 0.01, 0.0, -0.5)
        for w, n in zip(want, new):
            w[r] = n
    for got, w in zip((r["value"] for r in refs), want):
        np.testing.assert_allclose(got, w, rtol=1e-12)
    np.testing.assert_array_equal(refs[0]["value"][[1, 3]], var[[1, 3]])  # others untouched


def test_sparse_ftrl_of_a_vector_updates_its_elements() -> None:
    var, accum, linear = np.array([0.5, -1.0, 2.0]), np.full(3, 0.1), np.zeros(3)
    refs = _refs(var, accum, linear)
    grad, rows = np.array([1.0, -2.0]), np.array([2, 0])
    get_op_def("SparseApplyFtrlV2").kernel(np, grad, rows, np.float64(0.1), np.float64(0.0),
                                           np.float64(0.1), np.float64(0.2),
                                           np.float64(-0.5), _refs=refs)
    want = _want(var[[2, 0]], accum[[2, 0]], linear[[2, 0]], grad, 0.1, 0.0, 0.1, -0.5,
                 shrinkage=0.2)
    np.testing.assert_allclose(refs[0]["value"][[2, 0]], want[0], rtol=1e-12)
    assert refs[0]["value"][1] == -1.0


@pytest.mark.parametrize(("hypers", "message"), [
    ((0.0, 0.0, 0.0, -0.5),
     "lr is not a positive scalar (or zero if multiply_linear_by_lr is set): []"),
    ((0.1, -1.0, 0.0, -0.5), "l1 regularization strength is not a non-negative scalar: []"),
    ((0.1, 0.0, -1.0, -0.5), "l2 regularization strength is not a non-negative scalar: []"),
    ((0.1, 0.0, 0.0, 0.5), "lr_power is not a non-positive scalar: []"),
])
def test_sparse_ftrl_refuses_bad_hyper_parameters_in_tfs_words(
        hypers: tuple[float, ...], message: str) -> None:
    refs = _refs(*_state((2, 2))[:3])
    before = [r["value"] for r in refs]
    with pytest.raises(KernelError) as info:
        get_op_def("SparseApplyFtrl").kernel(np, np.ones((1, 2)), np.array([1]),
                                             *map(np.float64, hypers), _refs=refs)
    assert info.value.detail == message
    assert all(r["value"] is b for r, b in zip(refs, before))


def test_ftrl_refuses_a_gradient_of_another_shape_in_tfs_words() -> None:
    refs = _refs(*_state()[:3])
    with pytest.raises(KernelError) as info:
        get_op_def("ApplyFtrl").kernel(np, np.ones((2, 2)), *map(np.float64, (0.1, 0, 0, -0.5)),
                                       _refs=refs)
    assert info.value.detail == "var and grad do not have the same shape[3,4] [2,2]"


def test_ftrl_refuses_a_learning_rate_that_is_not_a_scalar() -> None:
    refs = _refs(*_state()[:3])
    with pytest.raises(KernelError) as info:
        get_op_def("ApplyFtrl").kernel(np, np.ones((3, 4)), np.array([0.1]), np.float64(0),
                                       np.float64(0), np.float64(-0.5), _refs=refs)
    assert info.value.detail == "lr is not a scalar: [1]"
