"""Large reductions on numpy, shared out over the cores in fixed blocks.

numpy reduces on one core, and for some reductions far below what the memory delivers: a
float32 sum by its pairwise loop reads 8 GB/s, a product 3-6 GB/s, a sum or max over the first
axis of a narrow array 2 GB/s, where one core streams 30-40 GB/s. Cut into fixed blocks, each
reduced on a pool thread by numpy's fastest loop for it (numpy releases the GIL), and the
blocks' results combined in a fixed order, the same reduction runs at the memory's speed:

- a float sum by ``einsum`` over leaves of 1024 elements (Eigen's leaf size; several vector
  accumulators, twice numpy's pairwise loop), the leaves' sums then pairwise: as accurate as
  numpy's pairwise sum, in float32 partials as TF's Eigen reduction keeps them; a max, min,
  product or integer sum by the ufunc's own reduce, the blocks' results by the same ufunc;
- over every axis or the trailing ones (rows of ``C`` contiguous elements): a long row in
  blocks of ``BLOCK`` elements, short rows in groups of rows;
- over the leading axes (``R`` rows reduced into one of ``C``): wide arrays in column slabs,
  each reduced down its rows exactly as numpy does (the same result, bit for bit); narrow
  ones in groups of rows, each group folded through wide rows of ``LANES`` elements (the
  vector loop numpy runs over a contiguous axis, where a row of 10 elements runs scalar);
- ``argmax``/``argmin`` the same way: per block its extreme, then the first block holding
  the row's extreme searched (a NaN counts as the extreme, as numpy's does).
- a product in ``LANES`` running products side by side (a vector multiply where numpy's
  product of a contiguous row multiplies one element at a time).

``reduce_all``/``reduce_any`` stay numpy's: a boolean reduction already reads 60-80 GB/s and
``any`` stops at its first true element.

The blocks do not depend on the number of cores, so the result is the same on every machine.
They are handed out by ``framework/pieces.py``, the calling thread reducing them too: a pool
thread the scheduler has not run yet is never waited for. (A sum through BLAS, rows times a
vector of ones, reads faster still on an idle machine, but OpenBLAS's threads wait for each
other: with another process on a core it stalls for a scheduler tick, 8 ms.)
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..framework import pieces

#: reductions over fewer elements run in one numpy call
MIN_ELEMENTS = 1 << 21
#: elements per block (a block's partial result is combined with the others in order)
BLOCK = 1 << 18
#: a leading-axis reduction of rows at least this long runs in column slabs
SLAB = 4096
#: elements a float sum adds by ``einsum`` before it adds the sums pairwise (``_row_sums``)
LEAF = 1024
#: the width narrow rows are folded through (see ``_fold_rows``), and the number of running
#: products a long row's product keeps (``_row_products``)
LANES = 1024

_UFUNCS = {"sum": np.add, "prod": np.multiply, "max": np.maximum, "min": np.minimum}
_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def applies(x: Any) -> bool:
    """Whether ``x`` takes this path: a large contiguous numpy array of a dtype it knows
    (float32, float64 or an integer type: not bools, complex or half floats)."""
    return (pieces.THREADS >= 2 and type(x) is np.ndarray and x.size >= MIN_ELEMENTS
            and x.flags.c_contiguous and (x.dtype.kind in "iu" or x.dtype in _FLOATS))


def reduce(name: str, x: np.ndarray, axes: tuple[int, ...], keep: bool) -> Any:
    """``sum``, ``prod``, ``max`` or ``min`` of ``x`` over ``axes`` in ``x``'s dtype, or None
    when this path does not apply (small, not contiguous, another dtype, or axes that are
    neither every trailing nor every leading one)."""
    if not axes or not applies(x):
        return None
    split = _split(x.shape, axes)
    if split is None:
        return None
    rows, cols, trailing = split
    flat = x.reshape(rows, cols)
    out = _trailing(name, flat) if trailing else _leading(name, flat)
    shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape) if keep or i not in axes)
    return out.reshape(shape)


def arg(name: str, x: np.ndarray, axis: int) -> Any:
    """``argmax``/``argmin`` of ``x`` along ``axis`` (int64), or None when this path does
    not apply (the axis must be the last or the first)."""
    if not applies(x):
        return None
    split = _split(x.shape, (axis,))
    if split is None:
        return None
    rows, cols, trailing = split
    flat = x.reshape(rows, cols)
    func = np.argmax if name == "argmax" else np.argmin
    if trailing:
        out = _arg_rows(func, flat)
    elif cols >= SLAB:
        out = _slabs(lambda slab: func(slab, axis=0), flat, np.int64)
    else:
        return None
    return out.reshape(x.shape[:axis] + x.shape[axis + 1:])


def _split(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, int, bool] | None:
    """The array as ``rows`` × ``cols``, and whether the columns (trailing axes) or the rows
    (leading axes) are reduced."""
    rank, k = len(shape), len(axes)
    if axes == tuple(range(rank - k, rank)):
        rows = math.prod(shape[:rank - k])
        return rows, math.prod(shape) // max(rows, 1), True
    if axes == tuple(range(k)):
        rows = math.prod(shape[:k])
        return rows, math.prod(shape) // max(rows, 1), False
    return None


def _block(name: str, block: np.ndarray) -> Any:
    """One block's reduction (a 1-D contiguous block)."""
    if name == "sum" and block.dtype.kind == "f":
        return _row_sums(block.reshape(1, -1))[0]
    if name == "prod" and block.size >= LANES:
        return _row_products(block.reshape(1, -1))[0]
    if name in ("sum", "prod"):
        return _UFUNCS[name].reduce(block, dtype=block.dtype)
    return _UFUNCS[name].reduce(block)


