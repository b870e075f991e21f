"""The sparse update ops' kernels: Unique's order, ScatterAdd/ScatterSub with repeated
indices, and the sparse apply ops' updates of the rows named (TF's CPU formulas written out
in numpy), each storing new read-only arrays and leaving the old ones, and failing in TF's
words without changing any state. (Their graphs and values are also checked against TF
itself: tests/engine/tf_cases/sparse_optimizers.py.)"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.framework import dtypes as dt
from engine.framework.errors import KernelError
from engine.framework.registry import get_op_def
from engine.ops import sparse_updates as su

#: kept out of test_kernels.py's matrix: state ops, and Unique (integer positions out)
COVERED = {"Unique", "ScatterAdd", "ScatterSub", "SparseApplyMomentum", "SparseApplyRMSProp",
           "SparseApplyCenteredRMSProp"}
RNG = np.random.default_rng(3)


def kernel_of(op_type: str) -> Any:
    return get_op_def(op_type).kernel


def _refs(*values: np.ndarray) -> list[dict[str, Any]]:
    return [{"value": v, "name": f"v{i}"} for i, v in enumerate(values)]


def _table() -> np.ndarray:
    return RNG.random((5, 3)) + 0.1


def test_unique_keeps_first_occurrence_order() -> None:
    y, idx = su._unique(np, np.array([7, 2, 7, 9, 2], np.int32), out_idx=dt.int64)
    assert y.tolist() == [7, 2, 9]
    assert idx.tolist() == [0, 1, 0, 2, 1] and idx.dtype == np.int64


def test_scatter_add_sums_repeated_rows() -> None:
    var = _table()
    refs = _refs(var)
    updates = RNG.random((3, 3))
    kernel_of("ScatterAdd")(np, np.array([4, 0, 4]), updates, _refs=refs)
    want = var.copy()
    want[4] += updates[0] + updates[2]
    want[0] += updates[1]
    np.testing.assert_allclose(refs[0]["value"], want)
    assert not refs[0]["value"].flags.writeable


def test_scatter_sub_with_an_index_out_of_range_changes_nothing() -> None:
    var = _table()
    refs = _refs(var)
    with pytest.raises(KernelError, match=r"indices\[1\] = 5 is not in \[0, 5\)"):
        kernel_of("ScatterSub")(np, np.array([0, 5]), np.ones((2, 3)), _refs=refs)
    assert refs[0]["value"] is var


@pytest.mark.parametrize("nesterov", [False, True])
def test_sparse_momentum_updates_only_the_rows_named(nesterov: bool) -> None:
    var, accum = _table(), _table()
    refs = _refs(var, accum)
    grad, rows = RNG.random((2, 3)), np.array([3, 1])
    kernel_of("SparseApplyMomentum")(np, np.float64(0.1), grad, rows, np.float64(0.9),
                                     _refs=refs, use_nesterov=nesterov)
    new_accum, new_var = accum.copy(), var.copy()
    new_accum[rows] = accum[rows] * 0.9 + grad
    step = 0.1 * grad + 0.1 * new_accum[rows] * 0.9 if nesterov else 0.1 * new_accum[rows]
    new_var[rows] = var[rows] - step
    np.testing.assert_allclose(refs[1]["value"], new_accum)
    np.testing.assert_allclose(refs[0]["value"], new_var)
    np.testing.assert_array_equal(var[[0, 2, 4]], refs[0]["value"][[0, 2, 4]])


def test_sparse_momentum_applies_a_repeated_row_twice_in_order() -> None:
    var, accum = np.array([[1.0], [3.0]]), np.zeros((2, 1))
    refs = _refs(var, accum)
    kernel_of("SparseApplyMomentum")(np, np.float64(0.1), np.array([[1.0], [2.0]]),
                                     np.array([1, 1]), np.float64(0.9), _refs=refs,
                                     use_nesterov=False)
    # accum 1.0 then 2.9; var 3 - 0.1 then - 0.29
    np.testing.assert_allclose(refs[1]["value"], [[0.0], [2.9]])
    np.testing.assert_allclose(refs[0]["value"], [[1.0], [2.61]])


def test_sparse_rmsprop_updates_only_the_rows_named() -> None:
    var, ms, mom = _table(), _table(), _table()
    refs = _refs(var, ms, mom)
    grad, rows = RNG.random((2, 3)), np.array([0, 4])
    kernel_of("SparseApplyRMSProp")(np, np.float64(0.01), np.float64(0.9), np.float64(0.5),
                                    np.float64(1e-6), grad, rows, _refs=refs)
    new_ms, new_mom, new_var = ms.copy(), mom.copy(), var.copy()
    new_ms[rows] = ms[rows] * 0.9 + grad * grad * 0.1
    new_mom[rows] = mom[rows] * 0.5 + 0.01 * grad / np.sqrt(new_ms[rows] + 1e-6)
    new_var[rows] = var[rows] - new_mom[rows]
    for got, want in zip(refs, (new_var, new_ms, new_mom)):
        np.testing.assert_allclose(got["value"], want)


def test_sparse_centered_rmsprop_updates_only_the_rows_named() -> None:
    var, mg, ms, mom = _table(), _table(), _table() + 1.0, _table()
    refs = _refs(var, mg, ms, mom)
    grad, rows = RNG.random((2, 3)), np.array([0, 4])
    kernel_of("SparseApplyCenteredRMSProp")(np, np.float64(0.01), np.float64(0.9),
                                            np.float64(0.5), np.float64(1e-6), grad, rows,
                                            _refs=refs)
    new_mg, new_ms, new_mom, new_var = mg.copy(), ms.copy(), mom.copy(), var.copy()
    new_ms[rows] = ms[rows] * 0.9 + grad * grad * 0.1
    new_mg[rows] = mg[rows] * 0.9 + grad * 0.1
    denom = new_ms[rows] + 1e-6 - new_mg[rows] ** 2
    new_mom[rows] = mom[rows] * 0.5 + 0.01 * grad / np.sqrt(denom)
    new_var[rows] = var[rows] - new_mom[rows]
    for got, want in zip(refs, (new_var, new_mg, new_ms, new_mom)):
        np.testing.assert_allclose(got["value"], want)


def test_a_sparse_apply_with_an_index_out_of_range_changes_nothing() -> None:
    var, accum = _table(), _table()
    refs = _refs(var, accum)
    with pytest.raises(KernelError, match="Index -1 at offset 1 in indices is out of range"):
        kernel_of("SparseApplyMomentum")(np, np.float64(0.1), np.ones((2, 3)),
                                         np.array([0, -1]), np.float64(0.9), _refs=refs,
                                         use_nesterov=False)
    assert refs[0]["value"] is var and refs[1]["value"] is accum


def test_rounds_apply_each_rows_repeats_in_order() -> None:
    indices = RNG.integers(0, 6, size=40)
    seen: dict[int, list[int]] = {}
    for at in su.rounds(indices):
        assert len(set(indices[at].tolist())) == len(at)  # a round names a row once
        for i in at.tolist():
            seen.setdefault(int(indices[i]), []).append(i)
    assert all(positions == sorted(positions) for positions in seen.values())
    assert sorted(i for p in seen.values() for i in p) == list(range(40))


def test_scatter_sub_of_many_repeats_is_the_sequential_result() -> None:
    var = RNG.random((6, 4)).astype(np.float32)
    indices = RNG.integers(0, 6, size=50)
    updates = RNG.random((50, 4)).astype(np.float32)
    refs = _refs(var)
    kernel_of("ScatterSub")(np, indices, updates, _refs=refs)
    want = var.copy()
    for i, row in enumerate(indices.tolist()):  # TF's kernel: one update after the other
        want[row] -= updates[i]
    np.testing.assert_array_equal(refs[0]["value"], want)


def test_sparse_rmsprop_of_many_repeats_is_the_sequential_result() -> None:
    var, ms, mom = (RNG.random((4, 3)).astype(np.float32) + 0.5 for _ in range(3))
    indices = RNG.integers(0, 4, size=12)
    grad = RNG.random((12, 3)).astype(np.float32)
    scalars = [np.float32(s) for s in (0.01, 0.9, 0.5, 1e-6)]
    refs = _refs(var, ms, mom)
    kernel_of("SparseApplyRMSProp")(np, *scalars, grad, indices, _refs=refs)
    want = [var.copy(), ms.copy(), mom.copy()]
    for i, row in enumerate(indices.tolist()):
        parts = su._rmsprop_step([w[row] for w in want], grad[i], scalars, {})
        for w, part in zip(want, parts):
            w[row] = part
    for got, expected in zip(refs, want):
        np.testing.assert_array_equal(got["value"], expected)
