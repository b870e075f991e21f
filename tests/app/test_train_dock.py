"""The Train dock driven as a user would: bind data, start, watch the loss fall, stop,
resume, pause, and what training leaves behind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

import engine
from app.main_window import MainWindow
from tests.app.train_helpers import TRAIN_TIMEOUT_MS, ready_window, shown_window, train_and_wait


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    return shown_window(qtbot)


def test_training_200_steps_brings_the_plotted_loss_below_a_threshold(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=200, eval_every=0)
    loop, stopped, error = train_and_wait(qtbot, window)
    assert error == "" and not stopped
    steps, losses = window.train.dock.plot.points("loss")
    assert steps.tolist() == list(range(1, 201))
    assert losses[0] > 1.0 and losses[-10:].mean() < 0.01


def test_progress_bar_and_status_bar_report_the_steps_and_final_loss(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=64, steps=50, eval_every=0)
    loop, _stopped, _error = train_and_wait(qtbot, window)
    progress = window.train.dock.progress
    assert (progress.value(), progress.maximum()) == (50, 50)
    assert progress.text() == "50 / 50 steps"
    message = window.statusBar().currentMessage()
    assert message.startswith("Trained 50 steps · loss ")
    assert f"{loop.history.records[-1].loss:.6g}" in message


def test_the_progress_bar_counts_no_steps_before_the_first_run(
        window: MainWindow, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=64, steps=50, eval_every=0)
    assert window.train.dock.progress.text() == ""


def test_validation_split_plots_the_validation_loss_every_n_steps(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=40, eval_every=10,
                 validation_fraction=0.25)
    train_and_wait(qtbot, window)
    steps, losses = window.train.dock.plot.points("val_loss")
    assert steps.tolist() == [10, 20, 30, 40] and losses[-1] < losses[0]


def test_stop_ends_training_within_a_step_and_start_resumes_from_the_trained_values(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=8, steps=1_000_000, eval_every=0)
    controller = window.train.controller
    with qtbot.waitSignal(controller.ended, timeout=TRAIN_TIMEOUT_MS) as blocker:
        window.train.start.trigger()
        qtbot.waitUntil(lambda: len(controller.records) >= 30, timeout=TRAIN_TIMEOUT_MS)
        window.train.stop.trigger()
    loop, stopped, _error = blocker.args
    assert stopped and 30 <= len(loop.history.records) < 1_000_000
    assert window.statusBar().currentMessage().startswith(
        f"Training stopped after {len(loop.history.records)} of 1000000 steps")
    first_loss = loop.history.records[0].loss
    window.train.dock.set_config(engine.TrainConfig(batch_size=8, steps=5, eval_every=0))
    again, _stopped, _error = train_and_wait(qtbot, window)
    assert again.history.records[0].loss < first_loss / 10  # it went on from there


def test_pause_holds_the_steps_until_pressed_again(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=8, steps=1_000_000, eval_every=0)
    controller = window.train.controller
    window.train.start.trigger()
    qtbot.waitUntil(lambda: len(controller.records) >= 5, timeout=TRAIN_TIMEOUT_MS)
    window.train.pause.trigger()
    assert controller.paused
    qtbot.wait(150)
    controller.drain()
    held = len(controller.records)
    qtbot.wait(200)
    controller.drain()
    assert len(controller.records) <= held + 1  # at most the step under way finishes
    window.train.pause.trigger()
    qtbot.waitUntil(lambda: len(controller.records) > held + 5, timeout=TRAIN_TIMEOUT_MS)
    with qtbot.waitSignal(controller.ended, timeout=TRAIN_TIMEOUT_MS):
        window.train.stop.trigger()


def test_canvas_refuses_edits_while_training_but_selection_works(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=8, steps=1_000_000, eval_every=0)
    controller = window.train.controller
    window.train.start.trigger()
    qtbot.waitUntil(lambda: len(controller.records) >= 1, timeout=TRAIN_TIMEOUT_MS)
    canvas = window.canvas
    assert canvas.read_only and canvas.view.isInteractive()
    with pytest.raises(engine.GraphEditError):
        canvas.rename("pred", "other")
    canvas.select_names(["w"])
    assert canvas.selected_op_names() == ["w"]
    assert window.panels.inspector.isEnabled()
    assert not window.run.run.isEnabled() and not window.train.start.isEnabled()
    assert not window.run.device_selector.isEnabled()
    with qtbot.waitSignal(controller.ended, timeout=TRAIN_TIMEOUT_MS):
        window.train.stop.trigger()
    assert not canvas.read_only and window.run.run.isEnabled()


def test_trained_variables_show_their_values_as_results(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=300, eval_every=0)
    train_and_wait(qtbot, window)
    results = window.run.controller.results
    assert float(results["w"].value) == pytest.approx(3.0, abs=0.05)
    assert float(results["b"].value) == pytest.approx(2.0, abs=0.05)
    window.canvas.select_names(["w"])
    assert window.run.views.dock.name_label.text() == "w"


def test_a_file_that_does_not_fit_the_placeholder_is_named_before_training(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=10)
    np.save(tmp_path / "wide.npy", np.zeros((256, 2), np.float32))
    window.train.dock.bind("x", engine.DataSource(str(tmp_path / "wide.npy")))
    loop, _stopped, error = train_and_wait(qtbot, window)
    assert error == ("wide.npy cannot feed placeholder 'x': the file's values have shape "
                     "(256, 2), the placeholder's shape is (None,)")
    assert window.train.dock.problem_label.text() == error
    assert loop is None


def test_an_unbound_placeholder_is_named_before_training(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, steps=10)
    window.train.dock.bind("y", None)
    _loop, _stopped, error = train_and_wait(qtbot, window)
    assert error == "Bind placeholder 'y' to a data file first: training needs it"


def test_training_is_one_undo_step_that_puts_the_old_values_back(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=100, eval_every=0)
    train_and_wait(qtbot, window)
    stack = window.canvas.undo_stack
    assert stack.undoText() == "Train 100 Steps"
    session = window.run.controller.session
    assert session is not None
    trained = engine.variable_values(session)["w"]
    stack.undo()
    assert float(engine.variable_values(session)["w"]) == 0.0
    stack.redo()
    assert engine.variable_values(session)["w"] == trained


def test_settings_typed_in_the_dock_are_an_undo_step_stored_in_the_document(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32)
    window.train.dock.batch.setValue(16)
    assert window.canvas.editor_section()["training"]["settings"]["batch_size"] == 16
    window.canvas.undo_stack.undo()
    assert window.train.dock.batch.value() == 32


def test_a_validation_file_is_evaluated_instead_of_a_split(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=32, steps=100, eval_every=50)
    np.save(tmp_path / "vx.npy", np.zeros(10, np.float32))
    np.save(tmp_path / "vy.npy", np.full(10, 12.0, np.float32))  # the model says 2 there
    dock = window.train.dock
    dock.bind("x", engine.DataSource(str(tmp_path / "vx.npy")), validation=True)
    dock.bind("y", engine.DataSource(str(tmp_path / "vy.npy")), validation=True)
    assert dock.bindings.item(0, 3).text() == "vx.npy"
    loop, _stopped, _error = train_and_wait(qtbot, window)
    assert loop.rows == 256  # every training row trains
    assert loop.history.records[-1].val_loss == pytest.approx(100.0, rel=0.05)


def test_opening_another_document_stops_training_and_leaves_it_untouched(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    ready_window(window, tmp_path, batch_size=8, steps=1_000_000, eval_every=0)
    controller = window.train.controller
    with qtbot.waitSignal(controller.ended, timeout=TRAIN_TIMEOUT_MS):
        window.train.start.trigger()
        qtbot.waitUntil(lambda: len(controller.records) >= 5, timeout=TRAIN_TIMEOUT_MS)
        window.canvas.set_graph(engine.Graph(), None)
    assert window.canvas.undo_stack.count() == 0
    assert window.run.controller.results == {}
    assert not window.canvas.read_only


def test_the_dock_receives_steps_several_times_a_second_while_training_runs(
        window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """A training thread that never gave the lock up starved the GUI: the first records
    reached the dock 7.8 s after Start, with 30,000 steps already done."""
    ready_window(window, tmp_path, batch_size=8, steps=1_000_000, eval_every=0)
    controller = window.train.controller
    drains: list[int] = []
    controller.progressed.connect(lambda new: drains.append(len(new)))
    window.train.start.trigger()
    qtbot.waitUntil(lambda: bool(drains), timeout=TRAIN_TIMEOUT_MS)
    first_batch = drains[0]
    qtbot.wait(1500)
    with qtbot.waitSignal(controller.ended, timeout=TRAIN_TIMEOUT_MS):
        window.train.stop.trigger()
    assert first_batch < 20_000  # the GUI took the first records early, not after a stall
    assert len(drains) >= 5  # the timer asks about 11 times a second; 1.5 s went by


def test_the_dock_opens_tall_enough_for_its_table_and_plot(
        window: MainWindow, qtbot: QtBot) -> None:
    examples = Path(__file__).resolve().parents[2] / "resources" / "examples"
    dock = window.train.dock
    dock.hide()  # as a new user's window has it (a window restores the docks it had)
    assert window.open_path(examples / "digits_mlp.json")
    qtbot.waitUntil(lambda: dock.isVisible() and dock.height() >= 320)  # 42 % of 800 px
    table = dock.bindings
    assert table.rowCount() == 2  # images and labels, both rows in view
    shown = table.viewport().height()
    assert shown >= table.rowViewportPosition(1) + table.rowHeight(1)
