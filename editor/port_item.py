"""A node's input or output port: the handle a user drags wires from and to.

Why a child item per port: the scene's index then finds the port under the mouse
(with a hit area larger than the dot), and the port moves with its node for free.
Why it paints nothing itself (``ItemHasNoContents``): the node draws the dot and the
label into its cached pixmap, so 6,000 ports in a large graph cost no paint calls
while panning; a port only tells its node to redraw when its state changes.

Why a port knows its node only as a plain ``QGraphicsItem`` (its parent) plus the op:
that is all it needs (to ask for a redraw, to describe itself), and so this module,
which the node and edge items import, imports neither of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from editor import style
from editor.i18n import translate
from editor.labels import tensor_label

if TYPE_CHECKING:
    from engine import Operation


class PortItem(QGraphicsItem):
    """Input ``index`` (left edge) or output ``index`` (right edge) of a node."""

    Type = QGraphicsItem.UserType + 2

    def __init__(
        self, node: QGraphicsItem, op: Operation, is_input: bool, index: int, label: str
    ) -> None:
        super().__init__(node)
        #: the node item that owns (and draws) this port; compared by identity only
        self.node = node
        #: the op of that node, whose input or output this port is
        self.op = op
        self.is_input = is_input
        self.index = index
        self.label = label
        self._connected = False
        self._highlighted = False
        self._hovered = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

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
    def hot(self) -> bool:
        """Drawn larger and in the accent colour: hovered, or a wire's snap target."""
        return self._highlighted or self._hovered

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        """What this port carries: ``x ← add:0  2×3 float32``, or that it is free."""
        op = self.op
        if self.is_input:
            tensor = op.inputs[self.index]
            if tensor is None:
                return f"{op.name}.{self.label}: " + translate("PortItem", "not connected")
            return f"{op.name}.{self.label} \u2190 {tensor.name}  {tensor_label(tensor.spec)}"
        tensor = op.outputs[self.index]
        return f"{tensor.name}  {tensor_label(tensor.spec)}"

    def scene_center(self) -> QPointF:
        return self.mapToScene(QPointF(0.0, 0.0))

    def describe(self) -> str:
        """``add.x`` or ``add:0``, for status messages."""
        name = self.op.name
        return f"{name}.{self.label}" if self.is_input else f"{name}:{self.index}"

    # --- geometry and painting ---------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        r = style.PORT_HIT_RADIUS
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.boundingRect())
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Never called (``ItemHasNoContents``): see ``paint_port``."""

    def hoverEnterEvent(self, event: object) -> None:  # type: ignore[override]
        self._hovered = True
        self.node.update()

    def hoverLeaveEvent(self, event: object) -> None:  # type: ignore[override]
        self._hovered = False
        self.node.update()


def paint_port(painter: QPainter, port: PortItem) -> None:
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
    painter.drawEllipse(port.pos(), r, r)
