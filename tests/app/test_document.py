"""The window's document: save, open, the unsaved-changes question, recent files,
autosave and recovery, file drops, and the keyboard shortcuts dialog."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget
from pytestqt.qtbot import QtBot

import engine
from app.application import SEED_EXAMPLE, create_main_window
from app.main_window import MainWindow
from app.recovery import RecoveryEntry, recovery_dir
from app.settings import AUTOSAVE_INTERVAL_KEY, RECENT_FILES_KEY, open_settings
from app.shortcuts import ShortcutsDialog

REPO_ROOT = Path(__file__).resolve().parents[2]


class Answers:
    """Stands in for the document's dialogs: fixed answers, and a record of questions."""

    def __init__(self, unsaved: str = "cancel", save_path: str | None = None,
                 restore: bool = True) -> None:
        self.unsaved = unsaved
        self.save_path = save_path
        self.restore = restore
        self.asked: list[str] = []
        self.warnings: list[str] = []
        self.offered: list[RecoveryEntry] = []

    def unsaved_changes(self, name: str) -> str:
        self.asked.append(name)
        return self.unsaved

    def restore_recovery(self, entry: RecoveryEntry) -> bool:
        self.offered.append(entry)
        return self.restore

    def open_file(self, start: str) -> str | None:
        return None

    def save_file(self, suggested: str) -> str | None:
        return self.save_path

    def warn(self, title: str, text: str) -> None:
        self.warnings.append(text)


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No recent files, a 50 ms autosave, and recovery copies in this test's own dir
    (QStandardPaths reads XDG_DATA_HOME on each call; the crash subprocess inherits it)."""
    settings = open_settings()
    settings.remove(RECENT_FILES_KEY)
    settings.setValue(AUTOSAVE_INTERVAL_KEY, 50)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.document.prompts = answers = Answers()
    yield main_window
    answers.unsaved = "discard"  # so that the teardown's close() goes through


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    path = tmp_path / "seed.json"
    path.write_text(SEED_EXAMPLE.read_text())
    return path


def _answers(window: MainWindow) -> Answers:
    prompts = window.document.prompts
    assert isinstance(prompts, Answers)
    return prompts


def _edit(window: MainWindow) -> str:
    """One undoable change: a Const added at (40, 80)."""
    return window.canvas.add_node("Const", QPointF(40, 80))


def _graph_text(graph: engine.Graph) -> list[tuple[object, ...]]:
    out = []
    for op in graph.get_operations():
        attrs = {
            k: (np.asarray(v).tolist(), str(np.asarray(v).dtype)) if k == "value" else str(v)
            for k, v in op.attrs.items()
        }
        inputs = [None if t is None else t.name for t in op.inputs]
        out.append((op.name, op.type, attrs, inputs))
    return out


# -- save and open ------------------------------------------------------------------------


def test_save_writes_the_ops_and_the_node_positions(
    window: MainWindow, seed_copy: Path
) -> None:
    stored_mul = json.loads(seed_copy.read_text())["editor"]["nodes"]["mul"]
    assert window.open_path(seed_copy)
    name = _edit(window)
    window.document.action_save.trigger()
    doc = json.loads(seed_copy.read_text())
    assert [op["name"] for op in doc["ops"]] == ["Const", "Const_1", "Const_2", "add", "mul", name]
    assert doc["editor"]["nodes"][name] == {"x": 40, "y": 80}
    assert doc["editor"]["nodes"]["mul"] == stored_mul  # untouched nodes keep their place


def test_reopening_a_saved_file_gives_the_same_graph(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    const = window.canvas.add_node("Const", QPointF(0, 0), attrs={"value": [[1.5, 2.5]]})
    square = window.canvas.add_node("Square", QPointF(220, 0))
    window.canvas.connect(f"{const}:0", square, 0)
    target = tmp_path / "saved.json"
    _answers(window).save_path = str(target)
    assert window.document.save()
    saved = _graph_text(window.canvas.graph)

    other = MainWindow()
    qtbot.addWidget(other)
    assert other.open_path(target)
    assert _graph_text(other.canvas.graph) == saved
    assert other.canvas.node_position(square) == QPointF(220, 0)


def test_save_as_adds_json_and_renames_the_window(window: MainWindow, tmp_path: Path) -> None:
    _edit(window)
    _answers(window).save_path = str(tmp_path / "model")
    window.document.action_save_as.trigger()
    assert (tmp_path / "model.json").is_file()
    assert window.windowTitle() == "model.json[*] — TensorCanvas"
    assert window.current_path == (tmp_path / "model.json").resolve()


def test_the_title_shows_unsaved_changes_until_saved(
    window: MainWindow, seed_copy: Path
) -> None:
    assert window.open_path(seed_copy)
    assert window.windowTitle() == "seed.json[*] — TensorCanvas"
    assert not window.isWindowModified()
    _edit(window)
    assert window.isWindowModified()  # Qt shows the [*] as "*"
    window.document.save()
    assert not window.isWindowModified()


def test_undo_back_to_the_saved_state_is_not_unsaved(window: MainWindow, seed_copy: Path) -> None:
    assert window.open_path(seed_copy)
    _edit(window)
    window.canvas.undo_stack.undo()
    assert not window.isWindowModified()


def test_new_starts_an_untitled_empty_graph(window: MainWindow, seed_copy: Path) -> None:
    assert window.open_path(seed_copy)
    window.document.action_new.trigger()
    assert len(window.canvas.graph) == 0
    assert window.windowTitle() == "Untitled[*] — TensorCanvas"
    assert window.current_path is None


def test_file_actions_use_the_standard_keys(window: MainWindow) -> None:
    doc = window.document
    for action, key in ((doc.action_new, QKeySequence.StandardKey.New),
                        (doc.action_save, QKeySequence.StandardKey.Save),
                        (doc.action_save_as, QKeySequence.StandardKey.SaveAs),
                        (window.action_open, QKeySequence.StandardKey.Open)):
        bindings = QKeySequence.keyBindings(key)
        if bindings:
            assert action.shortcuts() == bindings, action.objectName()
    names = [a.objectName() for a in window.menu_file.actions() if a.objectName()]
    assert names[:3] == ["actionNew", "actionOpen", ""] or names[:2] == ["actionNew", "actionOpen"]
    assert window.document.menu_recent.objectName() == "menuRecent"


# -- unsaved changes ----------------------------------------------------------------------


def test_cancel_keeps_the_window_open_with_its_changes(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show()
    qtbot.waitExposed(window)
    name = _edit(window)
    _answers(window).unsaved = "cancel"
    assert not window.close()
    assert window.isVisible()
    assert _answers(window).asked == ["Untitled"]
    assert name in window.canvas.graph


def test_discard_lets_the_window_close(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    _edit(window)
    _answers(window).unsaved = "discard"
    assert window.close()
    assert not window.isVisible()


def test_save_in_the_question_saves_then_closes(
    window: MainWindow, qtbot: QtBot, seed_copy: Path
) -> None:
    assert window.open_path(seed_copy)
    name = _edit(window)
    _answers(window).unsaved = "save"
    assert window.close()
    assert name in json.loads(seed_copy.read_text())["editor"]["nodes"]


def test_opening_another_file_asks_first_and_cancel_keeps_the_graph(
    window: MainWindow, seed_copy: Path
) -> None:
    name = _edit(window)
    assert not window.open_path(seed_copy)
    assert _answers(window).asked == ["Untitled"]
    assert [op.name for op in window.canvas.graph.get_operations()] == [name]


def test_new_with_changes_discarded_proceeds(window: MainWindow) -> None:
    _edit(window)
    _answers(window).unsaved = "discard"
    assert window.document.new()
    assert len(window.canvas.graph) == 0


def test_a_clean_window_closes_without_asking(window: MainWindow) -> None:
    window.show()
    assert window.close()
    assert _answers(window).asked == []


# -- broken files -------------------------------------------------------------------------


def test_a_broken_file_shows_the_loaders_message_and_keeps_the_graph(
    window: MainWindow, seed_copy: Path, tmp_path: Path
) -> None:
    assert window.open_path(seed_copy)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "tensorcanvas-graph", "version": 1, "ops": [{"name": 3}]}')
    assert not window.open_path(broken)
    (message,) = _answers(window).warnings
    assert str(broken) in message and "ops[0]" in message
    assert message in window.statusBar().currentMessage()
    assert [op.name for op in window.canvas.graph.get_operations()] == [
        "Const", "Const_1", "Const_2", "add", "mul"]
    assert window.current_path == seed_copy.resolve()


def test_the_real_warning_does_not_block(window: MainWindow, tmp_path: Path, qtbot: QtBot) -> None:
    from app.document_prompts import Prompts

    window.document.prompts = Prompts(window)
    broken = tmp_path / "broken.json"
    broken.write_text("not json")
    assert not window.open_path(broken)
    box = window.findChild(QWidget, "documentWarning")
    assert box is not None and "not JSON" in box.text()
    box.close()


# -- recent files -------------------------------------------------------------------------


def test_opened_files_are_listed_newest_first(window: MainWindow, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for path in (first, second):
        path.write_text(SEED_EXAMPLE.read_text())
        assert window.open_path(path)
    window.document.rebuild_recent_menu()
    files = [a.data() for a in window.document.menu_recent.actions() if a.data()]
    assert files == [str(second.resolve()), str(first.resolve())]


def test_a_recent_entry_opens_its_file(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "again.json"
    path.write_text(SEED_EXAMPLE.read_text())
    assert window.open_path(path)
    window.document.new()
    entry = next(a for a in window.document.menu_recent.actions() if a.data())
    entry.trigger()
    assert window.current_path == path.resolve()
    assert "mul" in window.canvas.graph


def test_missing_recent_files_are_pruned(window: MainWindow, tmp_path: Path) -> None:
    gone = tmp_path / "gone.json"
    open_settings().setValue(RECENT_FILES_KEY, [str(gone), str(SEED_EXAMPLE)])
    assert window.document.recent_files() == [SEED_EXAMPLE]
    assert open_settings().value(RECENT_FILES_KEY) in ([str(SEED_EXAMPLE)], str(SEED_EXAMPLE))


def test_recent_files_keep_at_most_ten(window: MainWindow, tmp_path: Path) -> None:
    for i in range(12):
        path = tmp_path / f"g{i}.json"
        path.write_text(SEED_EXAMPLE.read_text())
        window.document.add_recent(path)
    recent = window.document.recent_files()
    assert len(recent) == 10
    assert recent[0] == tmp_path / "g11.json"


def test_clear_recent_empties_the_menu(window: MainWindow, seed_copy: Path) -> None:
    assert window.open_path(seed_copy)
    window.document.action_clear_recent.trigger()
    assert window.document.recent_files() == []
    assert not window.document.action_clear_recent.isEnabled()


# -- autosave and recovery ----------------------------------------------------------------


def test_autosave_writes_a_recovery_copy_after_an_edit(
    window: MainWindow, seed_copy: Path, qtbot: QtBot
) -> None:
    assert window.open_path(seed_copy)
    name = _edit(window)
    recovery = window.document.recovery_file
    assert recovery.parent == recovery_dir()
    qtbot.waitUntil(recovery.exists, timeout=2000)
    graph, editor = engine.load_graph(recovery)
    assert name in graph
    info = json.loads(recovery.with_name(recovery.stem + ".info.json").read_text())
    assert info["path"] == str(seed_copy.resolve())
    assert seed_copy.read_text() == SEED_EXAMPLE.read_text()  # the user's file is untouched


def test_saving_deletes_the_recovery_copy(
    window: MainWindow, seed_copy: Path, qtbot: QtBot
) -> None:
    assert window.open_path(seed_copy)
    _edit(window)
    recovery = window.document.recovery_file
    qtbot.waitUntil(recovery.exists, timeout=2000)
    window.document.save()
    assert not recovery.exists()


def test_closing_deletes_the_recovery_copy(window: MainWindow, qtbot: QtBot) -> None:
    _edit(window)
    recovery = window.document.recovery_file
    qtbot.waitUntil(recovery.exists, timeout=2000)
    _answers(window).unsaved = "discard"
    assert window.close()
    assert not recovery.exists()


def test_a_running_windows_copy_is_not_offered(window: MainWindow, qtbot: QtBot) -> None:
    _edit(window)
    recovery = window.document.recovery_file
    qtbot.waitUntil(recovery.exists, timeout=2000)
    an_hour_ago = recovery.stat().st_mtime - 3600
    os.utime(recovery.with_suffix(".lock"), (an_hour_ago, an_hour_ago))  # old, still held
    other = MainWindow()
    qtbot.addWidget(other)
    other.document.prompts = answers = Answers()
    assert not other.document.offer_recovery()
    assert answers.offered == []
    assert recovery.exists()


CRASH = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QPointF
    from app.application import create_app
    from app.main_window import MainWindow
    app = create_app(["tensorcanvas"])
    window = MainWindow()
    window.open_path({path!r})
    window.canvas.add_node("Const", QPointF(300, 300), name="unsaved_work")
    while not window.document.recovery_file.exists():
        app.processEvents()
    os._exit(9)  # a crash: no close, no clean-up
    """
)


