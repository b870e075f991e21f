"""Test-session set-up that must happen before any QApplication exists.

Why forced: a developer's shell often has DISPLAY or QT_QPA_PLATFORM=xcb set;
tests must not open windows on their screen, nor depend on a display existing.
Set TENSORCANVAS_TEST_DISPLAY=1 to watch the tests on a real display instead.

Why a private config dir: MainWindow saves its geometry and last file with
QSettings; tests must never read or overwrite a user's real settings.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

if os.environ.get("TENSORCANVAS_TEST_DISPLAY") != "1":
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

_CONFIG_HOME = tempfile.mkdtemp(prefix="tensorcanvas-test-config-")
atexit.register(shutil.rmtree, _CONFIG_HOME, ignore_errors=True)
# QSettings on Linux reads XDG_CONFIG_HOME; subprocesses inherit it too.
os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME

try:
    from PySide6.QtCore import QSettings
except ImportError:  # engine tests must still run where Qt cannot load
    pass
else:
    for _format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(_format, QSettings.Scope.UserScope, _CONFIG_HOME)
