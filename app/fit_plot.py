"""The Train dock's *Fit* tab (``fitPlot``): for a model of one input feature and one
target (a line or curve fitted to points), the data points and the model's prediction
across their range.

Why only then: a scatter of (x, y) says something at a glance only in one dimension; for
images or many features the loss plot is the picture. ``fit_inputs`` decides from the
setup — the Predict output needs exactly one bound placeholder of one feature, and one
other bound placeholder of one feature is the target — and the dock shows the tab only
when it finds them. The curve is computed when training ends or stops (the session is the
training thread's while it runs), on ``CURVE_POINTS`` evenly spaced inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from app.train_setup import TrainSetup
from editor.i18n import tr
from engine import DataFileError, Graph, Session, Tensor, read_data

#: inputs the fitted curve is computed at
CURVE_POINTS = 200
#: points drawn at most (a random, seeded sample of larger files)
MAX_POINTS = 5000
POINT_COLOR = (47, 116, 181, 110)
CURVE_COLOR = "#d9822b"



@dataclass
class FitInputs:
    """The input placeholder, the output to plot and the points (x, y) from the files."""

    x: Tensor
    output: Tensor
    points_x: np.ndarray
    points_y: np.ndarray


def _one_feature(array: np.ndarray) -> np.ndarray | None:
    if array.ndim == 1 or (array.ndim == 2 and array.shape[1] == 1):
        return np.asarray(array, np.float64).reshape(-1)
    return None


def fit_inputs(graph: Graph, setup: TrainSetup) -> FitInputs | None:
    """What the Fit tab plots for this setup, or None when it does not fit one input and
    one target of one feature each."""
    if not setup.predict or setup.predict not in graph:
        return None
    output_op = graph.get_operation_by_name(setup.predict)
    if not output_op.outputs:
        return None
    feeds = [op.name for op in graph.upstream([output_op])
             if op.type == "Placeholder" and op.name in setup.data]
    targets = [name for name in setup.data if name not in feeds]
    if len(feeds) != 1 or len(targets) != 1:
        return None
    try:
        xs = _one_feature(read_data(setup.data[feeds[0]]))
        ys = _one_feature(read_data(setup.data[targets[0]]))
    except DataFileError:
        return None
    if xs is None or ys is None or len(xs) != len(ys) or not len(xs):
        return None
    if len(xs) > MAX_POINTS:
        pick = np.random.default_rng(0).choice(len(xs), MAX_POINTS, replace=False)
        xs, ys = xs[pick], ys[pick]
    x_op = graph.get_operation_by_name(feeds[0])
    return FitInputs(x_op.outputs[0], output_op.outputs[0], xs, ys)


def curve(session: Session, fit: FitInputs) -> tuple[np.ndarray, np.ndarray]:
    """The output at ``CURVE_POINTS`` inputs spanning the points' range."""
    low, high = float(fit.points_x.min()), float(fit.points_x.max())
    grid = np.linspace(low, high, CURVE_POINTS)
    spec = fit.x.spec
    assert spec is not None
    rank = spec.shape.rank
    fed = grid.reshape(-1, 1) if rank == 2 else grid
    value = session.run(fit.output, {fit.x: fed.astype(spec.dtype.np_dtype)})
    return grid, np.asarray(value, np.float64).reshape(-1)


class FitPlot(pg.PlotWidget):
    """Points and the fitted curve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("fitPlot")
        self.setMinimumSize(240, 120)
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.2)
        item.addLegend(offset=(10, 10))
        self.points = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(*POINT_COLOR),
                                         name=tr("data"))
        item.addItem(self.points)
        self.line = item.plot(pen=pg.mkPen(CURVE_COLOR, width=2), name=tr("model"))

    def show_points(self, fit: FitInputs) -> None:
        item = self.getPlotItem()
        item.setLabel("bottom", fit.x.op.name)
        item.setLabel("left", fit.output.op.name)
        self.points.setData(fit.points_x, fit.points_y)
        self.line.setData([], [])

    def show_curve(self, xs: np.ndarray, ys: np.ndarray) -> None:
        self.line.setData(xs, ys)

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.line.getData()
        return (np.asarray(x) if x is not None else np.empty(0),
                np.asarray(y) if y is not None else np.empty(0))
