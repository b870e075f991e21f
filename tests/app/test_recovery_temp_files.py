"""Temporary files a window killed while autosaving left in the recovery folder go at the
next start — only files named as ours, and only once their window is gone."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from app.recovery import recovery_dir, remove_stale_temp_files
from app.settings import AUTOSAVE_INTERVAL_KEY, open_settings
from tests.app.document_answers import Answers

REPO_ROOT = Path(__file__).resolve().parents[2]
DEAD = "999999999-0123456789ab"  # an id whose window never ran here, and holds no lock


@pytest.fixture(autouse=True)
def own_recovery_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    open_settings().setValue(AUTOSAVE_INTERVAL_KEY, 50)
    folder = recovery_dir()
    folder.mkdir(parents=True)
    return folder


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_text("partial")


OURS = [f".{DEAD}.json.4242.0a1b2c3d.tmp", f".{DEAD}.info.json.4242.ffee0011.tmp",
        f"{DEAD}.info.tmp"]


def test_temp_files_of_a_gone_window_are_removed(own_recovery_dir: Path) -> None:
    _touch(own_recovery_dir, *OURS)
    assert remove_stale_temp_files(own_recovery_dir) == 3
    assert list(own_recovery_dir.iterdir()) == []


def test_files_not_named_as_ours_stay(own_recovery_dir: Path) -> None:
    others = ["notes.tmp", ".seed.json.4242.0a1b2c3d.tmp", "12-0123456789ab.info.tmp.bak",
              f".{DEAD}.json.4242.0a1b2c3d.tmp.keep", f"{DEAD}.json", f"{DEAD}.info.json",
              ".12-XYZ456789abc.json.1.ab.tmp"]
    _touch(own_recovery_dir, *others)
    assert remove_stale_temp_files(own_recovery_dir) == 0
    assert sorted(p.name for p in own_recovery_dir.iterdir()) == sorted(others)


KILLED_HOLDING_ITS_LOCK = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QLockFile
    lock = QLockFile({lock!r})
    assert lock.tryLock(0)
    os.kill(os.getpid(), 9)
    """
)


def test_a_killed_windows_stale_lock_and_temp_files_go(own_recovery_dir: Path) -> None:
    ident = "31337-00aa00aa00aa"
    script = KILLED_HOLDING_ITS_LOCK.format(root=str(REPO_ROOT),
                                            lock=str(own_recovery_dir / f"{ident}.lock"))
    done = subprocess.run([sys.executable, "-c", script], timeout=60, check=False,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == -9
    _touch(own_recovery_dir, f".{ident}.json.31337.12345678.tmp")
    assert remove_stale_temp_files(own_recovery_dir) == 2  # the temp file and the lock
    assert list(own_recovery_dir.iterdir()) == []


def test_a_running_windows_temp_file_stays(
    own_recovery_dir: Path, qtbot: QtBot
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = Answers()
    window.canvas.add_node("Const", QPointF(0, 0))
    recovery = window.document.recovery_file
    qtbot.waitUntil(recovery.exists, timeout=3000)
    in_flight = f".{recovery.name}.{os.getpid()}.0badf00d.tmp"
    _touch(own_recovery_dir, in_flight)
    assert remove_stale_temp_files(own_recovery_dir) == 0
    assert (own_recovery_dir / in_flight).exists() and recovery.exists()


def test_start_up_cleans_the_recovery_folder(own_recovery_dir: Path, qtbot: QtBot) -> None:
    _touch(own_recovery_dir, *OURS)
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = Answers()
    assert window.document.offer_recovery() is False
    assert list(own_recovery_dir.iterdir()) == []


def test_autosave_leaves_no_temp_file_behind(own_recovery_dir: Path, qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = Answers()
    window.canvas.add_node("Const", QPointF(0, 0))
    qtbot.waitUntil(window.document.recovery_file.exists, timeout=3000)
    assert [p.name for p in own_recovery_dir.iterdir() if p.name.endswith(".tmp")] == []
