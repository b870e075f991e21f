"""GraphDef import: a ``.pb`` or ``.pbtxt`` written by TensorFlow becomes an engine Graph.

Names, scopes, attributes and control dependencies are kept as TF wrote them. Each node of a
registry op is built through the graph's editing API, so its shapes are inferred on import;
``_output_shapes``, where TF recorded them, is compared with what inference found and every
disagreement is reported (never merged in). A node the registry cannot take — an unknown op
type, an attribute the op does not have, a value the op refuses — becomes an opaque node
(``framework.opaque``) that keeps it byte for byte: one unknown op never refuses a graph.
A TF1 while loop's back edges (NextIteration → Merge) are kept on the opaque Merge by name
(``opaque.loop_inputs``), unwired: a graph here has no cycles. Errors (a file that is not a
GraphDef, a duplicate name, an input naming no node, another cycle)
are ``GraphFileError``s naming the file and the node.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import text_format
from google.protobuf.message import DecodeError
from tensorboard.compat.proto import graph_pb2

from ..framework.errors import EngineError, GraphFileError
from ..framework.graph import Graph
from ..framework.naming import is_valid_name
from ..framework.opaque import add_opaque_op
from ..framework.operation import Operation, Tensor
from ..framework.registry import OpDef, get_op_def, has_op_def
from .graphdef_ops import IGNORED_ATTR_PREFIX
from .graphdef_values import ProtoValueError, attr_from_proto, shape_from_proto
from .opaque_outputs import opaque_outputs

#: hears the fraction of an import done, from 0.0 to 1.0
Progress = Callable[[float], None]
#: the largest GraphDef file read (protobuf's own limit is 2 GiB)
MAX_GRAPHDEF_BYTES = 2**31 - 1


@dataclass
class ImportReport:
    """What an import found besides the graph: the opaque nodes (name, op type, reason) and
    warnings (a ``_output_shapes`` that disagrees with inference, dropped functions)."""

    opaque: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_graphdef(data: bytes, source: str, text: bool | None = None) -> graph_pb2.GraphDef:
    """A GraphDef from a file's bytes: protobuf text format when ``text`` (or, when None,
    when the bytes are not a binary GraphDef), else binary."""
    gd = graph_pb2.GraphDef()
    if text is None:
        text = source.endswith((".pbtxt", ".txt"))
    try:
        if text:
            text_format.Parse(data.decode("utf-8"), gd)
        else:
            gd.ParseFromString(data)
    except UnicodeDecodeError as e:
        raise GraphFileError(f"not a GraphDef in text format: byte {e.start} is not UTF-8",
                             path=source) from None
    except text_format.ParseError as e:
        raise GraphFileError(f"not a GraphDef in text format: {e}", path=source) from None
    except DecodeError as e:
        raise GraphFileError(f"not a binary GraphDef: {e}", path=source) from None
    return gd


def read_graphdef(path: str | os.PathLike[str], *, progress: Progress | None = None
                  ) -> tuple[Graph, ImportReport]:
    """Read a ``.pb`` (binary) or ``.pbtxt`` (text) GraphDef into a new Graph.

    ``progress(fraction)``, when given, hears how far the import is (0.1 once the file is
    read, 0.2 once parsed, then as the nodes are built, 1.0 last); an exception it raises
    stops the import and propagates unchanged (nothing is built for the caller)."""
    source = os.fspath(path)
    try:
        size = os.path.getsize(source)
        if size > MAX_GRAPHDEF_BYTES:
            raise GraphFileError(f"is {size} bytes; a GraphDef is at most 2 GiB", path=source)
        with open(source, "rb") as f:
            data = f.read()
    except OSError as e:
        raise GraphFileError(f"cannot read the file: {e.strerror or e}", path=source) from None
    if progress is not None:
        progress(0.1)
    gd = parse_graphdef(data, source)
    if progress is not None:
        progress(0.2)
    return graph_from_graphdef(gd, source, progress=progress)


def _split_inputs(node: Any, where: str) -> tuple[list[tuple[str, int]], list[str]]:
    data: list[tuple[str, int]] = []
    control: list[str] = []
    for ref in node.input:
        if ref.startswith("^"):
            control.append(ref[1:])
            continue
        if control:
            raise GraphFileError(f"data input {ref!r} comes after a control input", field=where)
        name, _, index = ref.partition(":")
        if index and not index.isdigit():
            raise GraphFileError(f"input {ref!r} is not a tensor name", field=where)
        data.append((name, int(index) if index else 0))
    return data, control


#: the ops a while loop's back edge runs from and to (TF's only cycles: ``NextIteration``
#: feeds its loop's ``Merge``)
_LOOP_SOURCES = ("NextIteration", "RefNextIteration")
_LOOP_MERGES = ("Merge", "RefMerge")


def loop_back_edges(nodes: list[Any], refs: dict[str, tuple[list[tuple[str, int]], list[str]]]
                    ) -> dict[str, dict[int, str]]:
    """Each Merge's inputs that read a NextIteration (node name -> input index -> the input
    as the NodeDef writes it): the edges that close TF's while loops, left unwired."""
    sources = {n.name for n in nodes if n.op in _LOOP_SOURCES}
    edges: dict[str, dict[int, str]] = {}
    for n in nodes:
        if n.op in _LOOP_MERGES:
            back = {i: ref for i, ref in enumerate(n.input)
                    if i < len(refs[n.name][0]) and refs[n.name][0][i][0] in sources}
            if back:
                edges[n.name] = back
    return edges


