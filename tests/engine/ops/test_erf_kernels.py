"""The float64 erf and erfc kernels against the C library's (``math.erf``, ``math.erfc``) over a
dense grid with the tails, and at the special values."""

from __future__ import annotations

import math

import numpy as np

from engine.ops import erf_kernels

GRID = np.concatenate([np.linspace(-30.0, 30.0, 120001), np.geomspace(1e-300, 1.0, 2001),
                       -np.geomspace(1e-300, 1.0, 2001)])


def _ulps(actual: np.ndarray, expected: np.ndarray) -> float:
    return float((np.abs(actual - expected) / np.spacing(np.abs(expected))).max())


def test_erf_is_within_a_few_ulp_of_the_c_library() -> None:
    expected = np.array([math.erf(v) for v in GRID])
    assert _ulps(erf_kernels.erf(np, GRID), expected) <= 10


def test_erfc_is_within_a_few_ulp_of_the_c_library_into_its_tail() -> None:
    expected = np.array([math.erfc(v) for v in GRID])
    normal = np.abs(expected) >= np.finfo(np.float64).tiny  # subnormals: absolute error only
    assert _ulps(erf_kernels.erfc(np, GRID)[normal], expected[normal]) <= 6
    assert np.abs(erf_kernels.erfc(np, GRID)[~normal] - expected[~normal]).max() < 1e-320


def test_erf_keeps_the_sign_of_zero_and_gives_one_at_infinity() -> None:
    out = erf_kernels.erf(np, np.array([-0.0, 0.0, np.inf, -np.inf]))
    assert list(np.signbit(out[:2])) == [True, False]
    assert list(out[2:]) == [1.0, -1.0]


def test_erfc_is_zero_and_two_at_the_infinities() -> None:
    assert list(erf_kernels.erfc(np, np.array([np.inf, -np.inf, 0.0]))) == [0.0, 2.0, 1.0]


def test_nan_stays_nan() -> None:
    x = np.array([np.nan, 1.0])
    assert np.isnan(erf_kernels.erf(np, x)[0]) and np.isnan(erf_kernels.erfc(np, x)[0])
