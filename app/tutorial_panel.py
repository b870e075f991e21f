"""Help → Tutorial: a side panel that walks through the lesson in steps (app.tutorial_steps).

Why a dock and not a dialog: the learner works on the canvas while reading; the panel
stays beside it and says, after each edit, selection or run, whether the step is done.

Why "Show me" opens the step's example through ``open_path``: the examples open as
untitled copies (app.examples), so the lesson's files are never changed, and the usual
question about unsaved changes comes first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.examples import EXAMPLES_DIR
from app.run_actions import RunUi
from app.tutorial_steps import Snapshot, Step, Verdict, available_steps
from editor.canvas import Canvas
from editor.i18n import Retranslator, is_language_change, translate, translates_itself


class TutorialWindow(Protocol):
    """What the tutorial uses of the main window."""

    canvas: Canvas
    run: RunUi
    menu_help: QMenu
    texts: Retranslator

    def open_path(self, path: str | Path) -> bool: ...


class TutorialPanel(QWidget):
    """The steps' list, the current step's text, "Show me" and the check's verdict."""

    def __init__(self, window: TutorialWindow, examples: Path = EXAMPLES_DIR,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tutorialPanel")
        translates_itself(self)
        self.window = window
        self.examples = examples
        self.steps: list[Step] = available_steps(examples)
        self.verdicts: dict[str, Verdict] = {}
        #: the steps done at some point: their tick stays when the learner moves on
        self.completed: set[str] = set()

        self.step_list = QListWidget(self)
        self.step_list.setObjectName("tutorialSteps")
        for step in self.steps:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, step.key)
            self.step_list.addItem(item)
        self.text = QTextBrowser(self)
        self.text.setObjectName("tutorialText")
        self.text.setOpenExternalLinks(False)
        self.text.setMinimumHeight(140)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("tutorialVerdict")
        self.verdict.setWordWrap(True)
        self.previous = QPushButton(self)
        self.previous.setObjectName("tutorialPrevious")
        self.show_me = QPushButton(self)
        self.show_me.setObjectName("tutorialShowMe")
        self.next = QPushButton(self)
        self.next.setObjectName("tutorialNext")
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous)
        buttons.addStretch(1)
        buttons.addWidget(self.show_me)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_list)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.verdict)
        layout.addLayout(buttons)

        self.step_list.currentRowChanged.connect(lambda _row: self._show_step())
        self.previous.clicked.connect(lambda: self.go(self.current_row() - 1))
        self.next.clicked.connect(lambda: self.go(self.current_row() + 1))
        self.show_me.clicked.connect(self.show_me_now)

        # checks run once the event loop is back: an edit, a selection, a run finishing
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(0)
        self._check_timer.timeout.connect(self.check)
        canvas = window.canvas
        for signal in (canvas.selectionChanged, canvas.graphReplaced, canvas.opChanged,
                       canvas.showTensorNamesChanged, canvas.adapter.opAdded,
                       canvas.adapter.opRemoved, canvas.adapter.opRenamed,
                       window.run.controller.finished, window.run.controller.failed):
            signal.connect(lambda *_: self._check_timer.start())
        train = getattr(window, "train", None)
        ended = getattr(getattr(train, "controller", None), "ended", None)
        if ended is not None:  # training's end: the training step checks again
            ended.connect(lambda *_: self._check_timer.start())
        self.retranslate_ui()
        self.go(0)

    # -- steps ----------------------------------------------------------------------------

    def current_row(self) -> int:
        return self.step_list.currentRow()

    def current_step(self) -> Step:
        return self.steps[max(0, self.current_row())]

    def go(self, row: int) -> None:
        if 0 <= row < len(self.steps):
            self.step_list.setCurrentRow(row)

    def _show_step(self) -> None:
        step = self.current_step()
        row = self.current_row()
        self.text.setHtml(
            f"<h3>{translate('Tutorial', step.title)}</h3>{translate('Tutorial', step.text)}"
        )
        self.previous.setEnabled(row > 0)
        self.next.setEnabled(row < len(self.steps) - 1)
        self.check()

    # -- checks ---------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        canvas = self.window.canvas
        controller = self.window.run.controller
        finished = controller.last_outcome == "finished"
        return Snapshot(
            graph=canvas.graph,
            selected=tuple(canvas.selected_op_names()),
            show_tensor_names=canvas.show_tensor_names,
            fetched=tuple(controller.last_run_fetches) if finished else (),
            ran=tuple(controller.last_run_ops) if finished else (),
            fed=tuple(controller.last_run_fed) if finished else (),
            trained_steps=self._trained_steps(),
        )

    def _trained_steps(self) -> int:
        """The steps the Train dock's controller has run, where the window trains."""
        train = getattr(self.window, "train", None)
        records = getattr(getattr(train, "controller", None), "records", None)
        return len(records) if isinstance(records, list) else 0

    def check(self) -> None:
        """Run every step's check on what is on screen now; show the current one's."""
        snapshot = self.snapshot()
        for step in self.steps:
            self.verdicts[step.key] = step.check(snapshot)
            if self.verdicts[step.key].done:
                self.completed.add(step.key)
        verdict = self.verdicts[self.current_step().key]
        mark = "✔ " if verdict.done else "➜ "
        self.verdict.setText(mark + verdict.message)
        self.verdict.setProperty("done", verdict.done)
        color = "#1b7f3a" if verdict.done else self.palette().text().color().name()
        self.verdict.setStyleSheet(f"color: {color};")
        self._update_titles()

    def _update_titles(self) -> None:
        for row, step in enumerate(self.steps):
            item = self.step_list.item(row)
            done = "✔ " if step.key in self.completed else "    "
            item.setText(done + translate("Tutorial", step.title))
        rows = sum(self.step_list.sizeHintForRow(r) for r in range(self.step_list.count()))
        self.step_list.setFixedHeight(rows + 2 * self.step_list.frameWidth() + 4)

    # -- show me --------------------------------------------------------------------------

    def show_me_now(self) -> None:
        """Open the step's example (an untitled copy) and do what the step asks on it."""
        step = self.current_step()
        if not self.window.open_path(self.examples / step.example):
            return  # cancelled at the unsaved-changes question, or the file failed
        canvas = self.window.canvas
        for move in step.demo:
            if move == "names":
                canvas.set_show_tensor_names(True)
            elif move.startswith("select:"):
                canvas.select_names([move.removeprefix("select:")])
            elif move == "run-selected":
                self.window.run.controller.run_selected()
            elif move.startswith("action:"):  # a window action, by its object name
                assert isinstance(self.window, QWidget)
                action = self.window.findChild(QAction, move.removeprefix("action:"))
                if action is not None and action.isEnabled():
                    action.trigger()
        self.check()

    # -- language -------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.previous.setText(translate("Tutorial", "◀ Previous"))
        self.show_me.setText(translate("Tutorial", "Show me"))
        self.show_me.setToolTip(translate(
            "Tutorial", "Open this step's example as an untitled copy and do the step on it"))
        self.next.setText(translate("Tutorial", "Next ▶"))
        if self.steps:
            self._show_step()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)


