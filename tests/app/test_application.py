"""Which file the app opens at start-up, and that run_gui's window is the real one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.application import SEED_EXAMPLE, create_main_window, initial_path
from app.settings import LAST_FILE_KEY


def _settings(tmp_path: Path, last_file: str | None = None) -> QSettings:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    if last_file is not None:
        settings.setValue(LAST_FILE_KEY, last_file)
    return settings


def test_explicit_file_wins(tmp_path: Path) -> None:
    assert initial_path("given.json", _settings(tmp_path, "/elsewhere.json")) == "given.json"


def test_first_start_opens_the_seed_example(tmp_path: Path) -> None:
    assert initial_path(None, _settings(tmp_path)) == str(SEED_EXAMPLE)


def test_last_file_is_reopened(tmp_path: Path) -> None:
    last = tmp_path / "last.json"
    last.write_text("{}")
    assert initial_path(None, _settings(tmp_path, str(last))) == str(last)


def test_vanished_last_file_falls_back_to_the_seed(tmp_path: Path) -> None:
    assert initial_path(None, _settings(tmp_path, str(tmp_path / "gone.json"))) == str(SEED_EXAMPLE)


def test_create_main_window_opens_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    graph = tmp_path / "graph.json"
    graph.write_text(SEED_EXAMPLE.read_text())
    window = create_main_window(str(graph))
    qtbot.addWidget(window)
    assert window.file_label.text() == "graph.json"
    assert window.canvas.scene.node_named("mul") is not None
