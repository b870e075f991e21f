"""Which variables of a graph a script may rebuild as ``Variable(initial_value, name=...)``.

``tf.compat.v1.Variable`` (and ``engine.Variable``, which builds the same ops) makes three
ops in a row: the ``VariableV2`` named ``NAME``, its initializer ``NAME/Assign`` and its
snapshot ``NAME/read``, converting a Python or numpy initial value into a Const
``NAME/initial_value`` just before them. A graph that has these ops with nothing else hung
on them is what the builder made (or TF's, read from a GraphDef), and one ``Variable`` line
rebuilds them, at the variable's place (so the ops of a graph whose importer built them
apart come back together: the same graph, in another op order); any other variable is
written op by op (``raw_ops.VariableV2``, ``Assign``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.graph import Graph
from ..framework.operation import Operation, Tensor
from ..ops.variables import TRAINABLE_VARIABLES, variables_of


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


def _group(var: Operation, by_name: dict[str, Operation], order: dict[Operation, int],
           trainable: set[Operation]) -> VariableOps | None:
    name, ref = var.name, var.outputs[0]
    assign, read = by_name.get(name + "/Assign"), by_name.get(name + "/read")
    if assign is None or read is None or (assign.type, read.type) != ("Assign", "Identity"):
        return None
    if assign.inputs[0] is not ref or read.inputs[0] is not ref or not (
            assign.get_attr("validate_shape") and assign.get_attr("use_locking")):
        return None
    if any(op.control_inputs for op in (var, assign, read)):
        return None
    initial = assign.inputs[1]
    if initial is None or initial.shape != ref.shape:
        return None
    literal: Operation | None = None
    source = initial.op
    if source.name == name + "/initial_value":
        if (source.type != "Const" or source.control_inputs
                or source.outputs[0].consumers() != [assign]):
            return None
        literal = source
    elif source.name.lower().startswith(name.lower() + "/") or order[source] > order[var]:
        return None  # made inside the variable's scope (an initializer function's ops)
    return VariableOps(var, assign, read, literal, initial, var in trainable)


def builder_variables(graph: Graph) -> dict[Operation, VariableOps]:
    """Each op of a variable one ``Variable(...)`` line rebuilds -> its group."""
    ops = graph.get_operations()
    # a graph built here knows (its collections); one read from a file is judged as
    # global_variables() judges it (an optimizer's slots and powers are not trainable)
    trainable = {v.op for v in variables_of(graph, TRAINABLE_VARIABLES)}
    by_name = {op.name: op for op in ops}
    order = {op: i for i, op in enumerate(ops)}
    out: dict[Operation, VariableOps] = {}
    for op in ops:
        if op.type == "VariableV2":
            group = _group(op, by_name, order, trainable)
            if group is not None:
                out.update({member: group for member in group.ops()})
    return out
