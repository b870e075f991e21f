"""A large graph file opens with a progress dialog fed by the engine's load progress; its
Cancel stops the load and leaves the open graph as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot

from app import load_progress
from app.application import SEED_EXAMPLE
from app.main_window import MainWindow
from tests.app.document_answers import Answers

SEED_OPS = ["Const", "Const_1", "Const_2", "add", "mul"]


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.document.prompts = Answers()
    yield main_window


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.json"
    path.write_text(SEED_EXAMPLE.read_text(), encoding="utf-8")
    return path


def _ops(window: MainWindow) -> list[str]:
    return [op.name for op in window.canvas.graph.get_operations()]


def test_a_small_file_opens_without_a_progress_dialog(seed_file: Path) -> None:
    assert load_progress.progress_for(None, seed_file) is None


def test_a_large_file_shows_the_loads_progress_to_the_end(
    window: MainWindow, seed_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load_progress, "LARGE_FILE_BYTES", 0)
    values: list[int] = []
    set_value = QProgressDialog.setValue
    monkeypatch.setattr(QProgressDialog, "setValue",
                        lambda self, v: (values.append(v), set_value(self, v))[1])
    assert window.open_path(seed_file)
    assert _ops(window) == SEED_OPS
    assert values[0] == 0 and values[-1] == load_progress.STEPS
    assert values == sorted(values)


def test_cancelling_a_large_load_keeps_the_open_graph(
    window: MainWindow, seed_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _ops(window)
    monkeypatch.setattr(load_progress, "LARGE_FILE_BYTES", 0)
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert not window.open_path(seed_file)
    assert _ops(window) == before
    assert "cancelled" in window.statusBar().currentMessage()
    answers = window.document.prompts
    assert isinstance(answers, Answers) and answers.warnings == []
