"""The Train dock's section read leniently, its paths rebased between file and memory, the
editor section's other keys kept, and the column chooser of a CSV binding."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.bind_dialog import ColumnsDialog
from app.train_setup import read_paths, setup_from_json, write_paths
from editor.canvas import Canvas
from editor.sections import set_section


def test_a_bad_setting_takes_its_default_and_is_named() -> None:
    setup = setup_from_json({"loss": "loss", "settings": {"batch_size": "x", "epochs": 3}})
    assert setup.loss == "loss" and setup.config.epochs == 3 and setup.config.batch_size == 32
    assert setup.problems == ["editor.training.settings.batch_size: 'x' is not a valid value"]


def test_a_bad_binding_is_named_and_the_rest_kept() -> None:
    setup = setup_from_json({"train_op": "t", "data": {"x": {"file": 3}}})
    assert setup.train_op == "t" and setup.data == {}
    assert setup.problems == ["editor.training.data.x.file: expected the data file's path "
                              "as a string"]


def test_paths_are_relative_in_the_file_and_absolute_in_memory(tmp_path: Path) -> None:
    inside, outside = str(tmp_path / "d" / "x.npy"), "/elsewhere/y.npy"
    section = {"data": {"x": {"file": inside}, "y": {"file": outside}}}
    written = write_paths(section, str(tmp_path))
    assert written["data"] == {"x": {"file": "d/x.npy"}, "y": {"file": outside}}
    assert read_paths(written, str(tmp_path))["data"]["x"]["file"] == inside


def test_editor_section_keeps_keys_it_does_not_know(qtbot: QtBot) -> None:
    canvas = Canvas()
    canvas.set_graph(canvas.graph, {"nodes": {}, "future": {"a": [1, 2]}})
    assert canvas.editor_section()["future"] == {"a": [1, 2]}


def test_a_section_change_is_an_undo_step(qtbot: QtBot) -> None:
    canvas = Canvas()
    set_section(canvas.undo_stack, canvas.sections, "training", {"loss": "l"}, "Set")
    assert canvas.editor_section()["training"] == {"loss": "l"}
    canvas.undo_stack.undo()
    assert "training" not in canvas.editor_section()


def test_columns_dialog_offers_the_detected_header(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("x,y,label\n1,2,0\n3,4,1\n")
    dialog = ColumnsDialog(str(tmp_path / "p.csv"), "features")
    qtbot.addWidget(dialog)
    assert [dialog.list.item(i).text() for i in range(3)] == ["x", "y", "label"]
    dialog.list.item(2).setCheckState(dialog.list.item(2).checkState().Unchecked)
    assert dialog.chosen() == ("x", "y")
