"""What a graph tells its subscribers after a change (``Graph.subscribe``): the editor's one
adapter turns these into Qt signals; tests and tools listen the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .operation import Operation

_set_attribute = object.__setattr__


@dataclass(frozen=True, init=False)
class GraphEvent:
    """One change to a graph. ``kind`` is one of ``op_added``, ``op_removed``,
    ``op_renamed`` (``old`` is the old name), ``input_changed`` (``index``; ``old`` is the
    tensor that was there), ``attrs_changed`` (``old`` is the old attrs) and ``inferred``
    (the op's specs or error changed)."""

    kind: str
    op: Operation
    index: int | None = None
    old: Any = None

    def __init__(self, kind: str, op: Operation, index: int | None = None,
                 old: Any = None) -> None:
        # the dict set at once, not field by field through the frozen ``__setattr__``: an
        # edit at the top of a long chain tells its listeners of thousands of ops
        _set_attribute(self, "__dict__", {"kind": kind, "op": op, "index": index, "old": old})


Listener = Callable[[GraphEvent], None]
