"""Items a Delete took off the canvas, kept hidden in the scene until its undo or later.

Why park instead of removing: deleting 5,000 nodes removed 15,000 items from the scene's
index one by one, and its undo built them all again (most of a document's load time);
hiding an item is a fraction of either. An undo that makes the same ops again
(``RemoveSelection``'s revert) finds their items here and shows them again, bound to the
new ops (``NodeItem.rebind``, ``EdgeItem.rebind``). Only the last Delete's items are kept
for that; an older generation is removed from the scene a chunk at a time while the event
loop is idle, so no later edit pays for it at once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from editor.edge_item import EdgeItem
from editor.node_item import NodeItem

#: how many parked items are removed from the scene per turn of the event loop
REMOVE_PER_TURN = 1000


class ParkedItems(QObject):
    """The hidden items of one scene's last Delete, by op name and by (op name, input)."""

    def __init__(self, scene: QGraphicsScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[tuple[str, int], EdgeItem] = {}
        #: every parked item, the last Delete's and the ones still to be removed
        self._held: set[QGraphicsItem] = set()
        self._dying: list[QGraphicsItem] = []
        self._reaper = QTimer(self)
        self._reaper.setInterval(0)
        self._reaper.timeout.connect(self._remove_some)

    @property
    def held(self) -> set[QGraphicsItem]:
        """Every parked item (read-only: for loops that test many items)."""
        return self._held

    def __contains__(self, item: object) -> bool:
        return item in self._held

    def __len__(self) -> int:
        return len(self._held)

    def clear(self) -> None:
        """Forget everything (the scene dropped its items itself)."""
        self.nodes.clear()
        self.edges.clear()
        self._held.clear()
        self._dying.clear()
        self._reaper.stop()

    def new_generation(self) -> None:
        """A new Delete begins: what the last one parked can no longer come back."""
        self._retire([*self.edges.values(), *self.nodes.values()])
        self.nodes.clear()
        self.edges.clear()

    def park_node(self, node: NodeItem) -> None:
        node.setSelected(False)
        node.setVisible(False)
        self._held.add(node)
        self.nodes[node.op.name] = node

    def park_edge(self, edge: EdgeItem) -> None:
        edge.setSelected(False)
        edge.setVisible(False)
        self._held.add(edge)
        self.edges[(edge.dst.op.name, edge.dst_index)] = edge

    def take_node(self, name: str) -> NodeItem | None:
        """The parked node of op ``name``, no longer parked (not yet shown)."""
        node = self.nodes.pop(name, None)
        if node is not None:
            self._held.discard(node)
        return node

    def take_edge(self, key: tuple[str, int], src: NodeItem, src_index: int,
                  dst: NodeItem) -> EdgeItem | None:
        """The parked link into ``key`` if it ran between these items, no longer parked."""
        edge = self.edges.get(key)
        if edge is None or edge.src is not src or edge.dst is not dst or (
                edge.src_index != src_index):
            return None
        del self.edges[key]
        self._held.discard(edge)
        return edge

    def drop(self, node: NodeItem) -> None:
        """``node`` cannot stand for the op made under its name: remove it for good."""
        self._held.add(node)
        self._retire([node])

    def finish(self) -> None:
        """Remove every parked item from the scene now (before something reads all of the
        scene's items: an image export)."""
        self.new_generation()
        self._remove_some(len(self._dying))

    def _retire(self, items: list[QGraphicsItem]) -> None:
        if items:
            self._dying.extend(items)
            if not self._reaper.isActive():
                self._reaper.start()

    def _remove_some(self, count: int = REMOVE_PER_TURN) -> None:
        batch, self._dying = self._dying[:count], self._dying[count:]
        for item in batch:
            self._held.discard(item)
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        if not self._dying:
            self._reaper.stop()
