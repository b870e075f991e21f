"""Work the scene leaves for later: labels an edit made stale, ops added without a place.

Why deferred: an edit at the top of a 5,000-op chain re-infers every op below it, and
relabelling every link at once is most of the cost of the edit, while only the links on
screen can be seen; so a link is relabelled just before it is painted (or when its label
is read), and the rest a chunk at a time while the event loop is idle. A flush looks for
stale links only where the last one did not (a pan: the strip it exposes). An op a script
adds has no position of its own; it is moved off the nodes it would cover once the turn of
the event loop that added it is over, since the undo commands place their ops right after
adding them.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, QTimer
from PySide6.QtGui import QRegion

from editor import style
from editor.edge_item import EdgeItem
from editor.link_registry import LinkRegistry
from editor.node_item import NodeItem
from editor.placement import free_offset

if TYPE_CHECKING:
    from PySide6.QtWidgets import QGraphicsScene

    from engine import Operation

#: this few stale labels are brought up to date at the next paint wherever they are
FLUSH_ALL_BELOW = 64
#: stale labels are brought up to date in the background, this many per idle turn of
#: the event loop (a timer of DRAIN_MS)
DRAIN_PER_TURN = 50
DRAIN_MS = 0
#: a document of more ops than this opens with its links' labels left to be read when
#: each is first painted
LAZY_LABELS_ABOVE = 500


class SceneUpkeep(QObject):
    """The stale links and unplaced nodes of one scene."""

    def __init__(self, scene: QGraphicsScene, edges: LinkRegistry) -> None:
        super().__init__(scene)
        self.scene = scene
        self.edges = edges
        #: links whose labels wait to be read again, and the ops they leave
        self.stale_edges: dict[EdgeItem, None] = {}
        self.stale_sources: dict[Operation, None] = {}
        #: what the last flush covered, while no link went stale, moved or was shown since
        self._flushed: QRectF | None = None
        #: nodes of ops added without a position
        self.unplaced: dict[NodeItem, None] = {}
        self._placing = QTimer(self)
        self._placing.setSingleShot(True)
        self._placing.setInterval(0)
        self._placing.timeout.connect(self.place_unplaced)
        self._draining = QTimer(self)
        self._draining.setInterval(DRAIN_MS)
        self._draining.timeout.connect(self.drain_some)

    def clear(self) -> None:
        self._draining.stop()
        self._flushed = None
        self.stale_edges.clear()
        self.stale_sources.clear()
        self.unplaced.clear()

    def forget_edge(self, edge: EdgeItem) -> None:
        self.stale_edges.pop(edge, None)

    def forget_node(self, node: NodeItem) -> None:
        self.unplaced.pop(node, None)
        self.stale_sources.pop(node.op, None)

    # --- labels ------------------------------------------------------------------------------
    def inferred(self, op: Operation) -> None:
        """``op`` was inferred again: its links' labels are stale (their lines are not)."""
        stale = changed = False
        for edge in self.edges.leaving(op):
            if edge.label_current():
                continue
            changed = True
            if edge.mark_stale():
                self.stale_edges[edge] = None
                stale = True
        if stale:
            self.stale_sources[op] = None
            self._flushed = None
            self._drain_later()
        elif changed:
            self.edges.declutter(op)

    def left_stale(self, edge: EdgeItem) -> None:
        """``edge``'s label waits (``EdgeItem.label_stale``): read it, and declutter its
        output, when it is next painted."""
        self.stale_edges[edge] = None
        self.stale_sources[edge.src.op] = None
        self._flushed = None
        self._drain_later()

    def forget_flushed(self) -> None:
        """Links moved, or were shown: the next flush looks at the whole of its area."""
        self._flushed = None

    def _drain_later(self) -> None:
        if not self._draining.isActive():
            self._draining.start()

    def drain_some(self) -> None:
        """Bring a chunk of the stale labels up to date, wherever they are (the event loop
        is idle): so the stale set empties soon after an edit or a load, and paints stop
        looking for stale links in view."""
        due = list(islice(self.stale_edges, DRAIN_PER_TURN))
        self._bring_up_to_date(due)
        if not self.stale_edges:
            self._draining.stop()

    def _stale_in(self, probe: QRectF) -> list[EdgeItem]:
        """The stale links in ``probe``, looked for only in the part of it the last flush
        did not cover (while no link went stale, moved or was shown since): a pan asks the
        scene's index about the strip it exposes, a repaint of the same view nothing."""
        covered, self._flushed = self._flushed, QRectF(probe)
        region = QRegion(probe.toAlignedRect())
        if covered is not None:  # shrunk, so rounding counts no uncovered sliver as covered
            region -= QRegion(covered.adjusted(1.0, 1.0, -1.0, -1.0).toRect())
        stale = self.stale_edges
        due: dict[EdgeItem, None] = {}
        for part in region:
            for item in self.scene.items(QRectF(part)):
                if type(item) is EdgeItem and item in stale:
                    due[item] = None
        return list(due)

    def flush(self, rect: QRectF, detail: bool) -> None:
        """Bring the labels of the links in ``rect`` (scene coordinates; a view's visible
        part) up to date before they are painted. Below the readable zoom (``detail``
        off) no label is drawn, so they wait until the view zooms in."""
        if not self.stale_edges:
            return
        if len(self.stale_edges) <= FLUSH_ALL_BELOW:
            due = list(self.stale_edges)
        elif not detail:
            return
        else:
            margin = style.LABEL_MAX_CHARS * 8.0  # a label wider than its link's bounds
            probe = rect.adjusted(-margin, -margin, margin, margin)
            due = self._stale_in(probe)
        self._bring_up_to_date(due)

    def _bring_up_to_date(self, due: list[EdgeItem]) -> None:
        sources: dict[Operation, None] = {}
        for edge in due:
            self.stale_edges.pop(edge, None)
            edge.ensure_label()
            sources[edge.src.op] = None
        for src in sources:
            if src in self.stale_sources:
                self.edges.declutter(src)
                if not any(e.label_stale for e in self.edges.leaving(src)):
                    del self.stale_sources[src]

    # --- placing -----------------------------------------------------------------------------
    def added(self, node: NodeItem) -> None:
        """A node for an op added without a position: placed at the next turn of the loop
        unless a command places it first (``placed``)."""
        self.unplaced[node] = None
        if not self._placing.isActive():
            self._placing.start()

    def placed(self, node: NodeItem) -> None:
        self.unplaced.pop(node, None)

    def place_unplaced(self) -> None:
        """Move each node added without a position to the nearest spot covering no node."""
        self._placing.stop()
        unplaced, self.unplaced = self.unplaced, {}
        for node in unplaced:
            if node.scene() is self.scene and node.isVisible():
                offset = free_offset(self.scene, [node])
                if not offset.isNull():
                    node.move_to(node.pos() + offset)
                    grow = getattr(self.scene, "grow_to", None)
                    if grow is not None:
                        grow(node.sceneBoundingRect())
