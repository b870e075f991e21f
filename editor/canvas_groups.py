"""What the canvas does with groups: Group, Ungroup, and the layout that honours them.

Why apart from ``canvas.py``: the canvas facade stays the one object others call, while
the rules for turning a selection into a scope (which scope Ungroup means, where a new
group's box goes) live here beside the group layer they read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QPointF, SignalInstance
from PySide6.QtWidgets import QGraphicsView

from editor import layout_job, style
from editor.commands import GraphCommand, MoveNodes
from editor.group_commands import GroupOps, UngroupScope
from editor.group_items import FRAME_HEADER, FRAME_PAD, box_size
from editor.group_layer import GroupLayer
from editor.groups import scope_chain
from editor.i18n import tr
from editor.layout import layout_missing
from editor.layout_job import LayoutJob
from editor.scene import GraphScene
from editor.scope_layout import LayoutInput, layout_input, layout_of
from engine import Graph, common_scope


class Canvas(Protocol):
    """What these functions need of the canvas facade (which imports this module)."""

    graph: Graph
    scene: GraphScene
    groups: GroupLayer
    view: QGraphicsView
    statusMessage: SignalInstance  # noqa: N815 - Qt's signal name

    @property
    def read_only(self) -> bool: ...

    def push(self, command: GraphCommand) -> GraphCommand: ...

    def refuses_edits(self) -> bool: ...

    def selected_op_names(self) -> list[str]: ...

    def select_names(self, names: Iterable[str]) -> None: ...



def estimated_size(graph: Graph, name: str) -> tuple[float, float]:
    """A node's size before its item exists (a document being opened)."""
    op = graph.get_operation_by_name(name)
    width = max(style.NODE_MIN_WIDTH, style.text_width("title", name[-style.TITLE_MAX_CHARS:])
                + style.text_width("small", op.type) + 3 * style.NODE_PADDING)
    rows = max(len(op.inputs), len(op.outputs), 1)
    return width, style.HEADER_HEIGHT + rows * style.ROW_HEIGHT + style.NODE_BOTTOM_PADDING


def scoped_layout(canvas: Canvas, graph: Graph, collapsed: set[str]) -> dict[str, QPointF]:
    """Positions for every op of ``graph``, each scope level laid out on its own."""
    laid = layout_of(scoped_layout_input(canvas, graph, collapsed))
    return {name: QPointF(x, y) for name, (x, y) in laid.items()}


def graph_names(graph: Graph) -> list[str]:
    return [op.name for op in graph.get_operations()]


def positions_for(canvas: Canvas, graph: Graph, stored: dict[str, QPointF],
                  collapsed: set[str]) -> dict[str, QPointF]:
    """Where a document's ops go: as stored; a graph without any stored position (an
    imported or generated one) laid out by scope; ops a file left out below the others."""
    missing = [op.name for op in graph.get_operations() if op.name not in stored]
    if missing and not stored:
        return scoped_layout(canvas, graph, collapsed)
    if missing:
        placed = {n: (p.x(), p.y()) for n, p in stored.items()}
        laid = layout_missing(graph, missing, placed)
        return {**stored, **{n: QPointF(*xy) for n, xy in laid.items()}}
    return stored


def scoped_layout_input(canvas: Canvas, graph: Graph, collapsed: set[str]) -> LayoutInput:
    """What the layout of ``graph`` reads: its names and links, the nodes' sizes."""
    scene = canvas.scene

    def size_of(name: str) -> tuple[float, float]:
        size = scene.body_size(name) if scene.graph is graph else None
        return size if size is not None else estimated_size(graph, name)

    counts: dict[str, int] = {}
    for op in graph.get_operations():
        for scope in scope_chain(op.name):
            counts[scope] = counts.get(scope, 0) + 1
    return layout_input(graph, collapsed, size_of, lambda s: box_size(s, counts[s]),
                        FRAME_PAD, FRAME_HEADER)


def apply_layout(canvas: Canvas, layout: dict[str, QPointF], text: str) -> bool:
    """Move the nodes to ``layout`` (one undo step named ``text``); whether any moved."""
    scene = canvas.scene
    moves = {name: (old, layout[name]) for name in scene.op_names() if name in layout
             and (old := scene.position(name)) is not None and layout[name] != old}
    if moves:
        canvas.push(MoveNodes(canvas, moves, text))
    return bool(moves)


