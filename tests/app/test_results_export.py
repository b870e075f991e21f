"""Exporting a value never loses part of it without a word: ``.npy`` strings cannot end in
NUL bytes, so an export of such strings says so; and an export that fails is a message."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

import app.results_dock as results_dock
from app.results_dock import ResultsDock
from app.value_format import save_npy


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    main = QMainWindow()
    qtbot.addWidget(main)
    main.resize(900, 600)
    return main


@pytest.fixture
def dock(window: QMainWindow) -> ResultsDock:
    dock = ResultsDock(window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.show()
    QApplication.processEvents()
    return dock


def test_save_npy_counts_the_strings_whose_trailing_nuls_it_cannot_keep(
    tmp_path: Path,
) -> None:
    values = np.array([b"ab\x00", b"c", b"\x00\x00", b"d\x00e"], dtype=object)
    assert save_npy(str(tmp_path / "s.npy"), values) == 2
    assert np.load(tmp_path / "s.npy", allow_pickle=False).tolist() == [b"ab", b"c", b"", b"d\x00e"]


def test_an_export_of_strings_ending_in_nul_bytes_says_they_load_back_without(
    dock: ResultsDock, tmp_path: Path
) -> None:
    dock.show_value("s", np.array([b"ab\x00", b"c"], dtype=object))
    assert dock.export(str(tmp_path / "s.npy"))
    text = dock.message_label.text()
    assert text.startswith("Exported") and "s.npy" in text
    assert text.endswith("— 1 string loses trailing NUL bytes")
    assert "np.load gives them back without" in dock.message_label.toolTip()


def test_an_export_of_plain_strings_says_nothing_more(dock: ResultsDock, tmp_path: Path) -> None:
    dock.show_value("s", np.array([b"ab", b"c"], dtype=object))
    assert dock.export(str(tmp_path / "s.npy"))
    assert "NUL" not in dock.message_label.text()


def test_an_export_that_raises_anything_is_a_message(
    dock: ResultsDock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dock.show_value("m", np.ones((2, 2), np.float32))

    def broken(path: str, array: np.ndarray) -> int:
        raise MemoryError("cannot allocate")

    monkeypatch.setattr(results_dock, "save_npy", broken)
    assert dock.export(str(tmp_path / "m.npy")) is False
    assert dock.message_label.text().startswith("Could not export to")
