"""Removing many ops as one edit: the editor's Delete of a large selection.

Why a function of its own, beside ``Graph.remove_op``: removing ops one at a time re-infers
what each removal unwires and tells every listener about links between ops that are all
going. Removed together, only the links into ops that stay are cut (and reported), and the
ops that stay are inferred once, however many ops went: deleting 5,000 ops is one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .operation import forget_keys, remove_consumer

if TYPE_CHECKING:
    from .graph import Graph
    from .operation import Operation, Tensor


def remove_ops(graph: Graph, ops: Iterable[Operation]) -> list[tuple[Operation, int, Tensor]]:
    """Remove ``ops`` (all of this graph, or none is removed); the inputs of the ops that
    stay which they fed become unwired, and their control edges go. Returns the data links
    cut into ops that stay, as (consumer, index, tensor), so an undo can restore them.
    Reports ``op_removed`` for each op (consumers before what they consume), then
    ``input_changed`` for each cut link, then infers the ops that stay and lost an input."""
    graph._check_mutable()
    doomed = list(dict.fromkeys(graph._own(op) for op in ops))
    if not doomed:
        return []
    gone = set(doomed)
    cut = [
        (consumer, idx, op._outputs[out])
        for op in doomed
        for out, consumer, idx in sorted(op._consumers, key=lambda link: link[0])
        if consumer not in gone
    ]
    with graph.edit_lock:
        for consumer, idx, _ in cut:
            consumer._inputs[idx] = None
        forget_keys([consumer for consumer, _, _ in cut])
        for op in doomed:
            for i, t in enumerate(op._inputs):
                if t is not None and t._op not in gone:
                    remove_consumer(t, op, i)
            for c in op._control_inputs:
                if c not in gone:
                    c._control_outputs.remove(op)  # type: ignore[union-attr]  # it holds op
            for c in op._control_outputs:
                if c not in gone:
                    c._control_inputs.remove(op)  # type: ignore[union-attr]
        for op in doomed:
            op._consumers = ()
            del graph._ops[op._name]
            graph._lowered.pop(op._name.lower(), None)
        graph._version += 1
        graph._structure_version += 1
    for op in reversed(graph.upstream(doomed)):
        if op in gone:
            graph._emit("op_removed", op)
    for consumer, idx, tensor in cut:
        graph._emit("input_changed", consumer, idx, tensor)
    graph._reinfer_downstream(list(dict.fromkeys(c for c, _, _ in cut)))
    return cut
