"""The Results dock's value page: the value's table and its plot, in one splitter.

Why its own widget: how the table and the plot share the space is a small layout policy
of its own. They sit side by side in a wide dock and one above the other in a tall one
(a dock may sit at the bottom or at a side of the window); the table gets what its
columns need, at most half, once per value, so that a user's dragging of the splitter
lasts until the next value. The dock says what to show; this pane says how.

Why nothing here is O(n) in Python: the table formats only the cells on screen, the
column widths come from a sample of cells, and the plots get a reduced copy.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.results_style import DIM_COLOR, fixed_font, selectable_label
from app.value_format import ValueStats, cell_formatter
from app.value_model import ValueTableModel
from app.value_plots import HeatMap, LinePlot, is_plottable
from editor.i18n import translate

_PLOT_LINE, _PLOT_HEAT, _PLOT_SCALAR = 0, 1, 2


class _Orienter(QObject):
    """Turns the splitter to suit the shape of the widget it watches (wide: side by
    side; tall: stacked), and tells the pane when the splitter got a new size
    (``resized``, with whether it turned)."""

    def __init__(self, splitter: QSplitter, resized: Callable[[bool], None]) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        self._resized = resized

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._splitter:
            if kind in (QEvent.Type.Resize, QEvent.Type.Show):
                self._resized(False)
        elif kind == QEvent.Type.Resize and isinstance(watched, QWidget):
            wide = watched.width() >= 1.2 * watched.height()
            orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
            if self._splitter.orientation() != orientation:
                self._splitter.setOrientation(orientation)
                self._resized(True)
        return False


class ValuePane(QSplitter):
    """The table of the shown value (all of it, or a 2-D slice) and its plot: a line plot
    of a vector, a heat map of a matrix, or a scalar written large."""

    def __init__(self, model_class: type[ValueTableModel]) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setChildrenCollapsible(False)
        self._shown: np.ndarray | None = None
        self._plot_note = ""
        self._split_pending = True

        self.table = QTableView()
        self.table.setObjectName("resultsTable")
        # where its Copy key works (the shortcuts' list names it)
        self.table.setAccessibleName(translate("ValuePane", "Results table"))
        self.model = model_class(self.table)
        self.table.setModel(self.model)
        self.table.setFont(fixed_font())
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(QFontMetrics(self.table.font()).height() + 8)
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.addWidget(self.table)

        self.plot_panel = QWidget()
        panel_layout = QVBoxLayout(self.plot_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.setSpacing(2)
        self.plot_stack = QStackedWidget()
        self.line_plot = LinePlot()
        self.heatmap = HeatMap()
        self.heatmap.hovered.connect(self._heatmap_hovered)
        self.scalar_card = QLabel()
        self.scalar_card.setObjectName("resultsScalar")
        self.scalar_card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scalar_card.setWordWrap(True)
        self.scalar_card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_font = fixed_font()
        card_font.setPointSizeF(max(card_font.pointSizeF(), 9.0) * 2.2)
        self.scalar_card.setFont(card_font)
        self.plot_stack.addWidget(self.line_plot)
        self.plot_stack.addWidget(self.heatmap)
        self.plot_stack.addWidget(self.scalar_card)
        self.plot_caption = selectable_label("resultsPlotCaption", f"color: {DIM_COLOR};")
        self.plot_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        panel_layout.addWidget(self.plot_stack, 1)
        panel_layout.addWidget(self.plot_caption)
        self.addWidget(self.plot_panel)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)

    def orient_by(self, widget: QWidget) -> None:
        """Turn with ``widget``'s shape (the dock's body), and split again on resizes."""
        orienter = _Orienter(self, self._splitter_resized)
        widget.installEventFilter(orienter)
        self.installEventFilter(orienter)

    # --- what the dock shows -----------------------------------------------------------------
    @property
    def shown(self) -> np.ndarray | None:
        """The array in the table (``None`` when there is none)."""
        return self._shown

    def clear_array(self) -> None:
        self._shown = None
        self.model.set_array(None)

    def set_array(self, shown: np.ndarray, index: tuple[int, ...]) -> None:
        """Put ``shown`` (the slice at ``index`` of the leading axes) in the table; then
        :meth:`arrange` sizes the columns, draws the plot and splits the space."""
        self._shown = shown
        self.model.set_array(shown, index)

    def arrange(self, stats: ValueStats | None) -> None:
        shown = self._shown
        if shown is None:
            return
        self._fit_columns(shown, stats)
        self._update_plot(shown)
        self._split_pending = True
        self._apply_split()

    # --- table -------------------------------------------------------------------------------
    def _fit_columns(self, shown: np.ndarray, stats: ValueStats | None) -> None:
        """Size the columns to a sample of their texts (never to all of them); ``stats``
        adds the widest numbers, the minimum and maximum."""
        model = self.model
        rows, cols = min(model.rowCount(), 60), min(model.columnCount(), 16)
        texts = [model.text_at(r, c) for r in range(rows) for c in range(cols)]
        if stats is not None and stats.minimum is not None and stats.kind != "complex":
            if shown.size:
                fmt = cell_formatter(shown.dtype)
                texts += [fmt(stats.minimum), fmt(stats.maximum)]
        for c in range(cols):
            texts.append(str(model.headerData(c, Qt.Orientation.Horizontal)))
        metrics = QFontMetrics(self.table.font())
        widest = max((metrics.horizontalAdvance(t) for t in texts), default=40)
        width = int(min(max(widest + 22, 56), 360))
        header = self.table.horizontalHeader()
        header.setDefaultSectionSize(width)
        header.setMinimumSectionSize(min(width, 40))
        for c in range(cols):  # sections keep a size a user dragged: reset the sampled ones
            header.resizeSection(c, width)

    def _table_width(self) -> int:
        """The width the table needs to show all its columns (or as many as sampled)."""
        table = self.table
        columns = min(self.model.columnCount(), 16)
        width = table.verticalHeader().sizeHint().width()
        width += sum(table.columnWidth(c) for c in range(columns))
        width += table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth() + 2
        return width

    # --- the split ---------------------------------------------------------------------------
    def _splitter_resized(self, turned: bool) -> None:
        if turned:
            self._split_pending = True
        self._apply_split()

    def _apply_split(self) -> None:
        """Give the table what it needs, at most half (the plot gets the rest); once per
        value, so that a user's dragging of the splitter lasts until the next one."""
        if (
            not self._split_pending
            or not self.plot_panel.isVisibleTo(self)
            or (not self.isVisible())
        ):
            return
        horizontal = self.orientation() == Qt.Orientation.Horizontal
        total = self.width() if horizontal else self.height()
        if total <= 0:
            return
        self._split_pending = False
        if horizontal:
            first = min(self._table_width(), max(total // 2, 220))
        else:
            first = total // 2
        self.setSizes([first, max(total - first, 1)])

    # --- plots -------------------------------------------------------------------------------
    def _update_plot(self, shown: np.ndarray) -> None:
        drawable = shown.ndim == 0 or (is_plottable(shown) and shown.size > 0)
        self.plot_panel.setVisible(drawable)
        self._plot_note = ""
        if not drawable:
            return
        if shown.ndim == 0:  # a scalar: nothing to plot, so the value itself, large
            self.scalar_card.setText(self.model.text_at(0, 0))
            self.plot_stack.setCurrentIndex(_PLOT_SCALAR)
        elif shown.ndim == 1:
            self._plot_note = self.line_plot.show_array(shown)
            self.plot_stack.setCurrentIndex(_PLOT_LINE)
        else:
            self._plot_note = self.heatmap.show_array(shown)
            self.plot_stack.setCurrentIndex(_PLOT_HEAT)
        self.plot_caption.setText(self._plot_note)
        self.plot_caption.setVisible(bool(self._plot_note))

    def _heatmap_hovered(self, row: int, col: int) -> None:
        shown = self._shown
        if row < 0 or shown is None or shown.ndim != 2:
            self.plot_caption.setText(self._plot_note)
            self.plot_caption.setVisible(bool(self._plot_note))
            return
        where = ", ".join(str(i) for i in self.model.full_index(row, col))
        text = f"[{where}] = {self.model.text_at(row, col)}"
        self.plot_caption.setText(f"{text}    {self._plot_note}" if self._plot_note else text)
        self.plot_caption.setVisible(True)