def _order(nodes: list[Any], refs: dict[str, tuple[list[tuple[str, int]], list[str]]],
           source: str, back: dict[str, dict[int, str]]) -> list[Any]:
    """The nodes, each after the nodes it reads (TF allows any order in a GraphDef), but for
    the loops' back edges; otherwise in the file's order."""
    by_name = {n.name: n for n in nodes}
    pending: dict[str, int] = {}
    users: dict[str, list[str]] = {n.name: [] for n in nodes}
    for n in nodes:
        data, control = refs[n.name]
        skip = back.get(n.name, {})
        deps = {name for i, (name, _) in enumerate(data) if i not in skip} | set(control)
        for d in deps:
            if d not in by_name:
                raise GraphFileError(f"input {d!r} names no node in the graph", path=source,
                                     field=f"node {n.name!r}")
            users[d].append(n.name)
        pending[n.name] = len(deps)
    # the ready node first in the file goes next: a file already in order keeps its order
    # (the graph's creation order, which picks the node a failing run names, as TF's does)
    index = {n.name: i for i, n in enumerate(nodes)}
    ready = [i for i, n in enumerate(nodes) if pending[n.name] == 0]
    heapq.heapify(ready)
    out: list[Any] = []
    while ready:
        name = nodes[heapq.heappop(ready)].name
        out.append(by_name[name])
        for u in users[name]:
            pending[u] -= 1
            if pending[u] == 0:
                heapq.heappush(ready, index[u])
    if len(out) < len(nodes):
        left = sorted(n for n, k in pending.items() if k > 0)
        raise GraphFileError(
            f"the graph has a cycle through {', '.join(map(repr, left[:5]))}"
            f"{' …' if len(left) > 5 else ''} (a cycle that is not a while loop's "
            "NextIteration → Merge)", path=source)
    return out


