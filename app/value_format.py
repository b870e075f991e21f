"""How the Results dock writes a tensor's values: cells, header, statistics, copy and export.

Why pure functions without Qt: the numbers a user reads in the table are the promise of
the run ("0.1", not "0.100000001"), so they are specified by fast unit tests, and the
table, the clipboard and the CSV export all write a value the same way.

Formatting per dtype: ints as ints; floats with numpy's shortest round-trip text for
their own precision (``0.1`` for float32 0.1, ``1e-08``, ``nan``, ``inf``); bools as
``true``/``false``; complex as ``a+bj``; strings (``bytes``) decoded as UTF-8.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

import engine
from editor.i18n import translate
from editor.labels import TIMES

#: values up to this many elements are copied whole, numpy-style, at full precision
COPY_FULL_LIMIT = 10_000
#: larger values copy the shown 2-D slice as tab-separated rows, up to this many cells
COPY_TSV_LIMIT = 1_000_000
#: statistics read a big array in chunks of this many elements (bounded temporaries)
STATS_CHUNK = 1 << 20

Formatter = Callable[[Any], str]


def value_kind(dtype: np.dtype) -> str:
    """``bool``, ``int``, ``uint``, ``float``, ``complex``, ``string`` or ``other``."""
    try:
        return engine.as_dtype(np.dtype(dtype)).kind
    except TypeError:
        pass
    return {"b": "bool", "i": "int", "u": "uint", "f": "float", "c": "complex"}.get(
        dtype.kind, "string" if dtype.kind in "OSU" else "other"
    )


def is_numeric(kind: str) -> bool:
    return kind in ("bool", "int", "uint", "float", "complex")


def dtype_label(dtype: np.dtype) -> str:
    """The engine's name of a dtype (``float32``, ``string``), numpy's where it has none."""
    try:
        return engine.as_dtype(np.dtype(dtype)).name
    except TypeError:
        return str(dtype)


def shape_label(shape: tuple[int, ...]) -> str:
    """``2×3``, or ``scalar`` (the canvas's edge labels write shapes the same way)."""
    return TIMES.join(str(d) for d in shape) if shape else "scalar"


def spec_label(array: np.ndarray) -> str:
    """``2×3 float32``, as on the canvas's edges."""
    return f"{shape_label(array.shape)} {dtype_label(array.dtype)}"


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _float_text(value: Any) -> str:
    return str(value)  # numpy scalars print their shortest round-trip text


def _complex_text(value: Any) -> str:
    real, imag = value.real, value.imag
    sign = "-" if np.signbit(imag) and not np.isnan(imag) else "+"
    return f"{real}{sign}{abs(imag)}j"


def cell_formatter(dtype: np.dtype) -> Formatter:
    """The function that writes one element of an array of ``dtype``."""
    kind = value_kind(dtype)
    if kind == "bool":
        return lambda v: "true" if v else "false"
    if kind in ("int", "uint"):
        return lambda v: str(int(v))
    if kind == "float":
        return _float_text
    if kind == "complex":
        return _complex_text
    return _text


def is_finite_kind(kind: str) -> bool:
    """Whether values of this kind can never be NaN or infinite."""
    return kind not in ("float", "complex")


# --- statistics ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ValueStats:
    """Min, max, mean and NaN count of a value, computed once (O(n), chunked numpy)."""

    kind: str
    size: int
    minimum: Any = None
    maximum: Any = None
    mean: float | None = None
    nans: int = 0
    infs: int = 0
    trues: int = 0

    def text(self, dtype: np.dtype) -> str:
        if self.size == 0:
            return translate("ValueStats", "empty: no elements")
        count = (translate("ValueStats", "{count} element") if self.size == 1 else
                 translate("ValueStats", "{count} elements")).format(count=f"{self.size:,}")
        if self.kind == "string":
            return f"{count} · " + translate("ValueStats", "text")
        if self.kind == "bool":
            return f"{count} · true {self.trues:,} · false {self.size - self.trues:,}"
        fmt = cell_formatter(dtype) if self.kind != "complex" else _number
        prefix = "|z| " if self.kind == "complex" else ""
        low, high = translate("ValueStats", "min"), translate("ValueStats", "max")
        mean = translate("ValueStats", "mean")
        parts = [count]
        if self.minimum is None:
            parts.append(f"{prefix}{low} — · {high} — · {mean} —")
        else:
            parts.append(f"{prefix}{low} {fmt(self.minimum)}")
            parts.append(f"{high} {fmt(self.maximum)}")
            parts.append(f"{mean} {_number(self.mean)}")
        if self.kind in ("float", "complex"):
            parts.append(f"NaN {self.nans:,}")
            if self.infs:
                parts.append(f"±inf {self.infs:,}")
        return " · ".join(parts)


def _number(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value):.6g}"