def test_a_new_window_offers_to_restore_after_a_crash(
    qtbot: QtBot, seed_copy: Path
) -> None:
    script = CRASH.format(root=str(REPO_ROOT), path=str(seed_copy))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], env=env, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == 9, done.stderr

    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = answers = Answers(restore=True)
    assert window.document.offer_recovery()
    assert [entry.display_name for entry in answers.offered] == ["seed.json"]
    assert "unsaved_work" in window.canvas.graph
    assert window.canvas.node_position("unsaved_work") == QPointF(300, 300)
    assert window.current_path == seed_copy.resolve()
    assert window.isWindowModified()  # restored work is unsaved work
    assert seed_copy.read_text() == SEED_EXAMPLE.read_text()
    # the crashed window's copy is gone; this window keeps its own
    leftovers = {p.name for p in recovery_dir().glob("*.json")}
    own = window.document.recovery_file
    assert leftovers <= {own.name, own.stem + ".info.json"}


def test_declining_the_restore_deletes_the_copy(qtbot: QtBot, seed_copy: Path) -> None:
    script = CRASH.format(root=str(REPO_ROOT), path=str(seed_copy))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-c", script], env=env, timeout=120, check=False)
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = Answers(restore=False)
    assert not window.document.offer_recovery()
    assert "unsaved_work" not in window.canvas.graph
    assert list(recovery_dir().glob("*.json")) == []


