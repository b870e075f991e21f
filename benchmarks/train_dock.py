"""`python -m benchmarks.train_dock [--steps N] [--repeats R]`: what the Train dock's live
plot costs the training it shows.

Why measured this way: the goal is that the plot updates at least 10 times a second without
slowing training by more than 5 %. Each case trains an example the way a user does — Start
in a real (offscreen) main window, the plot and progress bar redrawn on the dock's timer —
and, as its baseline in the same process, the same steps of the same ``TrainLoop`` on a
plain thread while the GUI's event loop idles (no dock, no plot). Runs alternate baseline /
dock, ``R`` times each, and the ratios are printed as a range (the machine is shared), with
the plot updates per second seen in the dock runs, and the share of the time the GUI
thread was busy (processing events, drawing): the GIL it holds then is the most the plot can
take from a training thread, a steadier figure than the ratio on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _baseline(app, window, steps: int) -> tuple[float, float]:  # noqa: ANN001
    """Steps per second of the loop on a plain thread, the GUI idling (each step's own
    time, as the dock's records count it), and the share of the time the GUI was busy."""
    from app.train_controller import build_loop
    from app.train_worker import TrainJob

    setup = window.train.dock.setup()
    setup.config.steps = steps
    session = window.run.controller.session_for_run()
    job = TrainJob(lambda: None)  # type: ignore[arg-type, return-value]
    loop = build_loop(lambda: session, window.canvas.graph, setup, job, {})
    done = threading.Event()

    def run() -> None:
        while not loop.done:
            loop.step()
        done.set()

    thread = threading.Thread(target=run)
    began = time.perf_counter()
    busy = 0.0
    thread.start()
    while not done.is_set():
        t0 = time.perf_counter()
        app.processEvents()
        busy += time.perf_counter() - t0
        time.sleep(0.002)
    thread.join()
    wall = time.perf_counter() - began
    return steps / sum(r.seconds for r in loop.history.records), busy / wall


def _with_dock(app, window, steps: int) -> tuple[float, float, float]:  # noqa: ANN001
    """Steps per second through Start (dock, plot, progress), plot updates a second, and
    the share of the time the GUI thread was busy (holding the GIL the training needs)."""
    import engine

    dock = window.train.dock
    config = dock.setup().config
    config.steps = steps
    dock.set_config(engine.TrainConfig(**{k: getattr(config, k) for k in (
        "batch_size", "shuffle", "seed", "epochs", "steps", "eval_every",
        "validation_fraction")}))
    updates = [0]
    counter = window.train.controller.progressed.connect(lambda _r: updates.__setitem__(
        0, updates[0] + 1))
    began = time.perf_counter()
    busy = 0.0
    window.train.start.trigger()
    while window.train.controller.running:
        t0 = time.perf_counter()
        app.processEvents()
        busy += time.perf_counter() - t0
        time.sleep(0.002)
    wall_all = time.perf_counter() - began
    window.train.controller.progressed.disconnect(counter)
    records = window.train.controller.records
    seconds = sum(r.seconds for r in records)  # the steps' own time, pauses excluded
    wall = window.train.controller.elapsed()
    return len(records) / seconds, updates[0] / wall, busy / wall_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.examples import EXAMPLES_DIR
    from app.main_window import MainWindow

    for example in ("linear_regression.json", "digits_mlp.json"):
        window = MainWindow()
        window.resize(1400, 900)
        window.show()
        window.open_path(EXAMPLES_DIR / example)
        ratios, rates, gui, idle = [], [], [], []
        _baseline(app, window, 50)  # warm up: plans made, kernels compiled
        for _ in range(args.repeats):
            window.run.controller._drop_session()  # each run from fresh values
            base, idle_busy = _baseline(app, window, args.steps)
            window.run.controller._drop_session()
            dock, updates, busy = _with_dock(app, window, args.steps)
            ratios.append(dock / base)
            rates.append(updates)
            gui.append(busy)
            idle.append(idle_busy)
        print(f"{example}: {args.steps} steps, dock/plain steps per second "
              f"{min(ratios):.3f}–{max(ratios):.3f}, median {statistics.median(ratios):.3f} "
              f"(1.0 = no slowdown), plot updates "
              f"{min(rates):.1f}–{max(rates):.1f}/s, GUI thread busy "
              f"{100 * statistics.median(gui):.1f} % of the time (idle GUI: "
              f"{100 * statistics.median(idle):.1f} %)", flush=True)
        window.canvas.undo_stack.setClean()  # nothing to ask about when it closes
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
