"""A training loop over arrays: batches, shuffling with a seed, epochs or steps, a
validation split and evaluation every N steps — one ``Session.run`` per step.

Why in the engine: the editor's Train dock runs it on a worker thread, and a script or the
command line can run the same loop headless; none of it needs Qt. It never decides when
to stop between two parts of a step: ``step()`` runs one whole training step (the train op
and the loss in one run, as TF's ``sess.run([train_op, loss])`` does, so the loss reported
is the one before the step's update), and a caller that pauses or stops does so between
steps, so the variables are never left half updated.

The data come as ``Column``s, one per fed tensor: an array whose first dimension is the
examples (a memory-mapped file works: a batch reads only its rows) and a function turning
a batch of rows into the fed value (the data-file layer checks and converts there). The
validation split takes the last ``fraction`` of the rows, before any shuffling, as Keras
does; a second set of columns can be given instead.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..framework.operation import Operation, Tensor
from .session import Session

Convert = Callable[[np.ndarray], np.ndarray]


@dataclass
class Column:
    """One fed tensor's data: rows along the first dimension, and how a batch is fed."""

    array: np.ndarray
    convert: Convert = np.asarray

    @property
    def rows(self) -> int:
        return int(self.array.shape[0]) if self.array.ndim else 1

    def take(self, index: np.ndarray | slice) -> np.ndarray:
        return self.convert(np.asarray(self.array[index]))


@dataclass
class TrainConfig:
    """The Train dock's settings. ``batch_size`` 0 feeds every row at once; ``steps``
    wins over ``epochs`` when both are given; ``eval_every`` 0 evaluates only at the end."""

    batch_size: int = 32
    shuffle: bool = True
    seed: int = 0
    epochs: int = 10
    steps: int | None = None
    eval_every: int = 10
    validation_fraction: float = 0.0

    def check(self) -> None:
        if self.batch_size < 0:
            raise ValueError(f"batch size must be 0 (all rows) or more, got {self.batch_size}")
        if self.steps is not None and self.steps < 1:
            raise ValueError(f"steps must be at least 1, got {self.steps}")
        if self.steps is None and self.epochs < 1:
            raise ValueError(f"epochs must be at least 1, got {self.epochs}")
        if not 0.0 <= self.validation_fraction < 1.0:
            raise ValueError("the validation fraction must be at least 0 and below 1, got "
                             f"{self.validation_fraction}")
        if self.eval_every < 0:
            raise ValueError(f"evaluate every must be 0 or more steps, got {self.eval_every}")


@dataclass
class StepRecord:
    """What one step measured; ``val_loss``/``val_metric`` are set on evaluation steps."""

    step: int
    epoch: int
    loss: float
    metric: float | None = None
    val_loss: float | None = None
    val_metric: float | None = None
    seconds: float = 0.0


@dataclass
class History:
    """Every step's record, in order; written as CSV by ``to_csv``."""

    records: list[StepRecord] = field(default_factory=list)

    def to_csv(self) -> str:
        lines = ["step,epoch,loss,metric,val_loss,val_metric,seconds"]
        for r in self.records:
            cells = [r.step, r.epoch, r.loss, r.metric, r.val_loss, r.val_metric, r.seconds]
            lines.append(",".join("" if c is None else repr(c) for c in cells))
        return "\n".join(lines) + "\n"


def split_rows(rows: int, fraction: float) -> tuple[slice, slice | None]:
    """(training rows, validation rows) for a validation split of ``fraction``: the last
    rows, at least one of each when the fraction is above 0."""
    if fraction <= 0 or rows < 2:
        return slice(0, rows), None
    val = min(rows - 1, max(1, int(round(rows * fraction))))
    return slice(0, rows - val), slice(rows - val, rows)


