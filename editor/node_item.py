"""The item that draws one op: a coloured header, its ports, its error state, and after
a run its run row (state dot, value preview, time).

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
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QStaticText
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
#: the run states a node can show (``set_run_state``); ``None`` is "has not run"
RUN_STATES = ("waiting", "running", "done", "cached", "failed")
#: the room a run row keeps for its time text
TIME_SAMPLE = "00.0 ms"


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


@lru_cache(maxsize=256)
def _run_row_path(width: float, height: float, top: float) -> QPainterPath:
    """The run row's shape: the bottom of the rounded body, from ``top`` down."""
    body = QPainterPath()
    body.addRoundedRect(QRectF(0.0, 0.0, width, height), style.NODE_RADIUS, style.NODE_RADIUS)
    row = QPainterPath()
    row.addRect(QRectF(0.0, top, width, height - top))
    return body.intersected(row)


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
        #: the size without the run row
        self._base_width = self._base_height = 0.0
        # the run row: what the last run did here (set by the run controller via the canvas)
        self._run_state: str | None = None
        self._run_text = ""
        self._run_tip = ""
        self._result_text: str | None = None
        self._result_stale = False
        self._result_tip = ""
        self._pulse = 1.0
        self._run_left = self._run_right = _EMPTY
        self._run_left_stale = False
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
        """Built when asked (the scene's help event), not after every inference; a node
        that has run adds what the run did and its value."""
        parts = [node_tooltip(self.op), self._run_tip, self._result_tip]
        return "\n".join(p for p in parts if p)

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
        self._base_width = float(round(width))
        width = max(width, self._run_row_width())
        rows = max(n_in, n_out, 1) + (1 if preview and n_in else 0)
        self._base_height = (
            style.HEADER_HEIGHT + rows * style.ROW_HEIGHT + style.NODE_BOTTOM_PADDING
        )
        height = self._base_height + (style.RUN_ROW_HEIGHT if self.has_run_row else 0.0)
        width = float(round(width))
        if (width, height) != (self._width, self._height):
            self.prepareGeometryChange()
            widened = width != self._width  # a new height (the run row) moves no port
            self._width, self._height = width, height
            for i, port in enumerate(self.in_ports):
                port.setPos(0.0, self.row_center(i))
            for i, port in enumerate(self.out_ports):
                port.setPos(width, self.row_center(i))
            if widened:
                self.update_edges()
        text_h = style.metrics("small").height()
        self._port_labels = [
            (QPointF(pad, self.row_center(i) - text_h / 2), _static(p.label))
            for i, p in enumerate(self.in_ports)
        ]
        self._layout_run_row()

    # --- the run row ---------------------------------------------------------------------------
    @property
    def has_run_row(self) -> bool:
        return self._run_state is not None or self._result_text is not None

    @property
    def run_state(self) -> str | None:
        """``waiting``, ``running``, ``done``, ``cached``, ``failed``, or ``None``."""
        return self._run_state

    @property
    def run_text(self) -> str:
        """The run row's right-hand text: ``0.12 ms``, ``fused in mul``, ``stale``."""
        return "stale" if self._result_stale else self._run_text

    def run_info(self) -> tuple[str | None, str, str]:
        """``(state, text, tooltip)`` as last set: what to put back when a run is undone."""
        return self._run_state, self._run_text, self._run_tip

    @property
    def result_text(self) -> str | None:
        return self._result_text

    @property
    def result_stale(self) -> bool:
        return self._result_stale

    def set_run_state(self, state: str | None, text: str = "", tooltip: str = "") -> None:
        """Show what the last run did here: ``state`` (one of ``RUN_STATES``, or ``None``
        to forget), ``text`` on the right (its time), ``tooltip`` added to the hover text.
        Cheap: no re-measuring of the node, only the row's two texts."""
        if state is not None and state not in RUN_STATES:
            raise ValueError(f"unknown run state {state!r}")
        if (state, text, tooltip) == (self._run_state, self._run_text, self._run_tip):
            return
        self._run_state, self._run_text, self._run_tip = state, text, tooltip
        self._pulse = 1.0
        self._run_row_changed()

    def set_preview(self, text: str | None, stale: bool = False, tooltip: str = "") -> None:
        """Show a fetched value's one-line preview (``None``: none); a ``stale`` one is
        drawn dimmed and italic, and the row says "stale" instead of the time."""
        if (text, stale, tooltip) == (self._result_text, self._result_stale, self._result_tip):
            return
        self._result_text, self._result_stale, self._result_tip = text, stale, tooltip
        self._run_row_changed()

    def set_stale(self, stale: bool) -> None:
        """Mark the preview (and the row) stale or current, keeping its text."""
        if stale != self._result_stale:
            self._result_stale = stale
            self._run_row_changed()

    def set_pulse(self, pulse: float) -> None:
        """The running animation's phase, 0–1 (the canvas ticks it for running nodes)."""
        self._pulse = pulse
        self.update()

    def preview_chars(self) -> int:
        """How many preview-font characters fit in the run row beside a time text, once
        the node has grown as wide as a run row may make it."""
        char_w = max(1.0, style.text_width("preview", "0"))
        width = max(self._width, style.RUN_ROW_MAX_WIDTH)
        room = width - self._run_row_fixed_width(style.text_width("small", TIME_SAMPLE))
        return max(4, int(room / char_w))

    @staticmethod
    def _run_row_fixed_width(right_w: float) -> float:
        """The run row's width besides its left text: paddings, the dot, the right text."""
        pad = style.NODE_PADDING
        return 2 * pad + 2 * style.RUN_DOT_RADIUS + 6.0 + (right_w + 8.0 if right_w else 0.0)

    def _run_row_width(self) -> float:
        """The width the run row would like (capped): a node grows to show its value, never
        for its state or time alone (a run must not push nodes into their links' labels).
        The right text gets at least a typical time's width, so the node does not change
        width from one run to the next as its time does."""
        if self._result_text is None:
            return 0.0
        left = style.text_width("stale" if self._result_stale else "preview",
                                self._result_text)
        right_w = max(style.text_width("small", self.run_text),
                      style.text_width("small", TIME_SAMPLE))
        return float(round(min(style.RUN_ROW_MAX_WIDTH,
                               left + self._run_row_fixed_width(right_w))))

    def _run_row_changed(self) -> None:
        """Re-lay the node only when the row changes its size (a run updates thousands of
        rows; most keep theirs)."""
        width = float(round(max(self._base_width, self._run_row_width())))
        height = self._base_height + (style.RUN_ROW_HEIGHT if self.has_run_row else 0.0)
        if (width, height) != (self._width, self._height) and self._laid_out is not None:
            self._layout(*self._laid_out)  # then the row, in _layout
        else:
            self._layout_run_row()
        if self._overview is not None:
            self._overview.setRect(self.body_rect())
        self.update()

    def _layout_run_row(self) -> None:
        """Elide the row's texts to the node's width (here, not in ``paint()``). The left
        text is the value, else the state (a failure with its reason); the right one the
        time, "stale", or what a fused op ran in."""
        if not self.has_run_row:
            self._run_left = self._run_right = _EMPTY
            return
        pad = style.NODE_PADDING
        right = self.run_text
        room = self._width - 2 * pad - 2 * style.RUN_DOT_RADIUS - 6.0
        role = "small"
        if self._result_text is not None:
            role = "stale" if self._result_stale else "preview"
            left = self._result_text
        elif self._run_state == "failed" and right and not self._result_stale:
            left, right = f"failed: {right}", ""
        elif self._run_state == "running":
            left = "running\u2026"
        else:
            left = self._run_state or ""
        if right == left:  # "cached" once is enough
            right = ""
        right_w = 0.0
        if right:
            right = style.metrics("small").elidedText(
                right, Qt.TextElideMode.ElideMiddle, room * 0.6
            )
            right_w = style.text_width("small", right) + 8.0
        left = style.metrics(role).elidedText(left, Qt.TextElideMode.ElideRight, room - right_w)
        self._run_left = _static(left)
        self._run_left_stale = self._result_stale
        self._run_right = _static(right) if right else _EMPTY

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
        if self.has_run_row:
            self._paint_run_row(painter, lod >= style.DETAIL_LOD)
        if self._state != OK:
            self._paint_badge(painter)

    def _paint_run_row(self, painter: QPainter, detail: bool) -> None:
        top, h = self._base_height, style.RUN_ROW_HEIGHT
        state = self._run_state
        color = QColor(style.run_color(state) if state is not None else style.NODE_DIM_TEXT)
        if state == "running":  # the canvas ticks the pulse while a node runs
            color.setAlphaF(0.45 + 0.55 * self._pulse)
        elif self._result_stale:
            color.setAlphaF(0.4)
        tint = QColor(color)
        tint.setAlpha(int(tint.alpha() * (style.RUN_ROW_TINT if detail else 200) / 255))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(tint))
        painter.drawPath(_run_row_path(self._width, self._height, top))
        painter.setPen(QPen(style.NODE_BORDER, 1.0))
        painter.drawLine(QPointF(1.0, top), QPointF(self._width - 1.0, top))
        if not detail:
            return
        pad, r = style.NODE_PADDING, style.RUN_DOT_RADIUS
        mid = top + h / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawEllipse(QPointF(pad, mid), r, r)
        left_x = pad + r + 6.0
        if self._result_text is not None:
            font: QFont = style.stale_preview_font() if self._run_left_stale else (
                style.preview_font())
            role = "stale" if self._run_left_stale else "preview"
            painter.setPen(style.STALE_TEXT if self._run_left_stale else style.NODE_TEXT)
        else:
            font, role = style.small_font(), "small"
            painter.setPen(style.NODE_DIM_TEXT)
        painter.setFont(font)
        painter.drawStaticText(
            QPointF(left_x, mid - style.metrics(role).height() / 2), self._run_left
        )
        right = self._run_right.text()
        if right:
            painter.setFont(style.small_font())
            painter.setPen(style.STALE_TEXT if self._result_stale else style.NODE_DIM_TEXT)
            x = self._width - pad - style.text_width("small", right)
            painter.drawStaticText(
                QPointF(x, mid - style.metrics("small").height() / 2), self._run_right
            )

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
