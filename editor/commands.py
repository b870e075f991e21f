"""Undo commands: one per user action, each calling the engine's editing API.

Why they store names, not objects: undoing a removal creates a new ``Operation``
with the old name, so every later command must find its op by name again.

Why ``try_apply`` before pushing: the engine refuses some edits (``AttrError``,
``GraphEditError``, ``CycleError``) and then changes nothing. The canvas applies a
command first and pushes it only when that worked, so a refused edit raises to its
caller and never leaves a command on the stack (``QUndoStack.push`` calls ``redo``,
which then skips the edit already made).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QPointF
from PySide6.QtGui import QUndoCommand

from editor.gc_pause import collection_paused
from editor.i18n import translate
from editor.placement import free_offset
from editor.scene import GraphScene
from engine import (
    Graph,
    GraphEditError,
    OpDef,
    Operation,
    Tensor,
    free_scope_name,
    remove_ops,
    scope_names,
)

#: a TF-style uniquifying suffix: ``Const_1`` is ``Const`` numbered
_NUMBERED = re.compile(r"_\d+$")


class EditContext(Protocol):
    """What commands need: the current graph and the scene that holds positions."""

    graph: Graph
    scene: GraphScene


#: a step's text, or what makes it in the interface's language (said again at a switch)
CommandText = str | Callable[[], str]


class GraphCommand(QUndoCommand):
    """Base: ``apply``/``revert`` do the work; the first ``redo`` after ``try_apply`` is
    skipped because the edit is already made."""

    def __init__(self, ctx: EditContext, text: CommandText) -> None:
        super().__init__(text() if callable(text) else text)
        self.ctx = ctx
        self._already_applied = False
        #: makes the text again in the interface's language (``retranslate``)
        self._make_text = text if callable(text) else None

    def retranslate(self) -> None:
        """Say the step's text (the undo history's line) in the language installed now."""
        if self._make_text is not None:
            self.setText(self._make_text())

    def try_apply(self) -> None:
        """Make the edit now; raises (and the graph is unchanged) when the engine refuses."""
        with self._editing():
            self.apply()
        self._already_applied = True

    def redo(self) -> None:
        if self._already_applied:
            self._already_applied = False
            return
        with self._editing():
            self.apply()

    def undo(self) -> None:
        with self._editing():
            self.revert()

    @contextmanager
    def _editing(self) -> Iterator[None]:
        """One report of what the edit inferred again, and no collector pass meanwhile."""
        with self.ctx.scene.adapter.batching(), collection_paused():
            yield

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    # helpers
    @property
    def graph(self) -> Graph:
        return self.ctx.graph

    def op(self, name: str) -> Operation:
        return self.graph.get_operation_by_name(name)

    def tensor(self, name: str) -> Tensor:
        return self.graph.get_tensor_by_name(name)

    def position(self, name: str) -> QPointF:
        return self.ctx.scene.position(name) or QPointF()


class Composite(GraphCommand):
    """Several commands as one undo step (moving a link = connect + disconnect)."""

    def __init__(self, ctx: EditContext, text: CommandText,
                 parts: Sequence[GraphCommand]) -> None:
        super().__init__(ctx, text)
        self.parts = list(parts)

    def apply(self) -> None:
        done: list[GraphCommand] = []
        try:
            for part in self.parts:
                part.apply()
                done.append(part)
        except Exception:
            for part in reversed(done):
                part.revert()
            raise

    def revert(self) -> None:
        for part in reversed(self.parts):
            part.revert()


class AddNode(GraphCommand):
    """Add one op at a scene position. The first run picks a TF-style unique name and,
    with ``find_room``, moves the node to the nearest spot where it covers no other."""

    def __init__(
        self, ctx: EditContext, op_type: str, pos: QPointF,
        attrs: Mapping[str, Any] | None = None, name: str | None = None,
        find_room: bool = False,
    ) -> None:
        super().__init__(ctx, lambda: translate("Commands", "Add {op}").format(op=op_type))
        self.op_type = op_type
        self.pos = QPointF(pos)
        self.attrs = dict(attrs or {})
        self.requested_name = name
        self.name: str | None = None
        self.find_room = find_room

    def apply(self) -> None:
        first = self.name is None
        if self.name is None:
            op = self.graph.add_op(self.op_type, name=self.requested_name, attrs=self.attrs)
            self.name = op.name
            self.attrs = op.attrs
            name = self.name
            self._make_text = lambda: translate("Commands", "Add {op}").format(op=name)
            self.retranslate()
        else:
            self.graph.add_op(self.op_type, name=self.name, attrs=self.attrs, exact_name=True)
        scene = self.ctx.scene
        scene.set_node_position(self.name, self.pos)
        node = scene.node_named(self.name)
        if first and self.find_room and node is not None:  # placed by its real size
            self.pos = self.pos + free_offset(scene, [node])
            scene.set_node_position(self.name, self.pos)

    def revert(self) -> None:
        assert self.name is not None
        self.graph.remove_op(self.op(self.name))


@dataclass
class OpSnapshot:
    """Everything needed to recreate an op as it was."""

    name: str
    op_type: str
    attrs: dict[str, Any]
    inputs: list[str | None]
    pos: QPointF
    #: the names of its control inputs (``^name``: ops that run before it)
    controls: list[str] = field(default_factory=list)
    #: the op's own definition: an imported opaque node's is in no registry
    op_def: OpDef | None = None

    def input_ops(self) -> list[str]:  # the ops whose outputs it reads
        return [src.rpartition(":")[0] for src in self.inputs if src is not None]


def snapshot(cmd: GraphCommand, op: Operation) -> OpSnapshot:
    return OpSnapshot(
        op.name, op.type, op.attrs,
        [None if t is None else t.name for t in op.inputs],
        cmd.ctx.scene.position(op.name) or QPointF(),
        [c.name for c in op.control_inputs], op.op_def,
    )


def recreate(cmd: GraphCommand, snaps: Sequence[OpSnapshot]) -> None:
    """Add the ops with their exact names and inputs, each after the ops it reads (so no
    link is made, and inferred, twice), then their control inputs; then place them all
    at once (only nodes that moved route their links)."""
    graph = cmd.graph
    pending = {snap.name: snap for snap in snaps}
    made: dict[str, Operation] = {}

    def tensor(name: str) -> Tensor:
        op_name, _, index = name.rpartition(":")
        op = made.get(op_name)
        return (op if op is not None else cmd.op(op_name)).outputs[int(index)]

    def add(snap: OpSnapshot) -> None:  # iterative: a 5,000-op chain is no deep recursion
        stack = [snap]
        while stack:
            top = stack[-1]
            waiting = [pending[n] for n in top.input_ops() if n in pending and n not in made]
            if waiting:
                stack.extend(waiting)
                continue
            stack.pop()
            if top.name in made:
                continue
            inputs = [None if src is None else tensor(src) for src in top.inputs]
            made[top.name] = graph.add_op(top.op_def or top.op_type, name=top.name,
                                          attrs=top.attrs, inputs=inputs, exact_name=True)

    for snap in snaps:
        add(snap)
    for snap in snaps:
        for control in snap.controls:
            graph.add_control_input(made[snap.name], made.get(control) or cmd.op(control))
    cmd.ctx.scene.set_node_positions({snap.name: snap.pos for snap in snaps})


class RemoveSelection(GraphCommand):
    """Remove ops and links; undo restores names, attrs, inputs, cut links and positions."""

    def __init__(
        self, ctx: EditContext, op_names: Iterable[str], links: Iterable[tuple[str, int]],
        text: CommandText | None = None,
    ) -> None:
        names = list(dict.fromkeys(op_names))
        doomed = set(names)
        super().__init__(ctx, text or (lambda: translate("Commands", "Delete")))
        self.op_names = names
        #: links to cut whose consumer stays
        self.links = [(dst, i) for dst, i in dict.fromkeys(links) if dst not in doomed]
        self._snaps: list[OpSnapshot] = []
        self._cut_links: list[tuple[str, int, str]] = []
        self._unlinked: list[tuple[str, int, str]] = []
        self._cut_controls: list[tuple[str, str, int]] = []

    def apply(self) -> None:
        graph = self.graph
        doomed = set(self.op_names)
        self._unlinked = []
        for dst, index in self.links:
            old = graph.disconnect(self.op(dst), index)
            if old is not None:
                self._unlinked.append((dst, index, old.name))
        by_name = {op.name: op for op in graph.get_operations()}
        ops = [by_name[name] for name in self.op_names]
        self._snaps = [snapshot(self, op) for op in ops]
        #: control edges to ops that stay: (op that stays, control, index among its controls)
        self._cut_controls = [
            (after.name, op.name, [c.name for c in after.control_inputs].index(op.name))
            for op in ops for after in op.control_outputs if after.name not in doomed]
        # one engine edit: only the ops that stay are inferred again, once; the items of
        # the ops that go are parked for the undo, with the selection's signals held
        with self.ctx.scene.removing(ops):
            cut = remove_ops(graph, ops)
        self._cut_links = [(consumer.name, index, tensor.name) for consumer, index, tensor in cut]

    def revert(self) -> None:
        with self.ctx.scene.restoring():
            recreate(self, self._snaps)
        for dst, index, src in self._cut_links + self._unlinked:
            self.graph.connect(self.tensor(src), self.op(dst), index)
        for after, control, index in sorted(self._cut_controls, key=lambda cut: cut[2]):
            self.graph.add_control_input(self.op(after), self.op(control), index)


class MoveNodes(GraphCommand):
    """A whole drag of nodes: one command, pushed when the mouse is released."""

    def __init__(
        self, ctx: EditContext, moves: Mapping[str, tuple[QPointF, QPointF]],
        text: CommandText | None = None,
    ) -> None:
        count, first = len(moves), next(iter(moves), "")
        if text is None:
            text = (lambda: translate("Commands", "Move {name}").format(name=first)) if (
                count == 1) else (
                lambda: translate("Commands", "Move {count} nodes").format(count=count))
        super().__init__(ctx, text)
        self.moves = {name: (QPointF(a), QPointF(b)) for name, (a, b) in moves.items()}

    def apply(self) -> None:
        self.ctx.scene.set_node_positions({name: new for name, (_, new) in self.moves.items()})

    def revert(self) -> None:
        self.ctx.scene.set_node_positions({name: old for name, (old, _) in self.moves.items()})


class NudgeNodes(MoveNodes):
    """Arrow keys moving the selected nodes: one undo step for a run of presses on the
    same nodes (QUndoStack merges each press into the one before)."""

    ID = 0x4E75  # "Nu"

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, NudgeNodes) or other.moves.keys() != self.moves.keys():
            return False
        self.moves = {
            name: (old, other.moves[name][1]) for name, (old, _new) in self.moves.items()
        }
        return True


class Connect(GraphCommand):
    """Wire a tensor into an input, replacing the link that was there."""

    def __init__(self, ctx: EditContext, src: str, dst: str, index: int) -> None:
        input_name = ctx.graph.get_operation_by_name(dst).input_names[index]
        super().__init__(ctx, lambda: translate("Commands", "Connect {src} \u2192 {dst}").format(
            src=src, dst=f"{dst}.{input_name}"))
        self.src, self.dst, self.index = src, dst, index
        self.old: str | None = None

    def apply(self) -> None:
        old = self.graph.connect(self.tensor(self.src), self.op(self.dst), self.index)
        self.old = None if old is None else old.name

    def revert(self) -> None:
        if self.old is None:
            self.graph.disconnect(self.op(self.dst), self.index)
        else:
            self.graph.connect(self.tensor(self.old), self.op(self.dst), self.index)


class Disconnect(GraphCommand):
    """Unwire one input."""

    def __init__(self, ctx: EditContext, dst: str, index: int) -> None:
        input_name = ctx.graph.get_operation_by_name(dst).input_names[index]
        super().__init__(ctx, lambda: translate("Commands", "Disconnect {input}").format(
            input=f"{dst}.{input_name}"))
        self.dst, self.index = dst, index
        self.old: str | None = None

    def apply(self) -> None:
        old = self.graph.disconnect(self.op(self.dst), self.index)
        if old is None:
            raise GraphEditError(f"input {self.index} of {self.dst!r} is not connected")
        self.old = old.name

    def revert(self) -> None:
        assert self.old is not None
        self.graph.connect(self.tensor(self.old), self.op(self.dst), self.index)


class Rename(GraphCommand):
    def __init__(self, ctx: EditContext, old: str, new: str) -> None:
        super().__init__(ctx, lambda: translate("Commands", "Rename {old} to {new}").format(
            old=old, new=new))
        self.old, self.new = old, new

    def apply(self) -> None:
        self.graph.rename_op(self.op(self.old), self.new)

    def revert(self) -> None:
        self.graph.rename_op(self.op(self.new), self.old)


class SetAttrs(GraphCommand):
    """Change attributes (a value, dtype, shape or default); undo restores all of them."""

    def __init__(self, ctx: EditContext, name: str, changes: Mapping[str, Any]) -> None:
        keys = ", ".join(changes)
        super().__init__(ctx, lambda: translate("Commands", "Set {attrs} of {name}").format(
            attrs=keys, name=name))
        self.name = name
        self.changes = dict(changes)
        self.old: dict[str, Any] = {}

    def apply(self) -> None:
        self.old = self.graph.set_attrs(self.op(self.name), self.changes)

    def revert(self) -> None:
        self.graph.set_attrs(self.op(self.name), self.old)


class Paste(GraphCommand):
    """Add the ops of a (clipboard) graph with unique names and their links between them
    (data and control).

    ``positions`` are by the template's op names; ``created_names`` maps them to the names
    the ops got (chosen on the first run, reused exactly on redo).
    """

    def __init__(
        self, ctx: EditContext, template: Graph, positions: Mapping[str, QPointF],
        text: CommandText | None = None, find_room: bool = False,
    ) -> None:
        super().__init__(ctx, text or (lambda: translate("Commands", "Paste")))
        self.find_room = find_room
        self.template = template
        self.order = template.upstream(template.get_operations())
        self.positions = {k: QPointF(v) for k, v in positions.items()}
        self.names: dict[str, str] = {}

    @property
    def created_names(self) -> list[str]:
        return [self.names[op.name] for op in self.order if op.name in self.names]

    def _scope_map(self) -> dict[str, str]:
        """The copied top-level scopes the graph already has, each to a free one
        (``block`` → ``block_1``): a copied group lands as a group of its own, not
        inside the one it was copied from."""
        existing = {s.lower() for s in scope_names(self.graph)}
        names = [op.name for op in self.template.get_operations()]
        copied = {name.split("/", 1)[0] for name in names if "/" in name}
        return {s: free_scope_name(self.graph, s) for s in sorted(copied)
                if s.lower() in existing}

    def _add_fresh(self, op: Operation, taken: set[str], scopes: Mapping[str, str]) -> str:
        """Keep the copied name when it is free (a cut and paste moves a node); else
        number the base name TF's way (``Const_1`` pasted next to it becomes ``Const_3``)."""
        wanted = op.name
        head, sep, rest = wanted.partition("/")
        if sep and head in scopes:
            wanted = f"{scopes[head]}/{rest}"
        if wanted.lower() not in taken:
            name = self.graph.add_op(op.op_def, name=wanted, attrs=op.attrs, exact_name=True).name
        else:
            base = _NUMBERED.sub("", wanted) or wanted
            name = self.graph.add_op(op.op_def, name=base, attrs=op.attrs).name
        taken.add(name.lower())
        return name

    def apply(self) -> None:
        graph, first = self.graph, not self.names
        added: list[str] = []
        taken = {op.name.lower() for op in graph.get_operations()}
        scopes = self._scope_map() if first else {}
        try:
            for op in self.order:
                if first:
                    self.names[op.name] = self._add_fresh(op, taken, scopes)
                else:
                    graph.add_op(op.op_def, name=self.names[op.name], attrs=op.attrs,
                                 exact_name=True)
                added.append(self.names[op.name])
                pos = self.positions.get(op.name)
                if pos is not None:
                    self.ctx.scene.set_node_position(self.names[op.name], pos)
            for op in self.order:
                for index, t in enumerate(op.inputs):
                    if t is not None:
                        src = f"{self.names[t.op.name]}:{t.value_index}"
                        graph.connect(self.tensor(src), self.op(self.names[op.name]), index)
                for control in op.control_inputs:
                    graph.add_control_input(self.op(self.names[op.name]),
                                            self.op(self.names[control.name]))
        except Exception:
            for name in reversed(added):
                graph.remove_op(self.op(name))
            if first:
                self.names = {}
            raise
        if first and self.find_room:
            self._move_clear()

    def _move_clear(self) -> None:
        """Move the pasted nodes, together, to the nearest spot where they cover no other
        node (kept for redo)."""
        scene = self.ctx.scene
        nodes = {old: scene.node_named(new) for old, new in self.names.items()}
        offset = free_offset(scene, [n for n in nodes.values() if n is not None])
        if offset.isNull():
            return
        for old, node in nodes.items():
            if node is not None:
                self.positions[old] = node.pos() + offset
                scene.set_node_position(node.op.name, self.positions[old])

    def revert(self) -> None:
        for name in reversed(self.created_names):
            self.graph.remove_op(self.op(name))
