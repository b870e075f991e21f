"""Fixtures shared by the editor tests."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from editor.canvas import Canvas


@pytest.fixture
def canvas(qtbot: QtBot) -> Canvas:
    """A canvas whose view is shown at 1000×700, empty."""
    canvas = Canvas()
    qtbot.addWidget(canvas.view)
    canvas.view.resize(1000, 700)
    canvas.view.show()
    qtbot.waitExposed(canvas.view)
    return canvas
