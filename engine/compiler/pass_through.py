"""Ops whose output is their input, for one plan: removed from the steps, their readers
reading the input's slot instead.

TF's graph optimizer removes such nodes before a session runs (grappler's dependency
optimizer drops an ``Identity`` that only forwards a value, its arithmetic optimizer a
``Reshape`` to the shape its input already has). ``tf.gradients`` builds many of them: every
gradient passes through a ``tuple/control_dependency`` Identity, every variable is read
through ``Variable/read``, and the broadcasting rules reshape a bias's gradient to the shape
it has. Each is a step of a microsecond or more in a training step; none computes anything.

What stays: an Identity whose output is fetched (the caller gets it as it is), a Reshape
whose target is not a constant of the plan, or is not the shape its input has in the run
(grappler's ``IsSimplifiableReshape``: the target's ``-1`` matches any size, also over no
elements, where the kernel would make it 1, when the input's static shape is known), and
any other op. A fetched Reshape to the shape its input has goes too: TF's constant folding
turns it into an Identity of its input, and the caller gets that input's value (of another
shape than the static one, where the static shapes were wrong: a gradient whose shape
``tf.gradients`` set to its input's). The plan reports the removed ops as run (run
metadata, progress callbacks).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np

#: a tensor's shape in this run, when it is known (static, or from the fed shapes)
ShapeOf = Callable[[Any], "tuple[int, ...] | None"]
#: a tensor's value, when it is a constant of the plan
ValueOf = Callable[[Any], Any]


def pass_through(ops: Sequence[Any], fetched: Collection[Any], target_value: ValueOf,
                 shape_of: ShapeOf, static_of: ShapeOf | None = None) -> dict[Any, Any]:
    """Per op that forwards its first input unchanged in this plan, that input (a tensor).

    ``target_value(t)``: ``t``'s value when it is a constant of the plan (folded), or None;
    ``shape_of(t)``: its shape in the run, or None; ``static_of(t)``: its static shape
    when fully known, or None (TF's optimizer decides by these: it sees no feed)."""
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
        elif op.type == "Reshape" and _fits_target(op, source, target_value, shape_of,
                                                   static_of):
            out[op] = source
    return out


def _fits_target(op: Any, source: Any, target_value: ValueOf, shape_of: ShapeOf,
                 static_of: ShapeOf | None) -> bool:
    """A Reshape to the shape its input has: a constant target its input's shape fits, a
    ``-1`` matching any size. Over no elements the kernel's ``-1`` is 1 (a [0, 0] input to
    [-1, 0] gives [1, 0]); grappler, which makes the Reshape an Identity by the static shape
    it infers, gives [0, 0] there, so a ``-1`` over no elements fits only that shape."""
    target = op._inputs[1]
    value = target_value(target) if target is not None else None
    if value is None or np.ndim(value) != 1:
        return False
    wanted = [int(d) for d in np.asarray(value).reshape(-1)]
    static = static_of(source) if static_of is not None else None
    before = static if static is not None else shape_of(source)
    if before is None or len(before) != len(wanted) or wanted.count(-1) > 1:
        return False
    if -1 in wanted and 0 in before and static is None:
        return False
    return all(w == b or w == -1 for w, b in zip(wanted, before))
