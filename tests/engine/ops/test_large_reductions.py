"""Large float reductions take a faster path on numpy (BLAS row sums, blocks over the
cores): still as accurate as numpy's own, and the same on any number of cores."""

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


def test_large_reductions_do_not_depend_on_the_number_of_cores(
        monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.random.default_rng(2).standard_normal((2, N)).astype(np.float32)
    results = []
    monkeypatch.setattr(pieces, "ADAPTIVE", False)  # always shared over the threads
    for threads in (2, 4, 16):
        monkeypatch.setattr(pieces, "THREADS", threads)
        monkeypatch.setattr(pieces, "_pool", None)
        results.append([_reduce("reduce_sum", x), _reduce("reduce_max", x, axis=1)])
    for other in results[1:]:
        np.testing.assert_array_equal(other[0], results[0][0])
        np.testing.assert_array_equal(other[1], results[0][1])


def test_a_large_sum_of_nan_and_infinity_is_what_numpy_gives() -> None:
    x = np.ones(N, np.float32)
    x[5] = np.inf
    assert _reduce("reduce_sum", x) == np.inf
    x[7] = np.nan
    assert np.isnan(_reduce("reduce_sum", x)) and np.isnan(_reduce("reduce_max", x))
