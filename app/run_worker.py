"""One run on its own thread: what it needs (``RunJob``), what runs it (``RunWorker``) and
what it leaves per node (``RunResult``).

Why apart from the controller: this is the only code that runs off the GUI thread, so
what it may touch is easy to see. It reads only its job (snapshotted on the GUI thread
before the run starts), reports each op's state through ``job.events`` and the outcome
through queued signals, and never touches a widget.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from app.run_format import value_info
from app.worker_threads import yield_to_gui
from engine import Graph, Operation, OpStats, RunMetadata, Session, Tensor

#: the engine's on_op states as the canvas names them
_STATES = {"started": "running", "done": "done", "cached": "cached"}


class _Cancelled(Exception):
    """Raised by the on_op callback when Stop was pressed: the engine cancels the run
    between ops and lets it propagate unchanged."""


@dataclass
class RunResult:
    """A fetched node's last value and how it was computed."""

    value: Any
    stats: OpStats | None
    device: str
    stale: bool = False

    def info(self, name: str) -> str:
        return value_info(name, self.stats, self.device)


@dataclass(eq=False)
class RunJob:
    """What one run needs, snapshotted on the GUI thread before it starts."""

    session: Session
    graph: Graph
    graph_version: int
    fetch_names: list[str]
    fetches: list[Tensor | Operation]
    feeds: dict[Tensor, np.ndarray]
    ops: list[str]  # every op the fetches depend on
    requested: list[str]  # the ops asked for (fetches also holds earlier results on the way)
    #: what their nodes showed before the run: (state, text, tooltip)
    before: dict[str, tuple[str | None, str, str]] = field(default_factory=dict)
    cancel: threading.Event = field(default_factory=threading.Event)
    #: (op name, state, seconds) from the worker, drained by the GUI thread (deque's append
    #: and popleft are thread-safe): one queued signal per op would cost more than many ops
    events: deque[tuple[str, str, float]] = field(default_factory=deque)


class RunWorker(QObject):
    """Lives on the run's thread; runs the session and reports its outcome through
    signals (and each op's state through ``job.events``)."""

    succeeded = Signal(object, object, object)  # job, values, RunMetadata
    errored = Signal(object, object)  # job, exception
    stopped = Signal(object)  # job
    done = Signal()

    def __init__(self, job: RunJob) -> None:
        super().__init__()
        self.job = job

    def _on_op(self, state: str, op: Operation, seconds: float) -> None:
        if self.job.cancel.is_set():
            raise _Cancelled
        self.job.events.append((op.name, _STATES.get(state, state), seconds))
        yield_to_gui()

    @Slot()
    def run(self) -> None:
        job = self.job
        metadata = RunMetadata()
        try:
            if job.cancel.is_set():
                raise _Cancelled
            values = job.session.run(
                job.fetches, feed_dict=job.feeds, run_metadata=metadata, on_op=self._on_op
            )
        except _Cancelled:
            self.stopped.emit(job)
        except Exception as e:  # noqa: BLE001 - every failure is reported, none is lost
            self.errored.emit(job, e)
        else:
            self.succeeded.emit(job, values, metadata)
        finally:
            self.done.emit()
