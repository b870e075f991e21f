"""The items a name scope is drawn with: a collapsed group's box, an expanded group's
frame, and the aggregated links in and out of collapsed groups.

Why separate items (not node items): a collapsed group stands for many ops, so it has no
ports of its own; its links are drawn between the group's sides, one per pair of
visible ends, labelled like an edge (``2×3 float32``) or with a count (``3 tensors``).
A frame is hit only on its header band, so clicks and double-clicks on the empty canvas
inside it still reach the canvas.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from editor import style
from editor.groups import leaf
from editor.i18n import tr
from editor.link_look import curve_path

GROUP_FILL = QColor("#2f3b4a")
GROUP_HEADER = QColor("#4d6a8c")
FRAME_FILL = QColor(80, 110, 150, 28)
FRAME_BORDER = QColor("#5b7594")
GROUP_WIDTH_MIN = 150.0
GROUP_HEIGHT = 52.0
FRAME_PAD = 16.0
FRAME_HEADER = 26.0
CHEVRON_COLLAPSED = "\u25b8"  # ▸
CHEVRON_EXPANDED = "\u25be"  # ▾
#: the width of the chevron's click target at the start of a header
CHEVRON_WIDTH = 24.0



def count_text(count: int) -> str:
    """``1 op``, ``12 ops``."""
    return tr("1 op") if count == 1 else tr("{count} ops").format(count=count)


def box_size(scope: str, count: int) -> tuple[float, float]:
    """A collapsed group's size: room for its name and its count."""
    width = max(GROUP_WIDTH_MIN, style.text_width("title", leaf(scope)) + 44.0,
                style.text_width("small", count_text(count)) + 24.0)
    return float(round(width)), GROUP_HEIGHT


class GroupBox(QGraphicsItem):
    """A collapsed scope: its name, how many ops it holds; double-click expands it."""

    Type = QGraphicsItem.UserType + 20

    def __init__(self, scope: str, toggle: Callable[[str, str], None]) -> None:
        super().__init__()
        self.scope = scope
        self._toggle = toggle
        self.count = 0
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(0.5)
        self._width = GROUP_WIDTH_MIN

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    @property
    def title(self) -> str:
        return leaf(self.scope)

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.prepareGeometryChange()
            self._width = box_size(self.scope, count)[0]
            self.update()

    def body_rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self._width, GROUP_HEIGHT)

    def in_point(self) -> QPointF:
        return self.pos() + QPointF(0.0, GROUP_HEIGHT / 2)

    def out_point(self) -> QPointF:
        return self.pos() + QPointF(self._width, GROUP_HEIGHT / 2)

    def boundingRect(self) -> QRectF:
        return self.body_rect().adjusted(-3.0, -3.0, 5.0, 5.0)

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        return tr("Group {scope}: {count} — double-click to expand").format(
            scope=self.scope, count=count_text(self.count))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        body = self.body_rect()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        selected = self.isSelected()
        # a stack of two cards behind: it reads as "many nodes"
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(GROUP_HEADER.darker(160)))
        painter.drawRoundedRect(body.translated(4.0, 4.0), 6.0, 6.0)
        pen = QPen(style.SELECTION if selected else style.NODE_BORDER, 2.0 if selected else 1.0)
        painter.setPen(pen)
        painter.setBrush(QBrush(GROUP_FILL))
        painter.drawRoundedRect(body, 6.0, 6.0)
        header = QRectF(0.0, 0.0, body.width(), 24.0)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(GROUP_HEADER))
        painter.drawRoundedRect(header.adjusted(1.0, 1.0, -1.0, 0.0), 5.0, 5.0)
        if lod < style.DETAIL_LOD:
            return
        painter.setPen(style.HEADER_TEXT)
        painter.setFont(style.title_font())
        painter.drawText(header.adjusted(8.0, 0.0, -4.0, 0.0), Qt.AlignmentFlag.AlignVCenter,
                         f"{CHEVRON_COLLAPSED} {self.title}")
        painter.setPen(style.NODE_DIM_TEXT)
        painter.setFont(style.small_font())
        painter.drawText(QRectF(10.0, 24.0, body.width() - 14.0, GROUP_HEIGHT - 24.0),
                         Qt.AlignmentFlag.AlignVCenter, count_text(self.count))

    def chevron_rect(self) -> QRectF:
        """Where a click expands the group (the ▸ before its name)."""
        return QRectF(0.0, 0.0, CHEVRON_WIDTH, 24.0)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if (event.button() == Qt.MouseButton.LeftButton
                and self.chevron_rect().contains(event.pos())):
            self._toggle(self.scope, "chevron")
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._toggle(self.scope, "double-click")
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


