"""The groups on the canvas: which scopes are collapsed, and the items that show them.

Why a layer over the scene instead of changes to every item: a group is a view of op
names, so the layer only hides the node and edge items a collapsed group stands for and
draws its own items (``group_items``) over what is left. It recomputes that view after
the engine reports a change (coalesced into one pass per turn of the event loop, as a
rename of 500 ops into a scope is 500 events) and when nodes move.

The collapse state is not an edit of the graph (no undo step, like a fold in a text
editor); it is stored in the file's editor section as ``groups.collapsed``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtWidgets import QApplication

from editor.edge_item import EdgeItem
from editor.group_items import FRAME_HEADER, FRAME_PAD, GroupBox, GroupFrame, GroupLink
from editor.group_places import Link, Places, links_of
from editor.groups import ScopeTree, scope_chain
from editor.labels import tensor_label
from editor.node_item import NodeItem
from editor.scene import GraphScene

#: an end of a link on the canvas: ("node", op name) or ("group", scope)
End = tuple[str, str]


class GroupLayer(QObject):
    """Owns the collapse state of ``scene``'s scopes and the items drawn for them."""

    #: which scopes are collapsed changed (the document's editor section did)
    collapseChanged = Signal()
    #: a scope was expanded by the user (double-click, chevron, Find): make room for it
    expanded = Signal(str)
    #: {op name: (old QPointF, new QPointF)}: a collapsed group was dragged
    membersMoved = Signal(object)

    def __init__(self, scene: GraphScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.collapsed: set[str] = set()
        self.tree = ScopeTree([])
        self.boxes: dict[str, GroupBox] = {}
        self.frames: dict[str, GroupFrame] = {}
        self.links: dict[tuple[End, End], GroupLink] = {}
        self._hidden: set[NodeItem | EdgeItem] = set()
        self._box_press: dict[GroupBox, QPointF] = {}
        self._chevron_at = float("-inf")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        adapter = scene.adapter
        for signal in (adapter.opAdded, adapter.opRemoved, adapter.opRenamed,
                       adapter.inputChanged):
            signal.connect(self.schedule)
        #: whether inference events are heard: only merged links' labels follow them, so
        #: a graph without collapsed groups pays nothing per inferred op
        self._hears_inference = False
        scene.node_moved_hook = self._on_node_moved
        scene.content_hook = self._box_rects
        scene.installEventFilter(self)

    # --- state -------------------------------------------------------------------------------
    def schedule(self, *_: object) -> None:
        """Recompute the view at the next turn of the event loop."""
        if not self._timer.isActive():
            self._timer.start()

    def is_collapsed(self, scope: str) -> bool:
        return scope in self.collapsed

    def set_collapsed(self, scope: str, on: bool) -> None:
        if (scope in self.collapsed) == on:
            return
        if on:
            self.collapsed.add(scope)
        else:
            self.collapsed.discard(scope)
        self.refresh()
        self.collapseChanged.emit()

    def request_toggle(self, scope: str, how: str) -> None:
        """A click on a chevron or a double-click on a group (``how``). The presses of a
        double-click on a chevron toggle once: its second press or the double-click
        itself (wherever the group has gone by then) is not a second toggle."""
        now = time.monotonic()
        if now - self._chevron_at < QApplication.doubleClickInterval() / 1000.0:
            return
        if how == "chevron":
            self._chevron_at = now
        self.toggle(scope)

    def toggle(self, scope: str) -> None:
        """Collapse or expand ``scope`` (double-click on its box or its frame's header)."""
        expanding = scope in self.collapsed
        self.set_collapsed(scope, not expanding)
        if expanding:
            self.expanded.emit(scope)

    def set_all(self, collapsed: Iterable[str]) -> None:
        """Replace the whole collapse state (a document opened)."""
        self.collapsed = set(collapsed)
        self.refresh()

    def reveal(self, name: str) -> bool:
        """Expand every collapsed group around op ``name``; whether any was."""
        hidden = [scope for scope in scope_chain(name) if scope in self.collapsed]
        if hidden:
            self.collapsed.difference_update(hidden)
            self.refresh()
            self.collapseChanged.emit()
            self.expanded.emit(hidden[-1])
        return bool(hidden)

    def shown_by(self, name: str) -> str | None:
        """The collapsed group that shows op ``name`` now, or None."""
        return self.tree.shown_by(name, self.collapsed)

    # --- the editor section ------------------------------------------------------------------
    def load(self, section: Mapping[str, Any] | None, names: Iterable[str]) -> set[str]:
        """The collapse state a document asks for: its ``groups.collapsed`` list, or, for
        a graph that has none (imported, generated), every top-level scope collapsed."""
        tree = ScopeTree(names)
        groups = section.get("groups") if isinstance(section, Mapping) else None
        if isinstance(groups, Mapping) and isinstance(groups.get("collapsed"), list):
            return {s for s in groups["collapsed"] if isinstance(s, str) and s in tree}
        return set(tree.top_level())

    def section(self) -> dict[str, Any]:
        live = sorted(s for s in self.collapsed if s in self.tree)
        return {"collapsed": live}

    # --- selection ---------------------------------------------------------------------------
    def selected_ops(self) -> set[str]:
        """The ops inside the selected collapsed groups."""
        out: set[str] = set()
        for box in self.boxes.values():
            if box.isSelected():
                out.update(self.tree.ops_under.get(box.scope, ()))
        return out

    def select_members(self, scope: str) -> None:
        members = set(self.tree.ops_under.get(scope, ()))
        self.scene.clearSelection()
        for node in self.scene.nodes():
            if node.op.name in members and node.isVisible():
                node.setSelected(True)
        self.scene.select_rows(members)  # a virtual scene's members without items
        for inner, box in self.boxes.items():
            if inner.startswith(scope + "/"):
                box.setSelected(True)

    # --- the view ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Hide what collapsed groups stand for; place boxes, frames and links."""
        self._timer.stop()
        scene = self.scene
        self._drop_dead_items()
        nodes = scene.nodes()
        # a virtual scene's ops mostly have no items: its groups are of every op's name
        names = scene.op_names() if scene.virtual else [node.op.name for node in nodes]
        self.tree = tree = ScopeTree(names)
        if not tree.scopes and not self._hidden and not self.boxes and not self.frames:
            self._hear_inference(False)
            return
        collapsed = frozenset(s for s in self.collapsed if s in tree)
        by_name = {node.op.name: node for node in nodes}
        shown = {name: tree.shown_by(name, collapsed) for name in names}
        hide: set[NodeItem | EdgeItem] = {by_name[n] for n, g in shown.items()
                                          if g is not None and n in by_name}
        if scene.virtual:  # the rows inside collapsed groups: neither drawn nor itemised
            scene.hide_rows([n for n, g in shown.items() if g is not None])
            self._hidden |= {item for item in [*nodes, *scene.edges()]
                             if not item.isVisible() and scene.holds(item)}
        places = Places(scene, by_name)
        wanted_boxes = [s for s in collapsed if tree.visible_scope(s, collapsed)]
        self._place_boxes(wanted_boxes, places)
        ends: dict[tuple[End, End], list[Link]] = defaultdict(list)
        for link in links_of(scene):
            src, dst = link.src, link.dst
            gs, gd = shown.get(src), shown.get(dst)
            if gs is None and gd is None:
                continue
            if link.item is not None:
                hide.add(link.item)
            if gs is not None and gs == gd:
                continue
            a: End = ("group", gs) if gs is not None else ("node", src)
            b: End = ("group", gd) if gd is not None else ("node", dst)
            ends[(a, b)].append(link)
        for item in self._hidden - hide:
            if scene.holds(item):
                if isinstance(item, EdgeItem) and item.path_stale:
                    item.update_path()
                item.setVisible(True)
        for item in hide - self._hidden:
            item.setVisible(False)
        scene.upkeep.forget_flushed()  # links shown again may be stale
        self._hidden = hide
        self._place_links(ends, places)
        self._place_frames(collapsed, places)
        self._hear_inference(bool(self.links))

    def _hear_inference(self, on: bool) -> None:
        if on != self._hears_inference:
            self._hears_inference = on
            for signal in (self.scene.adapter.inferred, self.scene.adapter.inferredMany):
                if on:
                    signal.connect(self.schedule)
                else:
                    signal.disconnect(self.schedule)

    def _drop_dead_items(self) -> None:
        """Forget items the scene no longer holds (a new document cleared it)."""
        def alive(item: object) -> bool:
            return shiboken6.isValid(item) and item.scene() is self.scene  # type: ignore

        self.boxes = {k: v for k, v in self.boxes.items() if alive(v)}
        self.frames = {k: v for k, v in self.frames.items() if alive(v)}
        self.links = {k: v for k, v in self.links.items() if alive(v)}
        self._hidden = {item for item in self._hidden
                        if shiboken6.isValid(item) and self.scene.holds(item)}

    def _place_boxes(self, scopes: list[str], places: Places) -> None:
        for scope in set(self.boxes) - set(scopes):
            self.scene.removeItem(self.boxes.pop(scope))
        for scope in scopes:
            box = self.boxes.get(scope)
            if box is None:
                box = self.boxes[scope] = GroupBox(scope, self.request_toggle)
                self.scene.addItem(box)
            members = self.tree.ops_under[scope]
            box.set_count(len(members))
            rect = places.union(members)
            box.setPos(rect.topLeft() - QPointF(FRAME_PAD, FRAME_HEADER + FRAME_PAD))

    def _place_links(self, ends: dict[tuple[End, End], list[Link]], places: Places) -> None:
        for key in set(self.links) - set(ends):
            self.scene.removeItem(self.links.pop(key))
        for key, edges in ends.items():
            link = self.links.get(key)
            if link is None:
                link = self.links[key] = GroupLink()
                self.scene.addItem(link)
            (kind_a, a), (kind_b, b) = key
            first = edges[0]
            p1 = (self.boxes[a].out_point() if kind_a == "group"
                  else places.out_point(a, first.src_index))
            p2 = (self.boxes[b].in_point() if kind_b == "group"
                  else places.in_point(b, first.dst_index))
            tensors = list(dict.fromkeys(edge.tensor.name for edge in edges))
            label = (tensor_label(first.tensor.spec) if len(tensors) == 1
                     else self.tr("{n} tensors").format(n=len(tensors)))
            link.set_link(p1, p2, label, tensors)

    def _place_frames(self, collapsed: frozenset[str], places: Places) -> None:
        tree = self.tree
        wanted = [s for s in tree.scopes
                  if s not in collapsed and tree.visible_scope(s, collapsed)]
        for scope in set(self.frames) - set(wanted):
            self.scene.removeItem(self.frames.pop(scope))
        rects: dict[str, QRectF] = {}
        for scope in sorted(wanted, key=tree.depth, reverse=True):  # inner frames first
            parts = [places.bounds(n) for n in tree.direct.get(scope, ()) if n in places]
            for child in tree.children.get(scope, ()):
                if child in rects:
                    parts.append(rects[child])
                elif child in self.boxes:
                    box = self.boxes[child]
                    parts.append(box.body_rect().translated(box.pos()))
            if not parts:
                continue
            inner = parts[0]
            for part in parts[1:]:
                inner = inner.united(part)
            rect = inner.adjusted(-FRAME_PAD, -FRAME_PAD - FRAME_HEADER, FRAME_PAD, FRAME_PAD)
            rects[scope] = rect
            frame = self.frames.get(scope)
            if frame is None:
                frame = self.frames[scope] = GroupFrame(scope, self.request_toggle,
                                                              self.select_members)
                self.scene.addItem(frame)
            frame.set_frame(rect, len(tree.ops_under[scope]), tree.depth(scope))

    def _box_rects(self) -> list[QRectF]:
        return [box.body_rect().translated(box.pos()) for box in self.boxes.values()
                if shiboken6.isValid(box)]

    # --- moving ------------------------------------------------------------------------------
    def _on_node_moved(self, node: NodeItem) -> None:
        if self.frames or self.links:
            self.schedule()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.GraphicsSceneMousePress:
            # every box: the one pressed is selected only after this filter has run
            self._box_press = {box: QPointF(box.pos()) for box in self.boxes.values()}
        elif kind == QEvent.Type.GraphicsSceneMouseRelease and self._box_press:
            QTimer.singleShot(0, self._after_release)
        return False

    def _after_release(self) -> None:
        moves: dict[str, tuple[QPointF, QPointF]] = {}
        for box, old in self._box_press.items():
            if box.scene() is not self.scene or box.pos() == old:
                continue
            delta = box.pos() - old
            for name in self.tree.ops_under.get(box.scope, ()):
                pos = self.scene.position(name)
                if pos is not None:
                    moves[name] = (pos, pos + delta)
        self._box_press = {}
        if moves:
            self.membersMoved.emit(moves)

