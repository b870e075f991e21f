"""The inspector refusing what it cannot apply as it was typed: values out of range,
values the conversion would change, texts too long for a field, invalid names; and the
refusal texts staying readable (cleared when stale, wrapped at the dock's edge)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

import engine
from editor import attr_editors, attr_values
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


def _type(qtbot: QtBot, field: QLineEdit, text: str, enter: bool = True) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    if enter:
        qtbot.keyClick(field, Qt.Key.Key_Return)


def _error(inspector: Inspector, attr: str) -> str:
    assert inspector.form is not None
    label = inspector.form.editors[attr].error
    return label.text() if label.isVisible() else ""


def _fully_shown(label: QLabel, within: QWidget) -> bool:
    """Whether all of ``label``'s wrapped text fits in it and it lies inside ``within``."""
    top_left = label.mapTo(within, QPoint(0, 0))
    inside = top_left.x() >= 0 and top_left.x() + label.width() <= within.width()
    return inside and label.height() >= label.heightForWidth(label.width())


# --- values out of range ---------------------------------------------------------------------
def test_an_int_beyond_int64_is_refused_under_the_field_without_a_traceback(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    const = add(canvas, "Const")  # 0.0, float32: ints typed into it choose their dtype
    select(canvas, const)
    before = canvas.undo_stack.count()
    _type(qtbot, _field(inspector, "value"), "99999999999999999999")
    assert "99999999999999999999" in _error(inspector, "value")  # the engine's message
    op = canvas.graph.get_operation_by_name(const)
    assert float(op.get_attr("value")) == 0.0 and op.get_attr("dtype") is engine.float32
    assert canvas.undo_stack.count() == before
    assert _field(inspector, "value").text() == "0.0"


def test_the_result_line_shows_the_dtype_the_engine_gives_a_large_int(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    select(canvas, add(canvas, "Const"))
    _type(qtbot, _field(inspector, "value"), str(2**40), enter=False)
    assert inspector.form is not None and inspector.form.result_label is not None
    assert inspector.form.result_label.text() == "scalar int64"
    _type(qtbot, _field(inspector, "value"), "99999999999999999999", enter=False)
    assert inspector.form.result_label.text().startswith("not accepted: ")


# --- values the conversion would change ------------------------------------------------------
def test_a_float_that_overflows_its_dtype_is_refused_saying_it_would_become_inf(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    """The engine's editing API refuses what does not fit (no confirming it into inf);
    typing ``inf`` itself is how a person asks for inf."""
    const = add(canvas, "Const", attrs={"value": 1.0})
    select(canvas, const)
    field = _field(inspector, "value")
    _type(qtbot, field, "1e39")
    op = canvas.graph.get_operation_by_name(const)
    assert float(op.get_attr("value")) == 1.0
    assert _error(inspector, "value") == (
        "value: 1e+39 is too large for float32: it would become inf")
    _type(qtbot, field, "inf")
    assert np.isinf(op.get_attr("value"))
    assert _error(inspector, "value") == ""


def test_a_default_that_overflows_is_refused_when_the_field_loses_focus(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    name = add(canvas, "Placeholder", attrs={"dtype": engine.float16})
    select(canvas, name)
    field = _field(inspector, "default_value")
    _type(qtbot, field, "[1, 70000.0]", enter=False)
    field.clearFocus()
    assert canvas.graph.get_operation_by_name(name).get_attr("default_value") is None
    assert _error(inspector, "default_value") == (
        "default_value[1]: 70000.0 is too large for float16: it would become inf"
    )
    assert field.text() == ""


# --- long texts ------------------------------------------------------------------------------
def test_a_value_longer_than_32767_characters_is_applied_whole(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    const = add(canvas, "Const")
    select(canvas, const)
    numbers = list(range(6000))
    text = value_text(numbers)
    assert len(text) > 32_767
    field = _field(inspector, "value")
    field.setFocus()
    field.setText(text)  # as a paste does
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert _error(inspector, "value") == ""
    value = canvas.graph.get_operation_by_name(const).get_attr("value")
    np.testing.assert_array_equal(value, numbers)


def test_an_editable_value_with_a_long_text_is_shown_whole(
    canvas: Canvas, inspector: Inspector
) -> None:
    value = np.full(1000, 0.1234567890123456 + 0.9876543210987654j, np.complex128)
    const = add(canvas, "Const", attrs={"value": value})
    select(canvas, const)
    assert len(value_text(value)) > 32_767
    assert _field(inspector, "value").text() == value_text(value)


def test_a_text_over_the_limit_is_refused_with_the_reason(
    canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attr_values, "MAX_TYPED_CHARS", 20)
    monkeypatch.setattr(attr_editors, "MAX_TYPED_CHARS", 20)
    inspector = host(Inspector(canvas), qtbot)
    assert isinstance(inspector, Inspector)
    const = add(canvas, "Const", attrs={"value": 1})
    select(canvas, const)
    field = _field(inspector, "value")
    field.setFocus()
    field.setText(value_text(list(range(30))))
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert _error(inspector, "value").startswith(
        "Too long to type: a field takes at most 20 characters"
    )
    assert int(canvas.graph.get_operation_by_name(const).get_attr("value")) == 1


# --- the refusal texts -----------------------------------------------------------------------
def test_typing_again_clears_the_last_refusal(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    select(canvas, add(canvas, "Const"))
    field = _field(inspector, "value")
    _type(qtbot, field, "[1, x]")
    assert _error(inspector, "value")
    _type(qtbot, field, "[1, 2]", enter=False)
    assert _error(inspector, "value") == ""


def test_a_long_refusal_and_result_wrap_inside_the_dock(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    select(canvas, add(canvas, "Const"))
    field = _field(inspector, "value")
    long_text = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, nope]"
    _type(qtbot, field, long_text)
    qtbot.wait(10)  # the layout settles
    form = inspector.form
    assert form is not None and form.result_label is not None
    error = form.editors["value"].error
    viewport = inspector.scroll.viewport()
    assert error.isVisible() and _fully_shown(error, viewport)
    _type(qtbot, field, long_text, enter=False)
    qtbot.wait(10)
    assert form.result_label.text().startswith("not a value yet")
    assert _fully_shown(form.result_label, viewport)


def test_an_invalid_name_is_explained_in_words(
    canvas: Canvas, inspector: Inspector, qtbot: QtBot
) -> None:
    name = add(canvas, "Const")
    select(canvas, name)
    assert inspector.form is not None
    _type(qtbot, inspector.form.name_edit, "bad name!")
    text = inspector.form.name_error.text()
    assert text.startswith(
        "'bad name!' is not a valid name: a space (character 4) is not allowed. "
        "A name starts with a letter, a digit or '.'"
    )
    assert "re.compile" not in text and "Regex" not in text
    _type(qtbot, inspector.form.name_edit, "_hidden")
    assert "it cannot start with '_'" in inspector.form.name_error.text()
