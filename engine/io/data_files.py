"""Data files bound to placeholders: ``.npy``, ``.npz`` (one array of it) and ``.csv`` (some
of its columns), read with numpy and checked against the placeholder they feed.

Why here, in ``io``: reading a user's file is input, like reading a graph file; and the
same binding serves an ordinary Run (a large input nobody types), training and Predict.
Nothing is ever unpickled (``allow_pickle=False``): a ``.npy`` of Python objects is refused,
not run. A ``.npy`` larger than ``MMAP_BYTES`` is memory-mapped, so a file larger than
memory still trains: each batch reads only its rows.

The check before a run (``check_fits``) compares the file's shape with the placeholder's
(every dimension the placeholder fixes must match; with ``batched`` the first dimension is
the examples and a fixed first dimension must equal the batch size) and its dtype's kind
(floats feed float placeholders, integers feed integer or float ones, bools feed bools):
a file that does not fit is refused with a ``DataFileError`` naming the file and the
placeholder. Values are converted when a batch is taken (``convert_rows``): an integer
out of the placeholder's range, or a float beyond a float16's, is refused there, never
wrapped.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..framework.errors import EngineError
from ..framework.operation import Tensor

#: .npy files from this size on are memory-mapped instead of read whole
MMAP_BYTES = 256 << 20
#: bytes of a .csv's start read to find its delimiter and header
_SNIFF_BYTES = 64 << 10


class DataFileError(EngineError, ValueError):
    """A data file that cannot be read, or that does not fit the placeholder it feeds; the
    message names both."""


@dataclass(frozen=True)
class DataSource:
    """Where one placeholder's values come from: a file, and for ``.npz`` the array in it,
    for ``.csv`` the columns (header names, or 0-based indices as text when it has none)."""

    path: str
    array: str | None = None
    columns: tuple[str, ...] | None = None

    @property
    def kind(self) -> str:
        return file_kind(self.path)

    def describe(self) -> str:
        """``data.npz[x]``, ``points.csv (x, y)``, ``x.npy``: how messages name it."""
        name = os.path.basename(self.path)
        if self.array is not None:
            return f"{name}[{self.array}]"
        if self.columns:
            return f"{name} ({', '.join(self.columns)})"
        return name


def file_kind(path: str) -> str:
    """``npy``, ``npz`` or ``csv``; ``DataFileError`` for any other extension."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext in ("npy", "npz"):
        return ext
    if ext in ("csv", "txt", "tsv"):
        return "csv"
    raise DataFileError(f"{path}: not a data file TensorCanvas reads (.npy, .npz or .csv)")


def npz_members(path: str) -> list[tuple[str, tuple[int, ...], str]]:
    """The arrays of an ``.npz``: (name, shape, dtype), read from their headers only."""
    members = []
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.endswith(".npy"):
                    continue
                with archive.open(info) as member:
                    shape, dtype = _npy_header(member, f"{path}[{info.filename}]")
                members.append((info.filename[:-4], shape, dtype))
    except (OSError, zipfile.BadZipFile) as e:
        raise DataFileError(f"{path}: cannot read it as .npz: {e}") from None
    return members


def _npy_header(stream: Any, where: str) -> tuple[tuple[int, ...], str]:
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        else:
            shape, _fortran, dtype = np.lib.format.read_array_header_2_0(stream)
    except (ValueError, OSError) as e:
        raise DataFileError(f"{where}: not a .npy array: {e}") from None
    return tuple(int(d) for d in shape), str(dtype)


@dataclass(frozen=True)
class CsvLayout:
    """What the start of a ``.csv`` says about it: its delimiter and header (or None)."""

    delimiter: str
    header: tuple[str, ...] | None
    width: int

    def column_names(self) -> tuple[str, ...]:
        """The names columns are chosen by: the header's, else ``0``, ``1``, …"""
        return self.header if self.header is not None else tuple(map(str, range(self.width)))


