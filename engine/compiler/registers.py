"""Register allocation for a fused group: where each op reads its inputs and writes its result.

Both ways a group runs op by op over buffers — numpy's ufuncs over chunks (``chunks.py``) and
the compiled interpreter (``interpreter.py``) — keep intermediate values in a few reusable
buffers ("registers") instead of one array per op: a register is free again after the last op
that reads its value.
"""

from __future__ import annotations

from typing import Any


def allocate(
    ordered: list[Any], inputs: list[int], slot_of: dict[Any, int], in_place: bool
) -> tuple[list[tuple[tuple[int, ...], int]], int]:
    """Per op (topological order), its argument refs and result register, and how many
    registers there are. A ref < 0 is the group's input ``-1 - k``, a ref >= 0 a register.
    ``in_place`` lets an op write the register of a value it reads last (numpy's ufuncs
    allow it); otherwise an op never writes a register it reads (loops that vectorize)."""
    external = {slot: -1 - i for i, slot in enumerate(inputs)}
    last_use: dict[Any, int] = {}
    for k, op in enumerate(ordered):
        for t in op._inputs:
            last_use[t] = k
    reg_of: dict[Any, int] = {}
    free: list[int] = []
    n_regs = 0
    placed: list[tuple[tuple[int, ...], int]] = []
    for k, op in enumerate(ordered):
        args = tuple(reg_of[t] if t in reg_of else external[slot_of[t]] for t in op._inputs)
        dying = [t for t in dict.fromkeys(op._inputs) if t in reg_of and last_use[t] == k]
        if in_place:
            free.extend(reg_of.pop(t) for t in dying)
        if free:
            res = free.pop()
        else:
            res, n_regs = n_regs, n_regs + 1
        if not in_place:
            free.extend(reg_of.pop(t) for t in dying)
        reg_of[op._outputs[0]] = res
        placed.append((args, res))
    return placed, n_regs
