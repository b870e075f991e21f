"""Large float reductions on numpy, shared out over the cores.

numpy reduces on one core, at about half of what the memory delivers: a sum over 1e7
float32 elements is bound by that core. Cut into fixed blocks, each reduced on a pool
thread (numpy releases the GIL; a sum by einsum, whose several accumulators run at twice
the speed of numpy's pairwise loop, a max or min by the ufunc), and the blocks' results
combined in order, the same reduction runs at the memory's speed. The blocks do not
depend on the number of cores, so the result is the same on every machine.

The blocks are handed out by ``framework/pieces.py``, the calling thread reducing them too:
a pool thread the scheduler has not run yet is never waited for. (A sum through BLAS — rows
times a vector of ones — reads faster still on an idle machine, but OpenBLAS's threads wait
for each other: with another process on a core it stalls for a scheduler tick, 8 ms.)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework import pieces

#: reductions over fewer elements run in one numpy call
MIN_ELEMENTS = 1 << 21
#: elements per block (a block's partial result is combined with the others in order)
BLOCK = 1 << 20

def reduce(name: str, x: np.ndarray, axes: tuple[int, ...], keep: bool) -> Any:
    """``sum``, ``max`` or ``min`` of ``x`` over ``axes``, or None when this path does not
    apply (small, not contiguous, or not a reduction of whole trailing or leading axes)."""
    if pieces.THREADS < 2 or x.size < MIN_ELEMENTS or not x.flags.c_contiguous or not axes:
        return None
    rank = x.ndim
    if axes != tuple(range(rank - len(axes), rank)):
        return None  # only trailing axes: rows of contiguous elements
    rows = int(np.prod(x.shape[:rank - len(axes)], dtype=np.int64))
    flat = x.reshape(rows, -1)
    func = {"sum": np.add, "max": np.maximum, "min": np.minimum}[name]
    if rows == 1:
        data = flat.reshape(-1)
        n_blocks = -(-data.size // BLOCK)
        partial: list[Any] = [None] * n_blocks

        def reduce_blocks(first: int, last: int) -> None:
            for k in range(first, last):
                block = data[k * BLOCK:(k + 1) * BLOCK]
                # a block's sum by einsum: several vector accumulators, about twice numpy's
                # pairwise loop, and as accurate over a block this size
                partial[k] = np.einsum("i->", block) if name == "sum" else func.reduce(block)

        pieces.run(reduce_blocks, n_blocks, 1)
        total = partial[0]
        for p in partial[1:]:
            total = func(total, p)
        out = np.asarray(total, dtype=x.dtype)
    else:
        if flat.shape[1] < 64:
            return None
        step = max(1, BLOCK // flat.shape[1])
        parts: list[Any] = [None] * -(-rows // step)

        def reduce_rows(first: int, last: int) -> None:
            for k in range(first, last):
                parts[k] = func.reduce(flat[k * step:(k + 1) * step], axis=1)

        pieces.run(reduce_rows, len(parts), 1)
        out = np.concatenate(parts).astype(x.dtype, copy=False)
    shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape) if keep or i not in axes)
    return out.reshape(shape)

