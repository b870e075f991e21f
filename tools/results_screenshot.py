"""Write docs/results.png: the real main window after running a small graph whose result
is a matrix, so the Results dock shows its table and heat map.

Why a graph built here (not an example file): the picture is about the Results dock; two
bell-curve Consts multiplied into a 48×64 matrix make a heat map that reads at a glance.
Offscreen, with private config and data dirs, like tools/screenshot.py.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from offscreen import REPO_ROOT, isolate  # tools/ is on sys.path when run as a script

OUTPUT = REPO_ROOT / "docs" / "results.png"
SIZE = (1280, 880)
DOCK_HEIGHT = 340


def main() -> int:
    isolate()

    import numpy as np
    from PySide6.QtCore import Qt

    import engine
    from app.application import create_app
    from app.main_window import MainWindow

    app = create_app([sys.argv[0]])
    graph = engine.Graph()
    with graph.as_default():
        rows = np.exp(-np.linspace(-2, 2, 48, dtype=np.float32) ** 2).reshape(48, 1)
        cols = np.exp(-np.linspace(-3, 3, 64, dtype=np.float32) ** 2 / 2).reshape(1, 64)
        blob = engine.matmul(engine.constant(rows, name="col"),
                             engine.constant(cols, name="row"), name="blob")
        engine.multiply(blob, engine.constant(10.0, name="scale"), name="heat")
    path = Path(tempfile.mkdtemp(prefix="tensorcanvas-screenshot-")) / "heat_map.json"
    engine.save_graph(path, graph)

    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    if not window.open_path(path):
        print("results_screenshot: could not open the graph", file=sys.stderr)
        return 1
    controller = window.run.controller
    window.run.device_selector.set_device("cpu")  # the same picture on any machine
    finished: list[object] = []
    controller.finished.connect(finished.append)
    controller.run()
    deadline = time.monotonic() + 30
    while not finished and time.monotonic() < deadline:
        app.processEvents()
    if not finished:
        print("results_screenshot: the run did not finish", file=sys.stderr)
        return 1
    window.canvas.select_names(["heat"])
    window.resizeDocks([window.run.views.dock], [DOCK_HEIGHT], Qt.Orientation.Vertical)
    for _ in range(3):
        app.processEvents()
    window.canvas.fit_all()
    app.processEvents()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(OUTPUT)):
        print(f"results_screenshot: could not write {OUTPUT}", file=sys.stderr)
        return 1
    controller.shutdown()
    print(f"results_screenshot: wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
