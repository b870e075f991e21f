"""Runs training off the GUI thread and reports its progress to the Train dock.

Why it shares the run controller's session: the variables' values live in the session, so
a Run, Predict or the next training after this one must see what training left there.
While training, the run controller is held (``held_by``): no Run starts on the session the
training thread is using. The canvas is read-only, as during a run, but stays interactive
so that nodes can be selected and their values inspected (``editor.inspect_mode``).

Why records are drained on a timer (``DRAIN_MS``): a step can take 0.1 ms; one queued
signal per step would flood the GUI thread and, through the GIL, slow the training. A few
times a second the dock gets every new record at once, and the plot redraws once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from app.run_controller import RunController
from app.train_setup import TrainSetup
from app.train_values import TrainedValues, prepare_variables
from app.train_worker import TrainJob, TrainWorker
from app.worker_threads import WorkerThreads
from editor.i18n import tr
from editor.inspect_mode import set_inspect_only
from engine import (
    DataFileError,
    Graph,
    Operation,
    Session,
    StepRecord,
    TrainLoop,
    load_columns,
    variable_values,
)

#: how often the GUI picks up the records the training thread queued: 11 updates a second,
#: above the 10 the plot must show, each costing the training thread the GIL for a few ms
DRAIN_MS = 90



def _element(graph: Graph, name: str, what: str, op_ok: bool = False) -> Any:
    """The tensor (or with ``op_ok`` the op) ``name`` names; ``loss`` means ``loss:0``."""
    if not name:
        raise ValueError(tr("Choose the {what} first").format(what=what))
    try:
        return graph.as_graph_element(name if ":" in name or op_ok else f"{name}:0")
    except (KeyError, ValueError, TypeError) as e:
        raise ValueError(tr("The {what} '{name}' is not in the graph ({error})").format(
            what=what, name=name, error=e)) from None


def build_loop(session_for: Callable[[], Session], graph: Graph, setup: TrainSetup,
               job: TrainJob, stored: dict[str, np.ndarray]) -> TrainLoop:
    """The loop ``setup`` describes, its data read and checked, the variables given their
    stored or initial values (on the training thread)."""
    train_op = _element(graph, setup.train_op, tr("train op"), op_ok=True)
    loss = _element(graph, setup.loss, tr("loss"))
    metric = _element(graph, setup.metric, tr("metric")) if setup.metric else None
    batch = setup.config.batch_size
    data = load_columns(graph, setup.data, batch_size=batch)
    validation = (load_columns(graph, setup.validation, batch_size=batch)
                  if setup.validation else None)
    missing = [p for p in _placeholders_needed(graph, [train_op, loss])
               if p not in setup.data]
    if missing:
        raise DataFileError(tr("Bind placeholder '{name}' to a data file first: training "
                                "needs it").format(name=missing[0]))
    session = session_for()
    prepare_variables(session, stored)
    job.before = variable_values(session)
    return TrainLoop(session, train_op, loss, data, setup.config,
                     metric=metric, validation=validation)


def _placeholders_needed(graph: Graph, fetches: list[Any]) -> list[str]:
    ops = [f if isinstance(f, Operation) else f.op for f in fetches]
    return [op.name for op in graph.upstream(ops)
            if op.type == "Placeholder" and op.get_attr("default_value") is None]


class TrainController(QObject):
    """Starts, pauses, resumes and stops training ``canvas.graph`` with a setup."""

    #: new records since the last drain (a list of StepRecord)
    progressed = Signal(list)
    runningChanged = Signal(bool)
    pausedChanged = Signal(bool)
    #: the loop (None when it was never built), whether Stop ended it, error text or ""
    ended = Signal(object, bool, str)
    statusMessage = Signal(str)

    def __init__(self, runs: RunController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runs = runs
        self.canvas = runs.canvas
        self.job: TrainJob | None = None
        self.records: list[StepRecord] = []
        self.started_at = 0.0
        self._paused_for = 0.0
        self._paused_at: float | None = None
        self._threads = WorkerThreads(self)
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self.drain)
        self.canvas.graphReplaced.connect(self.stop)

    @property
    def running(self) -> bool:
        return self.job is not None

    @property
    def paused(self) -> bool:
        return self.job is not None and self.job.pause.is_set()

    def start(self, setup: TrainSetup, stored: dict[str, np.ndarray] | None = None) -> bool:
        """Start training on a worker thread; returns whether it started."""
        if self.job is not None or self.runs.running:
            self.statusMessage.emit(tr("Wait for the run to end before training"))
            return False
        graph = self.canvas.graph
        session_for = self.runs.session_for_run
        job = TrainJob(lambda: build_loop(session_for, graph, setup, job, stored or {}))
        self.job = job
        self.records = []
        self.started_at = time.perf_counter()
        self._paused_for, self._paused_at = 0.0, None
        self.runs.held_by = tr("training")
        set_inspect_only(self.canvas, True)
        worker = TrainWorker(job)
        worker.finished.connect(self._on_finished)
        worker.errored.connect(self._on_errored)
        self._threads.start("trainThread", worker)
        self._timer.start()
        self.runningChanged.emit(True)
        return True

    def set_paused(self, paused: bool) -> None:
        job = self.job
        if job is None or paused == job.pause.is_set():
            return
        if paused:
            job.pause.set()
            self._paused_at = time.perf_counter()
        else:
            if self._paused_at is not None:
                self._paused_for += time.perf_counter() - self._paused_at
            self._paused_at = None
            job.pause.clear()
        self.pausedChanged.emit(paused)

    def stop(self) -> None:
        """Stop after the step running now (within one step)."""
        if self.job is not None:
            self.job.cancel.set()

    def shutdown(self) -> None:
        """Stop and wait for the thread (the window is closing)."""
        self.stop()
        self._threads.join_all()

    def elapsed(self) -> float:
        """Seconds spent training, pauses left out."""
        now = time.perf_counter()
        paused = self._paused_for + (now - self._paused_at if self._paused_at else 0.0)
        return max(0.0, now - self.started_at - paused)

    def total_steps(self) -> int:
        return self.job.total_steps if self.job is not None else 0

    def drain(self) -> None:
        job = self.job
        if job is None:
            return
        new: list[StepRecord] = []
        while job.records:
            new.append(job.records.popleft())
        if new:
            self.records.extend(new)
            self.progressed.emit(new)

    def _end(self, job: TrainJob) -> bool:
        if job is not self.job:
            return False
        self.drain()
        self._timer.stop()
        self.job = None
        self.runs.held_by = ""
        set_inspect_only(self.canvas, False)
        self.runningChanged.emit(False)
        return True

    def _on_finished(self, job: TrainJob, loop: TrainLoop, stopped: bool) -> None:
        if self._end(job):
            self._keep_values(job, loop)
            self.ended.emit(loop, stopped, "")

    def _keep_values(self, job: TrainJob, loop: TrainLoop | None) -> None:
        """One undo step holding the values before and after the steps that ran."""
        if loop is None or not loop.history.records or loop.session.graph is not self.canvas.graph:
            return  # nothing ran, or another document replaced this one meanwhile
        after = variable_values(loop.session)
        if after:
            text = tr("Train {n} Steps").format(n=len(loop.history.records))
            self.canvas.undo_stack.push(TrainedValues(loop.session, job.before, after, text))

    def _on_errored(self, job: TrainJob, loop: TrainLoop | None, error: BaseException) -> None:
        if self._end(job):
            self._keep_values(job, loop)
            self.ended.emit(loop, False, str(error) or type(error).__name__)
