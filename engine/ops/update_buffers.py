"""Where the optimizers' apply ops write new values: one pass, into recycled buffers.

An apply op (``ApplyAdam`` …) replaces a variable's value and its slots' values every step.
Computed with numpy's operators, Adam's update is a dozen passes over the variable, each
into a fresh temporary, and three fresh results: for a 784×256 layer that is most of a
training step, spent on memory traffic and on page faults for memory the step touches for
the first time. Here the update is one compiled loop (``compiler/update_kernels.py`` puts it
in ``FUSED`` when numba is there) that reads var, its slots and the gradient once and writes
the new values once, each into the buffer the variable held one step before.

That buffer is reused only when nothing but the variable's state holds it (its reference
count says so): a value a caller fetched, a run's saved copy for putting values back after a
failure, or a read-only view the editor's cache handed out keeps its buffer from being
reused, and the update takes a new one. So the engine's rule stands: a value anyone can see
never changes; new values are new (read-only) arrays from the caller's point of view.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

#: per apply op type, its compiled update: ``fused(outs, ins, scalars, nesterov)`` writes the
#: new values into ``outs`` (flat arrays of the variable's dtype) and returns True, or returns
#: False (not compiled yet: the kernel is on its way, the numpy expression runs meanwhile)
FUSED: dict[str, Callable[[Sequence[np.ndarray], Sequence[np.ndarray], Sequence[Any], bool],
                          bool]] = {}
#: the dtypes the compiled updates compute exactly as numpy does
DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_F32, _F64 = DTYPES  # numpy's own dtype objects: an array's dtype is one of them, mostly
#: references to a spare buffer when only the state holds it: the state's entry, the local
#: name in ``_recycled`` and ``getrefcount``'s own argument
_ALONE = 3


def fused_update(op_type: str, xp: Any, refs: Sequence[dict[str, Any]], current: Sequence[Any],
                 extra: Sequence[Any], scalars: Sequence[Any], nesterov: bool = False) -> bool:
    """Run ``op_type``'s compiled update over the variable and slot values ``current`` and
    the arrays ``extra`` (the gradient), with hyper-parameters ``scalars``; store the new
    values in ``refs``. False (nothing changed) where it does not apply: not numpy, a dtype or
    layout the kernel does not take, or the kernel still compiling."""
    fused = FUSED.get(op_type)
    if fused is None or xp is not np:
        return False
    first = current[0]
    if type(first) is not np.ndarray or first.size == 0:
        return False
    dtype = first.dtype
    if dtype is not _F32 and dtype is not _F64 and dtype not in DTYPES:
        return False
    shape = first.shape
    flat = []
    for a in (*current, *extra):
        if type(a) is not np.ndarray or a.shape != shape or (
                a.dtype is not dtype and a.dtype != dtype) or not a.flags.c_contiguous:
            return False
        flat.append(a if a.ndim == 1 else a.reshape(-1))  # a view: each is C-contiguous
    outs = [_recycled(state, first) for state in refs]
    cast = dtype.type
    if not fused([o if o.ndim == 1 else o.reshape(-1) for o in outs], flat,
                 [s if type(s) is cast else cast(s) for s in scalars], nesterov):
        return False
    for state, out in zip(refs, outs):
        retire(state, out)
    return True


def into_spare(state: dict[str, Any], like: np.ndarray,
               write: Callable[[np.ndarray], Any]) -> np.ndarray:
    """``write(buffer)`` into the buffer the variable held before (a new one when somebody
    holds that), which then becomes the variable's read-only value: an assignment of a whole
    value touches memory already faulted in."""
    new = _recycled(state, like)
    write(new)
    retire(state, new)
    return new


def _recycled(state: dict[str, Any], like: np.ndarray) -> np.ndarray:
    """The buffer the variable held before its current value, when nothing else holds it
    and it fits; else a new one."""
    spare = state.get("_spare")
    if (type(spare) is np.ndarray and spare.shape == like.shape and spare.dtype == like.dtype
            and spare.flags.c_contiguous and sys.getrefcount(spare) <= _ALONE):
        try:
            spare.flags.writeable = True
        except ValueError:  # not its own memory: leave it
            pass
        else:
            del state["_spare"]
            return spare
    return np.empty(like.shape, like.dtype)


def retire(state: dict[str, Any], new: np.ndarray) -> None:
    """``new`` becomes the variable's (read-only) value; the value it replaces is kept as the
    spare buffer of the next update."""
    new.flags.writeable = False
    old = state.get("value")
    state["value"] = new
    if type(old) is np.ndarray:
        state["_spare"] = old
