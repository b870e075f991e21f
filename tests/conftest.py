"""Test-session set-up that must happen before any QApplication exists.

Why forced: a developer's shell often has DISPLAY or QT_QPA_PLATFORM=xcb set;
tests must not open windows on their screen, nor depend on a display existing.
Set TENSORCANVAS_TEST_DISPLAY=1 to watch the tests on a real display instead.

Why a private config dir: MainWindow saves its geometry and last file with
QSettings; tests must never read or overwrite a user's real settings. The same goes
for the data dir, where autosave writes its recovery copies, and the cache dir, where
compiled kernels persist.

Why property tests are derandomized under CI=true: see the profile below.

Why the document's dialogs answer by themselves: a window with unsaved changes asks
Save / Discard / Cancel when it closes, and a modal dialog nobody answers would hang
the run at teardown. Tests that check those questions install their own answers.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import settings

if os.environ.get("TENSORCANVAS_TEST_DISPLAY") != "1":
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

_CONFIG_HOME = tempfile.mkdtemp(prefix="tensorcanvas-test-config-")
atexit.register(shutil.rmtree, _CONFIG_HOME, ignore_errors=True)
# QSettings on Linux reads XDG_CONFIG_HOME; subprocesses inherit it too.
os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME
_DATA_HOME = tempfile.mkdtemp(prefix="tensorcanvas-test-data-")
atexit.register(shutil.rmtree, _DATA_HOME, ignore_errors=True)
# QStandardPaths' data locations (recovery copies) on Linux follow XDG_DATA_HOME.
os.environ["XDG_DATA_HOME"] = _DATA_HOME
# Compiled kernels persist in a cache directory: the tests' (and their subprocesses') own.
_CACHE_HOME = tempfile.mkdtemp(prefix="tensorcanvas-test-cache-")
atexit.register(shutil.rmtree, _CACHE_HOME, ignore_errors=True)
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
os.environ.pop("TENSORCANVAS_KERNEL_CACHE", None)

# Property tests in CI draw the same examples on every run (a search that finds a new
# failing case is a developer's run, with the example saved in .hypothesis to replay),
# and a shared CI machine's slow moments are no test failure.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

try:
    from PySide6.QtCore import QSettings
except ImportError:  # engine tests must still run where Qt cannot load
    pass
else:
    for _format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(_format, QSettings.Scope.UserScope, _CONFIG_HOME)


@pytest.fixture(autouse=True)
def _document_dialogs_answer_themselves(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Unsaved changes are discarded, recovery copies declined, a file whose opening did
    not finish last time opened again (as before that question existed), file dialogs
    cancelled."""
    try:
        from app.document_prompts import Prompts
    except ImportError:  # engine-only environments
        yield
        return
    monkeypatch.setattr(Prompts, "unsaved_changes", lambda self, name: "discard")
    monkeypatch.setattr(Prompts, "restore_recovery", lambda self, entry: False)
    monkeypatch.setattr(Prompts, "reopen_unfinished", lambda self, path: True)
    monkeypatch.setattr(Prompts, "open_file", lambda self, start: None)
    monkeypatch.setattr(Prompts, "save_file", lambda self, suggested: None)
    yield
