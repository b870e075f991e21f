"""Autosave killed at random moments (slow): the recovery copy is always a whole old or new
one, and after the next start no temporary file of ours is left in the recovery folder.

Each trial starts a window in a subprocess that changes a large Const and autosaves again and
again, printing each version once its copy is written, and kills it with SIGKILL at a random
moment. Run it with ``pytest -m slow tests/app/test_autosave_kill.py -s`` to see the figures
(``TENSORCANVAS_KILL_TRIALS`` sets the number of kills, 40 by default).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

import engine
from app.main_window import MainWindow
from app.recovery import recovery_dir
from tests.app.document_answers import Answers

REPO_ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("TENSORCANVAS_KILL_TRIALS", "40"))
#: values in the Const each autosave writes: a copy of a few MB takes a while to write
PAYLOAD = 2_000_000

AUTOSAVING = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    import numpy as np
    from PySide6.QtCore import QPointF
    from app.application import create_app
    from app.main_window import MainWindow
    app = create_app(["tensorcanvas"])
    window = MainWindow()
    document, canvas = window.document, window.canvas
    document.autosave_timer.setInterval(1 << 30)  # only the autosaves below
    canvas.add_node("Const", QPointF(0, 0), name="payload",
                    attrs={{"value": np.zeros({size}, np.float32)}})
    print("ready", flush=True)
    version = 0
    while True:
        version += 1
        canvas.set_attrs("payload", {{"value": np.full({size}, version, np.float32)}})
        document.autosave_timer.stop()
        assert document.autosave()
        print(version, flush=True)
    """
)


def _our_temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _kill_while_autosaving(data_home: Path, delay: float) -> int:
    """One trial: the last version the child said it had written (0: none)."""
    script = AUTOSAVING.format(root=str(REPO_ROOT), size=PAYLOAD)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(data_home))
    child = subprocess.Popen([sys.executable, "-c", script], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    ready = threading.Event()
    written: list[int] = []

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() == "ready":
                ready.set()
            elif line.strip().isdigit():
                written.append(int(line))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(60), "the window did not start"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(30)
        reader.join(30)
    assert child.returncode == -signal.SIGKILL
    return written[-1] if written else 0


@pytest.mark.slow
def test_a_killed_autosave_leaves_a_whole_copy_and_the_next_start_no_temp_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(20240610)
    left_before: list[int] = []
    versions_seen: list[str] = []
    for trial in range(TRIALS):
        data_home = tmp_path / f"trial{trial}"
        monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
        last = _kill_while_autosaving(data_home, rng.uniform(0.0, 1.5))
        folder = recovery_dir()
        copies = [p for p in folder.glob("*.json") if not p.name.endswith(".info.json")]
        if last == 0 and not copies:
            versions_seen.append("none yet")
        else:
            (copy,) = copies
            graph, _ = engine.load_graph(copy)  # whole: it loads
            value = np.asarray(graph.get_operation_by_name("payload").attrs["value"])
            assert value.shape == (PAYLOAD,)
            (version,) = set(value.tolist())
            assert version in (last, last + 1), (trial, version, last)  # old or new
            versions_seen.append("new" if version == last + 1 else "old")
            info = json.loads(copy.with_name(copy.stem + ".info.json").read_text())
            assert info["pid"] > 0  # the record beside it is whole too
        left_before.append(len(_our_temp_files(folder)))

        window = MainWindow()  # the next start
        qtbot.addWidget(window)
        window.document.prompts = Answers(restore=False)
        window.document.offer_recovery()
        assert _our_temp_files(folder) == [], trial
        window.close()

    print(f"\nautosave kill test: {TRIALS} kills; copies found old {versions_seen.count('old')}, "
          f"new {versions_seen.count('new')}, none yet {versions_seen.count('none yet')}; "
          f"temp files left before the next start in {sum(1 for n in left_before if n)} "
          f"trials ({sum(left_before)} files), after it: 0")
