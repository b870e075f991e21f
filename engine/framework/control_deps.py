"""Control dependencies: TF1's ``^name`` inputs, which order ops without passing a value.

``Graph.control_dependencies(ops)`` opens a block in which every new op must run after
``ops`` (how ``group``, the optimizers' update ops and initializers are built). As in TF, an op
whose data inputs were themselves made inside the same block does not get the control inputs
again (its inputs already carry them), and ``control_dependencies(None)`` clears the
enclosing blocks. The editing functions add and remove one control edge, refusing a cycle;
the graph keeps the edges both ways (``_control_inputs``, ``_control_outputs``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from .errors import CycleError, GraphEditError
from .operation import Operation, Tensor


class _Controller:
    """One ``control_dependencies`` block: its ops, and the ops made inside it."""

    __slots__ = ("ops", "seen")

    def __init__(self, ops: list[Operation]) -> None:
        self.ops = ops
        self.seen: set[Operation] = set()


class ControlGraph(Protocol):
    """What these functions need of the graph (``graph.Graph``)."""

    _control_stack: list[_Controller]

    def as_graph_element(self, obj: Any, allow_tensor: bool = True,
                         allow_operation: bool = True) -> Tensor | Operation: ...


def as_control_input(graph: ControlGraph, c: Any) -> Operation:
    """An Operation, a Tensor (its op), a Variable (its op) or a name, as TF accepts it."""
    element = getattr(c, "_as_graph_element", None)
    if element is not None:
        c = element()
    found = graph.as_graph_element(c)  # anything else: TF's "Can not convert a float ..."
    return found.op if isinstance(found, Tensor) else found


class ControlDependencies:
    """The context of ``Graph.control_dependencies``."""

    def __init__(self, graph: ControlGraph, control_inputs: Iterable[Any] | None) -> None:
        self._graph = graph
        self._clear = control_inputs is None
        ops: list[Operation] = []
        for c in control_inputs or ():
            op = as_control_input(graph, c)
            if op not in ops:
                ops.append(op)
        self._controller = _Controller(ops)
        self._saved: list[_Controller] | None = None

    def __enter__(self) -> None:
        if self._clear:
            self._saved = self._graph._control_stack
            self._graph._control_stack = []
        else:
            self._graph._control_stack.append(self._controller)

    def __exit__(self, *exc: Any) -> None:
        if self._saved is not None:
            self._graph._control_stack = self._saved
            self._saved = None
        elif self._graph._control_stack and self._graph._control_stack[-1] is self._controller:
            self._graph._control_stack.pop()


def control_inputs_for(stack: list[_Controller], input_ops: list[Operation]) -> list[Operation]:
    """The control inputs a new op with these data inputs' ops gets (TF's
    ``_control_dependencies_for_inputs``)."""
    out: list[Operation] = []
    for controller in stack:
        if any(op in controller.seen for op in input_ops):
            continue  # an input was made in this block: it carries the dependency already
        out.extend(c for c in controller.ops if c not in input_ops and c not in out)
    return out


def note_created(stack: list[_Controller], op: Operation) -> None:
    for controller in stack:
        controller.seen.add(op)


def link(op: Operation, control: Operation, index: int | None = None) -> None:
    """Record the edge ``^control`` → ``op`` both ways (the graph holds its edit lock)."""
    inputs = list(op._control_inputs)  # an op's first edge turns its empty tuple into a list
    inputs.insert(len(inputs) if index is None else index, control)
    op._control_inputs = inputs
    add_control_output(control, op)


def add_control_output(control: Operation, op: Operation) -> None:
    """``op`` names ``control`` as a control input: noted on ``control``."""
    if control._control_outputs:
        control._control_outputs.append(op)
    else:
        control._control_outputs = [op]


def unlink(op: Operation, control: Operation) -> None:
    op._control_inputs.remove(control)  # type: ignore[union-attr]  # it holds control
    control._control_outputs.remove(op)  # type: ignore[union-attr]


def reaches(start: Operation, target: Operation) -> bool:
    """Whether ``target`` is ``start`` or downstream of it (data or control edges): the
    graph's cycle check for a new data link or control edge."""
    stack, seen = [start], set()
    while stack:
        op = stack.pop()
        if op is target:
            return True
        if op in seen:
            continue
        seen.add(op)
        stack.extend(c for c, _ in op.consumers())
        stack.extend(op._control_outputs)
    return False


def check_new_edge(op: Operation, control: Operation) -> bool:
    """Whether ``^control`` → ``op`` is new; a cycle or a self-edge is refused."""
    if control is op or reaches(op, control):
        raise CycleError(
            f"making {control._name!r} a control input of {op._name!r} would make a cycle: "
            f"{op._name!r} already runs before {control._name!r}"
        )
    return control not in op._control_inputs


def check_edge(op: Operation, control: Operation) -> None:
    if control not in op._control_inputs:
        raise GraphEditError(f"{control._name!r} is not a control input of {op._name!r}")
