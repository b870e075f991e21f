"""A fused group's compiled loop run again on arrays like the last run's, at the least cost.

A group that ran compiled on whole arrays runs the same way on every later run of its plan
(a script's loop feeds arrays of one shape). Working out again how each input is read
(``jit.split``), which kernel fits (``jit.group_kernel``'s key) and which pooled buffer is
free costs a few µs a run: as much as the loop itself over 1e4 elements. ``Launch`` keeps
what the first run found and checks on each later run only what can differ: each input is
an ndarray of the shape and flags (C order, writeable, aligned: what numba typed) the kernel
was compiled for. A 1-D loop small enough to run as one piece is called on its inputs as
they are (no reshaped views), on the calling thread, and numba's dispatcher checks their
types.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import jit

__all__ = ["Launch", "call", "rerun_rows"]

_getrefcount = sys.getrefcount


def call(kernel: Any, out: np.ndarray, arrays: Sequence[np.ndarray], size: int) -> None:
    """The kernel over the whole range, on this thread (``jit.launch`` for one piece, with
    the inputs as they are)."""
    kernel(out, *arrays, 0, size)


class Launch:
    """One group's last compiled run on whole arrays: its shape, the inputs' flags, the
    kernel, and the pool's free buffers of that shape (``BufferPool.free``)."""

    __slots__ = ("direct", "flags", "free", "kernel", "pool", "shape", "size", "dtype")

    def __init__(self, shape: tuple[int, ...], arrays: Sequence[np.ndarray], kernel: Any,
                 pool: Any, dtype: Any) -> None:
        self.shape = shape
        self.flags = tuple(a.flags.num for a in arrays)
        self.kernel = kernel
        self.pool = pool
        self.free: list[np.ndarray] = pool.free(shape, dtype)
        self.dtype = dtype
        self.size = int(np.prod(shape))
        #: one piece over 1-D arrays: the kernel is called on them as they are
        self.direct = len(shape) == 1 and self.size < 2 * jit.MIN_PIECE

    def fits(self, arrays: Sequence[Any]) -> bool:
        """Whether ``arrays`` are what the kernel was compiled for, at the last run's shape."""
        shape = self.shape
        for a, f in zip(arrays, self.flags):
            if type(a) is not np.ndarray or a.shape != shape or a.flags.num != f:
                return False
        return True

    def run(self, arrays: Sequence[Any]) -> np.ndarray | None:
        """The kernel over ``arrays`` into a free pooled buffer; None where they are not
        what it was compiled for. Called on its arrays as they are, the kernel's dispatcher
        checks their dtypes and flags itself (a TypeError, before it runs, where they
        differ): only the shape is checked here."""
        shape = self.shape
        if self.direct:
            for a in arrays:
                if type(a) is not np.ndarray or a.shape != shape:
                    return None
            out = self.take()
            try:
                call(self.kernel, out, arrays, self.size)
            except TypeError:  # types it was not compiled for (disable_compile refuses them)
                return None
            return out
        if not self.fits(arrays):
            return None
        out = self.take()
        jit.launch(self.kernel, out.reshape(-1), ([a.reshape(-1) for a in arrays], (), (), ()),
                   0, 0)
        return out

    def take(self) -> np.ndarray:
        """``BufferPool.take`` for this shape, on the list found once."""
        free = self.free
        for buffer in free:
            # references: the list, this loop's name, getrefcount's argument; to a huge
            # page mapping (``huge_pages.py``), the array's, this name's and the argument
            if _getrefcount(buffer) <= 3:
                base = buffer.base
                if base is None or _getrefcount(base) <= 3:
                    return buffer
        return self.pool.take(self.shape, self.dtype)


def rerun_rows(rows: tuple[Any, ...], arrays: Sequence[Any], take: Callable[..., Any],
               dtype: Any) -> Any:
    """The output of a group's last row loop run again (its kernel, the layout it read its
    inputs by, row length and piece width, from ``rows``), if ``arrays`` have the shapes and
    flags of that run's inputs: a dense layer's bias add and activation, every step, without
    reading again how the inputs broadcast. None where they differ."""
    shapes, flags, kernel, (layout, shape), cols, width = rows
    for a, s, f in zip(arrays, shapes, flags):
        if type(a) is not np.ndarray or a.shape != s or a.flags.num != f:
            return None
    ins: list[list[Any]] = [[], [], [], []]
    for a, (kind, _) in zip(arrays, layout):
        ins[kind].append(a.reshape(-1))
    out = take(shape, dtype)
    jit.launch(kernel, out.reshape(-1), tuple(tuple(g) for g in ins), cols, width)
    return out
