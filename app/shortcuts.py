"""Help → Keyboard Shortcuts: a table of every action that has a shortcut.

Why read the window's actions when the dialog opens: any action added later (by any
module, in any menu or none) is listed without anyone updating a list here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def standard_shortcuts(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's shortcuts for ``key``; ``fallback`` where the platform has none."""
    return QKeySequence.keyBindings(key) or [QKeySequence(fallback)]


#: actions whose text changes with the state ("Undo Set value of Const"): a fixed label
_STEADY_LABELS = {"actionUndo": "Undo", "actionRedo": "Redo"}


def _typable(key: QKeySequence) -> bool:
    """Whether a user can type ``key`` on an ordinary keyboard: not the dedicated
    Save/Open/Copy … keys some platforms add to the standard bindings."""
    combination = key[0]
    return combination.key().value < Qt.Key.Key_Back.value


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _menu_paths(window: QMainWindow) -> dict[QAction, str]:
    """Where each action sits in the menu bar: ``File``, ``File › Open Recent``."""
    paths: dict[QAction, str] = {}

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} › {_clean(action.text())}")
            else:
                paths.setdefault(action, path)

    for top in window.menuBar().actions():
        sub = top.menu()
        if isinstance(sub, QMenu):
            walk(sub, _clean(top.text()))
    return paths


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(action, shortcut, menu) for every action of the window with a shortcut, by menu."""
    paths = _menu_paths(window)
    position = {action: i for i, action in enumerate(paths)}
    rows: list[tuple[str, str, str, int]] = []
    seen: set[int] = set()
    for action in window.findChildren(QAction):
        keys = [k for k in action.shortcuts() if not k.isEmpty() and _typable(k)]
        if not keys or id(action) in seen or not _clean(action.text()).strip():
            continue
        seen.add(id(action))
        text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        label = _STEADY_LABELS.get(action.objectName()) or _clean(action.text())
        rows.append((label, text, paths.get(action, ""),
                     position.get(action, len(position))))
    # menu order (as the menus list them), then the actions no menu shows, by name
    rows.sort(key=lambda r: (r[3], r[0].lower()))
    return [(text, keys, menu) for text, keys, menu, _ in rows]


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Action", "Shortcut", "Menu"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 460)

    def rows(self) -> list[tuple[str, str, str]]:
        table = self.table
        return [
            tuple(table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(table.rowCount())
        ]


def install_shortcuts_help(window: QMainWindow, help_menu: QMenu) -> QAction:
    """Add Help → Keyboard Shortcuts (``actionShortcuts``) to ``help_menu``."""
    action = QAction("&Keyboard Shortcuts", window)
    action.setObjectName("actionShortcuts")
    action.setStatusTip("List every keyboard shortcut")

    def show() -> None:
        dialog = ShortcutsDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(lambda _=False: show())
    first = help_menu.actions()[0] if help_menu.actions() else None
    help_menu.insertAction(first, action)
    return action
