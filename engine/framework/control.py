"""Control dependencies: TF's ``^name`` inputs, an op that must run before another.

They come from imported GraphDefs (``tf.control_dependencies``, a frozen model's ``NoOp``).
A run that fetches an op also runs its control inputs first (``plan.prune``); they carry no
value, so inference and cache keys ignore them. Removing an op drops its control links.
"""

from __future__ import annotations

from .errors import CycleError, GraphEditError
from .graph import Graph
from .operation import Operation


def add_control_input(op: Operation, dep: Operation, *, checked: bool = False) -> None:
    """Make ``dep`` run before ``op``. Refused when ``dep`` already depends on ``op`` (a
    cycle) or they are in different graphs; ``checked`` skips the cycle walk (the importer
    adds links in a topological order)."""
    if op.graph is not dep.graph:
        raise GraphEditError(f"{dep.name!r} is not in the graph of {op.name!r}")
    if dep in op._control_inputs:
        return
    graph = op.graph
    if not checked and isinstance(graph, Graph) and graph._reaches(op, dep):
        raise CycleError(f"a control input {dep.name!r} of {op.name!r} would make a cycle")
    with op.graph.edit_lock:
        op._control_inputs.append(dep)
        dep._control_outputs.append(op)
        if isinstance(graph, Graph):  # a plan must see the new link
            graph._version += 1
            graph._structure_version += 1


def add_control_inputs(op: Operation, deps: list[Operation]) -> None:
    """``engine.add_control_inputs(op, [a, b])``: ``a`` and ``b`` run before ``op`` (what
    ``tf.control_dependencies`` gives an op built inside it)."""
    for dep in deps:
        add_control_input(op, dep)
