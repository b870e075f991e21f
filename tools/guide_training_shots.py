"""The user guide's pictures of training and of import/export (docs/guide/*_en.png,
*_ko.png), taken by ``tools/guide_screenshots.py`` in each language.

Why a module of its own: these pictures need a window of their own (a larger one, with the
Train dock shown) and steps that wait for a training run to end; the guide's first
pictures are quick grabs of one window. Every picture is what a user gets by the steps the
guide describes: the linear-regression example trained from the Train dock, Run → Add
Training… on a model built without training, the File menu's Import… and Export…, and a
TensorFlow GraphDef imported as a new graph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from offscreen import REPO_ROOT, settle, wait  # tools/ is on sys.path when run as a script

#: a window large enough for the Train dock's data table, settings and plot side by side
TRAIN_SIZE = (1600, 940)
#: the Results dock's width beside the Train dock (the rest of the bottom is the Train dock)
RESULTS_WIDTH = 380
#: the window of the guide's other pictures, for the import ones
GUIDE_SIZE = (1200, 760)
#: the Train dock's two columns: its setup (data table, settings) and its plot
SETUP_WIDTH = 500
#: a frozen CNN as TF wrote it (Conv2D, MaxPool, MatMul): what File → Import… opens
GRAPHDEF = REPO_ROOT / "tests" / "data" / "graphdef" / "small_cnn.pb"

Save = Callable[[Any, str], None]


def _ready(app: Any) -> None:
    """Before a picture: the canvas has drawn itself sharp again after the last fit."""
    settle(app, 0.5)


def _window(app: Any, size: tuple[int, int] = TRAIN_SIZE) -> Any:
    """A fresh main window with the first start's docks, on the CPU, whose prompts never
    block the tool."""
    from app.main_window import GEOMETRY_KEY, STATE_KEY, MainWindow
    from app.settings import open_settings

    settings = open_settings()  # the last window's docks (a Train dock shown) stay with it
    settings.remove(GEOMETRY_KEY)
    settings.remove(STATE_KEY)
    window = MainWindow()
    window.resize(*size)
    window.show()
    window.document.prompts.unsaved_changes = lambda _name: "discard"
    window.run.device_selector.set_device("cpu")
    settle(app)
    return window


def _close(app: Any, window: Any) -> None:
    window.train.controller.shutdown()
    window.run.controller.shutdown()
    window.canvas.undo_stack.setClean()
    window.close()
    window.deleteLater()
    settle(app)


def _lay_out_docks(app: Any, window: Any) -> None:
    """The Results dock narrow beside a wide Train dock: its data table and settings
    readable without scrolling sideways."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSplitter

    dock = window.train.dock
    window.resizeDocks([window.run.views.dock, dock],
                       [RESULTS_WIDTH, TRAIN_SIZE[0] - RESULTS_WIDTH], Qt.Orientation.Horizontal)
    settle(app)
    splitter = dock.findChild(QSplitter, "trainSplitter")
    total = sum(splitter.sizes())
    splitter.setSizes([SETUP_WIDTH, total - SETUP_WIDTH])
    settle(app)


def _readable_from_the_left(window: Any, zoom: float = 0.6) -> None:
    """The graph fitted in, or where that would draw its nodes too small to read (a
    model with its training block beside it), its left part at ``zoom``: the model with
    its trained values, and the start of the block."""
    from PySide6.QtCore import QPointF

    view = window.canvas.view
    view.fit_all()
    if view.zoom() >= zoom:
        return
    content = view.graph_scene.content_rect()
    width = view.viewport().rect().width() / zoom
    view.set_view(QPointF(content.left() - 40.0 + width / 2, content.center().y()), zoom)


def _train(app: Any, window: Any) -> None:
    """Start, then wait for the run to end (the examples train in a second or two)."""
    controller = window.train.controller
    window.train.start.trigger()
    wait(app, lambda: controller.running)
    if not wait(app, lambda: not controller.running):
        raise RuntimeError("guide_screenshots: training did not end within a minute")
    controller.drain()
    settle(app)


