"""Freed heap handed back to the operating system after a large load.

Why: opening a graph of tens of thousands of ops makes and drops millions of small
temporary objects (the layout's, the stored positions' reading, the rows' tables). Python
and Qt free them, but glibc's malloc keeps the freed pages for reuse, so the process stays
larger than what it holds: at 20,000 nodes about a fifth of the canvas's resident size.
``malloc_trim`` returns those pages. Other C libraries (macOS, Windows, musl) have no such
call, or return freed memory themselves: there this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any


@cache
def _libc() -> Any:  # noqa: ANN401 - a ctypes library, or None
    """glibc, when this process runs on it (else None)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def return_freed_heap() -> bool:
    """Hand the heap's free pages back to the system; whether this platform can."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
