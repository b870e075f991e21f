"""Pooled output buffers in transparent huge pages: a first run faults its outputs in cheaply.

A fresh buffer is faulted in page by page on its first write, one trap per 4 KiB. Under a
hypervisor that trap is dear: measured on the 2-core development machine (KVM), writing a
fresh 4 MB buffer took 1.5-5.5 ms against 0.1 ms once faulted in, more than a whole warm
run of a fused group over it. Huge pages (2 MiB) fault in 512 times fewer traps: 0.27-0.30
ms for the same buffer. numpy asks for them (``madvise``) only for arrays from 4 MiB, and
its allocation is not aligned to 2 MiB, so its first and last 2 MiB stay small pages; a
pooled buffer of ``MIN_BYTES`` or more is instead a view of an anonymous mapping aligned to
2 MiB and advised for huge pages (``MADV_HUGEPAGE``: with the kernel's THP setting
``madvise`` or ``always``; elsewhere it is an ordinary mapping, as fast as numpy's).

Such a buffer is a view (its ``base`` is the mapping, a ``PoolMemory``), so what asks
whether a buffer is free, or whether a result is the run's own, asks here: a view of it
that a caller keeps holds the mapping too (``is_free``).
"""

from __future__ import annotations

import math
import mmap
import sys
from typing import Any

import numpy as np

__all__ = ["MIN_BYTES", "PoolMemory", "empty", "is_free", "sole"]

#: buffers from this size are mapped in huge pages (a 1e6-element float32 output is 4 MB)
MIN_BYTES = 1 << 21
_HUGE = 1 << 21
#: where the platform has anonymous mappings and ``madvise`` (Linux)
AVAILABLE = hasattr(mmap, "MADV_HUGEPAGE") and hasattr(mmap, "MAP_ANONYMOUS")

_getrefcount = sys.getrefcount
#: bytes mapped by ``empty`` so far (tracemalloc sees numpy's allocations, not mappings: the
#: benchmarks add these to what it traced)
mapped_bytes = 0


class PoolMemory(mmap.mmap):
    """An anonymous mapping that only the pool makes: a result whose base is one is a
    pooled buffer (a user's own mapping is never mistaken for one)."""


def empty(shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """An uninitialised C-order array, in huge pages when it is large enough."""
    dtype = np.dtype(dtype)
    nbytes = math.prod(shape) * dtype.itemsize
    if not AVAILABLE or nbytes < MIN_BYTES:
        return np.empty(shape, dtype=dtype)
    try:
        memory = PoolMemory(-1, -(-nbytes // _HUGE) * _HUGE + _HUGE,
                            flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        address = np.frombuffer(memory, np.uint8, 1).ctypes.data
        offset = -address % _HUGE
        memory.madvise(mmap.MADV_HUGEPAGE, offset, len(memory) - offset)
    except (OSError, ValueError):  # no such mapping here: numpy's own allocation
        return np.empty(shape, dtype=dtype)
    global mapped_bytes
    mapped_bytes += nbytes
    return np.ndarray(shape, dtype, buffer=memory, offset=offset)


def sole(value: np.ndarray) -> bool:
    """Whether ``value`` is a buffer ``empty`` mapped, and no other array (a view of it)
    shares its mapping: a run's own result, to hand out as it is. References to the
    mapping: ``value``'s own, this name's and getrefcount's argument."""
    base = value.base
    return type(base) is PoolMemory and _getrefcount(base) <= 3


def is_free(buffer: np.ndarray, held: int = 4) -> bool:
    """Whether nothing but the pool's list holds the pooled ``buffer``, nor a view of it.
    ``held`` counts the references a free buffer has here: the list's, the caller's loop
    name, this call's argument and getrefcount's (4); to its mapping, the array's own, the
    name here and getrefcount's argument (3)."""
    if _getrefcount(buffer) > held:
        return False
    base = buffer.base
    return base is None or _getrefcount(base) <= 3
