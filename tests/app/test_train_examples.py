"""The training examples as a user meets them: open, Start at once, and the issue's whole
path on linear regression — add Adam through the dialog, bind the data, train 200 steps,
stop, resume, predict on a file, save, reopen."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

import engine
from app.add_training_dialog import AddTrainingDialog
from app.examples import EXAMPLES_DIR
from app.main_window import MainWindow
from tests.app.train_helpers import TRAIN_TIMEOUT_MS, shown_window, train_and_wait

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    return shown_window(qtbot)


@pytest.mark.parametrize("name, accuracy", [("digits_mlp.json", 0.9), ("digits_cnn.json", 0.9)])
def test_digit_examples_train_to_a_useful_accuracy_straight_after_opening(
        window: MainWindow, qtbot: QtBot, name: str, accuracy: float) -> None:
    assert window.open_path(EXAMPLES_DIR / name)
    assert window.train.dock.isVisible()
    loop, _stopped, error = train_and_wait(qtbot, window)
    assert error == ""
    last = loop.history.records[-1]
    assert last.val_metric is not None and last.val_metric >= accuracy


def test_linear_regression_from_opening_to_reopening_with_trained_values(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    assert window.open_path(EXAMPLES_DIR / "linear_regression.json")
    wiring = window.train.wiring
    # Add Training with Adam, through the dialog's own widgets
    window.canvas.select_names(["loss"])

    def through_dialog(graph: engine.Graph, loss: str) -> object:
        dialog = AddTrainingDialog(graph, loss, window)
        dialog.optimizer.setCurrentText("Adam")
        dialog.spins["learning_rate"].setValue(0.1)
        return dialog.choice()

    wiring.ask_training = through_dialog
    assert wiring.add_training()
    assert window.train.dock.setup().train_op == "Adam"
    # bind the data files as a user would, through the bind hook
    sources = {"x": EXAMPLES_DIR / "linear_regression_x.npy",
               "y": EXAMPLES_DIR / "linear_regression_y.npy"}
    wiring.choose_source = lambda name: engine.DataSource(str(sources[name]))
    for row in range(2):  # x, then y
        window.train.dock.bindings.selectRow(row)
        window.train.dock.bind_button.click()
    assert window.train.dock.setup().data["x"].path == str(sources["x"])
    # train 200 steps: the plotted loss falls below a threshold
    window.train.dock.steps.setValue(200)
    train_and_wait(qtbot, window)
    steps, losses = window.train.dock.plot.points("loss")
    assert len(steps) == 200 and losses[-20:].mean() < 0.15 < losses[0]
    # stop mid-run, then resume from where it stopped
    window.train.dock.steps.setValue(1_000_000)
    controller = window.train.controller
    with qtbot.waitSignal(controller.ended, timeout=TRAIN_TIMEOUT_MS) as blocker:
        window.train.start.trigger()
        qtbot.waitUntil(lambda: len(controller.records) >= 10, timeout=TRAIN_TIMEOUT_MS)
        window.train.stop.trigger()
    assert blocker.args[1] is True
    window.train.dock.steps.setValue(10)
    resumed, _stopped, _error = train_and_wait(qtbot, window)
    assert resumed.history.records[0].loss < 0.15
    # predict on a file
    np.save(tmp_path / "new_x.npy", np.array([[0.0], [1.0]], np.float32))
    wiring.ask_predict = lambda graph, output, bindings: (
        "pred", {"x": engine.DataSource(str(tmp_path / "new_x.npy"))})
    with qtbot.waitSignal(window.run.controller.finished, timeout=20_000):
        assert wiring.predict()
    predicted = window.run.controller.results["pred"].value
    assert predicted[:, 0] == pytest.approx([1.0, 3.0], abs=0.3)  # y = 2x + 1
    # save, reopen, and find the trained values again
    trained = engine.variable_values(window.run.controller.session)
    assert window.document._write(tmp_path / "mine.json")
    assert window.open_path(tmp_path / "mine.json")
    assert window.train.wiring.stored["W"].tobytes() == trained["W"].tobytes()
    window.canvas.select_names(["pred"])
    wiring.ask_predict = lambda graph, output, bindings: (
        "pred", {"x": engine.DataSource(str(tmp_path / "new_x.npy"))})
    with qtbot.waitSignal(window.run.controller.finished, timeout=20_000):
        assert wiring.predict()
    assert window.run.controller.results["pred"].value.tobytes() == predicted.tobytes()


def test_committed_training_examples_are_what_the_tool_writes(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import make_examples
    finally:
        sys.path.remove(str(REPO / "tools"))
    for name, (graph, editor, files) in make_examples.build_training_examples().items():
        engine.save_graph(tmp_path / name, graph, editor)
        assert (tmp_path / name).read_text() == (EXAMPLES_DIR / name).read_text(), name
        for file, array in files.items():
            np.save(tmp_path / file, array, allow_pickle=False)
            assert (tmp_path / file).read_bytes() == (EXAMPLES_DIR / file).read_bytes(), file


def test_after_training_a_weight_matrix_shows_as_a_heat_map(
        window: MainWindow, qtbot: QtBot) -> None:
    assert window.open_path(EXAMPLES_DIR / "digits_mlp.json")
    window.train.dock.steps.setValue(5)
    train_and_wait(qtbot, window)
    window.canvas.select_names(["hidden_W"])
    dock = window.run.views.dock
    assert dock.name_label.text() == "hidden_W" and dock.value.shape == (64, 32)
    pane = dock.value_pane
    assert pane.plot_stack.currentWidget() is pane.heatmap
    session = window.run.controller.session
    assert dock.value.tobytes() == engine.variable_values(session)["hidden_W"].tobytes()


def test_linear_regression_plots_its_points_and_the_fitted_line(
        window: MainWindow, qtbot: QtBot) -> None:
    assert window.open_path(EXAMPLES_DIR / "linear_regression.json")
    dock = window.train.dock
    assert dock.plots.isTabVisible(1)  # the Fit tab: one input, one target
    assert len(dock.fit_plot.points.data) == 200
    train_and_wait(qtbot, window)
    xs, ys = dock.fit_plot.curve_data()
    assert len(xs) == 200 and ys == pytest.approx(2 * xs + 1, abs=0.3)  # y = 2x + 1


def test_digits_have_no_fit_tab(window: MainWindow) -> None:
    assert window.open_path(EXAMPLES_DIR / "digits_mlp.json")
    assert not window.train.dock.plots.isTabVisible(1)


@pytest.mark.parametrize("name", ["digits_mlp.json", "train_mlp.json", "linear_regression.json"])
def test_a_training_example_opens_whole_in_view_with_its_training_scopes_collapsed(
        window: MainWindow, qtbot: QtBot, name: str) -> None:
    assert window.open_path(EXAMPLES_DIR / name)
    view = window.canvas.view
    qtbot.waitUntil(lambda: view.shows_all(), timeout=5_000)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(window.canvas.scene.content_rect())
    assert "gradients" in window.canvas.groups.collapsed
    assert all(box.isVisible() for box in window.canvas.groups.boxes.values())
