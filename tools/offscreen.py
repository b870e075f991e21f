"""Shared set-up of the screenshot tools: offscreen Qt with private config and data dirs.

Why: a screenshot must come out the same on any machine, with or without a display, and
must not read or change the user's saved window geometry, last file or recovery copies (a
recovery question would block the tool).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def isolate() -> None:
    """Call before importing any Qt module."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tensorcanvas-screenshot-")
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="tensorcanvas-screenshot-data-")
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
