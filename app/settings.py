"""One place that names the QSettings store.

Why: QSettings() without arguments depends on the QApplication's organization
and application names, which differ under pytest-qt. Naming them explicitly keeps
the window, the start-up logic and the tests on the same store.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANIZATION = "TensorCanvas"
APPLICATION = "TensorCanvas"

#: Key of the last file opened, reopened when the app starts without a FILE. Written only
#: once the window has shown the file, so a file that crashes the editor is never reopened.
LAST_FILE_KEY = "session/lastFile"
#: The file being opened, until the window has shown it: set at the next start, the last
#: start ended while opening it (a crash), and it is not reopened without asking.
OPENING_FILE_KEY = "session/openingFile"


def open_settings() -> QSettings:
    """The user's TensorCanvas settings (an INI file under ~/.config on Linux)."""
    return QSettings(ORGANIZATION, APPLICATION)

#: Recently opened files, newest first (File → Open Recent).
RECENT_FILES_KEY = "session/recentFiles"
#: Milliseconds between the last change and the autosave of a recovery copy.
AUTOSAVE_INTERVAL_KEY = "document/autosaveIntervalMs"
#: The interface language chosen in View → Language (``en``, ``ko``); unset: the system's.
LANGUAGE_KEY = "ui/language"


def data_dir() -> Path:
    """Where TensorCanvas keeps its own data: QStandardPaths' AppDataLocation for the
    app's names (``~/.local/share/TensorCanvas/TensorCanvas`` on Linux).

    Built from the generic data location and the explicit names, for the same reason as
    ``open_settings``: under pytest-qt the QApplication has other names.
    """
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base) / ORGANIZATION / APPLICATION
