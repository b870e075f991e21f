"""File → Import… and File → Export…: a GraphDef opens as a new untitled graph with TF's
names; export writes each format; what cannot be exported is a message, the file untouched."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

import engine
from app.main_window import MainWindow
from editor.node_item import OPAQUE_PREVIEW, WARNING

from .document_answers import Answers

DATA = Path(__file__).resolve().parents[1] / "data" / "graphdef"


def _window(qtbot: QtBot) -> tuple[MainWindow, Answers]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = answers = Answers()
    return window, answers


def _file_actions(window: MainWindow) -> list[str]:
    return [a.objectName() for a in window.menu_file.actions() if a.objectName()]


def test_file_menu_has_import_and_export_after_save_as(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    names = _file_actions(window)
    at = names.index("actionSaveAs")
    assert names[at + 1:at + 3] == ["actionImport", "actionExport"]


def test_import_opens_a_graphdef_as_an_untitled_graph(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    assert window.interop.import_path(DATA / "scopes.pbtxt")
    graph = window.canvas.graph
    assert "layer1/MatMul" in graph
    assert window.document.path is None
    assert not window.document.is_modified
    assert window.file_label.text() == "Untitled (imported from scopes.pbtxt)"
    assert window.statusBar().currentMessage() == (
        "Imported scopes.pbtxt as an untitled graph (11 ops)")
    assert len(window.canvas.scene.nodes()) == 11


def test_imported_opaque_node_is_drawn_with_its_reason(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    assert window.interop.import_path(DATA / "unknown_op.pbtxt")
    assert "1 opaque node(s) of op types TensorCanvas has not: CumulativeLogsumexp" in \
        window.statusBar().currentMessage()
    node = next(n for n in window.canvas.scene.nodes() if n.name == "running_total")
    assert node.state == WARNING
    assert node.preview_text == OPAQUE_PREVIEW
    assert ("Opaque node: opaque CumulativeLogsumexp node: TensorCanvas has no op "
            "'CumulativeLogsumexp'") in node.toolTip()


def test_a_file_that_cannot_be_imported_keeps_the_open_graph(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    window, answers = _window(qtbot)
    window.interop.import_path(DATA / "seed.pbtxt")
    bad = tmp_path / "bad.pb"
    bad.write_bytes(b"\xff\xff")
    assert not window.interop.import_path(bad)
    assert "mul" in window.canvas.graph
    assert answers.warnings and "not a binary GraphDef" in answers.warnings[0]


def test_export_writes_each_format(qtbot: QtBot, tmp_path: Path) -> None:
    window, _ = _window(qtbot)
    window.interop.import_path(DATA / "softmax_classifier.pbtxt")
    for name in ("g.pbtxt", "g.pb", "g.onnx", "g.py", "g.json"):
        assert window.interop.export_path(tmp_path / name), name
    back, _ = engine.read_graphdef(tmp_path / "g.pb")
    assert sorted(op.name for op in back.get_operations()) == sorted(
        op.name for op in window.canvas.graph.get_operations())
    onnx.checker.check_model(onnx.load(str(tmp_path / "g.onnx")), full_check=True)
    assert "tf.compat.v1.placeholder(tf.float32" in (tmp_path / "g.py").read_text()


def test_failed_export_is_a_message_and_leaves_the_old_file(qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    window, answers = _window(qtbot)
    window.interop.import_path(DATA / "unknown_op.pbtxt")
    target = tmp_path / "m.onnx"
    target.write_bytes(b"old")
    assert not window.interop.export_path(target)
    assert target.read_bytes() == b"old"
    assert "'running_total' (CumulativeLogsumexp) cannot be exported to ONNX" in answers.warnings[0]


def test_export_dialog_adds_the_chosen_formats_extension(qtbot: QtBot, tmp_path: Path,
                                                        monkeypatch) -> None:
    window, _ = _window(qtbot)
    window.interop.import_path(DATA / "seed.pbtxt")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (str(tmp_path / "model"), "ONNX model (*.onnx)")))
    assert window.interop.ask_export()
    model = onnx.load(str(tmp_path / "model.onnx"))
    assert [o.name for o in model.graph.output] == ["mul:0"]
    np.testing.assert_array_equal(onnx.numpy_helper.to_array(
        next(i for i in model.graph.initializer if i.name == "Const:0")), 5)


def test_opening_a_graphdef_imports_it(qtbot: QtBot) -> None:
    window, _ = _window(qtbot)
    assert window.open_path(DATA / "small_cnn.pb")
    assert "conv1/Conv2D" in window.canvas.graph
    assert window.document.path is None  # an untitled graph: Save asks where


def test_an_imported_frozen_model_runs_in_the_window(qtbot: QtBot) -> None:
    from .run_helpers import run_and_wait

    window, _ = _window(qtbot)
    window.show()
    assert window.interop.import_path(DATA / "frozen_keras.pb")
    node = next(n for n in window.canvas.graph.get_operations() if n.type == "Placeholder")
    window.canvas.set_attrs(node.name, {"default_value": np.ones((1, 5), np.float32)})
    run_and_wait(qtbot, window)
    assert window.canvas.run_node("Identity").run_state == "done"
    assert window.canvas.run_node("NoOp").run_state in ("done", "cached")


def test_cancelling_a_large_import_keeps_the_open_graph(qtbot: QtBot, monkeypatch) -> None:
    from app import load_progress

    window, _ = _window(qtbot)
    window.interop.import_path(DATA / "seed.pbtxt")

    class Cancelling:
        def __call__(self, fraction: float) -> None:
            raise load_progress.LoadCancelled("cancelled")

        def close(self) -> None:
            pass

    monkeypatch.setattr(load_progress, "progress_for", lambda parent, file: Cancelling())
    assert not window.interop.import_path(DATA / "scopes.pbtxt")
    assert "mul" in window.canvas.graph and "layer1/MatMul" not in window.canvas.graph
    assert "cancelled" in window.statusBar().currentMessage()


def test_onnx_export_writes_the_variables_values_of_the_windows_runs(qtbot: QtBot,
                                                                     tmp_path: Path) -> None:
    from .run_helpers import controller

    g = engine.Graph()
    with g.as_default():
        w = engine.Variable(np.array([[1.0], [2.0]], np.float32), name="w")
        x = engine.placeholder_with_default(np.ones((1, 2), np.float32), [None, 2], name="x")
        engine.identity(engine.matmul(x, w), name="y")
        with engine.control_dependencies([engine.assign_add(w, [[3.0], [3.0]], name="step")]):
            engine.no_op(name="train")
    engine.save_graph(tmp_path / "model.json", g)
    window, _ = _window(qtbot)
    window.show()
    assert window.open_path(tmp_path / "model.json")
    graph = window.canvas.graph
    for name in ("w/Assign", "train"):  # initialize, then one update
        with qtbot.waitSignal(controller(window).finished, timeout=20_000):
            assert controller(window).run_ops([graph.get_operation_by_name(name)])
    graph.remove_op(graph.get_operation_by_name("step"))  # leave the forward graph
    graph.remove_op(graph.get_operation_by_name("train"))
    graph.remove_op(graph.get_operation_by_name("w/Assign"))
    assert window.interop.export_path(tmp_path / "m.onnx")
    model = onnx.load(str(tmp_path / "m.onnx"))
    np.testing.assert_array_equal(onnx.numpy_helper.to_array(
        next(i for i in model.graph.initializer if i.name == "w:0")), [[4.0], [5.0]])


def test_onnx_export_of_a_selection_computes_only_the_selected_nodes(qtbot: QtBot,
                                                                     tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        w = engine.Variable(np.array([[1.0], [2.0]], np.float32), name="w")
        x = engine.placeholder(engine.float32, [None, 2], name="x")
        y = engine.identity(engine.matmul(x, w), name="y")
        engine.train.GradientDescentOptimizer(0.1).minimize(engine.reduce_sum(y), name="train")
    engine.save_graph(tmp_path / "model.json", g)
    window, answers = _window(qtbot)
    window.show()
    assert window.open_path(tmp_path / "model.json")
    from .run_helpers import controller

    with qtbot.waitSignal(controller(window).finished, timeout=20_000):
        assert controller(window).run_ops([window.canvas.graph.get_operation_by_name("w/Assign")])
    assert not window.interop.export_path(tmp_path / "all.onnx")  # the training ops too
    assert "(Assign) cannot be exported to ONNX" in answers.warnings[0]
    window.canvas.select_names(["y"])
    assert window.interop.export_path(tmp_path / "y.onnx")
    model = onnx.load(str(tmp_path / "y.onnx"))
    assert [o.name for o in model.graph.output] == ["y:0"]
    assert [i.name for i in model.graph.input] == ["x:0"]
    assert window.statusBar().currentMessage() == "Exported y.onnx, computing y"
