"""What training leaves to read: the status bar's summary line, the time-left text, and
trained values shown as results (on their nodes and in the Results dock).

Why apart from the wiring: these are small pure formatting rules and one result-filing
step, used by the training wiring and tested on their own.
"""

from __future__ import annotations

from typing import Any

from app.run_actions import RunUi
from app.run_format import value_tooltip
from app.run_worker import RunResult
from editor.i18n import tr
from engine import Operation, TrainLoop, format_value


def format_seconds(seconds: float) -> str:
    """``m:ss``, or ``h:mm:ss`` from an hour on (the time left)."""
    seconds = int(round(seconds))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def summary(loop: TrainLoop | None, stopped: bool, error: str) -> str:
    """The status bar's line when training ends."""
    records = loop.history.records if loop is not None else []
    if error:
        ran = tr(" after {n} steps").format(n=len(records)) if records else ""
        return tr("Training failed{ran}: {error}").format(ran=ran, error=error)
    if not records:
        return tr("Training stopped before the first step")
    last = records[-1]
    parts = [tr("loss {v}").format(v=f"{last.loss:.6g}")]
    if last.metric is not None:
        parts.append(tr("metric {v}").format(v=f"{last.metric:.6g}"))
    val = next((r for r in reversed(records) if r.val_loss is not None), None)
    if val is not None:
        parts.append(tr("validation loss {v}").format(v=f"{val.val_loss:.6g}"))
        if val.val_metric is not None:
            parts.append(tr("validation metric {v}").format(v=f"{val.val_metric:.6g}"))
    head = (tr("Training stopped after {n} of {total} steps") if stopped
            else tr("Trained {n} steps")).format(n=last.step, total=loop.total_steps
                                                  if loop else 0)
    return f"{head} · " + " · ".join(parts)


def show_results(run: RunUi, ops: list[Operation], values: list[Any], device: str) -> None:
    """Show ``values`` as the results of ``ops`` (their nodes' previews, the Results dock)."""
    runs = run.controller
    canvas = runs.canvas
    for op, value in zip(ops, values):
        runs.results[op.name] = RunResult(value, None, device)
        runs.stale.discard(op.name)
        text = format_value(value, canvas.preview_chars(op.name))
        canvas.set_result_preview(op.name, text, False, value_tooltip(value))
    runs.last_run_fetches = [op.name for op in ops]
    runs.resultsChanged.emit()
