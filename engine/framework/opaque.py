"""Opaque ops: a node of a foreign graph (a GraphDef) whose op type the registry has not.

A real graph is never refused for one unknown op. Such a node keeps its op type, its
attributes exactly as they were read (each one's serialized ``AttrValue``, so export writes it
back byte for byte) and its inputs, and it carries an ``InferenceError`` that says why it
cannot be inferred or run: the editor draws that reason on it and a run that needs it is
refused naming it (``plan``'s check of invalid ops). Its ``OpDef`` is made here, per node, and
never registered: the palette, files and interop tables do not see it as an op of ours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .errors import InferenceError, KernelError, UnimplementedError
from .graph import Graph
from .inference import infer_op
from .naming import check_name_free
from .operation import Operation, Tensor
from .registry import AttrDef, OpDef, TensorSpec

#: the category the editor shows on an opaque node's header
OPAQUE_CATEGORY = "Opaque"


class OpaqueOpError(InferenceError, ValueError):
    """An opaque node cannot be inferred or run (its op type is unknown)."""

    kind = "opaque"

    def __init__(self, message: str) -> None:
        super().__init__(message, kind="opaque", node_def=False)


def opaque_reason(op_type: str, why: str = "") -> str:
    detail = why or f"TensorCanvas has no op {op_type!r}"
    return (f"opaque {op_type} node: {detail}. It is kept as imported (type, attributes, "
            "inputs) and written back unchanged, but it cannot run")


def is_opaque(op: Operation) -> bool:
    return bool(op.op_def.extra.get("opaque"))


def loop_inputs(op: Operation) -> dict[int, str]:
    """An opaque node's loop back edges: input index -> the tensor it reads (a while loop's
    ``Merge`` reading its ``NextIteration``). They are kept as names, not wired: TensorCanvas
    graphs have no cycles, and a GraphDef's loop is written back with them."""
    return dict(op.op_def.extra.get("loop_inputs", {}))


def _opaque_def(op_type: str, attr_names: Sequence[str], n_inputs: int, n_outputs: int,
                reason: str, outputs: Sequence[TensorSpec] | None, details: str,
                loops: Mapping[int, str]) -> OpDef:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        if outputs is None:
            raise OpaqueOpError(reason)
        return list(outputs)

    def kernel(xp: Any, *arrays: Any, **attrs: Any) -> Any:
        raise KernelError(reason, UnimplementedError)

    return OpDef(
        type=op_type,
        inputs=tuple(f"input{i}" for i in range(n_inputs)),
        infer=infer,
        kernel=kernel,
        attrs=tuple(AttrDef(name, "opaque", hidden=True) for name in attr_names),
        category=OPAQUE_CATEGORY,
        doc=reason + (f"\n\n{details}" if details else ""),
        num_outputs=n_outputs,
        palette=False,
        stateful=True,  # never folded or cached: it has no value to fold
        const_eval=False,
        extra={"opaque": True, "reason": reason, "loop_inputs": dict(loops)},
    )


def add_opaque_op(
    graph: Graph,
    name: str,
    op_type: str,
    attrs: Mapping[str, bytes],
    inputs: Sequence[Tensor | None],
    n_outputs: int,
    why: str = "",
    outputs: Sequence[TensorSpec] | None = None,
    details: str = "",
    loops: Mapping[int, str] | None = None,
) -> Operation:
    """Add an opaque node named exactly ``name``: ``attrs`` maps each attribute's name to its
    serialized ``AttrValue``; ``n_outputs`` is how many outputs its consumers read.

    ``outputs``, when the importer can tell (a ``T`` or ``dtype`` attribute, and maybe TF's
    recorded ``_output_shapes``), are its outputs' specs, so what reads it still infers; a
    run that needs it is refused all the same (``plan``). Without them the node carries an
    ``OpaqueOpError``. ``details`` (its attributes in words) go to its doc, which the
    inspector shows; ``loops`` are its loop back edges (``loop_inputs``), whose inputs are
    left unwired."""
    graph._check_mutable()
    check_name_free(name, graph._ops, graph._lowered)
    graph._names_in_use.setdefault(name.lower(), 1)
    op_def = _opaque_def(op_type, list(attrs), len(inputs), max(n_outputs, 1),
                         opaque_reason(op_type, why), outputs, details, loops or {})
    op = Operation(graph, name, op_def, dict(attrs))
    op._inputs = list(inputs)
    infer_op(op)
    graph._insert(op)
    graph._emit("inferred", op)
    return op
