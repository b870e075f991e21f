"""A process that copied nodes exits cleanly (it used to end in a segmentation fault on the
offscreen platform, which failed every test run whose last test had copied)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    from PySide6.QtWidgets import QApplication
    import engine
    from editor.canvas import Canvas

    app = QApplication([])
    canvas = Canvas()
    with canvas.graph.as_default():
        engine.constant(5)
    canvas.select_names(["Const"])
    canvas.copy()
    print("copied")
""")


def test_a_process_that_copied_nodes_exits_cleanly() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "copied"), result.stderr
