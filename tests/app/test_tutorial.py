"""Help → Tutorial: the steps' checks see what the learner did, "Show me" does each step
on an untitled copy of its example, and the training step comes with its example."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import engine
from app.examples import EXAMPLES_DIR
from app.main_window import MainWindow
from app.tutorial_panel import TutorialPanel
from app.tutorial_steps import (
    STEPS,
    TRAINING_EXAMPLE,
    Snapshot,
    available_steps,
    check_fed,
    check_graph_built,
    check_ran_part,
    check_shapes_first,
    check_tensor_seen,
)


def _seed() -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        a, b, c = engine.constant(5), engine.constant(6), engine.constant(7)
        _ = (a + b) * c
    return g


def test_the_graph_step_counts_the_consts_placed_so_far() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.constant(1)
        engine.constant(2)
    verdict = check_graph_built(Snapshot(g))
    assert not verdict.done and "2" in verdict.message


def test_the_graph_step_wants_an_add_of_two_consts_times_a_const() -> None:
    g = engine.Graph()
    with g.as_default():
        a, b, _c = engine.constant(5), engine.constant(6), engine.constant(7)
        _ = a + b
    assert not check_graph_built(Snapshot(g)).done
    assert check_graph_built(Snapshot(_seed())).done


def test_the_graph_step_is_not_fooled_by_a_product_of_consts() -> None:
    g = engine.Graph()
    with g.as_default():
        a, b, c = engine.constant(5), engine.constant(6), engine.constant(7)
        _ = (a * b) + c
    assert not check_graph_built(Snapshot(g)).done


def test_the_tensor_step_needs_tensor_names_and_the_mul_selected() -> None:
    g = _seed()
    assert not check_tensor_seen(Snapshot(g, selected=("mul",))).done
    assert not check_tensor_seen(Snapshot(g, show_tensor_names=True)).done
    verdict = check_tensor_seen(Snapshot(g, selected=("mul",), show_tensor_names=True))
    assert verdict.done and "mul:0" in verdict.message and "int32" in verdict.message
    assert "()" in verdict.message


def test_the_session_step_wants_the_add_run_alone() -> None:
    g = _seed()
    assert not check_ran_part(Snapshot(g, fetched=("mul",), ran=("add", "mul"))).done
    assert check_ran_part(Snapshot(g, fetched=("add",), ran=("Const", "Const_1", "add"))).done


def test_the_feeds_step_wants_a_placeholder_fed() -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[], name="a")
        _ = a * 2.0
    assert not check_fed(Snapshot(g, fetched=("mul",))).done
    assert check_fed(Snapshot(g, fetched=("mul",), fed=("a",))).done


def test_the_shapes_step_wants_a_batch_placeholder_through_a_matmul() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[None, 3], name="x")
        _ = engine.matmul(x, engine.constant([[1.0], [2.0], [3.0]]))
    verdict = check_shapes_first(Snapshot(g))
    assert verdict.done and "(?, 1)" in verdict.message
    fixed = engine.Graph()
    with fixed.as_default():
        x = engine.placeholder(engine.float32, shape=[2, 3], name="x")
        _ = engine.matmul(x, engine.constant([[1.0], [2.0], [3.0]]))
    assert not check_shapes_first(Snapshot(fixed)).done


def test_the_training_step_is_offered_only_with_its_example(tmp_path: Path) -> None:
    for step in STEPS[:-1]:
        (tmp_path / step.example).write_text("{}")
    assert [s.key for s in available_steps(tmp_path)][-1] == "shapes"
    (tmp_path / TRAINING_EXAMPLE).write_text("{}")
    assert [s.key for s in available_steps(tmp_path)][-1] == "training"


def test_every_step_opens_a_shipped_example() -> None:
    for step in available_steps():
        engine.load_graph(EXAMPLES_DIR / step.example)  # raises for a broken file


@pytest.fixture
def panel(seed_window: MainWindow) -> TutorialPanel:
    return seed_window.tutorial.show()


def test_help_tutorial_opens_the_panel_in_a_dock(seed_window: MainWindow) -> None:
    action = next(a for a in seed_window.menu_help.actions()
                  if a.objectName() == "actionTutorial")
    action.trigger()
    dock = seed_window.tutorial.dock
    assert dock is not None and dock.isVisible()
    assert seed_window.tutorial.panel is not None
    assert seed_window.tutorial.panel.step_list.count() == len(available_steps())


def test_the_panel_ticks_a_step_done_on_the_open_graph(panel: TutorialPanel) -> None:
    # the seed example is open: (5 + 6) * 7 is there
    assert panel.current_step().key == "graph"
    assert panel.verdict.text().startswith("✔")
    assert panel.step_list.item(0).text().startswith("✔")


def test_an_edit_updates_the_verdict(panel: TutorialPanel, qtbot: QtBot,
                                     seed_window: MainWindow) -> None:
    seed_window.canvas.select_names(["mul"])
    seed_window.canvas.delete_selection()
    qtbot.waitUntil(lambda: panel.verdict.text().startswith("➜"))
    assert "Mul" in panel.verdict.text()


def test_show_me_shows_the_tensor(panel: TutorialPanel, seed_window: MainWindow) -> None:
    panel.go(1)
    assert not panel.verdicts["tensor"].done
    panel.show_me_now()
    assert seed_window.canvas.show_tensor_names
    assert seed_window.canvas.selected_op_names() == ["mul"]
    assert panel.verdicts["tensor"].done and "mul:0" in panel.verdict.text()


def test_show_me_runs_the_add_alone(panel: TutorialPanel, qtbot: QtBot,
                                    seed_window: MainWindow) -> None:
    panel.go(2)
    with qtbot.waitSignal(seed_window.run.controller.finished, timeout=10000):
        panel.show_me_now()
    qtbot.waitUntil(lambda: panel.verdicts["session"].done)
    assert seed_window.run.controller.last_run_fetches == ["add"]
    assert seed_window.run.controller.result("mul") is None


def test_feeding_placeholders_by_hand_passes_the_feeds_step(
    panel: TutorialPanel, qtbot: QtBot, seed_window: MainWindow
) -> None:
    panel.go(3)
    panel.show_me_now()
    assert seed_window.document.path is None  # an untitled copy of the example
    assert not panel.verdicts["feeds"].done
    seed_window.run.controller.ask_feeds = lambda requests: {"a": 3.0, "b": 4.5}
    with qtbot.waitSignal(seed_window.run.controller.finished, timeout=10000):
        seed_window.run.controller.run()
    qtbot.waitUntil(lambda: panel.verdicts["feeds"].done)
    assert "a, b" in panel.verdict.text()


def test_show_me_opens_the_shapes_example(panel: TutorialPanel,
                                          seed_window: MainWindow) -> None:
    panel.go(4)
    panel.show_me_now()
    assert "MatMul" in seed_window.canvas.graph
    assert panel.verdicts["shapes"].done
    assert not panel.next.isEnabled() or panel.current_row() < len(panel.steps) - 1


def test_the_lesson_gets_the_right_columns_height_while_it_is_open(
    seed_window: MainWindow,
) -> None:
    from PySide6.QtCore import Qt

    corner = Qt.Corner.BottomRightCorner
    usual = seed_window.corner(corner)
    seed_window.tutorial.show()
    assert seed_window.corner(corner) == Qt.DockWidgetArea.RightDockWidgetArea
    dock = seed_window.tutorial.dock
    assert dock is not None
    dock.toggleViewAction().trigger()  # closed
    assert not dock.isVisible() and seed_window.corner(corner) == usual


class _Op:
    def __init__(self, name: str, type_: str, inputs: list[_Op]) -> None:
        self.name, self.type, self.ins = name, type_, inputs


class _ModelGraph:
    """``pred = x @ W`` with W a variable, as the training feature's graphs hold it (the
    variable op type comes with that feature: a stand-in graph says just what the check
    reads)."""

    def __init__(self) -> None:
        w, x = _Op("W", "VariableV2", []), _Op("x", "Placeholder", [])
        self.ops = {op.name: op for op in (w, x, _Op("pred", "MatMul", [x, w]))}

    def get_operations(self) -> list[_Op]:
        return list(self.ops.values())

    def __contains__(self, name: str) -> bool:
        return name in self.ops

    def get_operation_by_name(self, name: str) -> _Op:
        return self.ops[name]

    def upstream(self, ops: list[_Op]) -> list[_Op]:
        seen: dict[str, _Op] = {}

        def walk(op: _Op) -> None:
            for inp in op.ins:
                walk(inp)
            seen.setdefault(op.name, op)

        for op in ops:
            walk(op)
        return list(seen.values())


def test_the_training_step_wants_training_then_a_prediction() -> None:
    from app.tutorial_steps import check_trained

    g = _ModelGraph()
    assert "Start Training" in check_trained(Snapshot(g)).message  # type: ignore[arg-type]
    assert not check_trained(Snapshot(g, trained_steps=10)).done  # type: ignore[arg-type]
    done = check_trained(Snapshot(g, fetched=("pred",), trained_steps=10))  # type: ignore[arg-type]
    assert done.done
    assert not check_trained(Snapshot(g, fetched=("x",), trained_steps=10)).done  # type: ignore[arg-type]
