"""A small linear-regression graph and its data, trained by a hand-written gradient step
(``w -= lr * d loss/d w``), and the waits the training tests share."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pytestqt.qtbot import QtBot

import engine
from app.main_window import MainWindow

TRAIN_TIMEOUT_MS = 60_000


def shown_window(qtbot: QtBot) -> MainWindow:
    """A main window at 1200×800, shown and exposed (the Train dock's tests lay it out)."""
    main_window = MainWindow()
    qtbot.addWidget(main_window)
    main_window.resize(1200, 800)
    main_window.show()
    qtbot.waitExposed(main_window)
    return main_window


def regression_graph(lr: float = 0.2) -> engine.Graph:
    """``pred = x * w + b``, ``loss = mean((pred - y)²)``, ``train`` one gradient step."""
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None], name="x")
        y = engine.placeholder(engine.float32, [None], name="y")
        w = engine.Variable(0.0, name="w")
        b = engine.Variable(0.0, name="b")
        pred = engine.add(engine.multiply(x, w), b, name="pred")
        err = pred - y
        engine.reduce_mean(engine.square(err), name="loss")
        gw = engine.reduce_mean(2.0 * err * x)
        gb = engine.reduce_mean(2.0 * err)
        engine.group(engine.assign_sub(w, lr * gw), engine.assign_sub(b, lr * gb),
                     name="train")
    return g


def write_data(folder: Path, rows: int = 256, seed: int = 0) -> tuple[Path, Path]:
    """``y = 3x + 2`` plus a little noise, as x.npy and y.npy."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, rows).astype(np.float32)
    y = (3 * x + 2 + rng.normal(0, 0.05, rows)).astype(np.float32)
    np.save(folder / "x.npy", x)
    np.save(folder / "y.npy", y)
    return folder / "x.npy", folder / "y.npy"


def ready_window(window: MainWindow, folder: Path, **config: object) -> None:
    """The regression graph open, its placeholders bound, train op and loss chosen."""
    window.canvas.set_graph(regression_graph(), None)
    xs, ys = write_data(folder)
    dock = window.train.dock
    dock.bind("x", engine.DataSource(str(xs)))
    dock.bind("y", engine.DataSource(str(ys)))
    dock.set_names(train_op="train", loss="loss")
    dock.set_config(engine.TrainConfig(**config))  # type: ignore[arg-type]


def train_and_wait(qtbot: QtBot, window: MainWindow) -> tuple:
    """Press Start and wait for training to end; the ``ended`` signal's arguments."""
    with qtbot.waitSignal(window.train.controller.ended, timeout=TRAIN_TIMEOUT_MS) as blocker:
        window.train.start.trigger()
    return tuple(blocker.args)
