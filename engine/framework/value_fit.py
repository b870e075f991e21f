"""Values a person typed (the editor, paste, a file): they must fit their dtype exactly.

``tf.constant(2**31, dtype=tf.int32)`` wraps to ``-2**31`` and ``tf.constant(1e39)`` is
``inf`` — TF's builder does that silently, and the builder API follows TF. A value typed into
a node is different: a silent wrap is a wrong number nobody asked for. So the editing API
converts with TF's rules (``convert.make_array``) and then refuses, with an ``AttrError`` that
says what the value would have become, any element that did not survive: an integer that
wrapped or was rounded, a finite number that became infinite, a float that lost its
fraction in an integer dtype, a complex that lost its imaginary part, a number other than
0 and 1 in a bool. Floats may round to the nearest value of their dtype (``0.1`` in float32):
that is what a float dtype is.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .convert import flatten, make_array
from .dtypes import DType, from_numpy
from .errors import AttrError


def fitted_array(value: Any, dtype: DType | None, what: str) -> np.ndarray:
    """``value`` as an array of ``dtype`` (None: the dtype ``tf.constant`` picks), or an
    ``AttrError`` naming ``what`` (``value``) when it cannot be held exactly."""
    try:
        arr = make_array(value, dtype)
    except OverflowError as e:
        raise AttrError(f"{what}: {_overflow(value, dtype, e)}") from None
    except (TypeError, ValueError) as e:
        raise AttrError(f"{what}: {e}") from None
    problem = misfit(value, arr)
    if problem is not None:
        raise AttrError(f"{what}{problem}")
    return arr


def _range(dtype: DType) -> str:
    info = np.iinfo(dtype.np_dtype)
    return f"{dtype.name} ({info.min} to {info.max})"


def _overflow(value: Any, dtype: DType | None, error: OverflowError) -> str:
    for v in flatten(value):
        if isinstance(v, int) and not isinstance(v, bool) and dtype is not None and (
            dtype.is_integer and not _int_fits(v, dtype)
        ):
            return (f"{v} is out of range for {_range(dtype)}: tf.constant raises "
                    f"OverflowError: {error}")
    return f"tf.constant raises OverflowError: {error}"


def _int_fits(v: int, dtype: DType) -> bool:
    info = np.iinfo(dtype.np_dtype)
    return int(info.min) <= v <= int(info.max)


def _where(index: int, shape: tuple[int, ...]) -> str:
    if not shape:
        return ""
    return "".join(f"[{i}]" for i in np.unravel_index(index, shape))


def misfit(value: Any, arr: np.ndarray, by: str = "tf.constant") -> str | None:
    """Why ``arr`` (``value`` converted by ``by``) is not ``value`` exactly: ``"[1]: 300 is out
    of range for uint8 (0 to 255): …"``, or None when every element survived."""
    dtype = arr.dtype
    if dtype.kind in "OSU":
        return None
    if isinstance(value, (np.ndarray, np.generic)):
        return _array_misfit(np.asarray(value), arr)
    flat = arr.reshape(-1)
    leaves = flatten(value)
    if len(leaves) != flat.size:  # a scalar filled into a shape: check the one leaf
        leaves = leaves[:1]
    for i, v in enumerate(leaves):
        why = _leaf_misfit(v, flat[i], arr.dtype, by)
        if why is not None:
            return f"{_where(i, arr.shape)}: {why}"
    return None


def _name(np_dtype: Any) -> str:
    return from_numpy(np_dtype).name


def _leaf_misfit(v: Any, e: Any, np_dtype: Any, by: str) -> str | None:
    if isinstance(v, (np.ndarray, np.generic)):
        return _array_misfit(np.asarray(v), np.asarray(e))
    kind = np.dtype(np_dtype).kind
    name = _name(np_dtype)
    if isinstance(v, bool):
        return None  # True and False are 1 and 0 in every number dtype
    if isinstance(v, int):
        if kind in "iu":
            if int(e) != v:
                return (f"{v} is out of range for {_range(_dtype_of(np_dtype))}: "
                        f"{by} would wrap it to {int(e)}")
            return None
        if kind == "c":
            e = complex(e)
            if e.imag == 0 and math.isfinite(e.real) and int(e.real) == v:
                return None
        elif math.isfinite(float(e)) and int(float(e)) == v:
            return None
        return f"{v} does not fit {name} exactly: it would become {_show(e)}"
    if isinstance(v, float):
        if math.isfinite(v) and not math.isfinite(float(e)):
            return f"{v!r} is too large for {name}: it would become {_show(e)}"
        return None
    if isinstance(v, complex):
        e = complex(e)
        if (math.isfinite(v.real) and not math.isfinite(e.real)) or (
            math.isfinite(v.imag) and not math.isfinite(e.imag)
        ):
            return f"{v!r} is too large for {name}: it would become {_show(e)}"
    return None


def _dtype_of(np_dtype: Any) -> DType:
    return from_numpy(np_dtype)


def _show(e: Any) -> str:
    if isinstance(e, complex):
        return repr(e)
    value = e.item() if hasattr(e, "item") else e
    return repr(value)


def _array_misfit(src: np.ndarray, arr: np.ndarray) -> str | None:
    """The first element of a numpy ``src`` that its cast ``arr`` does not hold exactly."""
    if src.dtype == arr.dtype or src.dtype.kind in "OSU":
        return None
    a, b = src.dtype.kind, arr.dtype.kind
    src_flat = src.reshape(-1)
    out = arr.reshape(-1)
    with np.errstate(all="ignore"):
        if a == "b":
            bad = np.zeros(src_flat.shape, bool)
        elif b == "b":
            bad = (src_flat != 0) & (src_flat != 1)
        elif a == "c" and b != "c":
            bad = src_flat.imag != 0
            if not bad.any():
                return _array_misfit(src_flat.real.reshape(src.shape), arr)
        elif b in "iu":
            if a in "iu":
                info = np.iinfo(arr.dtype)
                bad = (src_flat < int(info.min)) | (src_flat > int(info.max))
            else:
                info = np.iinfo(arr.dtype)
                f = src_flat.astype(np.float64)
                bad = ~np.isfinite(f) | (f != np.trunc(f)) | (f < float(info.min)) | (
                    f >= float(info.max) + 1.0)
        elif a in "iu":  # into a float or complex dtype: every integer exactly
            back = out.real if b == "c" else out
            finite = np.isfinite(back)
            bad = ~finite
            ok = np.flatnonzero(finite)
            bad[ok] = back[ok].astype(src.dtype) != src_flat[ok]
        else:  # float or complex into float or complex: no overflow to infinity
            bad = np.isfinite(src_flat) & ~np.isfinite(out)
    hits = np.flatnonzero(bad)
    if hits.size == 0:
        return None
    i = int(hits[0])
    v, e = src_flat[i].item(), out[i].item()
    name = _name(arr.dtype)
    where = _where(i, arr.shape)
    if b in "iu" and a in "iu":
        return (f"{where}: {v} is out of range for {_range(_dtype_of(arr.dtype))}: it would "
                f"become {e}")
    if a == "c" and b != "c":
        return f"{where}: {v!r} does not fit {name}: it would lose its imaginary part"
    return f"{where}: {v!r} does not fit {name} exactly: it would become {e!r}"
