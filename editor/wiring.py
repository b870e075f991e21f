"""Dragging links: from a port to a port, or an existing link's end to elsewhere.

Why a gesture object apart from the scene: a wire drag has its own state (the fixed
port, the snap target, a picked-up link) and its own geometry rules (snap radius in
screen pixels, nearest port of the right kind). Kept here, the scene only starts,
feeds and ends it, and turns its result into a request. The gesture edits nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from editor import style
from editor.edge_item import EdgeItem
from editor.link_look import curve_path
from editor.node_item import NodeItem
from editor.port_item import Port

#: how close (in screen pixels) a drop must be to a port to snap onto it
SNAP_PIXELS = 16.0
#: pressing an edge this close (screen pixels) to its input end picks that end up
PICK_END_PIXELS = 24.0


@dataclass(frozen=True)
class LinkRequest:
    """Wire ``src`` (a tensor name) into input ``index`` of ``dst``; ``moved_from`` is the
    (op, input) a picked-up link came from, to be unwired in the same step."""

    src: str
    dst: str
    index: int
    moved_from: tuple[str, int] | None = None


@dataclass(frozen=True)
class UnlinkRequest:
    """A picked-up link was dropped on nothing: unwire input ``index`` of ``dst``."""

    dst: str
    index: int


def view_scale(scene: QGraphicsScene) -> float:
    views = scene.views()
    return views[0].transform().m11() if views else 1.0


def port_at(scene: QGraphicsScene, pos: QPointF) -> Port | None:
    """The port whose hit area holds ``pos``, of the topmost node that has one there."""
    for item in scene.items(pos):
        if isinstance(item, NodeItem):
            port = item.port_at(item.mapFromScene(pos))
            if port is not None:
                return port
    return None


def edge_end_at(scene: QGraphicsScene, pos: QPointF) -> EdgeItem | None:
    """The topmost edge, if its input end is right under ``pos`` (to pick that end up)."""
    reach = PICK_END_PIXELS / view_scale(scene)
    items = [i for i in scene.items(pos) if not isinstance(i, WireItem)]
    top = items[0] if items else None
    if isinstance(top, EdgeItem):
        end = top.dst_point()
        if math.hypot(end.x() - pos.x(), end.y() - pos.y()) <= reach:
            return top
    return None


class WireItem(QGraphicsItem):
    """The dangling curve that follows the mouse while a link is being dragged."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10.0)
        self._path = QPainterPath()
        self._bounds = QRectF()

    def set_ends(self, output_side: QPointF, input_side: QPointF) -> None:
        self.prepareGeometryChange()
        self._path, _ = curve_path(output_side, input_side)
        self._bounds = self._path.boundingRect().adjusted(-3.0, -3.0, 3.0, 3.0)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(style.WIRE, 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)


class WireGesture:
    """One link being dragged from ``fixed`` (an output, or an input when dragged
    backwards) to the mouse; ``detached`` is an existing link whose end was picked up."""

    def __init__(
        self, scene: QGraphicsScene, fixed: Port, detached: EdgeItem | None, pos: QPointF
    ) -> None:
        self.scene = scene
        self.fixed = fixed
        self.detached = detached
        self.target: Port | None = None
        self.item = WireItem()
        scene.addItem(self.item)
        if detached is not None:
            detached.setVisible(False)
        self.drag(pos)

    def involves(self, item: object) -> bool:
        """Whether removing ``item`` (a node or edge) must end this gesture."""
        return item is self.detached or item is self.fixed.node or (
            self.target is not None and item is self.target.node
        )

    def _drop_target(self, pos: QPointF) -> Port | None:
        """The port of the other kind nearest to ``pos``: within the snap radius, or any
        such port of the node under the mouse."""
        want_input = not self.fixed.is_input
        reach = SNAP_PIXELS / view_scale(self.scene)
        area = QRectF(pos.x() - reach, pos.y() - reach, 2 * reach, 2 * reach)
        candidates: list[Port] = []
        for item in self.scene.items(area):
            if not isinstance(item, NodeItem):
                continue
            local = item.mapFromScene(pos)
            ports = item.in_ports if want_input else item.out_ports
            if item.body_shape().contains(local):  # the node under the mouse: any port
                candidates.extend(ports)
            else:  # ports whose hit area meets the snap area
                candidates.extend(p for p in ports if math.hypot(
                    p.pos().x() - local.x(), p.pos().y() - local.y()
                ) <= reach + style.PORT_HIT_RADIUS)
        best: tuple[float, Port] | None = None
        for port in candidates:
            if port.is_input != want_input or port.node is self.fixed.node:
                continue
            c = port.scene_center()
            d = math.hypot(c.x() - pos.x(), c.y() - pos.y())
            if best is None or d < best[0]:
                best = (d, port)
        return None if best is None else best[1]

    def drag(self, pos: QPointF) -> None:
        target = self._drop_target(pos)
        if target is not self.target:
            if self.target is not None:
                self.target.set_highlighted(False)
            if target is not None:
                target.set_highlighted(True)
            self.target = target
        end = target.scene_center() if target is not None else pos
        start = self.fixed.scene_center()
        if self.fixed.is_input:
            self.item.set_ends(end, start)
        else:
            self.item.set_ends(start, end)

    def cancel(self) -> None:
        """Remove the dangling curve and show a picked-up link where it was."""
        if self.target is not None:
            self.target.set_highlighted(False)
        if self.detached is not None:
            self.detached.setVisible(True)
            forget = getattr(self.scene, "upkeep", None)
            if forget is not None:  # the link shown again may be stale
                forget.forget_flushed()
        if self.item.scene() is self.scene:
            self.scene.removeItem(self.item)

    def finish(self, pos: QPointF) -> LinkRequest | UnlinkRequest | None:
        """End the drag at ``pos``: what the user asked for, or None for nothing."""
        self.drag(pos)
        self.cancel()
        target, detached = self.target, self.detached
        if target is None:
            return None if detached is None else UnlinkRequest(*detached.key())
        src, dst = (target, self.fixed) if self.fixed.is_input else (self.fixed, target)
        moved_from = None
        if detached is not None:
            if detached.dst is dst.node and detached.dst_index == dst.index:
                return None  # put back where it was
            moved_from = detached.key()
        tensor = src.op.outputs[src.index].name
        return LinkRequest(tensor, dst.op.name, dst.index, moved_from)
