"""Ops a run can skip: what only control edges lead to, as TF's graph optimizer skips them.

``tf.gradients`` groups each op's input gradients with ``tuple`` (an Identity per gradient,
each waiting on a NoOp that waits on them all), so a training step's graph reaches, through
control edges only, gradients nobody reads: a MatMul's gradient for its placeholder input
(as costly as the forward product), the loss's gradient for its labels. TF1's session never
computes them: grappler's dependency optimizer turns a stateless node whose outputs feed
only control edges into a NoOp (and its model pruner then drops what nothing reads). A run
here does the same: an op runs when it is fetched, when a running op reads one of its
outputs, or when it must run for what it does rather than for its value (a stateful op: an
assignment, a variable, a random op, a NoOp that orders others). A stateless op that only
orders others is skipped; what it reads still runs first when something else needs it.
Ops that cannot run (invalid, imported of an unknown type) and placeholders are kept, so a
run still reports them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..framework.operation import Operation


def running_ops(ops: Sequence[Operation], targets: Iterable[Operation]) -> list[Operation]:
    """``ops`` (a topological order, from ``plan.prune``) without the stateless ops that
    only control edges lead to."""
    running = set(targets)
    for op in reversed(ops):  # every consumer of an op comes after it: decided before it
        if op not in running and not _runs_anyway(op):
            continue
        running.add(op)
        for t in op._inputs:
            if t is not None:
                running.add(t._op)
    if len(running) >= len(ops) and all(op in running for op in ops):
        return list(ops)
    return [op for op in ops if op in running]


def _runs_anyway(op: Operation) -> bool:
    op_def = op.op_def
    return (op_def.stateful or not op._outputs or op.type == "Placeholder"
            or op._error is not None or "opaque" in op_def.extra)