def run_auto_layout(canvas: Canvas) -> LayoutJob | None:
    """Auto Layout: at once for a graph of fewer than ``ASYNC_LAYOUT_OPS`` ops, else on a
    thread with a progress dialog (returned); the result of one whose graph changed
    meanwhile is not applied."""
    graph = canvas.graph
    data = scoped_layout_input(canvas, graph, canvas.groups.collapsed)
    if len(graph) < layout_job.ASYNC_LAYOUT_OPS:
        laid = layout_of(data)
        apply_layout(canvas, {n: QPointF(x, y) for n, (x, y) in laid.items()}, tr("Auto Layout"))
        return None
    version = graph.version

    def done(layout: dict[str, QPointF]) -> None:
        if canvas.graph is not graph or graph.version != version:
            canvas.statusMessage.emit(tr("Auto Layout was not applied: the graph changed "
                                         "while it was being laid out"))
        elif not canvas.read_only:
            apply_layout(canvas, layout, tr("Auto Layout"))

    return LayoutJob(data, canvas.view, done)


def group_selection(canvas: Canvas, base: str = "group") -> str | None:
    """Move the selected ops into a new scope (one undo step) and show it collapsed and
    selected; returns the scope, or None when nothing is selected."""
    if canvas.refuses_edits():
        return None
    names = canvas.selected_op_names()
    if not names:
        canvas.statusMessage.emit(tr("Select the nodes to group first"))
        return None
    command = GroupOps(canvas, names, base)
    canvas.push(command)
    scope = command.scope
    assert scope is not None
    canvas.groups.set_collapsed(scope, True)
    canvas.scene.clearSelection()
    box = canvas.groups.boxes.get(scope)
    if box is not None:
        box.setSelected(True)
    canvas.statusMessage.emit(tr("Grouped {count} nodes as {scope}").format(
        count=len(names), scope=scope))
    return scope


def scope_to_ungroup(canvas: Canvas) -> str | None:
    """The selected collapsed group, else the innermost scope holding every selected node."""
    boxes = [box.scope for box in canvas.groups.boxes.values() if box.isSelected()]
    if boxes:
        return min(boxes, key=len)
    names = sorted(canvas.scene.selected_names())
    scope = common_scope(names) if names else ""
    return scope or None


def ungroup_selection(canvas: Canvas) -> str | None:
    """Dissolve the scope ``scope_to_ungroup`` names (one undo step); returns it."""
    if canvas.refuses_edits():
        return None
    scope = scope_to_ungroup(canvas)
    if scope is None:
        canvas.statusMessage.emit(tr("Select a group (or nodes inside one) to ungroup"))
        return None
    command = UngroupScope(canvas, scope)
    canvas.push(command)
    canvas.groups.set_collapsed(scope, False)
    canvas.select_names((command.renames or {}).values())
    return scope


def make_room(canvas: Canvas, scope: str) -> bool:
    """After ``scope`` was expanded in place: if its frame now covers other nodes or
    groups, lay the graph out again (one undo step), so nothing is drawn on top of
    anything. Returns whether it did."""
    frame = canvas.groups.frames.get(scope)
    if frame is None or canvas.read_only:
        return False
    rect = frame.rect()
    inside = scope + "/"
    covered = False
    for item in canvas.scene.items(rect):
        name = getattr(getattr(item, "op", None), "name", None)
        other = getattr(item, "scope", None) if name is None else None
        if name is not None and item.isVisible() and not name.startswith(inside):
            covered = item.sceneBoundingRect().intersects(rect)
        elif isinstance(other, str) and item in canvas.groups.boxes.values():
            covered = not other.startswith(inside)
        if covered:
            break
    if not covered:
        return False
    layout = scoped_layout(canvas, canvas.graph, canvas.groups.collapsed)
    moved = apply_layout(canvas, layout, tr("Make room for {scope}").format(scope=scope))
    if moved:
        canvas.groups.refresh()
    return moved
