"""What converting a typed value to its tensor's dtype would change, said in words.

Why: TensorFlow converts a fed value (and numpy a stored one) without a word where a
person would want one: ``1.5`` fed to an int32 placeholder becomes ``1``, ``70000.0`` in
float16 becomes ``inf``, the text ``"False"`` fed to a bool becomes ``True``. Where a
person types a value (the feed dialog, the inspector) such a change is refused with
what the value would become, unless they confirm it. The conversion itself is the
engine's (``convert_feed``, an op's ``clean_attrs``); this module only compares its
result with what was typed.

What counts as a change: a different number where the dtype holds the typed one
exactly (``1.5`` → ``1``, ``300`` → ``44``, ``16777217`` → ``16777216.0``), a finite float
that overflows to ``inf`` or underflows to ``0``, a dropped imaginary part, a number
stored as a bool other than 0 or 1, and text stored as anything but the same text.
Rounding a float to the precision of a narrower float (``0.1`` in float32) is not: that
is what a float dtype means.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from editor.i18n import translate
from editor.value_text import scalar_text

__all__ = ["describe_change"]

#: how many changed elements a message names before it only counts the rest
NAMED = 1


def _leaves(value: Any) -> Iterator[Any]:
    """The typed value's elements in C order (what ``ravel`` gives of its array)."""
    if isinstance(value, np.ndarray):
        yield from value.ravel().tolist()
        return
    stack = [iter([value])]
    while stack:
        try:
            item = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if isinstance(item, (list, tuple)):
            stack.append(iter(item))
        else:
            yield item


def _float_kept(x: float, y: float) -> bool:
    if math.isnan(x):
        return math.isnan(y)
    if math.isinf(x):
        return y == x
    if not math.isfinite(y):
        return False  # overflow
    return not (x != 0.0 and y == 0.0)  # underflow


def _kept(x: Any, y: Any, kind: str) -> bool:
    """Whether element ``y`` of the converted array is still the typed ``x``."""
    if isinstance(x, (str, bytes)):
        text = x.decode("utf-8", "replace") if isinstance(x, bytes) else x
        if kind != "string":
            return False
        stored = y.decode("utf-8", "replace") if isinstance(y, bytes) else y
        return isinstance(stored, str) and stored == text
    if kind == "string":
        return False  # a number stored as text (or as bytes of it)
    if isinstance(x, (bool, np.bool_)):
        x = int(x)
    if isinstance(x, np.generic):
        x = x.item()
    if kind == "bool":
        return isinstance(x, (int, float, complex)) and x in (0, 1) and bool(y) == bool(x)
    if kind == "complex":
        z, w = complex(x), complex(y)
        return _float_kept(z.real, w.real) and _float_kept(z.imag, w.imag)
    if isinstance(x, complex):
        if x.imag != 0.0:
            return False
        x = x.real
    if kind in ("int", "uint"):
        return bool(y == x)
    if isinstance(x, int):  # an integer in a float dtype: it must be held exactly
        y = float(y)
        return math.isfinite(y) and int(y) == x
    return _float_kept(float(x), float(y))


def _where(flat: int, shape: tuple[int, ...]) -> str:
    index = np.unravel_index(flat, shape) if shape else ()
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def describe_change(typed: Any, converted: np.ndarray, dtype_name: str, kind: str) -> str | None:
    """``"1.5 would become 1 as int32"`` when converting ``typed`` (what ``parse_value``
    read) to ``converted`` (the engine's array of dtype ``dtype_name``, of ``DType.kind``
    ``kind``) changed it; ``None`` when every element is what was typed. A value whose
    element count differs from the array's (a broadcast) is not compared."""
    shape = tuple(int(d) for d in converted.shape)
    flat = converted.ravel()
    changed: list[int] = []
    count = 0
    for i, x in enumerate(_leaves(typed)):
        if i >= flat.shape[0]:
            return None
        count += 1
        if not _kept(x, flat[i], kind):
            changed.append(i)
    if count != flat.shape[0] or not changed:
        return None
    first = changed[0]
    x = next(v for i, v in enumerate(_leaves(typed)) if i == first)
    text = translate("Lossy", "{typed} would become {stored} as {dtype}").format(
        typed=scalar_text(x), stored=scalar_text(flat[first]), dtype=dtype_name)
    if shape:
        text = f"{_where(first, shape)}: {text}"
    others = len(changed) - NAMED
    if others > 0:
        text += (translate("Lossy", " (and {count} more value)") if others == 1 else
                 translate("Lossy", " (and {count} more values)")).format(count=f"{others:,}")
    return text
