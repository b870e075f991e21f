"""The canvas's actions: Edit (undo, clipboard, delete, select) and View (zoom, fit, names).

Why here and not in main_window.py: the window stays a frame of menus and docks; this
module says what each canvas action is called, which key it has and what it does.

Why the selection actions (Cut, Copy, Paste, Duplicate, Delete, Select All, Fit) have
a canvas-only shortcut context: with the inspector or palette focused, Delete or
Ctrl+A must act on that widget's text, not delete nodes. The menu still triggers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from editor.canvas import Canvas

Key = QKeySequence.StandardKey


def shortcuts(key: Key | None, fallback: str = "") -> list[QKeySequence]:
    """The platform's bindings for ``key``; ``fallback`` where the platform has none."""
    bindings = QKeySequence.keyBindings(key) if key is not None else []
    if bindings:
        return list(bindings)
    return [QKeySequence(fallback)] if fallback else []


@dataclass
class CanvasActions:
    undo: QAction
    redo: QAction
    cut: QAction
    copy: QAction
    paste: QAction
    duplicate: QAction
    delete: QAction
    select_all: QAction
    fit: QAction
    zoom_to_selection: QAction
    zoom_in: QAction
    zoom_out: QAction
    show_tensor_names: QAction
    auto_layout: QAction


def _action(
    window: QMainWindow, text: str, name: str, keys: list[QKeySequence],
    slot: Callable[[], object], tip: str = "",
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.setShortcuts(keys)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _canvas_only(action: QAction, canvas: Canvas) -> None:
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    canvas.view.addAction(action)


def create_canvas_actions(
    window: QMainWindow, canvas: Canvas, edit_menu: QMenu, view_menu: QMenu
) -> CanvasActions:
    """Create the canvas actions, put them in the Edit and View menus, return them."""
    stack = canvas.undo_stack
    undo = stack.createUndoAction(window, "&Undo")
    undo.setObjectName("actionUndo")
    undo.setShortcuts(shortcuts(Key.Undo, "Ctrl+Z"))
    redo = stack.createRedoAction(window, "&Redo")
    redo.setObjectName("actionRedo")
    redo.setShortcuts(shortcuts(Key.Redo, "Ctrl+Shift+Z"))

    a = CanvasActions(
        undo=undo,
        redo=redo,
        cut=_action(window, "Cu&t", "actionCut", shortcuts(Key.Cut, "Ctrl+X"), canvas.cut,
                    "Cut the selected nodes"),
        copy=_action(window, "&Copy", "actionCopy", shortcuts(Key.Copy, "Ctrl+C"), canvas.copy,
                     "Copy the selected nodes"),
        paste=_action(window, "&Paste", "actionPaste", shortcuts(Key.Paste, "Ctrl+V"),
                      canvas.paste, "Paste nodes"),
        duplicate=_action(window, "D&uplicate", "actionDuplicate", [QKeySequence("Ctrl+D")],
                          canvas.duplicate_selection, "Duplicate the selected nodes"),
        delete=_action(window, "&Delete", "actionDelete", shortcuts(Key.Delete, "Del"),
                       canvas.delete_selection, "Delete the selected nodes and links"),
        select_all=_action(window, "Select &All", "actionSelectAll",
                           shortcuts(Key.SelectAll, "Ctrl+A"), canvas.select_all),
        fit=_action(window, "&Fit", "actionFit", [QKeySequence("F")], canvas.fit_all,
                    "Show the whole graph"),
        zoom_to_selection=_action(window, "Zoom to &Selection", "actionZoomToSelection",
                                  [QKeySequence("Shift+F")], canvas.zoom_to_selection),
        # Ctrl+= too: on most keyboards "+" needs Shift, and "=" is the same key without it
        zoom_in=_action(window, "Zoom &In", "actionZoomIn",
                        shortcuts(Key.ZoomIn, "Ctrl++") + [QKeySequence("Ctrl+=")],
                        canvas.view.zoom_in),
        zoom_out=_action(window, "Zoom &Out", "actionZoomOut",
                         shortcuts(Key.ZoomOut, "Ctrl+-"), canvas.view.zoom_out),
        show_tensor_names=QAction("Show &Tensor Names", window),
        auto_layout=_action(window, "&Auto Layout", "actionAutoLayout", [],
                            canvas.auto_layout, "Arrange all nodes left to right"),
    )
    names = a.show_tensor_names
    names.setObjectName("actionShowTensorNames")
    names.setCheckable(True)
    names.setChecked(canvas.show_tensor_names)
    names.setStatusTip("Show each link's tensor name (mul:0) next to its shape")
    names.toggled.connect(canvas.set_show_tensor_names)
    canvas.showTensorNamesChanged.connect(names.setChecked)

    for action in (a.cut, a.copy, a.paste, a.duplicate, a.delete, a.select_all, a.fit,
                   a.zoom_to_selection):
        _canvas_only(action, canvas)

    has_selection = lambda: bool(canvas.scene.selectedItems())  # noqa: E731
    has_nodes = lambda: bool(canvas.selected_op_names())  # noqa: E731

    def update_enabled() -> None:
        for action in (a.cut, a.copy, a.duplicate):
            action.setEnabled(has_nodes())
        a.delete.setEnabled(has_selection())

    canvas.selectionChanged.connect(update_enabled)
    canvas.graphReplaced.connect(update_enabled)
    update_enabled()

    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([a.cut, a.copy, a.paste, a.duplicate, a.delete])
    edit_menu.addSeparator()
    edit_menu.addAction(a.select_all)
    view_menu.addActions([a.fit, a.zoom_to_selection, a.zoom_in, a.zoom_out])
    view_menu.addSeparator()
    view_menu.addActions([a.show_tensor_names, a.auto_layout])
    view_menu.addSeparator()
    return a
