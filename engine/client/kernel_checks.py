"""What TF checks before a run computes anything: that every op has a kernel, then that the
kernels the run makes accept their ops' attributes.

TF's placer looks at the *whole graph* when a session first runs it: an op with no CPU kernel
for its dtype (``MatMul`` of uint8) fails every run of the graph, also one that does not need
the op, with ``InvalidArgumentError`` naming it. A kernel that refuses its attributes when it is
made (``Cast int32 to string``) fails only the runs that need its op, with the kernel's class
(UnimplementedError, InvalidArgumentError). Both come before an unfed placeholder is noticed.
The engine checks the same: the graph's ops for their dtype, the plan's ops for their attrs.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..framework.errors import InvalidArgumentError, KernelError, execution_error
from ..framework.graph import Graph
from ..framework.kernels import no_kernel_message
from ..framework.operation import Operation


def check_placement(graph: Graph) -> None:
    """Refuse the graph when one of its ops has no CPU kernel (the first, in graph order)."""
    for op in graph.get_operations():
        kernels = op.op_def.kernels
        if kernels is None or op.output_specs is None:
            continue
        if kernels.accepts(op.all_attrs()):
            continue
        detail = no_kernel_message(op.type, op.name, op.node_def_attrs(), kernels)
        raise execution_error(InvalidArgumentError, op, detail, placed=True)


def check_kernels(graph: Graph, ops: Sequence[Operation]) -> None:
    """Refuse a run whose kernels refuse their ops' attributes (the first, in graph order)."""
    failed: list[tuple[Operation, KernelError]] = []
    for op in ops:
        check = op.op_def.kernel_check
        if check is None or op.output_specs is None:
            continue
        error = check(op.all_attrs())
        if error is not None:
            failed.append((op, error))
    if not failed:
        return
    if len(failed) > 1:
        order = {op: i for i, op in enumerate(graph.get_operations())}
        failed.sort(key=lambda pair: order.get(pair[0], len(order)))
    op, error = failed[0]
    raise execution_error(error.cls, op, error.detail)
