"""A node's run row: what the last run did at that node (state dot, value preview, time).

Why apart from the node item: the row has its own state (set by the run controller via
the canvas, not by the op), its own text layout and its own painting, and a node only
needs to know how wide it would like to be and how tall it is. Its texts are elided in
``layout()``, not in ``paint()``, like the node's own (the node paints into a cache).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen

from editor import style
from editor.i18n import QT_TRANSLATE_NOOP, translate

#: the run states a node can show (``set_state``); ``None`` is "has not run"
RUN_STATES = ("waiting", "running", "done", "cached", "failed")
#: the states' names as a node's row shows them
STATE_NAMES = (QT_TRANSLATE_NOOP("RunRow", "waiting"), QT_TRANSLATE_NOOP("RunRow", "done"),
               QT_TRANSLATE_NOOP("RunRow", "cached"), QT_TRANSLATE_NOOP("RunRow", "failed"))
#: the room a run row keeps for its time text
TIME_SAMPLE = "00.0 ms"


@lru_cache(maxsize=256)
def _row_path(width: float, height: float, top: float) -> QPainterPath:
    """The run row's shape: the bottom of the rounded body, from ``top`` down."""
    body = QPainterPath()
    body.addRoundedRect(QRectF(0.0, 0.0, width, height), style.NODE_RADIUS, style.NODE_RADIUS)
    row = QPainterPath()
    row.addRect(QRectF(0.0, top, width, height - top))
    return body.intersected(row)


def _fixed_width(right_w: float) -> float:
    """The run row's width besides its left text: paddings, the dot, the right text."""
    pad = style.NODE_PADDING
    return 2 * pad + 2 * style.RUN_DOT_RADIUS + 6.0 + (right_w + 8.0 if right_w else 0.0)


