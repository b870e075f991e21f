"""What the scene does for a Delete of many nodes and its undo: it parks the items of
the ops that go (``parked_items``), and gives them back when an undo makes the same ops
again. A part of ``GraphScene`` of its own, as the scene's mirror code is long enough."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGraphicsItem

from editor.node_item import NodeItem

if TYPE_CHECKING:
    from editor.edge_item import EdgeItem
    from editor.link_registry import LinkRegistry
    from editor.parked_items import ParkedItems
    from editor.scene_upkeep import SceneUpkeep
    from engine import Operation


class ParkingMixin:
    """Parking and reviving for ``GraphScene``, a ``QGraphicsScene`` (which sets these
    attributes and has the scene's methods this calls)."""

    parked: ParkedItems
    upkeep: SceneUpkeep
    _edges: LinkRegistry
    _going: set[Operation]
    _restoring: bool
    _show_names: bool
    _detail: bool
    _overview: bool
    _edge_px: float

    def holds(self, item: QGraphicsItem) -> bool:
        """Whether ``item`` is on this canvas: in the scene and not parked by a Delete."""
        return item.scene() is self and item not in self.parked

    @contextmanager
    def removing(self, ops: Iterable[Operation]) -> Iterator[None]:
        """Within this block the items of ``ops``, and the links at them, are parked as the
        engine removes the ops (for the undo to show again), with the selection's signals
        held: a Delete of 5,000 nodes restyles and re-indexes nothing that is going."""
        self.parked.new_generation()
        self._going = set(ops)
        self.blockSignals(True)
        try:
            self.clearSelection()
            yield
        finally:
            self._going = set()
            self.blockSignals(False)
            self.restyle_selected_edges()
            self.selectionChanged.emit()

    @contextmanager
    def restoring(self) -> Iterator[None]:
        """Within this block ops made again under their old names (a Delete's undo) get
        their parked items back, and so do the links between them."""
        self._restoring = True
        try:
            yield
        finally:
            self._restoring = False

    def _revive_node(self, op: Operation) -> NodeItem | None:
        """The parked item of an op made again (the undo of a Delete), where it was."""
        node = self.parked.take_node(op.name)
        if node is None:
            return None
        if not node.can_show(op):
            self.parked.drop(node)
            return None
        node.rebind(op)
        node.set_overview(self._overview)
        node.setVisible(True)
        return node

    def _revive_edge(self, src: NodeItem, out_index: int, dst: NodeItem, index: int) -> bool:
        """Show the parked link between these items again, if there is one."""
        edge: EdgeItem | None = self.parked.take_edge((dst.op.name, index), src, out_index, dst)
        if edge is None:
            return False
        changed = edge.rebind(src.op.outputs[out_index], self._show_names, self._detail,
                              self._edge_px)
        edge.setVisible(True)
        stale = changed and edge.mark_stale()
        self._edges.add(edge, declutter=not stale)
        if stale:  # relabelled, and its output decluttered, when it is next painted
            self.upkeep.left_stale(edge)
        return True
