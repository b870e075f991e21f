"""The divisions: RealDiv, FloorDiv, FloorMod, TruncateDiv and TruncateMod, as TF's CPU
kernels compute them.

Where numpy and TF differ, the kernels do what TF does: an integer division by zero raises
(``Integer division by zero`` for the floor ops; TF's odd InternalError for the truncating
ones) instead of giving 0; float floor division is ``floor(x / y)`` (numpy's
``floor_divide`` differs at infinities and signed zeros) and float FloorMod is TF's
``fmod``-based formula. TF registers no CPU kernel for RealDiv of integers, FloorDiv and
TruncateDiv of complex numbers, nor TruncateMod of half precision: those ops build, and a run
fails as in TF (see ``framework/kernels.py``).
"""

from __future__ import annotations

import operator
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import InternalError, KernelError
from ..framework.kernels import cpu_kernels
from ._common import FLOORMOD_TYPES, MUL_TYPES, TRUNCATEMOD_TYPES, dtypes_named
from .math import binary_op

_ZERO = "Integer division by zero"
_TRUNCATE_ZERO = "Unexpected error in binary operator (only integer div and mod should have errors)"


def _dtype_name(x: Any) -> str:
    """``float32`` for numpy, cupy and ``array_api_strict.float32`` alike."""
    return str(getattr(x, "dtype", "")).rsplit(".", 1)[-1]


def _is_int(x: Any) -> bool:
    return _dtype_name(x).startswith(("int", "uint"))


def _refuse_zero(xp: Any, out: Any, y: Any, detail: str, cls: Any = None) -> None:
    size = 1
    for d in getattr(out, "shape", ()):
        size *= int(d)
    if size and bool(xp.any(y == 0)):
        raise KernelError(detail) if cls is None else KernelError(detail, cls)


def _fmod(xp: Any, x: Any, y: Any) -> Any:
    """C's ``fmod`` (the sign of x), where the namespace has none (the array API has only
    ``remainder``, which takes the sign of y)."""
    if hasattr(xp, "fmod"):
        return xp.fmod(x, y)
    r = xp.remainder(x, y)
    r = xp.where(xp.logical_and(r != 0, xp.signbit(r) != xp.signbit(x)), r - y, r)
    r = xp.where(xp.logical_and(xp.isinf(y), xp.isfinite(x)), x, r)
    return xp.where(r == 0, xp.copysign(xp.zeros_like(r), x), r)


def _trunc_div_int(xp: Any, x: Any, y: Any) -> Any:
    q = xp.floor_divide(x, y)
    r = xp.subtract(x, xp.multiply(q, y))
    fix = xp.logical_and(r != 0, xp.logical_xor(x < 0, y < 0))
    return xp.where(fix, q + 1, q)


def _flush_subnormal(xp: Any, q: Any) -> Any:
    """TF's CPU kernels compute float32/float64 with subnormals flushed to (signed) zero:
    ``floor(-1.0 / 1e308)`` is -0.0 there, not -1.0."""
    if _dtype_name(q) not in ("float32", "float64"):
        return q
    tiny = xp.finfo(q.dtype).smallest_normal
    return xp.where(xp.abs(q) < tiny, q * 0, q)


def _floor_div(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    if _is_int(x):
        out = xp.floor_divide(x, y)
        _refuse_zero(xp, out, y, _ZERO)
        return out
    return xp.floor(_flush_subnormal(xp, xp.divide(x, y)))


def _real_div(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    out = xp.divide(x, y)
    if _dtype_name(out).startswith("complex"):
        # Eigen divides complex numbers by x * conj(y) / |y|^2: by 0 that is nan, not inf
        nan = xp.asarray(complex(float("nan"), float("nan")), dtype=out.dtype)
        out = xp.where(y == 0, nan, out)
    return out


def _floor_mod(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    if _is_int(x):
        out = xp.remainder(x, y)
        _refuse_zero(xp, out, y, _ZERO)
        return out
    trunc = _fmod(xp, x, y)
    fix = xp.logical_and(trunc != 0, (y < 0) != (trunc < 0))
    return xp.where(fix, trunc + y, trunc)


def _truncate_div(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    if _is_int(x):
        out = _trunc_div_int(xp, x, y)
        _refuse_zero(xp, out, y, _TRUNCATE_ZERO, InternalError)
        return out
    return xp.trunc(xp.divide(x, y))


def _truncate_mod(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    if _is_int(x):
        out = xp.subtract(x, xp.multiply(_trunc_div_int(xp, x, y), y))
        _refuse_zero(xp, out, y, _TRUNCATE_ZERO, InternalError)
        return out
    return _fmod(xp, x, y)


_FLOATS_AND_INTS = dtypes_named(
    "float64", "bfloat16", "float16", "float32", "int64", "int32", "int16", "int8", "uint64",
    "uint32", "uint16", "uint8",
)

binary_op("RealDiv", _real_div, MUL_TYPES,
          "x / y of floats and complex numbers (TF has no integer kernel: x / y casts them).",
          fusion="({0} / {1})", default_name="truediv", operator_name="truediv",
          py=operator.truediv, ufunc="divide",
          kernels=cpu_kernels("T", *dtypes_named("complex128", "complex64", "bfloat16",
                                                 "float64", "float16", "float32")))
binary_op("FloorDiv", _floor_div, MUL_TYPES,
          "x // y, rounding toward negative infinity; an integer division by zero fails.",
          default_name="floordiv", operator_name="floordiv",
          kernels=cpu_kernels("T", *_FLOATS_AND_INTS, default=(0, dt.int32)))
binary_op("FloorMod", _floor_mod, FLOORMOD_TYPES,
          "x % y with the sign of y; an integer division by zero fails.", operator_name="mod")
binary_op("TruncateDiv", _truncate_div, MUL_TYPES,
          "x / y rounded toward zero (C's integer division).",
          kernels=cpu_kernels("T", *dtypes_named(
              "float64", "float32", "bfloat16", "float16", "int64", "int32", "int16", "int8",
              "uint64", "uint32", "uint16", "uint8")))
binary_op("TruncateMod", _truncate_mod, TRUNCATEMOD_TYPES,
          "The remainder of TruncateDiv: the sign of x (C's %, fmod).",
          kernels=cpu_kernels("T", *dtypes_named("float64", "float32", "int64", "int32"),
                              default=(4, dt.int32)))
