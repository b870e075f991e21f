"""The canvas facade: one object the window, palette, inspector and document code use.

Why a facade: those parts need "add a node here", "change this attribute", "what is
selected", "replace the document" and an undo stack, not the dozen classes behind
them. Every edit method pushes exactly one undo command and raises the engine's
error (pushing nothing) when the engine refuses it.

Why ``read_only``: while a run is in flight the session reads the graph on another
thread, so the graph must not change under it. The run controller sets it; edits then
push nothing (API calls raise ``GraphEditError``, gestures only say why in the status bar).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from editor.adapter import GraphAdapter
from editor.bounds import json_coordinate, stored_view
from editor.canvas_groups import graph_names, make_room, positions_for, run_auto_layout
from editor.canvas_runs import PULSE_MS, RunStates
from editor.clipboard import (
    clipboard_document,
    document_graph,
    put_on_clipboard,
    read_positions,
    selection_document,
)
from editor.commands import (
    AddNode,
    CommandText,
    Composite,
    Connect,
    Disconnect,
    GraphCommand,
    MoveNodes,
    NudgeNodes,
    Paste,
    RemoveSelection,
    Rename,
    SetAttrs,
)
from editor.gc_pause import collection_paused, freeze_loaded, thaw
from editor.group_layer import GroupLayer
from editor.heap import return_freed_heap
from editor.i18n import QT_TRANSLATE_NOOP, translate
from editor.layout import layered_positions
from editor.scene import GraphScene
from editor.sections import SectionStore
from editor.view import GraphView
from engine import Graph, GraphEditError, GraphFileError, Operation

READ_ONLY = QT_TRANSLATE_NOOP("Canvas", "The graph is running — press Stop to edit it")


class Canvas(RunStates, QObject):
    """Owns ``graph``, ``adapter``, ``scene``, ``view`` and ``undo_stack``."""

    selectionChanged = Signal()
    statusMessage = Signal(str)
    #: a new document replaced the graph (``set_graph``)
    graphReplaced = Signal()
    #: any change to the op of this name: attrs, name (the new one), inputs, inference
    opChanged = Signal(str)
    showTensorNamesChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, graph: Graph | None = None) -> None:
        super().__init__(parent)
        self.graph = graph if graph is not None else Graph()
        self.adapter = GraphAdapter(self.graph, self)
        self.scene = GraphScene(self.adapter, self)
        self.view = GraphView(self.scene, parent if isinstance(parent, QWidget) else None)
        self.undo_stack = QUndoStack(self)
        self.sections = SectionStore(self)  # the editor section's other parts
        self._read_only = False
        self._running: set[str] = set()
        self._pulse_frame = 0
        self._pulse = QTimer(self)
        self._pulse.setInterval(PULSE_MS)
        self._pulse.timeout.connect(self._tick_pulse)
        self.scene.rebuild(self.graph, {})
        self.groups = GroupLayer(self.scene, self)
        self.groups.membersMoved.connect(self._on_nodes_moved)
        self.groups.expanded.connect(lambda scope: make_room(self, scope))
        self.scene.selectionChanged.connect(self.selectionChanged)
        self.scene.statusMessage.connect(self.statusMessage)
        self.scene.linkRequested.connect(self._on_link_requested)
        self.scene.unlinkRequested.connect(self._on_unlink_requested)
        self.scene.nodesMoved.connect(self._on_nodes_moved)
        self.view.zoomChanged.connect(self.scene.set_view_zoom)
        self.view.zoomChanged.connect(self._zoom_caches)
        self.view.nudgeRequested.connect(self.nudge_selection)
        self.adapter.attrsChanged.connect(self._emit_op_changed)
        self.adapter.inferred.connect(self._emit_op_changed)
        self.adapter.inferredMany.connect(self._emit_ops_changed)
        self.adapter.inputChanged.connect(self._emit_op_changed)
        self.adapter.opRenamed.connect(self._emit_op_changed)

    def _zoom_caches(self, zoom: float) -> None:
        """A small graph's items draw snapshots while a zoom is in progress; a large one's
        view draws one picture (``zoom_picture``)."""
        if not self.scene.virtual:
            self.scene.zoom_caches.zoomed(
                zoom, self.view.mapToScene(self.view.viewport().rect()).boundingRect())

    # --- the document ------------------------------------------------------------------------
    def set_graph(
        self, graph: Graph, editor_section: Mapping[str, Any] | None = None
    ) -> list[str]:
        """Replace the whole document: new items, positions and view; the undo history
        is cleared. Ops without a usable stored position (none, or not a finite number) get
        an automatic layered layout; one too far out is clamped into the canvas. Returns the
        names of the ops whose stored position was not used as it was. If building the new
        items fails, whatever the exception, the old graph and undo history are kept."""
        old_graph = self.graph
        old_positions = self._positions()
        old_collapsed = set(self.groups.collapsed)
        thaw()
        try:
            with collection_paused():  # see gc_pause: a load makes many small objects
                moved = self._show_graph(graph, editor_section)
        except BaseException:
            self.graph = old_graph
            self.adapter.set_graph(old_graph)
            self.scene.rebuild(old_graph, old_positions)
            self.groups.set_all(old_collapsed)
            raise
        self.undo_stack.clear()
        self._running.clear()
        self.graphReplaced.emit()
        self.sections.load(editor_section)
        self.selectionChanged.emit()
        if self.scene.virtual:  # what the load's temporaries held goes back to the system
            return_freed_heap()  # (and again after the first frame, which makes its own)
            self.view.trim_heap_after_paint = True
            freeze_loaded()
        return moved

    def _show_graph(self, graph: Graph, editor_section: Mapping[str, Any] | None) -> list[str]:
        self.graph = graph
        self.adapter.set_graph(graph)
        stored, corrected = read_positions(editor_section)
        positions = {n: p for n, p in stored.items() if n in graph}
        collapsed = self.groups.load(editor_section, graph_names(graph))
        positions = positions_for(self, graph, positions, collapsed)
        self.scene.rebuild(graph, positions)
        self.groups.set_all(collapsed)
        view = editor_section.get("view") if isinstance(editor_section, Mapping) else None
        center, zoom = stored_view(view)
        if center is not None and zoom is not None:
            shows_all = isinstance(view, Mapping) and view.get("shows_all") is True
            self.view.set_view_when_shown(center, zoom, shows_all)
        else:
            self.view.fit_all_when_shown()
        return [name for name in corrected if name in graph]

    def editor_section(self, base_dir: str | None = None) -> dict[str, Any]:
        """Positions, view and ``sections``, as stored in a graph file's ``editor`` section
        (in a file in ``base_dir``)."""
        num = json_coordinate
        nodes = {name: {"x": num(pos.x()), "y": num(pos.y())}
                 for name, pos in self._positions().items()}
        stored = self.view.stored_view()
        center, zoom = (stored[0], stored[1]) if stored else (self.view.center(), self.view.zoom())
        view = {"center": [num(center.x()), num(center.y())], "zoom": round(zoom, 4),
                "shows_all": self.view.shows_all()}
        return {"nodes": nodes, "view": view, "groups": self.groups.section(),
                **self.sections.dump(base_dir)}

    def auto_layout(self) -> None:
        """Lay every node out left to right, each scope level on its own (one undo step)."""
        if not self._refused():
            run_auto_layout(self)  # a large graph: on a thread, with progress

    # --- edits -------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """Whether edits are refused (a run is reading the graph)."""
        return self._read_only

    def set_read_only(self, on: bool) -> None:
        """Refuse (or allow again) every edit; gestures on the canvas are switched off too
        (panning and zooming still work)."""
        self._read_only = bool(on)
        self.view.setInteractive(not on)

    def _refused(self) -> bool:
        """For gestures and menu commands: say why nothing happens instead of raising."""
        if self._read_only:
            self.statusMessage.emit(translate("Canvas", READ_ONLY))
        return self._read_only

    def push(self, command: GraphCommand) -> GraphCommand:
        """Apply ``command`` and push it (raises, pushing nothing, if refused)."""
        return self._push(command)

    def refuses_edits(self) -> bool:  # for gestures and menu commands of other modules
        return self._refused()

    def _push(self, command: GraphCommand) -> GraphCommand:
        if self._read_only:
            self.statusMessage.emit(translate("Canvas", READ_ONLY))
            raise GraphEditError(translate("Canvas", READ_ONLY))
        command.try_apply()  # raises, pushing nothing, if the engine refuses
        self.undo_stack.push(command)
        return command

    def add_node(
        self, op_type: str, scene_pos: QPointF, attrs: dict[str, Any] | None = None,
        name: str | None = None, find_room: bool = False,
    ) -> str:
        """Add an op at ``scene_pos`` (its top-left corner), or with ``find_room`` at the
        nearest spot from there where it covers no node; returns the name it got."""
        command = AddNode(self, op_type, scene_pos, attrs, name, find_room)
        self._push(command)
        assert command.name is not None
        return command.name

    def set_attrs(self, op_name: str, changes: dict[str, Any]) -> None:
        """Change attributes; raises the engine's ``AttrError`` (nothing pushed) if invalid."""
        self._require(op_name)
        self._push(SetAttrs(self, op_name, changes))

    def rename(self, op_name: str, new_name: str) -> None:
        """Rename an op; raises ``GraphEditError`` (nothing pushed) if invalid or taken."""
        self._require(op_name)
        if new_name == op_name:
            return
        self._push(Rename(self, op_name, new_name))

    def connect(self, src_tensor_name: str, dst_op_name: str, index: int) -> None:
        """Wire a tensor (``add:0``) into an input, replacing its link; raises ``CycleError``
        or ``GraphEditError`` (nothing pushed) when refused."""
        dst = self._require(dst_op_name)
        try:
            tensor = self.graph.get_tensor_by_name(src_tensor_name)
        except (KeyError, ValueError) as e:
            raise GraphEditError(str(e).strip("'\"")) from None
        if not 0 <= index < len(dst.inputs):
            raise GraphEditError(f"{dst_op_name!r} has no input {index}")
        if dst.inputs[index] is tensor:
            return
        self._push(Connect(self, src_tensor_name, dst_op_name, index))

    def disconnect(self, dst_op_name: str, index: int) -> None:
        dst = self._require(dst_op_name)
        if not 0 <= index < len(dst.inputs):
            raise GraphEditError(f"{dst_op_name!r} has no input {index}")
        if dst.inputs[index] is None:
            return
        self._push(Disconnect(self, dst_op_name, index))

    def delete_selection(self) -> None:
        """Delete the selected nodes and links (one undo step)."""
        self._delete_selection(lambda: translate("Canvas", "Delete"))

    def _delete_selection(self, text: CommandText) -> None:
        if self._refused():
            return
        names = self.selected_op_names()
        links = [edge.key() for edge in self.scene.selected_edges()]
        if names or links:
            self._push(RemoveSelection(self, names, links, text))

    def nudge_selection(self, delta: QPointF) -> None:
        """Move the selected nodes by ``delta`` (the arrow keys); a run of nudges of the
        same nodes is one undo step."""
        if self._refused():
            return
        positions = {n: self.node_position(n) for n in self.scene.selected_names()}
        if positions:
            moves = {n: (p, p + delta) for n, p in positions.items()}
            self._push(NudgeNodes(self, moves, lambda: translate("Canvas", "Nudge")))

    # --- clipboard ---------------------------------------------------------------------------
    def _selection_document(self) -> dict[str, Any] | None:
        names = self.selected_op_names()
        if not names:
            return None
        positions = {n: self.node_position(n) for n in names}
        return selection_document(self.graph, names, positions)

    def copy(self) -> None:
        doc = self._selection_document()
        if doc is None:
            self.statusMessage.emit(translate("Canvas", "Nothing selected to copy"))
            return
        put_on_clipboard(doc)
        count = len(doc["ops"])
        self.statusMessage.emit((translate("Canvas", "Copied {count} node") if count == 1 else
                                 translate("Canvas", "Copied {count} nodes")).format(count=count))

    def cut(self) -> None:
        if self._refused():
            return
        doc = self._selection_document()
        if doc is None:
            self.statusMessage.emit(translate("Canvas", "Nothing selected to cut"))
            return
        put_on_clipboard(doc)
        self._delete_selection(lambda: translate("Canvas", "Cut"))

    def paste(self, at: QPointF | None = None) -> list[str]:
        """Paste the clipboard's nodes (unique names) with their top-left corner at ``at``,
        else at the mouse when it is over the canvas, else where they were copied; then
        moved to the nearest spot where they cover no node. They become the selection.
        Returns the names."""
        if self._refused():
            return []
        doc = clipboard_document()
        if doc is None:
            self.statusMessage.emit(
                translate("Canvas", "The clipboard holds no TensorCanvas nodes"))
            return []
        return self._paste_document(doc, at or self.view.pointer_scene_pos(),
                                    lambda: translate("Canvas", "Paste"))

    def duplicate_selection(self) -> list[str]:
        """Copy and paste the selection in one step, leaving the clipboard alone; the copy
        goes next to the originals, covering none of them."""
        if self._refused():
            return []
        doc = self._selection_document()
        if doc is None:
            return []
        return self._paste_document(doc, None, lambda: translate("Canvas", "Duplicate"))

    def _paste_document(self, doc: dict[str, Any], at: QPointF | None,
                        text: CommandText) -> list[str]:
        try:
            template, positions = document_graph(doc)
        except Exception as e:  # noqa: BLE001 — a paste never ends in a traceback
            why = e if isinstance(e, GraphFileError) else f"{type(e).__name__}: {str(e)[:200]}"
            message = translate("Canvas", "Cannot paste: {reason}")
            self.statusMessage.emit(message.format(reason=why))
            return []
        if len(template) == 0:
            return []
        missing = [op.name for op in template.get_operations() if op.name not in positions]
        if missing:
            layout = layered_positions(template)
            positions.update({n: QPointF(*layout[n]) for n in missing})
        shift = QPointF()
        if at is not None:
            left = min(p.x() for p in positions.values())
            top = min(p.y() for p in positions.values())
            shift = QPointF(at.x() - left, at.y() - top)
        command = Paste(self, template, {n: p + shift for n, p in positions.items()}, text,
                        find_room=True)
        self._push(command)
        names = command.created_names
        self.select_names(names)
        return names

    # --- selection and queries ---------------------------------------------------------------
    def select_all(self) -> None:
        """Every node, link and collapsed group on the canvas (one selection signal)."""
        self.scene.select_all(self.groups.boxes.values())
        self.selectionChanged.emit()

    def select_names(self, names: Iterable[str]) -> None:
        """Select exactly these ops' nodes."""
        wanted = set(names)
        self.scene.blockSignals(True)
        try:
            self.scene.clearSelection()
            for node in self.scene.nodes():
                if node.op.name in wanted:
                    node.setSelected(True)
            self.scene.select_rows(wanted)  # the ops without items (``scene_virtual``)
        finally:
            self.scene.blockSignals(False)
        self.scene.restyle_selected_edges()
        self.selectionChanged.emit()

    def selected_op_names(self) -> list[str]:
        """The selected ops' names, in graph order."""
        chosen = self.scene.selected_names() | self.groups.selected_ops()
        return [op.name for op in self.graph.get_operations() if op.name in chosen]

    def node_position(self, name: str) -> QPointF:
        pos = self.scene.position(name)
        if pos is None:
            raise KeyError(f"no node named {name!r}")
        return pos

    def _positions(self) -> dict[str, QPointF]:
        """Every op's node position (item or not: see ``scene_virtual``)."""
        scene = self.scene
        return {name: pos for name in scene.op_names()
                if (pos := scene.position(name)) is not None}

    def center_on(self, name: str) -> None:
        rect = self.scene.node_rect(name)
        if rect is not None:
            self.view.center_on(rect.center())

    def cursor_scene_pos(self) -> QPointF:
        return self.view.cursor_scene_pos()

    def fit_all(self) -> None:
        self.view.fit_all()

    def zoom_to_selection(self) -> None:
        self.view.zoom_to_selection()

    @property
    def show_tensor_names(self) -> bool:
        return self.scene.show_tensor_names

    @show_tensor_names.setter
    def show_tensor_names(self, on: bool) -> None:
        self.set_show_tensor_names(on)

    def set_show_tensor_names(self, on: bool) -> None:
        if bool(on) != self.scene.show_tensor_names:
            self.scene.set_show_tensor_names(bool(on))
            self.showTensorNamesChanged.emit(bool(on))

    # --- gestures from the scene -------------------------------------------------------------
    def _on_link_requested(
        self, src: str, dst: str, index: int, moved_from: tuple[str, int] | None
    ) -> None:
        if self._refused():
            return
        try:
            if moved_from is None:
                self.connect(src, dst, index)
            else:
                parts: list[GraphCommand] = [Connect(self, src, dst, index),
                                             Disconnect(self, *moved_from)]
                self._push(Composite(self, lambda: translate(
                    "Canvas", "Move link {src} \u2192 {dst}").format(src=src, dst=dst), parts))
        except GraphEditError as e:
            self.statusMessage.emit(translate("Canvas", "Cannot connect: {reason}").format(
                reason=e))

    def _on_unlink_requested(self, dst: str, index: int) -> None:
        if self._refused():
            return
        try:
            self.disconnect(dst, index)
        except GraphEditError as e:
            self.statusMessage.emit(translate("Canvas", "Cannot disconnect: {reason}").format(
                reason=e))

    def _on_nodes_moved(self, moves: dict[str, tuple[QPointF, QPointF]]) -> None:
        if self._refused():  # cannot happen while the view is not interactive; be safe
            for name, (old, _new) in moves.items():
                self.scene.set_node_position(name, old)
            return
        self._push(MoveNodes(self, moves))

    def _emit_op_changed(self, op: Operation, *_: object) -> None:
        self.opChanged.emit(op.name)

    def _emit_ops_changed(self, ops: list[Operation]) -> None:
        for op in ops:
            self.opChanged.emit(op.name)

    def _require(self, name: str) -> Operation:
        if name not in self.graph:
            raise GraphEditError(f"no op named {name!r}")
        return self.graph.get_operation_by_name(name)

    def items_rect(self) -> QRectF:
        return self.scene.content_rect()
