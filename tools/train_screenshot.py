"""Write docs/train.png (the Train dock mid-training on the digit-classifier example) and
docs/predict.png (Predict's result after training: the digits it reads in twelve new
images, in the Results dock).

Offscreen, with private config and data dirs, like tools/screenshot.py. Run from the
repository root: ``python tools/train_screenshot.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from offscreen import REPO_ROOT, isolate, settle, wait  # tools/ is on sys.path when run as a script

TRAIN_OUTPUT = REPO_ROOT / "docs" / "train.png"
PREDICT_OUTPUT = REPO_ROOT / "docs" / "predict.png"
SIZE = (1400, 900)


#: the forward model, framed so that its names and edge labels read in the picture (the
#: whole graph fitted into the canvas is too small to read at this window size)
MODEL = ("images", "pixels", "MatMul", "hidden", "hidden_relu", "MatMul_1", "logits")
#: the least zoom at which node names and edge labels are drawn with their text, and read
READABLE_ZOOM = 0.6


def _frame(app, window, names) -> None:  # noqa: ANN001
    """Frame ``names`` on the canvas and wait until the items are drawn sharp again (a
    zoom shows a scaled snapshot until it settles)."""
    from PySide6.QtCore import QRectF

    scene = window.canvas.view.graph_scene
    rect = QRectF()
    for name in names:
        part = scene.node_rect(name)
        if part is not None:
            rect = rect.united(part)
    view = window.canvas.view
    view.fit_rect(rect, max_zoom=1.0)
    if view.transform().m11() < READABLE_ZOOM:  # the model's middle, readable
        view.set_view(rect.center(), READABLE_ZOOM)
    settle(app, 0.5)


def main() -> int:
    isolate()

    import numpy as np
    from PySide6.QtCore import Qt

    import engine
    from app.application import create_app
    from app.examples import EXAMPLES_DIR
    from app.main_window import MainWindow

    app = create_app([sys.argv[0]])
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    if not window.open_path(EXAMPLES_DIR / "digits_mlp.json"):
        print("train_screenshot: could not open the example", file=sys.stderr)
        return 1
    window.run.device_selector.set_device("cpu")
    dock = window.train.dock
    config = dock.setup().config
    config.epochs = 40
    dock.set_config(config)
    window.resizeDocks([dock], [330], Qt.Orientation.Vertical)
    window.resizeDocks([window.run.views.dock, dock], [380, 1020], Qt.Orientation.Horizontal)
    _frame(app, window, MODEL)
    controller = window.train.controller
    window.train.start.trigger()
    wait(app, lambda: len(controller.records) >= 700)
    window.train.pause.trigger()  # hold it mid-run for the picture
    for _ in range(5):
        app.processEvents()
        time.sleep(0.02)
    controller.drain()
    app.processEvents()
    TRAIN_OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(TRAIN_OUTPUT))
    print(f"train_screenshot: wrote {TRAIN_OUTPUT}")
    window.train.pause.trigger()
    window.train.stop.trigger()
    wait(app, lambda: not controller.running)

    # Predict on twelve new images
    from training_examples import digit_images

    images, _labels = digit_images(12, seed=99)
    folder = Path(tempfile.mkdtemp(prefix="tensorcanvas-screenshot-"))
    np.save(folder / "new_digits.npy", images)
    window.train.wiring.ask_predict = lambda graph, output, bindings: (
        "digit", {"images": engine.DataSource(str(folder / "new_digits.npy"))})
    finished: list[object] = []
    window.run.controller.finished.connect(finished.append)
    window.train.wiring.predict()
    wait(app, lambda: bool(finished))
    window.canvas.select_names(["digit"])
    window.run.views.dock.raise_()
    window.resizeDocks([window.run.views.dock], [330], Qt.Orientation.Vertical)
    _frame(app, window, ("MatMul_1", "logits", "digit"))  # the prediction and its node
    window.grab().save(str(PREDICT_OUTPUT))
    print(f"train_screenshot: wrote {PREDICT_OUTPUT}")
    window.canvas.undo_stack.setClean()
    window.run.controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
