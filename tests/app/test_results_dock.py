"""The Results dock: header, lazy table, plots, slices, statistics, copy, export, big values."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QSpinBox, QTableView
from pytestqt.qtbot import QtBot

import app.value_model as value_model
from app.results_dock import ResultsDock, empty_text
from app.value_format import (
    cell_formatter,
    compute_stats,
    copy_text,
    full_text,
    spec_label,
    tsv_text,
)
from app.value_model import ValueTableModel
from app.value_plots import LINE_MAX_POINTS, envelope


class CountingModel(ValueTableModel):
    """Records which cells the view asked to display."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.asked: list[tuple[int, int]] = []

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            self.asked.append((index.row(), index.column()))
        return super().data(index, role)


class CountingDock(ResultsDock):
    model_class = CountingModel


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    main = QMainWindow()
    qtbot.addWidget(main)
    main.resize(900, 600)
    return main


def _dock(window: QMainWindow, cls: type[ResultsDock] = ResultsDock) -> ResultsDock:
    dock = cls(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.show()
    QApplication.processEvents()
    return dock


@pytest.fixture
def dock(window: QMainWindow) -> ResultsDock:
    return _dock(window)


def stats_text(dock: ResultsDock) -> str:
    return dock.stats_label.text().replace("\u00a0", " ")  # no-break spaces within items


def cell(dock: ResultsDock, row: int, column: int) -> str:
    model = dock.table.model()
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_object_names(dock: ResultsDock) -> None:
    assert dock.objectName() == "resultsDock"
    assert dock.table.objectName() == "resultsTable"
    assert dock.line_plot.objectName() == "resultsPlot"
    assert dock.heatmap.objectName() == "resultsHeatmap"
    assert dock.stats_label.objectName() == "resultsStats"
    assert dock.slice_controls.objectName() == "sliceControls"
    assert isinstance(dock.table, QTableView)


# --- formatting ------------------------------------------------------------------------------
def test_cells_are_formatted_per_dtype() -> None:
    assert cell_formatter(np.dtype(np.int32))(np.int32(-7)) == "-7"
    assert cell_formatter(np.dtype(np.uint64))(np.uint64(2**64 - 1)) == str(2**64 - 1)
    f32 = cell_formatter(np.dtype(np.float32))
    assert f32(np.float32(0.1)) == "0.1"  # float32's own shortest text, not 0.100000001
    assert f32(np.float32(3)) == "3.0"
    assert f32(np.float32(np.nan)) == "nan"
    assert f32(np.float32(-np.inf)) == "-inf"
    assert cell_formatter(np.dtype(np.float64))(np.float64(1e-8)) == "1e-08"
    assert cell_formatter(np.dtype(bool))(np.True_) == "true"
    assert cell_formatter(np.dtype(bool))(np.False_) == "false"
    cplx = cell_formatter(np.dtype(np.complex64))
    assert cplx(np.complex64(1 + 2j)) == "1.0+2.0j"
    assert cplx(np.complex64(1 - 2j)) == "1.0-2.0j"
    assert cell_formatter(np.dtype(object))("γ".encode()) == "γ"


def test_spec_label_matches_the_canvas() -> None:
    assert spec_label(np.zeros((2, 3), np.float32)) == "2×3 float32"
    assert spec_label(np.asarray(np.int32(1))) == "scalar int32"
    assert spec_label(np.array([b"a"], dtype=object)) == "1 string"


# --- empty, scalar, header -------------------------------------------------------------------
def test_none_shows_the_empty_state(dock: ResultsDock) -> None:
    dock.show_value("add:0", np.arange(3))
    dock.show_value("add:0", None)
    assert dock.pages.currentWidget() is dock.empty_label
    assert dock.empty_label.isVisible()
    assert dock.empty_label.text() == empty_text() == "No result yet — press Run"
    assert dock.value is None
    assert not dock.copy_action.isEnabled() and not dock.export_action.isEnabled()
    assert dock.table.model().rowCount() == 0


def test_clear_shows_the_empty_state(dock: ResultsDock) -> None:
    dock.show_value("x", np.ones(4), stale=True)
    dock.clear()
    assert dock.empty_label.isVisible()
    assert not dock.stale_badge.isVisible()
    assert stats_text(dock) == ""


def test_scalar(dock: ResultsDock) -> None:
    dock.show_value("Const:0", np.int32(77), info="computed in 2 ms")
    model = dock.table.model()
    assert (model.rowCount(), model.columnCount()) == (1, 1)
    assert cell(dock, 0, 0) == "77"
    assert dock.name_label.text() == "Const:0"
    assert "int32" in dock.spec_label.text() and "scalar" in dock.spec_label.text()
    assert dock.header_text() == "Const:0  scalar int32  computed in 2 ms"
    assert dock.table.isVisible()
    assert dock.scalar_card.text() == "77"
    alignment = model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_stale_badge(dock: ResultsDock) -> None:
    dock.show_value("mul:0", np.float32(1.5), stale=True)
    assert dock.stale_badge.isVisible()
    assert dock.stale_badge.text() == "stale — the graph changed since this run"
    assert "stale" in dock.header_text()
    dock.set_stale(False)
    assert not dock.stale_badge.isVisible() and not dock.stale
    dock.set_stale(True)
    assert dock.stale_badge.isVisible() and dock.stale
    dock.show_value("mul:0", np.float32(2.5))  # a fresh run
    assert not dock.stale_badge.isVisible()


# --- 1-D -------------------------------------------------------------------------------------
def test_vector_fills_the_table_and_the_line_plot(dock: ResultsDock) -> None:
    values = np.array([0.5, -1.25, 3.0, 0.1], dtype=np.float32)
    dock.show_value("v", values)
    model = dock.table.model()
    assert (model.rowCount(), model.columnCount()) == (4, 1)
    assert [cell(dock, r, 0) for r in range(4)] == ["0.5", "-1.25", "3.0", "0.1"]
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(4)] == list("0123")
    assert dock.line_plot.isVisible() and not dock.heatmap.isVisible()
    np.testing.assert_array_equal(dock.line_plot.curve.yData, values)
    np.testing.assert_array_equal(dock.line_plot.curve.xData, np.arange(4))
    assert dock.spec_label.text() == "4 float32"


