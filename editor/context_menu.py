"""The right-click menu on nodes, groups and links.

Why built per click from what is under the cursor: the entries depend on it (a node
inside a scope can collapse that scope, a group can be expanded or ungrouped, a link
deleted), and every entry calls the same canvas API as the menus, so it is one undo
step like them. Right-click on empty canvas stays the Add Node menu (search_popup).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QInputDialog, QMenu

from editor.canvas_groups import group_selection, ungroup_selection
from editor.edge_item import EdgeItem
from editor.group_items import GroupBox, GroupFrame
from editor.groups import scope_chain
from editor.i18n import tr
from editor.node_item import NodeItem
from editor.search_popup import SearchPopup
from engine import GraphEditError

if TYPE_CHECKING:
    from editor.canvas import Canvas


def _item_at(canvas: Canvas, pos: QPoint) -> object | None:
    for item in canvas.view.items(pos):
        while item is not None and not isinstance(
                item, NodeItem | EdgeItem | GroupBox | GroupFrame):
            item = item.parentItem()
        if item is not None:
            return item
    return None


def build_menu(canvas: Canvas, item: object, owner: ContextMenus | None = None,
               at: QPoint | None = None) -> QMenu | None:
    """The menu for ``item`` (a node, a group's box or frame, a link), or None. ``owner``
    (the window's wiring) adds Run Up to Here and Show Value; ``at`` is where in the
    view the menu opens (an op inserted on a link goes there)."""
    menu = QMenu(canvas.view)
    tr = menu.tr
    if isinstance(item, NodeItem):
        name = item.op.name
        if not item.isSelected():
            canvas.select_names([name])
        if owner is not None:
            menu.addAction(tr("Run Up to Here"), lambda: owner.runRequested.emit(name))
            menu.addAction(tr("Show Value"), lambda: owner.showValueRequested.emit(name))
            menu.addSeparator()
        menu.addAction(tr("Rename…"), lambda: rename_dialog(canvas, name))
        menu.addAction(tr("Duplicate"), canvas.duplicate_selection)
        menu.addAction(tr("Delete"), canvas.delete_selection)
        menu.addSeparator()
        menu.addAction(tr("Group"), lambda: group_selection(canvas))
        chain = scope_chain(name)
        if chain:
            scope = chain[-1]
            menu.addAction(tr("Collapse {scope}").format(scope=scope),
                           lambda: canvas.groups.set_collapsed(scope, True))
            menu.addAction(tr("Ungroup {scope}").format(scope=scope),
                           lambda: ungroup_selection(canvas))
    elif isinstance(item, GroupBox | GroupFrame):
        scope = item.scope
        canvas.scene.clearSelection()
        if isinstance(item, GroupBox):
            item.setSelected(True)
            menu.addAction(tr("Expand"), lambda: canvas.groups.toggle(scope))
        else:
            canvas.groups.select_members(scope)
            menu.addAction(tr("Collapse"), lambda: canvas.groups.toggle(scope))
        menu.addAction(tr("Ungroup"), lambda: ungroup_selection(canvas))
        menu.addAction(tr("Delete"), canvas.delete_selection)
    elif isinstance(item, EdgeItem):
        dst, index = item.key()
        src = item.tensor.name
        where = at if at is not None else canvas.view.mapFromScene(item.label_rect().center())
        menu.addAction(tr("Insert Op…"), lambda: open_insert_popup(canvas, src, dst, index,
                                                                   where))
        menu.addAction(tr("Delete Link"), lambda: canvas.disconnect(dst, index))
    else:
        return None
    return menu


def rename_dialog(canvas: Canvas, name: str) -> None:
    new, ok = QInputDialog.getText(canvas.view, tr("Rename"),
                                   tr("New name for {name}:").format(name=name),
                                   text=name)
    if ok and new and new != name:
        try:
            canvas.rename(name, new)
        except GraphEditError as e:
            canvas.statusMessage.emit(tr("Cannot rename: {e}").format(e=e))


def insert_on_link(canvas: Canvas, op_type: str, src: str, dst: str, index: int,
                   scene_pos: QPointF) -> str | None:
    """Put a new ``op_type`` node on the link ``src`` → input ``index`` of ``dst``: the
    link then runs through the new node's first input and output. One undo step; if
    any part is refused, nothing is left of it. Returns the new node's name."""
    stack = canvas.undo_stack
    stack.beginMacro(tr("Insert {op} on {src} \u2192 {dst}").format(
        op=op_type, src=src, dst=dst))
    try:
        name = canvas.add_node(op_type, scene_pos, find_room=True)
        op = canvas.graph.get_operation_by_name(name)
        if op.inputs:
            canvas.connect(src, name, 0)
        if op.outputs:
            canvas.connect(f"{name}:0", dst, index)
    except GraphEditError as e:
        stack.endMacro()
        stack.undo()
        canvas.statusMessage.emit(tr("Cannot insert {op}: {e}").format(
            op=op_type, e=e))
        return None
    stack.endMacro()
    canvas.select_names([name])
    return name


def open_insert_popup(canvas: Canvas, src: str, dst: str, index: int, at: QPoint) -> None:
    """The op search popup; the op chosen there is inserted on the link."""
    popup = canvas.view.findChild(SearchPopup, "insertOpPopup")
    if not isinstance(popup, SearchPopup):  # one per canvas, made on first use
        popup = SearchPopup(canvas.view)
        popup.setObjectName("insertOpPopup")
        popup.opChosen.connect(lambda op_type, pos, popup=popup: insert_on_link(
            canvas, op_type, *popup.property("link"), pos))
    popup.setProperty("link", [src, dst, index])
    popup.popup(at)


class ContextMenus(QObject):
    """Opens ``build_menu`` on right-clicks over items of ``canvas``'s view."""

    #: Run Up to Here on this op (the window runs it and what it needs)
    runRequested = Signal(str)
    #: Show Value of this op (the window shows the results dock for it)
    showValueRequested = Signal(str)

    def __init__(self, canvas: Canvas) -> None:
        super().__init__(canvas.view)
        self.canvas = canvas
        canvas.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not shiboken6.isValid(self.canvas.view):
            return False
        if event.type() == QEvent.Type.ContextMenu:
            assert isinstance(event, QContextMenuEvent)
            item = _item_at(self.canvas, event.pos())
            if item is not None and not self.canvas.read_only:
                menu = build_menu(self.canvas, item, self, event.pos())
                if menu is not None:
                    menu.exec(event.globalPos())
                    menu.deleteLater()
                    return True
        return super().eventFilter(watched, event)
