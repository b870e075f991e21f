"""Which variables of a graph a script may rebuild as ``Variable(initial_value, name=...)``.

``tf.compat.v1.Variable`` (and ``engine.Variable``, which builds the same ops) makes three
ops in a row: the ``VariableV2`` named ``NAME``, its initializer ``NAME/Assign`` and its
snapshot ``NAME/read``, converting a Python or numpy initial value into a Const
``NAME/initial_value`` just before them. A graph that has exactly these ops, in this order,
with nothing else hung on them, is what the builder made, and one ``Variable`` line rebuilds
it identically; any other variable is written op by op (``raw_ops.VariableV2``, ``Assign``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.graph import Graph
from ..framework.operation import Operation, Tensor


@dataclass
class VariableOps:
    """The ops one ``Variable(...)`` call makes, and how it is called."""

    var: Operation
    assign: Operation
    read: Operation
    #: the Const ``NAME/initial_value`` the call makes from a literal; None: the initial
    #: value is a tensor the script made before (``initial_value`` is then passed as is)
    literal: Operation | None
    initial_value: Tensor
    trainable: bool

    def ops(self) -> list[Operation]:
        return [op for op in (self.literal, self.var, self.assign, self.read) if op is not None]


def _trainable(graph: Graph, var: Operation) -> bool:
    """A graph built here knows (its collections); one read from a file says nothing, and a
    Variable is trainable by default."""
    collections = getattr(graph, "collections", {})
    if not collections.get("variables"):
        return True
    return any(getattr(v, "op", None) is var for v in collections.get("trainable_variables", ()))


def _group(graph: Graph, ops: list[Operation], at: int) -> VariableOps | None:
    var = ops[at]
    name = var.name
    assign, read = (ops[at + 1], ops[at + 2]) if at + 2 < len(ops) else (None, None)
    if assign is None or read is None:
        return None
    ref = var.outputs[0]
    if (assign.name, assign.type, read.name, read.type) != (
            name + "/Assign", "Assign", name + "/read", "Identity"):
        return None
    if assign.inputs[0] is not ref or read.inputs[0] is not ref or not (
            assign.get_attr("validate_shape") and assign.get_attr("use_locking")):
        return None
    if any(op.control_inputs for op in (var, assign, read)):
        return None
    initial = assign.inputs[1]
    if initial is None or initial.shape != var.outputs[0].shape:
        return None
    literal: Operation | None = None
    source = initial.op
    if source.name == name + "/initial_value":
        if (source.type != "Const" or at == 0 or ops[at - 1] is not source
                or source.control_inputs or source.outputs[0].consumers() != [assign]):
            return None
        literal = source
    elif source.name.lower().startswith(name.lower() + "/"):
        return None  # made inside the variable's scope (an initializer function's ops)
    return VariableOps(var, assign, read, literal, initial, _trainable(graph, var))


def builder_variables(graph: Graph) -> dict[Operation, VariableOps]:
    """Each op of a variable one ``Variable(...)`` line rebuilds -> its group."""
    ops = graph.get_operations()
    out: dict[Operation, VariableOps] = {}
    for at, op in enumerate(ops):
        if op.type == "VariableV2":
            group = _group(graph, ops, at)
            if group is not None:
                out.update({member: group for member in group.ops()})
    return out
