"""A compiled interpreter for small fused groups: many ops over few elements.

A group over small arrays (a tree that sums a thousand (100,) products, say) spends its time
in per-op calls, about a microsecond each through numpy. Compiling the group itself into one
loop would take longer than it will ever run, and numba cannot compile thousands of nested
ops. Instead one kernel per dtype, compiled once (``jit.vm_kernel``), interprets any group:
per op, one tight loop over the elements, reading two rows of a workspace and writing a
third. The rows are the group's folded constants (packed once per plan version), the run's
other inputs (packed per run) and registers, allocated so that no op writes a row it reads
(the loops then vectorize).

Every op is the same IEEE operation numpy does, in the group's dtype, in the same order.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import jit, registers

#: an op's code in the interpreter, by its Python operator (Square, ``x * x``, by type)
CODES = {operator.add: 0, operator.sub: 1, operator.mul: 2, operator.truediv: 3,
         operator.neg: 4}
SQUARE = 5
#: where an operand is read from: the constants, the run's inputs, the registers
CONST, INPUT, REG = 0, 1, 2


@dataclass
class Encoded:
    """A group as interpreter code, before its inputs are placed."""

    codes: np.ndarray  # int8, one per op
    operands: list[tuple[int, int]]  # per op: two refs (< 0: input -1 - k, >= 0: register)
    dsts: list[int]  # per op: its register, -1 for the group's output
    n_regs: int


@dataclass
class Bound:
    """A group ready to run: its constants packed, the rest read per run."""

    codes: np.ndarray
    args: np.ndarray  # int64 (n_ops, 5): a_src, a_row, b_src, b_row, dst
    constants: np.ndarray  # (n, size), the folded constants broadcast to the output's size
    dynamic: list[int]  # the slots read per run, in the order of their rows
    n_regs: int
    shape: tuple[int, ...]  # the output's

    @property
    def size(self) -> int:
        return math.prod(self.shape)


def encode(ordered: list[Any], inputs: list[int], slot_of: dict[Any, int]) -> Encoded | None:
    """The group as interpreter code, or None if an op is not one it knows."""
    codes: list[int] = []
    for op in ordered:
        code = SQUARE if op.op_def.type == "Square" else CODES.get(
            op.op_def.extra.get("operator")
        )
        if code is None:
            return None
        codes.append(code)
    placed, n_regs = registers.allocate(ordered, inputs, slot_of, in_place=False)
    operands = [(args[0], args[-1]) for args, _ in placed]
    dsts = [res for _, res in placed]
    dsts[-1] = -1  # the last op writes the output
    return Encoded(np.array(codes, dtype=np.int8), operands, dsts, n_regs)


def bind(encoded: Encoded, inputs: list[int], template: list[Any], shape: tuple[int, ...],
         dtype: Any) -> Bound | None:
    """Pack the folded constants (broadcast to the output's ``shape``); None when one of
    them does not broadcast that simply (the group then runs op by op)."""
    size = math.prod(shape)
    constants: list[Any] = []
    dynamic: list[int] = []
    place: list[tuple[int, int]] = []
    for slot in inputs:
        value = template[slot]
        if value is None:
            place.append((INPUT, len(dynamic)))
            dynamic.append(slot)
            continue
        if type(value) is not np.dtype(dtype).type and not (
            isinstance(value, np.ndarray) and value.dtype == dtype
            and value.size in (1, size)
        ):
            return None  # a cupy value, or a broadcast other than one element to all
        place.append((CONST, len(constants)))
        constants.append(value)
    packed = np.empty((len(constants), size), dtype=dtype)
    for row, value in enumerate(constants):
        packed[row] = np.reshape(value, -1)
    args = np.empty((len(encoded.codes), 5), dtype=np.int64)
    for k, (a, b) in enumerate(encoded.operands):
        args[k, 0:2] = place[-1 - a] if a < 0 else (REG, a)
        args[k, 2:4] = place[-1 - b] if b < 0 else (REG, b)
        args[k, 4] = encoded.dsts[k]
    return Bound(encoded.codes, args, packed, dynamic, encoded.n_regs, shape)


def run(bound: Bound, slots: list[Any]) -> Any:
    """The group's value, or None while the kernel compiles or when a run-time input has
    another size than one element or the output's (the caller runs op by op)."""
    dtype = bound.constants.dtype
    kernel = jit.vm_kernel(dtype)
    if kernel is None:
        return None
    size = bound.size
    inputs = np.empty((len(bound.dynamic), size), dtype=dtype)
    for row, slot in enumerate(bound.dynamic):
        value = slots[slot]
        n = np.size(value)
        if (n != 1 and n != size) or getattr(value, "dtype", None) != dtype:
            return None
        inputs[row] = np.reshape(value, -1)
    registers = np.empty((max(bound.n_regs, 1), size), dtype=dtype)
    out = np.empty(size, dtype=dtype)
    kernel(out, bound.constants, inputs, registers, bound.codes, bound.args)
    return out.reshape(bound.shape)[()] if not bound.shape else out.reshape(bound.shape)
