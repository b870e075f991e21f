"""Help → Keyboard Shortcuts: a table of every action that has a shortcut, and of what
the canvas does with keys and the mouse beyond its actions; and one action per key.

Why read the window's actions when the dialog opens: any action added later (by any
module, in any menu or none) is listed without anyone updating a list here.

Why keys are made unambiguous after the window is built (``resolve_shortcut_conflicts``):
the platform's standard bindings differ by desktop, and some add alternatives that
another action already uses as its own key (GNOME's and KDE's Delete is also Ctrl+D,
TensorCanvas's Duplicate). Two actions on one key make Qt run neither ("Ambiguous
shortcut overload"), so an alternative gives way to an action's own key.
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

from editor.i18n import QT_TRANSLATE_NOOP, keep_translated, translate


def standard_shortcuts(key: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's shortcuts for ``key``; ``fallback`` where the platform has none."""
    return QKeySequence.keyBindings(key) or [QKeySequence(fallback)]


#: actions whose text changes with the state ("Undo Set value of Const"): a fixed label
_STEADY_LABELS = {"actionUndo": QT_TRANSLATE_NOOP("Shortcuts", "Undo"),
                  "actionRedo": QT_TRANSLATE_NOOP("Shortcuts", "Redo")}


#: what the canvas does with keys and the mouse that no action stands for: (what, how, where),
#: source texts of the "Shortcuts" context
_GESTURES: tuple[tuple[str, str, str], ...] = (
    (QT_TRANSLATE_NOOP("Shortcuts", "Add a node: search at the cursor"), "Tab",
     QT_TRANSLATE_NOOP("Shortcuts", "Canvas")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Add a node: search where clicked"),
     QT_TRANSLATE_NOOP("Shortcuts", "Double-click empty canvas"),
     QT_TRANSLATE_NOOP("Shortcuts", "Canvas")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Add a node from a menu"),
     QT_TRANSLATE_NOOP("Shortcuts", "Right-click empty canvas"),
     QT_TRANSLATE_NOOP("Shortcuts", "Canvas")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Pan"),
     QT_TRANSLATE_NOOP("Shortcuts", "Space+drag, middle-drag"),
     QT_TRANSLATE_NOOP("Shortcuts", "Canvas")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Zoom around the cursor"),
     QT_TRANSLATE_NOOP("Shortcuts", "Wheel"), QT_TRANSLATE_NOOP("Shortcuts", "Canvas")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Nudge the selected nodes"),
     QT_TRANSLATE_NOOP("Shortcuts", "Arrow keys (Shift: 5× as far)"),
     QT_TRANSLATE_NOOP("Shortcuts", "Canvas")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Cancel the wire being dragged"), "Esc",
     QT_TRANSLATE_NOOP("Shortcuts", "Canvas")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Close the node search"), "Esc",
     QT_TRANSLATE_NOOP("Shortcuts", "Node search")),
    (QT_TRANSLATE_NOOP("Shortcuts", "Apply a typed value"),
     QT_TRANSLATE_NOOP("Shortcuts", "Enter (again to confirm a changed value)"),
     QT_TRANSLATE_NOOP("Shortcuts", "Inspector")),
)


def canvas_gestures() -> list[tuple[str, str, str]]:
    """What the canvas does with keys and the mouse that no action stands for, in the
    interface's language: (what, how, where)."""
    return [tuple(translate("Shortcuts", part) for part in row)  # type: ignore[misc]
            for row in _GESTURES]


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


def _place(action: QAction) -> str:
    """Where an action that no menu shows works: its widget's accessible name (the
    results table's Copy answers Ctrl+C there, the canvas's elsewhere)."""
    if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
        return ""
    for owner in action.associatedObjects():
        if isinstance(owner, QWidget) and owner.accessibleName():
            return owner.accessibleName()
    return ""


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
        steady = _STEADY_LABELS.get(action.objectName())
        label = translate("Shortcuts", steady) if steady else _clean(action.text())
        rows.append((label, text, paths.get(action) or _place(action),
                     position.get(action, len(position))))
    # menu order (as the menus list them), then the actions no menu shows, by name
    rows.sort(key=lambda r: (r[3], r[0].lower()))
    return [(text, keys, menu) for text, keys, menu, _ in rows]


def _scope(action: QAction) -> tuple[int, ...] | None:
    """Where ``action``'s keys work: ``None`` for the whole window, else the widgets whose
    focus (with their children) they need."""
    if action.shortcutContext() in (
        Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut
    ):
        return None
    return tuple(sorted(id(o) for o in action.associatedObjects() if isinstance(o, QWidget)))


def _overlap(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> bool:
    return a is None or b is None or bool(set(a) & set(b))


def _bindings(window: QMainWindow) -> dict[str, list[tuple[int, int, QAction]]]:
    """Every key of every action of the window: ``{key: [(rank in its action's list,
    creation order, action)]}``."""
    keys: dict[str, list[tuple[int, int, QAction]]] = {}
    for order, action in enumerate(window.findChildren(QAction)):
        for rank, key in enumerate(action.shortcuts()):
            if not key.isEmpty():
                keys.setdefault(key.toString(), []).append((rank, order, action))
    return keys


def shortcut_conflicts(window: QMainWindow) -> dict[str, list[str]]:
    """``{key: [action names]}`` for each key that two actions answer at once."""
    clashes: dict[str, list[str]] = {}
    for key, holders in _bindings(window).items():
        names = {
            a.objectName() or _clean(a.text())
            for _, _, a in holders
            for _, _, b in holders
            if a is not b and _overlap(_scope(a), _scope(b))
        }
        if names:
            clashes[key] = sorted(names)
    return clashes


def resolve_shortcut_conflicts(window: QMainWindow) -> list[tuple[str, str]]:
    """Leave each key to one action: where two answer the same key at once, the one that
    has it first in its list (its own key, not a platform alternative) keeps it, the
    earlier-made on a tie. Returns the ``(key, action)`` bindings it removed."""
    removed: list[tuple[str, str]] = []
    for key, holders in _bindings(window).items():
        kept: list[QAction] = []
        for _rank, _order, action in sorted(holders, key=lambda h: (h[0], h[1])):
            if any(_overlap(_scope(action), _scope(k)) for k in kept):
                action.setShortcuts([k for k in action.shortcuts() if k.toString() != key])
                removed.append((key, action.objectName()))
            else:
                kept.append(action)
    return removed


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(translate("Shortcuts", "Keyboard Shortcuts"))
        rows = shortcut_rows(window) + canvas_gestures()
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([
            translate("Shortcuts", "Action"), translate("Shortcuts", "Shortcut"),
            translate("Shortcuts", "Menu or place")])
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
        self.resize(660, 700)

    def rows(self) -> list[tuple[str, str, str]]:
        table = self.table
        return [
            tuple(table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(table.rowCount())
        ]


def install_shortcuts_help(window: QMainWindow, help_menu: QMenu) -> QAction:
    """Add Help → Keyboard Shortcuts (``actionShortcuts``) to ``help_menu``."""
    action = QAction(window)
    action.setObjectName("actionShortcuts")
    keep_translated(window, lambda: (
        action.setText(translate("Shortcuts", "&Keyboard Shortcuts")),
        action.setStatusTip(translate("Shortcuts", "List every keyboard shortcut")),
    ))

    def show() -> None:
        dialog = ShortcutsDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(lambda _=False: show())
    first = help_menu.actions()[0] if help_menu.actions() else None
    help_menu.insertAction(first, action)
    return action
