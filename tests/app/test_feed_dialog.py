"""The placeholder dialog refusing what it cannot feed as typed: values the conversion
would change (until Run is pressed again), values out of range, texts too long for a
field; and growing to show its messages whole."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

import engine
from app import feed_dialog
from app.feed_dialog import FeedDialog, FeedRequest
from editor import attr_values
from editor.attr_values import value_text


def _dialog(qtbot: QtBot, *placeholders: tuple[str, engine.DType, list[int | None] | None]) -> (
    FeedDialog
):
    g = engine.Graph()
    with g.as_default():
        tensors = [engine.placeholder(d, shape, name=n) for n, d, shape in placeholders]
    dialog = FeedDialog([FeedRequest(t) for t in tensors])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _run(dialog: FeedDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


@pytest.mark.parametrize(
    ("dtype", "text", "said"),
    [
        (engine.int32, "1.5", "1.5 would become 1 as int32"),
        (engine.float16, "70000.0", "70000.0 would become inf as float16"),
        (engine.bool, '"False"', '"False" would become true as bool'),
        (engine.float32, "1e39", "1e+39 would become inf as float32"),
    ],
)
def test_a_value_the_feed_would_change_is_refused_saying_what_it_becomes(
    qtbot: QtBot, dtype: engine.DType, text: str, said: str
) -> None:
    dialog = _dialog(qtbot, ("x", dtype, None))
    dialog.fields["x"].setText(text)
    _run(dialog)
    assert dialog.isVisible()
    assert dialog.error_text("x") == (
        f"{said}. Press Run again to feed it all the same, or change it."
    )


def test_run_pressed_again_feeds_the_changed_value(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ("x", engine.int32, None))
    dialog.fields["x"].setText("[1.5, 2]")
    _run(dialog)
    assert dialog.isVisible()
    _run(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == {"x": [1.5, 2]}


def test_an_edited_value_is_checked_again(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ("x", engine.int32, None))
    dialog.fields["x"].setText("1.5")
    _run(dialog)
    dialog.fields["x"].setText("2.5")
    _run(dialog)
    assert dialog.isVisible()
    assert dialog.error_text("x").startswith("2.5 would become 2 as int32")


def test_none_is_not_a_value(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ("x", engine.float32, None))
    dialog.fields["x"].setText("None")
    _run(dialog)
    assert dialog.isVisible()
    assert "None is not a value" in dialog.error_text("x")


def test_an_int_beyond_the_dtype_is_refused_without_a_traceback(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ("x", engine.int32, None))
    dialog.fields["x"].setText(str(2**40))
    _run(dialog)
    assert dialog.isVisible()
    assert str(2**40) in dialog.error_text("x")  # the engine's (TF's) message names it


def test_a_feed_longer_than_32767_characters_is_kept_whole(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ("x", engine.int32, [None]))
    numbers = list(range(6000))
    text = value_text(numbers)
    assert len(text) > 32_767
    dialog.fields["x"].setText(text)  # as a paste does
    _run(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == {"x": numbers}


def test_a_feed_over_the_limit_is_refused_with_the_reason(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attr_values, "MAX_TYPED_CHARS", 20)
    monkeypatch.setattr(feed_dialog, "MAX_TYPED_CHARS", 20)
    dialog = _dialog(qtbot, ("x", engine.int32, [None]))
    dialog.fields["x"].setText(value_text(list(range(30))))
    _run(dialog)
    assert dialog.isVisible()
    assert dialog.error_text("x").startswith(
        "Too long to type: a field takes at most 20 characters"
    )


def _bottom_in(label: QLabel, dialog: QDialog) -> int:
    return label.mapTo(dialog, QPoint(0, label.height())).y()


def test_the_dialog_grows_to_show_its_messages_whole(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, ("x", engine.float32, [3, None]), ("y", engine.int32, [None]))
    dialog.fields["x"].setText("[[1, 2], [3, 4]]")
    dialog.fields["y"].setText("[[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]]")
    _run(dialog)
    qtbot.wait(10)
    for name in ("x", "y"):
        label = dialog.errors[name]
        assert label.isVisible(), name
        assert label.height() >= label.heightForWidth(label.width()), name
    assert _bottom_in(dialog.errors["x"], dialog) <= dialog.fields["y"].mapTo(
        dialog, QPoint(0, 0)
    ).y()
    assert _bottom_in(dialog.errors["y"], dialog) <= dialog.buttons.mapTo(
        dialog, QPoint(0, 0)
    ).y()


def test_at_a_path_feeds_the_npy_file_memory_mapped(qtbot: QtBot, tmp_path: Any) -> None:
    import numpy as np

    path = tmp_path / "x.npy"
    np.save(path, np.arange(6, dtype=np.float32).reshape(2, 3))
    dialog = _dialog(qtbot, ("x", engine.float32, [None, 3]))
    dialog.fields["x"].setText(f"@{path}")
    _run(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    value = dialog.values()["x"]
    assert isinstance(value, np.memmap) and value.shape == (2, 3)


def test_a_file_of_the_wrong_shape_is_refused_naming_it(qtbot: QtBot, tmp_path: Any) -> None:
    import numpy as np

    path = tmp_path / "x.npy"
    np.save(path, np.zeros((2, 4), np.float32))
    dialog = _dialog(qtbot, ("x", engine.float32, [None, 3]))
    dialog.fields["x"].setText(f"@{path}")
    _run(dialog)
    assert dialog.isVisible()
    assert dialog.error_text("x") == (f"{path}: Cannot feed value of shape (2, 4) for Tensor "
                                      "x:0, which has shape (?, 3)")


def test_a_remembered_file_shows_as_its_name(qtbot: QtBot, tmp_path: Any) -> None:
    import numpy as np

    path = tmp_path / "x.npy"
    np.save(path, np.zeros((2, 3), np.float32))
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 3], name="x")
    dialog = FeedDialog([FeedRequest(x, engine.open_npy(str(path)))])
    qtbot.addWidget(dialog)
    assert dialog.fields["x"].text() == f"@{path}"
