"""Control dependencies: TF's ``^name`` inputs, an op that must run before another.

They come from imported GraphDefs (``tf.control_dependencies``, a frozen model's ``NoOp``).
A run that fetches an op also runs its control inputs first (``plan.prune``); they carry no
value, so inference and cache keys ignore them. The graph keeps each edge both ways
(``_control_inputs``, ``_control_outputs``); removing an op drops its edges.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol

from .errors import CycleError
from .operation import Operation, reaches


class ControlGraph(Protocol):
    """What adding an edge needs of the graph (``graph.Graph``)."""

    _version: int
    _structure_version: int

    @property
    def edit_lock(self) -> AbstractContextManager[Any]: ...


def add_control_input(graph: ControlGraph, op: Operation, control: Operation) -> bool:
    """Make ``control`` run before ``op``; False when it already does. An edge that would
    make a cycle (``op`` already runs before ``control``) is refused."""
    if control is op or reaches(op, control):
        raise CycleError(f"making {control.name!r} a control input of {op.name!r} would make "
                         f"a cycle: {op.name!r} already runs before {control.name!r}")
    if control in op._control_inputs:
        return False
    with graph.edit_lock:
        op._control_inputs.append(control)
        control._control_outputs.append(op)
        graph._version += 1  # a plan must see the new edge
        graph._structure_version += 1
    return True
