"""The item that draws one op: a coloured header, its ports, its error state.

Move a node with ``move_to`` (or ``GraphScene.set_node_position``), not ``setPos``: its
edges follow only then.

Why it only mirrors: the op (``engine.Operation``) is the source of truth. The
scene calls ``refresh()`` when the adapter reports a change, and the item redraws
from the op. Texts are measured and laid out in ``refresh()``, not in ``paint()``,
and the item paints into a device-coordinate cache, so a 2,000-node graph pans
without re-running any paint code.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QStaticText
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from editor import style
from editor.labels import attrs_preview, elide, node_tooltip
from editor.port_item import PortItem, paint_port

if TYPE_CHECKING:
    from editor.edge_item import EdgeItem
    from engine import Operation

#: the drawing states of a node, from its op's inference
OK, WARNING, ERROR = "ok", "warning", "error"


def _static(text: str) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    return static


_EMPTY = QStaticText()


@lru_cache(maxsize=256)
def _header_path(width: float) -> QPainterPath:
    """The header's shape: rounded on top, square below (node widths repeat a lot, and a
    path union is too slow to redo for every node painted)."""
    h, r = style.HEADER_HEIGHT, style.NODE_RADIUS
    header = QPainterPath()
    header.addRoundedRect(QRectF(0.0, 0.0, width, h), r, r)
    square = QPainterPath()
    square.addRect(QRectF(0.0, h - r, width, r))
    return header.united(square)


class NodeItem(QGraphicsItem):
    """One op on the canvas. Owns its ports; keeps the edges attached to it up to date."""

    Type = QGraphicsItem.UserType + 1

    def __init__(self, op: Operation) -> None:
        super().__init__()
        self.op = op
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptHoverEvents(True)
        self._hovered = False
        self.in_ports = [
            PortItem(self, True, i, name) for i, name in enumerate(op.op_def.inputs)
        ]
        self.out_ports = [PortItem(self, False, i, f":{i}") for i in range(len(op.outputs))]
        #: the edge into each wired input
        self.in_edges: dict[int, EdgeItem] = {}
        #: every edge out of any output (insertion-ordered set)
        self.out_edges: dict[EdgeItem, None] = {}
        self._width = 0.0
        self._height = 0.0
        self._state = OK
        self._error: str | None = None
        self._title = self._type = self._preview = _EMPTY
        self._preview_text = ""
        self._port_labels: list[tuple[QPointF, QStaticText]] = []
        self._header_color = QColor()
        self._laid_out: tuple[str, str] | None = None
        #: the overview stand-in (a plain rectangle Qt paints in C++), made when first needed
        self._overview: QGraphicsRectItem | None = None
        self.refresh()

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    # --- what the op says --------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.op.name

    @property
    def state(self) -> str:
        """``ok``, ``warning`` (unwired or upstream error) or ``error`` (its own error)."""
        return self._state

    @property
    def error_message(self) -> str | None:
        return self._error

    @property
    def title_text(self) -> str:
        return self._title.text()

    @property
    def type_text(self) -> str:
        return self._type.text()

    @property
    def preview_text(self) -> str:
        return self._preview_text

    def refresh(self) -> None:
        """Re-read the op (name, attrs, inference) and re-layout; cheap when nothing moved."""
        op = self.op
        self._error = op.error
        kind = op.error_kind
        if self._error is None:
            self._state = OK
        elif kind in style.WARNING_KINDS:
            self._state = WARNING
        else:
            self._state = ERROR
        title = elide(op.name, style.TITLE_MAX_CHARS)
        preview = attrs_preview(op.type, op.attrs, style.PREVIEW_MAX_CHARS)
        if self._laid_out != (title, preview):  # inference alone changes no text
            self._laid_out = (title, preview)
            self._header_color = style.category_color(op.op_def.category)
            self._title = _static(title)
            self._type = _static(op.type)
            self._preview_text = preview
            self._preview = _static(preview)
            self._layout(title, preview)
        if self.in_overview:
            self._style_overview()
        self.update()

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        """Built when asked (the scene's help event), not after every inference."""
        return node_tooltip(self.op)

    def _layout(self, title: str, preview: str) -> None:
        width_of = style.text_width
        pad = style.NODE_PADDING
        n_in, n_out = len(self.in_ports), len(self.out_ports)
        in_w = max((width_of("small", p.label) for p in self.in_ports), default=0.0)
        width = max(
            style.NODE_MIN_WIDTH,
            width_of("title", title) + width_of("small", self.op.type) + 3 * pad,
            in_w + 4 * pad,
            width_of("preview", preview) + (2 * pad if n_in == 0 else in_w + 3 * pad),
        )
        rows = max(n_in, n_out, 1) + (1 if preview and n_in else 0)
        height = style.HEADER_HEIGHT + rows * style.ROW_HEIGHT + style.NODE_BOTTOM_PADDING
        width = float(round(width))
        if (width, height) != (self._width, self._height):
            self.prepareGeometryChange()
            self._width, self._height = width, height
            for i, port in enumerate(self.in_ports):
                port.setPos(0.0, self.row_center(i))
            for i, port in enumerate(self.out_ports):
                port.setPos(width, self.row_center(i))
            self.update_edges()
        text_h = style.metrics("small").height()
        self._port_labels = [
            (QPointF(pad, self.row_center(i) - text_h / 2), _static(p.label))
            for i, p in enumerate(self.in_ports)
        ]

    # --- overview -------------------------------------------------------------------------------
    @property
    def in_overview(self) -> bool:
        return self._overview is not None and self._overview.isVisible()

    def set_overview(self, on: bool) -> None:
        """At overview zooms a node is drawn as a plain rectangle in its category's colour
        (outlined by its state), painted by Qt's C++ code: zooming over 2,000 nodes then
        re-renders no node pixmaps and calls no Python per node and frame."""
        if on == self.in_overview:
            return
        if on:
            if self._overview is None:
                self._overview = QGraphicsRectItem(self)
                self._overview.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._overview.setRect(self.body_rect())
            self._style_overview()
            self._overview.setVisible(True)
        elif self._overview is not None:
            self._overview.setVisible(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, on)
        if not on:
            self.update()  # the state may have changed while the stand-in was shown

    def _style_overview(self) -> None:
        assert self._overview is not None
        if self.isSelected():
            pen = QPen(style.SELECTION, 3.0)
        elif self._state == ERROR:
            pen = QPen(style.ERROR, 3.0)
        elif self._state == WARNING:
            pen = QPen(style.WARNING, 3.0)
        else:
            pen = QPen(style.NODE_BORDER, 1.0)
        self._overview.setPen(pen)
        self._overview.setBrush(QBrush(self._header_color))
        self._overview.setRect(self.body_rect())

    def selection_changed(self) -> None:
        """Called by the scene when this node's selection flipped (see ``EdgeItem``)."""
        if self._overview is not None and self._overview.isVisible():
            self._style_overview()

    def row_center(self, row: int) -> float:
        return style.HEADER_HEIGHT + (row + 0.5) * style.ROW_HEIGHT

    def body_rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self._width, self._height)

    # --- edges -------------------------------------------------------------------------------
    def edges(self) -> list[EdgeItem]:
        return list(self.in_edges.values()) + list(self.out_edges)

    def update_edges(self) -> None:
        for edge in self.in_edges.values():
            edge.update_path()
        for edge in self.out_edges:
            edge.update_path()

    def move_to(self, pos: QPointF) -> None:
        """Move and take the edges along. Positions change only here and in a mouse drag
        (where the scene updates the edges): an ``itemChange`` override would make Qt call
        Python for every change of every item, a large part of building 2,000 nodes."""
        self.setPos(pos)
        self.update_edges()

    # --- geometry and painting ---------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        # room for the port dots (both sides), the selection halo and the error badge
        side = style.PORT_RADIUS + 3.5
        b = style.BADGE_RADIUS + 2.0
        return QRectF(-side, -b, self._width + 2 * side, self._height + 4.0 + b)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.body_rect(), style.NODE_RADIUS, style.NODE_RADIUS)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        body = self.body_rect()
        radius = style.NODE_RADIUS
        painter.setPen(QPen(style.NODE_BORDER, 1.0))
        painter.setBrush(QBrush(style.NODE_BODY))
        painter.drawRoundedRect(body, radius, radius)
        self._paint_header(painter)
        if lod >= style.DETAIL_LOD:
            self._paint_texts(painter)
        self._paint_outline(painter, body)
        if lod >= style.PORT_LOD:
            for port in self.in_ports:
                paint_port(painter, port)
            for port in self.out_ports:
                paint_port(painter, port)
        if self._state != OK:
            self._paint_badge(painter)

    def _paint_header(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self._header_color))
        painter.drawPath(_header_path(self._width))

    def _paint_texts(self, painter: QPainter) -> None:
        pad = style.NODE_PADDING
        title_m, small_m = style.metrics("title"), style.metrics("small")
        painter.setPen(style.HEADER_TEXT)
        painter.setFont(style.title_font())
        painter.drawStaticText(
            QPointF(pad, (style.HEADER_HEIGHT - title_m.height()) / 2), self._title
        )
        painter.setFont(style.small_font())
        painter.setPen(QColor(255, 255, 255, 190))
        type_w = style.text_width("small", self._type.text())
        painter.drawStaticText(
            QPointF(self._width - pad - type_w, (style.HEADER_HEIGHT - small_m.height()) / 2),
            self._type,
        )
        painter.setPen(style.NODE_DIM_TEXT)
        for pos, text in self._port_labels:
            painter.drawStaticText(pos, text)
        if self._preview_text:
            preview_m = style.metrics("preview")
            n_in = len(self.in_ports)
            row = n_in if n_in else 0
            y = self.row_center(row) - preview_m.height() / 2
            painter.setFont(style.preview_font())
            painter.setPen(style.NODE_TEXT)
            painter.drawStaticText(QPointF(pad, y), self._preview)

    def _paint_outline(self, painter: QPainter, body: QRectF) -> None:
        radius = style.NODE_RADIUS
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.isSelected():
            painter.setPen(QPen(style.SELECTION, 2.0))
            painter.drawRoundedRect(body.adjusted(-2.5, -2.5, 2.5, 2.5), radius + 2, radius + 2)
        if self._state == ERROR:
            painter.setPen(QPen(style.ERROR, 2.0))
            painter.drawRoundedRect(body.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        elif self._state == WARNING:
            painter.setPen(QPen(style.WARNING, 1.5, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(body.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        elif self._hovered:
            painter.setPen(QPen(style.NODE_HOVER_BORDER, 1.0))
            painter.drawRoundedRect(body, radius, radius)

    def _paint_badge(self, painter: QPainter) -> None:
        r = style.BADGE_RADIUS
        center = QPointF(self._width - 2.0, -2.0)
        color = style.ERROR if self._state == ERROR else style.WARNING
        painter.setPen(QPen(style.NODE_BORDER, 1.0))
        painter.setBrush(QBrush(color))
        painter.drawEllipse(center, r, r)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(style.badge_font())
        painter.drawText(QRectF(center.x() - r, center.y() - r, 2 * r, 2 * r),
                         Qt.AlignmentFlag.AlignCenter, "!")

    def hoverEnterEvent(self, event: object) -> None:  # type: ignore[override]
        self._hovered = True
        self.update()

    def hoverLeaveEvent(self, event: object) -> None:  # type: ignore[override]
        self._hovered = False
        self.update()
