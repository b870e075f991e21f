"""The engine must import and run with Qt unavailable.

Why a subprocess: in the test process pytest-qt has already imported PySide6,
so only a fresh interpreter with PySide6 blocked can prove the engine never
imports Qt (directly or through a dependency such as pyqtgraph).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys
    sys.modules["PySide6"] = None  # any "import PySide6..." now raises ImportError

    import engine

    g = engine.Graph()
    with g.as_default():
        five = engine.constant(5.0)
        six = engine.constant(6.0)
        seven = engine.constant(7.0)
        d = (five + six) * seven
    result = engine.Session(graph=g).run(d)
    assert float(result) == 77.0, result
    assert not any(name.startswith("PySide6.") for name in sys.modules), "Qt was imported"
    print("ok", float(result))
    """
)


def test_engine_runs_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok 77.0"