def _model_graph() -> Any:
    """Linear regression without training, as a user builds it on the canvas:
    ``pred = x·W + b``, ``loss = mean((pred − y)²)``, W and b Variables."""
    import engine

    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 1], name="x")
        y = engine.placeholder(engine.float32, [None, 1], name="y")
        w = engine.Variable(engine.zeros([1, 1]), name="W")
        b = engine.Variable(engine.zeros([1]), name="b")
        pred = engine.add(engine.matmul(x, w), b, name="pred")
        engine.reduce_mean(engine.square(pred - y), name="loss")
    return g


def training_shots(app: Any, save: Save, suffix: str) -> None:
    """train, predict (its dialog), add_training, trained_model (the model after Add
    Training → Adam and Start)."""
    import engine
    from app.add_training_dialog import AddTrainingDialog
    from app.examples import EXAMPLES_DIR

    # the example, trained from the Train dock: the falling loss and the trained values
    window = _window(app)
    if not window.open_path(EXAMPLES_DIR / "linear_regression.json"):
        raise RuntimeError("guide_screenshots: cannot open linear_regression.json")
    settle(app)
    _lay_out_docks(app, window)
    _train(app, window)
    window.canvas.select_names(["W"])
    _ready(app)
    save(window, "train" + suffix)

    # Train → Predict…: pred on three typed values of x
    from PySide6.QtWidgets import QLineEdit

    from app.predict_dialog import PredictDialog

    predict = PredictDialog(window.canvas.graph, "pred", window.train.dock.setup().data, window)
    typed = predict.findChild(QLineEdit, "predictValue_x")
    typed.setText("[[0.5], [1.5], [3.0]]")
    typed.textEdited.emit(typed.text())
    predict.show()
    _ready(app)
    save(predict, "predict" + suffix)
    predict.close()
    _close(app, window)

    # a model built without training: Run → Add Training… with the loss selected
    window = _window(app)
    window.canvas.set_graph(_model_graph(), None)
    window.canvas.fit_all()
    window.canvas.select_names(["loss"])
    settle(app)
    dialog = AddTrainingDialog(window.canvas.graph, "loss:0", window)
    dialog.optimizer.setCurrentText("Adam")
    dialog.spins["learning_rate"].setValue(0.1)
    dialog.show()
    _ready(app)
    save(dialog, "add_training" + suffix)
    choice = dialog.choice()
    dialog.close()
    window.train.wiring.ask_training = lambda _graph, _loss: choice
    window.train.add_training.trigger()
    dock = window.train.dock
    for name in ("x", "y"):
        dock.bind(name, engine.DataSource(str(EXAMPLES_DIR / f"linear_regression_{name}.npy")))
    settle(app)
    _train(app, window)
    window.canvas.select_names(["W"])
    window.train.dock.plots.setCurrentIndex(0)
    _lay_out_docks(app, window)
    _readable_from_the_left(window)
    save(window, "trained_model" + suffix)
    _close(app, window)


def _with_menu(window: Any, menu: Any) -> Any:
    """The window's picture with ``menu`` open over it, where it pops up."""
    from PySide6.QtGui import QPainter

    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
    painter.end()
    return picture


def interop_shots(app: Any, save: Save, save_pixmap: Callable[[Any, str], None],
                  suffix: str) -> None:
    """file_menu (File open at Import…/Export…) and import (a GraphDef just imported)."""
    window = _window(app, GUIDE_SIZE)
    if not window.interop.import_path(GRAPHDEF):
        raise RuntimeError(f"guide_screenshots: cannot import {GRAPHDEF}")
    settle(app)
    window.canvas.groups.toggle("conv1")  # TF's scope opened as a double-click opens it
    window.canvas.select_names(["conv1/Conv2D"])
    _readable_from_the_left(window, 0.7)
    _ready(app)
    save(window, "import" + suffix)
    menu = window.menu_file
    bar = window.menuBar()
    corner = bar.actionGeometry(menu.menuAction()).bottomLeft()
    menu.popup(bar.mapToGlobal(corner))
    menu.setActiveAction(window.interop.action_export)
    _ready(app)
    save_pixmap(_with_menu(window, menu), "file_menu" + suffix)
    menu.hide()
    _close(app, window)

