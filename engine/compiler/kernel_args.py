"""How a compiled group kernel reads its inputs: each one whole, as one scalar, as a row
(broadcast over the leading dims) or as a column (broadcast over the trailing dims), for the
output seen as R rows of C elements; ``jit.py`` compiles one loop per such layout.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

#: a program: per op, (Python operator, argument refs); a ref < 0 is the group's input
#: ``-1 - k``, a ref >= 0 an earlier op's result. The last op is the group's output.
Program = Sequence[tuple[Any, tuple[int, ...]]]
#: where each group input is found: (kind, j) is ``ins[kind][j]``, the kinds being
#: FULL (an array of the output's shape, read at i), SCALAR (one element), ROW (an array
#: broadcast over the leading dims, read at c) and COLUMN (broadcast over the trailing dims,
#: read at r), for the output seen as R rows of C elements
Layout = tuple[tuple[int, int], ...]
FULL, SCALAR, ROW, COLUMN = range(4)


def split(inputs: Sequence[Any], shape: tuple[int, ...]) -> tuple[Any, ...] | None:
    """How a kernel reads the inputs for an output of ``shape``: (layout, ins, C, W), where
    ``ins`` = (full arrays, scalars, rows, columns), flattened; ``C`` is the row length
    (0 for a flat loop) and ``W`` the width of the pieces rows are cut into for the threads.
    None for a broadcast no single row/column split describes (numexpr runs those)."""
    if all(type(a) is np.ndarray and a.shape == shape and a.flags.c_contiguous
           for a in inputs):  # the common case, first: whole arrays
        return _all_full(len(inputs)), (tuple(a.reshape(-1) for a in inputs), (), (), ()), 0, 0
    ndim = len(shape)
    dims = [(1,) * (ndim - np.ndim(v)) + tuple(np.shape(v)) for v in inputs]
    if any(np.size(a) != 1 and not a.flags.c_contiguous for a in inputs):
        return None
    if all(np.size(a) == 1 or d == shape for a, d in zip(inputs, dims)):
        return _place(inputs, [SCALAR if np.size(a) == 1 else FULL
                               for a in inputs]) + (0, 0)
    for k in range(1, ndim):
        kinds = [_kind(np.size(a) == 1, d, shape, k) for a, d in zip(inputs, dims)]
        if None not in kinds:
            rows, cols = math.prod(shape[:k]), math.prod(shape[k:])
            per_row = max(1, -(-4 * _THREADS // rows))  # enough tasks for every thread
            width = max(-(-cols // per_row), min(cols, 256))
            return _place(inputs, kinds) + (cols, width)  # type: ignore[arg-type]
    return None


_THREADS = os.cpu_count() or 1


@functools.lru_cache(maxsize=64)
def _all_full(n: int) -> Layout:
    return tuple((FULL, j) for j in range(n))


def _kind(one: bool, dims: tuple[int, ...], shape: tuple[int, ...], k: int) -> int | None:
    if one:
        return SCALAR
    if dims == shape:
        return FULL
    if all(d == 1 for d in dims[:k]) and dims[k:] == shape[k:]:
        return ROW
    if dims[:k] == shape[:k] and all(d == 1 for d in dims[k:]):
        return COLUMN
    return None


def _place(inputs: Sequence[Any], kinds: list[int]) -> tuple[Any, Any]:
    ins: list[list[Any]] = [[], [], [], []]
    layout = []
    for value, kind in zip(inputs, kinds):
        layout.append((kind, len(ins[kind])))
        if kind == SCALAR:
            ins[kind].append(np.asarray(value).reshape(-1)[0])
        else:
            ins[kind].append(value.reshape(-1))
    return tuple(layout), tuple(tuple(group) for group in ins)


def example(dtype: Any, ins: tuple[Any, ...], flat: bool) -> tuple[Any, ...]:
    """Tiny stand-ins with the types of a kernel's arguments (out, ins[, C, W]): what it is
    compiled for, without keeping the real arrays alive while it compiles."""
    def stand_in(a: Any) -> Any:
        b = np.empty(1, dtype=a.dtype)
        b.flags.writeable = bool(a.flags.writeable)
        return b

    small = [v if kind == SCALAR else stand_in(v) for kind, group in enumerate(ins)
             for v in group]
    out = np.empty(1, dtype=dtype)
    return (out, *small, 0, 1) if flat else (out, *small, 1, 1, 0, 1)


def kernel_key(expression: str, dtype: Any, layout: Layout, ins: tuple[Any, ...],
               flat: bool) -> Any:
    """What makes two groups share a kernel: the expression, the dtypes, where each input
    is read from, and each array's dtype and flags (numba types them)."""
    arrays = tuple((a.dtype, a.flags.writeable, a.flags.aligned)
                   for kind, group in enumerate(ins) if kind != SCALAR for a in group)
    scalars = tuple(type(v) for v in ins[SCALAR])
    return (expression, dtype, layout, arrays, scalars, flat)
