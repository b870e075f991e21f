"""Which node a run that uses an uninitialized variable reports, as TF's executor does.

An update such as ``AssignAdd`` fails on an uninitialized variable as a reader (``v/read``)
does, and the engine's plan runs updates before the reads it defers to their consumers. TF's
executor runs a variable's readers as soon as the variable has run (they wait on nothing
else), so where a run both reads and updates the variable TF names the reader. Which of
several uninitialized variables TF names is not fixed (its executor runs them on a thread
pool, and the first to fail wins), so the engine keeps its own order there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..framework.errors import FailedPreconditionError, OpError, execution_error

if TYPE_CHECKING:
    from .plan import Plan

_MESSAGE = "Attempting to use uninitialized value "


def is_uninitialized_use(detail: str) -> bool:
    return detail.startswith(_MESSAGE)


def reader_error(plan: Plan, detail: str) -> OpError | None:
    """The error on the reader of the variable ``detail`` names, when the run has one that
    is a node of the graph (None: it has none, or only the fetch of the reference)."""
    name = detail[len(_MESSAGE):]
    for var, reader in plan.readers.items():
        if var._name != name:
            continue
        node = next((c for c, _ in var.consumers() if c._name == reader), None)
        if node is not None:
            return execution_error(FailedPreconditionError, node, detail)
    return None
