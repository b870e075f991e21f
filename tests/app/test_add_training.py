"""Run → Add Training…: minimize's gradient subgraph and train op added as one undo step,
beside the model, and trained from the Train dock."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import engine
from app.add_training_dialog import AddTrainingDialog, TrainingChoice
from app.main_window import MainWindow
from tests.app.train_helpers import shown_window, train_and_wait, write_data


def model_graph() -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None], name="x")
        y = engine.placeholder(engine.float32, [None], name="y")
        w = engine.Variable(0.0, name="w")
        b = engine.Variable(0.0, name="b")
        pred = engine.add(engine.multiply(x, w), b, name="pred")
        engine.reduce_mean(engine.square(pred - y), name="loss")
    return g


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    main_window = shown_window(qtbot)
    main_window.canvas.set_graph(model_graph(), None)
    xs, ys = write_data(tmp_path)
    dock = main_window.train.dock
    dock.bind("x", engine.DataSource(str(xs)))
    dock.bind("y", engine.DataSource(str(ys)))
    return main_window


def _add_adam(window: MainWindow, lr: float = 0.1) -> None:
    window.canvas.select_names(["loss"])
    window.train.wiring.ask_training = lambda graph, loss: TrainingChoice(
        "Adam", {"learning_rate": lr}, ["w", "b"])
    assert window.train.wiring.add_training()


def test_add_training_builds_tfs_adam_ops_and_sets_the_dock(window: MainWindow) -> None:
    _add_adam(window)
    graph = window.canvas.graph
    names = {op.name for op in graph.get_operations()}
    assert {"Adam", "w/Adam", "w/Adam_1", "beta1_power", "gradients/Shape"} <= names
    setup = window.train.dock.setup()
    assert (setup.train_op, setup.loss) == ("Adam", "loss")


def test_add_training_is_one_undo_step(window: MainWindow) -> None:
    before = [op.name for op in window.canvas.graph.get_operations()]
    _add_adam(window)
    stack = window.canvas.undo_stack
    assert stack.undoText() == "Add Training (Adam)"
    added = len(window.canvas.graph.get_operations())
    stack.undo()
    assert [op.name for op in window.canvas.graph.get_operations()] == before
    assert window.train.dock.setup().train_op == ""
    stack.redo()
    assert len(window.canvas.graph.get_operations()) == added
    assert window.train.dock.setup().train_op == "Adam"


def test_new_nodes_are_laid_out_beside_the_model_not_on_it(window: MainWindow) -> None:
    model = {node.op.name: node.sceneBoundingRect() for node in window.canvas.scene.nodes()}
    right = max(r.right() for r in model.values())
    _add_adam(window)
    new = [node for node in window.canvas.scene.nodes() if node.op.name not in model]
    assert new and all(node.sceneBoundingRect().left() > right for node in new)


def test_the_dialog_ticks_every_trainable_variable_and_offers_adams_parameters(
        window: MainWindow) -> None:
    dialog = AddTrainingDialog(window.canvas.graph, "loss:0", window)
    choice = dialog.choice()
    assert choice.optimizer == "Adam" and choice.variables == ["w", "b"]
    assert choice.params == {"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999,
                             "epsilon": 1e-8}
    dialog.optimizer.setCurrentText("Momentum")
    assert set(dialog.choice().params) == {"learning_rate", "momentum"}


def test_added_adam_training_brings_the_loss_down(
        window: MainWindow, qtbot: QtBot) -> None:
    _add_adam(window)
    window.train.dock.set_config(engine.TrainConfig(batch_size=32, steps=200, eval_every=0))
    loop, _stopped, error = train_and_wait(qtbot, window)
    assert error == ""
    assert loop.history.records[0].loss > 1.0 and loop.history.records[-1].loss < 0.05


def test_the_added_gradient_and_optimizer_scopes_open_as_collapsed_groups(
        window: MainWindow) -> None:
    groups = window.canvas.groups
    groups.set_collapsed("w", False)
    _add_adam(window)
    assert groups.is_collapsed("gradients") and groups.is_collapsed("Adam")
    assert not groups.is_collapsed("w")  # the model's own scope (w/Adam lives in it) stays
    assert window.canvas.scene.node_named("loss").isVisible()


def test_the_parameters_read_as_in_code_not_with_ten_decimals(window: MainWindow) -> None:
    dialog = AddTrainingDialog(window.canvas.graph, "loss:0", window)
    shown = {name: spin.text() for name, spin in dialog.spins.items()}
    assert shown == {"learning_rate": "0.001", "beta1": "0.9", "beta2": "0.999",
                     "epsilon": "1e-08"}


def test_a_parameter_typed_with_an_exponent_is_taken(window: MainWindow, qtbot: QtBot) -> None:
    dialog = AddTrainingDialog(window.canvas.graph, "loss:0", window)
    spin = dialog.spins["epsilon"]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "1e-7")
    spin.interpretText()
    assert dialog.choice().params["epsilon"] == 1e-7


def test_the_added_block_is_laid_out_with_its_groups_collapsed_not_as_a_tall_column(
        window: MainWindow) -> None:
    model = {op.name for op in window.canvas.graph.get_operations()}
    _add_adam(window)
    scene = window.canvas.scene
    new = [node.sceneBoundingRect() for node in scene.nodes()
           if node.isVisible() and node.op.name not in model]
    top = min(r.top() for r in new)
    bottom = max(r.bottom() for r in new)
    assert new and bottom - top < 800  # laid out expanded, the update ops made 2,500 px


def test_the_dialog_offers_adagrad_with_its_initial_accumulator(window: MainWindow) -> None:
    dialog = AddTrainingDialog(window.canvas.graph, "loss:0", window)
    dialog.optimizer.setCurrentText("Adagrad")
    assert dialog.choice().params == {"learning_rate": 0.01, "initial_accumulator_value": 0.1}


def test_add_training_with_adagrad_builds_its_slot_and_apply_ops(window: MainWindow) -> None:
    window.canvas.select_names(["loss"])
    window.train.wiring.ask_training = lambda graph, loss: TrainingChoice(
        "Adagrad", {"learning_rate": 0.5, "initial_accumulator_value": 0.2}, ["w", "b"])
    assert window.train.wiring.add_training()
    ops = {op.name: op.type for op in window.canvas.graph.get_operations()}
    assert ops["w/Adagrad"] == "VariableV2"
    assert ops["Adagrad/update_w/ApplyAdagrad"] == "ApplyAdagrad"
    assert window.train.dock.setup().train_op == "Adagrad"


def test_the_dialog_offers_ftrl_with_a_negative_learning_rate_power(window: MainWindow) -> None:
    dialog = AddTrainingDialog(window.canvas.graph, "loss:0", window)
    dialog.optimizer.setCurrentText("Ftrl")
    spin = dialog.spins["learning_rate_power"]
    assert dialog.choice().params["learning_rate_power"] == -0.5
    spin.lineEdit().setText("-0.25")
    spin.interpretText()
    assert dialog.choice().params["learning_rate_power"] == -0.25
    spin.lineEdit().setText("0.5")  # TF refuses a positive power: the box stops at 0
    spin.interpretText()
    assert dialog.choice().params["learning_rate_power"] <= 0.0


def test_add_training_with_ftrl_builds_its_slots_and_apply_ops(window: MainWindow) -> None:
    window.canvas.select_names(["loss"])
    window.train.wiring.ask_training = lambda graph, loss: TrainingChoice(
        "Ftrl", {"learning_rate": 0.5, "l1_regularization_strength": 0.01}, ["w", "b"])
    assert window.train.wiring.add_training()
    ops = {op.name: op.type for op in window.canvas.graph.get_operations()}
    assert ops["w/Ftrl"] == "VariableV2" and ops["w/Ftrl_1"] == "VariableV2"
    assert ops["Ftrl/update_w/ApplyFtrl"] == "ApplyFtrl"
    assert window.train.dock.setup().train_op == "Ftrl"
