"""Running graphs from the window, as a user does: the Run actions, the device selector,
the placeholder dialog, node states and previews, the results dock, Stop."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

import engine
from app.feed_dialog import FeedDialog, FeedRequest
from app.main_window import MainWindow
from app.results_dock import ResultsDock
from engine import GraphEditError, devices
from engine.compiler import jit
from tests.app.run_helpers import (
    RUN_TIMEOUT_MS,
    action,
    chain_graph,
    controller,
    mismatched_feeds_graph,
    placeholder_graph,
    run_and_wait,
    run_expecting_failure,
    shape_error_graph,
)

GPU = next(d for d in devices() if d.name == "gpu")


@pytest.fixture
def window(seed_window: MainWindow) -> MainWindow:
    return seed_window


def dock(window: MainWindow) -> ResultsDock:
    found = window.findChild(ResultsDock, "resultsDock")
    assert found is not None
    return found


def summary(window: MainWindow) -> str:
    label = window.findChild(QLabel, "runSummary")
    assert label is not None
    return label.text()


def test_run_shows_77_on_mul_and_in_the_results_dock(qtbot: QtBot, window: MainWindow) -> None:
    run_and_wait(qtbot, window)
    mul = window.canvas.run_node("mul")
    assert mul is not None
    assert mul.result_text == "77"
    assert mul.run_state == "done"
    assert "77" in mul.toolTip()
    window.canvas.select_names(["mul"])
    assert dock(window).value is not None and int(dock(window).value) == 77
    assert "on CPU" in dock(window).header_text() or "on GPU" in dock(window).header_text()


def test_the_status_bar_says_where_how_long_and_how_much_memory(
    qtbot: QtBot, window: MainWindow
) -> None:
    run_and_wait(qtbot, window)
    assert re.fullmatch(r"Ran 5 ops on (CPU|GPU) in [\d.]+ (µs|ms|s) · peak \d+ B", summary(window))


def test_every_node_of_the_run_shows_its_state_and_time(qtbot: QtBot, window: MainWindow) -> None:
    run_and_wait(qtbot, window)
    for name in ("Const", "Const_1", "Const_2", "add", "mul"):
        node = window.canvas.run_node(name)
        assert node is not None and node.run_state == "done", name
        assert re.fullmatch(r"[\d.]+ (µs|ms|s)", node.run_text), node.run_text


def test_run_selected_computes_only_what_the_selection_needs(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.canvas.select_names(["add"])
    run_and_wait(qtbot, window, "actionRunSelected")
    add, mul = window.canvas.run_node("add"), window.canvas.run_node("mul")
    assert add is not None and mul is not None
    assert add.result_text == "11"
    assert mul.run_state is None and mul.result_text is None
    metadata = controller(window).last_metadata
    assert metadata is not None
    assert set(metadata.executed) == {"Const", "Const_1", "add"}


def test_run_selected_needs_a_selection(window: MainWindow) -> None:
    window.canvas.select_names([])
    assert not action(window, "actionRunSelected").isEnabled()
    window.canvas.select_names(["add"])
    assert action(window, "actionRunSelected").isEnabled()


def test_a_shape_error_refuses_the_run_and_names_the_node(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.canvas.set_graph(shape_error_graph())
    message = run_expecting_failure(qtbot, window)
    assert "'bad'" in message
    assert "'bad'" in window.statusBar().currentMessage()
    bad = window.canvas.run_node("bad")
    assert bad is not None and bad.run_state == "failed"
    assert "'bad'" in window.run.views.notice.text()


def test_an_invalid_node_does_not_block_a_run_that_does_not_need_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.canvas.set_graph(shape_error_graph())
    window.canvas.select_names(["ok"])
    run_and_wait(qtbot, window, "actionRunSelected")
    ok = window.canvas.run_node("ok")
    assert ok is not None and ok.result_text == "16"


def test_a_runtime_error_marks_the_failing_node_and_keeps_the_others(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.canvas.set_graph(mismatched_feeds_graph())
    window.canvas.select_names(["x"])
    run_and_wait(qtbot, window, "actionRunSelected")
    window.canvas.select_names([])
    message = run_expecting_failure(qtbot, window)
    assert "'add'" in message and "Incompatible shapes" in message
    add, x = window.canvas.run_node("add"), window.canvas.run_node("x")
    assert add is not None and x is not None
    assert add.run_state == "failed"
    assert "Incompatible shapes" in add.toolTip()
    assert x.result_text == "[1. 2. 3.]" and not x.result_stale  # the earlier result stays
    assert controller(window).last_outcome == "failed"


def _start_long_run(qtbot: QtBot, window: MainWindow) -> None:
    run = controller(window)
    run.cache_bytes = 48 << 20  # keep the test's memory small
    window.canvas.set_graph(chain_graph())
    window.canvas.select_names(["step_0"])
    run_and_wait(qtbot, window, "actionRunSelected")  # an earlier result to keep
    window.canvas.select_names([])
    with qtbot.waitSignal(run.opState, timeout=RUN_TIMEOUT_MS,
                          check_params_cb=lambda name, state, _s: state == "done"):
        action(window, "actionRun").trigger()


def test_a_long_run_keeps_the_window_responsive_and_stop_cancels_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    _start_long_run(qtbot, window)
    version = window.canvas.graph.version
    ticks.clear()
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=RUN_TIMEOUT_MS)
    run = controller(window)
    assert run.running, "the run ended before the window could tick"
    assert action(window, "actionStop").isEnabled()
    with qtbot.waitSignal(run.cancelled, timeout=RUN_TIMEOUT_MS):
        action(window, "actionStop").trigger()
    timer.stop()
    assert run.last_outcome == "cancelled"
    assert window.canvas.graph.version == version
    assert run.results["step_0"].stale
    step_0 = window.canvas.run_node("step_0")
    assert step_0 is not None and step_0.result_stale
    last = window.canvas.run_node("step_59")
    assert last is not None and last.run_state is None  # it never ran
    assert not action(window, "actionStop").isEnabled()
    assert not window.canvas.read_only


def test_the_graph_cannot_be_edited_while_it_runs(qtbot: QtBot, window: MainWindow) -> None:
    _start_long_run(qtbot, window)
    canvas = window.canvas
    assert canvas.read_only
    assert not action(window, "actionUndo").isEnabled()
    assert not window.panels.inspector.isEnabled()
    with pytest.raises(GraphEditError):
        canvas.set_attrs("start", {"value": [1.0]})
    with qtbot.waitSignal(controller(window).cancelled, timeout=RUN_TIMEOUT_MS):
        action(window, "actionStop").trigger()
    assert window.panels.inspector.isEnabled()
    canvas.set_attrs("start", {"value": [1.0]})  # editable again


def test_an_edit_reruns_only_what_depends_on_it(qtbot: QtBot, window: MainWindow) -> None:
    run_and_wait(qtbot, window)
    window.canvas.set_attrs("Const_2", {"value": 8})
    run_and_wait(qtbot, window)
    metadata = controller(window).last_metadata
    assert metadata is not None
    assert set(metadata.executed) == {"Const_2", "mul"}
    assert set(metadata.cached) == {"Const", "Const_1", "add"}
    mul, add = window.canvas.run_node("mul"), window.canvas.run_node("add")
    assert mul is not None and add is not None
    assert mul.result_text == "88"
    assert add.run_state == "cached"
    assert "3 cached" in summary(window)


def test_an_edit_marks_the_node_and_everything_downstream_stale(
    qtbot: QtBot, window: MainWindow
) -> None:
    run_and_wait(qtbot, window)
    window.canvas.select_names(["mul"])
    assert not dock(window).stale
    window.canvas.set_attrs("Const", {"value": 50})
    stale = {n for n in ("Const", "Const_1", "Const_2", "add", "mul")
             if window.canvas.run_node(n).result_stale}  # type: ignore[union-attr]
    assert stale == {"Const", "add", "mul"}
    assert window.canvas.run_node("mul").run_text == "stale"  # type: ignore[union-attr]
    assert dock(window).stale


def test_the_dock_shows_the_selected_node_or_its_empty_state(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.canvas.select_names(["add"])
    run_and_wait(qtbot, window, "actionRunSelected")
    assert dock(window).value is not None and int(dock(window).value) == 11
    window.canvas.select_names(["Const_2"])  # it has not run
    assert dock(window).value is None


def test_without_a_gpu_the_gpu_entry_is_disabled_and_says_why(window: MainWindow) -> None:
    if GPU.usable:
        pytest.skip("a GPU is usable here")
    selector = window.findChild(QComboBox, "deviceSelector")
    assert selector is not None
    gpu_row = selector.findData("gpu")
    item = selector.model().item(gpu_row)  # type: ignore[attr-defined]
    assert not item.isEnabled()
    assert GPU.reason and GPU.reason in item.toolTip()


def test_choosing_the_cpu_runs_on_the_cpu(qtbot: QtBot, window: MainWindow) -> None:
    selector = window.findChild(QComboBox, "deviceSelector")
    assert selector is not None
    selector.setCurrentIndex(selector.findData("cpu"))
    run_and_wait(qtbot, window)
    assert controller(window).last_metadata.device == "cpu"  # type: ignore[union-attr]
    assert "on CPU" in summary(window)


def test_the_feed_dialog_asks_only_for_the_placeholders_the_run_needs(
    qtbot: QtBot, window: MainWindow
) -> None:
    asked: list[list[FeedRequest]] = []

    def fake(requests: list[FeedRequest]) -> dict[str, object]:
        asked.append(requests)
        return {"x": [1, 2, 3]}

    controller(window).ask_feeds = fake
    window.canvas.set_graph(placeholder_graph())
    window.canvas.select_names(["doubled"])
    run_and_wait(qtbot, window, "actionRunSelected")
    assert [r.name for r in asked[0]] == ["x"]
    doubled = window.canvas.run_node("doubled")
    assert doubled is not None and doubled.result_text == "[2. 4. 6.]"
    run_and_wait(qtbot, window, "actionRunSelected")  # offered again the second time
    assert asked[1][0].remembered == [1, 2, 3]


def test_cancelling_the_feed_dialog_runs_nothing(window: MainWindow) -> None:
    controller(window).ask_feeds = lambda requests: None
    window.canvas.set_graph(placeholder_graph())
    window.canvas.select_names(["doubled"])
    action(window, "actionRunSelected").trigger()
    assert not controller(window).running
    doubled = window.canvas.run_node("doubled")
    assert doubled is not None and doubled.run_state is None


def test_a_value_that_does_not_fit_shows_tf_s_error_and_keeps_the_dialog_open(
    qtbot: QtBot, window: MainWindow
) -> None:
    graph = placeholder_graph()
    dialog = FeedDialog([FeedRequest(graph.get_tensor_by_name("x:0"))], window)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.fields["x"].setText("[1, 2]")
    ok.click()
    assert dialog.isVisible()
    assert dialog.error_text("x").startswith("Cannot feed value of shape (2,) for Tensor x:0")
    dialog.fields["x"].setText("[1, 2, 3]")
    ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == {"x": [1, 2, 3]}


def test_opening_another_graph_forgets_the_results(qtbot: QtBot, window: MainWindow) -> None:
    run_and_wait(qtbot, window)
    window.canvas.set_graph(placeholder_graph())
    assert controller(window).results == {}
    assert dock(window).value is None


def test_fused_ops_say_which_group_ran_them(qtbot: QtBot, window: MainWindow) -> None:
    run = controller(window)
    run.optimize = True
    run.set_device("cpu")
    run.ask_feeds = lambda requests: {"x": [0.0, 1.0, 2.0]}
    graph = placeholder_graph()
    with graph.as_default():
        x = graph.get_tensor_by_name("doubled:0")
        engine.add(engine.exp(x, name="e") * 2.0, 1.0, name="out")
    window.canvas.set_graph(graph)
    window.canvas.select_names(["out"])
    run_and_wait(qtbot, window, "actionRunSelected")
    texts = {n: window.canvas.run_node(n).run_text for n in ("mul", "out")}  # type: ignore[union-attr]
    assert texts["mul"] == "fused in out"
    np.testing.assert_allclose(run.results["out"].value, np.exp([0.0, 2.0, 4.0]) * 2 + 1,
                               rtol=1e-6)


@pytest.mark.skipif(not jit.ENABLED, reason="numba is not installed: no compiled kernels")
def test_a_fused_group_s_tooltip_says_it_ran_as_a_compiled_loop(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jit, "BACKGROUND", False)  # compiled by the run that first needs it
    run = controller(window)
    run.set_device("cpu")
    graph = engine.Graph()
    with graph.as_default():
        a = engine.constant(np.linspace(0, 1, 200_000, dtype=np.float32), name="a")
        b = engine.sqrt(a, name="b")
        engine.multiply((a + b) * b - a, b, name="out")
    window.canvas.set_graph(graph)
    run_and_wait(qtbot, window)
    node = window.canvas.run_node("out")
    assert node is not None
    assert "its fused group ran as compiled loop" in node.toolTip()
    np.testing.assert_array_equal(
        run.results["out"].value,
        engine.Session(graph=graph, device="cpu", optimize=False).run("out:0"))


@pytest.mark.gpu
@pytest.mark.skipif(not GPU.usable, reason=f"no usable GPU: {GPU.reason}")
def test_on_a_gpu_the_seed_runs_on_cupy(qtbot: QtBot, window: MainWindow) -> None:
    selector = window.findChild(QComboBox, "deviceSelector")
    assert selector is not None
    selector.setCurrentIndex(selector.findData("gpu"))
    run_and_wait(qtbot, window)
    assert controller(window).last_metadata.device == "gpu"  # type: ignore[union-attr]
    assert window.canvas.run_node("mul").result_text == "77"  # type: ignore[union-attr]


def test_run_has_its_keys_and_sits_in_the_run_menu_and_tool_bar(window: MainWindow) -> None:
    run = action(window, "actionRun")
    assert [k.toString() for k in run.shortcuts()] == ["Ctrl+Return", "F5"]
    for name in ("actionRun", "actionRunSelected", "actionStop"):
        assert action(window, name) in window.menu_run.actions()
        assert action(window, name) in window.tool_bar.actions()
    assert not action(window, "actionStop").isEnabled()


def test_ctrl_return_runs_from_the_canvas(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.canvas.view.setFocus()
    with qtbot.waitSignal(controller(window).finished, timeout=RUN_TIMEOUT_MS):
        qtbot.keyClick(window.canvas.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_opening_another_graph_mid_run_cancels_the_run(qtbot: QtBot, window: MainWindow) -> None:
    _start_long_run(qtbot, window)
    run = controller(window)
    window.canvas.set_graph(placeholder_graph())
    assert not run.running and not window.canvas.read_only
    assert run.results == {}
    qtbot.waitUntil(lambda: not run._threads, timeout=RUN_TIMEOUT_MS)
    assert run.results == {}  # what the old run computed is ignored


def test_closing_the_window_mid_run_stops_the_run(qtbot: QtBot, window: MainWindow) -> None:
    _start_long_run(qtbot, window)
    run = controller(window)
    assert window.close()
    assert not run.running and not run._threads
