"""The one place where engine events become Qt signals.

Why one adapter: the engine knows nothing of Qt, and the editor must not poke at
the engine's listeners from many places. Everything the canvas (and the inspector,
palette, results dock …) draws follows from these signals, so undo, redo, file
loading and scripted edits all redraw the same way (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from engine import Graph, GraphEvent


class GraphAdapter(QObject):
    """Subscribes to one ``engine.Graph`` at a time and re-emits its events as signals.

    Signals carry the ``engine.Operation`` itself (``object``): receivers look up their
    items by op identity, which stays valid across renames.
    """

    opAdded = Signal(object)
    opRemoved = Signal(object)
    #: (op, old name)
    opRenamed = Signal(object, str)
    #: (op, input index)
    inputChanged = Signal(object, int)
    attrsChanged = Signal(object)
    #: the op's output specs or error changed
    inferred = Signal(object)
    #: the ops an edit made in a ``batching`` block inferred again, once, at its end
    inferredMany = Signal(object)

    def __init__(self, graph: Graph | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._graph: Graph | None = None
        self._unsubscribe: Callable[[], None] | None = None
        #: inference events held by ``batching`` (None: reported as they come)
        self._held: dict[object, None] | None = None
        self._depth = 0
        if graph is not None:
            self.set_graph(graph)

    @property
    def graph(self) -> Graph | None:
        return self._graph

    def set_graph(self, graph: Graph | None) -> None:
        """Listen to ``graph`` from now on (and no longer to the previous one)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._graph = graph
        if graph is not None:
            self._unsubscribe = graph.subscribe(self._on_event)

    @contextmanager
    def batching(self) -> Iterator[None]:
        """Within this block inference events are held and reported together at its end
        as one ``inferredMany``: an edit at the top of a 5,000-op chain re-infers every op
        below it, and 5,000 signals, each calling every receiver, cost more than the
        engine's re-inference itself. Blocks may nest; the outermost one reports."""
        self._depth += 1
        if self._depth == 1:
            self._held = {}
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                held, self._held = self._held, None
                if held:
                    self.inferredMany.emit(list(held))

    def detach(self) -> None:
        self.set_graph(None)

    def _on_event(self, event: GraphEvent) -> None:
        kind = event.kind
        if kind == "inferred":
            if self._held is not None:
                self._held[event.op] = None
            else:
                self.inferred.emit(event.op)
        elif kind == "input_changed":
            self.inputChanged.emit(event.op, int(event.index or 0))
        elif kind == "attrs_changed":
            self.attrsChanged.emit(event.op)
        elif kind == "op_added":
            self.opAdded.emit(event.op)
        elif kind == "op_removed":
            self.opRemoved.emit(event.op)
        elif kind == "op_renamed":
            self.opRenamed.emit(event.op, str(event.old))
