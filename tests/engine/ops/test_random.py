"""Random ops: TF's distributions and TF's seed determinism (the same numbers in every new
session for the same seeds, new numbers on each run of a session), not TF's bit streams."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import engine

N = 200_000


def _run(build: Any, runs: int = 1, seed: int | None = None, **kwargs: Any) -> list[Any]:
    g = engine.Graph()
    with g.as_default():
        if seed is not None:
            engine.set_random_seed(seed)
        t = build()
    sess = engine.Session(graph=g, **kwargs)
    return [sess.run(t) for _ in range(runs)]


def test_random_normal_has_the_mean_and_stddev_asked_for() -> None:
    (x,) = _run(lambda: engine.random_normal([N], mean=3.0, stddev=2.0, seed=1))
    assert x.dtype == np.float32 and x.shape == (N,)
    assert abs(x.mean() - 3.0) < 0.02 and abs(x.std() - 2.0) < 0.02


def test_truncated_normal_stays_within_two_standard_deviations() -> None:
    (x,) = _run(lambda: engine.truncated_normal([N], stddev=1.5, seed=2, dtype=engine.float64))
    assert x.dtype == np.float64
    assert np.abs(x).max() <= 3.0
    # a standard normal cut at ±2 has a standard deviation of 0.8796
    assert abs(x.std() / 1.5 - 0.8796) < 0.01


def test_random_uniform_covers_its_interval_evenly() -> None:
    (x,) = _run(lambda: engine.random_uniform([N], minval=-1.0, maxval=3.0, seed=3))
    assert x.min() >= -1.0 and x.max() < 3.0
    counts, _ = np.histogram(x, bins=8, range=(-1, 3))
    assert np.all(np.abs(counts / (N / 8) - 1) < 0.05)


def test_random_uniform_integers_are_in_minval_up_to_maxval() -> None:
    (x,) = _run(lambda: engine.random_uniform([N], minval=-2, maxval=5, dtype=engine.int64,
                                              seed=4))
    assert x.dtype == np.int64 and set(np.unique(x)) == set(range(-2, 5))


@pytest.mark.parametrize("dtype", [engine.float16, engine.bfloat16])
def test_random_values_of_half_precision_stay_below_one(dtype: Any) -> None:
    (x,) = _run(lambda: engine.random_uniform([N], dtype=dtype, seed=5))
    assert x.dtype == dtype.np_dtype and float(x.max()) < 1.0


def test_an_op_seed_gives_the_same_numbers_in_every_new_session() -> None:
    a = _run(lambda: engine.random_normal([5], seed=7), runs=2)
    b = _run(lambda: engine.random_normal([5], seed=7), runs=2)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_each_run_of_a_session_draws_new_numbers() -> None:
    first, second = _run(lambda: engine.random_normal([5], seed=7), runs=2)
    assert not np.array_equal(first, second)


def test_a_graph_seed_makes_unseeded_ops_repeatable_and_different_from_each_other() -> None:
    def two() -> Any:
        return [engine.random_normal([4]), engine.random_normal([4])]

    (a,) = _run(two, seed=11)
    (b,) = _run(two, seed=11)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], a[1])  # ops 0 and 1 of the graph seed: other streams


def test_another_graph_seed_gives_other_numbers() -> None:
    (a,) = _run(lambda: engine.random_normal([4]), seed=1)
    (b,) = _run(lambda: engine.random_normal([4]), seed=2)
    assert not np.array_equal(a, b)


def test_without_seeds_two_sessions_draw_different_numbers() -> None:
    (a,) = _run(lambda: engine.random_normal([6]))
    (b,) = _run(lambda: engine.random_normal([6]))
    assert not np.array_equal(a, b)


def test_seeds_resolve_as_tf_resolves_them() -> None:
    g = engine.Graph()
    with g.as_default():
        assert engine.get_seed(None) == (None, None)
        assert engine.get_seed(5) == (87654321, 5)
        engine.set_random_seed(0)
        assert engine.get_seed(None) == (0, 2**31 - 1)  # (0, 0) would mean "not seeded"
        engine.set_random_seed(3)
        assert engine.get_seed(None) == (3, 1)  # the graph's second op without a seed
        assert engine.get_seed(2**31 + 4) == (3, 5)


def test_a_random_op_is_never_folded_nor_cached() -> None:
    """Folding or the value cache would freeze the numbers: each run must draw again,
    also with ``cache=True`` (the editor's runs)."""
    g = engine.Graph()
    with g.as_default():
        r = engine.random_uniform([3], seed=9)
        y = r * 2.0 + 1.0
    sess = engine.Session(graph=g, cache=True)
    first, second = sess.run(y), sess.run(y)
    assert not np.array_equal(first, second)
    assert np.all((first >= 1) & (first < 3))


def test_the_same_seeds_give_the_same_numbers_on_every_backend() -> None:
    """The numbers are drawn on the host, so the strict array-API backend (as cupy) agrees."""
    strict = pytest.importorskip("array_api_strict")
    (a,) = _run(lambda: engine.random_normal([4], seed=12), xp=strict)
    (b,) = _run(lambda: engine.random_normal([4], seed=12))
    np.testing.assert_array_equal(np.asarray(a), b)


def test_a_fed_shape_tensor_sets_the_shape_at_run_time() -> None:
    g = engine.Graph()
    with g.as_default():
        s = engine.placeholder(engine.int32, [2])
        r = engine.random_normal(s, seed=1)
    assert r.shape.as_list() == [None, None]
    assert engine.Session(graph=g).run(r, {s: [3, 2]}).shape == (3, 2)