def test_start_up_restores_instead_of_opening_the_file(
    qtbot: QtBot, seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.document_prompts import Prompts

    script = CRASH.format(root=str(REPO_ROOT), path=str(seed_copy))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-c", script], env=env, timeout=120, check=False)
    monkeypatch.setattr(Prompts, "restore_recovery", lambda self, entry: True)
    window = create_main_window(None)
    qtbot.addWidget(window)
    assert "unsaved_work" in window.canvas.graph
    assert window.isWindowModified()


# -- dropping files -----------------------------------------------------------------------


def _drop_file(target: QWidget, path: Path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = target.rect().center()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, drop)
    return drop


def test_dropping_a_graph_file_on_the_window_opens_it(
    window: MainWindow, seed_copy: Path, qtbot: QtBot
) -> None:
    window.show()
    qtbot.waitExposed(window)
    assert _drop_file(window, seed_copy).isAccepted()
    qtbot.waitUntil(lambda: window.current_path == seed_copy.resolve(), timeout=2000)
    assert "mul" in window.canvas.graph


def test_dropping_a_graph_file_on_the_canvas_opens_it(
    window: MainWindow, seed_copy: Path, qtbot: QtBot
) -> None:
    window.show()
    qtbot.waitExposed(window)
    _drop_file(window.canvas.view.viewport(), seed_copy)
    qtbot.waitUntil(lambda: window.current_path == seed_copy.resolve(), timeout=2000)


# -- docks and help -----------------------------------------------------------------------


def test_palette_and_inspector_docks_are_in_the_window(window: MainWindow) -> None:
    for dock_name, widget_name in (("paletteDock", "palette"), ("inspectorDock", "inspector")):
        dock = window.findChild(QDockWidget, dock_name)
        assert dock is not None
        assert dock.widget().objectName() == widget_name
        assert dock.toggleViewAction() in window.menu_view.actions()


def test_shortcuts_dialog_lists_saves_shortcut(window: MainWindow) -> None:
    window.action_shortcuts.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    save = window.document.action_save.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    assert ("Save", save, "File") in rows
    assert any(row[0] == "Undo" for row in rows)
    assert window.action_shortcuts in window.menu_help.actions()
    dialog.close()
