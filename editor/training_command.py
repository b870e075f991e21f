"""Adding what an engine builder makes (``Optimizer.minimize``: the gradient subgraph, the
slot variables, the apply ops and the train op) as one undo step, laid out beside the model.

Why a command of its own: ``minimize`` adds dozens of ops through the engine's graph API in
one call; the canvas hears each through the adapter like any other edit. This command
records which ops the call added (with their inputs, control inputs and attributes) so that
Undo removes exactly those and Redo puts them back under the same names, and it puts them
in a block to the right of the nodes that were there, never on top of them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF

from editor.canvas import READ_ONLY
from editor.canvas_groups import scoped_layout
from editor.commands import GraphCommand, OpSnapshot, recreate, snapshot
from editor.i18n import translate
from editor.layout import layered_positions
from engine import Graph, GraphEditError

#: the space between the model and the block of new nodes
BLOCK_GAP = 160.0


class AddBuiltOps(GraphCommand):
    """The ops ``build(graph)`` adds, as one step; ``result`` is what ``build`` returned."""

    def __init__(self, ctx: Any, build: Callable[[Graph], Any], text: str) -> None:
        super().__init__(ctx, text)
        self.build = build
        self.result: Any = None
        self.names: list[str] = []
        self._snaps: list[OpSnapshot] | None = None
        self._controls: list[tuple[str, str]] = []
        self._collections: dict[str, list[Any]] = {}

    def apply(self) -> None:
        graph = self.graph
        if self._snaps is None:
            self._collections = {k: list(v) for k, v in graph.collections.items()}
            before = {op.name for op in graph.get_operations()}
            try:
                with graph.as_default():
                    self.result = self.build(graph)
            except BaseException:
                for op in reversed(graph.get_operations()):
                    if op.name not in before:
                        graph.remove_op(op)
                graph.collections = copy.copy(self._collections)
                raise
            new = [op for op in graph.get_operations() if op.name not in before]
            self.names = [op.name for op in new]
            self._place(before, self._new_scopes(before))
            self._collapse_new_scopes(before)
            self._snaps = [snapshot(self, op) for op in new]
            self._controls = [(op.name, c.name) for op in new for c in op.control_inputs]
            self._after = {k: list(v) for k, v in graph.collections.items()}
            return
        recreate(self, self._snaps)
        for name, control in self._controls:
            graph.add_control_input(self.op(name), self.op(control))
        graph.collections = {k: list(v) for k, v in self._after.items()}

    def revert(self) -> None:
        graph = self.graph
        if self._snaps is not None:  # positions as they are now, for Redo
            self._snaps = [snapshot(self, self.op(s.name)) for s in self._snaps]
        for name in reversed(self.names):
            graph.remove_op(self.op(name))
        graph.collections = {k: list(v) for k, v in self._collections.items()}

    def _place(self, before: set[str], new_scopes: list[str]) -> None:
        """Lay the new ops out as a block right of the old ones' bounds: by scope level,
        with the scopes about to be collapsed as one box each (``minimize``'s dozens of
        gradient and update ops, laid out one by one, make a column thousands of pixels
        tall beside a few collapsed boxes); by depth where there are no groups."""
        groups = getattr(self.ctx, "groups", None)
        if groups is not None:
            collapsed = set(groups.collapsed) | set(new_scopes)
            layout = {n: (p.x(), p.y())
                      for n, p in scoped_layout(self.ctx, self.graph, collapsed).items()}
        else:
            layout = layered_positions(self.graph)
        scene = self.ctx.scene
        old = [n for n in before]
        rect = None
        for name in before:  # every old op's node, with an item or not (scene_virtual)
            r = scene.node_rect(name)
            if r is not None:
                rect = r if rect is None else rect.united(r)
        new = {n: layout[n] for n in self.names}
        if not new:
            return
        left = min(x for x, _ in new.values())
        top = min(y for _, y in new.values())
        x0 = (rect.right() + BLOCK_GAP) if rect is not None and old else 0.0
        y0 = rect.top() if rect is not None and old else 0.0
        for name, (x, y) in new.items():
            scene.set_node_position(name, QPointF(x - left + x0, y - top + y0))

    def _new_scopes(self, before: set[str]) -> list[str]:
        """The top-level scopes the build made (``gradients``, ``Adam`` ...)."""
        old_tops = {name.split("/", 1)[0] for name in before}
        return [top for top in dict.fromkeys(n.split("/", 1)[0] for n in self.names if "/" in n)
                if top not in old_tops]

    def _collapse_new_scopes(self, before: set[str]) -> None:
        """Collapse the scopes the build made, so the model stays readable beside them;
        scopes the model had keep their state."""
        groups = getattr(self.ctx, "groups", None)
        if groups is None:
            return
        for top in self._new_scopes(before):
            groups.set_collapsed(top, True)


def add_built_ops(canvas: Any, build: Callable[[Graph], Any], text: str,
                  then: Callable[[Any], None] | None = None) -> AddBuiltOps:
    """Run ``build`` on the canvas's graph as one undo step, with whatever ``then(result)``
    pushes in the same step (refused while read-only; nothing is pushed if ``build``
    raises)."""
    if canvas.read_only:
        raise GraphEditError(translate("Canvas", READ_ONLY))
    command = AddBuiltOps(canvas, build, text)
    command.try_apply()  # raises, pushing nothing, if the engine refuses
    stack = canvas.undo_stack
    stack.beginMacro(text)
    try:
        stack.push(command)
        if then is not None:
            then(command.result)
    finally:
        stack.endMacro()
    return command
