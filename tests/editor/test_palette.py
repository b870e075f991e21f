"""The op palette: every registry op, grouped, searchable, dragged or double-clicked in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

import engine
from editor import palette as palette_module
from editor.drop import OpDropFilter, add_node_at_centre
from editor.palette import OP_MIME, OP_TYPE_ROLE, Palette
from tests.editor.panel_helpers import host, make_canvas


@pytest.fixture
def palette(qtbot: QtBot) -> Palette:
    widget = Palette()
    host(widget, qtbot)
    return widget


def _op_rows(widget: Palette) -> dict[str, list[str]]:
    model = widget.model
    out = {}
    for row in range(model.rowCount()):
        group = model.item(row)
        out[group.text()] = [group.child(r).data(OP_TYPE_ROLE) for r in range(group.rowCount())]
    return out


def test_lists_every_registry_op_under_its_category(palette: Palette) -> None:
    groups = _op_rows(palette)
    expected: dict[str, list[str]] = {}
    for op_def in engine.op_defs():
        if op_def.palette:  # the ops only gradients build are not placed by hand
            expected.setdefault(op_def.category, []).append(op_def.type)
    assert groups == expected
    assert palette.objectName() == "palette"


def test_an_op_registered_later_appears_without_editor_changes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    const = engine.get_op_def("Const")
    extra = engine.OpDef(
        type="Frobnicate", inputs=("x",), infer=const.infer, kernel=const.kernel,
        category="Experimental", doc="Turns x into something else.",
    )
    registered = engine.op_defs
    monkeypatch.setattr(engine, "op_defs", lambda: [*registered(), extra])
    widget = host(Palette(), qtbot)
    assert _op_rows(widget)["Experimental"] == ["Frobnicate"]


def test_search_filters_by_type_substring(palette: Palette) -> None:
    palette.search.setText("matmul")
    assert palette.visible_op_types() == ["MatMul", "BatchMatMulV2"]
    assert palette.visible_categories() == ["Linear algebra"]


def test_search_filters_by_doc_text(palette: Palette) -> None:
    palette.search.setText("square root")
    assert palette.visible_op_types() == ["Sqrt"]


def test_clearing_the_search_shows_everything_again(palette: Palette) -> None:
    palette.search.setText("zzz-no-such-op")
    assert palette.visible_op_types() == []
    palette.search.clear()
    assert len(palette.visible_op_types()) == len([d for d in engine.op_defs() if d.palette])


def test_tooltip_shows_doc_inputs_and_attrs(palette: Palette) -> None:
    palette.search.setText("Placeholder")
    index = palette.visible_op_indexes()[0]
    assert index.data(OP_TYPE_ROLE) == "Placeholder"
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "A value fed when the graph runs" in tip
    assert "Inputs:</b> none" in tip
    assert "shape (shape)" in tip and "default_value (tensor, optional)" in tip


def test_dragging_an_entry_carries_the_op_type(palette: Palette) -> None:
    palette.search.setText("Const")
    index = palette.visible_op_indexes()[0]
    mime = palette.proxy.mimeData([index])
    assert bytes(mime.data(OP_MIME).data()) == b"Const"
    assert palette.tree.dragEnabled()


def _drag_and_drop(viewport: QWidget, mime: QMimeData, where: QPoint) -> QDropEvent:
    """What a drag from the palette delivers: DragEnter (must be accepted), then Drop."""
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, buttons, mods)
    if enter.isAccepted():
        QApplication.sendEvent(viewport, drop)
    return drop


def test_dropping_a_const_on_the_canvas_creates_it_there(qtbot: QtBot) -> None:
    canvas = make_canvas(qtbot)
    OpDropFilter(canvas)
    mime = QMimeData()
    mime.setData(OP_MIME, QByteArray(b"Const"))
    where = QPoint(200, 150)
    drop = _drag_and_drop(canvas.view.viewport(), mime, where)
    assert drop.isAccepted()
    ops = canvas.graph.get_operations()
    assert [op.type for op in ops] == ["Const"]
    node = canvas.scene.node_named(ops[0].name)
    assert node.pos() == canvas.view.mapToScene(where)
    assert canvas.selected_op_names() == [ops[0].name]  # so the inspector shows it


def test_a_drop_without_the_op_type_is_left_alone(qtbot: QtBot) -> None:
    canvas = make_canvas(qtbot)
    OpDropFilter(canvas)
    mime = QMimeData()
    mime.setText("Const")
    _drag_and_drop(canvas.view.viewport(), mime, QPoint(10, 10))
    assert len(canvas.graph) == 0


def test_double_click_adds_the_node_at_the_view_centre(palette: Palette, qtbot: QtBot) -> None:
    canvas = make_canvas(qtbot)
    palette.opActivated.connect(lambda op_type: add_node_at_centre(canvas, op_type))
    palette.search.setText("Square")
    index = palette.visible_op_indexes()[0]
    rect = palette.tree.visualRect(index)
    # a real double-click: press and release, then the double-click (Qt 6's mouseDClick
    # alone sends no first press, so the view would not know which row was pressed)
    qtbot.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    ops = canvas.graph.get_operations()
    assert [op.type for op in ops] == ["Square"]
    centre = canvas.view.mapToScene(canvas.view.viewport().rect().center())
    assert canvas.scene.node_named(ops[0].name).pos() == centre


def test_enter_in_the_search_field_adds_the_first_match(palette: Palette) -> None:
    added: list[str] = []
    palette.opActivated.connect(added.append)
    palette.search.setText("sqrt")
    palette.search.returnPressed.emit()
    assert added == ["Sqrt"]


def test_categories_are_not_draggable(palette: Palette) -> None:
    group = palette.model.item(0)
    assert not group.flags() & Qt.ItemFlag.ItemIsDragEnabled
    assert palette_module.OP_MIME == "application/x-tensorcanvas-op"
