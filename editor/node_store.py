"""Every op of a large graph as rows of numbers: where its node is, how big, its colour.

Why rows instead of items: a Python-wrapped ``QGraphicsItem`` per node (with its ports,
texts and links) costs tens of kilobytes and makes Qt's index and every paint walk all
of them. Above ``scene_virtual.BUDGET`` ops the scene makes items only for the nodes near
the viewport; this store holds the rest (and the positions of all), so that "which
nodes are in this rectangle" is one vectorised test, and the overview layer
(``overview_layer``) paints the nodes without items from these arrays.

A row is never moved: removing an op only marks its row dead (a Delete of 5,000 ops
then costs 5,000 dictionary deletions, not 5,000 array copies); rows are appended.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF

from editor import style
from editor.node_geometry import node_size
from editor.node_paint import ERROR, OK, WARNING

if TYPE_CHECKING:
    from engine import Operation

#: state codes of a row (drawn as the node item's overview stand-in draws them)
STATES = (OK, WARNING, ERROR)


def op_state(op: Operation) -> int:
    """The index in ``STATES`` of what ``op``'s node shows (see ``NodeItem.refresh``)."""
    if op.error is None:
        return 1 if op.op_def.extra.get("opaque") else 0
    return 1 if op.error_kind in style.WARNING_KINDS else 2


