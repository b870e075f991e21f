"""Items far from the view are released within a paint's time budget: a jump across a
large graph leaves the rest for the next paints, and they all go."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from benchmarks.editor_scale import build_chain
from editor import scene_region, scene_virtual
from editor.canvas import Canvas

N = scene_virtual.BUDGET + 500


def _at_100_on(canvas: Canvas, name: str) -> None:
    canvas.view.set_zoom(1.0)
    canvas.center_on(name)
    canvas.view.viewport().repaint()


def test_a_jump_releases_the_far_items_over_several_paints(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scene_region, "MAKE_MS", 1e9)  # the first view made whole, however
    canvas.set_graph(build_chain(N), None)           # slow the machine
    ops = canvas.graph.get_operations()
    _at_100_on(canvas, ops[0].name)
    before = {node.op.name for node in canvas.scene.nodes()}
    monkeypatch.setattr(scene_region, "MAKE_MS", 0.0)  # one release, one item per paint
    _at_100_on(canvas, ops[-1].name)
    left = before & {node.op.name for node in canvas.scene.nodes()}
    assert len(before) > 2 and 0 < len(left) < len(before)
    qtbot.waitUntil(lambda: not before & {n.op.name for n in canvas.scene.nodes()},
                    timeout=5000)
