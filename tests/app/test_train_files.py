"""What training keeps in the graph file (bindings, settings, trained values), Predict, and
bound placeholders feeding ordinary Runs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

import engine
from app.main_window import MainWindow
from tests.app.run_helpers import run_and_wait
from tests.app.train_helpers import ready_window, shown_window, train_and_wait


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    return shown_window(qtbot)


def _save(window: MainWindow, path: Path) -> dict:
    assert window.document._write(path)
    return json.loads(path.read_text())


def test_saved_file_stores_bindings_relative_to_its_folder(
        window: MainWindow, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=16, steps=7)
    doc = _save(window, tmp_path / "model.json")
    training = doc["editor"]["training"]
    assert training["data"] == {"x": {"file": "x.npy"}, "y": {"file": "y.npy"}}
    assert training["train_op"] == "train" and training["loss"] == "loss"
    assert training["settings"]["batch_size"] == 16 and training["settings"]["steps"] == 7


def test_reopened_file_trains_at_once_with_its_bindings(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=20, eval_every=0)
    _save(window, tmp_path / "model.json")
    assert window.open_path(tmp_path / "model.json")
    assert window.train.dock.setup().data["x"].path == str(tmp_path / "x.npy")
    _loop, _stopped, error = train_and_wait(qtbot, window)
    assert error == ""


def test_trained_values_are_saved_and_training_goes_on_from_them_after_reopening(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=200, eval_every=0)
    train_and_wait(qtbot, window)
    trained = engine.variable_values(window.run.controller.session)
    doc = _save(window, tmp_path / "model.json")
    assert set(doc["editor"]["variables"]) == {"w", "b"}
    assert window.open_path(tmp_path / "model.json")
    window.train.dock.set_config(engine.TrainConfig(batch_size=32, steps=1, eval_every=0))
    loop, _stopped, _error = train_and_wait(qtbot, window)
    assert loop.history.records[0].loss < 0.01  # not from w = b = 0 (loss ≈ 7)
    assert window.train.controller.job is None
    restored = window.train.wiring.stored
    assert restored["w"].tobytes() == trained["w"].tobytes()


def test_a_file_without_variable_values_starts_from_the_initializers(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=1, eval_every=0)
    doc = _save(window, tmp_path / "model.json")
    assert "variables" not in doc["editor"]
    assert window.open_path(tmp_path / "model.json")
    loop, _stopped, _error = train_and_wait(qtbot, window)
    assert loop.history.records[0].loss > 1.0


def test_autosave_copy_keeps_the_trained_values(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=50, eval_every=0)
    train_and_wait(qtbot, window)
    assert window.document.autosave()
    doc = json.loads(window.document.recovery_file.read_text())
    values = engine.decode_variable_values(doc["editor"]["variables"])
    assert values["w"] == engine.variable_values(window.run.controller.session)["w"]
    assert doc["editor"]["training"]["data"]["x"]["file"] == str(tmp_path / "x.npy")


def test_ordinary_run_feeds_bound_placeholders_from_their_files(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path)
    asked: list[object] = []
    window.run.controller.ask_feeds = lambda requests: asked.append(requests) or {}
    window.train.wiring._ask_feeds = window.run.controller.ask_feeds
    window.run.controller.ask_feeds = window.train.wiring.ask_feeds
    window.canvas.select_names(["x"])
    run_and_wait(qtbot, window, "actionRunSelected")
    assert asked == []
    value = window.run.controller.results["x"].value
    assert value.shape == (256,) and value[0] == np.load(tmp_path / "x.npy")[0]


def test_predict_runs_an_output_on_a_new_file_and_shows_it_in_results(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=300, eval_every=0)
    train_and_wait(qtbot, window)
    np.save(tmp_path / "new.npy", np.array([0.0, 1.0, -1.0], np.float32))
    wiring = window.train.wiring
    wiring.ask_predict = lambda graph, output, bindings: (
        "pred", {"x": engine.DataSource(str(tmp_path / "new.npy"))})
    with qtbot.waitSignal(window.run.controller.finished, timeout=20_000):
        assert wiring.predict()
    value = window.run.controller.results["pred"].value
    assert value == pytest.approx([2.0, 5.0, -1.0], abs=0.1)
    dock = window.run.views.dock
    assert dock.name_label.text() == "pred"
    assert dock.export(str(tmp_path / "pred.csv"))
    assert np.loadtxt(tmp_path / "pred.csv", delimiter=",") == pytest.approx(value)


def test_predict_takes_a_typed_value(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=300, eval_every=0)
    train_and_wait(qtbot, window)
    window.train.wiring.ask_predict = lambda graph, output, bindings: ("pred", {"x": "[0.5]"})
    with qtbot.waitSignal(window.run.controller.finished, timeout=20_000):
        assert window.train.wiring.predict()
    assert window.run.controller.results["pred"].value == pytest.approx([3.5], abs=0.1)


def test_history_csv_and_plot_png_export(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=30, eval_every=0)
    train_and_wait(qtbot, window)
    wiring = window.train.wiring
    assert wiring.export_csv(str(tmp_path / "h.csv"))
    lines = (tmp_path / "h.csv").read_text().splitlines()
    assert len(lines) == 31 and lines[0].startswith("step,epoch,loss")
    assert wiring.export_png(str(tmp_path / "plot.png"))
    assert (tmp_path / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_after_opening_initializes_the_variables_first(
        window: MainWindow, qtbot: QtBot) -> None:
    from app.examples import EXAMPLES_DIR

    assert window.open_path(EXAMPLES_DIR / "linear_regression.json")
    window.canvas.select_names(["pred"])
    run_and_wait(qtbot, window, "actionRunSelected")
    value = window.run.controller.results["pred"].value
    x = np.load(EXAMPLES_DIR / "linear_regression_x.npy")
    assert value == pytest.approx(x * 0.5)  # W's initial 0.5, b's 0


def test_predict_dialog_offers_the_training_binding_and_takes_typed_values(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    from app.predict_dialog import PredictDialog, feed_values

    ready_window(window, tmp_path)
    setup = window.train.dock.setup()
    dialog = PredictDialog(window.canvas.graph, "pred", setup.data, window)
    qtbot.addWidget(dialog)
    output, inputs = dialog.chosen()
    assert output == "pred" and inputs == {"x": setup.data["x"]}  # y is not needed
    from PySide6.QtWidgets import QLineEdit

    edit = dialog.findChild(QLineEdit, "predictValue_x")
    assert edit is not None and edit.text() == "file: x.npy"
    edit.textEdited.emit("[1.0, 2.0]")
    _output, inputs = dialog.chosen()
    assert inputs == {"x": "[1.0, 2.0]"}
    assert feed_values(window.canvas.graph, inputs) == {"x": [1.0, 2.0]}


def test_a_restored_recovery_copy_brings_back_bindings_and_trained_values(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=50, eval_every=0)
    train_and_wait(qtbot, window)
    trained = engine.variable_values(window.run.controller.session)
    assert window.document.autosave()
    other = MainWindow()
    qtbot.addWidget(other)
    graph, editor = engine.load_graph(window.document.recovery_file)  # as offer_recovery
    other.canvas.set_graph(graph, editor)
    assert other.train.dock.setup().data["x"].path == str(tmp_path / "x.npy")
    assert other.train.wiring.stored["w"].tobytes() == trained["w"].tobytes()
    other.train.dock.set_config(engine.TrainConfig(batch_size=32, steps=1, eval_every=0))
    loop, _stopped, _error = train_and_wait(qtbot, other)
    assert loop.history.records[0].loss < 0.2  # from the trained values, not from zero
