"""The error function and its complement in double precision, on the array namespace (numpy
has no ``erf``, and scipy is not a dependency). Measured against the C library's ``erf`` and
``erfc`` over a dense grid, the error is a few ulp (``tests/engine/ops/test_erf_kernels.py``).

Three expansions, each where it converges fast and loses no digits to cancellation:

* ``|x| < 0.5``: the Taylor series ``2/sqrt(pi) * sum (-1)^k x^(2k+1) / (k! (2k+1))``;
* ``0.5 <= |x| < 2.5``: ``2/sqrt(pi) * x * exp(-x^2) * sum (2x^2)^k / (1*3*...*(2k+1))``,
  whose terms are all positive;
* ``x >= 0.8`` (erfc) and ``|x| >= 2.5`` (erf): Laplace's continued fraction
  ``erfc(x) = exp(-x^2) / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))))``,
  evaluated from the bottom up.

``exp(-x^2)`` is taken of ``x^2`` split exactly into a double and its rounding error (Dekker's
product), so the exponential adds no error that grows with ``x``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

_TWO_OVER_ROOT_PI = 2 / math.sqrt(math.pi)
_TAYLOR_TERMS = 18  # (0.5)^(2k+1) / k! below 1e-17 of the sum
_SERIES_TERMS = 48  # enough up to |x| = 2.5 (measured: 40 give the same)
_FRACTION_TERMS = 300  # enough from x = 0.8 on (measured: 200 lose digits below x = 0.9)
_ERFC_ZERO = 28.0  # erfc(28) < the smallest subnormal double


def _exp_minus_square(xp: Any, x: Any) -> Any:
    """``exp(-x*x)`` with ``x*x`` split exactly: ``hi + lo``."""
    c = 134217729.0 * x  # 2^27 + 1: Veltkamp's split into 26-bit halves
    high = c - (c - x)
    low = x - high
    hi = x * x
    lo = ((high * high - hi) + 2 * high * low) + low * low
    return xp.exp(-hi) * (1 - lo)


_TAYLOR = tuple((-1) ** k / (math.factorial(k) * (2 * k + 1)) for k in range(_TAYLOR_TERMS + 1))


def _erf_taylor(x: Any) -> Any:
    x2 = x * x
    s = _TAYLOR[-1] + 0 * x
    for c in _TAYLOR[-2::-1]:  # by Horner in x^2
        s = c + x2 * s
    return _TWO_OVER_ROOT_PI * x * s


def _erf_positive_series(xp: Any, x: Any) -> Any:
    x2 = 2 * x * x
    s = 1 + 0 * x
    for k in range(_SERIES_TERMS, 0, -1):
        s = 1 + s * x2 / (2 * k + 1)
    return _TWO_OVER_ROOT_PI * x * _exp_minus_square(xp, x) * s


def _erfc_fraction(xp: Any, x: Any, terms: int = _FRACTION_TERMS) -> Any:
    """erfc of ``x >= 0.8`` from ``terms`` levels of the fraction."""
    x = xp.minimum(x, _ERFC_ZERO)  # +inf: exp(-784) is 0 already
    t = x
    for k in range(terms, 0, -1):
        t = x + (k / 2) / t
    return _exp_minus_square(xp, x) / (math.sqrt(math.pi) * t)


#: (from x, the fraction's levels that keep erfc within 5 ulp there; measured): the farther
#: out, the faster the fraction converges
_FRACTION_BANDS = ((0.8, _FRACTION_TERMS), (1.2, 130), (1.6, 90), (2.2, 45), (3.0, 30),
                   (4.0, 20))


def _erfc_tail(xp: Any, a: Any) -> Any:
    """erfc of ``a >= 0.8`` (or NaN), each band of ``a`` with the levels it needs (numpy; a
    namespace that computes every piece everywhere takes the deepest fraction alone)."""
    if xp is not np:
        return _erfc_fraction(xp, a)
    pieces = []
    for (start, terms), (end, _) in zip(_FRACTION_BANDS, (*_FRACTION_BANDS[1:], (0.0, 0))):
        mask = a < end if end else ~(a < start)  # the last band: NaN too
        if end:
            mask &= a >= start
        pieces.append((mask, lambda v, n=terms: _erfc_fraction(xp, v, n)))
    return _piecewise(xp, a, pieces)


def _piecewise(xp: Any, a: Any, pieces: list[tuple[Any, Any]]) -> Any:
    """``f(a)`` of the piece whose mask holds, per element (the masks are disjoint and cover
    every element).
    numpy computes each piece on its elements only; a namespace without data-dependent
    shapes (the array API's) computes every piece everywhere and picks with ``where``."""
    if xp is np:
        out = np.empty_like(a)
        for mask, f in pieces:
            out[mask] = f(a[mask])
        return out
    out = pieces[-1][1](a)
    for mask, f in pieces[-2::-1]:
        out = xp.where(mask, f(a), out)
    return out


def _erf_abs(xp: Any, a: Any) -> Any:
    """erf of ``a = |x|`` (NaN stays NaN)."""
    small, middle = a < 0.5, (a >= 0.5) & (a < 2.5)
    return _piecewise(xp, a, [
        (small, _erf_taylor),
        (middle, lambda v: _erf_positive_series(xp, v)),
        (~(small | middle), lambda v: 1 - _erfc_tail(xp, v)),  # NaN too; 1 from 6 on
    ])


def erf(xp: Any, x: Any) -> Any:
    """erf of a float64 array; ``erf(-0) = -0``, ``erf(+-inf) = +-1``, NaN stays NaN."""
    return xp.copysign(_erf_abs(xp, xp.abs(x)), x)


def erfc(xp: Any, x: Any) -> Any:
    """erfc of a float64 array; ``erfc(-inf) = 2``, ``erfc(inf) = 0``, NaN stays NaN."""
    a = xp.abs(x)
    near = a < 0.8  # below 0.8, 1 - erf(x) loses under 2 bits
    out = _piecewise(xp, a, [(near, lambda v: 1 - _erf_abs(xp, v)),
                             (~near, lambda v: _erfc_tail(xp, v))])
    return xp.where(x < 0, 2 - out, out)
