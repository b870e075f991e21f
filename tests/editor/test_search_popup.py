"""The add-node search popup: Tab or a double-click on empty canvas, type, Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

import engine
from editor.canvas import Canvas
from editor.search_popup import SearchPopupController
from tests.editor.panel_helpers import make_canvas


@pytest.fixture
def canvas(qtbot: QtBot) -> Canvas:
    return make_canvas(qtbot)


@pytest.fixture
def search(canvas: Canvas) -> SearchPopupController:
    return SearchPopupController(canvas)


def test_tab_on_the_canvas_opens_the_popup(
    canvas: Canvas, search: SearchPopupController, qtbot: QtBot
) -> None:
    canvas.view.setFocus()
    qtbot.keyClick(canvas.view, Qt.Key.Key_Tab)
    assert search.popup.isVisible()
    assert search.popup.edit.text() == ""


def test_double_click_on_empty_canvas_opens_it_there(
    canvas: Canvas, search: SearchPopupController, qtbot: QtBot
) -> None:
    where = QPoint(150, 120)
    qtbot.mouseDClick(canvas.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert search.popup.isVisible()
    assert search.popup.scene_pos == canvas.view.mapToScene(where)


def test_double_click_on_a_node_does_not_open_it(
    canvas: Canvas, search: SearchPopupController, qtbot: QtBot
) -> None:
    name = canvas.add_node("Const", canvas.view.mapToScene(QPoint(100, 100)))
    node = canvas.scene.node_named(name)
    on_node = canvas.view.mapFromScene(node.sceneBoundingRect().center())
    qtbot.mouseDClick(canvas.view.viewport(), Qt.MouseButton.LeftButton, pos=on_node)
    assert not search.popup.isVisible()


def test_enter_creates_the_typed_node_where_the_popup_opened(
    canvas: Canvas, search: SearchPopupController, qtbot: QtBot
) -> None:
    where = QPoint(220, 180)
    search.open_at(where)
    qtbot.keyClicks(search.popup.edit, "sqrt")
    assert search.popup.visible_op_types() == ["Sqrt", "Rsqrt"]  # Enter takes the first
    qtbot.keyClick(search.popup.edit, Qt.Key.Key_Return)
    ops = canvas.graph.get_operations()
    assert [op.type for op in ops] == ["Sqrt"]
    assert canvas.node_position(ops[0].name) == canvas.view.mapToScene(where)
    assert canvas.selected_op_names() == [ops[0].name]
    assert not search.popup.isVisible()


def test_names_that_start_with_the_query_come_first(search: SearchPopupController) -> None:
    search.open_at(QPoint(10, 10))
    search.popup.edit.setText("less")
    # then the ops whose doc says it ("unless a run feeds …")
    assert search.popup.visible_op_types() == ["Less", "LessEqual", "PlaceholderWithDefault"]
    search.popup.edit.setText("equal")
    assert search.popup.visible_op_types()[:2] == ["Equal", "LessEqual"]


def test_arrow_keys_choose_another_match(
    canvas: Canvas, search: SearchPopupController, qtbot: QtBot
) -> None:
    search.open_at(QPoint(10, 10))
    qtbot.keyClicks(search.popup.edit, "placeholder")
    assert search.popup.visible_op_types() == ["Placeholder", "PlaceholderWithDefault"]
    qtbot.keyClick(search.popup.edit, Qt.Key.Key_Down)
    qtbot.keyClick(search.popup.edit, Qt.Key.Key_Return)
    assert [op.type for op in canvas.graph.get_operations()] == ["PlaceholderWithDefault"]


def test_escape_closes_without_adding(
    canvas: Canvas, search: SearchPopupController, qtbot: QtBot
) -> None:
    search.open_at(QPoint(10, 10))
    qtbot.keyClicks(search.popup.edit, "mul")
    qtbot.keyClick(search.popup.edit, Qt.Key.Key_Escape)
    assert not search.popup.isVisible()
    assert len(canvas.graph) == 0


def test_enter_with_no_match_keeps_the_popup_open(
    canvas: Canvas, search: SearchPopupController, qtbot: QtBot
) -> None:
    search.open_at(QPoint(10, 10))
    qtbot.keyClicks(search.popup.edit, "no such op")
    qtbot.keyClick(search.popup.edit, Qt.Key.Key_Return)
    assert search.popup.isVisible()
    assert "No op matches" in search.popup.hint.text()
    assert len(canvas.graph) == 0


def test_context_menu_offers_search_and_every_op_by_category(
    canvas: Canvas, search: SearchPopupController
) -> None:
    menu = search.context_menu(QPoint(50, 60))
    entries = [a.text() for a in menu.actions() if not a.isSeparator()]
    by_category: dict[str, list[str]] = {}
    for op_def in engine.op_defs():
        if op_def.palette:  # the ops only gradients build are not offered
            by_category.setdefault(op_def.category, []).append(op_def.type)
    assert entries == ["Search…", *by_category]
    offered = [
        action.data()
        for top in menu.actions()
        if isinstance(top.menu(), QMenu)
        for action in top.menu().actions()
    ]
    assert offered == [t for types in by_category.values() for t in types]


def test_context_menu_entry_adds_the_node_where_it_was_opened(
    canvas: Canvas, search: SearchPopupController
) -> None:
    where = QPoint(300, 200)
    menu = search.context_menu(where)
    matmul = next(
        action
        for top in menu.actions()
        if isinstance(top.menu(), QMenu)
        for action in top.menu().actions()
        if action.data() == "MatMul"
    )
    matmul.trigger()
    (op,) = canvas.graph.get_operations()
    assert op.type == "MatMul"
    assert canvas.node_position(op.name) == QPointF(canvas.view.mapToScene(where))
