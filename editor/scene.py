"""The scene: node and edge items mirroring one engine graph, and the wiring gestures.

Why items are never the source of truth: the scene creates, updates and removes
items only when the adapter reports an engine event. A gesture (dragging a wire,
moving nodes) does not edit anything itself; it emits a request that the canvas
turns into an undo command, and the engine's events then redraw the scene. So a
refused edit (a cycle) leaves the scene exactly as the graph is.

Why the scene, not the items, records which edges meet at which node (its
``LinkRegistry``): node and edge items then need not know each other's types; a node
asks the scene to route its links (``route_links``), and an edge knows its nodes only
as ``LinkEnd``s.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from editor import style
from editor.adapter import GraphAdapter
from editor.edge_item import EdgeItem
from editor.gc_pause import collection_paused
from editor.link_registry import LinkRegistry
from editor.modes import Mode, ModeMachine
from editor.node_item import NodeItem
from editor.parked_items import ParkedItems
from editor.port_item import Port
from editor.scene_parking import ParkingMixin
from editor.scene_rows import RowsMixin
from editor.scene_upkeep import LAZY_LABELS_ABOVE, SceneUpkeep
from editor.wiring import LinkRequest, UnlinkRequest, WireGesture, WireItem, edge_end_at, port_at
from editor.zoom_cache import ZoomCaches
from engine import Graph, Operation


def snapped(pos: QPointF) -> QPointF:
    """``pos`` moved to the nearest point of the canvas's grid."""
    step = style.GRID_STEP
    return QPointF(round(pos.x() / step) * step, round(pos.y() / step) * step)