def test_line_plot_survives_nan(dock: ResultsDock) -> None:
    values = np.array([1.0, np.nan, 3.0, np.inf, 2.0])
    dock.show_value("v", values)
    np.testing.assert_array_equal(dock.line_plot.curve.yData, values)
    assert cell(dock, 1, 0) == "nan" and cell(dock, 3, 0) == "inf"
    model = dock.table.model()
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert not dock.line_plot.grab().isNull()


def test_bool_and_complex_are_plotted_as_numbers(dock: ResultsDock) -> None:
    dock.show_value("b", np.array([True, False, True]))
    assert [cell(dock, r, 0) for r in range(3)] == ["true", "false", "true"]
    np.testing.assert_array_equal(dock.line_plot.curve.yData, [1, 0, 1])
    assert "0" in dock.plot_caption.text() and "1" in dock.plot_caption.text()

    z = np.array([3 + 4j, 1 - 1j], dtype=np.complex64)
    dock.show_value("z", z)
    assert cell(dock, 0, 0) == "3.0+4.0j" and cell(dock, 1, 0) == "1.0-1.0j"
    np.testing.assert_allclose(dock.line_plot.curve.yData, np.abs(z))
    assert "magnitude" in dock.plot_caption.text()


def test_strings_are_table_only(dock: ResultsDock) -> None:
    dock.show_value("s", np.array([b"alpha", "γ".encode()], dtype=object))
    assert [cell(dock, r, 0) for r in range(2)] == ["alpha", "γ"]
    assert not dock.plot_panel.isVisible()
    assert "text" in stats_text(dock)


def test_long_vector_plots_its_envelope() -> None:
    y = np.zeros(LINE_MAX_POINTS * 3)
    y[12345] = 7.0
    y[400_000] = -2.0
    x, zig, size = envelope(y)
    assert zig.max() == 7.0 and zig.min() == -2.0
    assert x.shape == zig.shape and x.shape[0] <= 2 * 4001
    assert x[0] == 0 and x[-2] <= y.shape[0]


