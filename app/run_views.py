"""Where a run's outcome shows outside the canvas: the Results dock, the status bar and a
notice under the canvas when a run fails.

Why a notice and not a message box: a failed run is ordinary while editing (a shape not
fixed yet); a modal box would have to be dismissed every time. The notice names the
nodes, stays until the next run or its close button, and blocks nothing.

What the Results dock shows: the value of the single selected node when it has one; with
nothing selected, the first value the last run fetched (so Run alone shows something);
otherwise its empty state.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QToolButton

from app.results_dock import ResultsDock, empty_text
from app.run_controller import RunController
from app.run_format import run_summary
from app.window_protocols import RunViewsWindow
from editor.i18n import keep_translated, translate
from engine import RunMetadata

NOTICE_STYLE = (
    "QFrame#runNotice { background: #fdecea; border-top: 1px solid #e6a19c; }"
    "QLabel { color: #7d1f1a; }"
)


class RunNotice(QFrame):
    """A one-line, closable bar under the canvas saying why the last run failed."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("runNotice")
        self.setStyleSheet(NOTICE_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        self.label = QLabel()
        self.label.setObjectName("runNoticeText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setObjectName("runNoticeClose")
        close.setText("\u00d7")
        close.setAutoRaise(True)
        close.setToolTip(translate("RunViews", "Hide this notice"))
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


@dataclass
class RunViews:
    dock: ResultsDock
    notice: RunNotice
    summary: QLabel


def _results_dock(window: RunViewsWindow) -> ResultsDock:
    """The window's Results dock: the one already there, or a new one at the bottom with
    its View menu entry."""
    assert isinstance(window, QMainWindow)  # the dock's home (see app.window_protocols)
    existing = window.findChild(ResultsDock, "resultsDock")
    if existing is not None:
        return existing
    dock = ResultsDock(window)
    dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    toggle = dock.toggleViewAction()
    toggle.setObjectName("actionShowResults")
    keep_translated(window, lambda: toggle.setStatusTip(
        translate("RunViews", "Show or hide the results of the last run")))
    window.menu_view.addAction(toggle)
    window.resizeDocks([dock], [230], Qt.Orientation.Vertical)
    return dock


def _empty_text(selected: list[str]) -> str:
    """What the dock says when it has no value to show for this selection."""
    if len(selected) == 1:
        return translate("RunViews", "\u2018{name}\u2019 has no result yet \u2014 Run Selected "
                         "computes it").format(name=selected[0])
    if selected:
        return translate("RunViews", "{count} nodes selected \u2014 select one to see its "
                         "result").format(count=len(selected))
    return empty_text()


def install_run_views(window: RunViewsWindow, controller: RunController) -> RunViews:
    """Create the Results dock, the failure notice and the status bar's run summary, and
    keep them up to date with ``controller``'s runs and the canvas's selection."""
    assert isinstance(window, QMainWindow)  # for its status bar (see app.window_protocols)
    canvas = window.canvas
    dock = _results_dock(window)
    notice = RunNotice()
    window.canvas_layout.addWidget(notice)  # below the canvas, next to the results
    summary = QLabel()
    summary.setObjectName("runSummary")
    window.statusBar().insertPermanentWidget(0, summary)
    shown: list[object] = [None]  # (name, value id) in the dock, to skip redrawing it
    #: what the summary says: "running", "failed", "stopped", a run's metadata, or None
    said: list[object] = [None]

    def show_summary() -> None:
        what = said[0]
        if isinstance(what, RunMetadata):
            summary.setText(run_summary(what))
        else:
            summary.setText({
                "running": translate("RunViews", "Running\u2026"),
                "failed": translate("RunViews", "Run failed"),
                "stopped": translate("RunViews", "Run stopped"),
            }.get(str(what), ""))

    def say(what: object) -> None:
        said[0] = what
        show_summary()

    def show_in_dock() -> None:
        names = canvas.selected_op_names()
        if len(names) == 1:
            name = names[0]
        elif not names and controller.last_run_fetches:
            name = controller.last_run_fetches[0]  # Run alone shows its first output
        else:
            name = ""
        result = controller.result(name) if name else None
        if result is None:
            empty = getattr(dock, "empty_label", None)  # the dock's own text, when it has one
            if empty is not None:
                empty.setText(_empty_text(names))
            if shown[0] is not None:
                dock.clear()
                shown[0] = None
            return
        key = (name, id(result.value), result.info(name))
        if shown[0] == key:
            dock.set_stale(result.stale)
        else:
            dock.show_value(name, result.value, stale=result.stale, info=result.info(name))
            shown[0] = key

    def on_status(text: str) -> None:
        window.statusBar().showMessage(text, 15000)

    def on_started(_names: list[str]) -> None:
        notice.hide()
        say("running")

    def on_finished(metadata: RunMetadata) -> None:
        # in a permanent label: status messages vanish when a menu is hovered
        say(metadata)
        window.statusBar().clearMessage()

    def on_failed(message: str, _names: list[str]) -> None:
        notice.show_message(message)
        say("failed")

    def on_cancelled() -> None:
        say("stopped")

    controller.statusMessage.connect(on_status)
    controller.started.connect(on_started)
    controller.finished.connect(on_finished)
    controller.failed.connect(on_failed)
    controller.cancelled.connect(on_cancelled)
    controller.resultsChanged.connect(show_in_dock)
    canvas.selectionChanged.connect(show_in_dock)
    canvas.graphReplaced.connect(notice.hide)
    canvas.graphReplaced.connect(lambda: say(None))
    keep_translated(window, show_summary)
    keep_translated(window, show_in_dock)
    return RunViews(dock, notice, summary)