class GroupFrame(QGraphicsItem):
    """An expanded scope: a frame behind its members with a header to collapse it."""

    Type = QGraphicsItem.UserType + 21

    def __init__(self, scope: str, toggle: Callable[[str, str], None],
                 select: Callable[[str], None]) -> None:
        super().__init__()
        self.scope = scope
        self._toggle = toggle
        self._select = select
        self.count = 0
        self._rect = QRectF()
        self.setZValue(-5.0)

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    def set_frame(self, rect: QRectF, count: int, depth: int) -> None:
        if rect != self._rect or count != self.count:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)
            self.count = count
            self.update()
        self.setZValue(-5.0 + 0.01 * depth)

    def rect(self) -> QRectF:
        return QRectF(self._rect)

    def header_rect(self) -> QRectF:
        return QRectF(self._rect.x(), self._rect.y(), self._rect.width(), FRAME_HEADER)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1.0, -1.0, 1.0, 1.0)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.header_rect())
        return path

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        return tr("Group {scope}: {count} — double-click the header to collapse").format(
            scope=self.scope, count=count_text(self.count))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(FRAME_BORDER, 0.0))
        painter.setBrush(QBrush(FRAME_FILL))
        painter.drawRoundedRect(self._rect, 8.0, 8.0)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < style.DETAIL_LOD:
            return
        painter.setPen(style.NODE_TEXT)
        painter.setFont(style.title_font())
        painter.drawText(self.header_rect().adjusted(10.0, 0.0, -6.0, 0.0),
                         Qt.AlignmentFlag.AlignVCenter,
                         f"{CHEVRON_EXPANDED} {leaf(self.scope)}  ·  {count_text(self.count)}")

    def chevron_rect(self) -> QRectF:
        """Where a click collapses the group (the ▾ before its name)."""
        head = self.header_rect()
        return QRectF(head.x(), head.y(), CHEVRON_WIDTH, head.height())

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            if self.chevron_rect().contains(event.pos()):
                self._toggle(self.scope, "chevron")
            else:
                self._select(self.scope)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._toggle(self.scope, "double-click")
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


class GroupLink(QGraphicsItem):
    """The tensors from one visible end to another when a collapsed group is at either end."""

    Type = QGraphicsItem.UserType + 22

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-1.0)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._path = QPainterPath()
        self._mid = QPointF()
        self._bounds = QRectF()
        self.label = ""
        self.tensors: list[str] = []
        self._label_rect = QRectF()

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    def set_link(self, p1: QPointF, p2: QPointF, label: str, tensors: list[str]) -> None:
        path, mid = curve_path(p1, p2)
        self.prepareGeometryChange()
        self._path, self._mid = path, mid
        self.label, self.tensors = label, tensors
        w = style.text_width("small", label) + 2 * style.LABEL_PAD_X
        self._label_rect = QRectF(mid.x() - w / 2, mid.y() - style.LABEL_HEIGHT / 2, w,
                                  style.LABEL_HEIGHT)
        self._bounds = path.boundingRect().united(self._label_rect).adjusted(-2, -2, 2, 2)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._label_rect)
        return path

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        shown = self.tensors[:12]
        more = len(self.tensors) - len(shown)
        lines = [self.label, *shown] + ([tr("… and {n} more").format(n=more)] if more else [])
        return "\n".join(lines)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(style.EDGE, 1.5 if len(self.tensors) > 1 else 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < style.DETAIL_LOD or not self.label:
            return
        rect = self._label_rect
        painter.setPen(QPen(style.LABEL_BORDER, 1.0))
        painter.setBrush(QBrush(style.LABEL_FILL))
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(style.LABEL_TEXT)
        painter.setFont(style.small_font())
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label)
