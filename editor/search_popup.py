"""Quick "add node" search: Tab or a double-click on empty canvas opens it at the cursor.

Type part of an op's name (or of its doc), move with Up/Down, Enter adds the node where the
popup was opened, Esc closes. A right-click on empty canvas offers the same ops in a menu,
grouped by category, with "Search…" at the top.

Why a child widget of the view and not a ``Qt.Popup`` window: it stays inside the window
(and its screenshots), works the same on every platform plugin including ``offscreen``,
and closes itself when the focus leaves it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QCursor,
    QKeyEvent,
    QMouseEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from editor.drop import CanvasFacade, add_and_select
from editor.i18n import category_name, is_language_change, translate, translates_itself
from editor.palette import OP_TYPE_ROLE, SEARCH_TEXT_ROLE, ops_by_category, search_text

_ORDER_ROLE = Qt.ItemDataRole.UserRole + 3
#: the most result rows the popup shows without scrolling
VISIBLE_ROWS = 12
_NAV_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
_Index = QModelIndex | QPersistentModelIndex


class _RankedFilter(QSortFilterProxyModel):
    """Rows whose search text contains the query; names starting with it come first,
    then names containing it, then the rest (doc matches), each in registry order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.query = ""

    def set_query(self, text: str) -> None:
        query = text.strip().lower()
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self.query = query
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt < 6.10
            self.query = query
            self.invalidateRowsFilter()
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        return not self.query or self.query in (index.data(SEARCH_TEXT_ROLE) or "")

    def _rank(self, index: _Index) -> tuple[int, int]:
        name = (index.data(OP_TYPE_ROLE) or "").lower()
        if self.query and name.startswith(self.query):
            tier = 0
        elif self.query and self.query in name:
            tier = 1
        else:
            tier = 2
        return tier, int(index.data(_ORDER_ROLE) or 0)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        return self._rank(left) < self._rank(right)


