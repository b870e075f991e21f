"""The Results dock: the value a run computed for the selected node, in full.

The run controller calls :meth:`ResultsDock.show_value` with a node's (or tensor's) name
and its numpy value, :meth:`~ResultsDock.set_stale` when the graph changes after a run,
and :meth:`~ResultsDock.clear` when there is nothing to show.

What it shows: a header (name, ``2×3 float32``, a "stale" badge), a lazy table of the
values (a slice chooser picks the 2-D slice of a higher-rank tensor), a line plot of a
vector or a heat map of a matrix / the chosen slice, and a statistics line. Copy puts the
value on the clipboard (see :func:`app.value_format.copy_text` for what exactly); Export…
saves ``.npy`` (the whole value) or ``.csv`` (at most 2-D: a bigger tensor exports its
shown slice with "Export slice…").

The table and the plot are the dock's value pane (``app.value_pane``), which also decides
how they share the space.

Why nothing here is O(n) in Python: a run can return 10⁸ elements. The table formats only
the cells on screen, the plots get a reduced copy, and the statistics are chunked numpy.
The dock keeps a reference to the value, not a copy: callers must not change it afterwards.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.results_style import DIM_COLOR, ERROR_COLOR, fixed_font, selectable_label
from app.value_format import (
    COPY_TSV_LIMIT,
    ValueStats,
    compute_stats,
    copy_text,
    save_csv,
    save_npy,
    spec_label,
)
from app.value_model import ValueTableModel
from app.value_pane import ValuePane
from editor.i18n import is_language_change, translate, translates_itself


def empty_text() -> str:
    """What the dock says before any run."""
    return translate("ResultsDock", "No result yet \u2014 press Run")

_PAGE_EMPTY, _PAGE_VALUE = 0, 1


def _suggested_file_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "result"


class ResultsDock(QDockWidget):
    """Shows one value in full. Tests and the app may replace :attr:`choose_export_path`
    (given a suggested file name, returns a path or ``None`` to cancel)."""

    #: the table's model class (tests substitute a counting subclass)
    model_class: type[ValueTableModel] = ValueTableModel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsDock")
        translates_itself(self)
        self.choose_export_path: Callable[[str], str | None] = self._ask_export_path
        self._name = ""
        self._array: np.ndarray | None = None
        self._stats: ValueStats | None = None
        self._stale = False
        self._value: np.ndarray | np.generic | None = None
        self._info = ""

        body = QWidget()
        body.setObjectName("resultsBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(self._build_header())
        layout.addWidget(self.message_label)
        self.slice_controls = QWidget()
        self.slice_controls.setObjectName("sliceControls")
        self._slice_layout = QHBoxLayout(self.slice_controls)
        self._slice_layout.setContentsMargins(0, 0, 0, 0)
        self._slice_layout.setSpacing(6)
        self._spins: list[QSpinBox] = []
        self.slice_label = selectable_label("resultsSliceLabel", f"color: {DIM_COLOR};")
        self.slice_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.slice_controls.hide()
        layout.addWidget(self.slice_controls)

        self.pages = QStackedWidget()
        self.empty_label = QLabel()
        self.empty_label.setObjectName("resultsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(f"color: {DIM_COLOR}; font-size: 13pt;")
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self._build_value_page())
        layout.addWidget(self.pages, 1)

        footer = QHBoxLayout()
        footer.setSpacing(12)
        self.stats_label = selectable_label("resultsStats")
        self.stats_label.setFont(fixed_font())
        self.stats_label.setWordWrap(True)  # a narrow side dock must not be held wide
        self.table_note = selectable_label("resultsTableNote", f"color: {DIM_COLOR};")
        footer.addWidget(self.stats_label, 1)
        footer.addWidget(self.table_note)
        layout.addLayout(footer)

        self.setWidget(body)
        self.value_pane.orient_by(body)
        self.retranslate_ui()
        self.show_value("", None)

    # --- construction ------------------------------------------------------------------------
    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        header.setSpacing(10)
        self.name_label = selectable_label("resultsName")
        font = self.name_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.name_label.setFont(font)
        self.spec_label = selectable_label("resultsSpec")
        self.info_label = selectable_label("resultsInfo", f"color: {DIM_COLOR};")
        self.info_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stale_badge = QLabel()
        self.stale_badge.setObjectName("resultsStale")
        self.stale_badge.setStyleSheet(
            "QLabel { background: #fdf0d5; color: #7a4b00; border: 1px solid #e7a531;"
            " border-radius: 9px; padding: 1px 8px; }"
        )
        self.stale_badge.hide()

        self.copy_action = QAction(self)
        self.copy_action.setObjectName("actionResultsCopy")
        self.copy_action.triggered.connect(self.copy_to_clipboard)
        self.export_action = QAction(self)
        self.export_action.setObjectName("actionResultsExport")
        self.export_action.triggered.connect(lambda: self.export())
        self.export_slice_action = QAction(self)
        self.export_slice_action.setObjectName("actionResultsExportSlice")
        self.export_slice_action.triggered.connect(lambda: self.export(shown_slice=True))

        header.addWidget(self.name_label)
        header.addWidget(self.spec_label)
        header.addWidget(self.stale_badge)
        header.addWidget(self.info_label, 1)  # ignored width: it takes what is left
        header.addStretch(0)  # and where it is hidden, the buttons stay at the right
        # what Copy and Export did: a line of its own under the header, wrapped, so that
        # a refusal ("CSV holds at most 2 dimensions …") is read whole, never cut
        self.message_label = selectable_label("resultsMessage", f"color: {DIM_COLOR};")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        for action in (self.copy_action, self.export_action, self.export_slice_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setObjectName(f"{action.objectName()}Button")
            header.addWidget(button)
        self._slice_button = button  # the last: "Export slice…"
        return header

    def _build_value_page(self) -> QWidget:
        self.value_pane = pane = ValuePane(self.model_class)
        # the pane's parts, by the names the app and tests have always used
        self.table, self.model = pane.table, pane.model
        self.plot_panel, self.plot_caption = pane.plot_panel, pane.plot_caption
        self.line_plot, self.heatmap, self.scalar_card = (
            pane.line_plot, pane.heatmap, pane.scalar_card
        )
        self._copy_selection = copy_selection = QAction(self.table)
        copy_selection.setShortcut(QKeySequence.StandardKey.Copy)
        copy_selection.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy_selection.triggered.connect(self.copy_selection)
        self.table.addAction(copy_selection)
        return pane

    # --- language ---------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set the dock's texts in the interface's language (again after a switch)."""
        self.setWindowTitle(translate("ResultsDock", "Results"))
        self.empty_label.setText(empty_text())
        self.stale_badge.setText(translate("ResultsDock", "stale \u2014 the graph changed since "
                                           "this run"))
        self.copy_action.setText(translate("ResultsDock", "Copy"))
        self.copy_action.setToolTip(translate(
            "ResultsDock", "Copy the value to the clipboard (a large value: the shown table as "
            "tab-separated rows)"))
        self.export_action.setText(translate("ResultsDock", "Export\u2026"))
        self.export_action.setToolTip(translate(
            "ResultsDock", "Save the value as .npy (NumPy) or .csv (at most 2-D)"))
        self.export_slice_action.setText(translate("ResultsDock", "Export slice\u2026"))
        self.export_slice_action.setToolTip(translate(
            "ResultsDock", "Save the 2-D slice shown in the table"))
        self._copy_selection.setText(translate("ResultsDock", "Copy selected cells"))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
            if self._array is not None:  # the statistics and notes, in the new words
                index = self.slice_index()
                self._spins = []  # the slice controls' labels too (rebuilt, then re-chosen)
                self.show_value(self._name, self._value, stale=self._stale, info=self._info)
                if index and len(index) == len(self._spins):
                    self.set_slice_index(index)
        super().changeEvent(event)

    # --- the API the run controller uses -----------------------------------------------------
    def show_value(
        self,
        name: str,
        value: np.ndarray | np.generic | None,
        *,
        stale: bool = False,
        info: str = "",
    ) -> None:
        """Show ``value`` (a numpy array or scalar) computed for ``name``; ``None`` shows
        the empty state. ``info`` is an optional line such as "computed in 3 ms"."""
        self._name = name
        self._value = value
        self._info = info
        self.name_label.setText(name)
        self.name_label.setVisible(bool(name))
        self.info_label.setText(info)
        self.info_label.setVisible(bool(info))
        self.message_label.clear()
        self.message_label.hide()
        if value is None:
            self._array = None
            self._stats = None
            self.value_pane.clear_array()
            self.spec_label.clear()
            self.stats_label.clear()
            self.table_note.clear()
            self.table_note.hide()
            self._set_slice_axes(())
            self.pages.setCurrentIndex(_PAGE_EMPTY)
        else:
            array = np.asarray(value)
            self._array = array
            self._stats = compute_stats(array)
            self.spec_label.setText(spec_label(array))
            # the line wraps between items only, in a narrow dock
            items = self._stats.text(array.dtype).split(" · ")
            self.stats_label.setText(" · ".join(i.replace(" ", "\u00a0") for i in items))
            self._set_slice_axes(array.shape[:-2] if array.ndim > 2 else ())
            self.pages.setCurrentIndex(_PAGE_VALUE)
            self._show_slice()
        has_value = self._array is not None
        self.copy_action.setEnabled(has_value)
        self.export_action.setEnabled(has_value)
        self.set_stale(stale)

    def set_stale(self, stale: bool) -> None:
        """Mark the shown value as out of date (the graph changed since the run)."""
        self._stale = bool(stale)
        self.stale_badge.setVisible(self._stale and self._array is not None)

    def clear(self) -> None:
        """Show the empty state."""
        self.show_value("", None)

    # --- state, for the app and tests --------------------------------------------------------
    @property
    def value(self) -> np.ndarray | None:
        return self._array

    @property
    def shown(self) -> np.ndarray | None:
        """The part of the value in the table: all of it, or the chosen 2-D slice."""
        return self.value_pane.shown

    @property
    def stale(self) -> bool:
        return self._stale

    @property
    def stats(self) -> ValueStats | None:
        return self._stats

    def slice_index(self) -> tuple[int, ...]:
        """The indices of the leading axes chosen in the slice controls (``()`` if none)."""
        return tuple(spin.value() for spin in self._spins)

    def set_slice_index(self, index: tuple[int, ...]) -> None:
        if len(index) != len(self._spins):
            raise ValueError(f"expected {len(self._spins)} indices, got {len(index)}")
        for spin, i in zip(self._spins, index):
            spin.blockSignals(True)
            spin.setValue(i)
            spin.blockSignals(False)
        self._show_slice()

    def header_text(self) -> str:
        parts = [self.name_label.text(), self.spec_label.text()]
        if self.stale_badge.isVisible() or (self._stale and self._array is not None):
            parts.append(self.stale_badge.text())
        parts.append(self.info_label.text())
        return "  ".join(p for p in parts if p)

    # --- slices ------------------------------------------------------------------------------
    def _set_slice_axes(self, leading: tuple[int, ...]) -> None:
        """Rebuild the spin boxes for the leading axes of a tensor of rank > 2."""
        if len(leading) == len(self._spins) and all(
            spin.maximum() == max(d - 1, 0) for spin, d in zip(self._spins, leading)
        ):
            for spin, size in zip(self._spins, leading):  # same axes: keep the chosen slice
                spin.setEnabled(size > 0)
        else:
            while self._slice_layout.count():
                item = self._slice_layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None and widget is not self.slice_label:
                    widget.deleteLater()
            self._spins = []
            if leading:
                title = QLabel(translate("ResultsDock", "Slice"))
                font = title.font()
                font.setBold(True)
                title.setFont(font)
                self._slice_layout.addWidget(title)
            for axis, size in enumerate(leading):
                label = QLabel(translate("ResultsDock", "axis {axis}").format(axis=axis))
                label.setToolTip(translate(
                    "ResultsDock", "Axis {axis} has {size} entries: 0 to {last}",
                ).format(axis=axis, size=size, last=size - 1))
                spin = QSpinBox()
                spin.setObjectName(f"sliceAxis{axis}")
                spin.setRange(0, max(size - 1, 0))
                spin.setEnabled(size > 0)
                spin.setToolTip(translate(
                    "ResultsDock", "Index along axis {axis} (0 to {last})",
                ).format(axis=axis, last=size - 1))
                spin.setMinimumWidth(QFontMetrics(spin.font()).horizontalAdvance(str(size)) + 44)
                spin.valueChanged.connect(self._show_slice)
                self._slice_layout.addWidget(label)
                self._slice_layout.addWidget(spin)
                self._spins.append(spin)
            self._slice_layout.addSpacing(8)
            self._slice_layout.addWidget(self.slice_label)
            self._slice_layout.addStretch(1)
        self.slice_controls.setVisible(bool(leading))
        self.export_slice_action.setVisible(bool(leading))
        self._slice_button.setVisible(bool(leading))

    def _show_slice(self) -> None:
        array = self._array
        if array is None:
            return
        index = self.slice_index()
        if index and 0 in array.shape[: len(index)]:
            shown = np.zeros((0, 0), array.dtype)  # a leading axis of size 0: no slice
        else:
            shown = array[index] if index else array
        if index:
            where = ", ".join([*(str(i) for i in index), ":", ":"])
            self.slice_label.setText(translate("ResultsDock", "showing [{where}]  ({spec})")
                                     .format(where=where, spec=spec_label(shown)))
        self.value_pane.set_array(shown, index)
        self.table_note.setText(self._table_note())
        self.table_note.setVisible(bool(self.table_note.text()))
        self.value_pane.arrange(self._stats)

    # --- table -------------------------------------------------------------------------------
    def _table_note(self) -> str:
        model = self.model
        if model.wrap:
            return translate("ResultsDock", "(table: {count} values per row)").format(
                count=f"{model.wrap:,}")
        if model.truncated:
            return translate(
                "ResultsDock", "(table: first {rows} rows, {columns} columns — Export… for all)",
            ).format(rows=f"{model.rowCount():,}", columns=f"{model.columnCount():,}")
        return ""

    # --- copy --------------------------------------------------------------------------------
    def copy_to_clipboard(self) -> str | None:
        """Copy the value (see :func:`app.value_format.copy_text`); returns the text."""
        shown = self.value_pane.shown
        if self._array is None or shown is None:
            return None
        text, message = copy_text(self._array, shown)
        if text is not None:
            QApplication.clipboard().setText(text)
        self._say(message, error=text is None)
        return text

    def copy_selection(self) -> str | None:
        """Copy the selected cells as tab-separated rows (their bounding box)."""
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return self.copy_to_clipboard()
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
        cells = (r1 - r0 + 1) * (c1 - c0 + 1)
        if cells > COPY_TSV_LIMIT:
            self._say(translate("ResultsDock", "Too many cells to copy ({count}) — use Export…")
                      .format(count=f"{cells:,}"), error=True)
            return None
        text = "".join(
            "\t".join(self.model.text_at(r, c) for c in range(c0, c1 + 1)) + "\n"
            for r in range(r0, r1 + 1)
        )
        QApplication.clipboard().setText(text)
        self._say(translate("ResultsDock", "Copied {count} cells").format(count=f"{cells:,}"))
        return text

    # --- export ------------------------------------------------------------------------------
    def export(self, path: str | None = None, *, shown_slice: bool = False) -> bool:
        """Save the value (or, with ``shown_slice``, the shown 2-D slice) to ``path``, or
        to a path asked with :attr:`choose_export_path`. ``.csv`` writes at most 2-D (as the
        table shows it); anything else is saved as ``.npy``. Returns whether it saved."""
        array = self.value_pane.shown if shown_slice else self._array
        if array is None:
            return False
        if path is None:
            suggested = _suggested_file_name(self._name)
            if shown_slice and self.slice_index():
                suggested += "_" + "_".join(str(i) for i in self.slice_index())
            path = self.choose_export_path(suggested + ".npy")
            if not path:
                return False
        csv = path.lower().endswith(".csv")
        if csv and array.ndim > 2:
            self._say(translate(
                "ResultsDock", "CSV holds at most 2 dimensions, this value has {rank}: export "
                "it as .npy, or use “Export slice…” for the shown slice",
            ).format(rank=array.ndim), error=True)
            return False
        if not csv and not path.lower().endswith(".npy"):
            path += ".npy"
        lost = 0
        try:
            if csv:
                save_csv(path, array)
            else:
                lost = save_npy(path, array)
        except Exception as error:  # noqa: BLE001 — an export failure is a message
            self._say(translate("ResultsDock", "Could not export to {path}: {reason}").format(
                path=path, reason=error), error=True)
            return False
        done = translate("ResultsDock", "Exported {spec} to {file}").format(
            spec=spec_label(array), file=os.path.basename(path))
        if lost:  # said, not silent: .npy strings cannot end in NUL bytes
            count = f"{lost:,}"
            self._say((translate("ResultsDock", "{done} — {count} string loses trailing NUL "
                                 "bytes") if lost == 1 else
                       translate("ResultsDock", "{done} — {count} strings lose trailing NUL "
                                 "bytes")).format(done=done, count=count), error=True)
            self.message_label.setToolTip(f"{path}\n" + translate(
                "ResultsDock", "{count} ending in NUL bytes: .npy strings cannot keep them, so "
                "np.load gives them back without").format(count=count))
            return True
        self._say(done)
        self.message_label.setToolTip(path)
        return True

    def _ask_export_path(self, suggested: str) -> str | None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            translate("ResultsDock", "Export result"),
            suggested,
            translate("ResultsDock", "NumPy array (*.npy);;CSV, comma-separated (*.csv)"),
        )
        if not path:
            return None
        if not os.path.splitext(path)[1]:
            path += ".csv" if "csv" in chosen.lower() else ".npy"
        return path

    def _say(self, message: str, *, error: bool = False) -> None:
        color = ERROR_COLOR if error else DIM_COLOR
        self.message_label.setStyleSheet(f"color: {color};")
        self.message_label.setText(message)
        self.message_label.setToolTip(message)
        self.message_label.setVisible(bool(message))
