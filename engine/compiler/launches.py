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

from ..framework import pieces
from . import jit, together
from .kernel_args import FULL, SCALAR, Layout

__all__ = ["Launch", "call", "launch", "rerun_rows"]

_getrefcount = sys.getrefcount


def launch(kernel: Any, out: np.ndarray, ins: tuple[Any, ...], cols: int, width: int) -> None:
    """Run a kernel into the flat ``out`` (a row loop when ``cols``, else a flat loop), its
    range in pieces shared over the cores (``framework/pieces.py``; by its twin, once
    compiled: ``together.py``)."""
    args = (*ins[0], *ins[1], *ins[2], *ins[3], *((cols, width) if cols else ()))
    n = (out.shape[0] // cols) * (-(-cols // width)) if cols else out.shape[0]
    if not cols and n < 2 * jit.MIN_PIECE:  # one piece: on the calling thread
        kernel(out, *args, 0, n)
        return
    piece = max(1, jit.MIN_PIECE // width) if cols else jit.MIN_PIECE
    twin = together.twin(kernel, (out, *args, 0, n, n)) if n >= 2 * piece else None
    pieces.run(lambda lo, hi: kernel(out, *args, lo, hi), n, piece,
               None if twin is None else lambda lo, hi, block: twin(out, *args, lo, hi, block))


def call(kernel: Any, out: np.ndarray, arrays: Sequence[np.ndarray], size: int) -> None:
    """The kernel over the whole range, on this thread (``launch`` for one piece, with
    the inputs as they are)."""
    kernel(out, *arrays, 0, size)


class Launch:
    """One group's last compiled run on whole arrays and scalars (a folded constant): its
    shape, the arrays' flags, the scalars' types, the kernel, and the pool's free buffers
    of that shape (``BufferPool.free``)."""

    __slots__ = ("direct", "dtype", "flags", "free", "fulls", "kernel", "pool", "scalars",
                 "shape", "size")

    def __init__(self, shape: tuple[int, ...], arrays: Sequence[Any], layout: Layout,
                 kernel: Any, pool: Any, dtype: Any) -> None:
        self.shape = shape
        #: the group inputs read whole (the kernel's first arguments), and the scalars
        #: read after them, each with the type it must have
        self.fulls = tuple(i for i, (kind, _) in enumerate(layout) if kind == FULL)
        self.scalars = tuple((i, type(arrays[i])) for i, (kind, _) in enumerate(layout)
                             if kind == SCALAR)
        self.flags = tuple(arrays[i].flags.num for i in self.fulls)
        self.kernel = kernel
        self.pool = pool
        self.free: list[np.ndarray] = pool.free(shape, dtype)
        self.dtype = dtype
        self.size = int(np.prod(shape))
        #: one piece over 1-D arrays: the kernel is called on them as they are
        self.direct = len(shape) == 1 and self.size < 2 * jit.MIN_PIECE

    @classmethod
    def of(cls, shape: tuple[int, ...], arrays: Sequence[Any], layout: Layout, kernel: Any,
           pool: Any, dtype: Any) -> Launch | None:
        """The launch of a flat loop over ``arrays``, or None where a scalar input is not a
        numpy scalar (a one-element array: the kernel reads its element, not the array)."""
        if any(kind == SCALAR and not isinstance(arrays[i], np.generic)
               for i, (kind, _) in enumerate(layout)):
            return None
        return cls(shape, arrays, layout, kernel, pool, dtype)

    def arguments(self, arrays: Sequence[Any]) -> list[Any] | None:
        """The kernel's inputs, whole arrays then scalars, if ``arrays`` have the last run's
        shape, flags and scalar types; else None."""
        shape = self.shape
        full = [arrays[i] for i in self.fulls] if self.scalars else list(arrays)
        for a, f in zip(full, self.flags):
            if type(a) is not np.ndarray or a.shape != shape or a.flags.num != f:
                return None
        for i, kind in self.scalars:
            if type(arrays[i]) is not kind:
                return None
            full.append(arrays[i])
        return full

    def fits(self, arrays: Sequence[Any]) -> bool:
        """Whether ``arrays`` are what the kernel was compiled for, at the last run's shape."""
        return self.arguments(arrays) is not None

    def run(self, arrays: list[Any]) -> np.ndarray | None:
        """The kernel over ``arrays`` into a free pooled buffer; None where they are not
        what it was compiled for. Called on its arrays as they are, the kernel's dispatcher
        checks their dtypes and flags itself (a TypeError, before it runs, where they
        differ): only the shape (and a scalar's type) is checked here."""
        shape = self.shape
        scalars = self.scalars
        if self.direct:
            args = [arrays[i] for i in self.fulls] if scalars else arrays
            for a in args:
                if type(a) is not np.ndarray or a.shape != shape:
                    return None
            for i, kind in scalars:
                if type(arrays[i]) is not kind:
                    return None
                args.append(arrays[i])  # a new list: ``arrays`` stays as it is
            out = self.take()
            try:
                call(self.kernel, out, args, self.size)
            except TypeError:  # types it was not compiled for (disable_compile refuses them)
                return None
            return out
        inputs = self.arguments(arrays)
        if inputs is None:
            return None
        out = self.take()
        n = len(self.fulls)
        launch(self.kernel, out.reshape(-1),
                   ([a.reshape(-1) for a in inputs[:n]], inputs[n:], (), ()), 0, 0)
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
    launch(kernel, out.reshape(-1), tuple(tuple(g) for g in ins), cols, width)
    return out
