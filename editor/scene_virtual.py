"""The virtual canvas: items only for the nodes near the viewport of a large graph.

Why: a node item with its ports, texts and links costs tens of kilobytes and a share of
every paint, select and delete; a graph of 20,000 ops cannot have one per op and stay
fluid. Above ``BUDGET`` ops the scene keeps every op as a row of a ``NodeStore``
(position, size, colour, state, selection) and makes items only for the nodes whose
body, or one of whose links, is in the viewport (with a margin); the overview layer
paints the rest as the overview stand-ins look. Each paint of the view asks
``sync_viewport`` first, so the items a frame shows exist before it is painted, built
from the op as it is now (a label is never shown stale). Below overview zoom no node has
an item unless asked for (``node_named``). A graph of at most ``BUDGET`` ops has every
item, always: the same code as before the store existed.

Which helpers mean what: ``nodes()`` and ``selected_nodes()`` are the items that exist;
``op_names()``, ``position()``, ``selected_names()`` speak of every op.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from shiboken6 import isValid

from editor.node_geometry import node_size
from editor.node_item import NodeItem
from editor.node_store import NodeStore
from editor.overview_layer import LinkRows, OverviewLayer
from editor.row_runs import RowRun, sized
from editor.run_row import RunRow
from editor.scene_region import RegionMixin

if TYPE_CHECKING:
    from editor.edge_item import EdgeItem
    from editor.link_registry import LinkRegistry
    from editor.scene_upkeep import SceneUpkeep
    from engine import Graph, Operation

#: a graph of more ops than this has items only near the viewport
BUDGET = 2000


class VirtualMixin(RegionMixin):
    """The store, its layer and the making and releasing of items (``GraphScene``)."""

    graph: Graph | None
    _nodes: dict[Operation, NodeItem]
    _edges: LinkRegistry
    _overview: bool
    _press_positions: dict[NodeItem, QPointF]
    upkeep: SceneUpkeep
    store: NodeStore | None
    layer: OverviewLayer | None

    def _start_virtual(self, graph: Graph, positions: dict[str, QPointF]) -> bool:
        """For a graph above the budget: rows instead of items; whether it is one."""
        self.store = self.layer = None
        self.row_runs = {}
        if len(graph) <= BUDGET:
            return False
        self.store = NodeStore()
        self.store.fill(graph.get_operations(), positions)
        self.layer = OverviewLayer(self.store, LinkRows(graph))
        self.layer.pictured_lines = self._pictured_lines
        self._unpictured: set[EdgeItem] = set()
        self.addItem(self.layer)  # type: ignore[attr-defined]
        self.layer.refit()
        self._region: QRectF | None = None
        return True

    @property
    def virtual(self) -> bool:
        """Whether items exist only near the viewport (a graph above ``BUDGET``)."""
        return self.store is not None

    @contextmanager
    def every_item(self, selection_only: bool = False) -> Iterator[None]:
        """Within this block every node (or every selected one) has its item, and the
        overview layer is hidden: what a picture of the graph draws in full detail. The
        items made for it are released afterwards."""
        store, layer = self.store, self.layer
        if store is None or layer is None:
            yield
            return
        before = set(self._nodes.values())
        pictured: list[EdgeItem] = []
        self._frozen = True
        try:
            for name in sorted(self.selected_names()) if selection_only else store.live_names():
                self.node_named(name)  # type: ignore[attr-defined]
            layer.setVisible(False)
            pictured = [edge for edge in self._edges if edge.pictured]
            for edge in pictured:  # (the layer that draws their lines is hidden)
                edge.set_pictured(False)
            yield
        finally:
            for edge in pictured:
                if isValid(edge) and edge.scene() is self:
                    edge.set_pictured(True)
            layer.setVisible(True)
            for node in [n for n in self._nodes.values() if n not in before]:
                self._release(node)
            self._frozen = False
            self._region = None

    # --- what every op is --------------------------------------------------------------------
    def op_names(self) -> list[str]:
        """Every op's name, in graph order."""
        return [] if self.graph is None else [op.name for op in self.graph.get_operations()]

    def position(self, name: str) -> QPointF | None:
        """Where op ``name``'s node is (its top-left corner), item or not."""
        store = self.store
        row = None if store is None else store.index.get(name)
        if row is not None and store is not None and not store.itemised[row]:
            return QPointF(*store.xy[row])
        node = self._item_named(name)
        if node is not None:
            return QPointF(node.pos())
        return None if self.store is None else self.store.pos(name)

    def _item_named(self, name: str) -> NodeItem | None:
        if self.graph is None or name not in self.graph:
            return None
        return self._nodes.get(self.graph.get_operation_by_name(name))

    def selected_names(self) -> set[str]:
        """The selected ops, with an item or without."""
        chosen = {node.op.name for node in self.selected_nodes()}  # type: ignore[attr-defined]
        return chosen | self.store.selected if self.store is not None else chosen

    def select_rows_in(self, rect: QRectF) -> None:
        """Add the ops without items whose nodes meet ``rect`` to the selection (a rubber
        band: Qt selects the items it meets itself)."""
        store = self.store
        if store is not None:
            rows = store.in_rect(rect, ~store.itemised[:len(store.shown())])
            names = store.names
            store.selected.update(names[i] for i in rows.tolist())
            store.changed(False)
            self._layer_changed()
            self.selectionChanged.emit()  # type: ignore[attr-defined]

    def select_rows(self, names: set[str]) -> None:
        """Of ``names``, the ops without items become the rows' selection."""
        store = self.store
        if store is not None:  # (a row inside a collapsed group is not selected, as an
            index = store.index  # item Qt does not show cannot be)
            store.selected = {n for n in names if n in index and not store.itemised[index[n]]
                              and not store.hidden[index[n]]}
            store.changed(False)
            self._layer_changed()

    def hide_rows(self, names: list[str]) -> None:
        """Exactly these ops are inside collapsed groups: their rows are neither drawn nor
        given items (the group's box stands for them)."""
        store = self.store
        if store is not None:
            version = store.version
            store.set_hidden(names)
            if store.version != version:
                store.selected -= set(names)
                self._region = None
                if self.layer is not None:
                    self.layer.refit()

    def node_rect(self, name: str) -> QRectF | None:
        """Op ``name``'s node's extent in the scene (with ports and halo, for an item)."""
        node = self._item_named(name)
        if node is not None:
            return node.sceneBoundingRect()
        return None if self.store is None else self.store.rect(name)

    def body_size(self, name: str) -> tuple[float, float] | None:
        """The size of op ``name``'s node body (its item's, else its row's), no item made."""
        node = self._item_named(name)
        if node is not None:
            body = node.body_rect()
            return body.width(), body.height()
        rect = None if self.store is None else self.store.rect(name)
        return None if rect is None else (rect.width(), rect.height())

    def clear_rows_selection(self) -> None:
        if self.store is not None and self.store.selected:
            self.store.selected = set()
            self.store.changed(False)
            self._layer_changed()
            self.selectionChanged.emit()  # type: ignore[attr-defined]

    def _layer_changed(self) -> None:
        if self.layer is not None:
            self.layer.update()

    # --- making and releasing items ----------------------------------------------------------
    def _materialise(self, op: Operation) -> NodeItem:
        """The item of ``op``, made from the op as it is now, where its row is."""
        store = self.store
        assert store is not None
        node = NodeItem(op)
        row = store.index[op.name]
        node.setPos(QPointF(*store.xy[row]))
        if self._overview:
            node.set_overview(True)
        if store.hidden[row]:
            node.setVisible(False)
        self.addItem(node)  # type: ignore[attr-defined]
        self._nodes[op] = node
        store.itemised[row] = True
        store.itemised_changed()
        if op.name in store.selected:
            store.selected.discard(op.name)
            self.blockSignals(True)  # type: ignore[attr-defined]
            node.setSelected(True)
            self.blockSignals(False)  # type: ignore[attr-defined]
            node.selection_changed()
        for index, tensor in enumerate(op.inputs):
            if tensor is not None and tensor.op in self._nodes:
                self._add_edge(tensor.op, tensor.value_index, op, index, True)  # type: ignore
        for consumer, index in op.consumers():
            if consumer in self._nodes:
                tensor = consumer.inputs[index]
                assert tensor is not None
                self._add_edge(op, tensor.value_index, consumer, index, True)  # type: ignore
        for edge in self._edges.at(op):  # (all new: their lines are the layer's to draw)
            edge.set_pictured(True)
        _show_ports(node)
        run = self.row_runs.pop(op.name, None)
        if run is not None:
            node.adopt_run(run)
        return node

    # --- lines drawn by the overview layer's picture (``EdgeItem.pictured``) ------------------
    def _pictured_lines(self, rect: QRectF | None) -> list[EdgeItem]:
        """The link items meeting ``rect`` (None: anywhere) whose lines the layer's
        picture draws."""
        return [edge for edge in self._edges if edge.pictured and edge.isVisible()
                and (rect is None or edge.boundingRect().intersects(rect))]

    def drag_over(self) -> None:
        """A drag of nodes ended: the links it took out of the layer's picture go back
        into it, moved or not, and the picture is made again."""
        if self.layer is None or not self._unpictured:
            return
        for edge in self._unpictured:
            if isValid(edge) and edge.scene() is self:
                edge.set_pictured(True)
        self._unpictured = set()
        self.layer.lines_changed()

    def pictured_line_moved(self, edge: EdgeItem) -> None:
        """A link whose line the layer's picture draws moved: while nodes are dragged it
        draws its line itself until the drag is over (a picture each frame would be
        slow), otherwise the picture is made again."""
        if self._press_positions:
            edge.set_pictured(False)
            self._unpictured.add(edge)
        if self.layer is not None:
            self.layer.lines_changed()

    def _release(self, node: NodeItem) -> None:
        """Drop ``node``'s item (and its links' items); its row keeps where and whether
        selected it is."""
        store = self.store
        assert store is not None
        op = node.op
        neighbours: set[NodeItem] = set()
        for edge in self._edges.at(op):
            other = edge.dst if edge.src is node else edge.src
            neighbours.add(other)  # type: ignore[arg-type]
            self._drop_edge(edge)
        name = op.name
        row = store.index.get(name)
        if row is not None:
            body = node.body_rect()  # with its run row, if it shows one
            place = (node.pos().x(), node.pos().y(), body.width(), body.height())
            if place != (*store.xy[row], *store.wh[row]):
                store.xy[row], store.wh[row] = place[:2], place[2:]
                store.changed()
            store.itemised[row] = False
            if node.isSelected():
                store.selected.add(name)
                store.changed(False)
        store.itemised_changed()
        if node.has_run_row:
            self.row_runs[name] = node.run_row
        self.upkeep.forget_node(node)
        self._selected_nodes.discard(node)  # type: ignore[attr-defined]
        del self._nodes[op]
        self.removeItem(node)  # type: ignore[attr-defined]
        for other in neighbours:
            _show_ports(other)

    def run_target(self, name: str) -> NodeItem | RowRun | None:
        """Where a run's state and value for op ``name`` are shown: its item, else (an op
        of a virtual scene without one) its row's run row."""
        node = self._item_named(name)
        store = self.store
        if node is not None or store is None or name not in store:
            return node
        row = self.row_runs.setdefault(name, RunRow())
        op = self.graph.get_operation_by_name(name)  # type: ignore[union-attr]

        def resized() -> None:
            store.resize(op, sized(node_size(op), row))
            self._layer_changed()

        return RowRun(row, resized)

    def clear_row_runs(self) -> None:
        """Forget what runs did at ops without items (their rows shrink back)."""
        runs, self.row_runs = self.row_runs, {}
        if self.store is not None and self.graph is not None:
            for name in runs:
                if name in self.store:
                    self.store.resize(self.graph.get_operation_by_name(name))
            self._layer_changed()

    def _drop_edge(self, edge: EdgeItem) -> None:
        self._edges.pop((edge.dst.op, edge.dst_index), {edge.src.op, edge.dst.op})
        self._selected_edges.discard(edge)  # type: ignore[attr-defined]
        self.upkeep.forget_edge(edge)
        self.removeItem(edge)  # type: ignore[attr-defined]

    def _rows_near(self, shown: QRectF, margin: float) -> np.ndarray:
        """The rows of nodes within ``margin`` viewports of ``shown`` (a link with an end
        far from there is drawn, label and all, by the overview layer)."""
        store = self.store
        assert store is not None
        dx, dy = shown.width() * margin, shown.height() * margin
        probe = shown.adjusted(-dx, -dy, dx, dy)
        return store.in_rect(probe)

    #: the run rows of ops without items (``row_runs``), by op name
    row_runs: dict[str, RunRow] = {}  # noqa: RUF012 - replaced per document
    #: while a picture is drawn (``every_item``) no item is made or released
    _frozen = False


def _show_ports(node: NodeItem) -> None:
    """Mark ``node``'s ports connected as the graph is (its links may have no items)."""
    op = node.op
    inputs = op.inputs
    for port in node.in_ports:
        port.set_connected(port.index < len(inputs) and inputs[port.index] is not None)
    used = {consumer.inputs[i].value_index for consumer, i in op.consumers()  # type: ignore
            if consumer.inputs[i] is not None}
    for port in node.out_ports:
        port.set_connected(port.index in used)
