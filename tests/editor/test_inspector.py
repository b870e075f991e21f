"""The inspector: the selected node's name, attributes, outputs and error, all undoable."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

import engine
from editor.attr_values import value_text
from editor.canvas import Canvas
from editor.inspector import Inspector
from tests.editor.panel_helpers import add, host, make_canvas, select


@pytest.fixture
def canvas(qtbot: QtBot) -> Canvas:
    return make_canvas(qtbot)


@pytest.fixture
def inspector(canvas: Canvas, qtbot: QtBot) -> Inspector:
    panel = Inspector(canvas)
    host(panel, qtbot)
    return panel


def _field(inspector: Inspector, attr: str) -> QLineEdit:
    field = inspector.findChild(QLineEdit, f"attrField_{attr}")
    assert field is not None and field.isVisible(), attr
    return field


def _type_in(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Select all, type ``text`` and press Enter, as a user does."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _error(inspector: Inspector, attr: str) -> str:
    form = inspector.form
    assert form is not None
    label = form.editors[attr].error
    return label.text() if label.isVisible() else ""


def test_without_a_selection_it_says_so(inspector: Inspector) -> None:
    assert inspector.stack.currentWidget() is inspector.placeholder
    assert "No node selected" in inspector.placeholder.text()


def test_several_selected_nodes_are_counted(canvas: Canvas, inspector: Inspector) -> None:
    a, b = add(canvas, "Const"), add(canvas, "Const", 200)
    select(canvas, a, b)
    assert inspector.placeholder.text() == "2 nodes selected"
    assert inspector.stack.currentWidget() is inspector.placeholder


def test_shows_type_doc_and_name_of_the_selected_node(
    canvas: Canvas, inspector: Inspector
) -> None:
    name = add(canvas, "Placeholder")
    select(canvas, name)
    form = inspector.form
    assert form is not None
    assert form.type_label.text() == "Placeholder"
    assert "fed when the graph runs" in form.doc_label.text()
    assert form.name_edit.text() == name
    assert list(form.editors) == ["dtype", "shape", "default_value"]


def test_typing_a_value_updates_the_const(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    const = add(canvas, "Const")
    square = add(canvas, "Square", 250)
    canvas.connect(f"{const}:0", square, 0)
    select(canvas, const)
    _type_in(qtbot, _field(inspector, "value"), "[[1, 2], [3, 4]]")
    op = canvas.graph.get_operation_by_name(const)
    np.testing.assert_array_equal(op.get_attr("value"), [[1, 2], [3, 4]])
    assert op.get_attr("dtype") is engine.int32
    assert inspector.form.result_label.text() == "2×2 int32"
    assert "2×2 int32" in inspector.form.outputs_label.text()
    assert canvas.scene.edge_into(square, 0).label_text == "2×2 int32"


def test_one_change_is_one_undo_step(canvas: Canvas, inspector: Inspector, qtbot: QtBot) -> None:
    const = add(canvas, "Const")
    select(canvas, const)
    before = canvas.undo_stack.count()
    _type_in(qtbot, _field(inspector, "value"), "[1.5, 2.5]")
    assert canvas.undo_stack.count() == before + 1


def test_the_result_shape_follows_the_typing_live(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    select(canvas, add(canvas, "Const"))
    field = _field(inspector, "value")
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "[[1, 2, 3]]")
    assert inspector.form.result_label.text() == "1×3 int32"


def test_floats_typed_into_a_float64_const_stay_float64(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    const = add(canvas, "Const", attrs={"value": 0.0, "dtype": engine.float64})
    select(canvas, const)
    _type_in(qtbot, _field(inspector, "value"), "[0.5, 1.5]")
    op = canvas.graph.get_operation_by_name(const)
    assert op.get_attr("dtype") is engine.float64
    assert inspector.form.result_label.text() == "2 float64"


def test_an_invalid_value_is_refused_with_the_parsers_message(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    const = add(canvas, "Const", attrs={"value": [1, 2]})
    select(canvas, const)
    before = canvas.undo_stack.count()
    _type_in(qtbot, _field(inspector, "value"), "[[1, 2], [3]]")
    assert "rows have different lengths" in _error(inspector, "value")
    op = canvas.graph.get_operation_by_name(const)
    np.testing.assert_array_equal(op.get_attr("value"), [1, 2])
    assert _field(inspector, "value").text() == "[1, 2]"
    assert canvas.undo_stack.count() == before


def test_a_value_the_engine_refuses_shows_the_engines_message(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    name = add(canvas, "Placeholder", attrs={"dtype": engine.int32})
    select(canvas, name)
    _type_in(qtbot, _field(inspector, "default_value"), "[1.5]")
    assert "Expected int32" in _error(inspector, "default_value")
    op = canvas.graph.get_operation_by_name(name)
    assert op.get_attr("default_value") is None
    assert _field(inspector, "default_value").text() == ""


def test_the_dtype_combo_changes_the_dtype(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    const = add(canvas, "Const", attrs={"value": [1, 2]})
    select(canvas, const)
    combo = inspector.findChild(QComboBox, "attrField_dtype")
    assert combo.currentText() == "int32"
    combo.setCurrentIndex(combo.findText("float64"))
    combo.activated.emit(combo.currentIndex())
    op = canvas.graph.get_operation_by_name(const)
    assert op.get_attr("dtype") is engine.float64
    assert op.get_attr("value").dtype == np.float64
    assert inspector.form.result_label.text() == "2 float64"


def test_a_dtype_the_value_does_not_fit_is_refused(
    canvas: Canvas, inspector: Inspector
) -> None:
    const = add(canvas, "Const", attrs={"value": [1.5]})
    select(canvas, const)
    combo = inspector.findChild(QComboBox, "attrField_dtype")
    combo.setCurrentIndex(combo.findText("string"))
    combo.activated.emit(combo.currentIndex())
    assert "Expected binary or unicode string, got 1.5" in _error(inspector, "dtype")  # TF's
    assert combo.currentText() == "float32"
    assert canvas.graph.get_operation_by_name(const).get_attr("dtype") is engine.float32


def test_placeholder_shape_accepts_none_3(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    name = add(canvas, "Placeholder")
    select(canvas, name)
    _type_in(qtbot, _field(inspector, "shape"), "None, 3")
    op = canvas.graph.get_operation_by_name(name)
    assert op.get_attr("shape") == engine.TensorShape([None, 3])
    assert _field(inspector, "shape").text() == "[None, 3]"
    assert "?×3 float32" in inspector.form.outputs_label.text()


def test_a_bad_shape_is_refused_with_the_reason(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    name = add(canvas, "Placeholder")
    select(canvas, name)
    _type_in(qtbot, _field(inspector, "shape"), "2, x")
    assert "'x' is not a dimension" in _error(inspector, "shape")
    assert canvas.graph.get_operation_by_name(name).get_attr("shape").dims is None


def test_an_optional_default_value_can_be_set_and_cleared(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    name = add(canvas, "Placeholder")
    select(canvas, name)
    field = _field(inspector, "default_value")
    _type_in(qtbot, field, "[1, 2]")
    op = canvas.graph.get_operation_by_name(name)
    np.testing.assert_array_equal(op.get_attr("default_value"), [1.0, 2.0])
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert op.get_attr("default_value") is None


def test_a_bool_attr_is_a_check_box(canvas: Canvas, inspector: Inspector, qtbot: QtBot) -> None:
    name = add(canvas, "MatMul")
    select(canvas, name)
    box = inspector.findChild(QCheckBox, "attrField_transpose_a")
    assert box is not None and not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert canvas.graph.get_operation_by_name(name).get_attr("transpose_a") is True


def test_rename_applies_a_free_name(canvas: Canvas, inspector: Inspector, qtbot: QtBot) -> None:
    name = add(canvas, "Const")
    select(canvas, name)
    _type_in(qtbot, inspector.form.name_edit, "weights")
    assert "weights" in canvas.graph
    assert inspector.form.name_edit.text() == "weights"


def test_a_taken_name_is_refused_with_the_reason(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    first, second = add(canvas, "Const"), add(canvas, "Const", 200)
    select(canvas, second)
    _type_in(qtbot, inspector.form.name_edit, first)
    error = inspector.form.name_error
    assert error.isVisible()
    assert "already used" in error.text()
    assert inspector.form.name_edit.text() == second
    assert second in canvas.graph


def test_an_invalid_name_is_refused_with_the_reason(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    name = add(canvas, "Const")
    select(canvas, name)
    _type_in(qtbot, inspector.form.name_edit, "bad name!")
    assert "is not a valid name" in inspector.form.name_error.text()
    assert inspector.form.name_edit.text() == name
    assert name in canvas.graph


def test_undo_after_an_inspector_change_shows_the_old_value(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    const = add(canvas, "Const", attrs={"value": 7})
    select(canvas, const)
    _type_in(qtbot, _field(inspector, "value"), "[[1, 2], [3, 4]]")
    assert inspector.form.result_label.text() == "2×2 int32"
    canvas.undo_stack.undo()
    assert _field(inspector, "value").text() == "7"
    assert inspector.form.result_label.text() == "scalar int32"
    canvas.undo_stack.redo()
    assert _field(inspector, "value").text() == "[[1, 2], [3, 4]]"


def test_undo_of_a_rename_shows_the_old_name(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    name = add(canvas, "Const")
    select(canvas, name)
    _type_in(qtbot, inspector.form.name_edit, "bias")
    canvas.undo_stack.undo()
    assert inspector.form.name_edit.text() == name


def test_an_error_node_shows_its_message(canvas: Canvas, inspector: Inspector) -> None:
    name = add(canvas, "AddV2")
    select(canvas, name)
    error = inspector.form.error_label
    assert error.isVisible()
    assert error.text().startswith("Not connected: Input 'x' of 'add' (AddV2) is not connected")
    assert "?" in inspector.form.outputs_label.text()


def test_the_error_goes_when_the_node_becomes_valid(
    canvas: Canvas, inspector: Inspector
) -> None:
    x, y = add(canvas, "Const"), add(canvas, "Const", 0, 120)
    total = add(canvas, "AddV2", 250)
    select(canvas, total)
    canvas.connect(f"{x}:0", total, 0)
    assert "Input 'y'" in inspector.form.error_label.text()
    assert inspector.form.inputs_label.text() == (
        f"x \u2190 {x}:0   scalar float32\ny   not connected")
    canvas.connect(f"{y}:0", total, 1)
    assert not inspector.form.error_label.isVisible()
    assert inspector.form.inputs_label.text().endswith(f"y \u2190 {y}:0   scalar float32")
    assert "scalar float32" in inspector.form.outputs_label.text()


def test_a_deleted_node_leaves_the_inspector_empty(
    canvas: Canvas, inspector: Inspector
) -> None:
    name = add(canvas, "Const")
    select(canvas, name)
    canvas.delete_selection()
    assert inspector.stack.currentWidget() is inspector.placeholder


@pytest.mark.parametrize(
    ("value", "text", "read_back"),
    [
        ([[1, 2], [3, 4]], "[[1, 2], [3, 4]]", [[1, 2], [3, 4]]),
        (np.float32(0.1), "0.1", 0.1),
        ([True, False], "[true, false]", [True, False]),
        (np.array([b"a", b'b"c'], dtype=object), '["a", "b\\"c"]', ["a", 'b"c']),
        ([1 + 2j, -3j], "[1+2j, -0-3j]", [1 + 2j, -3j]),
    ],
)
def test_value_text_is_what_parse_value_reads_back(
    value: object, text: str, read_back: object
) -> None:
    from engine import parse_value

    assert value_text(value) == text
    assert parse_value(text) == read_back
