"""The chunked path of a fused group: numpy's ufuncs over cache-sized chunks.

Per chunk, every op of the group runs as a ufunc into small scratch buffers that stay in
cache (the output's own chunk serving as one of them), so each input is read once from
memory and the output written once, into a buffer reused across runs (``BufferPool``): no
temporaries, no page faults on fresh allocations. Large arrays share their chunks out over
the cores (``framework/pieces.py``; ufuncs release the GIL). This is what a group runs on
the CPU when it cannot be compiled (numba missing, its kernel still compiling) and its
output is not small.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ..framework import pieces
from . import huge_pages, registers

#: elements per chunk: a few scratch buffers of this size stay in the L2 cache
CHUNK = 1 << 18
#: arrays at least this large share their chunks out over the cores
THREADED_MIN_ELEMENTS = 1 << 20

#: (ufunc, argument refs, result register) per op; refs < 0 are the group's inputs
#: (-1 - index), refs >= 0 registers; the last op writes the output
Program = list[tuple[Any, tuple[int, ...], int]]


class BufferPool:
    """Output buffers kept across runs and reused once nobody else holds them.

    A buffer handed to a caller as a run's result is reused only after the caller dropped
    it and every view of it (reference counts say so), so results are never overwritten
    behind a caller's back; the buffer of the previous run's result, still held while the
    next run starts, simply sits out one run. Large buffers are in huge pages
    (``huge_pages.py``): a first run faults them in cheaply.
    """

    def __init__(self, per_shape: int = 3) -> None:
        self._buffers: dict[tuple[tuple[int, ...], Any], list[np.ndarray]] = {}
        self._per_shape = per_shape

    def free(self, shape: tuple[int, ...], dtype: Any) -> list[np.ndarray]:
        """The list of buffers of this shape and dtype (``take`` adds to it): a caller that
        runs one shape every run keeps it (``launches.py``), ``clear`` empties it."""
        return self._buffers.setdefault((tuple(shape), dtype), [])

    def take(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        free = self.free(shape, dtype)
        for buffer in free:
            if huge_pages.is_free(buffer):
                return buffer
        buffer = huge_pages.empty(shape, dtype)
        free.append(buffer)
        if len(free) > self._per_shape:
            free.pop(0)
        return buffer

    def clear(self) -> None:
        for free in self._buffers.values():
            free.clear()  # in place: a kept list (``free``) is emptied too


def program(
    ordered: list[Any], inputs: list[int], slot_of: dict[Any, int]
) -> tuple[Program, int]:
    """The group as ufunc calls on scratch buffers, reused as soon as a value is dead."""
    funcs = [cast_into if op.op_def.type == "Cast" else _ufunc(op.op_def.extra.get("ufunc"))
             for op in ordered]
    if any(f is None for f in funcs):
        return [], 0
    placed, n_regs = registers.allocate(ordered, inputs, slot_of, in_place=True)
    steps: Program = [(f, args, res) for f, (args, res) in zip(funcs, placed)]
    return _output_as_register(steps, n_regs)


def _ufunc(spec: Any) -> Any:
    """An op's chunked form: numpy's ufunc of that name, or the op's own function that
    writes into ``out`` (several ufuncs: sigmoid, relu6)."""
    if spec is None or callable(spec):
        return spec
    return getattr(np, spec, None)


def _output_as_register(steps: Program, n_regs: int) -> tuple[Program, int]:
    """Let the output's own chunk be one of the registers, the one the last op reads (it
    writes the output from it, in place, as numpy's ufuncs allow): a chain then needs no
    scratch memory at all. That register becomes the last one, ``n_regs - 1``, and the
    run puts the output's chunk there; the count returned is of scratch buffers."""
    read_last = [r for r in steps[-1][1] if r >= 0] if steps else []
    if not read_last:
        return steps, n_regs
    chosen, top = read_last[0], n_regs - 1

    def swap(r: int) -> int:
        return top if r == chosen else chosen if r == top else r

    return [(f, tuple(swap(r) if r >= 0 else r for r in args), swap(res))
            for f, args, res in steps], n_regs - 1


def cast_into(x: Any, out: np.ndarray) -> None:
    """A fused Cast in the chunked program: numpy's astype, written into a scratch buffer."""
    np.copyto(out, x, casting="unsafe")


def run(program: Program, n_scratch: int, dtype: Any, arrays: list[Any], out: np.ndarray,
        size: int) -> None:
    """Run a chunk program over whole arrays (or one-element values) into the flat
    ``out``; from ``THREADED_MIN_ELEMENTS`` the chunks are shared out over the cores."""
    flat = [a.reshape(-1)[0] if np.size(a) == 1 else a.reshape(-1) for a in arrays]
    if size < THREADED_MIN_ELEMENTS:
        _chunks_quietly(program, n_scratch, dtype, flat, out, 0, size)  # errors: ignored here
        return
    pieces.run(lambda lo, hi: _chunks(program, n_scratch, dtype, flat, out, lo, hi), size,
               CHUNK)


def _chunks(program: Program, n_scratch: int, dtype: Any, flat: list[Any], out: np.ndarray,
            lo: int, hi: int) -> None:
    with np.errstate(all="ignore"):  # a worker thread has its own (default) error state
        _chunks_quietly(program, n_scratch, dtype, flat, out, lo, hi)


def _chunks_quietly(program: Program, n_scratch: int, dtype: Any, flat: list[Any],
                    out: np.ndarray, lo: int, hi: int) -> None:
    chunk = min(CHUNK, hi - lo)
    scratch = _scratch(n_scratch, chunk, dtype)
    last = len(program) - 1
    for start in range(lo, hi, chunk):
        end = min(start + chunk, hi)
        n = end - start
        ext = [x[start:end] if isinstance(x, np.ndarray) else x for x in flat]
        regs = [b[:n] for b in scratch] if n != chunk else list(scratch)
        target = out[start:end]
        regs.append(target)  # the output's chunk is the last register (see above)
        for k, (ufunc, args, res) in enumerate(program):
            values = [ext[-1 - r] if r < 0 else regs[r] for r in args]
            ufunc(*values, out=target if k == last else regs[res])


_SCRATCH = threading.local()


def _scratch(count: int, size: int, dtype: Any) -> list[np.ndarray]:
    """``count`` scratch buffers of ``size`` elements for this thread, kept between runs:
    allocating them per run costs page faults that show at 1e5–1e6 elements."""
    kept: dict[Any, np.ndarray] | None = getattr(_SCRATCH, "buffers", None)
    if kept is None:
        kept = _SCRATCH.buffers = {}
    found = []
    for i in range(count):
        buffer = kept.get((dtype, i))
        if buffer is None or buffer.size < size:
            buffer = kept[(dtype, i)] = np.empty(max(size, CHUNK), dtype=dtype)
        found.append(buffer[:size])
    return found
