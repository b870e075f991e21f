"""A node's input or output port: the handle a user drags wires from and to.

Why a plain object, not an item of the scene: a graph of 5,000 ops has some 15,000
ports, and as child items they were a third of the scene's items, each walked by every
paint, built at every load and held in memory. A port is where its node says; the node
draws its dot and label into its cached pixmap, answers hit tests for it
(``NodeItem.port_at``) and sets its hover state; a port only tells its node to redraw
when its state changes.

Why a port knows its node only as a plain ``QGraphicsItem`` plus the op: that is all it
needs (to ask for a redraw, to describe itself), and so this module, which the node and
edge items import, imports neither of them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from editor import style
from editor.i18n import translate
from editor.labels import tensor_label

if TYPE_CHECKING:
    from engine import Operation


class Port:
    """Input ``index`` (left edge) or output ``index`` (right edge) of a node."""

    __slots__ = ("node", "op", "is_input", "index", "label", "_pos", "_connected",
                 "_highlighted", "_hovered")

    def __init__(
        self, node: QGraphicsItem, op: Operation, is_input: bool, index: int, label: str
    ) -> None:
        #: the node item that owns (and draws) this port; compared by identity only
        self.node = node
        #: the op of that node, whose input or output this port is
        self.op = op
        self.is_input = is_input
        self.index = index
        self.label = label
        #: the dot's centre, in the node's coordinates
        self._pos = QPointF()
        self._connected = False
        self._highlighted = False
        self._hovered = False

    def rebind(self, op: Operation) -> None:
        """Belong to ``op`` (its node item now stands for it, ``NodeItem.rebind``), with no
        link and no highlight, as a new port."""
        self.op = op
        self._connected = self._highlighted = self._hovered = False

    # --- state -------------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._connected

    def set_connected(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            self.node.update()

    @property
    def highlighted(self) -> bool:
        return self._highlighted

    def set_highlighted(self, on: bool) -> None:
        """Marks the port a dragged wire would snap to."""
        if on != self._highlighted:
            self._highlighted = on
            self.node.update()

    @property
    def hovered(self) -> bool:
        return self._hovered

    def set_hovered(self, on: bool) -> None:
        """The mouse is over the port (its node follows the mouse and says so)."""
        if on != self._hovered:
            self._hovered = on
            self.node.update()

    @property
    def hot(self) -> bool:
        """Drawn larger and in the accent colour: hovered, or a wire's snap target."""
        return self._highlighted or self._hovered

    def toolTip(self) -> str:  # noqa: N802 - Qt's name, as the items' tooltips
        """What this port carries: ``x ← add:0  2×3 float32``, or that it is free."""
        op = self.op
        if self.is_input:
            tensor = op.inputs[self.index]
            if tensor is None:
                return f"{op.name}.{self.label}: " + translate("PortItem", "not connected")
            return f"{op.name}.{self.label} \u2190 {tensor.name}  {tensor_label(tensor.spec)}"
        tensor = op.outputs[self.index]
        return f"{tensor.name}  {tensor_label(tensor.spec)}"

    # --- geometry ----------------------------------------------------------------------------
    def pos(self) -> QPointF:
        """The dot's centre in the node's coordinates."""
        return QPointF(self._pos)

    def setPos(self, x: float, y: float) -> None:  # noqa: N802 - as an item's
        self._pos = QPointF(x, y)

    def scene_center(self) -> QPointF:
        return self.node.mapToScene(self._pos)

    def hits(self, local: QPointF) -> bool:
        """Whether ``local`` (node coordinates) is within the port's hit area, which is
        larger than its dot."""
        return math.hypot(local.x() - self._pos.x(),
                          local.y() - self._pos.y()) <= style.PORT_HIT_RADIUS

    def describe(self) -> str:
        """``add.x`` or ``add:0``, for status messages."""
        name = self.op.name
        return f"{name}.{self.label}" if self.is_input else f"{name}:{self.index}"


def paint_port(painter: QPainter, port: Port) -> None:
    """Draw ``port``'s dot (in its node's coordinates, into the node's cache)."""
    hot = port.hot
    r = style.PORT_RADIUS + (1.5 if hot else 0.0)
    if hot:
        border = fill = style.PORT_HOVER
    else:
        border = style.PORT_FILL
        fill = style.PORT_FILL if port.connected else style.PORT_EMPTY
    painter.setPen(QPen(border, 1.5))
    painter.setBrush(QBrush(fill))
    painter.drawEllipse(port._pos, r, r)
