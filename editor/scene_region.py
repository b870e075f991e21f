"""Which nodes of a virtual scene have items: a region around the view, made ahead of a
pan and released when the event loop is idle (``RegionMixin.sync_viewport``).

Why ahead of the view: making an item (its texts measured, its ports and links made) costs
a few tenths of a millisecond; the hundred or so a pan brings into view at half zoom,
made in the frame they appear, would make that frame stutter. So the region reaches a
margin beyond the view and moves while the view is still well inside it, and the items
it gains are made a few each paint and in idle slices until they are all there. Releasing
items costs too, and nothing is urgent about it: it waits for idle time as well, except
after a jump, whose old items are all far away.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QTimer

from editor import style

if TYPE_CHECKING:
    from editor.node_item import NodeItem
    from editor.node_store import NodeStore
    from editor.overview_layer import OverviewLayer
    from engine import Graph, Operation

#: at most this many node items exist in a virtual scene (more in view: the layer draws)
MAX_ITEMS = 2500
#: at most this many items are made per paint, and only for this long; the rest at the
#: next turns of the event loop (the overview layer draws their boxes meanwhile)
MAKE_PER_PAINT = 200
MAKE_MS = 8.0
#: items ahead of the view are made for this long in a paint, and in slices of
#: ``IDLE_MS`` while the event loop is idle
AHEAD_MS = 3.0
IDLE_MS = 4.0
#: the region with items reaches this share of the view's size beyond it on each side;
#: items are released when a new region is made, if this much further off
MARGIN = 0.3
#: a region this many times wider than a fresh one would be is made anew (zoomed in)
REGION_SLACK = 1.5
KEEP_MARGIN = 0.2
#: the region is moved when the view comes within this share of its size of its edge
LEAD = 0.12


def _grown(rect: QRectF, share: float) -> QRectF:
    """``rect`` with ``share`` of its width and height added on each side."""
    dx, dy = rect.width() * share, rect.height() * share
    return rect.adjusted(-dx, -dy, dx, dy)


class RegionMixin:
    """Making and releasing the items of a virtual scene (a ``GraphScene``)."""

    graph: Graph | None
    store: NodeStore | None
    layer: OverviewLayer | None
    _nodes: dict[Operation, NodeItem]
    _press_positions: dict[NodeItem, QPointF]
    _frozen: bool

    # (``_materialise`` and ``_release`` are the ``VirtualMixin``'s)

    def sync_viewport(self, shown: QRectF, zoom: float) -> None:
        """Make the items of the nodes in (and near) ``shown`` that have none, and release
        those far from it; called before each paint of the canvas's view. Nothing is made
        below overview zoom, nor when more nodes are in view than ``MAX_ITEMS``.

        Items are made for a region around the view, which is moved when the view comes
        within ``LEAD`` of its edge: a pan makes the items coming into view while they
        are still beyond it, a few each paint (``AHEAD_MS``) and the rest when the event
        loop is idle, so they exist before they are seen. The items in view that have
        none (a jump, a zoom out) are made within this paint (``MAKE_MS``). Items are
        released when the event loop is idle, except after a jump to a region that does
        not meet the old one (their memory goes at once)."""
        store = self.store
        if store is None or self.graph is None or self._frozen:
            return
        self._seen = QRectF(shown)
        region = self._region
        if zoom < style.OVERVIEW_LOD:
            target = None
        elif region is not None and region.contains(_grown(shown, LEAD)) and (
                region.width() <= shown.width() * (1.0 + 2.0 * MARGIN) * REGION_SLACK):
            target = region  # (a region far larger than the view: zoomed in, made anew)
        else:
            target = _grown(shown, MARGIN)
        if target == region and not self._pending_items and not self._pending_release and (
                target is not None or not self._nodes):
            return  # (at overview zoom, items made on demand are released again)
        self._region = target
        wanted = self._wanted(target)
        if target != region or target is None:
            dx, dy = shown.width() * KEEP_MARGIN, shown.height() * KEEP_MARGIN
            self._keep = (None if target is None or not len(wanted)
                          else target.adjusted(-dx, -dy, dx, dy))
            self._pending_release = True
        jump = target is None or region is None or not target.intersects(region)
        changed = self._release_far(MAKE_MS) if jump and self._pending_release else False
        missing = self._missing_nearest_first(wanted, shown)
        if len(missing):  # (those in view first)
            seen = store.in_rect(shown)
            in_view = np.isin(missing, seen)
            made = self._make(missing[in_view], MAKE_MS, MAKE_PER_PAINT)
            if made == int(in_view.sum()):  # (those ahead once all in view have theirs)
                made += self._make(missing[~in_view], AHEAD_MS, MAKE_PER_PAINT - made)
            self._pending_items = made < len(missing)
            changed = changed or bool(made)
        else:
            self._pending_items = False
        if self._pending_items or self._pending_release:
            self._idle_soon()
        if changed and self.layer is not None:
            self.layer.itemisation_changed()

    def _wanted(self, region: QRectF | None) -> np.ndarray:
        """The rows whose nodes ``region`` gives items: none at overview zoom (no region)
        or when more than ``MAX_ITEMS`` are there (the layer draws them)."""
        store = self.store
        assert store is not None
        wanted = np.zeros(0, np.int64) if region is None else store.in_rect(region)
        return wanted if len(wanted) <= MAX_ITEMS else wanted[:0]

    def _missing_nearest_first(self, wanted: np.ndarray, shown: QRectF) -> np.ndarray:
        """Of ``wanted``, the rows without items, the nearest to the middle of ``shown``
        (the view) first."""
        store = self.store
        assert store is not None
        missing = wanted[~store.itemised[wanted]]
        if not len(missing):
            return missing
        middle = shown.center()
        centres = store.xy[missing] + store.wh[missing] / 2.0
        distance = np.abs(centres - (middle.x(), middle.y())).sum(axis=1)
        return missing[np.argsort(distance, kind="stable")]

    def _dragging(self) -> bool:
        """Whether nodes are pressed or dragged now (no item is released then)."""
        return bool(self._press_positions) or self.mouseGrabberItem() is not None  # type: ignore

    def _make(self, rows: np.ndarray, budget_ms: float, limit: int) -> int:
        """Make the items of ``rows`` in order, within ``budget_ms`` and ``limit`` (at
        least one): how many were made."""
        store, graph = self.store, self.graph
        assert store is not None and graph is not None
        deadline = time.perf_counter() + budget_ms / 1000.0
        made = 0
        for i in rows.tolist():
            if made >= limit or (made and time.perf_counter() > deadline):
                break
            self._materialise(graph.get_operation_by_name(store.names[i]))  # type: ignore
            made += 1
        return made

    def _release_far(self, budget_ms: float) -> bool:
        """Release the items outside the kept rect (all, at overview zoom), within
        ``budget_ms`` (at least one); whether any went. Not while nodes are dragged."""
        store = self.store
        assert store is not None
        if self._dragging():
            return False
        keep = set() if self._keep is None else set(store.in_rect(self._keep).tolist())
        index = store.index
        until = time.perf_counter() + budget_ms / 1000.0
        changed = False
        self._pending_release = False
        for op, node in list(self._nodes.items()):  # (the rest at the next turns: an item
            if index.get(op.name) not in keep and not node.isUnderMouse():  # may linger)
                if changed and time.perf_counter() > until:
                    self._pending_release = True
                    break
                self._release(node)  # type: ignore[attr-defined]
                changed = True
        return changed

    def _idle_soon(self) -> None:
        if not self._idle_queued:
            self._idle_queued = True
            QTimer.singleShot(0, self._idle)

    def _idle(self) -> None:
        """What the last paints left (items ahead of the view, far ones to release), a
        slice at a time while the event loop is idle; no repaint is asked for (an item
        made in view is painted as Qt adds it). Nothing while nodes are dragged: the
        next paint asks again."""
        self._idle_queued = False
        if self.store is None or self.graph is None or self._frozen or self._seen is None:
            return
        if self._dragging():
            return
        changed = False
        if self._pending_items:
            missing = self._missing_nearest_first(self._wanted(self._region), self._seen)
            made = self._make(missing, IDLE_MS, MAKE_PER_PAINT) if len(missing) else 0
            self._pending_items = made < len(missing)
            changed = bool(made)
        elif self._pending_release:
            changed = self._release_far(IDLE_MS)
        if changed and self.layer is not None:
            self.layer.itemisation_changed()
        if self._pending_items or self._pending_release:
            self._idle_soon()

    _pending_items = False
    #: items far from the view are left to release when idle (``_idle``)
    _pending_release = False
    _idle_queued = False
    #: the rect whose nodes keep their items (None: none do); the view last painted
    _keep: QRectF | None = None
    _seen: QRectF | None = None
    #: the region whose nodes have items (``sync_viewport``); None: none, or to be found
    _region: QRectF | None = None