class Tutorial:
    """Help → Tutorial (``actionTutorial``) and the Tutorial dock it shows, made on first
    use (on the right) so a window that never opens the lesson does not build it."""

    def __init__(self, window: TutorialWindow) -> None:
        assert isinstance(window, QMainWindow)  # the dock's home
        self.window = window
        self.dock: QDockWidget | None = None
        self.action = QAction(window)
        self.action.setObjectName("actionTutorial")
        window.texts.keep(lambda: (
            self.action.setText(translate("Tutorial", "&Tutorial")),
            self.action.setStatusTip(translate(
                "Tutorial", "Learn graphs and sessions step by step, on the canvas")),
        ))
        self.action.triggered.connect(lambda _=False: self.show())
        actions = window.menu_help.actions()
        window.menu_help.insertAction(actions[0] if actions else None, self.action)

    def _place(self, dock: QDockWidget) -> None:
        """Share the right side with the inspector (the lesson reads it), taking the undo
        history's place as a tab beside it."""
        window = self.window
        assert isinstance(window, QMainWindow)
        undo = window.findChild(QDockWidget, "undoHistoryDock")
        inspector = window.findChild(QDockWidget, "inspectorDock")
        if isinstance(undo, QDockWidget) and undo.isVisible():
            window.tabifyDockWidget(undo, dock)
        # while the lesson is open the right-hand column goes down to the bottom (beside
        # the results): the lesson and the inspector get the window's height
        corner = Qt.Corner.BottomRightCorner
        usual = window.corner(corner)

        def lesson_shown(shown: bool) -> None:
            window.setCorner(corner, Qt.DockWidgetArea.RightDockWidgetArea if shown else usual)

        dock.toggleViewAction().toggled.connect(lesson_shown)
        lesson_shown(True)

        def make_room() -> None:  # once the dock is laid out
            if isinstance(inspector, QDockWidget):
                window.resizeDocks([inspector, dock], [260, 440], Qt.Orientation.Vertical)

        QTimer.singleShot(0, make_room)

    @property
    def panel(self) -> TutorialPanel | None:
        widget = self.dock.widget() if self.dock is not None else None
        return widget if isinstance(widget, TutorialPanel) else None

    def show(self) -> TutorialPanel:
        window = self.window
        assert isinstance(window, QMainWindow)
        if self.dock is None:
            dock = QDockWidget(window)
            dock.setObjectName("tutorialDock")
            window.texts.keep(lambda: dock.setWindowTitle(translate("Tutorial", "Tutorial")))
            dock.setWidget(TutorialPanel(self.window, parent=dock))
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self._place(dock)
            self.dock = dock
        self.dock.show()
        self.dock.raise_()
        panel = self.panel
        assert panel is not None
        return panel
