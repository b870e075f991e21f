"""How a plan runs TF1's reference inputs: variables, the ops that assign them, and their
readers.

A ``VariableV2``'s value lives in the session's per-op state. An op that takes the variable as
a reference (``Assign``'s ``ref``, an ``Apply*``'s ``var`` and slots: ``extra["ref_inputs"]``)
does not read a value through a slot: it gets the variables' states as ``_refs`` and replaces
their values. A variable step runs only where something reads its value (a fetch, an
``Identity`` such as ``Variable/read``); a variable that is only assigned runs no step, so an
initializer works on an uninitialized variable. When a read finds no value, TF reports it on
the reading node (``Variable/read``, or ``_retval_Variable_0_0`` for a fetch of the reference
itself): ``reader_of`` names it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from ..framework.operation import Operation, Tensor


def ref_inputs(op: Operation) -> tuple[int, ...]:
    indices: tuple[int, ...] = op.op_def.extra.get("ref_inputs", ())
    return indices


def ref_source(t: Tensor) -> Operation:
    """The variable a reference tensor refers to: an Assign or an apply op passes on the
    reference of its first input."""
    op = t._op
    while op.type != "VariableV2":
        src = op._inputs[0] if 0 in ref_inputs(op) else None
        if src is None:
            raise ValueError(f"{t.name} is not a reference to a variable")
        op = src._op
    return op


def variable_state(states: dict[Operation, dict[str, Any]], var: Operation) -> dict[str, Any]:
    """The session's state of one variable (its ``value`` once assigned), named after it."""
    state = states.setdefault(var, {})
    state["name"] = var._name
    shape, dtype = var.get_attr("shape"), var.get_attr("dtype")
    if shape.is_fully_defined() and 0 in shape.as_list() and dtype.np_dtype is not None:
        # TF counts a variable of no elements initialized, buffer or not: it reads as empty
        empty = state.get("empty")
        if empty is None or empty.shape != tuple(shape.as_list()) or empty.dtype != dtype.np_dtype:
            state["empty"] = np.zeros(shape.as_list(), dtype.np_dtype)
            state["empty"].flags.writeable = False
    else:
        state.pop("empty", None)
    return state


def ref_states(op: Operation, states: dict[Operation, dict[str, Any]]
               ) -> tuple[dict[str, Any], ...]:
    return tuple(variable_state(states, ref_source(op._inputs[i]))  # type: ignore[arg-type]
                 for i in ref_inputs(op))


def value_inputs(op: Operation) -> list[Tensor]:
    """The inputs a step reads through slots: all but the reference inputs."""
    refs = ref_inputs(op)
    return [t for i, t in enumerate(op._inputs) if t is not None and i not in refs]


def reader_of(var: Operation, ops: Collection[Operation], fetched: Collection[Tensor]
              ) -> str | None:
    """The name TF gives the node that reads ``var``'s value in this run, or None when
    nothing reads it (only assignments use it); ``fetched``: the run's fetched tensors."""
    readers = [c for c, i in var.consumers() if c in ops and i not in ref_inputs(c)]
    if len(readers) == 1:
        return readers[0]._name
    if readers:  # TF's executor runs the variable's readers in the order they were made
        return min(readers, key=_order(var.graph.get_operations()))._name
    ref = var._outputs[0]
    if ref in fetched:  # TF: _retval_<op>_<output>_<place among the fetches sorted by name>
        return f"_retval_{var._name}_0_{sorted({t.name for t in fetched}).index(ref.name)}"
    return None


def _order(ops: Collection[Operation]) -> Any:
    index = {op: i for i, op in enumerate(ops)}
    return lambda op: index.get(op, len(index))


def written(ops: Sequence[Operation], states: dict[Operation, dict[str, Any]]
            ) -> tuple[dict[str, Any], ...]:
    """The states of every variable the plan's ops may assign (what a failed run restores)."""
    out: dict[int, dict[str, Any]] = {}
    for op in ops:
        for state in ref_states(op, states):
            out[id(state)] = state
    return tuple(out.values())


def row_written(ops: Sequence[Operation], states: dict[Operation, dict[str, Any]]
                ) -> tuple[dict[str, Any], ...]:
    """The states the plan's row updates (``extra["writes_rows"]``: the scatter and sparse
    apply ops) may change in place, under an undo log the run opens (``ops/row_undo.py``)."""
    return written([op for op in ops if op.op_def.extra.get("writes_rows")], states)


def _is_read(op: Operation) -> bool:
    """A variable, or an Identity of its reference (``Variable/read``): TF's reads alias the
    variable's buffer, so they see the writes made before their consumers run."""
    if op.type == "VariableV2":
        return True
    if op.type != "Identity" or not op._inputs or op._inputs[0] is None:
        return False
    dtype = op._inputs[0].dtype
    return dtype is not None and dtype.is_ref_dtype


def defer_reads(ops: list[Operation]) -> list[Operation]:
    """``ops`` (a topological order) with every read moved to just before its first
    consumer, and the reads nothing in the run consumes (fetched ones) to the end: a value
    read is then the one the writes that ran before it left, as TF's aliasing gives."""
    if not any(_is_read(op) for op in ops):
        return ops
    pending: dict[Operation, None] = {}
    out: list[Operation] = []

    def emit_inputs(op: Operation) -> None:
        for t in value_inputs(op):  # a reference input is not a read
            if t._op in pending:
                src = t._op
                del pending[src]
                emit_inputs(src)
                out.append(src)

    for op in ops:
        if _is_read(op):  # read when a consumer runs; one nothing consumes: at the end
            pending[op] = None
            continue
        emit_inputs(op)
        out.append(op)
    for op in list(pending):
        if op in pending:
            del pending[op]
            emit_inputs(op)
            out.append(op)
    return out
