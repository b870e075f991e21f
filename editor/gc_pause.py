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


def freeze_loaded() -> None:
    """Move everything alive now (a large document just loaded) out of the collector's
    reach: a full collection later scans only what was made since, not the whole graph
    and its rows again (one took 125–260 ms at 5,000 nodes, in the middle of a pan or an
    undo). What is frozen is still freed when nothing refers to it; only cycles among it
    wait for ``thaw`` (the next document). Collected first, so that no garbage (the last
    document's cycles) is frozen with it."""
    gc.collect()
    gc.freeze()


def thaw() -> None:
    """Give the collector back what ``freeze_loaded`` froze (the document is replaced:
    its cycles may now be garbage)."""
    if gc.get_freeze_count():
        gc.unfreeze()