def _row_block(name: str, rows: np.ndarray) -> np.ndarray:
    """A group of rows, each reduced along its columns."""
    if name == "sum" and rows.dtype.kind == "f" and rows.shape[1] >= 16:
        return _row_sums(rows)
    if name == "prod" and rows.shape[1] >= LANES:
        return _row_products(rows)
    if name in ("max", "min") and rows.shape[1] < SLAB:
        # one call over the rows laid end to end: half the cost of a reduce along axis 1,
        # which sets up each short row on its own
        return _UFUNCS[name].reduceat(rows.reshape(-1), np.arange(0, rows.size, rows.shape[1]))
    if name in ("sum", "prod"):
        return _UFUNCS[name].reduce(rows, axis=1, dtype=rows.dtype)
    return _UFUNCS[name].reduce(rows, axis=1)


def _row_sums(rows: np.ndarray) -> np.ndarray:
    """Each row's float sum: leaves of ``LEAF`` elements summed by ``einsum`` (its vector
    accumulators add a few dozen elements each), the leaves' sums then by numpy's pairwise
    sum. Over a long row ``einsum`` alone would add thousands of elements into each
    accumulator, and lose digits numpy's pairwise sum keeps."""
    g, c = rows.shape
    if c <= LEAF:
        return np.einsum("ij->i", rows)
    m = c // LEAF * LEAF
    leaves = np.einsum("ijk->ij", rows[:, :m].reshape(g, m // LEAF, LEAF))
    out = np.add.reduce(leaves, axis=1)
    if m < c:
        out += np.einsum("ij->i", rows[:, m:])
    return out


def _row_products(rows: np.ndarray) -> np.ndarray:
    """Each row's product, in ``LANES`` running products side by side (one vector multiply
    per ``LANES`` elements, where numpy's product of a contiguous row multiplies one element
    after the other: 13 times slower), the lanes' products then multiplied in float64.

    A float lane starts from ``_START``, not 1, and is divided by it at the end: factors
    near 1 multiplied into a product near 1 round the same way every time (the dropped part
    of ``(1 - a)(1 - b)`` is always ``+ab``), which drifted 2 % over 3e6 such factors; from
    a start with a full mantissa the roundings go either way (0.06 %, where numpy's single
    running product drifts 0.2 % and TF's 0.9 %). Integer products wrap to the same result
    in any order."""
    g, c = rows.shape
    m = c // LANES * LANES
    grid = rows[:, :m].reshape(g, m // LANES, LANES)
    if rows.dtype.kind != "f":
        lanes = np.multiply.reduce(grid, axis=1, dtype=rows.dtype)
        out = np.multiply.reduce(lanes, axis=1, dtype=rows.dtype)
        if m < c:
            out *= np.multiply.reduce(rows[:, m:], axis=1, dtype=rows.dtype)
        return out
    start = rows.dtype.type(_START)
    lanes = np.multiply.reduce(grid, axis=1, initial=start)
    lanes /= start
    wide = np.multiply.reduce(lanes, axis=1, dtype=np.float64, initial=_START) / _START
    if m < c:
        wide *= np.multiply.reduce(rows[:, m:], axis=1, dtype=np.float64)
    return wide.astype(rows.dtype)


#: a float product's lanes start here (``_row_products``): any value with a full mantissa
_START = 0.7853981633974483


def _trailing(name: str, x: np.ndarray) -> np.ndarray:
    """Each row of ``x`` reduced: long rows in blocks, short rows in groups of rows."""
    rows, cols = x.shape
    func = _UFUNCS[name]
    if cols >= BLOCK:
        per_row = -(-cols // BLOCK)
        partial = np.empty((rows, per_row), dtype=x.dtype)

        def blocks(first: int, last: int) -> None:
            for r, b, end in _block_runs(first, last, per_row, cols // BLOCK):
                if end - b >= 2:  # whole blocks of one row: reduced in one call, each alone
                    partial[r, b:end] = _row_block(name, x[r, b * BLOCK:end * BLOCK].reshape(
                        end - b, BLOCK))
                else:
                    partial[r, b] = _block(name, x[r, b * BLOCK:(b + 1) * BLOCK])

        pieces.run(blocks, rows * per_row, 1)
        if per_row == 1:
            return partial[:, 0]
        return func.reduce(partial, axis=1, **_typed(name, x))
    step = max(1, BLOCK // cols)
    out = np.empty(rows, dtype=x.dtype)

    def groups(first: int, last: int) -> None:
        for k in range(first, last):
            out[k * step:(k + 1) * step] = _row_block(name, x[k * step:(k + 1) * step])

    pieces.run(groups, -(-rows // step), 1)
    return out


def _block_runs(first: int, last: int, per_row: int, full: int) -> Iterator[tuple[int, int, int]]:
    """Tasks ``first``..``last`` (row ``r``'s block ``b`` is task ``r * per_row + b``) as
    (row, first block, end block): each run of one row's whole blocks (a row has ``full``
    of them) at once, a row's shorter last block alone, so a piece reduces its blocks in
    as few numpy calls as it can."""
    task = first
    while task < last:
        r, b = divmod(task, per_row)
        end = max(b + 1, min(full, b + last - task))
        yield r, b, end
        task += end - b


def _typed(name: str, x: np.ndarray) -> dict[str, Any]:
    """A sum's or product's dtype: the input's (numpy would widen small integers)."""
    return {"dtype": x.dtype} if name in ("sum", "prod") else {}


def _leading(name: str, x: np.ndarray) -> np.ndarray:
    """The rows of ``x`` reduced into one: wide rows in column slabs (numpy's own order, down
    the rows), narrow ones in groups of rows combined in order."""
    rows, cols = x.shape
    func = _UFUNCS[name]
    typed = _typed(name, x)
    if cols >= SLAB:
        return _slabs(lambda slab: func.reduce(slab, axis=0, **typed), x, x.dtype)
    step = max(1, BLOCK // cols)
    n = -(-rows // step)
    partial = np.empty((n, cols), dtype=x.dtype)

    def groups(first: int, last: int) -> None:
        for k in range(first, last):
            rows_k = x[k * step:(k + 1) * step]
            # a product keeps numpy's order down the rows: folded through lanes, the
            # roundings of many short products add up one way (measured: 20x the error)
            partial[k] = (func.reduce(rows_k, axis=0, **typed) if name == "prod"
                          else _fold_rows(func, rows_k, typed))

    pieces.run(groups, n, 1)
    return partial[0] if n == 1 else func.reduce(partial, axis=0, **typed)


def _fold_rows(func: Any, rows: np.ndarray, typed: dict[str, Any]) -> np.ndarray:
    """``func.reduce(rows, axis=0)`` for narrow rows, at vector speed: the rows seen as wide
    rows of about ``LANES`` elements (``L`` original rows side by side), reduced down into
    ``L`` partial rows, and those reduced in order."""
    n, cols = rows.shape
    per = LANES // cols
    whole = (n // per) * per if per > 1 else 0
    if not whole:
        return _halved(func, rows, typed)
    wide = func.reduce(rows[:whole].reshape(whole // per, per * cols), axis=0, **typed)
    acc = func.reduce(wide.reshape(per, cols), axis=0, **typed)
    if whole < n:
        acc = func(acc, func.reduce(rows[whole:], axis=0, **typed))
    return acc


def _halved(func: Any, rows: np.ndarray, typed: dict[str, Any]) -> np.ndarray:
    """``func.reduce(rows, axis=0)``, a max or min first folding the rows' second half onto
    their first in one elementwise call: numpy's max down the rows of an array it has not
    read yet runs at 11 GB/s where its elementwise max streams at 40; the half it then
    reduces is in the cache."""
    n = rows.shape[0]
    if func not in (np.maximum, np.minimum) or n < 4:
        return func.reduce(rows, axis=0, **typed)
    h = n // 2
    out = func.reduce(func(rows[:h], rows[h:2 * h]), axis=0)
    return func(out, rows[-1]) if n % 2 else out


def _slabs(reduce_slab: Any, x: np.ndarray, dtype: Any) -> np.ndarray:
    """``reduce_slab`` over column slabs of ``x`` (each column reduced on its own, so the
    slabs' width does not change the result)."""
    rows, cols = x.shape
    width = max(SLAB // 4, -(-cols // (4 * pieces.PIECES_PER_THREAD)))
    out = np.empty(cols, dtype=dtype)

    def slabs(first: int, last: int) -> None:
        for k in range(first, last):
            out[k * width:(k + 1) * width] = reduce_slab(x[:, k * width:(k + 1) * width])

    pieces.run(slabs, -(-cols // width), 1)
    return out


def _arg_rows(func: Any, x: np.ndarray) -> np.ndarray:
    """``argmax``/``argmin`` of each row: long rows in blocks (each block's extreme, by the
    ufunc's reduce, which reads faster than an argmax: 36 GB/s on one core against 32; then
    the first block holding the row's extreme, or its first NaN, is searched for where it
    is), short rows in groups."""
    rows, cols = x.shape
    if cols >= BLOCK:
        per_row = -(-cols // BLOCK)
        extreme = np.maximum if func is np.argmax else np.minimum
        value = np.empty((rows, per_row), dtype=x.dtype)

        def blocks(first: int, last: int) -> None:
            for r, b, end in _block_runs(first, last, per_row, cols // BLOCK):
                if end - b >= 2:  # whole blocks of one row: each block's extreme, in one call
                    value[r, b:end] = extreme.reduce(
                        x[r, b * BLOCK:end * BLOCK].reshape(end - b, BLOCK), axis=1)
                else:
                    value[r, b] = extreme.reduce(x[r, b * BLOCK:(b + 1) * BLOCK])

        pieces.run(blocks, rows * per_row, 1)
        best = func(value, axis=1)  # the first block with the extreme (or a NaN)
        return np.array([b * BLOCK + int(func(x[r, b * BLOCK:(b + 1) * BLOCK]))
                         for r, b in enumerate(best.tolist())], dtype=np.int64)
    step = max(1, BLOCK // cols)
    out = np.empty(rows, dtype=np.int64)

    def groups(first: int, last: int) -> None:
        for k in range(first, last):
            out[k * step:(k + 1) * step] = func(x[k * step:(k + 1) * step], axis=1)

    pieces.run(groups, -(-rows // step), 1)
    return out
