"""The scene: node and edge items mirroring one engine graph, and the wiring gestures.

Why items are never the source of truth: the scene creates, updates and removes
items only when the adapter reports an engine event. A gesture (dragging a wire,
moving nodes) does not edit anything itself; it emits a request that the canvas
turns into an undo command, and the engine's events then redraw the scene. So a
refused edit (a cycle) leaves the scene exactly as the graph is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from editor import style
from editor.adapter import GraphAdapter
from editor.edge_item import EdgeItem, WireItem
from editor.modes import Mode, ModeMachine
from editor.node_item import NodeItem
from editor.port_item import PortItem
from engine import Graph, Operation

#: how close (in screen pixels) a drop must be to a port to snap onto it
SNAP_PIXELS = 16.0
#: pressing an edge this close (screen pixels) to its input end picks that end up
PICK_END_PIXELS = 24.0


@dataclass
class _Wire:
    """A link being dragged: from ``fixed`` to the mouse."""

    fixed: PortItem
    item: WireItem
    #: an existing link whose input end was picked up (moved or dropped off)
    detached: EdgeItem | None = None
    target: PortItem | None = None


class GraphScene(QGraphicsScene):
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
        self._nodes: dict[Operation, NodeItem] = {}
        self._edges: dict[tuple[Operation, int], EdgeItem] = {}
        self._show_names = False
        #: whether edge labels are drawn (not at overview zooms, where they are unreadable)
        self._detail = True
        self._wire: _Wire | None = None
        self._press_positions: dict[NodeItem, QPointF] = {}
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setBackgroundBrush(style.BACKGROUND)
        adapter.opAdded.connect(self._on_op_added)
        adapter.opRemoved.connect(self._on_op_removed)
        adapter.opRenamed.connect(self._on_op_renamed)
        adapter.inputChanged.connect(self._on_input_changed)
        adapter.attrsChanged.connect(self._on_attrs_changed)
        adapter.inferred.connect(self._on_inferred)

    # --- the mirror --------------------------------------------------------------------------
    def rebuild(self, graph: Graph, positions: dict[str, QPointF]) -> None:
        """Drop every item and mirror ``graph`` afresh (a new document)."""
        self._cancel_wire()
        self._press_positions.clear()
        self._nodes.clear()
        self._edges.clear()
        self.clear()
        self.graph = graph
        # one index build at the end instead of one update per item
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        for op in graph.get_operations():
            node = NodeItem(op)
            pos = positions.get(op.name)
            if pos is not None:
                node.setPos(pos)
            self.addItem(node)
            self._nodes[op] = node
        for op in graph.get_operations():
            for index, tensor in enumerate(op.inputs):
                if tensor is not None:
                    self._add_edge(tensor.op, tensor.value_index, op, index)
        # the index's extent; the view scrolls over a far larger area of its own
        self.setSceneRect(self.itemsBoundingRect().adjusted(-500.0, -500.0, 500.0, 500.0))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)

    def grow_to(self, rect: QRectF) -> None:
        """Extend the scene rect (the BSP index's extent) to cover ``rect``."""
        if not self.sceneRect().contains(rect):
            self.setSceneRect(self.sceneRect().united(rect.adjusted(-500.0, -500.0, 500.0, 500.0)))

    def node(self, op: Operation) -> NodeItem | None:
        return self._nodes.get(op)

    def node_named(self, name: str) -> NodeItem | None:
        if self.graph is None or name not in self.graph:
            return None
        return self._nodes.get(self.graph.get_operation_by_name(name))

    def nodes(self) -> list[NodeItem]:
        return list(self._nodes.values())

    def edges(self) -> list[EdgeItem]:
        return list(self._edges.values())

    def edge_into(self, op_name: str, index: int) -> EdgeItem | None:
        node = self.node_named(op_name)
        return None if node is None else node.in_edges.get(index)

    def selected_nodes(self) -> list[NodeItem]:
        return [i for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edges(self) -> list[EdgeItem]:
        return [i for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def set_node_position(self, name: str, pos: QPointF) -> None:
        node = self.node_named(name)
        if node is not None:
            node.setPos(pos)
            self.grow_to(node.sceneBoundingRect())

    @property
    def show_tensor_names(self) -> bool:
        return self._show_names

    def set_show_tensor_names(self, on: bool) -> None:
        if on != self._show_names:
            self._show_names = on
            for edge in self._edges.values():
                edge.update_label(on)

    def set_view_zoom(self, zoom: float) -> None:
        """Hide edge labels below the readable zoom, show them above it."""
        detail = zoom >= style.DETAIL_LOD
        if detail != self._detail:
            self._detail = detail
            for edge in self._edges.values():
                edge.set_detail(detail)

    def _add_edge(self, src: Operation, out_index: int, dst: Operation, index: int) -> None:
        src_node, dst_node = self._nodes.get(src), self._nodes.get(dst)
        if src_node is None or dst_node is None:
            return
        edge = EdgeItem(src_node, out_index, dst_node, index, self._show_names, self._detail)
        self.addItem(edge)
        self._edges[(dst, index)] = edge

    def _remove_edge(self, key: tuple[Operation, int]) -> None:
        edge = self._edges.pop(key, None)
        if edge is None:
            return
        if self._wire is not None and self._wire.detached is edge:
            self._cancel_wire()
        edge.detach()
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
        node = NodeItem(op)
        node.setPos(self._default_position(op))
        self.addItem(node)
        self._nodes[op] = node
        self.grow_to(node.sceneBoundingRect())
        for index, tensor in enumerate(op.inputs):
            if tensor is not None:
                self._add_edge(tensor.op, tensor.value_index, op, index)

    def _on_op_removed(self, op: Operation) -> None:
        node = self._nodes.get(op)
        if node is None:
            return
        for edge in node.edges():
            self._remove_edge((edge.dst.op, edge.dst_index))
        if self._wire is not None and self._wire.fixed.node is node:
            self._cancel_wire()
        self._press_positions.pop(node, None)
        del self._nodes[op]
        self.removeItem(node)

    def _on_op_renamed(self, op: Operation, old: str) -> None:
        node = self._nodes.get(op)
        if node is None:
            return
        node.refresh()
        for edge in node.edges():
            edge.update_label(self._show_names)

    def _on_input_changed(self, op: Operation, index: int) -> None:
        self._remove_edge((op, index))
        inputs = op.inputs
        tensor = inputs[index] if index < len(inputs) else None
        if tensor is not None:
            self._add_edge(tensor.op, tensor.value_index, op, index)

    def _on_attrs_changed(self, op: Operation) -> None:
        node = self._nodes.get(op)
        if node is not None:
            node.refresh()

    def _on_inferred(self, op: Operation) -> None:
        node = self._nodes.get(op)
        if node is None:
            return
        node.refresh()
        for edge in node.out_edges:
            edge.update_label(self._show_names)

    # --- gestures ----------------------------------------------------------------------------
    def _view_scale(self) -> float:
        views = self.views()
        return views[0].transform().m11() if views else 1.0

    def _port_at(self, pos: QPointF) -> PortItem | None:
        for item in self.items(pos):
            if isinstance(item, PortItem):
                return item
        return None

    def _edge_end_at(self, pos: QPointF) -> EdgeItem | None:
        """An edge whose input end is right under ``pos`` (to pick that end up)."""
        reach = PICK_END_PIXELS / self._view_scale()
        items = [i for i in self.items(pos) if not isinstance(i, WireItem)]
        top = items[0] if items else None
        if isinstance(top, EdgeItem):
            end = top.dst_point()
            if math.hypot(end.x() - pos.x(), end.y() - pos.y()) <= reach:
                return top
        return None

    def _drop_target(self, pos: QPointF, wire: _Wire) -> PortItem | None:
        """The port of the other kind nearest to ``pos``: within the snap radius, or on
        the node under the mouse."""
        want_input = not wire.fixed.is_input
        reach = SNAP_PIXELS / self._view_scale()
        area = QRectF(pos.x() - reach, pos.y() - reach, 2 * reach, 2 * reach)
        best: tuple[float, PortItem] | None = None
        candidates: list[PortItem] = []
        for item in self.items(area):
            if isinstance(item, PortItem):
                candidates.append(item)
            elif isinstance(item, NodeItem) and item.shape().contains(item.mapFromScene(pos)):
                candidates.extend(item.in_ports if want_input else item.out_ports)
        for port in candidates:
            if port.is_input != want_input or port.node is wire.fixed.node:
                continue
            c = port.scene_center()
            d = math.hypot(c.x() - pos.x(), c.y() - pos.y())
            if best is None or d < best[0]:
                best = (d, port)
        return None if best is None else best[1]

    def _start_wire(self, fixed: PortItem, detached: EdgeItem | None, pos: QPointF) -> None:
        if not self.modes.enter(Mode.WIRE):
            return
        wire = _Wire(fixed=fixed, item=WireItem(), detached=detached)
        self.addItem(wire.item)
        self._wire = wire
        if detached is not None:
            detached.setVisible(False)
        self._drag_wire(pos)

    def _drag_wire(self, pos: QPointF) -> None:
        wire = self._wire
        if wire is None:
            return
        target = self._drop_target(pos, wire)
        if target is not wire.target:
            if wire.target is not None:
                wire.target.set_highlighted(False)
            if target is not None:
                target.set_highlighted(True)
            wire.target = target
        end = target.scene_center() if target is not None else pos
        start = wire.fixed.scene_center()
        if wire.fixed.is_input:
            wire.item.set_ends(end, start)
        else:
            wire.item.set_ends(start, end)

    def _cancel_wire(self) -> _Wire | None:
        wire, self._wire = self._wire, None
        if wire is None:
            return None
        if wire.target is not None:
            wire.target.set_highlighted(False)
        if wire.detached is not None:
            wire.detached.setVisible(True)
        self.removeItem(wire.item)
        self.modes.leave(Mode.WIRE)
        return wire

    def _finish_wire(self, pos: QPointF) -> None:
        self._drag_wire(pos)
        wire = self._cancel_wire()
        if wire is None:
            return
        target = wire.target
        detached = wire.detached
        if target is None:
            if detached is not None:
                name, index = detached.key()
                self.unlinkRequested.emit(name, index)
            return
        if wire.fixed.is_input:
            src, dst = target, wire.fixed
        else:
            src, dst = wire.fixed, target
        moved_from = None
        if detached is not None:
            if detached.dst is dst.node and detached.dst_index == dst.index:
                return  # put back where it was
            moved_from = detached.key()
        tensor = src.node.op.outputs[src.index].name
        self.linkRequested.emit(tensor, dst.node.op.name, dst.index, moved_from)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.modes.is_(Mode.SELECT):
            pos = event.scenePos()
            port = self._port_at(pos)
            if port is not None:
                edge = port.node.in_edges.get(port.index) if port.is_input else None
                if edge is not None:  # an occupied input: pick the link's end up
                    self._start_wire(edge.src.out_ports[edge.src_index], edge, pos)
                else:
                    self._start_wire(port, None, pos)
                event.accept()
                return
            edge_end = self._edge_end_at(pos)
            if edge_end is not None:
                self._start_wire(edge_end.src.out_ports[edge_end.src_index], edge_end, pos)
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_positions = {n: n.pos() for n in self.selected_nodes()}

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._wire is not None:
            self._drag_wire(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._wire is not None:
            if event.button() == Qt.MouseButton.LeftButton:
                self._finish_wire(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._press_positions:
            moved = {
                node.op.name: (old, node.pos())
                for node, old in self._press_positions.items()
                if node.scene() is self and node.pos() != old
            }
            self._press_positions = {}
            if moved:
                self.grow_to(self.itemsBoundingRect())
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
            text = item.toolTip()
            if text:
                break
        QToolTip.showText(event.screenPos(), text, event.widget())
        event.setAccepted(bool(text))

    def item_at(self, pos: QPointF) -> QGraphicsItem | None:
        return self.itemAt(pos, QTransform())
