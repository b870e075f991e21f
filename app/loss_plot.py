"""The Train dock's live plot (``lossPlot``): training and validation loss, and the metric,
against the step.

Why it keeps its own growing arrays: the dock hands it a few dozen new records a few times
a second; appending into preallocated numpy arrays (doubled when full) and calling
``setData`` on views of them costs the same at step 100 and at step 100,000, and pyqtgraph
thins what it draws to the plot's width (``autoDownsample``, ``clipToView``), so a long run
never slows the GUI — nor, through the GIL, the training thread.

Why the metric has its own axis on the right: a loss of 2.3 and an accuracy of 0.9 share no
useful scale.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from editor.i18n import tr
from engine import StepRecord

TRAIN_COLOR = "#2f74b5"
VAL_COLOR = "#d9822b"
METRIC_COLOR = "#3a9a5b"
VAL_METRIC_COLOR = "#9a3a8a"



class _Series:
    """x and y values that grow, in arrays doubled when full."""

    def __init__(self) -> None:
        self.x = np.empty(1024)
        self.y = np.empty(1024)
        self.n = 0

    def extend(self, xs: list[float], ys: list[float]) -> None:
        need = self.n + len(xs)
        if need > len(self.x):
            size = max(need, 2 * len(self.x))
            self.x = np.resize(self.x, size)
            self.y = np.resize(self.y, size)
        self.x[self.n:need] = xs
        self.y[self.n:need] = ys
        self.n = need

    def clear(self) -> None:
        self.n = 0

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x[:self.n], self.y[:self.n]


class LossPlot(pg.PlotWidget):
    """Loss (left axis, optionally log-scaled) and metric (right axis) against the step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("lossPlot")
        self.setMinimumSize(240, 120)
        item = self.getPlotItem()
        # no grid: pyqtgraph draws it as part of each axis, a translucent full-plot picture
        # replayed at every redraw (30 ms a frame on a raster surface)
        item.setLabel("bottom", tr("step"))
        item.setLabel("left", tr("loss"))
        self.legend = item.addLegend(offset=(-10, 10))
        self.series = {k: _Series() for k in ("loss", "val_loss", "metric", "val_metric")}
        self.curves = {
            "loss": item.plot(pen=pg.mkPen(TRAIN_COLOR, width=1.5), name=tr("training loss")),
            # no point symbols: a scatter item's setData costs more than the curve's
            "val_loss": item.plot(pen=pg.mkPen(VAL_COLOR, width=2.0),
                                  name=tr("validation loss")),
        }
        for curve in self.curves.values():
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
        # the metric on a second view box, scaled on its own, with the right axis
        self.metric_box = pg.ViewBox()
        item.showAxis("right")
        item.scene().addItem(self.metric_box)
        item.getAxis("right").linkToView(self.metric_box)
        item.getAxis("right").setLabel(tr("metric"))
        self.metric_box.setXLink(item)
        item.getViewBox().sigResized.connect(self._sync_boxes)
        for key, color, name in (("metric", METRIC_COLOR, tr("metric")),
                                 ("val_metric", VAL_METRIC_COLOR, tr("validation metric"))):
            curve = pg.PlotDataItem(pen=pg.mkPen(color, width=1.2, style=Qt.PenStyle.DashLine),
                                    name=name)
            self.metric_box.addItem(curve)
            self.curves[key] = curve
        self.names = {key: curve.name() for key, curve in self.curves.items()}
        self._listed: tuple[str, ...] = ()
        self._show_plotted()
        self.log_scale = False

    def _show_plotted(self) -> None:
        """The legend names, and the right axis is shown for, only the curves that have
        points: a run with no validation data or no metric is not shown three empty
        entries and a metric axis without a metric. Redone only when that set changes."""
        plotted = tuple(key for key in self.curves
                        if key == "loss" or self.series[key].n)
        if plotted == self._listed:
            return
        self._listed = plotted
        self.legend.clear()
        for key in plotted:
            self.legend.addItem(self.curves[key], self.names[key])
        item = self.getPlotItem()
        if "metric" in plotted or "val_metric" in plotted:
            item.showAxis("right")
        else:
            item.hideAxis("right")

    def _sync_boxes(self) -> None:
        self.metric_box.setGeometry(self.getPlotItem().getViewBox().sceneBoundingRect())

    def clear_history(self) -> None:
        for series in self.series.values():
            series.clear()
        for curve in self.curves.values():
            curve.setData([], [])
        self._show_plotted()

    def add_records(self, records: list[StepRecord]) -> None:
        """Append these steps and redraw once."""
        if not records:
            return
        steps = [float(r.step) for r in records]
        self.series["loss"].extend(steps, [r.loss for r in records])
        for key in ("metric", "val_loss", "val_metric"):
            pairs = [(float(r.step), getattr(r, key)) for r in records
                     if getattr(r, key) is not None]
            if pairs:
                self.series[key].extend([p[0] for p in pairs], [p[1] for p in pairs])
        for key, series in self.series.items():
            if series.n:
                x, y = series.data()
                self.curves[key].setData(x, y)
        self._show_plotted()

    def set_log_scale(self, on: bool) -> None:
        """Loss on a logarithmic axis (the metric's axis stays linear)."""
        self.log_scale = bool(on)
        self.getPlotItem().setLogMode(x=False, y=self.log_scale)

    def points(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """The (steps, values) plotted for ``key``: loss, val_loss, metric or val_metric."""
        x, y = self.series[key].data()
        return x.copy(), y.copy()

    def export_png(self, path: str) -> None:
        """Save the plot as a PNG image of its size on screen (at least 800 pixels wide)."""
        exporter = pyqtgraph.exporters.ImageExporter(self.getPlotItem())
        exporter.parameters()["width"] = max(800, self.width())
        exporter.export(path)
