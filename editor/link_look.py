"""How a link looks: its curve, its pen and its label's pill, drawn alike by the link item
(``edge_item``) and by the overview layer for the links that have no item.

Why one module for both: the overview layer stands in for link items a large graph has
not made, and the two must look the same, or a link would change as its item comes and
goes (a pan, a zoom).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QPainterPath, QPen, QStaticText

from editor import style
from editor.labels import elide


def curve_controls(p1: QPointF, p2: QPointF) -> tuple[QPointF, QPointF]:
    """Control points of a left-to-right link: horizontal tangents at both ports,
    stretched further when the link runs backwards so it loops around the nodes."""
    dx = p2.x() - p1.x()
    reach = max(40.0, abs(dx) * 0.5) if dx >= 0 else max(80.0, min(-dx, 300.0) * 0.6)
    return QPointF(p1.x() + reach, p1.y()), QPointF(p2.x() - reach, p2.y())


def curve_path(p1: QPointF, p2: QPointF) -> tuple[QPainterPath, QPointF]:
    """The cubic curve from ``p1`` to ``p2`` and its midpoint (at t = 0.5)."""
    c1, c2 = curve_controls(p1, p2)
    path = QPainterPath(p1)
    path.cubicTo(c1, c2, p2)
    mid = (p1 + c1 * 3.0 + c2 * 3.0 + p2) / 8.0
    return path, mid


@lru_cache(maxsize=64)
def line_pen(selected: bool, hovered: bool, valid: bool | None, px: float) -> QPen:
    """A link's pen: the few combinations repeat over thousands of links, so each is
    made once (restyling a selection of 10,000 links then builds no pens)."""
    if selected:
        pen = QPen(style.EDGE_SELECTED, px + 1.0)
    elif hovered:
        pen = QPen(style.LABEL_TEXT, px + 0.5)
    else:
        pen = QPen(style.EDGE if valid else style.EDGE_INVALID, px)
    pen.setCosmetic(True)
    if not valid:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def label_room(mid: QPointF, bodies: Sequence[QRectF]) -> float:
    """How wide a link's label may be at the curve's midpoint ``mid`` without covering
    either node (``bodies``, in scene coordinates): unlimited where the nodes are above
    or below it (a steep link), else the distance to the nearer node's side, twice."""
    half_h = style.LABEL_HEIGHT / 2 + 2.0
    half = float("inf")
    for rect in bodies:
        body = rect.adjusted(-4.0, -4.0, 4.0, 4.0)
        if mid.y() + half_h <= body.top() or mid.y() - half_h >= body.bottom():
            continue  # the node lies above or below the label
        if body.left() <= mid.x() <= body.right():
            return 0.0
        half = min(half, body.left() - mid.x() if mid.x() < body.left() else (
            mid.x() - body.right()))
    return 2.0 * half


def fitted_label(full: str, mid: QPointF, bodies: Sequence[QRectF]) -> str:
    """``full`` elided to what fits at ``mid`` without covering a node ("" when not even
    a few characters do)."""
    text = elide(full, style.LABEL_MAX_CHARS)
    room = label_room(mid, bodies)
    pad = 2 * style.LABEL_PAD_X

    def fits(candidate: str) -> bool:
        return style.text_width("small", candidate) + pad <= room

    if not fits(text):
        low, high = 0, len(text) - 1  # the longest elision that fits, by bisection
        while low < high:
            middle = (low + high + 1) // 2
            if fits(elide(text, middle)):
                low = middle
            else:
                high = middle - 1
        text = elide(text, low) if low >= 4 else ""
    return text


def paint_label(painter: QPainter, rect: QRectF, text: QStaticText, accent: bool) -> None:
    """A link's label pill ``rect`` (centred on the curve's middle) with ``text``."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(style.EDGE_SELECTED if accent else style.LABEL_BORDER, 1.0))
    painter.setBrush(QBrush(style.LABEL_FILL))
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setPen(style.LABEL_TEXT)
    painter.setFont(style.small_font())
    text_h = style.metrics("small").height()
    painter.drawStaticText(QPointF(rect.x() + style.LABEL_PAD_X, rect.center().y() - text_h / 2),
                           text)


@lru_cache(maxsize=512)
def _pill(text: str, width: float, zoom: float) -> QImage:
    """The pill of a label reading ``text``, ``width`` wide, drawn at ``zoom`` into an
    image with a pixel of room on each side."""
    image = QImage(math.ceil(width * zoom) + 2, math.ceil(style.LABEL_HEIGHT * zoom) + 2,
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.translate(1.0, 1.0)
    painter.scale(zoom, zoom)
    paint_label(painter, QRectF(0.0, 0.0, width, style.LABEL_HEIGHT), style.static_text(text),
                False)
    painter.end()
    return image


def stamp_labels(painter: QPainter, labels: Sequence[tuple[QRectF, str]]) -> None:
    """Draw the (not accented) label pills ``labels`` — each its rect in scene units and
    its text — with ``painter``, whose transform only scales and moves (the overview
    layer's picture): each text is drawn once at that zoom and stamped for every link
    that shows it, where drawing each pill costs five times as long (the labels of a few
    hundred links that read the same, ``2×3 float32``, in a picture made again)."""
    if not labels:
        return
    transform = painter.worldTransform()
    zoom, dx, dy = transform.m11(), transform.dx(), transform.dy()
    painter.save()
    painter.resetTransform()
    for rect, text in labels:
        painter.drawImage(QPointF(round(rect.x() * zoom + dx) - 1,
                                  round(rect.y() * zoom + dy) - 1),
                          _pill(text, rect.width(), zoom))
    painter.restore()


def label_rect(text: str) -> QRectF:
    """The pill of a label reading ``text``, centred on the origin."""
    w = style.text_width("small", text) + 2 * style.LABEL_PAD_X
    h = style.LABEL_HEIGHT
    return QRectF(-w / 2, -h / 2, w, h)
