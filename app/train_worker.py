"""Training on its own thread: what it needs (``TrainJob``) and what runs it
(``TrainWorker``).

Why like ``app.run_worker``: this is the only training code off the GUI thread. It builds
the loop (reading the data files, which can take a while) and runs its steps; Pause and
Stop are events it checks between two steps, so a step is never cut in half and Stop takes
effect within one step. Each step's record goes into ``job.records`` (a deque: append and
popleft are thread-safe); the GUI picks them up on a timer, a few times a second, so a fast
loop is never slowed by one queued signal per step.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from app.worker_threads import yield_to_gui
from engine import StepRecord, TrainLoop


@dataclass(eq=False)
class TrainJob:
    """One training run, snapshotted on the GUI thread before it starts."""

    build: Callable[[], TrainLoop]
    cancel: threading.Event = field(default_factory=threading.Event)
    #: set while paused; the worker waits between steps
    pause: threading.Event = field(default_factory=threading.Event)
    records: deque[StepRecord] = field(default_factory=deque)
    loop: TrainLoop | None = None
    #: the steps this job will run (known once the loop is built)
    total_steps: int = 0
    #: the variables' values when the first step began
    before: dict[str, np.ndarray] = field(default_factory=dict)


class TrainWorker(QObject):
    """Lives on the training thread; runs the job's steps until done, stopped or failed."""

    #: job, loop (None when building it failed), exception
    errored = Signal(object, object, object)
    #: job, loop, whether Stop ended it
    finished = Signal(object, object, bool)
    done = Signal()

    def __init__(self, job: TrainJob) -> None:
        super().__init__()
        self.job = job

    @Slot()
    def run(self) -> None:
        job = self.job
        loop: TrainLoop | None = None
        try:
            loop = job.build()
            job.loop = loop
            job.total_steps = loop.total_steps
            while not loop.done and not job.cancel.is_set():
                while job.pause.is_set() and not job.cancel.is_set():
                    job.cancel.wait(0.02)
                if job.cancel.is_set():
                    break
                job.records.append(loop.step())
                yield_to_gui()
        except Exception as e:  # noqa: BLE001 - every failure is reported, none is lost
            self.errored.emit(job, loop, e)
        else:
            self.finished.emit(job, loop, job.cancel.is_set() and not loop.done)
        finally:
            self.done.emit()
