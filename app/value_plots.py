"""The Results dock's plots: a line plot of a vector, a heat map of a matrix.

What is plotted: bools as 0/1, complex values as their magnitude |z|, everything else as
float. NaNs leave a gap in the line and a blank (background) pixel in the heat map.

Why the data is reduced here rather than by pyqtgraph: pyqtgraph first copies and
converts what it is given (and makes an ``arange`` of x values), which for 10⁸ elements
is seconds and gigabytes. A long vector is reduced to the min and max of each of a few
thousand buckets (its envelope, so spikes stay visible); a big matrix is sampled with a
stride so that neither side exceeds :data:`HEATMAP_MAX_SIDE`. The caption says so.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

from app.value_format import value_kind
from editor.i18n import translate

#: vectors up to this length are plotted point by point
LINE_MAX_POINTS = 200_000
#: longer vectors are drawn as the min/max envelope of this many buckets
LINE_BUCKETS = 4_000
#: vectors up to this length also get a marker on each value
LINE_MARKERS_UP_TO = 60
#: lines of up to this many points are drawn thicker (wide pens are slow to stroke)
THICK_LINE_UP_TO = 2_000
#: a heat map's image has at most this many pixels on a side
HEATMAP_MAX_SIDE = 1024
#: plots are never squeezed below this height (the dock grows instead): a few rows of
#: ticks and the axis labels must fit
MIN_PLOT_HEIGHT = 120

LINE_COLOR = "#2f74b5"
AXIS_COLOR = "#5f6673"
TEXT_COLOR = "#3a3d44"
COLOR_MAP = "viridis"


def plot_values(array: np.ndarray) -> tuple[np.ndarray, str]:
    """``array`` as numbers to plot, and what was changed to get them ('' if nothing)."""
    kind = value_kind(array.dtype)
    if kind == "bool":
        return array.astype(np.float32), translate("ValuePlots", "false = 0, true = 1")
    if kind == "complex":
        return np.abs(array), translate("ValuePlots", "magnitude |z| of complex values")
    if array.dtype in (np.float32, np.float64):
        return array, ""
    return array.astype(np.float64), ""


def is_plottable(array: np.ndarray) -> bool:
    return value_kind(array.dtype) in ("bool", "int", "uint", "float", "complex")


def envelope(y: np.ndarray, buckets: int = LINE_BUCKETS) -> tuple[np.ndarray, np.ndarray, int]:
    """The min and max of each bucket of ``y``, as a zig-zag line: ``(x, y, bucket size)``."""
    n = y.shape[0]
    size = math.ceil(n / buckets)
    full = n // size * size
    blocks = y[:full].reshape(-1, size)
    lows, highs = np.fmin.reduce(blocks, axis=1), np.fmax.reduce(blocks, axis=1)
    if full < n:
        tail = y[full:]
        lows = np.append(lows, np.fmin.reduce(tail))
        highs = np.append(highs, np.fmax.reduce(tail))
    starts = np.arange(lows.shape[0], dtype=np.float64) * size
    x = np.repeat(starts, 2)
    x[1::2] += size / 2
    zig = np.empty(x.shape[0], dtype=np.float64)
    zig[0::2], zig[1::2] = lows, highs
    return x, zig, size


def stride_for(shape: tuple[int, ...], max_side: int = HEATMAP_MAX_SIDE) -> tuple[int, ...]:
    return tuple(max(1, math.ceil(d / max_side)) for d in shape)


def finite_range(data: np.ndarray) -> tuple[float, float]:
    """Colour levels for ``data``: its finite min and max, widened when they are equal."""
    finite = data[np.isfinite(data)] if data.size else data
    if finite.size == 0:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    if lo == hi:
        pad = abs(lo) * 0.5 or 0.5
        return lo - pad, hi + pad
    return lo, hi


#: the fewest pixels between two tick labels of a heat map's axes (beyond the text itself)
TICK_GAP_PX = 6
#: tick steps a heat map's axes choose from (times powers of ten): whole cells only
_STEPS = (1, 2, 5)


class CellAxis(pg.AxisItem):
    """A heat map's axis: ticks on whole cells (a cell's centre is its index), as many as
    fit without their labels touching, and the indices as they are (no SI prefix, which
    made a 2×1 value's single column read "−500 … 500 (x0.001)")."""

    def __init__(self, orientation: str, **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)

    def _label_px(self, hi: int) -> float:
        """The pixels one tick label takes along the axis (the widest index, on x)."""
        metrics = QFontMetrics(self.style.get("tickFont") or self.font())
        if self.orientation in ("left", "right"):
            return metrics.height() + TICK_GAP_PX
        return metrics.horizontalAdvance(str(hi)) + 2 * TICK_GAP_PX

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:  # noqa: N802
        minVal, maxVal = min(minVal, maxVal), max(minVal, maxVal)  # rows run downwards
        lo, hi = math.ceil(minVal), math.floor(maxVal)
        if hi < lo or size <= 0 or maxVal <= minVal:
            return []
        per_cell = size / (maxVal - minVal)  # pixels per index
        need = self._label_px(max(abs(lo), abs(hi)))
        step = 1
        for power in range(12):
            step = next((m * 10**power for m in _STEPS if m * 10**power * per_cell >= need),
                        0)
            if step:
                break
        step = max(step, 1)
        first = math.ceil(lo / step) * step
        return [(float(step), [float(v) for v in range(first, hi + 1, step)])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [str(int(round(v))) for v in values]


def _style_plot(widget: pg.PlotWidget) -> None:
    item = widget.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(AXIS_COLOR))
        axis.setTextPen(pg.mkPen(TEXT_COLOR))
    item.getViewBox().setMenuEnabled(False)
    item.hideButtons()


def _background() -> QColor:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().color(QPalette.ColorRole.Base)
    return QColor("white")


class LinePlot(pg.PlotWidget):
    """A vector as a line (index on x), objectName ``resultsPlot``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent, background=_background())
        self.setObjectName("resultsPlot")
        self.setMinimumHeight(MIN_PLOT_HEIGHT)
        _style_plot(self)
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.18)
        item.setLabel("bottom", translate("ValuePlots", "index"), color=TEXT_COLOR)
        self.curve = pg.PlotDataItem(
            pen=pg.mkPen(LINE_COLOR, width=1.6),
            connect="finite",
            antialias=True,
        )
        self.curve.setClipToView(True)
        self.curve.setDownsampling(auto=True, method="peak")
        item.addItem(self.curve)
        self.note = ""

    def show_array(self, array: np.ndarray) -> str:
        """Plot a 1-D ``array``; returns a caption ('' when it is plotted as is)."""
        y, note = plot_values(array)
        n = y.shape[0]
        notes = [note] if note else []
        if n > LINE_MAX_POINTS:
            x, y, size = envelope(y)
            notes.append(translate("ValuePlots", "min/max of every {count} values").format(
                count=f"{size:,}"))
        else:
            x = np.arange(n, dtype=np.float64)
        markers = 0 < n <= LINE_MARKERS_UP_TO
        # a pen wider than 1 pixel is stroked in software: seconds for thousands of points
        width = 1.6 if x.shape[0] <= THICK_LINE_UP_TO else 1.0
        self.curve.setPen(pg.mkPen(LINE_COLOR, width=width))
        self.curve.setData(
            x,
            y,
            symbol="o" if markers else None,
            symbolSize=5,
            symbolPen=pg.mkPen(LINE_COLOR),
            symbolBrush=pg.mkBrush(LINE_COLOR),
        )
        self.getPlotItem().enableAutoRange()
        self.note = ", ".join(notes)
        return self.note


class HeatMap(pg.PlotWidget):
    """A matrix as an image (row 0 at the top) with a colour bar, objectName
    ``resultsHeatmap``. ``hovered`` sends (row, column) of the element under the mouse,
    or (-1, -1) when it leaves the image."""

    hovered = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent, background=_background(),
                         axisItems={"left": CellAxis("left"), "bottom": CellAxis("bottom")})
        self.setObjectName("resultsHeatmap")
        self.setMinimumHeight(MIN_PLOT_HEIGHT)
        _style_plot(self)
        item = self.getPlotItem()
        item.invertY(True)
        item.setLabel("bottom", translate("ValuePlots", "column"), color=TEXT_COLOR)
        item.setLabel("left", translate("ValuePlots", "row"), color=TEXT_COLOR)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setAutoDownsample(True)
        item.addItem(self.image)
        self.colorbar = pg.ColorBarItem(colorMap=COLOR_MAP, width=16, interactive=False)
        self.colorbar.axis.setPen(pg.mkPen(AXIS_COLOR))
        self.colorbar.axis.setTextPen(pg.mkPen(TEXT_COLOR))
        self.colorbar.setImageItem(self.image, insert_in=item)
        self.shape: tuple[int, int] = (0, 0)
        self.stride: tuple[int, ...] = (1, 1)
        self.note = ""
        self.scene().sigMouseMoved.connect(self._mouse_moved)

    def show_array(self, array: np.ndarray) -> str:
        """Show a 2-D ``array``; returns a caption ('' when it is shown as is)."""
        self.shape = (int(array.shape[0]), int(array.shape[1]))
        self.stride = stride_for(self.shape)
        rs, cs = self.stride
        sampled = array[::rs, ::cs] if (rs, cs) != (1, 1) else array
        data, note = plot_values(sampled)
        notes = [note] if note else []
        if (rs, cs) != (1, 1):
            notes.append(translate("ValuePlots", "sampled every {rows}×{columns} elements")
                         .format(rows=f"{rs:,}", columns=f"{cs:,}"))
        lo, hi = finite_range(data)
        self.image.setImage(data, autoLevels=False, levels=(lo, hi))
        rows, cols = self.shape
        self.image.setRect(QRectF(-0.5, -0.5, max(cols, 1), max(rows, 1)))
        self.colorbar.setLevels((lo, hi))
        item = self.getPlotItem()
        item.getViewBox().setLimits(
            xMin=-0.5 - cols, xMax=2 * cols + 0.5, yMin=-0.5 - rows, yMax=2 * rows + 0.5
        )
        item.setRange(xRange=(-0.5, cols - 0.5), yRange=(-0.5, rows - 0.5), padding=0.02)
        self.note = ", ".join(notes)
        return self.note

    def _mouse_moved(self, pos: QPointF) -> None:
        view = self.getPlotItem().getViewBox()
        rows, cols = self.shape
        if not view.sceneBoundingRect().contains(pos):
            self.hovered.emit(-1, -1)
            return
        point = view.mapSceneToView(pos)
        row, col = math.floor(point.y() + 0.5), math.floor(point.x() + 0.5)
        if 0 <= row < rows and 0 <= col < cols:
            self.hovered.emit(row, col)
        else:
            self.hovered.emit(-1, -1)
