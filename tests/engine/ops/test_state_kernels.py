"""The state ops' kernels: each apply op computes TF's update (the formulas of TF's CPU
kernels, written out here in numpy) and stores new arrays, leaving the old ones as they
were; assignments check shapes in TF's words. (Their names, graphs and values after several
steps are also checked against TF itself: tests/engine/tf_cases/optimizers.py.)"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.framework.errors import FailedPreconditionError, KernelError
from engine.ops import state

#: the state ops, kept out of test_kernels.py's matrix (they hold session state)
COVERED = {"VariableV2", "Assign", "AssignAdd", "AssignSub", "NoOp", "ApplyGradientDescent",
           "ApplyMomentum", "ApplyAdam", "ApplyRMSProp", "ApplyCenteredRMSProp",
           "IsVariableInitialized", "CountUpTo"}
RNG = np.random.default_rng(0)


def _refs(*values: np.ndarray) -> list[dict[str, Any]]:
    return [{"value": v, "name": f"v{i}"} for i, v in enumerate(values)]


def _arrays(n: int, dtype: Any = np.float64) -> list[np.ndarray]:
    return [RNG.random((3, 4)).astype(dtype) + 0.1 for _ in range(n)]


def test_gradient_descent() -> None:
    var, delta = _arrays(2)
    refs = _refs(var)
    state._gd(np, 0.5, delta, _refs=refs)
    np.testing.assert_allclose(refs[0]["value"], var - 0.5 * delta)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum(nesterov: bool) -> None:
    var, accum, grad = _arrays(3)
    refs = _refs(var, accum)
    state._momentum(np, 0.1, grad, 0.9, _refs=refs, use_nesterov=nesterov)
    new_accum = accum * 0.9 + grad
    step = grad * 0.1 + new_accum * 0.9 * 0.1 if nesterov else 0.1 * new_accum
    np.testing.assert_allclose(refs[1]["value"], new_accum)
    np.testing.assert_allclose(refs[0]["value"], var - step)


@pytest.mark.parametrize("nesterov", [False, True])
def test_adam(nesterov: bool) -> None:
    var, m, v, grad = _arrays(4)
    refs = _refs(var, m, v)
    state._adam(np, 0.9**2, 0.999**2, 0.01, 0.9, 0.999, 1e-8, grad, _refs=refs,
                use_nesterov=nesterov)
    alpha = 0.01 * np.sqrt(1 - 0.999**2) / (1 - 0.9**2)
    new_m = m + (grad - m) * 0.1
    new_v = v + (grad * grad - v) * (1 - 0.999)
    step = new_m * 0.9 + 0.1 * grad if nesterov else new_m
    np.testing.assert_allclose(refs[1]["value"], new_m)
    np.testing.assert_allclose(refs[2]["value"], new_v)
    np.testing.assert_allclose(refs[0]["value"], var - step * alpha / (np.sqrt(new_v) + 1e-8))


def test_rmsprop() -> None:
    var, ms, mom, grad = _arrays(4)
    refs = _refs(var, ms, mom)
    state._rmsprop(np, 0.01, 0.9, 0.5, 1e-6, grad, _refs=refs)
    new_ms = ms + (grad * grad - ms) * 0.1
    new_mom = mom * 0.5 + 0.01 * grad / np.sqrt(new_ms + 1e-6)
    np.testing.assert_allclose(refs[1]["value"], new_ms)
    np.testing.assert_allclose(refs[2]["value"], new_mom)
    np.testing.assert_allclose(refs[0]["value"], var - new_mom)


def test_centered_rmsprop_divides_by_the_variance() -> None:
    var, mg, ms, mom, grad = _arrays(5)
    ms = ms + 1.0  # above mg², so the variance is positive
    refs = _refs(var, mg, ms, mom)
    state._centered_rmsprop(np, 0.01, 0.9, 0.5, 1e-6, grad, _refs=refs)
    new_ms = ms + (grad * grad - ms) * 0.1
    new_mg = mg + (grad - mg) * 0.1
    new_mom = mom * 0.5 + grad * 0.01 / np.sqrt(new_ms - new_mg * new_mg + 1e-6)
    for got, want in zip(refs, (var - new_mom, new_mg, new_ms, new_mom)):
        np.testing.assert_allclose(got["value"], want)


def test_is_variable_initialized_says_whether_the_state_holds_a_value() -> None:
    from engine.framework.registry import get_op_def

    kernel = get_op_def("IsVariableInitialized").kernel
    empty: dict[str, Any] = {"name": "v"}
    assert kernel(np, _refs=[empty]) == np.bool_(False)
    assert kernel(np, _refs=_refs(np.zeros(2))) == np.bool_(True)


def test_count_up_to_returns_the_value_before_and_stops_at_the_limit() -> None:
    from engine.framework.errors import OutOfRangeError
    from engine.framework.registry import get_op_def

    kernel = get_op_def("CountUpTo").kernel
    refs = _refs(np.array(1, np.int64))
    assert kernel(np, _refs=refs, limit=2) == 1
    assert refs[0]["value"] == 2 and refs[0]["value"].dtype == np.int64
    with pytest.raises(KernelError, match="Reached limit of 2") as caught:
        kernel(np, _refs=refs, limit=2)
    assert caught.value.cls is OutOfRangeError
    assert refs[0]["value"] == 2


def test_an_update_stores_new_read_only_arrays_and_keeps_the_old_ones() -> None:
    var, grad = _arrays(2)
    before = var.copy()
    refs = _refs(var)
    state._gd(np, 1.0, grad, _refs=refs)
    assert refs[0]["value"] is not var and not refs[0]["value"].flags.writeable
    np.testing.assert_array_equal(var, before)


def test_an_update_of_an_uninitialized_variable_fails_in_tfs_words() -> None:
    with pytest.raises(KernelError) as info:
        state._gd(np, 1.0, np.ones(2), _refs=[{"name": "w"}])
    assert info.value.cls is FailedPreconditionError
    assert info.value.detail == "Attempting to use uninitialized value w"


def test_assign_copies_the_value_it_stores() -> None:
    value = np.array([1.0, 2.0])
    refs = _refs(np.zeros(2))
    state._assign(np, value, _refs=refs, validate_shape=True)
    value[0] = 9.0
    assert refs[0]["value"].tolist() == [1.0, 2.0]


def test_assign_of_another_shape_fails_at_run_time_in_tfs_words() -> None:
    with pytest.raises(KernelError, match=r"Assign requires shapes of both tensors to match\. "
                                          r"lhs shape= \[2\] rhs shape= \[3\]"):
        state._assign(np, np.ones(3), _refs=_refs(np.zeros(2)), validate_shape=True)


def test_assign_add_and_sub() -> None:
    refs = _refs(np.array([1.0, 2.0]))
    state._assign_update(1)(np, np.array([10.0, 10.0]), _refs=refs)
    state._assign_update(-1)(np, np.array([1.0, 1.0]), _refs=refs)
    assert refs[0]["value"].tolist() == [10.0, 11.0]
