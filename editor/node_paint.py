"""How a node item paints its header, texts, outline and badge (into its cache): a part
of ``NodeItem`` of its own, as the item's layout and state code is long enough."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QStaticText

from editor import style
from editor.port_item import Port

#: the drawing states of a node, from its op's inference
OK, WARNING, ERROR = "ok", "warning", "error"


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


class NodePainting:
    """The painting helpers of ``NodeItem`` (which sets these attributes, and has
    ``row_center`` and ``QGraphicsItem.isSelected``)."""

    _width: float
    _height: float
    _state: str
    _hovered: bool
    _header_color: QColor
    _title: QStaticText
    _type: QStaticText
    _preview: QStaticText
    _preview_text: str
    _port_labels: list[tuple[QPointF, QStaticText]]
    in_ports: list[Port]

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

