"""A session's variable values, read out and put back: what a graph file's ``variables``
section stores, so that training reopened goes on from where it stopped.

Why outside ``Session``: this is the one place that reaches into the session's per-op
state from outside a run (the ``VariableV2`` kernels keep their value there under
``"value"``, read-only numpy arrays on the CPU, the device's arrays on a GPU). Values put
back are checked against the variable's dtype and shape first, naming the variable, and
nothing is changed unless every value fits.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..framework.graph import Graph
from ..framework.operation import Operation
from .session import Session

VARIABLE_OP = "VariableV2"


def variable_ops(graph: Graph) -> list[Operation]:
    """The graph's variables (``VariableV2`` ops), in graph order."""
    return [op for op in graph.get_operations() if op.type == VARIABLE_OP]


def variable_values(session: Session) -> dict[str, np.ndarray]:
    """``{variable name: value}`` of every variable the session has a value for (host
    copies, in graph order)."""
    out: dict[str, np.ndarray] = {}
    states = session._op_states
    for op in variable_ops(session.graph):
        value = states.get(op, {}).get("value")
        if value is not None:
            out[op.name] = np.array(session.backend.to_host(value), copy=True)
    return out


def uninitialized(session: Session) -> list[Operation]:
    """The variables the session has no value for yet."""
    states = session._op_states
    return [op for op in variable_ops(session.graph)
            if states.get(op, {}).get("value") is None]


def set_variable_values(session: Session, values: Mapping[str, np.ndarray]) -> list[str]:
    """Give the session's variables these values (by variable name); returns the names set.
    ``ValueError`` naming the variable when one is not in the graph or does not fit its
    dtype or shape; then nothing is set."""
    graph = session.graph
    checked: list[tuple[Operation, np.ndarray]] = []
    for name, value in values.items():
        if name not in graph or graph.get_operation_by_name(name).type != VARIABLE_OP:
            raise ValueError(f"no variable named '{name}' in the graph")
        op = graph.get_operation_by_name(name)
        dtype = op.get_attr("dtype")
        shape = op.get_attr("shape")
        array = np.asarray(value)
        if array.dtype != dtype.np_dtype:
            raise ValueError(f"the value for variable '{name}' is {array.dtype}, the variable "
                             f"is {dtype.name}")
        if shape.rank is not None and not shape.is_compatible_with(array.shape):
            raise ValueError(f"the value for variable '{name}' has shape {array.shape}, the "
                             f"variable's shape is {shape}")
        checked.append((op, array))
    backend = session.backend
    for op, array in checked:
        state = session._op_states.setdefault(op, {})
        state["name"] = op.name
        frozen = np.array(array, copy=True)
        frozen.flags.writeable = False
        state["value"] = frozen if backend.is_numpy else backend.to_device(frozen)
    if session.cache is not None:
        session.cache.clear()  # values read from the old ones are stale
    return [op.name for op, _ in checked]
