"""The scene's extent, selection and engine events as a virtual scene's rows see them.

Why apart from ``scene``: each of these reads both the items and, in a virtual scene
(``scene_virtual``), the store's rows of the ops without items: the extent is both's,
a selection holds items and names, an op added, removed or inferred changes its row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsItem

from editor.edge_item import EdgeItem
from editor.node_item import NodeItem
from editor.scene_virtual import VirtualMixin
from editor.wiring import port_at

if TYPE_CHECKING:
    from engine import Operation


class RowsMixin(VirtualMixin):
    """Of ``GraphScene``: what reads items and rows alike."""

    content_hook: Callable[[], list[QRectF]] | None
    _restoring: bool

    def content_rect(self) -> QRectF:
        """The nodes' extent, with room for the links that loop around them. Computed
        from positions and sizes: ``itemsBoundingRect`` would ask every item (edges,
        labels, ports) for its rect, which is slow at thousands of items."""
        left = top = float("inf")
        right = bottom = float("-inf")
        if self.store is not None and len(self.store):
            rows = self.store.bounds()
            if not rows.isEmpty():
                left, top, right, bottom = rows.left(), rows.top(), rows.right(), rows.bottom()
        for node in self._nodes.values():
            if not node.isVisible():  # inside a collapsed group: the group's box counts
                continue
            pos, body = node.pos(), node.body_rect()
            x, y = pos.x(), pos.y()
            left, top = min(left, x), min(top, y)
            right, bottom = max(right, x + body.width()), max(bottom, y + body.height())
        for extra in self.content_hook() if self.content_hook is not None else ():
            left, top = min(left, extra.left()), min(top, extra.top())
            right, bottom = max(right, extra.right()), max(bottom, extra.bottom())
        if left == float("inf"):
            return QRectF()
        return QRectF(left, top, right - left, bottom - top).adjusted(-20.0, -20.0, 20.0, 20.0)

    def grow_to(self, rect: QRectF) -> None:
        """Extend the scene rect (the BSP index's extent) to cover ``rect``."""
        if not self.sceneRect().contains(rect):
            self.setSceneRect(self.sceneRect().united(rect.adjusted(-500.0, -500.0, 500.0, 500.0)))

    def select_all(self, extra: Iterable[QGraphicsItem] = ()) -> None:
        """Select every visible node and link (and ``extra`` items) with signals blocked,
        then restyle once: a selection area would test every link's outline."""
        self.blockSignals(True)
        try:
            for item in (*self._nodes.values(), *self._edges, *extra):
                if item.isVisible():
                    item.setSelected(True)
        finally:
            self.blockSignals(False)
        store = self.store
        if store is not None:  # the ops without items: selected in their rows
            rows = np.flatnonzero(store.shown() & ~store.itemised[:len(store.shown())])
            store.selected = {store.names[i] for i in rows.tolist()}
            store.changed(False)
            self._layer_changed()
        self.restyle_selected_edges()

    def clearSelection(self) -> None:  # noqa: N802 - Qt's name
        self.clear_rows_selection()
        super().clearSelection()

    def selected_nodes(self) -> list[NodeItem]:
        return [i for i in self.selectedItems() if isinstance(i, NodeItem)]

    def selected_edges(self) -> list[EdgeItem]:
        return [i for i in self.selectedItems() if isinstance(i, EdgeItem)]


    # --- rows kept with the engine's events --------------------------------------------------
    def _row_added(self, op: Operation) -> bool:
        """A row for a new op; whether it gets no item now (an undo making ops again:
        rows only, their items are made when they come into view)."""
        store = self.store
        if store is None:
            return False
        store.add(op, QPointF())
        assert self.layer is not None
        self.layer.links_changed()
        return self._restoring and op.name not in self.parked.nodes  # type: ignore

    def _row_itemised(self, op: Operation) -> None:
        store = self.store
        if store is not None and op.name in store:
            store.itemised[store.index[op.name]] = True
            store.itemised_changed()

    def _row_removed(self, op: Operation) -> None:
        if self.store is not None:
            self.store.remove(op.name, op.op_def)
            assert self.layer is not None
            self.layer.links_changed()

    def _row_inferred(self, op: Operation) -> None:
        if self.store is None:
            return
        self._labels_changed()
        if self.store.restyle(op):
            assert self.layer is not None
            self.layer.links_changed()  # a link's pen shows whether its tensor is valid

    def _row_renamed(self, op: Operation, old: str) -> None:
        if self.store is not None:
            self.store.rename(old, op.name)
            self._labels_changed()

    def _labels_changed(self) -> None:
        """The overview layer's link labels may read differently now."""
        layer = self.layer
        if layer is not None:
            layer.labels_version += 1
            layer.show_names = self._show_names  # type: ignore[attr-defined]
            layer.update()

    def _refit_layer(self) -> None:
        if self.layer is not None:
            self.layer.refit()
            self._region = None

    def _press_on_rows(self, pos: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        """A press where a node without an item is: make its item, for Qt to select and
        drag; on an input port whose link has no item: make the item of the node it
        comes from, so the link can be picked up; a press on nothing clears the rows'
        selection (Qt clears the items')."""
        store = self.store
        if store is None:
            return
        port = port_at(self, pos)  # type: ignore[arg-type]
        if port is not None:
            inputs = port.op.inputs
            tensor = inputs[port.index] if port.is_input and port.index < len(inputs) else None
            if tensor is not None:
                self.node_named(tensor.op.name)  # type: ignore[attr-defined]
            return
        views = self.views()  # type: ignore[attr-defined]
        transform = views[0].transform() if views else QTransform()
        under = self.items(pos, Qt.ItemSelectionMode.IntersectsItemShape,  # type: ignore
                           Qt.SortOrder.DescendingOrder, transform)
        if any(item is not self.layer for item in under):
            return
        name = store.at(pos)
        if name is not None:
            self.node_named(name)  # type: ignore[attr-defined]
        elif not modifiers & (Qt.KeyboardModifier.ControlModifier
                              | Qt.KeyboardModifier.ShiftModifier):
            self.clear_rows_selection()