def compute_stats(array: np.ndarray) -> ValueStats:
    """Statistics of ``array`` (min/max/mean ignore NaN), reading it in bounded chunks."""
    kind = value_kind(array.dtype)
    size = int(array.size)
    if size == 0 or not is_numeric(kind):
        return ValueStats(kind, size)
    flat = array.reshape(-1)
    if kind == "bool":
        return ValueStats(kind, size, trues=int(np.count_nonzero(flat)))
    lo: Any = None
    hi: Any = None
    total = 0.0
    counted = 0
    nans = infs = 0
    for start in range(0, size, STATS_CHUNK):
        chunk = flat[start : start + STATS_CHUNK]
        if kind == "complex":
            chunk = np.abs(chunk)
        elif kind == "float" and chunk.dtype.kind != "f":  # bfloat16 and friends
            chunk = chunk.astype(np.float32)
        if kind in ("float", "complex"):
            nan_mask = np.isnan(chunk)
            n_nan = int(np.count_nonzero(nan_mask))
            nans += n_nan
            infs += int(np.count_nonzero(np.isinf(chunk)))
            if n_nan == chunk.size:
                continue
            c_lo, c_hi = np.fmin.reduce(chunk), np.fmax.reduce(chunk)
            total += float(np.add.reduce(chunk, dtype=np.float64, where=~nan_mask))
            counted += chunk.size - n_nan
        else:
            c_lo, c_hi = chunk.min(), chunk.max()
            total += float(np.add.reduce(chunk, dtype=np.float64))
            counted += chunk.size
        lo = c_lo if lo is None else min(lo, c_lo)
        hi = c_hi if hi is None else max(hi, c_hi)
    if lo is not None and kind == "float":
        lo, hi = np.asarray(lo, array.dtype)[()], np.asarray(hi, array.dtype)[()]
    mean = total / counted if counted else None
    return ValueStats(kind, size, lo, hi, mean, nans, infs)


# --- copy ------------------------------------------------------------------------------------
def _decoded(array: np.ndarray) -> np.ndarray:
    """Strings as ``str`` (an object array), so that they print without ``b'…'``."""
    return np.vectorize(_text, otypes=[object])(array) if array.size else array.astype(object)


def full_text(array: np.ndarray) -> str:
    """The whole value, numpy-style with ``, `` between items and every digit that matters
    (the engine's value parser reads it back, so it pastes into a Const)."""
    kind = value_kind(array.dtype)
    if array.ndim == 0:
        return cell_formatter(array.dtype)(array[()])
    if kind == "string":
        return np.array2string(
            _decoded(array),
            separator=", ",
            threshold=sys.maxsize,
            max_line_width=100,
            formatter={"all": lambda v: json.dumps(v, ensure_ascii=False)},
        )
    options: dict[str, Any] = {}
    if kind == "bool":
        options["formatter"] = {"bool": lambda v: "true" if v else "false"}
    elif kind == "float" and array.dtype.kind != "f":  # bfloat16: numpy cannot print it
        options["formatter"] = {"all": _float_text}
    return np.array2string(
        array,
        separator=", ",
        threshold=sys.maxsize,
        max_line_width=100,
        floatmode="unique",
        **options,
    )


def as_rows(table: np.ndarray) -> np.ndarray:
    """A 0-d, 1-D or 2-D array as 2-D rows: a scalar is one cell, a vector one column."""
    if table.ndim == 0:
        return table.reshape(1, 1)
    if table.ndim == 1:
        return table.reshape(-1, 1)
    return table


def tsv_text(table: np.ndarray) -> str:
    """A 0-d, 1-D (one value per line) or 2-D array as tab-separated rows."""
    fmt = cell_formatter(table.dtype)
    return "\n".join("\t".join(fmt(v) for v in row) for row in as_rows(table)) + "\n"


def copy_text(array: np.ndarray, shown: np.ndarray) -> tuple[str | None, str]:
    """What Copy puts on the clipboard, and a message saying what it was.

    Up to :data:`COPY_FULL_LIMIT` elements: the whole value as :func:`full_text`. Larger:
    the shown 2-D slice (the whole value when it has at most 2 dimensions) as tab-separated
    rows, which spreadsheets paste into cells. Above :data:`COPY_TSV_LIMIT` cells nothing
    is copied (``None``): the message points to Export….
    """
    if array.size <= COPY_FULL_LIMIT:
        return full_text(array), translate("ValueStats", "Copied {count} values").format(
            count=f"{array.size:,}")
    if shown.size > COPY_TSV_LIMIT:
        return None, translate(
            "ValueStats", "Too large to copy ({count} values) — use Export… to save it to a file",
        ).format(count=f"{shown.size:,}")
    message = (translate("ValueStats", "Copied the shown slice as tab-separated rows ({count} "
                         "values)") if shown.ndim < array.ndim else
               translate("ValueStats", "Copied the value as tab-separated rows ({count} values)"))
    return tsv_text(shown), message.format(count=f"{shown.size:,}")


# --- export ----------------------------------------------------------------------------------
def save_npy(path: str, array: np.ndarray) -> int:
    """``np.save`` without pickles: string tensors are saved as numpy bytes arrays.

    Returns how many strings end in NUL bytes: numpy's fixed-width strings pad with NULs and
    strip them on reading, so those strings load back shorter, and the caller must say so
    (the only lossless ``.npy`` form would need a pickle, which is never written)."""
    lost = 0
    if array.dtype == object:
        values = [v if isinstance(v, bytes) else str(v).encode() for v in array.reshape(-1)]
        lost = sum(1 for v in values if v.endswith(b"\0"))
        array = np.array(values, dtype=np.bytes_).reshape(array.shape)
    with open(path, "wb") as file:
        np.save(file, array, allow_pickle=False)
    return lost


def save_csv(path: str, table: np.ndarray) -> None:
    """A 0-d, 1-D (one column) or 2-D array as CSV, each cell written as the table shows it."""
    if table.ndim > 2:
        raise ValueError("CSV holds at most 2 dimensions")
    fmt = cell_formatter(table.dtype)
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        for row in as_rows(table):
            writer.writerow([fmt(v) for v in row])
