"""Colours, fonts and metrics of the canvas, in one place.

Why one module: node, port, edge and view items must agree on sizes (ports sit on
the node's edge, labels fit their pills) and on the palette, and a designer should
be able to retune the look without reading paint code. Fonts are created lazily
because a QFont needs a QGuiApplication, while importing this module must not.
"""

from __future__ import annotations

from functools import cache, lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QStaticText
from PySide6.QtWidgets import QApplication

# --- canvas ----------------------------------------------------------------------------------
BACKGROUND = QColor("#23252a")
GRID_MINOR = QColor("#2a2d33")
GRID_MAJOR = QColor("#32353c")
GRID_STEP = 20.0
GRID_MAJOR_EVERY = 5

# --- nodes -----------------------------------------------------------------------------------
NODE_BODY = QColor("#393c43")
NODE_BORDER = QColor("#17181b")
NODE_HOVER_BORDER = QColor("#8a8f99")
NODE_TEXT = QColor("#e8e9ec")
NODE_DIM_TEXT = QColor("#a9adb6")
HEADER_TEXT = QColor("#ffffff")
SELECTION = QColor("#f2b84b")
ERROR = QColor("#ef4b4f")
WARNING = QColor("#e7a531")
#: error kinds drawn as warnings: the node is fine, it is only waiting for something
WARNING_KINDS = frozenset({"unwired", "upstream"})

CATEGORY_COLORS: dict[str, QColor] = {
    "Inputs": QColor("#2f74b5"),
    "Arithmetic": QColor("#2f8a5e"),
    "Comparison": QColor("#a8702a"),
    "Elementwise": QColor("#7255b8"),
    "Linear algebra": QColor("#b2466f"),
    "Array": QColor("#3f8791"),
    "State": QColor("#b5652f"),
    "Training": QColor("#8a6d2f"),
}
#: op types whose value belongs to the session, not the graph: drawn with a second,
#: inner border in their header's colour (a Variable next to a Const reads as "kept")
STATEFUL_LOOK_TYPES = frozenset({"VariableV2", "VarHandleOp"})
DEFAULT_CATEGORY_COLOR = QColor("#5f6673")

NODE_MIN_WIDTH = 124.0
HEADER_HEIGHT = 24.0
ROW_HEIGHT = 20.0
NODE_PADDING = 10.0
NODE_BOTTOM_PADDING = 6.0
NODE_RADIUS = 6.0
BADGE_RADIUS = 8.0
#: the row a node grows at its bottom once it has run: state dot, value preview, time
RUN_ROW_HEIGHT = 20.0
RUN_DOT_RADIUS = 4.0
#: a node grows up to this wide to show its value preview (longer ones are cut)
RUN_ROW_MAX_WIDTH = 250.0
TITLE_MAX_CHARS = 28
PREVIEW_MAX_CHARS = 26

# --- run states (see NodeItem.set_run_state) ---------------------------------------------------
RUN_COLORS: dict[str, QColor] = {
    "waiting": QColor("#8a8f99"),
    "running": QColor("#3d8bfd"),
    "done": QColor("#3fb950"),
    "cached": QColor("#26b5a6"),
    "failed": ERROR,
}
#: how strongly the run row is tinted with its state's colour (0–255)
RUN_ROW_TINT = 46
STALE_TEXT = QColor("#8a8f99")


def run_color(state: str) -> QColor:
    return RUN_COLORS.get(state, RUN_COLORS["waiting"])


# --- ports -----------------------------------------------------------------------------------
PORT_RADIUS = 5.0
#: ports are easier to hit than to see
PORT_HIT_RADIUS = 9.0
PORT_FILL = QColor("#c7cbd3")
PORT_EMPTY = QColor("#2a2c31")
PORT_HOVER = QColor("#f2b84b")

# --- edges -----------------------------------------------------------------------------------
EDGE = QColor("#aab0ba")
EDGE_INVALID = QColor("#6d717a")
EDGE_SELECTED = QColor("#f2b84b")
#: a link's width in screen pixels (cosmetic pens): one pixel, which Qt's fast stroker
#: draws several times faster than a wider antialiased line, until zoomed in (see edge_px)
EDGE_WIDTH = 1.0


def edge_px(zoom: float) -> float:
    """Links' pen width at ``zoom``: thin and fast when many are on screen, thicker when
    zoomed in (few are, and big nodes want stronger lines)."""
    if zoom < 1.4:
        return EDGE_WIDTH
    return 1.5 if zoom < 2.4 else 2.0
EDGE_HIT_WIDTH = 10.0
LABEL_FILL = QColor("#2e3137")
LABEL_BORDER = QColor("#4a4e57")
LABEL_TEXT = QColor("#dfe2e7")
LABEL_MAX_CHARS = 30
LABEL_PAD_X = 6.0
LABEL_HEIGHT = 17.0
WIRE = QColor("#f2b84b")

#: below this zoom, text is unreadable anyway: items draw simplified shapes (fast)
DETAIL_LOD = 0.45
#: below this zoom, port dots are smaller than a pixel or two: not drawn
PORT_LOD = 0.25
#: below this zoom, nodes are plain coloured rectangles (see NodeItem.set_overview)
OVERVIEW_LOD = 0.3


def _base_point_size() -> float:
    app = QApplication.instance()
    size = app.font().pointSizeF() if isinstance(app, QApplication) else 9.0
    return size if size > 0 else 9.0


@cache
def title_font() -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(_base_point_size())
    font.setBold(True)
    return font


@cache
def small_font() -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(max(7.0, _base_point_size() - 1.0))
    return font


@cache
def preview_font() -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(max(7.0, _base_point_size() - 1.0))
    return font


@cache
def stale_preview_font() -> QFont:
    """Stale values are drawn italic (and dimmed), so they read as "not current"."""
    font = QFont(preview_font())
    font.setItalic(True)
    return font


@cache
def badge_font() -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(max(7.0, _base_point_size() - 1.0))
    font.setBold(True)
    return font


@cache
def metrics(font_name: str) -> QFontMetricsF:
    """Font metrics by font role (``title``, ``small``, ``preview``, ``stale``), computed
    once."""
    fonts = {"title": title_font, "small": small_font, "preview": preview_font,
             "stale": stale_preview_font}
    return QFontMetricsF(fonts[font_name]())


@lru_cache(maxsize=2048)
def text_width(font_name: str, text: str) -> float:
    """Advance width of ``text`` in a font role; cached, since types, port names and
    labels repeat across thousands of items and measuring is a large part of building
    them (op names do not repeat: a larger cache would hold a large graph's names only)."""
    return metrics(font_name).horizontalAdvance(text)


@lru_cache(maxsize=4096)
def static_text(text: str) -> QStaticText:
    """``text`` laid out once as plain text: items measure and lay out their texts when
    they change and paint these, so painting lays out nothing. Shared by every item that
    shows the same text (types, port names, attribute previews repeat over thousands of
    nodes), so no caller may change the one it gets."""
    static = QStaticText(text)
    static.setTextFormat(_PLAIN_TEXT)
    static.setPerformanceHint(_AGGRESSIVE)
    return static


_PLAIN_TEXT = Qt.TextFormat.PlainText
_AGGRESSIVE = QStaticText.PerformanceHint.AggressiveCaching


#: the text of an item that shows none (shared: it is never changed)
EMPTY_TEXT = QStaticText()


def category_color(category: str) -> QColor:
    return CATEGORY_COLORS.get(category, DEFAULT_CATEGORY_COLOR)
