"""Fixtures shared by the app tests."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.application import SEED_EXAMPLE
from app.main_window import MainWindow


@pytest.fixture
def seed_window(qtbot: QtBot) -> MainWindow:
    """The real main window, shown at its default size, with the seed example open."""
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.resize(1200, 760)
    main_window.show()
    qtbot.waitExposed(main_window)
    assert main_window.open_path(SEED_EXAMPLE)
    return main_window
