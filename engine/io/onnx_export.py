"""ONNX export: the part of a graph its fetches need, as an ONNX model (opset 18).

Each op is converted by its entry in ``onnx_ops.ONNX_OPS`` (data keyed by op type); an op with
no entry, or one whose entry says why it cannot be exported, is an ``ExportError`` naming the
op and the reason — never a silently different model. Names are kept: a node is named as its
op, a value as its tensor (``dense/MatMul:0``), so a user finds the same names in Netron or
onnxruntime. Placeholders become the model's inputs, their unknown dimensions symbolic
(``x:0`` of shape ``(None, 3)`` has the dim ``x_dim0``); Consts become initializers; and
variables, which have no value in the graph, are written with the values the caller passes
(``values``, or read from a ``session``). The ``onnx`` package is optional (the ``interop``
extra): importing this module without it raises an ``ImportError`` that says what to
install.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import onnx
from onnx import helper, numpy_helper

from ..framework.graph import Graph
from ..framework.opaque import is_opaque
from ..framework.operation import Operation, Tensor, upstream
from .atomic_write import write_atomically
from .onnx_nodes import Context, ExportError, model_input, value_info
from .onnx_ops import COMPLEX, NOT_EXPORTABLE, ONNX_OPS

__all__ = ["OPSET", "VARIABLE_OPS", "ExportError", "graph_to_onnx", "write_onnx"]

#: the ONNX opset the export targets (18: Reduce* take their axes as an input, Bitwise* ops)
OPSET = 18
#: op types whose value lives in a session, not in the graph (the state ops)
VARIABLE_OPS = frozenset({"VariableV2", "Variable", "VarHandleOp"})


def tensor_name(t: Tensor) -> str:
    return t.name


def _fetch_tensors(graph: Graph, fetches: Sequence[str | Tensor | Operation] | None
                   ) -> list[Tensor]:
    if not fetches:
        return [t for op in graph.outputs() for t in op.outputs]
    out: list[Tensor] = []
    for f in fetches:
        element = graph.as_graph_element(f) if isinstance(f, str) else f
        out.extend(element.outputs if isinstance(element, Operation) else [element])
    return out


def session_values(session: Any, graph: Graph) -> dict[str, np.ndarray]:
    """The current values of ``graph``'s variables in ``session`` (by op name)."""
    ops = [op for op in graph.get_operations() if op.type in VARIABLE_OPS]
    if not ops:
        return {}
    results = session.run([op.outputs[0] for op in ops])
    return {op.name: np.asarray(v) for op, v in zip(ops, results)}


def graph_to_onnx(graph: Graph, fetches: Sequence[str | Tensor | Operation] | None = None,
                  *, values: Mapping[str, Any] | None = None, session: Any = None,
                  name: str = "tensorcanvas") -> onnx.ModelProto:
    """The ONNX model computing ``fetches`` (default: every output of the ops nothing
    consumes). ``values`` (op name -> array) or ``session`` give variables their values."""
    known = dict(values or {})
    if session is not None:
        known.update(session_values(session, graph))
    outputs = _fetch_tensors(graph, fetches)
    if not outputs:
        raise ExportError("the graph has nothing to export: no op has an output")
    ctx = Context()
    for op in upstream([t.op for t in outputs]):
        for t in op.outputs:
            ctx._names.add(t.name)
    for op in upstream([t.op for t in outputs]):
        ctx.op = op
        if op.name in known:
            arr = np.asarray(known[op.name])
            ctx.initializers.append(numpy_helper.from_array(arr, op.outputs[0].name))
            continue
        if is_opaque(op):
            raise ctx.fail("it is an opaque node imported from a GraphDef (TensorCanvas has "
                           "no such op)")
        if op.error is not None:
            raise ctx.fail(f"it has an error: {op.error}")
        if op.type in NOT_EXPORTABLE:
            raise ctx.fail(NOT_EXPORTABLE[op.type])
        complex_out = [(t.name, d.name) for t in op.outputs
                       if (d := t.dtype) is not None and d.is_complex]
        if complex_out:
            raise ctx.fail(f"{complex_out[0][0]} is {complex_out[0][1]}: {COMPLEX}")
        convert = ONNX_OPS.get(op.type)
        if convert is None:
            raise ctx.fail("it has no ONNX mapping")
        if op.type == "Placeholder":
            t = op.outputs[0]
            ctx.inputs.append(model_input(ctx, t, op.name))
            default = op.get_attr("default_value")
            if default is not None:  # an input with an initializer: its default value
                ctx.initializers.append(numpy_helper.from_array(np.asarray(default), t.name))
            continue
        convert(ctx, op)
    ctx.op = None
    used = {name for node in ctx.nodes for name in node.input} | {t.name for t in outputs}
    ctx.initializers = [i for i in ctx.initializers if i.name in used]  # consts folded away
    for t in outputs:
        if t.shape.rank is None:
            ctx.op = t.op
            raise ctx.fail(f"the rank of {t.name} is unknown: an ONNX model's outputs need one")
    out_infos = [value_info(t.name, t, None) for t in dict.fromkeys(outputs)]
    g = helper.make_graph(ctx.nodes, name, ctx.inputs, out_infos, ctx.initializers)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="TensorCanvas")
    model.ir_version = 8
    return model


def write_onnx(path: str | os.PathLike[str], graph: Graph,
               fetches: Sequence[str | Tensor | Operation] | None = None, *,
               values: Mapping[str, Any] | None = None, session: Any = None) -> None:
    """Export and check (``onnx.checker.check_model(full_check=True)``), then write ``path``
    atomically; an ``ExportError`` (naming the op) when the graph cannot be exported."""
    model = graph_to_onnx(graph, fetches, values=values, session=session)
    try:
        onnx.checker.check_model(model, full_check=True)
    except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError) as e:
        raise ExportError(f"the exported model fails ONNX's checker: {e}") from None
    write_atomically(os.fspath(path), [model.SerializeToString()])
