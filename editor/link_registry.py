"""Which edge items meet at which node: the scene's record of its links.

Why the scene keeps this, not the nodes: a node item that held its edge items would
have to know the edge item's type, and the edge item already knows the node's (its
ends), so the two modules would import each other. Kept here, a node knows no edges:
it asks its scene to re-route them when its ports move (``NodeItem.update_edges``),
and the scene's registry also keeps the ports' "connected" dots true to the links.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF

from editor.edge_item import EdgeItem

#: labels of one output closer than this (scene units) count as covering each other
LABEL_MARGIN = 3.0
#: and vertically: labels of one output this close read as a stack of the same text
LABEL_STACK_GAP = 8.0

if TYPE_CHECKING:
    from engine import Operation


class LinkRegistry:
    """The edge items of one scene, by the input each feeds and by the ops at its ends."""

    def __init__(self) -> None:
        #: every edge, by (consumer op, input index), in the order they were added
        self._by_input: dict[tuple[Operation, int], EdgeItem] = {}
        #: the edges into each op, by input index
        self._into: dict[Operation, dict[int, EdgeItem]] = {}
        #: the edges out of any output of each op (insertion-ordered sets)
        self._out_of: dict[Operation, dict[EdgeItem, None]] = {}

    def clear(self) -> None:
        """Forget every edge (the scene drops its items itself)."""
        self._by_input.clear()
        self._into.clear()
        self._out_of.clear()

    def __len__(self) -> int:
        return len(self._by_input)

    def __iter__(self) -> Iterator[EdgeItem]:
        return iter(self._by_input.values())

    def all(self) -> list[EdgeItem]:
        return list(self._by_input.values())

    def into(self, op: Operation, index: int) -> EdgeItem | None:
        """The edge feeding input ``index`` of ``op``, if it is wired."""
        return self._by_input.get((op, index))

    def out_of(self, op: Operation) -> list[EdgeItem]:
        """The edges leaving any output of ``op``."""
        return list(self._out_of.get(op, ()))

    def leaving(self, op: Operation) -> Iterator[EdgeItem]:
        """The edges leaving ``op``, without a copy (for a loop that changes no edges)."""
        return iter(self._out_of.get(op, ()))

    def at(self, op: Operation) -> list[EdgeItem]:
        """Every edge into or out of ``op``."""
        return list(self._into.get(op, {}).values()) + self.out_of(op)

    def route(self, op: Operation) -> None:
        """Have the edges at ``op`` follow its node (it moved, or its ports did)."""
        sources = {op}
        for edge in self._into.get(op, {}).values():
            edge.update_path()
            sources.add(edge.src.op)
        for edge in self._out_of.get(op, ()):
            edge.update_path()
        for src in sources:
            self.declutter(src)

    def declutter(self, op: Operation) -> None:
        """Show each output's label once where its links' labels would cover each other
        or stack up close (one output feeding several inputs: the same text, repeated).
        The first link keeps its label; a later one whose label would touch or sit just
        above or below a shown one leaves it out (its tooltip still has it)."""
        shown: dict[int, list[QRectF]] = {}
        for edge in self._out_of.get(op, ()):
            kept = shown.setdefault(edge.src_index, [])
            rect = edge.label_rect().adjusted(-LABEL_MARGIN, -LABEL_STACK_GAP, LABEL_MARGIN,
                                              LABEL_STACK_GAP)
            hidden = bool(edge.label_text) and any(rect.intersects(r) for r in kept)
            edge.set_label_hidden(hidden)
            if edge.label_text and not hidden:
                kept.append(rect)

    def add(self, edge: EdgeItem, declutter: bool = True) -> None:
        """Record a new edge and show both its ports as connected; ``declutter=False``
        leaves its output's labels to be decluttered later (``SceneUpkeep.flush``)."""
        src, dst = edge.src.op, edge.dst.op
        self._by_input[(dst, edge.dst_index)] = edge
        self._into.setdefault(dst, {})[edge.dst_index] = edge
        self._out_of.setdefault(src, {})[edge] = None
        edge.src_port().set_connected(True)
        edge.dst_port().set_connected(True)
        if declutter:
            self.declutter(src)

    def pop(self, key: tuple[Operation, int],
            going: Container[Operation] = ()) -> EdgeItem | None:
        """Forget the edge into input ``key`` (``(op, index)``), if any, and show its ports
        as free (the output only when no other edge leaves it); the ports and labels of
        ops in ``going`` (being removed with it) are left as they are."""
        edge = self._by_input.pop(key, None)
        if edge is None:
            return None
        dst, index = key
        into = self._into.get(dst)
        if into is not None and into.get(index) is edge:
            del into[index]
            if not into:
                del self._into[dst]
            if dst not in going:
                edge.dst_port().set_connected(False)
        src = edge.src.op
        out = self._out_of.get(src, {})
        out.pop(edge, None)
        if src not in going:
            edge.src_port().set_connected(any(e.src_index == edge.src_index for e in out))
        if not out:
            self._out_of.pop(src, None)
        elif src not in going:
            self.declutter(src)  # a label it hid may show again
        return edge