def test_vector_longer_than_a_table_wraps(
    dock: ResultsDock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(value_model, "MAX_TABLE_ROWS", 100)
    values = np.arange(995, dtype=np.int64)  # 100 rows of 10 fit; 995 rows of 1 do not
    dock.show_value("long", values)
    model = dock.table.model()
    assert (model.rowCount(), model.columnCount()) == (100, 10)
    assert model.headerData(3, Qt.Orientation.Vertical) == "30"
    assert model.headerData(4, Qt.Orientation.Horizontal) == "+4"
    assert cell(dock, 3, 4) == "34"
    assert cell(dock, 99, 4) == "994" and cell(dock, 99, 5) == ""
    assert "10 values per row" in dock.table_note.text()


# --- 2-D and slices --------------------------------------------------------------------------
def test_matrix_fills_the_table_and_the_heat_map(dock: ResultsDock) -> None:
    values = np.arange(12, dtype=np.float64).reshape(3, 4) / 4
    dock.show_value("m", values)
    model = dock.table.model()
    assert (model.rowCount(), model.columnCount()) == (3, 4)
    assert cell(dock, 2, 3) == "2.75" and cell(dock, 0, 1) == "0.25"
    assert model.headerData(3, Qt.Orientation.Horizontal) == "3"
    assert dock.heatmap.isVisible() and not dock.line_plot.isVisible()
    np.testing.assert_array_equal(dock.heatmap.image.image, values)
    bar = dock.heatmap.colorbar
    assert isinstance(bar, pg.ColorBarItem) and bar.scene() is dock.heatmap.scene()
    assert bar.levels() == (0.0, 2.75)
    assert dock.plot_caption.text() == ""


def test_heat_map_hover_reads_the_value(dock: ResultsDock) -> None:
    values = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    dock.show_value("t", values)
    dock.set_slice_index((1,))
    dock.heatmap.hovered.emit(2, 1)
    assert dock.plot_caption.text() == "[1, 2, 1] = 21"
    dock.heatmap.hovered.emit(-1, -1)
    assert dock.plot_caption.text() == ""


def test_heat_map_survives_nan_and_inf(dock: ResultsDock) -> None:
    values = np.array([[1.0, np.nan], [np.inf, -2.0]])
    dock.show_value("m", values)
    np.testing.assert_array_equal(dock.heatmap.image.image, values)
    assert dock.heatmap.colorbar.levels() == (-2.0, 1.0)  # finite values only
    assert not dock.heatmap.grab().isNull()


def test_big_matrix_heat_map_is_sampled(dock: ResultsDock) -> None:
    values = np.arange(3000 * 2048, dtype=np.float32).reshape(3000, 2048)
    dock.show_value("m", values)
    image = dock.heatmap.image.image
    assert image.shape == (1000, 1024)
    np.testing.assert_array_equal(image, values[::3, ::2])
    assert "sampled" in dock.plot_caption.text()


def test_rank3_slices(dock: ResultsDock, qtbot: QtBot) -> None:
    values = np.arange(2 * 3 * 4, dtype=np.int32).reshape(2, 3, 4)
    dock.show_value("t", values)
    assert dock.slice_controls.isVisible()
    spins = dock.slice_controls.findChildren(QSpinBox)
    assert len(spins) == 1 and spins[0].maximum() == 1
    model = dock.table.model()
    assert (model.rowCount(), model.columnCount()) == (3, 4)
    assert cell(dock, 0, 0) == "0"
    np.testing.assert_array_equal(dock.heatmap.image.image, values[0])

    spins[0].setValue(1)  # as the user would
    assert dock.slice_index() == (1,)
    assert cell(dock, 0, 0) == "12" and cell(dock, 2, 3) == "23"
    np.testing.assert_array_equal(dock.heatmap.image.image, values[1])
    assert "[1, :, :]" in dock.slice_label.text()
    tooltip = model.data(model.index(2, 3), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "[1, 2, 3] = 23"
    assert dock.export_slice_action.isVisible()

    dock.show_value("v", np.arange(3))  # back to a vector: no slice controls
    assert not dock.slice_controls.isVisible()
    assert not dock.export_slice_action.isVisible()


def test_rank4_slice_index(dock: ResultsDock) -> None:
    values = np.random.default_rng(1).normal(size=(2, 3, 4, 5))
    dock.show_value("t", values)
    dock.set_slice_index((1, 2))
    np.testing.assert_array_equal(dock.shown, values[1, 2])
    np.testing.assert_array_equal(dock.heatmap.image.image, values[1, 2])
    assert cell(dock, 3, 4) == str(values[1, 2, 3, 4])
    # the same shape again (a re-run) keeps the chosen slice
    dock.show_value("t", values * 2)
    assert dock.slice_index() == (1, 2)


def test_empty_arrays(dock: ResultsDock) -> None:
    dock.show_value("e", np.zeros((0, 3), np.float32))
    assert dock.table.model().rowCount() == 0
    assert not dock.plot_panel.isVisible()
    assert stats_text(dock) == "empty: no elements"
    dock.show_value("e", np.zeros((0, 2, 3)))
    assert dock.table.model().rowCount() == 0


# --- statistics ------------------------------------------------------------------------------
def test_statistics_with_nan(dock: ResultsDock) -> None:
    dock.show_value("v", np.array([1.0, np.nan, 3.0, -2.0, np.nan], dtype=np.float32))
    text = stats_text(dock)
    assert text == "5 elements · min -2.0 · max 3.0 · mean 0.666667 · NaN 2"
    stats = dock.stats
    assert stats is not None and stats.nans == 2 and stats.mean == pytest.approx(2 / 3)


def test_statistics_of_ints_bools_and_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    ints = compute_stats(np.array([[3, -4], [10, 7]], dtype=np.int64))
    assert (ints.minimum, ints.maximum, ints.mean) == (-4, 10, 4.0)
    assert "NaN" not in ints.text(np.dtype(np.int64))
    assert compute_stats(np.array([True, False, True])).trues == 2
    monkeypatch.setattr("app.value_format.STATS_CHUNK", 7)
    values = np.random.default_rng(2).normal(size=100)
    values[[5, 50]] = np.nan
    values[60:70] = np.nan  # a whole chunk of NaN
    stats = compute_stats(values)
    assert stats.nans == 12
    assert stats.minimum == np.nanmin(values) and stats.maximum == np.nanmax(values)
    assert stats.mean == pytest.approx(np.nanmean(values))


# --- copy ------------------------------------------------------------------------------------
def test_copy_small_value(dock: ResultsDock) -> None:
    values = np.array([[0.1, 2.0], [np.nan, -3.5]], dtype=np.float32)
    dock.show_value("m", values)
    text = dock.copy_to_clipboard()
    assert QApplication.clipboard().text() == text == "[[ 0.1,  2. ],\n [ nan, -3.5]]"
    assert "Copied 4 values" in dock.message_label.text()


def test_copy_text_full_precision_and_types() -> None:
    assert full_text(np.array([1 / 3])) == "[0.3333333333333333]"
    assert full_text(np.asarray(np.int32(77))) == "77"
    assert full_text(np.array([True, False])) == "[true, false]"
    assert full_text(np.array([b"a", "γ".encode()], dtype=object)) == '["a", "γ"]'
    from engine import parse_value  # copied values paste back into a Const

    assert parse_value(full_text(np.array([[1.5, 2.0], [3.0, 4.0]]))) == [[1.5, 2.0], [3.0, 4.0]]


def test_copy_large_value_copies_the_shown_slice_as_tsv(dock: ResultsDock) -> None:
    values = np.arange(3 * 100 * 50, dtype=np.int32).reshape(3, 100, 50)
    dock.show_value("t", values)
    dock.set_slice_index((2,))
    text = dock.copy_to_clipboard()
    assert text == QApplication.clipboard().text()
    lines = text.splitlines()
    assert len(lines) == 100
    assert lines[0].split("\t") == [str(v) for v in values[2, 0]]
    assert "shown slice" in dock.message_label.text()
    assert tsv_text(np.array([1.5, 2.0])) == "1.5\n2.0\n"


def test_copy_too_large_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.value_format.COPY_TSV_LIMIT", 100)
    big = np.zeros((200, 200))
    text, message = copy_text(big, big)
    assert text is None and "Export" in message


def test_copy_selection(dock: ResultsDock) -> None:
    dock.show_value("m", np.arange(12).reshape(3, 4))
    model = dock.table.model()
    selection = dock.table.selectionModel()
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection.select(
        QItemSelection(model.index(1, 1), model.index(2, 2)),
        QItemSelectionModel.SelectionFlag.Select,
    )
    assert dock.copy_selection() == "5\t6\n9\t10\n"
    assert QApplication.clipboard().text() == "5\t6\n9\t10\n"


# --- export ----------------------------------------------------------------------------------
def test_export_npy_round_trips(dock: ResultsDock, tmp_path: Path) -> None:
    values = np.array([[0.1, np.nan], [np.inf, -0.0]], dtype=np.float32)
    dock.show_value("mul:0", values)
    asked: list[str] = []

    def choose(suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "out")  # no extension: .npy is added

    dock.choose_export_path = choose
    assert dock.export()
    assert asked == ["mul_0.npy"]
    loaded = np.load(tmp_path / "out.npy", allow_pickle=False)
    assert loaded.dtype == np.float32
    np.testing.assert_array_equal(loaded, values)
    assert np.signbit(loaded[1, 1])
    assert "out.npy" in dock.message_label.text()


def test_export_npy_of_strings_needs_no_pickle(dock: ResultsDock, tmp_path: Path) -> None:
    dock.show_value("s", np.array([b"ab", b"c"], dtype=object))
    assert dock.export(str(tmp_path / "s.npy"))
    loaded = np.load(tmp_path / "s.npy", allow_pickle=False)
    assert loaded.tolist() == [b"ab", b"c"]


def test_export_csv(dock: ResultsDock, tmp_path: Path) -> None:
    values = np.array([[1.5, 0.1, -2.0], [np.nan, 4.0, 1e-08]])
    dock.show_value("m", values)
    dock.choose_export_path = lambda suggested: str(tmp_path / "m.csv")
    assert dock.export()
    with open(tmp_path / "m.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [["1.5", "0.1", "-2.0"], ["nan", "4.0", "1e-08"]]
    np.testing.assert_array_equal(np.loadtxt(tmp_path / "m.csv", delimiter=","), values)

    dock.show_value("v", np.array([3, 4], dtype=np.int32))
    assert dock.export(str(tmp_path / "v.csv"))
    assert (tmp_path / "v.csv").read_text() == "3\n4\n"
    dock.show_value("s", np.int32(77))
    assert dock.export(str(tmp_path / "s.csv"))
    assert (tmp_path / "s.csv").read_text() == "77\n"


def test_export_csv_refuses_more_than_2d_unless_the_slice(
    dock: ResultsDock, tmp_path: Path
) -> None:
    values = np.arange(2 * 2 * 3).reshape(2, 2, 3)
    dock.show_value("t", values)
    assert not dock.export(str(tmp_path / "t.csv"))
    assert not (tmp_path / "t.csv").exists()
    assert "at most 2 dimensions" in dock.message_label.text()
    dock.set_slice_index((1,))
    chosen: list[str] = []
    dock.choose_export_path = lambda s: chosen.append(s) or str(tmp_path / "slice.csv")
    assert dock.export(shown_slice=True)
    assert chosen == ["t_1.npy"]
    assert (tmp_path / "slice.csv").read_text() == "6,7,8\n9,10,11\n"
    assert dock.export(str(tmp_path / "t.npy"))  # .npy takes any rank
    np.testing.assert_array_equal(np.load(tmp_path / "t.npy"), values)


def test_export_cancelled_or_failing(dock: ResultsDock, tmp_path: Path) -> None:
    dock.show_value("v", np.arange(3))
    dock.choose_export_path = lambda suggested: None
    assert not dock.export()
    assert not dock.export(str(tmp_path / "missing" / "v.npy"))
    assert "Could not export" in dock.message_label.text()


# --- big values ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hundred_million() -> np.ndarray:
    """10⁸ float32 (400 MB of mostly untouched zero pages) with a few values set."""
    values = np.zeros((10_000, 10_000), dtype=np.float32)
    values[0, :5] = [1.5, -2.0, np.nan, 4.0, 0.25]
    values[9_999, 9_999] = 8.0
    return values


def test_hundred_million_elements_open_fast_and_lazily(
    window: QMainWindow, hundred_million: np.ndarray
) -> None:
    dock = _dock(window, CountingDock)
    model = dock.model
    assert isinstance(model, CountingModel)
    start = time.perf_counter()
    dock.show_value("big:0", hundred_million)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"show_value took {elapsed:.2f} s"
    model.asked.clear()
    dock.table.viewport().repaint()
    window.grab()
    viewport = dock.table.viewport()
    visible_rows = dock.table.rowAt(viewport.height() - 1) + 1 or model.rowCount()
    visible_cols = dock.table.columnAt(viewport.width() - 1) + 1 or model.columnCount()
    assert model.asked, "the table painted no cells"
    assert len(set(model.asked)) <= visible_rows * visible_cols
    assert max(r for r, _ in model.asked) < visible_rows
    assert max(c for _, c in model.asked) < visible_cols
    assert (model.rowCount(), model.columnCount()) == (10_000, 10_000)
    assert cell(dock, 0, 2) == "nan" and cell(dock, 9_999, 9_999) == "8.0"
    stats = stats_text(dock)
    assert stats.startswith("100,000,000 elements · min -2.0 · max 8.0")
    assert stats.endswith("NaN 1")
    assert dock.heatmap.image.image.shape == (1000, 1000)


def test_hundred_million_set_model_and_paint(qtbot: QtBot, hundred_million: np.ndarray) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    model = CountingModel()
    model.set_array(hundred_million)
    start = time.perf_counter()
    view.setModel(model)
    view.grab()
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"setModel + paint took {elapsed:.2f} s"
    assert 0 < len(model.asked) < 2_000
