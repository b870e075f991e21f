"""Training in the window: the Train menu (Start, Pause, Stop, Predict), the Train dock,
and what a training run changes around it.

Why its own installer (like ``app.run_actions``): training is a feature with a controller,
a dock and its own lock on editing; ``install_train`` wires all of it in one call.

What else it wires: placeholders bound to files feed ordinary Runs too (the run
controller's ``ask_feeds`` first takes the bound files, and asks only for the rest), and
when training ends every Variable's value is fetched from the session and shown like a
run's result (on its node, and in the Results dock as a table and heat map).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QStyle, QWidget

from app.add_training_dialog import AddTrainingDialog, build_minimize
from app.bind_dialog import choose_source
from app.fit_plot import curve, fit_inputs
from app.predict_dialog import PredictDialog, feed_values
from app.run_actions import EditLock, RunUi
from app.train_controller import TrainController
from app.train_dock import TrainDock
from app.train_results import format_seconds, show_results, summary
from app.train_setup import SECTION_KEY, read_paths, write_paths
from app.train_values import SECTION_KEY as VALUES_KEY
from app.train_values import prepare_variables, section_of, stored_values
from app.window_protocols import RunWindow
from editor.i18n import tr
from editor.training_command import add_built_ops
from editor.variable_panel import VariablePanel
from engine import (
    DataFileError,
    EngineError,
    History,
    Operation,
    StepRecord,
    TrainLoop,
    ValueParseError,
    load_feeds,
    variable_values,
)

#: how often the steps/s and time-left text changes (seconds)
RATE_EVERY_S = 0.25
#: the Train dock's height when it appears: at least this many pixels, or this share of the
#: window (its data table, settings and loss plot are unreadable in a 200-pixel strip)
TRAIN_DOCK_HEIGHT = (320, 0.42)
#: the op types whose values training changes and shows afterwards
VARIABLE_TYPES = ("VariableV2", "Variable", "VarHandleOp")



class TrainLock(EditLock):
    """The run lock without the inspector: during training nodes can be selected and
    their values inspected (edits are refused by the canvas)."""

    def _targets(self) -> list[QAction | QWidget]:
        panels = getattr(self.window, "panels", None)
        keep = {id(panels.inspector)} if panels is not None else set()
        return [t for t in super()._targets() if id(t) not in keep]


@dataclass
class TrainUi:
    controller: TrainController
    dock: TrainDock
    start: QAction
    pause: QAction
    stop: QAction
    predict: QAction
    add_training: QAction
    lock: TrainLock
    wiring: TrainWiring


class TrainWiring(QObject):
    """Connects the dock, the controller, the run controller and the window."""

    def __init__(self, window: RunWindow, run: RunUi, controller: TrainController,
                 dock: TrainDock, lock: TrainLock) -> None:
        assert isinstance(window, QMainWindow)
        super().__init__(window)
        self.window = window
        self.run = run
        self.controller = controller
        self.dock = dock
        self.lock = lock
        #: hooks tests replace: choosing a data file, and where to export
        self.choose_source = lambda name: choose_source(window, name, self._start_dir())
        self.ask_save_path = lambda title, suggested, filt: QFileDialog.getSaveFileName(
            window, title, suggested, filt)[0]
        self._ask_feeds = run.controller.ask_feeds
        run.controller.ask_feeds = self.ask_feeds
        #: placeholder → value, fed by the next run instead of the bindings (Predict)
        self.override: dict[str, Any] = {}
        #: the variable values the open file stored (given to the session before training)
        self.stored: dict[str, Any] = {}
        self.ask_training = lambda graph, loss: AddTrainingDialog(graph, loss, window).answer()
        self.ask_predict = lambda graph, output, bindings: PredictDialog(
            graph, output, bindings, window).answer()
        sections = run.controller.canvas.sections
        sections.set_provider(VALUES_KEY, lambda: section_of(run.controller.session))
        sections.changed.connect(self.sections_changed)
        run.controller.before_run = self.initialize_variables
        self.variable_panel: VariablePanel | None = None
        self._rate_shown = 0.0
        run.controller.resultsChanged.connect(self.refresh_variable_panel)

    def value_of(self, name: str) -> Any:
        """A variable's value in the run controller's session (None if it has none)."""
        session = self.run.controller.session
        return variable_values(session).get(name) if session is not None else None

    def variable_section(self, op: Operation) -> QWidget | None:
        """The inspector's Variable section, for a variable."""
        if op.type not in VARIABLE_TYPES:
            return None
        panel = VariablePanel(op, self.run.controller.canvas.set_attrs, self.value_of)
        self.variable_panel = panel
        return panel

    def refresh_variable_panel(self) -> None:
        panel = self.variable_panel
        if panel is not None and shiboken6.isValid(panel):
            panel.refresh_value()

    def initialize_variables(self, session: Any) -> None:
        """Before a Run: variables without a value take the stored one or run their
        initializer, as Start does (one that cannot is left for the run to report)."""
        try:
            prepare_variables(session, self.stored)
        except (EngineError, ValueError) as e:
            self.window.statusBar().showMessage(str(e), 8000)

    def sections_changed(self, key: str) -> None:
        if key in ("", SECTION_KEY):
            self.update_fit()
        if key in ("", VALUES_KEY):
            section = self.run.controller.canvas.sections.get(VALUES_KEY)
            self.stored, problem = stored_values(section)
            if problem:
                self.dock.show_problem(problem)

    def show_dock(self) -> None:
        """Show the Train dock (beside the Results dock, most of the bottom's width, and
        tall enough for its data table, settings and loss plot: TRAIN_DOCK_HEIGHT)."""
        if self.dock.isVisible():
            return
        self.dock.show()
        window = self.window
        assert isinstance(window, QMainWindow)
        if window.dockWidgetArea(self.dock) in (Qt.DockWidgetArea.BottomDockWidgetArea,
                                                Qt.DockWidgetArea.TopDockWidgetArea):
            # once the dock is laid out: a resize before that is undone by the layout
            QTimer.singleShot(0, lambda: self._make_tall(window))
        results = self.run.views.dock
        if results.isVisible() and window.dockWidgetArea(results) == window.dockWidgetArea(
                self.dock):
            window.resizeDocks([results, self.dock], [2, 3], Qt.Orientation.Horizontal)

    def _make_tall(self, window: QMainWindow) -> None:
        if self.dock.isVisible() and not self.dock.isFloating():
            height = max(TRAIN_DOCK_HEIGHT[0], int(window.height() * TRAIN_DOCK_HEIGHT[1]))
            window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)

    # --- add training ----------------------------------------------------------------------
    def loss_tensor(self) -> Any:
        """The selected node's output, else the Train dock's loss; None if neither."""
        graph = self.run.controller.canvas.graph
        selected = self.run.controller.canvas.selected_op_names()
        if len(selected) == 1:
            op = graph.get_operation_by_name(selected[0])
            return op.outputs[0] if op.outputs else None
        name = self.dock.setup().loss
        if name:
            try:
                return graph.as_graph_element(name if ":" in name else f"{name}:0")
            except (KeyError, ValueError, TypeError):
                return None
        return None

    def add_training(self) -> bool:
        """Ask for an optimizer and add ``minimize(loss)`` as one undo step; the dock's
        train op and loss are set in the same step. Returns whether it was added."""
        canvas = self.run.controller.canvas
        loss = self.loss_tensor()
        if loss is None:
            self.window.statusBar().showMessage(
                tr("Select the loss node first (a scalar), then Add Training…"), 8000)
            return False
        choice = self.ask_training(canvas.graph, loss.name)
        if choice is None:
            return False
        text = tr("Add Training ({optimizer})").format(optimizer=choice.optimizer)
        loss_name = loss.name.removesuffix(":0")
        try:
            add_built_ops(canvas, lambda _g: build_minimize(loss, choice), text,
                          then=lambda op: self.dock.set_names(train_op=op.name,
                                                              loss=loss_name))
        except (EngineError, ValueError, TypeError) as e:
            message = tr("Cannot add training: {error}").format(error=e)
            self.window.statusBar().showMessage(message, 10000)
            self.dock.show_problem(message)
            return False
        self.window.statusBar().showMessage(
            tr("Added {optimizer} training of {loss}: train op {op}").format(
                optimizer=choice.optimizer, loss=loss_name, op=self.dock.setup().train_op),
            8000)
        return True

    # --- predict -------------------------------------------------------------------------------
    def predict(self) -> bool:
        """Ask for an output and its inputs, and run it; the result shows in the Results
        dock. Returns whether the run started."""
        runs = self.run.controller
        graph = runs.canvas.graph
        selected = runs.canvas.selected_op_names()
        setup = self.dock.setup()
        ops = graph.get_operations()
        default = selected[0] if selected else (setup.predict or (ops[-1].name if ops else ""))
        answer = self.ask_predict(graph, default, setup.data)
        if answer is None:
            return False
        output, inputs = answer
        try:
            values = feed_values(graph, inputs)
            prepare_variables(runs.session_for_run(), self.stored)
        except (EngineError, ValueParseError, ValueError) as e:
            self.window.statusBar().showMessage(str(e), 10000)
            self.dock.show_problem(str(e))
            return False
        self.override = values
        try:
            return runs.run_ops([graph.get_operation_by_name(output)])
        finally:
            self.override = {}

    def _start_dir(self) -> str:
        path = getattr(self.window, "current_path", None)
        return str(path.parent) if path is not None else ""

    # --- feeds for ordinary runs ----------------------------------------------------------------
    def ask_feeds(self, requests: list[Any]) -> dict[str, Any] | None:
        """Bound placeholders take their file; the dialog asks only for the others."""
        setup = self.dock.setup()
        graph = self.run.controller.canvas.graph
        values: dict[str, Any] = {}
        rest = []
        bound = {}
        for request in requests:
            if request.name in self.override:
                values[request.name] = self.override[request.name]
            elif request.name in setup.data:
                bound[request.name] = setup.data[request.name]
            else:
                rest.append(request)
        try:
            feeds = load_feeds(graph, bound)
        except DataFileError as e:
            self.window.statusBar().showMessage(str(e), 10000)
            self.dock.show_problem(str(e))
            return None
        values.update({tensor.op.name: value for tensor, value in feeds.items()})
        if rest:
            asked = self._ask_feeds(rest)
            if asked is None:
                return None
            values.update(asked)
        return values

    # --- binding ------------------------------------------------------------------------------
    def bind_requested(self, name: str, validation: bool) -> None:
        try:
            source = self.choose_source(name)
        except DataFileError as e:
            self.dock.show_problem(str(e))
            return
        if source is not None:
            self.dock.bind(name, source, validation)
            self.run.controller.feed_memory.pop(name, None)

    # --- progress ------------------------------------------------------------------------------
    def progressed(self, records: list[StepRecord]) -> None:
        self.dock.plot.add_records(records)
        done = records[-1].step
        total = max(self.controller.total_steps(), done)
        self.dock.progress.setRange(0, total)
        self.dock.progress.setValue(done)
        elapsed = self.controller.elapsed()
        if elapsed - self._rate_shown < RATE_EVERY_S:
            return  # a text to read: a few times a second is enough
        self._rate_shown = elapsed
        rate = len(self.controller.records) / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        self.dock.rate_label.setText(tr("{rate} steps/s · {left} left").format(
            rate=f"{rate:,.1f}", left=format_seconds(left)))

    def running_changed(self, running: bool) -> None:
        self.lock.set_locked(running)
        self.dock.settings_group.setEnabled(not running)
        for button in (self.dock.bind_button, self.dock.bind_val_button,
                       self.dock.unbind_button):
            button.setEnabled(not running)
        if running:
            self._rate_shown = -RATE_EVERY_S
            self.dock.plot.clear_history()
            self.dock.progress.setValue(0)
            self.dock.progress.setFormat(tr("%v / %m steps"))
            self.dock.rate_label.setText(tr("starting…"))
            self.dock.show_problem("")
        self.update_enabled()

    def update_enabled(self) -> None:
        training = self.controller.running
        ui = self.window.train  # type: ignore[attr-defined]
        ui.start.setEnabled(not training and not self.run.controller.running)
        ui.pause.setEnabled(training)
        ui.stop.setEnabled(training)
        ui.predict.setEnabled(not training and not self.run.controller.running)
        ui.add_training.setEnabled(not training and not self.run.controller.running)
        if not training:
            ui.pause.setChecked(False)
        for action in (self.run.run, self.run.run_selected):
            action.setEnabled(not training and not self.run.controller.running)
        # another device is another session: not while training uses this one
        self.run.device_selector.setEnabled(not training and not self.run.controller.running)

    def ended(self, loop: TrainLoop | None, stopped: bool, error: str) -> None:
        if loop is not None and loop.session.graph is not self.run.controller.canvas.graph:
            self.dock.rate_label.setText(tr("Training of the previous document stopped"))
            return  # a new document replaced the one that trained
        message = summary(loop, stopped, error)
        self.window.statusBar().showMessage(message, 0)
        if error:
            self.dock.show_problem(error)
        self.dock.rate_label.setText(message)
        if loop is not None and loop.history.records:
            self.show_variables()
            self.update_fit(loop.session)

    def update_fit(self, session: Any = None) -> None:
        """Show the Fit tab when the setup fits one input to one target: the points, and
        the model's curve once ``session`` has trained values."""
        graph = self.run.controller.canvas.graph
        fit = fit_inputs(graph, self.dock.setup())
        self.dock.plots.setTabVisible(1, fit is not None)
        if fit is None:
            return
        self.dock.fit_plot.show_points(fit)
        if session is None:
            return
        try:
            self.dock.fit_plot.show_curve(*curve(session, fit))
        except Exception as e:  # noqa: BLE001 - a curve that cannot be computed is a message
            self.dock.show_problem(tr("Cannot draw the fit: {error}").format(error=e))

    def show_variables(self) -> None:
        """Fetch every Variable's value from the session and show it as a result."""
        runs = self.run.controller
        graph = runs.canvas.graph
        variables = [op for op in graph.get_operations() if op.type in VARIABLE_TYPES]
        if not variables:
            return
        session = runs.session_for_run()
        try:
            values = session.run([op.outputs[0] for op in variables])
        except Exception as e:  # noqa: BLE001 - shown, never lost
            self.window.statusBar().showMessage(
                tr("Cannot read the trained values: {error}").format(error=e), 10000)
            return
        show_results(self.run, variables, values, session.device)

    # --- export --------------------------------------------------------------------------------
    def export_png(self, path: str | None = None) -> bool:
        path = path or self.ask_save_path(tr("Export Loss Plot"), "loss.png",
                                          "PNG image (*.png)")
        if not path:
            return False
        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            self.dock.plot.export_png(path)
        except Exception as e:  # noqa: BLE001 - a failed export is a message
            self.dock.show_problem(tr("Could not export {path}: {e}").format(path=path, e=e))
            return False
        self.window.statusBar().showMessage(tr("Exported the plot to {file}").format(
            file=os.path.basename(path)), 6000)
        return True

    def export_csv(self, path: str | None = None) -> bool:
        path = path or self.ask_save_path(tr("Export Training History"), "history.csv",
                                          "CSV, comma-separated (*.csv)")
        if not path:
            return False
        history = History(list(self.controller.records))
        try:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(history.to_csv())
        except OSError as e:
            self.dock.show_problem(tr("Could not export {path}: {e}").format(path=path, e=e))
            return False
        self.window.statusBar().showMessage(tr("Exported {n} steps to {file}").format(
            n=len(history.records), file=os.path.basename(path)), 6000)
        return True


