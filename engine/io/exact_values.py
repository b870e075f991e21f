"""Whether a value a person typed survives conversion to a dtype unchanged.

The engine's API converts feeds as TensorFlow does (``1.5`` fed to an int32 placeholder is
1, ``70000.0`` in float16 is inf, the text ``"False"`` as a bool is True). A script asked
for that; a person typing ``--feed x=1.5`` on the command line, in the feed dialog or the
inspector did not, so those places ask ``lossy_conversion`` first and refuse (or confirm) a
value it reports, saying what the value would become and what to type instead. Rounding a
decimal to the nearest float of the dtype is not a change (``0.1`` in float32); overflow to
infinity, underflow to zero, an integer the float cannot hold, a fraction cut off, a text,
a bool or ``None`` read as a number, or the reverse, are.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..framework.dtypes import DType

__all__ = ["lossy_conversion"]


def _leaves(value: Any) -> list[tuple[str, Any]]:
    """(index path, leaf) of nested lists, row-major; the path is "" for a scalar."""
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed([(f"{path}[{i}]", v) for i, v in enumerate(item)]))
        else:
            out.append((path, item))
    return out


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + (v if len(v) <= 30 else v[:30] + "…") + '"'
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _as(dtype: DType, v: Any) -> Any:
    with np.errstate(all="ignore"):
        return dtype.np_dtype.type(v)


def _float_change(v: float | int, dtype: DType) -> str | None:
    if isinstance(v, float) and not math.isfinite(v):
        return None  # nan and ±inf are what they are in every float dtype
    try:
        r = float(_as(dtype, v))
    except OverflowError:
        r = math.inf
    if not math.isfinite(r):
        top = float(np.finfo(dtype.np_dtype).max)
        return (f"{_text(v)} would become {'-' if v < 0 else ''}inf ({dtype.name} holds at "
                f"most ±{top:g}): use a wider float dtype")
    if v != 0 and r == 0:
        tiny = float(np.finfo(dtype.np_dtype).smallest_subnormal)
        return (f"{_text(v)} would become 0.0 (the smallest nonzero {dtype.name} is {tiny:g}): "
                "use a wider float dtype")
    if isinstance(v, int) and r != v:
        return (f"{v} would become {r:.0f} ({dtype.name} does not hold every integer that "
                "large): use a wider dtype")
    return None


def _leaf_change(v: Any, dtype: DType) -> str | None:
    """What converting the leaf ``v`` to ``dtype`` would change, with what to type instead."""
    if v is None:
        return f"None is not a {dtype.name} value: type a value"
    if dtype.is_string:
        if isinstance(v, (str, bytes)):
            return None
        return f"{_text(v)} is not text; a string takes text in quotes: \"{_text(v)}\""
    if isinstance(v, (str, bytes)):
        if dtype.is_bool:
            return (f"the text {_text(v)} would become {_text(bool(v))} (any text but the "
                    "empty one is true): type true or false, without quotes")
        return f"{_text(v)} is text, not a number: type the number without quotes"
    if dtype.is_bool:
        if isinstance(v, bool):
            return None
        becomes = "true" if v else "false"
        return f"{_text(v)} would become {becomes}: type true or false"
    if isinstance(v, bool):
        return f"{_text(v)} would become {int(v)}: type the number {int(v)}"
    if isinstance(v, complex):
        if dtype.is_complex:
            return _float_change(v.real, _part(dtype)) or _float_change(v.imag, _part(dtype))
        if v.imag != 0:
            return f"{v} would lose its imaginary part: use a complex dtype"
        v = v.real
    if dtype.is_integer:
        if isinstance(v, float):
            if not math.isfinite(v):
                return f"{_text(v)} is not an integer: {dtype.name} has no {_text(v)}"
            if not v.is_integer():
                lo, hi = math.floor(v), math.ceil(v)
                return (f"{_text(v)} would become {int(v)}: type an integer ({lo} or {hi}), or "
                        "feed a float tensor")
            v = int(v)
        info = np.iinfo(dtype.np_dtype)
        if not info.min <= v <= info.max:
            return f"{v} is out of range for {dtype.name} ({info.min} to {info.max})"
        return None
    if dtype.is_complex:
        return _float_change(v, _part(dtype))
    return _float_change(v, dtype)


def _part(dtype: DType) -> DType:
    from ..framework import dtypes as dt

    return dt.float32 if dtype is dt.complex64 else dt.float64


def lossy_conversion(value: Any, dtype: DType) -> str | None:
    """None when ``value`` (a number, bool, text or nested lists of them, as
    ``parse_value`` returns) converts to ``dtype`` without changing; else what the first
    element that would change becomes, and what to type instead (``1.5 at [2] would become
    1: type an integer (1 or 2), or feed a float tensor``)."""
    for path, leaf in _leaves(value):
        change = _leaf_change(leaf, dtype)
        if change is not None:
            if not path:
                return change
            head, _, rest = change.partition(" would ")
            if rest:
                return f"{head} at {path} would {rest}"
            return f"{change} (at {path})"
    return None
