"""Python's cyclic garbage collector held off during the editor's bulk work.

Why: loading a document, or deleting and restoring thousands of nodes, makes tens of
thousands of small objects (items, paths, texts) in one go, and the collector would rescan
all of them several times over while they are being made: a tenth or more of a 5,000-node
load. The collector runs again as usual right after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic collection inside the block (nested blocks are fine)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