def csv_layout(path: str) -> CsvLayout:
    """Find a ``.csv``'s delimiter (comma, semicolon, tab or space) and whether its first row
    is a header: it is when some field of it is not a number while the next row's all are."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            sample = f.read(_SNIFF_BYTES)
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(f"{path}: cannot read it as text: {e}") from None
    lines = [line for line in sample.splitlines() if line.strip()]
    if not lines:
        raise DataFileError(f"{path}: the file is empty")
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t ").delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO("\n".join(lines[:2])), delimiter=delimiter))
    first = [field.strip() for field in rows[0]]
    header: tuple[str, ...] | None = None
    if not all(_is_number(f) for f in first) and (
        len(rows) < 2 or all(_is_number(f) for f in rows[1])
    ):
        header = tuple(first)
    return CsvLayout(delimiter, header, len(first))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_data(source: DataSource, base_dir: str | None = None) -> np.ndarray:
    """The array ``source`` names (a path relative to ``base_dir`` when not absolute);
    memory-mapped for a large ``.npy``. ``DataFileError`` naming the file for anything
    that cannot be read."""
    path = resolve(source.path, base_dir)
    kind = file_kind(path)
    if not os.path.isfile(path):
        raise DataFileError(f"{path}: no such file")
    try:
        if kind == "npy":
            if os.path.getsize(path) >= MMAP_BYTES:
                array = np.load(path, mmap_mode="r", allow_pickle=False)
            else:
                array = np.load(path, allow_pickle=False)
        elif kind == "npz":
            array = _read_npz(path, source.array)
        else:
            array = _read_csv(path, source.columns)
    except DataFileError:
        raise
    except ValueError as e:  # numpy's words: "Object arrays cannot be loaded…", bad text
        raise DataFileError(f"{path}: {e}") from None
    except OSError as e:
        raise DataFileError(f"{path}: cannot read it: {e}") from None
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "biufcb":
        raise DataFileError(f"{path}: holds {getattr(array, 'dtype', type(array))} values; "
                            "a placeholder takes numbers or bools")
    return array


def resolve(path: str, base_dir: str | None) -> str:
    """``path`` as given when absolute (or no ``base_dir``), else under ``base_dir``."""
    if base_dir is None or os.path.isabs(path):
        return path
    return os.path.normpath(os.path.join(base_dir, path))


def _read_npz(path: str, name: str | None) -> np.ndarray:
    with np.load(path, allow_pickle=False) as archive:
        names = list(archive.files)
        if name is None:
            if len(names) != 1:
                raise DataFileError(f"{path}: holds {len(names)} arrays "
                                    f"({', '.join(names)}); choose one")
            name = names[0]
        if name not in names:
            raise DataFileError(f"{path}: has no array {name!r} (it has {', '.join(names)})")
        return np.asarray(archive[name])


def _read_csv(path: str, columns: tuple[str, ...] | None) -> np.ndarray:
    layout = csv_layout(path)
    names = layout.column_names()
    if columns is None:
        use = list(range(layout.width))
    else:
        use = []
        for column in columns:
            if column not in names:
                raise DataFileError(f"{path}: has no column {column!r} (its columns: "
                                    f"{', '.join(names)})")
            use.append(names.index(column))
    delimiter = None if layout.delimiter == " " else layout.delimiter
    with open(path, encoding="utf-8") as f:
        array = np.loadtxt(f, delimiter=delimiter, skiprows=1 if layout.header else 0,
                           usecols=use, ndmin=2, dtype=np.float64, comments=None)
    return array


def check_fits(array: np.ndarray, tensor: Tensor, source: DataSource,
               batch_size: int | None = None) -> None:
    """Refuse, naming the file and the placeholder, a file whose shape or dtype cannot feed
    ``tensor``. With ``batch_size`` the file's first dimension is the examples, and the
    placeholder gets batches of that many rows (``0``: all rows at once)."""
    spec = tensor.spec
    where = f"{source.describe()} cannot feed placeholder '{tensor.op.name}'"
    if spec is None:
        raise DataFileError(f"{where}: the placeholder has an error ({tensor.op.error})")
    dtype = spec.dtype.np_dtype
    if not _kind_fits(array.dtype, dtype):
        raise DataFileError(f"{where}: the file holds {array.dtype} values, the placeholder "
                            f"takes {spec.dtype.name}")
    dims = spec.shape.as_list() if spec.shape.rank is not None else None
    shape = fitted_shape(array.shape, dims)
    if dims is None:
        return
    if len(shape) != len(dims):
        raise DataFileError(f"{where}: the file's values have shape {_show(array.shape)}, "
                            f"the placeholder's shape is {_show(dims)}")
    start = 0
    if batch_size is not None:
        start = 1
        first = dims[0] if dims else None
        rows = shape[0] if shape else 0
        if not dims:
            raise DataFileError(f"{where}: the placeholder is a scalar, so it cannot take "
                                "batches of rows")
        if first is not None and first != (batch_size or rows):
            raise DataFileError(f"{where}: the placeholder takes exactly {first} rows at a "
                                f"time; set the batch size to {first} (or its first dimension "
                                "to None)")
    for i in range(start, len(dims)):
        if dims[i] is not None and dims[i] != shape[i]:
            raise DataFileError(f"{where}: the file's values have shape {_show(array.shape)}, "
                                f"the placeholder's shape is {_show(dims)}")


def fitted_shape(shape: tuple[int, ...], dims: list[int | None] | None) -> tuple[int, ...]:
    """The shape the file's array is fed with: a single CSV column (``n×1``) feeds a
    rank-1 placeholder as ``n``."""
    if dims is not None and len(dims) == 1 and len(shape) == 2 and shape[1] == 1:
        return (shape[0],)
    return tuple(shape)


def _kind_fits(have: np.dtype, want: np.dtype) -> bool:
    if have == want:
        return True
    if want.kind in "fc":
        return have.kind in "iuf" or (want.kind == "c" and have.kind == "c")
    if want.kind in "iu":
        return have.kind in "iu" or (have.kind == "f" and have.itemsize == 8)  # CSV text
    return have.kind == want.kind


def convert_rows(rows: np.ndarray, tensor: Tensor, source: DataSource) -> np.ndarray:
    """``rows`` of the file as the placeholder's dtype and shape, refused when a value would
    change (an integer out of range, a fraction into an integer, a float beyond float16's
    range); the message names the file and the placeholder."""
    spec = tensor.spec
    assert spec is not None
    dtype = spec.dtype.np_dtype
    dims = spec.shape.as_list() if spec.shape.rank is not None else None
    rows = np.asarray(rows).reshape(fitted_shape(rows.shape, dims))
    if rows.dtype == dtype:
        return rows
    with np.errstate(all="ignore"):
        out = rows.astype(dtype)
    bad = _changed(rows, out)
    if bad is not None:
        raise DataFileError(f"{source.describe()} cannot feed placeholder '{tensor.op.name}': "
                            f"the value {rows.flat[bad].item()!r} at element {bad} does not fit "
                            f"{spec.dtype.name} (it would become {out.flat[bad].item()!r})")
    return out


def _changed(rows: np.ndarray, out: np.ndarray) -> int | None:
    """The flat index of the first value the conversion changed beyond rounding, if any."""
    if out.dtype.kind in "fc":
        broke = np.isfinite(rows) & ~np.isfinite(out) if rows.dtype.kind in "fc" else None
        if broke is None or not broke.any():
            return None
        return int(np.flatnonzero(broke)[0])
    back = out.astype(rows.dtype) != rows
    return int(np.flatnonzero(back)[0]) if back.any() else None


def _show(shape: Any) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (
        ",)" if len(shape) == 1 else ")")
