"""Where new nodes go: where they were asked for, or else the nearest spot at which they
cover no other node.

Why search around the asked point instead of stepping by a fixed offset: nodes added one
after another at the middle of the view (the palette), a paste next to what was copied,
a duplicate of a selection all land on nodes already there; a fixed offset only half
covers them. Nodes are placed by their real size (the commands place them once the
scene has their items), with a gap, on the canvas grid.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from editor import style
from editor.group_items import GroupBox
from editor.node_item import NodeItem

#: the room kept free around a placed node (scene units)
GAP = 16.0
#: candidate spots lie on this grid around the asked point
STEP = style.GRID_STEP
#: how many grid steps away the search goes before it gives up (and places as asked)
RINGS = 40


@cache
def _offsets(rings: int) -> tuple[tuple[int, int], ...]:
    """Grid offsets nearest first; on a tie, below before right before the others."""
    cells = [(i, j) for i in range(-rings, rings + 1) for j in range(-rings, rings + 1)]
    return tuple(sorted(cells, key=lambda c: (math.hypot(*c), -c[1], -c[0])))


def _covers_a_node(scene: QGraphicsScene, rect: QRectF, ignore: set[QGraphicsItem]) -> bool:
    probe = rect.adjusted(-GAP, -GAP, GAP, GAP)
    for item in scene.items(probe, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
        if isinstance(item, NodeItem | GroupBox) and item not in ignore:
            return True
    return False


def body_rect(node: NodeItem) -> QRectF:
    """A node's body in scene coordinates (without its port dots and halo)."""
    return node.body_rect().translated(node.pos())


def free_offset(scene: QGraphicsScene, nodes: Iterable[NodeItem]) -> QPointF:
    """How far to move ``nodes`` (together) so that they cover no other node: nothing
    when they cover none where they are, else the nearest grid offset that is free."""
    group = list(nodes)
    if not group:
        return QPointF()
    rect = QRectF()
    for node in group:
        rect = rect.united(body_rect(node))
    ignore: set[QGraphicsItem] = set(group)
    for i, j in _offsets(RINGS):
        offset = QPointF(i * STEP, j * STEP)
        if not _covers_a_node(scene, rect.translated(offset), ignore):
            return offset
    return QPointF()  # a crowded canvas: as asked


__all__ = ["GAP", "body_rect", "free_offset"]