def _action(window: QWidget, text: str, name: str, tip: str,
            icon: QStyle.StandardPixmap) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.setStatusTip(tip)
    action.setIcon(window.style().standardIcon(icon))
    return action


def install_train(window: RunWindow, run: RunUi) -> TrainUi:
    """The Train menu, the Train dock and the training controller for ``window``."""
    assert isinstance(window, QMainWindow)
    canvas = window.canvas
    canvas.sections.set_rebase(SECTION_KEY, read_paths, write_paths)
    controller = TrainController(run.controller, window)
    dock = TrainDock(canvas, window)
    px = QStyle.StandardPixmap
    start = _action(window, tr("&Start Training"), "actionTrainStart",
                    tr("Train: run the train op over the bound data"), px.SP_MediaPlay)
    pause = _action(window, tr("&Pause Training"), "actionTrainPause",
                    tr("Pause between two steps; press again to go on"), px.SP_MediaPause)
    pause.setCheckable(True)
    stop = _action(window, tr("S&top Training"), "actionTrainStop",
                   tr("Stop after the step running now"), px.SP_MediaStop)
    predict = _action(window, tr("P&redict…"), "actionPredict",
                      tr("Run an output on data from a file or typed in"),
                      px.SP_FileDialogContentsView)
    add_training = _action(window, tr("Add &Training…"), "actionAddTraining",
                           tr("Add an optimizer's minimize of the selected loss: gradients "
                               "and train op"), px.SP_FileDialogNewFolder)
    lock = TrainLock(window)
    wiring = TrainWiring(window, run, controller, dock, lock)
    ui = TrainUi(controller, dock, start, pause, stop, predict, add_training, lock, wiring)
    add_training.triggered.connect(lambda _c=False: wiring.add_training())
    window.menu_run.addSeparator()
    window.menu_run.addAction(add_training)
    window.train = ui  # type: ignore[attr-defined]

    start.triggered.connect(lambda _c=False: controller.start(dock.setup(), wiring.stored))
    predict.triggered.connect(lambda _c=False: wiring.predict())
    pause.toggled.connect(controller.set_paused)
    stop.triggered.connect(lambda _c=False: controller.stop())
    dock.start_button.setDefaultAction(start)
    dock.pause_button.setDefaultAction(pause)
    dock.stop_button.setDefaultAction(stop)
    dock.bindRequested.connect(wiring.bind_requested)
    dock.export_png_button.clicked.connect(lambda: wiring.export_png())
    dock.export_csv_button.clicked.connect(lambda: wiring.export_csv())
    controller.progressed.connect(wiring.progressed)
    controller.runningChanged.connect(wiring.running_changed)
    controller.ended.connect(wiring.ended)
    controller.statusMessage.connect(lambda m: window.statusBar().showMessage(m, 6000))
    run.controller.runningChanged.connect(lambda _r: wiring.update_enabled())

    menu = window.menuBar().addMenu(tr("&Train"))
    menu.setObjectName("menuTrain")
    menu.addActions([start, pause, stop])
    menu.addSeparator()
    menu.addAction(predict)
    help_menu = getattr(window, "menu_help", None)
    if help_menu is not None:  # Train goes before Help
        window.menuBar().insertMenu(help_menu.menuAction(), menu)

    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    toggle = dock.toggleViewAction()
    toggle.setObjectName("actionShowTrain")
    toggle.setStatusTip(tr("Show or hide the Train dock"))
    window.menu_view.addAction(toggle)
    panels = getattr(window, "panels", None)
    if panels is not None:
        panels.inspector.extra_sections.append(wiring.variable_section)
    results = run.views.dock
    if window.dockWidgetArea(results) == Qt.DockWidgetArea.BottomDockWidgetArea:
        window.splitDockWidget(results, dock, Qt.Orientation.Horizontal)  # results beside it
    # hidden until there is something to train: a file with a setup, Add Training, Start
    dock.hide()
    canvas.sections.changed.connect(lambda key: wiring.show_dock() if key == SECTION_KEY
                                    and canvas.sections.get(SECTION_KEY) else None)
    start.triggered.connect(lambda _c=False: wiring.show_dock())
    add_training.triggered.connect(lambda _c=False: wiring.show_dock())
    wiring.update_enabled()
    return ui
