"""Where nodes and the view may be: inside the view's scrollable world.

Why limits at all: Qt's scroll bars hold 32-bit integers, so a scene point far out (a file
whose editor section puts a node at x = 1e12) overflows them once the view scrolls to it,
and the process dies in shiboken's conversion. Every position and view centre read from a
file or the clipboard passes through here, so the canvas only ever holds points the view
can scroll to at its largest zoom (8e6 scene units × 4 = 3.2e7 pixels, well inside int32).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRectF

#: half the side of the square the view may scroll over, in scene units
WORLD_HALF = 4.0e6
#: the area the view may scroll over, in scene units
WORLD = QRectF(-WORLD_HALF, -WORLD_HALF, 2 * WORLD_HALF, 2 * WORLD_HALF)
#: how far from the origin a node's top-left corner may be (room for the node in WORLD)
POSITION_LIMIT = WORLD_HALF - 10_000.0


def finite_number(value: Any) -> float | None:
    """``value`` as a float when it is a finite JSON number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        return None
    return number if math.isfinite(number) else None


def clamped(value: float, limit: float) -> float:
    return min(limit, max(-limit, value))


def node_point(x: Any, y: Any) -> tuple[QPointF | None, bool]:
    """A stored node position as a scene point, and whether it had to change: clamped into
    the world when finite but too far out, None (to be placed anew) when not a number."""
    fx, fy = finite_number(x), finite_number(y)
    if fx is None or fy is None:
        return None, True
    cx, cy = clamped(fx, POSITION_LIMIT), clamped(fy, POSITION_LIMIT)
    return QPointF(cx, cy), (cx, cy) != (fx, fy)


def view_center(x: Any, y: Any) -> QPointF | None:
    """A stored view centre clamped into the world, or None when not a pair of numbers."""
    fx, fy = finite_number(x), finite_number(y)
    if fx is None or fy is None:
        return None
    return QPointF(clamped(fx, WORLD_HALF), clamped(fy, WORLD_HALF))


def json_coordinate(value: float) -> float | int:
    """A position as a short JSON number: an int when whole (0 for what is not a finite
    number, which the canvas never holds, so that saving can never fail on a position)."""
    number = finite_number(value)
    if number is None:
        return 0
    rounded = round(number, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def stored_view(view: Any) -> tuple[QPointF | None, float | None]:
    """A stored view's centre (clamped into the world) and zoom (a finite number above 0;
    the view clamps it to its range), or ``(None, None)`` when it is not usable."""
    if not isinstance(view, Mapping):
        return None, None
    center, zoom = view.get("center"), view.get("zoom")
    point = (
        view_center(center[0], center[1])
        if isinstance(center, (list, tuple)) and len(center) == 2 else None
    )
    scale = finite_number(zoom)
    if point is None or scale is None or scale <= 0:
        return None, None
    return point, scale