class RunRow:
    """The run row's state and laid-out texts; the node owns one and sizes itself by it."""

    def __init__(self) -> None:
        self.state: str | None = None
        self.text = ""
        self.tip = ""
        self.result_text: str | None = None
        self.result_stale = False
        self.result_tip = ""
        self.pulse = 1.0
        self._left = self._right = style.EMPTY_TEXT
        self._left_stale = False

    @property
    def shown(self) -> bool:
        """Whether the node shows the row at all (it has run, or holds a value)."""
        return self.state is not None or self.result_text is not None

    @property
    def right_text(self) -> str:
        """The right-hand text: ``0.12 ms``, ``fused in mul``, ``stale``."""
        if self.result_stale:
            return translate("RunRow", "stale")
        return translate("RunRow", self.text) if self.text else ""  # "fed": a source text

    def set_state(self, state: str | None, text: str, tooltip: str) -> bool:
        """Take a new run state; whether anything changed."""
        if state is not None and state not in RUN_STATES:
            raise ValueError(f"unknown run state {state!r}")
        if (state, text, tooltip) == (self.state, self.text, self.tip):
            return False
        self.state, self.text, self.tip = state, text, tooltip
        self.pulse = 1.0
        return True

    def set_preview(self, text: str | None, stale: bool, tooltip: str) -> bool:
        """Take a new value preview; whether anything changed."""
        if (text, stale, tooltip) == (self.result_text, self.result_stale, self.result_tip):
            return False
        self.result_text, self.result_stale, self.result_tip = text, stale, tooltip
        return True

    def set_stale(self, stale: bool) -> bool:
        """Mark the preview stale or current; whether that changed anything."""
        if stale == self.result_stale:
            return False
        self.result_stale = stale
        return True

    def preview_chars(self, node_width: float) -> int:
        """How many preview-font characters fit beside a time text, once the node has
        grown as wide as a run row may make it."""
        char_w = max(1.0, style.text_width("preview", "0"))
        width = max(node_width, style.RUN_ROW_MAX_WIDTH)
        room = width - _fixed_width(style.text_width("small", TIME_SAMPLE))
        return max(4, int(room / char_w))

    def wanted_width(self) -> float:
        """The width the row would like (capped): a node grows to show its value, never
        for its state or time alone (a run must not push nodes into their links' labels).
        The right text gets at least a typical time's width, so the node does not change
        width from one run to the next as its time does."""
        if self.result_text is None:
            return 0.0
        left = style.text_width("stale" if self.result_stale else "preview", self.result_text)
        right_w = max(style.text_width("small", self.right_text),
                      style.text_width("small", TIME_SAMPLE))
        return float(round(min(style.RUN_ROW_MAX_WIDTH, left + _fixed_width(right_w))))

    def layout(self, width: float) -> None:
        """Elide the row's texts to the node's ``width``. The left text is the value, else
        the state (a failure with its reason); the right one the time, "stale", or what a
        fused op ran in."""
        if not self.shown:
            self._left = self._right = style.EMPTY_TEXT
            return
        pad = style.NODE_PADDING
        right = self.right_text
        room = width - 2 * pad - 2 * style.RUN_DOT_RADIUS - 6.0
        role = "small"
        if self.result_text is not None:
            role = "stale" if self.result_stale else "preview"
            left = self.result_text
        elif self.state == "failed" and right and not self.result_stale:
            left, right = translate("RunRow", "failed: {reason}").format(reason=right), ""
        elif self.state == "running":
            left = translate("RunRow", "running\u2026")
        else:
            left = translate("RunRow", self.state) if self.state else ""
        if right == left:  # "cached" once is enough
            right = ""
        right_w = 0.0
        if right:
            right = style.metrics("small").elidedText(
                right, Qt.TextElideMode.ElideMiddle, room * 0.6
            )
            right_w = style.text_width("small", right) + 8.0
        left = style.metrics(role).elidedText(left, Qt.TextElideMode.ElideRight, room - right_w)
        self._left = style.static_text(left)
        self._left_stale = self.result_stale
        self._right = style.static_text(right) if right else style.EMPTY_TEXT

    def paint(
        self, painter: QPainter, width: float, height: float, top: float, detail: bool
    ) -> None:
        """Draw the row from ``top`` to the bottom of a ``width`` × ``height`` node; the
        dot and texts only at a readable zoom (``detail``)."""
        h = style.RUN_ROW_HEIGHT
        state = self.state
        color = QColor(style.run_color(state) if state is not None else style.NODE_DIM_TEXT)
        if state == "running":  # the canvas ticks the pulse while a node runs
            color.setAlphaF(0.45 + 0.55 * self.pulse)
        elif self.result_stale:
            color.setAlphaF(0.4)
        tint = QColor(color)
        tint.setAlpha(int(tint.alpha() * (style.RUN_ROW_TINT if detail else 200) / 255))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(tint))
        painter.drawPath(_row_path(width, height, top))
        painter.setPen(QPen(style.NODE_BORDER, 1.0))
        painter.drawLine(QPointF(1.0, top), QPointF(width - 1.0, top))
        if not detail:
            return
        pad, r = style.NODE_PADDING, style.RUN_DOT_RADIUS
        mid = top + h / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawEllipse(QPointF(pad, mid), r, r)
        left_x = pad + r + 6.0
        if self.result_text is not None:
            font: QFont = style.stale_preview_font() if self._left_stale else (
                style.preview_font())
            role = "stale" if self._left_stale else "preview"
            painter.setPen(style.STALE_TEXT if self._left_stale else style.NODE_TEXT)
        else:
            font, role = style.small_font(), "small"
            painter.setPen(style.NODE_DIM_TEXT)
        painter.setFont(font)
        painter.drawStaticText(
            QPointF(left_x, mid - style.metrics(role).height() / 2), self._left
        )
        right = self._right.text()
        if right:
            painter.setFont(style.small_font())
            painter.setPen(style.STALE_TEXT if self.result_stale else style.NODE_DIM_TEXT)
            x = width - pad - style.text_width("small", right)
            painter.drawStaticText(
                QPointF(x, mid - style.metrics("small").height() / 2), self._right
            )
