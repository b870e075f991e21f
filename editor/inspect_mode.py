"""Inspect-only: the canvas refuses every edit but nodes can still be selected.

Why not ``Canvas.set_read_only`` alone: it also switches the view's interaction off, which
suits a short run; training lasts minutes, and a learner wants to click a weight's node and
see its value meanwhile. Here the canvas refuses edits (API calls raise, gestures say why)
while the view stays interactive and the nodes are pinned (not movable).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsItem

from editor.canvas import Canvas


def set_inspect_only(canvas: Canvas, on: bool) -> None:
    """Refuse edits but keep selecting (``on``), or allow edits again."""
    canvas.set_read_only(on)
    canvas.view.setInteractive(True)
    for node in canvas.scene.nodes():
        node.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, not on)
