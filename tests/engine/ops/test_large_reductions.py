"""Large reductions take a faster path on numpy (fixed blocks shared over the cores): over
every axis, the trailing and the leading ones, still as accurate as numpy's own, exact where
numpy is (max, min, argmax, integers), and the same on any number of cores."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import engine
from engine.framework import pieces

N = 3_000_001  # past the fast path's threshold, and not a multiple of its row length


def _reduce(name: str, x: np.ndarray, **kwargs: Any) -> Any:
    g = engine.Graph()
    with g.as_default():
        p = engine.placeholder(engine.as_dtype(x.dtype), [None] * x.ndim)
        out = getattr(engine, name)(p, **kwargs)
    return engine.Session(graph=g).run(out, {p: x})


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_large_sum_and_mean_are_as_accurate_as_numpy(dtype: Any) -> None:
    x = np.random.default_rng(0).standard_normal(N).astype(dtype) + 1
    exact = np.sum(x.astype(np.float64))
    tol = 1e-6 if dtype is np.float32 else 1e-13
    assert abs(float(_reduce("reduce_sum", x)) - exact) <= tol * abs(exact)
    assert abs(float(_reduce("reduce_mean", x)) - exact / N) <= tol * abs(exact / N)
    assert abs(float(np.sum(x)) - exact) <= tol * abs(exact)  # numpy's own, for scale


def test_a_large_max_min_and_axis_sum_equal_numpy_s() -> None:
    x = np.random.default_rng(1).standard_normal((3, N // 3 + 1)).astype(np.float32)
    assert _reduce("reduce_max", x) == x.max() and _reduce("reduce_min", x) == x.min()
    np.testing.assert_allclose(_reduce("reduce_sum", x, axis=1), x.sum(axis=1), rtol=1e-6)
    np.testing.assert_array_equal(_reduce("reduce_max", x, axis=1, keepdims=True),
                                  x.max(axis=1, keepdims=True))


def test_a_large_sum_over_the_first_axis_is_more_accurate_than_numpy_s() -> None:
    x = np.random.default_rng(3).standard_normal((N // 10, 10)).astype(np.float32) * 50
    exact = x.astype(np.float64).sum(axis=0)
    ours = _reduce("reduce_sum", x, axis=0)
    assert ours.dtype == np.float32 and ours.shape == (10,)
    assert np.abs(ours - exact).max() < np.abs(x.sum(axis=0) - exact).max() / 4


def test_a_wide_sum_over_the_first_axis_equals_numpy_s_bit_for_bit() -> None:
    x = np.random.default_rng(4).standard_normal((300, 10_007)).astype(np.float32)
    np.testing.assert_array_equal(_reduce("reduce_sum", x, axis=0), x.sum(axis=0))
    np.testing.assert_array_equal(_reduce("reduce_max", x, axis=0, keepdims=True),
                                  x.max(axis=0, keepdims=True))


@pytest.mark.parametrize("axis", [None, 0, -1])
def test_large_integer_sums_wrap_exactly_as_numpy_s(axis: Any) -> None:
    x = np.random.default_rng(5).integers(-2**30, 2**30, (1000, N // 1000), dtype=np.int32)
    ours = _reduce("reduce_sum", x, axis=axis)
    assert ours.dtype == np.int32
    np.testing.assert_array_equal(ours, np.sum(x, axis=axis, dtype=np.int32))


def test_a_large_integer_mean_truncates_toward_zero() -> None:
    x = np.full(N, -3, np.int32)
    x[0] = 1  # the sum, -9000002, over N: -2.9999...: truncated to -2
    assert _reduce("reduce_mean", x) == -2


@pytest.mark.parametrize("axis", [None, 0, 1])
def test_large_max_min_and_prod_equal_numpy_s(axis: Any) -> None:
    x = np.random.default_rng(6).random((N // 1000, 1000), dtype=np.float32)
    assert np.array_equal(_reduce("reduce_max", x, axis=axis), x.max(axis=axis))
    assert np.array_equal(_reduce("reduce_min", x, axis=axis), x.min(axis=axis))
    near_one = x * np.float32(1e-4) + np.float32(0.99995)
    exact = np.prod(near_one.astype(np.float64), axis=axis)
    # a float32 product of 3e6 factors near 1 drifts whatever its order (numpy's 0.2%, TF's
    # 0.9%); of 3000 or 1000 factors (an axis) it stays close
    rtol = 1e-2 if axis is None else 1e-4
    np.testing.assert_allclose(_reduce("reduce_prod", near_one, axis=axis), exact, rtol=rtol)


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_a_large_argmax_is_the_first_of_tied_extremes(name: str) -> None:
    x = np.zeros(N, np.float32)
    x[[2_000_000, 700_000, 2_900_000]] = 5 if name == "argmax" else -5
    assert _reduce(name, x) == 700_000
    rows = np.random.default_rng(7).random((3, N // 3), dtype=np.float32)
    np.testing.assert_array_equal(_reduce(name, rows, axis=1), getattr(np, name)(rows, axis=1))


def test_a_large_argmax_never_picks_a_nan_as_tf() -> None:
    x = np.zeros(N, np.float32)
    x[[5, 1_500_000, 2_500_000]] = [7, np.nan, np.nan]
    assert _reduce("argmax", x) == 5


def test_large_reductions_do_not_depend_on_the_number_of_cores(
        monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.random.default_rng(2).standard_normal((2, N)).astype(np.float32)
    results = []
    monkeypatch.setattr(pieces, "ADAPTIVE", False)  # always shared over the threads
    for threads in (2, 4, 16):
        monkeypatch.setattr(pieces, "THREADS", threads)
        monkeypatch.setattr(pieces, "_pool", None)
        results.append([_reduce("reduce_sum", x), _reduce("reduce_max", x, axis=1),
                        _reduce("reduce_sum", x.reshape(-1, 2), axis=0),
                        _reduce("argmax", x, axis=1)])
    for other in results[1:]:
        for mine, first in zip(other, results[0]):
            np.testing.assert_array_equal(mine, first)


def test_a_large_sum_of_nan_and_infinity_is_what_numpy_gives() -> None:
    x = np.ones(N, np.float32)
    x[5] = np.inf
    assert _reduce("reduce_sum", x) == np.inf
    x[7] = np.nan
    assert np.isnan(_reduce("reduce_sum", x)) and np.isnan(_reduce("reduce_max", x))


def test_blocks_reduced_together_give_each_block_s_own_result() -> None:
    from engine.ops import _parallel

    x = np.random.default_rng(3).standard_normal(N).astype(np.float32)
    size = _parallel.BLOCK
    blocks = [x[b:b + size] for b in range(0, N, size)]
    each = np.array([_parallel._block("sum", b) for b in blocks], np.float32)
    assert _reduce("reduce_sum", x) == np.add.reduce(each)
    picks = [int(np.argmax(b)) for b in blocks]
    best = int(np.argmax([b[i] for b, i in zip(blocks, picks)]))
    assert _reduce("argmax", x) == best * size + picks[best]


def _near_one(dtype: Any) -> np.ndarray:
    return (np.random.default_rng(6).random(N) * 1e-4 + 0.99995).astype(dtype)


def test_a_large_float32_product_of_factors_near_one_drifts_less_than_numpy_s() -> None:
    x = _near_one(np.float32)
    exact = np.prod(x.astype(np.float64))
    ours = _reduce("reduce_prod", x)
    assert ours.dtype == np.float32
    assert abs(ours / exact - 1) < abs(np.prod(x) / exact - 1) / 2


def test_a_large_float64_product_stays_within_its_rounding_noise() -> None:
    x = _near_one(np.float64)
    ours = _reduce("reduce_prod", x)
    # 3e6 roundings of 1.1e-16 each, either way: about 2e-13
    assert ours.dtype == np.float64 and abs(ours / np.prod(x.astype(np.longdouble)) - 1) < 1e-12


def test_a_large_integer_product_wraps_exactly_as_numpy_s() -> None:
    x = np.random.default_rng(8).integers(-7, 8, N, dtype=np.int32) | 1  # odd: never 0
    ours = _reduce("reduce_prod", x)
    assert ours.dtype == np.int32 and ours == np.prod(x, dtype=np.int32)


def test_a_large_product_keeps_zeros_infinities_and_nans() -> None:
    x = np.ones(N, np.float32)
    x[10] = np.inf
    assert _reduce("reduce_prod", x) == np.inf
    x[N - 3] = 0  # in the tail past the last whole lane row
    assert np.isnan(_reduce("reduce_prod", x))
    x[10] = 2
    assert _reduce("reduce_prod", x) == 0


@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("name", ["reduce_max", "reduce_min"])
def test_large_max_and_min_over_short_rows_and_narrow_columns_equal_numpy_s(
        name: str, axis: int) -> None:
    x = np.random.default_rng(9).standard_normal((N // 997 + 1, 997)).astype(np.float32)
    x[[3, 1501, 2900], [5, 996, 0]] = np.nan  # in groups of an odd number of rows too
    func = np.max if name == "reduce_max" else np.min
    np.testing.assert_array_equal(_reduce(name, x, axis=axis), func(x, axis=axis))
