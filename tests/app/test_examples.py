"""The shipped examples open as untitled copies: Save asks where to put them and never
writes into the program's directory."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from app.application import SEED_EXAMPLE, create_main_window
from app.examples import EXAMPLES_DIR, is_example
from app.main_window import MainWindow
from app.settings import LAST_FILE_KEY, RECENT_FILES_KEY, open_settings


class SaveTo:
    """The Save As dialog, answered with ``path``; it records that it was asked."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.asked: list[str] = []

    def __call__(self, suggested: str) -> str | None:
        self.asked.append(suggested)
        return str(self.path) if self.path else None


def test_the_seed_is_an_example_and_a_copy_is_not(tmp_path: Path) -> None:
    copy = tmp_path / "seed.json"
    copy.write_text(SEED_EXAMPLE.read_text())
    assert is_example(SEED_EXAMPLE) and is_example(EXAMPLES_DIR / "matmul.json")
    assert not is_example(copy)


def test_an_example_opens_untitled(seed_window: MainWindow) -> None:
    document = seed_window.document
    assert document.path is None and seed_window.current_path is None
    assert seed_window.windowTitle() == "Untitled[*] — TensorCanvas"
    assert "example seed.json" in seed_window.file_label.text()
    assert "mul" in seed_window.canvas.graph
    assert open_settings().value(LAST_FILE_KEY, "") != str(SEED_EXAMPLE.resolve())
    assert str(SEED_EXAMPLE.resolve()) not in (open_settings().value(RECENT_FILES_KEY) or [])


def test_ctrl_s_on_an_example_asks_for_a_path_and_leaves_the_example_alone(
    seed_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    before = SEED_EXAMPLE.read_bytes()
    target = tmp_path / "mine.json"
    dialog = SaveTo(target)
    seed_window.document.prompts.save_file = dialog  # type: ignore[method-assign]
    canvas = seed_window.canvas
    canvas.add_node("Const", QPointF(0.0, 300.0), name="mine")
    canvas.view.setFocus()
    qtbot.keyClick(canvas.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.asked  # Save asked where
    assert SEED_EXAMPLE.read_bytes() == before
    assert "mine" in {op["name"] for op in json.loads(target.read_text())["ops"]}
    assert seed_window.document.path == target.resolve()


def test_cancelling_the_save_of_an_example_writes_nothing(
    seed_window: MainWindow, tmp_path: Path
) -> None:
    before = SEED_EXAMPLE.read_bytes()
    seed_window.document.prompts.save_file = SaveTo(None)  # type: ignore[method-assign]
    seed_window.canvas.add_node("Const", QPointF(0.0, 300.0))
    assert not seed_window.document.save()
    assert SEED_EXAMPLE.read_bytes() == before


def test_the_first_start_shows_the_seed_as_an_untitled_copy(qtbot: QtBot) -> None:
    open_settings().setValue(LAST_FILE_KEY, "")
    window = create_main_window(None)
    qtbot.addWidget(window)
    assert "mul" in window.canvas.graph
    assert window.document.path is None
