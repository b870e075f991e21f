"""The canvas benchmark still runs (shrunk to 200 nodes), so it never rots."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from benchmarks import editor_scale


def test_the_quick_benchmark_runs(qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    assert editor_scale.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "[chain] 200 nodes, 199 edges" in out
    assert "[dag] 200 nodes" in out
    assert "every label on screen is right" in out
