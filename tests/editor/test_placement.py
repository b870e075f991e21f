"""Where new nodes land: the palette's double-click, Paste and Duplicate put them where
asked (the view's middle, the mouse, the copied spot) or at the nearest spot from there
where they cover no node."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import QEvent, QPointF, QRectF
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor.canvas import Canvas
from editor.drop import add_node_at_centre, view_centre
from editor.placement import body_rect
from tests.editor.canvas_helpers import move
from tests.editor.test_canvas import show_seed


@pytest.fixture
def seeded(canvas: Canvas) -> Canvas:
    return show_seed(canvas)


def _rect(canvas: Canvas, name: str) -> QRectF:
    node = canvas.scene.node_named(name)
    assert node is not None, name
    return body_rect(node)


def _overlaps(canvas: Canvas, names: list[str], others: list[str]) -> list[tuple[str, str]]:
    return [
        (a, b) for a in names for b in others
        if a != b and _rect(canvas, a).intersects(_rect(canvas, b))
    ]


def _mouse_over_canvas(canvas: Canvas, viewport_pos: QPointF) -> None:
    viewport = canvas.view.viewport()
    global_pos = QPointF(viewport.mapToGlobal(viewport_pos.toPoint()))
    QApplication.sendEvent(viewport, QEnterEvent(viewport_pos, viewport_pos, global_pos))
    move(canvas.view, viewport_pos)


def _mouse_leaves_canvas(canvas: Canvas) -> None:
    QApplication.sendEvent(canvas.view.viewport(), QEvent(QEvent.Type.Leave))


def test_nodes_added_from_the_palette_one_after_another_do_not_pile_up(canvas: Canvas) -> None:
    names = [add_node_at_centre(canvas, "Const") for _ in range(4)]
    assert canvas.node_position(names[0]) == view_centre(canvas.view)
    pairs = [(a, b) for a, b in combinations(names, 2) if _rect(canvas, a).intersects(
        _rect(canvas, b))]
    assert pairs == []


def test_a_paste_next_to_its_originals_covers_none_of_them(seeded: Canvas) -> None:
    originals = [op.name for op in seeded.graph.get_operations()]
    seeded.select_names(["Const", "Const_1", "add"])
    seeded.copy()
    _mouse_leaves_canvas(seeded)
    pasted = seeded.paste()
    assert _overlaps(seeded, pasted, originals) == []
    again = seeded.paste()  # a second paste finds its own spot too
    assert _overlaps(seeded, again, originals + pasted) == []


def test_a_paste_goes_to_the_mouse_when_it_is_over_the_canvas(seeded: Canvas) -> None:
    seeded.select_names(["mul"])
    seeded.copy()
    spot = QPointF(120.0, 560.0)  # below the seed's nodes: free
    _mouse_over_canvas(seeded, spot)
    [name] = seeded.paste()
    assert seeded.node_position(name) == seeded.view.to_scene(spot)


def test_a_duplicate_lands_next_to_its_originals_covering_none(seeded: Canvas) -> None:
    originals = [op.name for op in seeded.graph.get_operations()]
    seeded.select_names(["add", "mul"])
    copies = seeded.duplicate_selection()
    assert _overlaps(seeded, copies, originals) == []
    shift = seeded.node_position(copies[0]) - seeded.node_position("add")
    assert abs(shift.x()) + abs(shift.y()) < 300  # next to them, not far away
    assert seeded.node_position(copies[1]) - seeded.node_position(copies[0]) == (
        seeded.node_position("mul") - seeded.node_position("add"))


def test_undo_and_redo_keep_where_a_paste_was_placed(seeded: Canvas) -> None:
    seeded.select_names(["add"])
    [name] = seeded.duplicate_selection()
    placed = seeded.node_position(name)
    seeded.undo_stack.undo()
    seeded.undo_stack.redo()
    assert seeded.node_position(name) == placed


def test_a_drop_lands_exactly_where_it_is_dropped(canvas: Canvas, qtbot: QtBot) -> None:
    first = canvas.add_node("Const", QPointF(0.0, 0.0))
    second = canvas.add_node("Const", QPointF(10.0, 10.0))  # asked for: no moving away
    assert canvas.node_position(first) == QPointF(0.0, 0.0)
    assert canvas.node_position(second) == QPointF(10.0, 10.0)