class TrainLoop:
    """Runs ``train_op`` (with ``loss`` and an optional ``metric`` fetched in the same run)
    over ``data`` in batches. ``step()`` runs one step; ``done`` says when the steps or
    epochs are used up. The session keeps the variables' values between steps."""

    def __init__(
        self, session: Session, train_op: Operation | Tensor, loss: Tensor,
        data: Mapping[Tensor, Column], config: TrainConfig, *,
        metric: Tensor | None = None, validation: Mapping[Tensor, Column] | None = None,
    ) -> None:
        config.check()
        if not data:
            raise ValueError("nothing to train on: no placeholder is bound to data")
        counts = {t.name: c.rows for t, c in data.items()}
        if len(set(counts.values())) != 1:
            sizes = ", ".join(f"{name} has {n}" for name, n in counts.items())
            raise ValueError(f"the data files have different numbers of rows: {sizes}")
        rows = next(iter(counts.values()))
        self.session = session
        self.config = config
        self.fetches: list[Operation | Tensor] = [train_op, loss] + (
            [metric] if metric is not None else [])
        self.eval_fetches: list[Tensor] = [loss] + ([metric] if metric is not None else [])
        train_rows, val_rows = split_rows(rows, config.validation_fraction)
        if validation is not None:
            self.val: dict[Tensor, Column] | None = dict(validation)
            val_rows = None
        elif val_rows is not None:
            self.val = {t: Column(c.array[val_rows], c.convert) for t, c in data.items()}
        else:
            self.val = None
        self.data = {t: Column(c.array[train_rows], c.convert) if val_rows is not None else c
                     for t, c in data.items()}
        self.rows = train_rows.stop - train_rows.start
        if self.rows < 1:
            raise ValueError("no rows left to train on")
        self.batch = config.batch_size if 0 < config.batch_size < self.rows else self.rows
        self.per_epoch = math.ceil(self.rows / self.batch)
        self.total_steps = config.steps if config.steps is not None else (
            config.epochs * self.per_epoch)
        self.history = History()
        self.steps_done = 0
        self._rng = np.random.default_rng(config.seed)
        self._order: np.ndarray | None = None

    @property
    def done(self) -> bool:
        return self.steps_done >= self.total_steps

    def _batch_index(self, step: int) -> np.ndarray | slice:
        epoch, within = divmod(step, self.per_epoch)
        start, stop = within * self.batch, min(self.rows, (within + 1) * self.batch)
        if not self.config.shuffle:
            return slice(start, stop)
        if within == 0 or self._order is None:
            self._order = self._rng.permutation(self.rows)
        return self._order[start:stop]

    def step(self) -> StepRecord:
        """Run one training step (and an evaluation when one is due)."""
        step = self.steps_done
        index = self._batch_index(step)
        feeds = {t: c.take(index) for t, c in self.data.items()}
        began = time.perf_counter()
        values = self.session.run(self.fetches, feed_dict=feeds)
        record = StepRecord(step + 1, step // self.per_epoch + 1, float(values[1]),
                            float(values[2]) if len(values) > 2 else None)
        self.steps_done = step + 1
        every = self.config.eval_every
        if self.val is not None and (self.done or (every and self.steps_done % every == 0)):
            record.val_loss, record.val_metric = self.evaluate(self.val)
        record.seconds = time.perf_counter() - began
        self.history.records.append(record)
        return record

    def evaluate(self, columns: Mapping[Tensor, Column]) -> tuple[float, float | None]:
        """The loss (and metric) over all of ``columns``, in batches, weighted by rows."""
        rows = next(iter(columns.values())).rows
        chunk = max(self.batch, 1)
        sums = [0.0] * len(self.eval_fetches)
        for start in range(0, rows, chunk):
            index = slice(start, min(rows, start + chunk))
            feeds = {t: c.take(index) for t, c in columns.items()}
            values = self.session.run(self.eval_fetches, feed_dict=feeds)
            n = index.stop - index.start
            sums = [s + float(v) * n for s, v in zip(sums, values)]
        means = [s / rows for s in sums]
        return means[0], (means[1] if len(means) > 1 else None)