def graph_from_graphdef(gd: graph_pb2.GraphDef, source: str = "<memory>", *,
                        progress: Progress | None = None) -> tuple[Graph, ImportReport]:
    """Build a Graph from a parsed GraphDef; see the module's docstring. ``progress`` hears
    fractions from 0.2 to 1.0 as the nodes are built (see ``read_graphdef``)."""
    report = ImportReport()
    if len(gd.library.function):
        report.warnings.append(f"{len(gd.library.function)} function(s) in the graph's library "
                               "were not imported (TensorCanvas has no functions)")
    refs: dict[str, tuple[list[tuple[str, int]], list[str]]] = {}
    seen: dict[str, str] = {}
    for node in gd.node:
        where = f"node {node.name!r}"
        if not is_valid_name(node.name):
            raise GraphFileError(f"{node.name!r} is not a valid op name", path=source,
                                 field="node")
        low = node.name.lower()
        if low in seen:
            raise GraphFileError(f"duplicate node name (also {seen[low]!r})", path=source,
                                 field=where)
        seen[low] = node.name
        try:
            refs[node.name] = _split_inputs(node, where)
        except GraphFileError as e:
            raise GraphFileError(e.reason, path=source, field=e.field) from None
    n_outputs: dict[str, int] = {}
    for data, _ in refs.values():
        for name, index in data:
            n_outputs[name] = max(n_outputs.get(name, 1), index + 1)
    graph = Graph()
    ops: dict[str, Operation] = {}
    back = loop_back_edges(list(gd.node), refs)
    ordered = _order(list(gd.node), refs, source, back)
    every = max(1, len(ordered) // 200)  # a few hundred reports at most
    for k, node in enumerate(ordered):
        if progress is not None and k % every == 0:
            progress(0.2 + 0.8 * k / len(ordered))
        data, control = refs[node.name]
        loops = back.get(node.name, {})
        inputs: list[Tensor | None] = []
        for i, (name, index) in enumerate(data):
            if i in loops:
                inputs.append(None)  # a loop's back edge: kept as a name (loop_inputs)
                continue
            src = ops[name]
            if index >= len(src.outputs):
                raise GraphFileError(
                    f"input {name}:{index}: {name!r} ({src.type}) has {len(src.outputs)} "
                    "output(s)", path=source, field=f"node {node.name!r}")
            inputs.append(src.outputs[index])
        op = build_node(graph, node, inputs, n_outputs.get(node.name, 0), report, loops)
        ops[node.name] = op
        for dep in control:
            graph.add_control_input(op, ops[dep])
        _check_output_shapes(op, node, report)
    if progress is not None:
        progress(1.0)
    return graph, report


def _registry_attrs(op_def: OpDef, node: Any, n_inputs: int) -> dict[str, Any] | str:
    """The attributes to build the op with, or why the registry's op cannot take the node."""
    attrs: dict[str, Any] = {}
    known = {a.name: a for a in op_def.attrs}
    for key in node.attr:
        if key.startswith(IGNORED_ATTR_PREFIX):
            continue
        a = known.get(key)
        if a is None:
            return f"TensorCanvas's {op_def.type} has no attribute {key!r}"
        if a.derived:
            continue
        try:
            attrs[key] = attr_from_proto(a, node.attr[key])
        except ProtoValueError as e:
            return f"attribute {key!r}: {e}"
    for count in op_def.list_inputs.values():  # N: the inputs but the fixed ones
        attrs.setdefault(count, n_inputs - (len(op_def.inputs) - 1))
    return attrs


def build_node(graph: Graph, node: Any, inputs: list[Tensor | None], n_outputs: int,
               report: ImportReport, loops: dict[int, str] | None = None) -> Operation:
    """The op of one NodeDef (its inputs given, maybe unwired): the registry's op where it
    takes the node, else an opaque node (noted in ``report``); ``loops``, a Merge's loop back
    edges, make it opaque with them (``loop_inputs``). Graph files use it too, for the opaque
    nodes they hold."""
    why = ""
    if has_op_def(node.op) and not loops:
        op_def = get_op_def(node.op)
        attrs = _registry_attrs(op_def, node, len(inputs))
        if isinstance(attrs, str):
            why = attrs
        else:
            try:
                clean = op_def.clean_attrs(attrs)
                names = op_def.input_names(clean)
                if n_outputs > op_def.output_count(clean):
                    why = f"its consumers read output {n_outputs - 1}; {op_def.type} has " \
                          f"{op_def.output_count(clean)}"
                elif len(names) != len(inputs):
                    why = f"{op_def.type} takes {len(names)} inputs, the node has {len(inputs)}"
                else:
                    return graph.add_op(node.op, name=node.name, attrs=attrs, inputs=inputs,
                                        exact_name=True)
            except (EngineError, TypeError, ValueError) as e:
                why = f"TensorCanvas's {op_def.type} refuses it: {e}"
    shapes = node.attr.get("_output_shapes")
    recorded = [] if shapes is None else [shape_from_proto(s) for s in shapes.list.shape]
    n_outputs = max(n_outputs, len(recorded), 1)
    raw = {key: node.attr[key].SerializeToString(deterministic=True) for key in node.attr}
    op = add_opaque_op(graph, node.name, node.op, raw, inputs, n_outputs, why,
                       opaque_outputs(node, n_outputs, recorded), _attr_summary(node), loops)
    report.opaque.append((node.name, node.op, op.op_def.extra["reason"]))
    return op


def _check_output_shapes(op: Operation, node: Any, report: ImportReport) -> None:
    recorded = node.attr.get("_output_shapes")
    if recorded is None or op.output_specs is None:
        return
    for i, (proto, spec) in enumerate(zip(recorded.list.shape, op.output_specs)):
        shape = shape_from_proto(proto)
        if not shape.is_compatible_with(spec.shape):
            report.warnings.append(
                f"node {node.name!r}: _output_shapes says output {i} is {shape}, inference "
                f"gives {spec.shape} (inference kept)")


def _attr_summary(node: Any) -> str:
    """An opaque node's attributes as TF's text format writes them, one short line each."""
    lines = []
    for key in sorted(node.attr):
        if key.startswith(IGNORED_ATTR_PREFIX):
            continue
        text = text_format.MessageToString(node.attr[key], as_one_line=True)
        lines.append(f"{key}: {text if len(text) <= 80 else text[:77] + '…'}")
    return "Attributes as imported:\n" + "\n".join(lines) if lines else ""