class NodeStore:
    """Positions, sizes, colours and states of a graph's nodes, one row per op."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.index: dict[str, int] = {}
        self.xy = np.zeros((0, 2))
        self.wh = np.zeros((0, 2))
        #: the header colour of each row, as an RGB integer (``colors`` maps it back)
        self.color = np.zeros(0, np.uint32)
        self.state = np.zeros(0, np.uint8)
        self.alive = np.zeros(0, bool)
        #: rows inside a collapsed group (its box stands for them)
        self.hidden = np.zeros(0, bool)
        #: rows whose node has an item now (the item draws itself)
        self.itemised = np.zeros(0, bool)
        #: the selected ops that have no item (an item holds its own selection)
        self.selected: set[str] = set()
        #: bumped on every change the overview layer draws (its caches' key)
        self.version = 0
        self.geometry = 0
        #: bumped when items are made or released (``itemised_changed``)
        self.itemisation = 0
        self._count = 0
        #: the rows of removed ops by name, with their op's definition: an undo that makes
        #: the same op again takes its row back as it was (no measuring of texts)
        self._dead: dict[str, tuple[int, object]] = {}

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, name: object) -> bool:
        return name in self.index

    def itemised_changed(self) -> None:
        """Items were made or released (``itemised`` changed): what the overview layer
        draws, but not where anything is."""
        self.itemisation += 1

    def changed(self, geometry: bool = True) -> None:
        """Something the overview layer draws changed: with ``geometry``, where nodes
        are or which are drawn (so links too), else only how (a selection, a state)."""
        self.version += 1
        if geometry:
            self.geometry += 1

    # --- rows --------------------------------------------------------------------------------
    def fill(self, ops: list[Operation], positions: dict[str, QPointF]) -> None:
        """Rows for ``ops`` at ``positions`` (the origin where none), replacing all."""
        n = len(ops)
        self.names = [op.name for op in ops]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.xy = np.zeros((n, 2))
        for i, name in enumerate(self.names):
            pos = positions.get(name)
            if pos is not None:
                self.xy[i] = (pos.x(), pos.y())
        self.wh = np.array([node_size(op) for op in ops], float).reshape(n, 2)
        self.color = np.array([_rgb(op) for op in ops], np.uint32)
        self.state = np.array([op_state(op) for op in ops], np.uint8)
        self.alive = np.ones(n, bool)
        self.hidden = np.zeros(n, bool)
        self.itemised = np.zeros(n, bool)
        self.selected = set()
        self._count = n
        self._dead = {}
        self.changed()

    def add(self, op: Operation, pos: QPointF) -> int:
        """A row for a new op (or one made again by an undo), at ``pos``."""
        old = self.index.pop(op.name, None)
        if old is not None:
            self.alive[old] = False
        dead = self._dead.pop(op.name, None)
        if dead is not None and dead[1] is op.op_def and not self.alive[dead[0]]:
            i = dead[0]
            self.index[op.name] = i
            self.xy[i] = (pos.x(), pos.y())
            self.state[i] = op_state(op)
            self.alive[i] = True
            self.hidden[i] = self.itemised[i] = False
            self.changed()
            return i
        i = self._count
        if i == len(self.names):
            self._grow(max(16, i))
        self._count += 1
        self.names[i] = op.name
        self.index[op.name] = i
        self.xy[i] = (pos.x(), pos.y())
        self.wh[i] = node_size(op)
        self.color[i] = _rgb(op)
        self.state[i] = op_state(op)
        self.alive[i] = True
        self.hidden[i] = self.itemised[i] = False
        self.changed()
        return i

    def _grow(self, extra: int) -> None:
        self.names.extend([""] * extra)
        self.xy = np.concatenate([self.xy, np.zeros((extra, 2))])
        self.wh = np.concatenate([self.wh, np.zeros((extra, 2))])
        self.color = np.concatenate([self.color, np.zeros(extra, np.uint32)])
        self.state = np.concatenate([self.state, np.zeros(extra, np.uint8)])
        for field in ("alive", "hidden", "itemised"):
            setattr(self, field, np.concatenate([getattr(self, field), np.zeros(extra, bool)]))

    def remove(self, name: str, op_def: object = None) -> None:
        """Mark ``name``'s row dead (kept for an undo making it again with ``op_def``)."""
        i = self.index.pop(name, None)
        if i is not None:
            self.alive[i] = self.itemised[i] = False
            self._dead[name] = (i, op_def)
            self.selected.discard(name)
            self.changed()

    def rename(self, old: str, new: str) -> None:
        i = self.index.pop(old, None)
        if i is not None:
            self.names[i] = new
            self.index[new] = i
            if old in self.selected:
                self.selected.discard(old)
                self.selected.add(new)

    def restyle(self, op: Operation) -> bool:
        """``op`` was inferred again: whether the state its node shows changed."""
        i = self.index.get(op.name)
        if i is None:
            return False
        state = op_state(op)
        if state == self.state[i]:
            return False
        self.state[i] = state
        self.changed(False)
        return True

    def resize(self, op: Operation, size: tuple[float, float] | None = None) -> None:
        """``op``'s node has a new size (new attributes, a run row): ``size``, else the
        one it has without a run row."""
        i = self.index.get(op.name)
        if i is not None:
            self.wh[i] = size if size is not None else node_size(op)
            self.changed()

    # --- positions ---------------------------------------------------------------------------
    def pos(self, name: str) -> QPointF | None:
        i = self.index.get(name)
        return None if i is None else QPointF(*self.xy[i])

    def set_pos(self, name: str, x: float, y: float) -> bool:
        """Move ``name``'s row; whether it moved."""
        i = self.index.get(name)
        if i is None or (self.xy[i, 0] == x and self.xy[i, 1] == y):
            return False
        self.xy[i] = (x, y)
        self.changed()
        return True

    def rect(self, name: str) -> QRectF | None:
        i = self.index.get(name)
        return None if i is None else QRectF(*self.xy[i], *self.wh[i])

    def shown(self) -> np.ndarray:
        """The mask of rows drawn on the canvas: alive, not inside a collapsed group."""
        n = self._count
        return self.alive[:n] & ~self.hidden[:n]

    def in_rect(self, rect: QRectF, mask: np.ndarray | None = None) -> np.ndarray:
        """The rows (indices) of shown nodes whose body meets ``rect``."""
        n = self._count
        x, y = self.xy[:n, 0], self.xy[:n, 1]
        w, h = self.wh[:n, 0], self.wh[:n, 1]
        hit = ((x <= rect.right()) & (x + w >= rect.left())
               & (y <= rect.bottom()) & (y + h >= rect.top()) & self.shown())
        if mask is not None:
            hit &= mask
        return np.flatnonzero(hit)

    def at(self, point: QPointF) -> str | None:
        """The shown node whose body holds ``point`` (the last made, as Qt stacks them)."""
        rows = self.in_rect(QRectF(point, point))
        return self.names[int(rows[-1])] if len(rows) else None

    def bounds(self) -> QRectF:
        """The shown nodes' extent (empty when none)."""
        n = self._count
        shown = self.shown()
        if not shown.any():
            return QRectF()
        xy, wh = self.xy[:n][shown], self.wh[:n][shown]
        left, top = xy.min(axis=0)
        right, bottom = (xy + wh).max(axis=0)
        return QRectF(float(left), float(top), float(right - left), float(bottom - top))

    def set_hidden(self, names: Iterable[str]) -> None:
        """Exactly these ops are inside collapsed groups."""
        hidden = np.zeros(len(self.names), bool)
        rows = [self.index[n] for n in names if n in self.index]
        hidden[rows] = True
        if not np.array_equal(hidden, self.hidden):
            self.hidden = hidden
            self.changed()

    def live_names(self) -> list[str]:
        return list(self.index)


def _rgb(op: Operation) -> int:
    return int(style.category_color(op.op_def.category).rgb()) & 0xFFFFFF