class SearchPopup(QFrame):
    """A search field over a list of every op; ``opChosen(op_type, scene_pos)``."""

    opChosen = Signal(str, QPointF)

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.setObjectName("searchPopup")
        translates_itself(self)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFrameShadow(QFrame.Shadow.Raised)
        self.setAutoFillBackground(True)
        self.view = view
        self.scene_pos = QPointF()

        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchPopupEdit")
        self.model = QStandardItemModel(self)
        order = 0
        for _category, defs in ops_by_category().items():
            for op_def in defs:
                item = QStandardItem(op_def.type)
                item.setData(op_def.type, OP_TYPE_ROLE)
                item.setData(search_text(op_def), SEARCH_TEXT_ROLE)
                item.setData(order, _ORDER_ROLE)
                item.setEditable(False)
                self.model.appendRow(item)
                order += 1
        self.retranslate_ui()
        self.proxy = _RankedFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(0)
        self.list = QListView(self)
        self.list.setObjectName("searchPopupList")
        self.list.setModel(self.proxy)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the keyboard
        self.list.setUniformItemSizes(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("searchPopupHint")
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.resize(280, 300)
        self.hide()

        self.edit.textChanged.connect(self._filter)
        self.edit.returnPressed.connect(self.accept)
        self.edit.installEventFilter(self)
        self.list.clicked.connect(self._clicked)
        self.list.selectionModel().currentChanged.connect(self._show_hint)

    # -- opening and closing -------------------------------------------------------------

    def popup(self, viewport_pos: QPoint) -> None:
        """Open with an empty query at ``viewport_pos``; the node goes to that scene point."""
        self.scene_pos = self.view.mapToScene(viewport_pos)
        self.edit.clear()
        self._filter("")
        self._fit_height()
        at = self.view.viewport().mapTo(self.view, viewport_pos)
        area = self.view.viewport().geometry()
        x = max(area.left(), min(at.x(), area.right() + 1 - self.width()))
        y = max(area.top(), min(at.y(), area.bottom() + 1 - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def close_popup(self) -> None:
        if self.isVisible():
            self.hide()
            self.view.setFocus(Qt.FocusReason.PopupFocusReason)

    # -- choosing ------------------------------------------------------------------------

    def current_op_type(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid() and self.proxy.rowCount():
            index = self.proxy.index(0, 0)
        return index.data(OP_TYPE_ROLE) if index.isValid() else None

    def visible_op_types(self) -> list[str]:
        return [self.proxy.index(r, 0).data(OP_TYPE_ROLE) for r in range(self.proxy.rowCount())]

    def accept(self) -> None:
        op_type = self.current_op_type()
        if op_type is None:
            return  # nothing matches: keep the popup so the user can fix the query
        self.close_popup()
        self.opChosen.emit(op_type, self.scene_pos)

    def _clicked(self, index: QModelIndex) -> None:
        self.list.setCurrentIndex(index)
        self.accept()

    def retranslate_ui(self) -> None:
        """The field's hint and the ops' descriptions (their category) in the interface's
        language."""
        self.edit.setPlaceholderText(translate("SearchPopup", "Add node: type a name…"))
        op_defs = {d.type: d for defs in ops_by_category().values() for d in defs}
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            op_def = op_defs.get(item.data(OP_TYPE_ROLE))
            if op_def is not None:
                category = category_name(op_def.category)
                item.setToolTip(f"{category}: {op_def.doc}" if op_def.doc else category)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _filter(self, text: str) -> None:
        self.proxy.set_query(text)
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        else:
            self.hint.setText(translate("SearchPopup", "No op matches “{text}”.").format(
                text=text.strip()))
        self._show_hint()
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the matches (up to VISIBLE_ROWS), so the popup hides little canvas."""
        row = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 2)
        rows = min(max(self.proxy.rowCount(), 1), VISIBLE_ROWS)
        self.list.setFixedHeight(rows * row + 2 * self.list.frameWidth() + 2)
        self.resize(self.width(), self.sizeHint().height())

    def _show_hint(self, *_: Any) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.hint.setText(index.data(Qt.ItemDataRole.ToolTipRole) or "")
        elif not self.proxy.rowCount() and not self.hint.text():
            self.hint.setText(translate("SearchPopup", "No op matches."))

    # -- keyboard and focus --------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() == Qt.Key.Key_Escape:
                    self.close_popup()
                    return True
                if event.key() in _NAV_KEYS:
                    QApplication.sendEvent(self.list, event)
                    return True
                if event.key() == Qt.Key.Key_Tab:  # Tab again: take the current entry
                    self.accept()
                    return True
            elif event.type() == QEvent.Type.FocusOut:
                QTimer.singleShot(0, self._close_if_unfocused)
        return super().eventFilter(watched, event)

    def _close_if_unfocused(self) -> None:
        focus = QApplication.focusWidget()
        if self.isVisible() and (focus is None or not self.isAncestorOf(focus)):
            # None: the window lost focus; leave the popup open for when it comes back
            if focus is not None:
                self.hide()


def build_add_node_menu(
    parent: QWidget, on_chosen: Callable[[str], None], on_search: Callable[[], None] | None
) -> QMenu:
    """"Search…" plus one submenu per category listing its ops."""
    menu = QMenu(translate("SearchPopup", "Add Node"), parent)
    menu.setObjectName("addNodeMenu")
    if on_search is not None:
        search = QAction(translate("SearchPopup", "Search…"), menu)
        search.setObjectName("actionSearchNode")
        search.setShortcut(Qt.Key.Key_Tab)
        search.triggered.connect(on_search)
        menu.addAction(search)
        menu.addSeparator()
    for category, defs in ops_by_category().items():
        sub = menu.addMenu(category_name(category))
        for op_def in defs:
            action = sub.addAction(op_def.type)
            action.setToolTip(op_def.doc)
            action.setStatusTip(op_def.doc)
            action.setData(op_def.type)
            action.triggered.connect(lambda _=False, t=op_def.type: on_chosen(t))
    return menu


class SearchPopupController(QObject):
    """Wires the popup to a canvas: Tab on the view, double-click and right-click on empty
    canvas; a chosen op becomes ``canvas.add_node(op_type, scene_pos)``."""

    nodeAdded = Signal(str)

    def __init__(self, canvas: CanvasFacade) -> None:
        super().__init__(canvas.view)
        self.canvas = canvas
        self.view = canvas.view
        self.popup = SearchPopup(self.view)
        self.popup.opChosen.connect(self._add)
        self.viewport = self.view.viewport()
        self.view.installEventFilter(self)
        self.viewport.installEventFilter(self)

    def open_at(self, viewport_pos: QPoint | None = None) -> None:
        """Open the popup at ``viewport_pos``, else at the mouse when it is over the
        canvas, else at the middle of the canvas."""
        if viewport_pos is None:
            viewport = self.view.viewport()
            under_mouse = viewport.mapFromGlobal(QCursor.pos())
            inside = viewport.rect().contains(under_mouse)
            viewport_pos = under_mouse if inside else viewport.rect().center()
        self.popup.popup(viewport_pos)

    def context_menu(self, viewport_pos: QPoint) -> QMenu:
        """The empty-canvas menu: Add Node entries (its own menu, ready to exec)."""
        scene_pos = self.view.mapToScene(viewport_pos)
        menu = build_add_node_menu(
            self.view,
            lambda op_type: self._add(op_type, scene_pos),
            lambda: self.open_at(viewport_pos),
        )
        menu.setTitle(translate("SearchPopup", "Add Node…"))
        return menu

    def _add(self, op_type: str, scene_pos: QPointF) -> None:
        name = add_and_select(self.canvas, op_type, scene_pos)
        self.nodeAdded.emit(name)

    def _empty_at(self, viewport_pos: QPoint) -> bool:
        return self.view.itemAt(viewport_pos) is None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not shiboken6.isValid(self.view):  # the window is being torn down
            return False
        kind = event.type()
        if watched is self.view and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            scene = self.view.scene()
            editing_text = scene is not None and scene.focusItem() is not None
            if (
                event.key() == Qt.Key.Key_Tab
                and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and not editing_text
            ):
                self.open_at()
                return True
        elif watched is self.viewport:
            if kind == QEvent.Type.MouseButtonDblClick:
                assert isinstance(event, QMouseEvent)
                pos = event.position().toPoint()
                if event.button() == Qt.MouseButton.LeftButton and self._empty_at(pos):
                    self.open_at(pos)
                    return True
            elif kind == QEvent.Type.ContextMenu:
                assert isinstance(event, QContextMenuEvent)
                if self._empty_at(event.pos()):
                    menu = self.context_menu(event.pos())
                    menu.exec(event.globalPos())
                    menu.deleteLater()
                    return True
            elif kind == QEvent.Type.MouseButtonPress and self.popup.isVisible():
                self.popup.close_popup()
        return super().eventFilter(watched, event)
