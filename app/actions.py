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

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from editor.canvas import Canvas
from editor.commands import GraphCommand
from editor.i18n import QT_TRANSLATE_NOOP, keep_translated, translate

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
    """``text`` and ``tip`` are source texts of the "Actions" context (marked with
    QT_TRANSLATE_NOOP where they are written), translated now and at each language
    change."""
    action = QAction(window)
    action.setObjectName(name)
    action.setShortcuts(keys)
    keep_translated(window, lambda: (
        action.setText(translate("Actions", text)),
        action.setStatusTip(translate("Actions", tip) if tip else ""),
    ))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _canvas_only(action: QAction, canvas: Canvas) -> None:
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    canvas.view.addAction(action)


def _keep_undo_texts(window: QMainWindow, canvas: Canvas, undo: QAction, redo: QAction) -> None:
    """Undo and Redo name the step they would undo (the command's translated text),
    in the interface's language, also after a switch."""
    stack = canvas.undo_stack
    steps = {"undo": stack.undoText(), "redo": stack.redoText()}

    def update() -> None:
        if not shiboken6.isValid(undo) or not shiboken6.isValid(redo):
            return  # the window is being destroyed
        undo.setText(translate("Actions", "&Undo {step}").format(step=steps["undo"])
                     if steps["undo"] else translate("Actions", "&Undo"))
        redo.setText(translate("Actions", "&Redo {step}").format(step=steps["redo"])
                     if steps["redo"] else translate("Actions", "&Redo"))

    def changed(which: str, text: str) -> None:
        steps[which] = text
        update()

    # the texts come with the signals: the stack is not asked again (it may be going)
    stack.undoTextChanged.connect(lambda text: changed("undo", text))
    stack.redoTextChanged.connect(lambda text: changed("redo", text))
    def retranslate() -> None:  # the history's steps, then the actions naming them
        if not shiboken6.isValid(stack):
            return
        for i in range(stack.count()):
            command = stack.command(i)
            if isinstance(command, GraphCommand):
                command.retranslate()
        steps["undo"], steps["redo"] = stack.undoText(), stack.redoText()
        update()

    keep_translated(window, retranslate)


def create_canvas_actions(
    window: QMainWindow, canvas: Canvas, edit_menu: QMenu, view_menu: QMenu
) -> CanvasActions:
    """Create the canvas actions, put them in the Edit and View menus, return them."""
    stack = canvas.undo_stack
    undo = stack.createUndoAction(window)
    undo.setObjectName("actionUndo")
    undo.setShortcuts(shortcuts(Key.Undo, "Ctrl+Z"))
    redo = stack.createRedoAction(window)
    redo.setObjectName("actionRedo")
    redo.setShortcuts(shortcuts(Key.Redo, "Ctrl+Shift+Z"))
    _keep_undo_texts(window, canvas, undo, redo)

    a = CanvasActions(
        undo=undo,
        redo=redo,
        cut=_action(window, QT_TRANSLATE_NOOP("Actions", "Cu&t"), "actionCut",
                    shortcuts(Key.Cut, "Ctrl+X"), canvas.cut,
                    QT_TRANSLATE_NOOP("Actions", "Cut the selected nodes")),
        copy=_action(window, QT_TRANSLATE_NOOP("Actions", "&Copy"), "actionCopy",
                     shortcuts(Key.Copy, "Ctrl+C"), canvas.copy,
                     QT_TRANSLATE_NOOP("Actions", "Copy the selected nodes")),
        paste=_action(window, QT_TRANSLATE_NOOP("Actions", "&Paste"), "actionPaste",
                      shortcuts(Key.Paste, "Ctrl+V"), canvas.paste,
                      QT_TRANSLATE_NOOP("Actions", "Paste nodes")),
        duplicate=_action(window, QT_TRANSLATE_NOOP("Actions", "D&uplicate"), "actionDuplicate",
                          [QKeySequence("Ctrl+D")], canvas.duplicate_selection,
                          QT_TRANSLATE_NOOP("Actions", "Duplicate the selected nodes")),
        delete=_action(window, QT_TRANSLATE_NOOP("Actions", "&Delete"), "actionDelete",
                       shortcuts(Key.Delete, "Del"), canvas.delete_selection,
                       QT_TRANSLATE_NOOP("Actions", "Delete the selected nodes and links")),
        select_all=_action(window, QT_TRANSLATE_NOOP("Actions", "Select &All"), "actionSelectAll",
                           shortcuts(Key.SelectAll, "Ctrl+A"), canvas.select_all),
        fit=_action(window, QT_TRANSLATE_NOOP("Actions", "&Fit"), "actionFit",
                    [QKeySequence("F")], canvas.fit_all,
                    QT_TRANSLATE_NOOP("Actions", "Show the whole graph")),
        zoom_to_selection=_action(window, QT_TRANSLATE_NOOP("Actions", "Zoom to &Selection"),
                                  "actionZoomToSelection", [QKeySequence("Shift+F")],
                                  canvas.zoom_to_selection),
        # Ctrl+= too: on most keyboards "+" needs Shift, and "=" is the same key without it
        zoom_in=_action(window, QT_TRANSLATE_NOOP("Actions", "Zoom &In"), "actionZoomIn",
                        shortcuts(Key.ZoomIn, "Ctrl++") + [QKeySequence("Ctrl+=")],
                        canvas.view.zoom_in),
        zoom_out=_action(window, QT_TRANSLATE_NOOP("Actions", "Zoom &Out"), "actionZoomOut",
                         shortcuts(Key.ZoomOut, "Ctrl+-"), canvas.view.zoom_out),
        show_tensor_names=QAction(window),
        auto_layout=_action(window, QT_TRANSLATE_NOOP("Actions", "&Auto Layout"),
                            "actionAutoLayout", [], canvas.auto_layout,
                            QT_TRANSLATE_NOOP("Actions", "Arrange all nodes left to right")),
    )
    names = a.show_tensor_names
    names.setObjectName("actionShowTensorNames")
    names.setCheckable(True)
    names.setChecked(canvas.show_tensor_names)
    keep_translated(window, lambda: (
        names.setText(translate("Actions", "Show &Tensor Names")),
        names.setStatusTip(translate(
            "Actions", "Show each link's tensor name (mul:0) next to its shape")),
    ))
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
