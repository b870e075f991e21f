"""How large one tensor may be before the engine allocates it.

numpy answers ``constant(0, shape=[10**6, 10**6])`` (3.64 TiB) with a bare ``MemoryError``
after trying, and an allocation that does fit the address space but not the memory (40 GB on
a 32 GB machine) swaps the machine to a halt before it fails. So the engine computes a
tensor's bytes from its static shape first and refuses one over a limit, naming the op and
the size: half the machine's physical memory by default (8 GiB where that is unknown), set
with ``TENSORCANVAS_MAX_TENSOR_BYTES`` or ``set_max_tensor_bytes``. What cannot be known
statically (an unknown dimension) still fails cleanly at run time, as an engine error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from .dtypes import DType
from .errors import EngineError, ResourceExhaustedError, execution_error

ENV_VAR = "TENSORCANVAS_MAX_TENSOR_BYTES"
_FALLBACK = 8 << 30
_limit: int | None = None


class TensorSizeError(EngineError, ValueError):
    """A tensor larger than the engine's limit (or than memory holds); nothing was allocated.
    (TF raises ValueError for a constant over its 2 GB proto limit.)"""


def _default_limit() -> int:
    text = os.environ.get(ENV_VAR, "").strip()
    if text:
        try:
            return max(int(float(text)), 0)
        except ValueError:
            pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (AttributeError, OSError, ValueError):
        return _FALLBACK


def max_tensor_bytes() -> int:
    """The most bytes one tensor may take."""
    global _limit
    if _limit is None:
        _limit = _default_limit()
    return _limit


def set_max_tensor_bytes(limit: int | None) -> int:
    """Set the most bytes one tensor may take (``None``: the default again); returns the
    previous limit."""
    global _limit
    previous = max_tensor_bytes()
    _limit = None if limit is None else int(limit)
    return previous


def format_bytes(n: int) -> str:
    """``3.64 TiB``: bytes as a person reads them."""
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if size < 1024 or unit == "PiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.3g} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def shape_bytes(dims: Sequence[int], itemsize: int) -> int:
    n = itemsize
    for d in dims:
        n *= int(d)
    return n


def over_limit(nbytes: int, what: str) -> str | None:
    """Why ``what`` of ``nbytes`` bytes may not be allocated, or None when it may."""
    limit = max_tensor_bytes()
    if nbytes <= limit:
        return None
    return (f"{what} needs {format_bytes(nbytes)} ({nbytes} bytes), over the engine's limit of "
            f"{format_bytes(limit)} per tensor; raise it with engine.set_max_tensor_bytes() or "
            f"the {ENV_VAR} environment variable")


def check_bytes(nbytes: int, what: str) -> None:
    """``TensorSizeError`` when ``what`` of ``nbytes`` bytes is over the limit."""
    reason = over_limit(nbytes, what)
    if reason is not None:
        raise TensorSizeError(reason)


def oom_detail(dims: Sequence[int], dtype: DType, device: str, reason: str) -> str:
    """TF's words for an allocation that failed, and why (``reason``)."""
    shape = ",".join(str(int(d)) for d in dims)
    return (f"OOM when allocating tensor with shape[{shape}] and type {dtype.runtime_name} on "
            f"{device}: {reason}")


def check_outputs(ops: Iterable[Any], device: str) -> None:
    """``ResourceExhaustedError`` on the first op whose output, by its static shape, is over
    the limit (before a run allocates anything)."""
    limit = max_tensor_bytes()
    for op in ops:
        for spec in op.output_specs or ():
            dims = spec.shape.sizes
            if dims is None or any(d is None for d in dims):
                continue
            nbytes = shape_bytes(dims, spec.dtype.np_dtype.itemsize)
            if nbytes > limit:
                reason = over_limit(nbytes, f"the output of '{op.name}'")
                assert reason is not None
                raise execution_error(ResourceExhaustedError, op,
                                      oom_detail(dims, spec.dtype, device, reason))
