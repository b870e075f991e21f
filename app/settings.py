"""One place that names the QSettings store.

Why: QSettings() without arguments depends on the QApplication's organization
and application names, which differ under pytest-qt. Naming them explicitly keeps
the window, the start-up logic and the tests on the same store.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "TensorCanvas"
APPLICATION = "TensorCanvas"

#: Key of the last file opened, reopened when the app starts without a FILE.
LAST_FILE_KEY = "session/lastFile"


def open_settings() -> QSettings:
    """The user's TensorCanvas settings (an INI file under ~/.config on Linux)."""
    return QSettings(ORGANIZATION, APPLICATION)
