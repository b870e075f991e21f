"""The order in which TF's run-time errors name a commutative op's inputs.

Before a graph runs, TF's graph optimizer sorts the two inputs of the ops it knows to be
commutative by their names (``x * w`` reads ``w/read`` first), so a run-time broadcast failure
names their shapes in that order: ``Incompatible shapes: [3] vs. [7]`` for ``x`` of shape 7
and ``w`` of shape 3 (and AddN's ``Input 0`` is its first input by name). The engine keeps
the inputs as built; this puts the arrays an error names in TF's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..framework.operation import Operation

#: the ops whose inputs TF's optimizer sorts (measured under TF 2.21: not Maximum, Minimum)
_COMMUTATIVE = frozenset({"Add", "AddV2", "Mul", "SquaredDifference", "Equal", "NotEqual"})


def _input_name(op: Operation, i: int) -> str:
    t = op._inputs[i]
    if t is None:
        return ""
    return t._op._name if t._value_index == 0 else f"{t._op._name}:{t._value_index}"


def in_tf_order(op: Operation, arrays: Sequence[Any]) -> Sequence[Any]:
    """``arrays`` (the op's input values) in the order TF's optimizer leaves them (AddN's
    inputs all sorted too)."""
    n = len(op._inputs)
    if len(arrays) != n or not (op.type in _COMMUTATIVE and n == 2 or op.type == "AddN"):
        return arrays
    order = sorted(range(n), key=lambda i: _input_name(op, i))
    return [arrays[i] for i in order]
