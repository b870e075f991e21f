"""Small float sums and means (a bias's gradient, a loss's mean) take numpy's reduction
directly: the values are np.sum's and np.mean's bit for bit, over every axis."""

from __future__ import annotations

import numpy as np
import pytest

import engine


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("axis", [0, 1, -1, [0, 1]])
@pytest.mark.parametrize("keepdims", [False, True])
def test_a_small_sum_and_mean_are_numpys_bit_for_bit(dtype: type, axis: object,
                                                       keepdims: bool) -> None:
    values = np.random.default_rng(3).standard_normal((128, 37)).astype(dtype) * 1e3
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(dtype, [None, 37])
        total = engine.reduce_sum(x, axis=axis, keepdims=keepdims)
        mean = engine.reduce_mean(x, axis=axis, keepdims=keepdims)
    got_total, got_mean = engine.Session(graph=g).run([total, mean], {x: values})
    axes = tuple(axis) if isinstance(axis, list) else axis
    want_total = np.sum(values, axis=axes, keepdims=keepdims, dtype=dtype)
    want_mean = np.mean(values, axis=axes, keepdims=keepdims, dtype=dtype)
    assert got_total.dtype == want_total.dtype and got_mean.dtype == want_mean.dtype
    assert np.array_equal(got_total, want_total) and np.array_equal(got_mean, want_mean)


def test_an_axis_out_of_range_is_tfs_error() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None])
        axis = engine.placeholder(engine.int32, [1])
        total = engine.reduce_sum(x, axis=axis)
    with pytest.raises(engine.errors.InvalidArgumentError,
                       match=r"Invalid reduction dimension \(3 for input with 1 dimension"):
        engine.Session(graph=g).run(total, {x: np.ones(4, np.float32), axis: [3]})
