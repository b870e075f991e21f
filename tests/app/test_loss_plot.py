"""The Train dock's loss plot: its legend and right axis name only the curves a run
has points for."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.loss_plot import LossPlot
from engine import StepRecord


def _legend(plot: LossPlot) -> list[str]:
    return [label.text for _sample, label in plot.legend.items]


def _plot(qtbot: QtBot) -> LossPlot:
    plot = LossPlot()
    qtbot.addWidget(plot)
    return plot


def test_a_run_without_validation_or_metric_lists_only_the_training_loss(
        qtbot: QtBot) -> None:
    plot = _plot(qtbot)
    plot.add_records([StepRecord(step=i, epoch=0, loss=1.0 / (i + 1)) for i in range(5)])
    assert _legend(plot) == ["training loss"]
    assert not plot.getPlotItem().getAxis("right").isVisible()


def test_validation_loss_joins_the_legend_once_it_has_a_point(qtbot: QtBot) -> None:
    plot = _plot(qtbot)
    plot.add_records([StepRecord(step=1, epoch=0, loss=2.0)])
    plot.add_records([StepRecord(step=2, epoch=0, loss=1.0, val_loss=1.5)])
    assert _legend(plot) == ["training loss", "validation loss"]


def test_a_metric_shows_its_legend_entry_and_the_right_axis(qtbot: QtBot) -> None:
    plot = _plot(qtbot)
    plot.show()
    plot.add_records([StepRecord(step=1, epoch=0, loss=2.0, metric=0.5, val_loss=2.1,
                                 val_metric=0.4)])
    assert _legend(plot) == ["training loss", "validation loss", "metric",
                             "validation metric"]
    assert plot.getPlotItem().getAxis("right").isVisible()


def test_clearing_the_history_takes_the_entries_of_the_last_run_away(qtbot: QtBot) -> None:
    plot = _plot(qtbot)
    plot.add_records([StepRecord(step=1, epoch=0, loss=2.0, metric=0.5, val_loss=2.1)])
    plot.clear_history()
    assert _legend(plot) == ["training loss"]
