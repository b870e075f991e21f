"""The op palette: every op of the engine's registry, grouped by category, searchable.

Why read the registry each time a palette is built: adding an op to ``engine/ops/`` must
make it appear here with no editor change (docs/ARCHITECTURE.md). Entries are dragged onto
the canvas as ``application/x-tensorcanvas-op`` (the op type, UTF-8); ``editor/drop.py``
turns such a drop into ``canvas.add_node``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

import engine
from editor.i18n import category_name, is_language_change, translate, translates_itself
from engine import OpDef

#: The drag-and-drop type of a palette entry; the payload is the op type in UTF-8.
OP_MIME = "application/x-tensorcanvas-op"
#: The model role that holds an entry's op type (category rows hold None).
OP_TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
#: The text the filter searches: type, base node name, category and doc, lower case.
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def palette_op_defs() -> list[OpDef]:
    """The ops a user can add, in registry order."""
    return [d for d in engine.op_defs() if d.palette]


def ops_by_category(op_defs: Iterable[OpDef] | None = None) -> dict[str, list[OpDef]]:
    """Ops grouped by category; categories in the order their first op was registered."""
    groups: dict[str, list[OpDef]] = {}
    for op_def in palette_op_defs() if op_defs is None else op_defs:
        groups.setdefault(op_def.category, []).append(op_def)
    return groups


def search_text(op_def: OpDef) -> str:
    return " ".join((op_def.type, op_def.node_name, op_def.category, op_def.doc)).lower()


def op_tooltip(op_def: OpDef) -> str:
    """Rich-text tooltip: the op's doc, its inputs and the attributes a user can set."""
    esc = html.escape
    parts = [f"<b>{esc(op_def.type)}</b> <i>({esc(category_name(op_def.category))})</i>"]
    if op_def.doc:
        parts.append(esc(op_def.doc))
    inputs = ", ".join(esc(name) for name in op_def.inputs) or translate("Palette", "none")
    parts.append(translate("Palette", "<b>Inputs:</b> {inputs}").format(inputs=inputs))
    optional = translate("Palette", ", optional")
    attrs = [
        f"{esc(a.name)} ({esc(a.kind)}{optional if a.optional else ''})"
        + (f": {esc(a.doc)}" if a.doc else "")
        for a in op_def.editable_attrs
    ]
    if attrs:
        parts.append(translate("Palette", "<b>Attributes:</b>") + "<br>" + "<br>".join(attrs))
    return "<p>" + "<br>".join(parts) + "</p>"


class PaletteModel(QStandardItemModel):
    """Category rows, each holding its op rows; op rows drag as ``OP_MIME``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reload()

    def reload(self) -> None:
        self.clear()
        root = self.invisibleRootItem()
        for category, defs in ops_by_category().items():
            shown = category_name(category)
            group = QStandardItem(shown)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setData(f"{category} {shown}".lower(), SEARCH_TEXT_ROLE)
            for op_def in defs:
                item = QStandardItem(op_def.type)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                item.setData(op_def.type, OP_TYPE_ROLE)
                item.setData(f"{search_text(op_def)} {shown.lower()}", SEARCH_TEXT_ROLE)
                item.setToolTip(op_tooltip(op_def))
                group.appendRow(item)
            root.appendRow(group)

    def mimeTypes(self) -> list[str]:
        return [OP_MIME]

    def mimeData(self, indexes: Iterable[_Index]) -> QMimeData:
        data = QMimeData()
        for index in indexes:
            op_type = index.data(OP_TYPE_ROLE)
            if op_type:
                data.setData(OP_MIME, QByteArray(op_type.encode()))
                data.setText(op_type)
                break
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class OpFilterModel(QSortFilterProxyModel):
    """Keeps the ops whose type, name, category or doc contains the query; a category
    stays while any of its ops does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self.setRecursiveFilteringEnabled(True)

    def set_query(self, text: str) -> None:
        query = text.strip().lower()
        if query == self._query:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter() is deprecated
            self.beginFilterChange()
            self._query = query
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.10
            self._query = query
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if not index.data(OP_TYPE_ROLE):  # a category: shown when one of its ops is
            return not self._query
        return not self._query or self._query in (index.data(SEARCH_TEXT_ROLE) or "")


class PaletteTree(QTreeView):
    """The tree of ops: drags entries, and Enter/Return adds the current one."""

    opActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paletteTree")
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)
        self.doubleClicked.connect(self._emit_for)

    def _emit_for(self, index: QModelIndex) -> None:
        op_type = index.data(OP_TYPE_ROLE)
        if op_type:
            self.opActivated.emit(op_type)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            if self.currentIndex().data(OP_TYPE_ROLE):
                self._emit_for(self.currentIndex())
                return
        super().keyPressEvent(event)


class Palette(QWidget):
    """Search field over the op tree. ``opActivated(op_type)``: double-click or Enter."""

    opActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette")
        translates_itself(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("paletteSearch")
        self.search.setPlaceholderText(translate("Palette", "Search ops…"))
        self.search.setClearButtonEnabled(True)
        self.model = PaletteModel(self)
        self.proxy = OpFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.tree = PaletteTree(self)
        self.tree.setModel(self.proxy)
        self.tree.expandAll()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)

        self.search.textChanged.connect(self.set_filter)
        self.search.returnPressed.connect(self._activate_first)
        self.search.installEventFilter(self)
        self.tree.opActivated.connect(self.opActivated)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):  # categories and tooltips in the new language
            self.search.setPlaceholderText(translate("Palette", "Search ops…"))
            self.model.reload()
            self.set_filter(self.search.text())
        super().changeEvent(event)

    def set_filter(self, text: str) -> None:
        self.proxy.set_query(text)
        self.tree.expandAll()
        first = self.visible_op_indexes()[:1]
        if first:
            self.tree.setCurrentIndex(first[0])

    def visible_op_indexes(self) -> list[QModelIndex]:
        out = []
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            out.extend(self.proxy.index(r, 0, group) for r in range(self.proxy.rowCount(group)))
        return out

    def visible_op_types(self) -> list[str]:
        """The op types the tree shows now, top to bottom."""
        return [index.data(OP_TYPE_ROLE) for index in self.visible_op_indexes()]

    def visible_categories(self) -> list[str]:
        return [self.proxy.index(row, 0).data() for row in range(self.proxy.rowCount())]

    def _activate_first(self) -> None:
        current = self.tree.currentIndex()
        if current.isValid() and current.data(OP_TYPE_ROLE):
            self.opActivated.emit(current.data(OP_TYPE_ROLE))
        elif types := self.visible_op_types():
            self.opActivated.emit(types[0])

    def eventFilter(self, watched: object, event: object) -> bool:
        # Down in the search field moves into the results, as in a browser's search box.
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
