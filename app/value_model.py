"""The Results dock's table: a lazy Qt model over a 0-d, 1-D or 2-D numpy array.

Why lazy: a run can produce a 10,000×10,000 tensor. ``rowCount``/``columnCount`` report
the real sizes and ``data()`` formats only the cells the view asks for, which are the
visible ones, so opening any value costs the same few hundred formatted cells.

Why a 1-D value may wrap: Qt measures a header in ``int`` pixels, so a column of 10⁸
rows overflows it. A vector longer than :data:`MAX_TABLE_ROWS` is shown 10 (or 100, …)
values per row; the row headers then give each row's first index and the column
headers the offset (``+0`` … ``+9``). A 2-D slice beyond the limits shows its first
:data:`MAX_TABLE_ROWS` rows / :data:`MAX_TABLE_COLUMNS` columns (see ``truncated``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.value_format import cell_formatter, is_finite_kind, value_kind
from editor.i18n import translate

MAX_TABLE_ROWS = 10_000_000
MAX_TABLE_COLUMNS = 1_000_000

NAN_COLOR = QColor("#c0392b")
INF_COLOR = QColor("#b9770e")

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

Index = QModelIndex | QPersistentModelIndex


class ValueTableModel(QAbstractTableModel):
    """Read-only cells of one array (at most 2-D: the dock passes a slice of higher ranks).

    ``prefix`` is the index of the shown slice in the whole tensor (``(1, 0)`` for
    ``a[1, 0, :, :]``): tooltips name each cell's full index.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._array: np.ndarray = np.zeros((0, 0))
        self._prefix: tuple[int, ...] = ()
        self._rows = 0
        self._columns = 0
        self._wrap = 0  # values per row when a long vector wraps, else 0
        self._format = cell_formatter(self._array.dtype)
        self._numeric = True
        self._may_be_nonfinite = False
        self.truncated = False

    # --- content -----------------------------------------------------------------------------
    def set_array(self, array: np.ndarray | None, prefix: tuple[int, ...] = ()) -> None:
        """Show ``array`` (0-d, 1-D or 2-D; ``None`` shows nothing). No copy is made."""
        array = np.zeros((0, 0)) if array is None else array
        if array.ndim > 2:
            raise ValueError(f"the table shows at most 2 dimensions, not {array.ndim}")
        self.beginResetModel()
        self._array = array
        self._prefix = tuple(prefix)
        kind = value_kind(array.dtype)
        self._format = cell_formatter(array.dtype)
        self._numeric = kind != "string" and kind != "other"
        self._may_be_nonfinite = not is_finite_kind(kind)
        self._wrap = 0
        if array.ndim == 0:
            rows, columns = 1, 1
        elif array.ndim == 1:
            rows, columns = array.shape[0], 1
            if rows > MAX_TABLE_ROWS:
                self._wrap = 10
                while -(-rows // self._wrap) > MAX_TABLE_ROWS:
                    self._wrap *= 10
                rows, columns = -(-rows // self._wrap), self._wrap
        else:
            rows, columns = array.shape
        self.truncated = array.ndim == 2 and (rows > MAX_TABLE_ROWS or columns > MAX_TABLE_COLUMNS)
        self._rows = min(rows, MAX_TABLE_ROWS)
        self._columns = min(columns, MAX_TABLE_COLUMNS)
        self.endResetModel()

    @property
    def array(self) -> np.ndarray:
        return self._array

    @property
    def wrap(self) -> int:
        """Values per row when a long vector is wrapped, else 0."""
        return self._wrap

    def value_at(self, row: int, column: int) -> Any:
        """The element shown at (row, column), or ``None`` past the end of a wrapped vector."""
        array = self._array
        if array.ndim == 0:
            return array[()]
        if array.ndim == 1:
            i = row * self._wrap + column if self._wrap else row
            return array[i] if i < array.shape[0] else None
        return array[row, column]

    def full_index(self, row: int, column: int) -> tuple[int, ...]:
        """The index in the whole tensor of the element at (row, column)."""
        if self._array.ndim == 0:
            return self._prefix
        if self._array.ndim == 1:
            return (*self._prefix, row * self._wrap + column if self._wrap else row)
        return (*self._prefix, row, column)

    def text_at(self, row: int, column: int) -> str:
        value = self.value_at(row, column)
        return "" if value is None else self._format(value)

    # --- QAbstractTableModel -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text_at(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._numeric else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and self._may_be_nonfinite:
            value = self.value_at(index.row(), index.column())
            if value is not None and not np.isfinite(value):
                return NAN_COLOR if np.isnan(value) else INF_COLOR
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            value = self.value_at(index.row(), index.column())
            if value is None:
                return None
            where = ", ".join(str(i) for i in self.full_index(index.row(), index.column()))
            return f"[{where}] = {self._format(value)}" if where else self._format(value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Vertical:
            return _RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        ndim = self._array.ndim
        if orientation == Qt.Orientation.Horizontal:
            if ndim == 2:
                return str(section)
            if self._wrap:
                return f"+{section}"
            return translate("ValueModel", "value")
        if ndim == 0:
            return ""
        return str(section * self._wrap if self._wrap else section)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