class GraphScene(RowsMixin, ParkingMixin, QGraphicsScene):
    """Mirrors ``adapter``'s graph; emits requests for the edits a user gestures."""

    statusMessage = Signal(str)
    #: (source tensor name, consumer op name, input index, (op, index) of a moved link or None)
    linkRequested = Signal(str, str, int, object)
    #: (consumer op name, input index)
    unlinkRequested = Signal(str, int)
    #: {op name: (old QPointF, new QPointF)} after a drag of nodes
    nodesMoved = Signal(object)

    def __init__(self, adapter: GraphAdapter, parent: object = None) -> None:
        super().__init__(parent)
        self.adapter = adapter
        self.modes = ModeMachine(self)
        self.graph: Graph | None = None
        self.store = self.layer = None  # the rows of a large graph (``scene_virtual``)
        self._nodes: dict[Operation, NodeItem] = {}
        self._edges = LinkRegistry()
        self._show_names = False
        #: whether edge labels are drawn (not at overview zooms, where they are unreadable)
        self._detail = True
        #: whether nodes are drawn as plain rectangles (far zoomed out)
        self._overview = False
        #: links' pen width in pixels at the current zoom
        self._edge_px = style.edge_px(1.0)
        self._wire: WireGesture | None = None
        self._press_positions: dict[NodeItem, QPointF] = {}
        #: whether a drag of nodes ends with them on the grid (View → Snap to Grid)
        self.snap_to_grid = False
        #: told of every node whose links were routed (it moved): the group layer's frames
        self.node_moved_hook: Callable[[NodeItem], None] | None = None
        #: the rects of what else shows content (collapsed groups' boxes), for content_rect
        self.content_hook: Callable[[], list[QRectF]] | None = None
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setBackgroundBrush(style.BACKGROUND)
        adapter.opAdded.connect(self._on_op_added)
        adapter.opRemoved.connect(self._on_op_removed)
        adapter.opRenamed.connect(self._on_op_renamed)
        adapter.inputChanged.connect(self._on_input_changed)
        adapter.attrsChanged.connect(self._on_attrs_changed)
        adapter.inferred.connect(self._on_inferred)
        adapter.inferredMany.connect(lambda ops: [self._on_inferred(op) for op in ops])
        self._selected_edges: set[EdgeItem] = set()
        self._selected_nodes: set[NodeItem] = set()
        #: stale labels and unplaced nodes, brought up to date later (scene_upkeep)
        self.upkeep = SceneUpkeep(self, self._edges)
        #: the items of the last Delete, hidden until its undo (``parked_items``)
        self.parked = ParkedItems(self)
        #: node and label pixmaps drawn scaled while a zoom is in progress
        self.zoom_caches = ZoomCaches(self._cached_items, self.item_counts)
        #: moves on whenever an item may look different (``zoom_cache.looks_changed``)
        self.look_version = 0
        #: the ops a Delete is removing now (``removing``), whose items are parked
        self._going: set[Operation] = set()
        #: whether an undo is making removed ops again (``restoring``): parked items return
        self._restoring = False
        self.selectionChanged.connect(self.restyle_selected_edges)

    # --- the mirror --------------------------------------------------------------------------
    def rebuild(self, graph: Graph, positions: dict[str, QPointF]) -> None:
        """Drop every item and mirror ``graph`` afresh (a new document)."""
        with collection_paused():  # tens of thousands of small objects are made here
            self._rebuild(graph, positions)

    def _rebuild(self, graph: Graph, positions: dict[str, QPointF]) -> None:
        self._cancel_wire()
        self._press_positions.clear()
        self._selected_edges = set()
        self._selected_nodes = set()
        self.upkeep.clear()
        self.parked.clear()
        self._nodes.clear()
        self._edges.clear()
        self.clear()
        self.graph = graph
        virtual = self._start_virtual(graph, positions)
        for op in () if virtual else graph.get_operations():
            node = NodeItem(op)
            pos = positions.get(op.name)
            if pos is not None:
                node.setPos(pos)
            if self._overview:
                node.set_overview(True)
            self.addItem(node)
            self._nodes[op] = node
        lazy = len(graph) > LAZY_LABELS_ABOVE
        for op in graph.get_operations():
            for index, tensor in enumerate(op.inputs):
                if tensor is not None:
                    self._add_edge(tensor.op, tensor.value_index, op, index, lazy)
        # the BSP index's extent (the view scrolls over a far larger area of its own).
        # Careful: a scene rect set while the scene has no index, and the index switched on
        # afterwards, leaves Qt's BSP index visiting every item on every paint.
        self.setSceneRect(self.content_rect().adjusted(-500.0, -500.0, 500.0, 500.0))

    def node(self, op: Operation) -> NodeItem | None:
        return self._nodes.get(op)

    def node_named(self, name: str) -> NodeItem | None:
        """The item of op ``name``; in a virtual scene made now if it had none."""
        if self.graph is None or name not in self.graph:
            return None
        op = self.graph.get_operation_by_name(name)
        node = self._nodes.get(op)
        if node is None and self.store is not None and name in self.store:
            node = self._materialise(op)
        return node

    def nodes(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def edges(self) -> list[EdgeItem]:
        return self._edges.all()

    def edge_into(self, op_name: str, index: int) -> EdgeItem | None:
        node = self.node_named(op_name)
        return None if node is None else self._edges.into(node.op, index)

    def route_links(self, node: NodeItem) -> None:
        """Make the edges at ``node`` follow it (it moved, or its ports did); what a node
        asks of its scene, as a ``node_item.LinkRouter``."""
        self.look_version += 1
        self._edges.route(node.op)
        self.upkeep.forget_flushed()
        if self.node_moved_hook is not None:
            self.node_moved_hook(node)

    def set_node_positions(self, positions: dict[str, QPointF]) -> None:
        """Move many nodes at once (a layout, its undo): each link at them is routed
        once, not once per end that moved."""
        moved: list[NodeItem] = []
        store = self.store
        for name, pos in positions.items():
            if store is not None:
                store.set_pos(name, pos.x(), pos.y())
            node = self._item_named(name)
            if node is not None:
                self.upkeep.placed(node)
            if node is not None and node.pos() != pos:
                node.setPos(pos)
                moved.append(node)
        if moved:
            self.upkeep.forget_flushed()
        edges: dict[EdgeItem, None] = {}
        for node in moved:
            for edge in self._edges.at(node.op):
                edges[edge] = None
        routed = []
        for edge in edges:
            if edge.isVisible():
                edge.update_path()
                routed.append(edge)
            else:  # inside a collapsed group: routed when it is shown again
                edge.path_stale = True
        for src in dict.fromkeys(edge.src.op for edge in routed):
            self._edges.declutter(src)
        if moved and self.node_moved_hook is not None:
            self.node_moved_hook(moved[0])
        if moved or store is not None:
            self.grow_to(self.content_rect())
            self._refit_layer()

    def set_node_position(self, name: str, pos: QPointF) -> None:
        if self.store is not None and self.store.set_pos(name, pos.x(), pos.y()):
            self._refit_layer()
        node = self._item_named(name)
        if node is not None:
            self.upkeep.placed(node)
            node.move_to(pos)
            self.grow_to(node.sceneBoundingRect())

    @property
    def show_tensor_names(self) -> bool:
        return self._show_names

    def set_show_tensor_names(self, on: bool) -> None:
        if on != self._show_names:
            self._show_names = on
            self._labels_changed()
            for edge in self._edges:
                edge.update_label(on)
            for op in self._nodes:
                self._edges.declutter(op)

    def restyle_selected_edges(self) -> None:
        """Give edges whose selection flipped their selected (or normal) look; called on
        ``selectionChanged`` (and by whoever changes the selection with signals blocked)."""
        self.look_version += 1
        selected = self.selectedItems()
        now = {i for i in selected if isinstance(i, EdgeItem)}
        parked = self.parked.held
        for edge in now.symmetric_difference(self._selected_edges):
            if edge not in parked and edge.scene() is self:
                edge.selection_changed()
        self._selected_edges = now
        if self._overview:
            nodes = {i for i in selected if isinstance(i, NodeItem)}
            for node in nodes.symmetric_difference(self._selected_nodes):
                if node not in parked and node.scene() is self:
                    node.selection_changed()
            self._selected_nodes = nodes

    def item_counts(self) -> tuple[int, int]:
        return len(self._nodes), len(self._edges)

    def _cached_items(self, rect: QRectF) -> list[QGraphicsItem]:
        """The items meeting ``rect`` (a zoom draws snapshots of those that can have one)."""
        return self.items(rect)

    def set_view_zoom(self, zoom: float) -> None:
        """Hide edge labels below the readable zoom, and draw nodes as plain rectangles
        far below it; restore both when zoomed back in."""
        detail = zoom >= style.DETAIL_LOD
        if detail != self._detail:
            self._detail = detail
            self.upkeep.forget_flushed()
            for edge in self._edges:
                edge.set_detail(detail)
        px = style.edge_px(zoom)
        if self.layer is not None:
            self.layer.set_edge_px(px)
        if px != self._edge_px:
            self._edge_px = px
            for edge in self._edges:
                edge.set_width(px)
        overview = zoom < style.OVERVIEW_LOD
        if overview != self._overview:
            self._overview = overview
            self._selected_nodes = set(self.selected_nodes()) if overview else set()
            for node in self._nodes.values():
                node.set_overview(overview)

    def _add_edge(self, src: Operation, out_index: int, dst: Operation, index: int,
                  lazy: bool = False) -> None:
        """A new link item; ``lazy`` leaves its label to be read when it is first painted
        (a large document: most links are off screen, or too small to show a label)."""
        src_node, dst_node = self._nodes.get(src), self._nodes.get(dst)
        if src_node is None or dst_node is None:
            return
        if self._restoring and self._revive_edge(src_node, out_index, dst_node, index):
            return
        edge = EdgeItem(src_node, out_index, dst_node, index, self._show_names, self._detail,
                        self._edge_px, lazy)
        self.addItem(edge)
        self._edges.add(edge, declutter=not lazy)
        if lazy:
            self.upkeep.left_stale(edge)

    def _remove_edge(self, key: tuple[Operation, int]) -> None:
        going = self._going
        edge = self._edges.pop(key, going)
        if edge is None:
            return
        if self._wire is not None and self._wire.involves(edge):
            self._cancel_wire()
        self._selected_edges.discard(edge)
        self.upkeep.forget_edge(edge)
        if going and (edge.src.op in going or edge.dst.op in going):
            self.parked.park_edge(edge)
        else:
            self.removeItem(edge)

    def _default_position(self, op: Operation) -> QPointF:
        """Where an op added without a position (a script, a plain add) first appears."""
        sources = [self._nodes[t.op] for t in op.inputs if t is not None and t.op in self._nodes]
        if sources:
            right = max(sources, key=lambda n: n.pos().x())
            return right.pos() + QPointF(right.body_rect().width() + 120.0, 0.0)
        return QPointF(0.0, 0.0)

    def _on_op_added(self, op: Operation) -> None:
        if op in self._nodes:
            return
        if self._row_added(op):  # a virtual scene's op made again by an undo: a row only
            return
        node = self._revive_node(op) if self._restoring else None
        if node is None:
            node = NodeItem(op)
            node.move_to(self._default_position(op))
            if self._overview:
                node.set_overview(True)
            self.addItem(node)
        self._nodes[op] = node
        self._row_itemised(op)
        self.grow_to(node.sceneBoundingRect())
        # an op no command placed (a script, an import into the open graph) is moved off
        # the nodes it would cover at the next turn of the event loop; commands place
        # theirs at once (set_node_position), which takes them off this list
        self.upkeep.added(node)
        for index, tensor in enumerate(op.inputs):
            if tensor is not None:
                self._add_edge(tensor.op, tensor.value_index, op, index)

    def _on_op_removed(self, op: Operation) -> None:
        self._row_removed(op)
        node = self._nodes.get(op)
        if node is None:
            return
        for edge in self._edges.at(op):
            self._remove_edge((edge.dst.op, edge.dst_index))
        if self._wire is not None and self._wire.involves(node):
            self._cancel_wire()
        self._press_positions.pop(node, None)
        self.upkeep.forget_node(node)
        self._selected_nodes.discard(node)
        del self._nodes[op]
        if op in self._going:
            self.parked.park_node(node)
        else:
            self.removeItem(node)

    def _on_op_renamed(self, op: Operation, old: str) -> None:
        self._row_renamed(op, old)
        node = self._nodes.get(op)
        if node is None:
            return
        node.refresh()
        for edge in self._edges.at(op):
            edge.update_label(self._show_names)
        self._edges.declutter(op)

    def _on_input_changed(self, op: Operation, index: int) -> None:
        if self.layer is not None:
            self.layer.links_changed()
        self._remove_edge((op, index))
        inputs = op.inputs
        tensor = inputs[index] if index < len(inputs) else None
        if tensor is not None:
            self._add_edge(tensor.op, tensor.value_index, op, index)

    def _on_attrs_changed(self, op: Operation) -> None:
        if self.store is not None:
            self.store.resize(op)
        node = self._nodes.get(op)
        if node is not None:
            node.refresh()

    def _on_inferred(self, op: Operation) -> None:
        self._row_inferred(op)
        node = self._nodes.get(op)
        if node is None:
            return
        node.refresh_state()
        self.upkeep.inferred(op)

    def flush_stale(self, rect: QRectF) -> None:
        """Bring the labels of the links in ``rect`` up to date before they are painted."""
        self.upkeep.flush(rect, self._detail)

    # --- gestures ----------------------------------------------------------------------------
    def _start_wire(self, fixed: Port, detached: EdgeItem | None, pos: QPointF) -> None:
        if self.modes.enter(Mode.WIRE):
            self._wire = WireGesture(self, fixed, detached, pos)

    def _cancel_wire(self) -> None:
        wire, self._wire = self._wire, None
        if wire is not None:
            wire.cancel()
            self.modes.leave(Mode.WIRE)

    def _finish_wire(self, pos: QPointF) -> None:
        wire, self._wire = self._wire, None
        if wire is None:
            return
        request = wire.finish(pos)
        self.modes.leave(Mode.WIRE)
        if isinstance(request, LinkRequest):
            self.linkRequested.emit(request.src, request.dst, request.index, request.moved_from)
        elif isinstance(request, UnlinkRequest):
            self.unlinkRequested.emit(request.dst, request.index)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.modes.is_(Mode.SELECT):
            pos = event.scenePos()
            self._press_on_rows(pos, event.modifiers())
            port = port_at(self, pos)
            if port is not None:
                edge = self._edges.into(port.op, port.index) if port.is_input else None
                if edge is not None:  # an occupied input: pick the link's end up
                    self._start_wire(edge.src_port(), edge, pos)
                else:
                    self._start_wire(port, None, pos)
                event.accept()
                return
            edge_end = edge_end_at(self, pos)
            if edge_end is not None:
                self._start_wire(edge_end.src_port(), edge_end, pos)
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and isinstance(
            self.mouseGrabberItem(), NodeItem
        ):  # a press on a node: the selected nodes may now be dragged
            self._press_positions = {n: n.pos() for n in self.selected_nodes()}

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._wire is not None:
            self._wire.drag(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)
        for node in self._press_positions:  # the nodes a drag moves: their links follow
            self.route_links(node)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._wire is not None:
            if event.button() == Qt.MouseButton.LeftButton:
                self._finish_wire(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._press_positions:
            if self.snap_to_grid:
                for node in self._press_positions:
                    node.move_to(snapped(node.pos()))
            moved = {
                node.op.name: (old, node.pos())
                for node, old in self._press_positions.items()
                if node.scene() is self and node.pos() != old
            }
            self._press_positions = {}
            self.drag_over()
            if moved:
                self.grow_to(self.content_rect())
                self.nodesMoved.emit(moved)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._wire is not None:
            self._cancel_wire()
            event.accept()
            return
        super().keyPressEvent(event)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Tooltips, asked of the items' own ``toolTip()`` methods: the items build their
        texts on demand instead of storing them after every inference."""
        text = ""
        for item in self.items(event.scenePos()):
            if isinstance(item, WireItem):
                continue
            text = (item.tooltip_at(item.mapFromScene(event.scenePos()))
                    if isinstance(item, NodeItem) else item.toolTip())
            if text:
                break
        QToolTip.showText(event.screenPos(), text, event.widget())
        event.setAccepted(bool(text))
