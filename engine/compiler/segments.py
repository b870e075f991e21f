"""The programs of a fused group: op by op, as chains that keep their running value in a
local, and the compiled kernel's (``jit_program``).

A fused group that is too small for a kernel runs as a tight loop over the ops' Python
operators (numpy's scalar and ufunc paths); ``FusedGroup.run_ops`` interprets the program
made here. Each op reads the running value (mode 0: ``acc = f(acc, slot)``, 1: ``f(slot,
acc)``, 2: ``f(acc)``, 3: ``f(acc, acc)``) or, for an op of three operands (Select), names
each (mode 4, -1 standing for the running value).
"""

from __future__ import annotations

from typing import Any


def operator_of(op: Any, compiled: bool = False) -> Any:
    """The op's Python operator (a Cast's depends on its target dtype); ``compiled``: the
    one numba compiles (one element of the group's dtype: relu's zero is of that dtype)."""
    extra = op.op_def.extra
    if compiled:
        make_for = extra.get("jit_operator_for")
        if make_for is not None:
            return make_for(op.output_specs[0].dtype.np_dtype.type)
        if "jit_operator" in extra:
            return extra["jit_operator"]
    make = extra.get("operator_for")
    return make(op.all_attrs()) if make is not None else extra.get("operator")


def segments(ordered: list[Any], slot_of: dict[Any, int]) -> list[Any]:
    """The op-by-op program, as chains that keep their running value in a local.

    A chain continues while an op reads the previous op's result (its only reader): then the
    value never leaves the accumulator. Other results are written to their slots.
    """
    segments: list[Any] = []
    current: list[Any] | None = None
    start = out = -1
    previous: Any = None
    for op in ordered:
        func = operator_of(op)
        ins = [slot_of[t] for t in op._inputs]
        prev_out = previous._outputs[0] if previous is not None else None
        chained = current is not None and prev_out in op._inputs
        if len(ins) == 3:  # Select: every operand named (-1: the running value)
            refs = tuple(-1 if chained and t is prev_out else i for t, i in zip(op._inputs, ins))
            if not chained:
                if current is not None:
                    segments.append((start, current, out))
                start, current = ins[0], []
            current.append((func, refs, 4))  # type: ignore[union-attr]
        elif chained:
            if len(ins) == 1:
                current.append((func, -1, 2))  # type: ignore[union-attr]
            elif op._inputs[0] is prev_out and op._inputs[1] is prev_out:
                current.append((func, -1, 3))  # type: ignore[union-attr]
            elif op._inputs[0] is prev_out:
                current.append((func, ins[1], 0))  # type: ignore[union-attr]
            else:
                current.append((func, ins[0], 1))  # type: ignore[union-attr]
        else:
            if current is not None:
                segments.append((start, current, out))
            start = ins[0]
            if len(ins) == 1:
                current = [(func, -1, 2)]
            elif ins[0] == ins[1]:
                current = [(func, -1, 3)]
            else:
                current = [(func, ins[1], 0)]
        out = slot_of[op._outputs[0]]
        previous = op
    if current is not None:
        segments.append((start, current, out))
    return [(start, _specialise(program), out) for start, program, out in segments]


def _specialise(program: list[tuple[Any, int, int]]) -> tuple[int, list[Any]]:
    if all(mode == 0 for _, _, mode in program):
        return (0, [(func, operand) for func, operand, _ in program])
    return (1, program)


def input_dtypes(ordered: list[Any], slot_of: dict[Any, int]) -> list[Any]:
    """The dtypes of a group's external inputs, in the order of its input slots."""
    inside = {op._outputs[0] for op in ordered}
    seen: dict[int, Any] = {}
    for op in ordered:
        for t in op._inputs:
            if t not in inside:
                seen.setdefault(slot_of[t], t.dtype)
    return list(seen.values())


def jit_program(
    ordered: list[Any], inputs: list[int], slot_of: dict[Any, int]
) -> list[tuple[Any, tuple[int, ...]]]:
    """The compiled kernel's program: (operator, argument refs) per op; refs < 0 are the
    group's inputs (-1 - index), refs >= 0 earlier ops' results."""
    external = {slot: -1 - i for i, slot in enumerate(inputs)}
    index_of = {op._outputs[0]: k for k, op in enumerate(ordered)}
    return [
        (operator_of(op, compiled=True),
         tuple(index_of[t] if t in index_of else external[slot_of[t]] for t in op._inputs))
        for op in ordered
    ]
