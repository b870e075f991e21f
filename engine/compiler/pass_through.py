"""Ops whose output is their input, for one plan: removed from the steps, their readers
reading the input's slot instead.

TF's graph optimizer removes such nodes before a session runs (grappler's dependency
optimizer drops an ``Identity`` that only forwards a value, its arithmetic optimizer a
``Reshape`` to the shape its input already has). ``tf.gradients`` builds many of them: every
gradient passes through a ``tuple/control_dependency`` Identity, every variable is read
through ``Variable/read``, and the broadcasting rules reshape a bias's gradient to the shape
it has. Each is a step of a microsecond or more in a training step; none computes anything.

What stays: an Identity whose output is fetched (the caller gets it as it is), a Reshape
whose target is not a constant of the plan or whose shapes are not known for the run, and
any other op. A fetched Reshape to the shape its input has goes too: TF's constant folding
turns it into an Identity of its input, and the caller gets that input's value (of another
shape than the static one, where the static shapes were wrong: a gradient whose shape
``tf.gradients`` set to its input's). The plan reports the removed ops as run (run
metadata, progress callbacks).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

#: a tensor's shape in this run, when it is known (static, or from the fed shapes)
ShapeOf = Callable[[Any], "tuple[int, ...] | None"]


def pass_through(ops: Sequence[Any], fetched: Collection[Any], constant: Callable[[Any], bool],
                 shape_of: ShapeOf, static_of: ShapeOf | None = None) -> dict[Any, Any]:
    """Per op that forwards its first input unchanged in this plan, that input (a tensor).

    ``constant(t)``: whether ``t``'s value is a constant of the plan (folded);
    ``shape_of(t)``: its shape in the run, or None; ``static_of(t)``: its static shape
    when fully known, or None (TF's optimizer decides by these first: it sees no feed)."""
    out: dict[Any, Any] = {}
    for op in ops:
        if len(op._outputs) != 1 or not op._inputs:
            continue
        source = op._inputs[0]
        if source is None:
            continue
        if op.type == "Identity" and len(op._inputs) == 1:
            if op._outputs[0] not in fetched:
                out[op] = source
        elif op.type == "Reshape" and (
                _same_shape(op, source, constant, static_of)
                or _same_shape(op, source, constant, shape_of)):
            out[op] = source
    return out


def _same_shape(op: Any, source: Any, constant: Callable[[Any], bool],
                shape_of: ShapeOf | None) -> bool:
    """A Reshape to the shape its input has, by a constant target: a no-op for this run
    (its kernel would return a view of the same shape)."""
    if shape_of is None:
        return False
    target = op._inputs[1]
    if target is None or not constant(target):
        return False
    before, after = shape_of(source), shape_of(op._outputs[0])
    return before is not None and before == after
