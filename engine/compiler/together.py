"""The twins of compiled loops: the same loop with its blocks run by numba's threads.

Every fused group's loop module (``kernel_source.group_source``) holds, beside its
``kernel(args.., lo, hi)``, a ``together(args.., lo, hi, block)`` that calls that kernel on
blocks of the range inside numba's ``prange``. ``framework/pieces.py`` shares a long range
over the cores by it once it is compiled, rather than by handing pieces to a pool thread,
whose wake-up costs as much as a loop over 1e5-1e6 elements (see there).

A twin compiles on the background compiler (``jit.kernel_for``) when a loop first asks for
it, which is only when its range is long enough to share, and persists in the disk cache as
its kernel does. Compiled for the argument types of the kernel's own call, it calls the
kernel's machine code for those types: nothing it computes differs from the kernel alone.

numba's threads are OpenMP's where the GNU runtime is installed. After a loop they spin
for ``GOMP_SPINCOUNT`` turns before they sleep, and a sleeping one costs a wake-up; with
the runtime's default, cut to 1,000 turns once it counts more threads than cores, a gap of
30 µs between two runs (a session run's own work) was enough for them to fall asleep: a
twin over 1e6 elements took 146 µs after such a gap against 90 µs back to back (measured
on the 2-core development machine). Unless the environment says otherwise, the count is set
to the runtime's unthrottled default, 300,000 turns (about 0.1 ms), before numba loads it.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..framework import pieces
from . import jit, kernel_files

__all__ = ["SPIN_COUNT", "preload", "stand_ins", "twin"]

#: the turns numba's OpenMP threads spin after a loop (see above)
SPIN_COUNT = "300000"
os.environ.setdefault("GOMP_SPINCOUNT", SPIN_COUNT)


def twin(kernel: Any, args: tuple[Any, ...]) -> Any:
    """The compiled twin of ``kernel`` (a dispatcher from a kernel module), for the types of
    ``args`` (the kernel's arguments, then ``lo, hi, block``); None while it compiles, when
    it could not be compiled, or when the module has none."""
    found = jit._kernels.get(("together", kernel))  # noqa: SLF001 - every run asks first
    if found is not None:
        return found
    together = _of(kernel)
    if together is None:
        return None
    return jit.kernel_for(("together", kernel), lambda numba: together,
                          lambda: stand_ins(args))


def preload(numba: Any, kernel: Any, name: str, example: tuple[Any, ...]) -> None:
    """Load the twin of a kernel ``jit.warm_up`` loads, if the disk cache holds it (an
    earlier process shared that loop over the cores); never compiled here."""
    together = _of(kernel)
    if together is None or not kernel_files.holds(name, "together"):
        return
    try:
        if jit._compile_for(numba, together, (*example, 1)):  # noqa: SLF001
            kernel_files.record(together)
        with pieces.together_lock():  # start numba's threads now, not in the first run
            together(*example, 1)  # (one element of stand-ins: nothing a run reads)
    except Exception:  # noqa: BLE001 - not loaded: a run asks for it again
        return
    with jit._lock:  # noqa: SLF001
        jit._kernels[("together", kernel)] = together  # noqa: SLF001


def stand_ins(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """One-element arrays of the types of ``args``' arrays (dtype and writeable flag: what
    numba types them by), the rest as they are: the real arrays are not kept alive while
    the twin waits for the compiler."""
    def stand_in(a: Any) -> Any:
        if type(a) is not np.ndarray:
            return a
        b = np.empty(1, dtype=a.dtype)
        b.flags.writeable = bool(a.flags.writeable)
        return b

    return tuple(stand_in(a) for a in args)


def _of(kernel: Any) -> Any:
    py_func = getattr(kernel, "py_func", None)
    return None if py_func is None else py_func.__globals__.get("together")


jit.PRELOAD_HOOKS.append(preload)
