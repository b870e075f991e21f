"""Shared set-up of the screenshot tools: offscreen Qt with private config and data dirs.

Why: a screenshot must come out the same on any machine, with or without a display, and
must not read or change the user's saved window geometry, last file or recovery copies (a
recovery question would block the tool).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


def isolate() -> None:
    """Call before importing any Qt module."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tensorcanvas-screenshot-")
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="tensorcanvas-screenshot-data-")
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))


def wait(app: Any, done: Callable[[], bool], seconds: float = 60.0) -> bool:
    """Let Qt work until ``done()`` (a run or a training ended), at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    return bool(done())


def settle(app: Any, seconds: float = 0.05) -> None:
    """Let Qt work for ``seconds``: a picture taken sooner than the canvas's pause after a
    zoom shows its nodes as the blurred snapshots drawn while zooming."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
