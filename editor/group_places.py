"""Where the nodes are, for the group layer: an item's place, else its row's.

Why apart: a collapsed group's box sits over its members, a frame around them, a merged
link starts at a member's port; in a virtual scene (``scene_virtual``) most members have
no item, only a row in the node store, and a collapsed group's members never get one.
So the layer asks this of every member by name, and it answers from the item where one
exists (it may have been dragged since its row was written) and from the row otherwise,
with the same geometry a node item has (``node_geometry``, ``NodeItem.boundingRect``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QRectF

from editor import style
from editor.node_geometry import row_center
from editor.node_item import NodeItem

if TYPE_CHECKING:
    from editor.edge_item import EdgeItem
    from editor.scene import GraphScene
    from engine import Tensor


class Link(NamedTuple):
    """One link of the graph, by op names, with its item if it has one."""

    src: str
    src_index: int
    dst: str
    dst_index: int
    tensor: Tensor
    item: EdgeItem | None


def links_of(scene: GraphScene) -> list[Link]:
    """Every link: from the link items where every link has one, else from the graph."""
    if not scene.virtual or scene.graph is None:
        return [Link(e.src.op.name, e.src_index, e.dst.op.name, e.dst_index, e.tensor, e)
                for e in scene.edges()]
    items = {(e.dst.op.name, e.dst_index): e for e in scene.edges()}
    out = []
    for op in scene.graph.get_operations():
        for index, tensor in enumerate(op.inputs):
            if tensor is not None:
                out.append(Link(tensor.op.name, tensor.value_index, op.name, index, tensor,
                                items.get((op.name, index))))
    return out


class Places:
    """The scene rectangles and port points of nodes by name (``items``: those with
    items; the rest are read from the scene's store)."""

    def __init__(self, scene: GraphScene, items: dict[str, NodeItem]) -> None:
        self.items = items
        self.store = scene.store

    def __contains__(self, name: object) -> bool:
        return name in self.items or (self.store is not None and name in self.store)

    def body(self, name: str) -> QRectF:
        node = self.items.get(name)
        if node is not None:
            return node.body_rect().translated(node.pos())
        assert self.store is not None
        rect = self.store.rect(name)
        assert rect is not None
        return rect

    def bounds(self, name: str) -> QRectF:
        """As ``sceneBoundingRect`` of the node's item (ports, halo and badge included)."""
        node = self.items.get(name)
        if node is not None:
            return node.sceneBoundingRect()
        side = style.PORT_HIT_RADIUS + 0.5
        badge = style.BADGE_RADIUS + 2.0
        return self.body(name).adjusted(-side, -badge, side, 4.0)

    def out_point(self, name: str, index: int) -> QPointF:
        node = self.items.get(name)
        if node is not None:
            return node.out_ports[index].scene_center()
        body = self.body(name)
        return QPointF(body.right(), body.top() + row_center(index))

    def in_point(self, name: str, index: int) -> QPointF:
        node = self.items.get(name)
        if node is not None:
            return node.in_ports[index].scene_center()
        body = self.body(name)
        return QPointF(body.left(), body.top() + row_center(index))

    def union(self, names: Iterable[str]) -> QRectF:
        """The bodies' extent (empty when none of ``names`` is placed)."""
        rect: QRectF | None = None
        for name in names:
            if name in self:
                body = self.body(name)
                rect = body if rect is None else rect.united(body)
        return rect if rect is not None else QRectF()
