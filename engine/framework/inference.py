"""Static inference of one op: the specs its inputs give, through its OpDef's ``infer``.

The builder API and the editor both come here, so an op built either way carries the same
specs or the same error (the builder raises it, the editor shows it on the node).
"""

from __future__ import annotations

from .errors import InferenceError, UnwiredInputError, UpstreamError
from .operation import Operation
from .registry import TensorSpec


def infer_op(op: Operation) -> bool:
    """Infer one op from its inputs; returns whether its specs or error changed."""
    old_specs, old_error = op._specs, op._error
    specs: list[TensorSpec] = []
    error: InferenceError | None = None
    op_def = op._op_def
    for param, t in zip(op_def.inputs, op._inputs):
        if t is None:
            error = UnwiredInputError(
                f"Input '{param}' of '{op._name}' ({op_def.type}) is not connected."
            )
            break
        src = t._op
        if src._specs is None:
            error = UpstreamError(
                f"Input '{param}' of '{op._name}' comes from '{src._name}', which has an "
                "error."
            )
            break
        specs.append(src._specs[t._value_index])
    new_specs: tuple[TensorSpec, ...] | None = None
    if error is None:
        try:
            new_specs = tuple(op_def.infer(specs, op._attrs))
        except InferenceError as e:
            error = e
            if e.wants_node_def:
                shapes = ", ".join(s.shape.debug_string() for s in specs)
                error = type(e)(
                    f"{e.detail} for '{{{{node {op._name}}}}} = {op.node_def_string()}' "
                    f"with input shapes: {shapes}.",
                    node_def=False,
                )
    op._specs, op._error = new_specs, error
    changed = old_specs != new_specs or (
        (old_error is None) != (error is None)
        or (old_error is not None and str(old_error) != str(error))
    )
    return changed
