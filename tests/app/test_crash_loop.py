"""No crash loop: a file whose editor section puts a node at x = 1e12 opens in a shown
window; a file becomes the last file only once the window has shown it; and a start that
ended while opening a file does not open that file again without asking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.application import SEED_EXAMPLE, create_main_window
from app.document_prompts import Prompts
from app.main_window import MainWindow
from app.settings import LAST_FILE_KEY, OPENING_FILE_KEY, open_settings
from editor.bounds import POSITION_LIMIT
from tests.app.document_answers import Answers, seed_text_with

REPO_ROOT = Path(__file__).resolve().parents[2]
FAR_OUT = seed_text_with('"mul": {"x": 440, "y": 0}', '"mul": {"x": 1000000000000, "y": 0}')


@pytest.fixture(autouse=True)
def no_session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No last file and no unfinished open, before and after (the store is shared)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for key in (LAST_FILE_KEY, OPENING_FILE_KEY):
        open_settings().remove(key)
    yield
    for key in (LAST_FILE_KEY, OPENING_FILE_KEY):
        open_settings().remove(key)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(script: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=env,
                          timeout=120, capture_output=True, text=True)


SHOW_FAR_OUT = """
    import sys, time
    sys.path.insert(0, {root!r})
    from app.application import create_app, create_main_window
    app = create_app(["tensorcanvas"])
    window = create_main_window({path!r})
    window.resize(900, 600)
    window.show()
    end = time.monotonic() + 1.0
    while time.monotonic() < end:
        app.processEvents()
    window.canvas.fit_all()
    window.canvas.center_on("mul")
    window.grab()
    print(window.canvas.node_position("mul").x())
    print(window.statusBar().currentMessage())
"""


def test_a_node_at_x_1e12_opens_in_a_shown_window_without_a_crash(tmp_path: Path) -> None:
    path = _file(tmp_path, "far.json", FAR_OUT)
    done = _run(SHOW_FAR_OUT.format(root=str(REPO_ROOT), path=str(path)))
    assert done.returncode == 0, done.stderr[-2000:]  # -11 was SIGSEGV in the scroll code
    x, status = done.stdout.splitlines()[:2]
    assert float(x) == POSITION_LIMIT
    assert status.startswith("Opened far.json") and "mul" in status


DIE_WHILE_OPENING = """
    import os, sys, time
    sys.path.insert(0, {root!r})
    from app.application import create_app, create_main_window
    from app.settings import LAST_FILE_KEY, open_settings
    app = create_app(["tensorcanvas"])
    good = create_main_window({good!r})
    good.show()
    while open_settings().value(LAST_FILE_KEY) != {good_resolved!r}:
        app.processEvents()
    window = create_main_window({bad!r})
    os.kill(os.getpid(), 9)  # dies before the window shows the file, as a crash in show()
"""


def _die_while_opening(tmp_path: Path, good: Path, bad: Path) -> None:
    done = _run(DIE_WHILE_OPENING.format(root=str(REPO_ROOT), good=str(good),
                                         good_resolved=str(good.resolve()), bad=str(bad)))
    assert done.returncode == -9, done.stderr[-2000:]


def test_a_start_that_dies_while_opening_a_file_leaves_the_last_file_as_it_was(
    tmp_path: Path,
) -> None:
    good = _file(tmp_path, "good.json", SEED_EXAMPLE.read_text())
    bad = _file(tmp_path, "bad.json", SEED_EXAMPLE.read_text())
    _die_while_opening(tmp_path, good, bad)
    settings = open_settings()
    settings.sync()
    assert settings.value(LAST_FILE_KEY) == str(good.resolve())
    assert settings.value(OPENING_FILE_KEY) == str(bad.resolve())


def test_the_next_plain_start_opens_the_last_file_that_showed(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _file(tmp_path, "good.json", SEED_EXAMPLE.read_text())
    bad = _file(tmp_path, "bad.json", SEED_EXAMPLE.read_text())
    _die_while_opening(tmp_path, good, bad)
    asked: list[Path] = []
    monkeypatch.setattr(Prompts, "reopen_unfinished", lambda self, p: asked.append(p) or False)
    window = create_main_window(None)
    qtbot.addWidget(window)
    assert window.current_path == good.resolve()
    assert asked == []


@pytest.mark.parametrize("given", [True, False], ids=["FILE given", "last file"])
def test_a_start_after_a_crash_while_opening_asks_before_opening_that_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: bool
) -> None:
    bad = _file(tmp_path, "bad.json", SEED_EXAMPLE.read_text())
    settings = open_settings()
    settings.setValue(OPENING_FILE_KEY, str(bad.resolve()))
    settings.setValue(LAST_FILE_KEY, str(bad.resolve()))
    asked: list[Path] = []
    monkeypatch.setattr(Prompts, "reopen_unfinished", lambda self, p: asked.append(p) or False)
    window = create_main_window(str(bad) if given else None)
    qtbot.addWidget(window)
    assert [p.resolve() for p in asked] == [bad.resolve()]
    assert window.current_path is None and len(window.canvas.graph) == 0
    assert "Did not reopen bad.json" in window.statusBar().currentMessage()
    assert open_settings().value(OPENING_FILE_KEY) is None
    assert open_settings().value(LAST_FILE_KEY) is None  # a plain start does not ask again


def test_answering_yes_opens_the_file_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _file(tmp_path, "bad.json", SEED_EXAMPLE.read_text())
    open_settings().setValue(OPENING_FILE_KEY, str(bad.resolve()))
    monkeypatch.setattr(Prompts, "reopen_unfinished", lambda self, p: True)
    window = create_main_window(str(bad))
    qtbot.addWidget(window)
    assert window.current_path == bad.resolve()
    window.show()  # shown: the open finished, and the mark goes
    qtbot.waitUntil(lambda: open_settings().value(OPENING_FILE_KEY) is None)
    assert open_settings().value(LAST_FILE_KEY) == str(bad.resolve())


def test_another_file_opens_without_asking(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _file(tmp_path, "bad.json", SEED_EXAMPLE.read_text())
    other = _file(tmp_path, "other.json", SEED_EXAMPLE.read_text())
    open_settings().setValue(OPENING_FILE_KEY, str(bad.resolve()))
    asked: list[Path] = []
    monkeypatch.setattr(Prompts, "reopen_unfinished", lambda self, p: asked.append(p) or False)
    window = create_main_window(str(other))
    qtbot.addWidget(window)
    assert window.current_path == other.resolve() and asked == []


def test_a_window_closed_before_it_showed_its_file_leaves_no_mark(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = _file(tmp_path, "seed.json", SEED_EXAMPLE.read_text())
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = Answers()
    assert window.open_path(path)
    assert open_settings().value(OPENING_FILE_KEY) == str(path.resolve())
    assert window.close()
    assert open_settings().value(OPENING_FILE_KEY) is None
    assert open_settings().value(LAST_FILE_KEY) is None


def test_a_file_that_fails_to_open_leaves_no_mark(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.document.prompts = Answers()
    broken = _file(tmp_path, "broken.json", json.dumps({"format": "tensorcanvas-graph"}))
    assert not window.open_path(broken)
    assert open_settings().value(OPENING_FILE_KEY) is None
