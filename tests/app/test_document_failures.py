"""No exception of any class escapes a user action: open (menu, recent files, a drop, the
command line), save, autosave and restore each turn it into a message, and the document,
the user's file and the window stay as they were."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import engine
from app.application import SEED_EXAMPLE, create_main_window, report_unexpected_errors
from app.main_window import MainWindow
from app.settings import AUTOSAVE_INTERVAL_KEY, RECENT_FILES_KEY, open_settings
from tests.app.document_answers import (
    BIG_INTEGER,
    NESTED_900,
    SURROGATE,
    X_1E400,
    Answers,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_OPS = ["Const", "Const_1", "Const_2", "add", "mul"]


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = open_settings()
    settings.remove(RECENT_FILES_KEY)
    settings.setValue(AUTOSAVE_INTERVAL_KEY, 50)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.document.prompts = Answers()
    yield main_window


def _answers(window: MainWindow) -> Answers:
    prompts = window.document.prompts
    assert isinstance(prompts, Answers)
    return prompts


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _seed(window: MainWindow, tmp_path: Path) -> Path:
    path = _file(tmp_path, "seed.json", SEED_EXAMPLE.read_text())
    assert window.open_path(path)
    return path


def _ops(window: MainWindow) -> list[str]:
    return [op.name for op in window.canvas.graph.get_operations()]


# -- a file that opens but whose editor section would not save ---------------------------


def test_a_file_with_x_1e400_is_refused_naming_the_field(
    window: MainWindow, tmp_path: Path
) -> None:
    """The loader refuses what could not be saved back (docs/FILE_FORMAT.md: positions are
    finite numbers), so the work in the window is never one that cannot be saved."""
    before = [op.name for op in window.canvas.graph.get_operations()]
    assert not window.open_path(_file(tmp_path, "inf.json", X_1E400))
    warning = _answers(window).warnings[-1]
    assert "editor.nodes.mul.x" in warning and "finite" in warning
    assert [op.name for op in window.canvas.graph.get_operations()] == before


def test_an_editor_section_nested_900_deep_is_refused_naming_where(
    window: MainWindow, tmp_path: Path
) -> None:
    before = [op.name for op in window.canvas.graph.get_operations()]
    assert not window.open_path(_file(tmp_path, "deep.json", NESTED_900))
    warning = _answers(window).warnings[-1]
    assert "deep.json" in warning and "nest" in warning
    assert [op.name for op in window.canvas.graph.get_operations()] == before


# -- a save or autosave that raises, whatever the class -----------------------------------


@pytest.mark.parametrize("error", [OverflowError("cannot convert float infinity to integer"),
                                   RecursionError("maximum recursion depth exceeded"),
                                   MemoryError()])
def test_a_save_that_raises_keeps_the_old_file_and_the_unsaved_changes(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    path = _seed(window, tmp_path)
    before = path.read_bytes()
    window.canvas.add_node("Const", QPointF(40, 80), name="edit")

    def broken(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(engine, "save_graph", broken)
    assert window.document.save() is False
    assert path.read_bytes() == before
    assert window.isWindowModified() and "edit" in window.canvas.graph
    (message,) = _answers(window).warnings
    assert message.startswith(f"Cannot save seed.json: internal error ({type(error).__name__}")
    assert message in window.statusBar().currentMessage()


def test_an_autosave_that_raises_says_so_in_the_status_bar(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(window, tmp_path)
    window.document.autosave_timer.stop()
    window.canvas.add_node("Const", QPointF(40, 80), name="edit")
    window.document.autosave_timer.stop()

    def broken(*args: object, **kwargs: object) -> None:
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr(window.canvas, "editor_section", broken)
    assert window.document.autosave() is False
    assert window.statusBar().currentMessage() == (
        "Autosave failed: internal error (OverflowError: cannot convert float infinity to "
        "integer)")
    assert not window.document.recovery_file.exists()


def test_a_huge_error_text_is_cut_to_a_short_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _seed(window, tmp_path)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("x" * 10_000_000)

    monkeypatch.setattr(engine, "load_graph", broken)
    assert not window.open_path(path)
    (message,) = _answers(window).warnings
    assert len(message) < 1000 and "10,000,000 characters" in message


# -- files the loader cannot read, by every way of opening --------------------------------


BAD_FILES = {"integer of 5,000 digits": BIG_INTEGER, "lone surrogate": SURROGATE}


def _drop(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = window.rect().center()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(window, QDragEnterEvent(where, Qt.DropAction.CopyAction, mime,
                                                   buttons, mods))
    QApplication.sendEvent(window, QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime,
                                              buttons, mods))


def _open_from_recent(window: MainWindow, path: Path) -> None:
    open_settings().setValue(RECENT_FILES_KEY, [str(path)])
    window.document.rebuild_recent_menu()
    (entry,) = [a for a in window.document.menu_recent.actions() if a.data() == str(path)]
    entry.trigger()


@pytest.mark.parametrize("how", ["open_path", "drop", "recent"])
@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_file_the_loader_cannot_read_is_a_message_and_the_graph_stays(
    window: MainWindow, tmp_path: Path, qtbot: QtBot, how: str, kind: str
) -> None:
    seed = _seed(window, tmp_path)
    window.canvas.add_node("Const", QPointF(40, 80), name="edit")
    bad = _file(tmp_path, "bad.json", BAD_FILES[kind])
    if how == "open_path":
        assert window.open_path(bad) is False
    elif how == "drop":
        window.show()
        qtbot.waitExposed(window)
        _drop(window, bad)
    else:
        _open_from_recent(window, bad)
    qtbot.waitUntil(lambda: bool(_answers(window).warnings), timeout=2000)
    (message,) = _answers(window).warnings
    assert "bad.json" in message
    assert _ops(window) == [*SEED_OPS, "edit"]
    assert window.current_path == seed.resolve() and window.isWindowModified()
    assert window.file_label.text() == "Cannot open bad.json"


@pytest.mark.parametrize("error", [RuntimeError("boom"), MemoryError(), KeyError("ops")])
def test_a_loader_raising_anything_is_a_message_and_the_graph_stays(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    seed = _seed(window, tmp_path)

    def broken(path: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(engine, "load_graph", broken)
    assert window.open_path(seed) is False
    (message,) = _answers(window).warnings
    assert message.startswith(f"Cannot open seed.json: internal error ({type(error).__name__}")
    assert _ops(window) == SEED_OPS


def test_a_document_that_cannot_be_shown_leaves_the_old_one(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = _seed(window, tmp_path)
    window.canvas.add_node("Const", QPointF(40, 80), name="edit")
    other = _file(tmp_path, "other.json", SEED_EXAMPLE.read_text())

    def broken(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(window.canvas.view, "set_view_when_shown", broken)
    assert window.open_path(other) is False
    assert _ops(window) == [*SEED_OPS, "edit"]
    assert window.current_path == seed.resolve() and window.isWindowModified()
    window.canvas.undo_stack.undo()
    assert "edit" not in window.canvas.graph


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_the_start_up_file_the_loader_cannot_read_is_a_message(
    qtbot: QtBot, tmp_path: Path, kind: str
) -> None:
    bad = _file(tmp_path, "bad.json", BAD_FILES[kind])
    window = create_main_window(str(bad))
    qtbot.addWidget(window)
    assert window.file_label.text() == "Cannot open bad.json"
    assert "bad.json" in window.file_label.toolTip()


MAIN_PY = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QTimer
    from app.application import create_app
    from app.cli_entry import main
    app = create_app(["tensorcanvas"])
    QTimer.singleShot(1500, app.quit)  # the user closes the window
    sys.exit(main([{path!r}]))
    """
)


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_main_py_on_a_file_the_loader_cannot_read_shows_the_window(
    tmp_path: Path, kind: str
) -> None:
    bad = _file(tmp_path, "bad.json", BAD_FILES[kind])
    script = MAIN_PY.format(root=str(REPO_ROOT), path=str(bad))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], env=env, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


