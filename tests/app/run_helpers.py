"""Graphs and waits the run tests share."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

import engine
from app.main_window import MainWindow
from app.run_controller import RunController

RUN_TIMEOUT_MS = 20_000


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def controller(window: MainWindow) -> RunController:
    return window.run.controller


def run_and_wait(qtbot: QtBot, window: MainWindow, name: str = "actionRun") -> None:
    """Trigger a run action and wait until the run has finished."""
    with qtbot.waitSignal(controller(window).finished, timeout=RUN_TIMEOUT_MS):
        action(window, name).trigger()


def run_expecting_failure(qtbot: QtBot, window: MainWindow, name: str = "actionRun") -> str:
    """Trigger a run action; returns the failure message."""
    with qtbot.waitSignal(controller(window).failed, timeout=RUN_TIMEOUT_MS) as blocker:
        action(window, name).trigger()
    return str(blocker.args[0])


def shape_error_graph() -> engine.Graph:
    """``bad = [1, 2, 3] + [1, 2]`` (cannot be inferred), and ``ok = square(4)`` beside it."""
    g = engine.Graph()
    a = g.add_op("Const", name="a", attrs={"value": [1, 2, 3]})
    b = g.add_op("Const", name="b", attrs={"value": [1, 2]})
    bad = g.add_op("AddV2", name="bad")
    g.connect(a.outputs[0], bad, 0)
    g.connect(b.outputs[0], bad, 1)
    four = g.add_op("Const", name="four", attrs={"value": 4})
    ok = g.add_op("Square", name="ok")
    g.connect(four.outputs[0], ok, 0)
    return g


def mismatched_feeds_graph() -> engine.Graph:
    """Two ``[None]`` placeholders whose defaults have different lengths: inference passes,
    the run fails in ``add``."""
    g = engine.Graph()
    x = g.add_op("Placeholder", name="x", attrs={
        "dtype": engine.float32, "shape": [None], "default_value": [1.0, 2.0, 3.0]})
    y = g.add_op("Placeholder", name="y", attrs={
        "dtype": engine.float32, "shape": [None], "default_value": [1.0, 2.0]})
    add = g.add_op("AddV2", name="add")
    g.connect(x.outputs[0], add, 0)
    g.connect(y.outputs[0], add, 1)
    return g


def placeholder_graph() -> engine.Graph:
    """``doubled = x * 2`` with ``x`` a float32 [3] placeholder without default, and an
    unrelated placeholder ``z`` that feeds ``other``."""
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [3], name="x")
        engine.multiply(x, 2.0, name="doubled")
        z = engine.placeholder(engine.float32, [2], name="z")
        engine.negative(z, name="other")
    return g


def chain_graph(length: int = 60, size: int = 4_000_000) -> engine.Graph:
    """A long run: ``length`` Sqrt ops over a ``size``-element float32 vector, one after
    another (each a few milliseconds)."""
    g = engine.Graph()
    with g.as_default():
        t = engine.constant(np.full(size, 2.0, dtype=np.float32), name="start")
        for i in range(length):
            t = engine.sqrt(t, name=f"step_{i}")
    return g