# -- restoring, and the last net under every slot -----------------------------------------


def test_a_slot_that_raises_is_said_in_the_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "excepthook", lambda *args: None)
    report_unexpected_errors(window)
    error = ZeroDivisionError("division by zero")
    sys.excepthook(ZeroDivisionError, error, None)
    expected = "Something went wrong: internal error (ZeroDivisionError: division by zero)"
    assert _answers(window).warnings == [expected]
    assert window.statusBar().currentMessage() == expected


def _left_copy(folder: Path, info_text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "1-0123456789ab.json"
    copy.write_text(SEED_EXAMPLE.read_text())
    (folder / "1-0123456789ab.info.json").write_text(info_text)
    return copy


@pytest.mark.parametrize("info", ['{"path": null, "saved_at": 1' + "0" * 400 + "}",
                                  "[" * 5000, '{"saved_at": "yesterday"}'])
def test_a_recovery_record_with_odd_values_is_still_offered(
    qtbot: QtBot, info: str
) -> None:
    from app.recovery import recovery_dir

    _left_copy(recovery_dir(), info)
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = Answers(restore=True)
    assert window.document.offer_recovery()
    assert "mul" in window.canvas.graph and window.isWindowModified()


def test_a_restore_that_raises_anything_is_a_message_and_the_copy_stays(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.recovery import recovery_dir

    copy = _left_copy(recovery_dir(), '{"path": null}')
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = answers = Answers(restore=True)

    def broken(path: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(engine, "load_graph", broken)
    assert window.document.offer_recovery() is False
    assert answers.warnings == ["Cannot restore Untitled: internal error (RecursionError: "
                                "maximum recursion depth exceeded)"]
    assert copy.exists() and len(window.canvas.graph) == 0
