"""GraphDef export: an engine Graph as TensorFlow's GraphDef (``.pb`` binary, ``.pbtxt`` text).

Each op becomes the NodeDef the table in ``graphdef_ops`` says, with TF's input references
(``name`` for output 0, ``name:1``, control inputs ``^name`` last) and every attribute the
registry declares, derived ones (``T``) included, as the ``AttrValue`` of its kind. An opaque
node is written back exactly as it was read. The graph must be complete: an unwired input or
an op whose inference failed has no NodeDef (its ``T`` is unknown), so export refuses it with
a ``GraphFileError`` naming the op. ``tf.compat.v1.import_graph_def`` reads the result.
"""

from __future__ import annotations

import os

from google.protobuf import text_format
from tensorboard.compat.proto import attr_value_pb2, graph_pb2, node_def_pb2, versions_pb2

from ..framework.errors import GraphFileError
from ..framework.graph import Graph
from ..framework.opaque import is_opaque, loop_inputs
from ..framework.operation import Operation, Tensor
from .atomic_write import write_atomically
from .graphdef_ops import GRAPHDEF_OPS, NOT_EXPORTABLE
from .graphdef_values import attr_to_proto, output_shapes_attr

#: the GraphDef ``versions.producer`` written: TF 2.21's, so TF reads the ops as it writes them
PRODUCER = 2129


def _ref(t: Tensor) -> str:
    return t.op.name if t.value_index == 0 else t.name


def _control_refs(op: Operation) -> list[str]:
    """The control inputs as TF writes them: by name (its ``Graph::ToGraphDef`` sorts them,
    whatever order they were added in)."""
    return sorted("^" + c.name for c in op.control_inputs)


def opaque_node_def(op: Operation) -> node_def_pb2.NodeDef:
    """An opaque node's NodeDef as it was read: op type and attributes (no inputs)."""
    node = node_def_pb2.NodeDef(name=op.name, op=op.type)
    for key, raw in op.attrs.items():
        node.attr[key].CopyFrom(attr_value_pb2.AttrValue.FromString(raw))
    return node


def _node(op: Operation, add_shapes: bool, names: set[str]) -> list[node_def_pb2.NodeDef]:
    """The NodeDefs of ``op`` (``names``: the graph's op names, lower-cased)."""
    if is_opaque(op):
        node = opaque_node_def(op)
        loops = loop_inputs(op)
        for i, t in enumerate(op.inputs):
            if t is not None:
                node.input.append(_ref(t))
            elif i in loops and loops[i].partition(":")[0].lower() in names:
                node.input.append(loops[i])  # a while loop's back edge, as it was read
        node.input.extend(_control_refs(op))
        return [node]
    if op.type in NOT_EXPORTABLE or op.type not in GRAPHDEF_OPS:
        why = NOT_EXPORTABLE.get(op.type, "it has no GraphDef mapping")
        raise GraphFileError(f"op {op.name!r} ({op.type}) cannot be written as a NodeDef: {why}")
    if any(t is None for t in op.inputs):
        raise GraphFileError(f"op {op.name!r} ({op.type}) has an unwired input: a GraphDef "
                             "cannot hold it")
    if op.error is not None:
        raise GraphFileError(f"op {op.name!r} ({op.type}) has an error, so its attributes "
                             f"are not known: {op.error}")
    extra: list[node_def_pb2.NodeDef] = []
    op_type = GRAPHDEF_OPS[op.type]
    values = op.all_attrs()
    inputs = [_ref(t) for t in op.inputs if t is not None]
    skip: set[str] = set()
    if op.type == "Placeholder" and values.get("default_value") is not None:
        default = node_def_pb2.NodeDef(name=f"{op.name}/default_value", op="Const")
        dtype = values["dtype"]
        default.attr["value"].CopyFrom(attr_to_proto("tensor", values["default_value"], dtype))
        default.attr["dtype"].CopyFrom(attr_to_proto("type", dtype))
        extra.append(default)
        op_type, inputs = "PlaceholderWithDefault", [default.name]
    if op.type == "Placeholder":
        skip.add("default_value")
    node = node_def_pb2.NodeDef(name=op.name, op=op_type)
    node.input.extend(inputs)
    node.input.extend(_control_refs(op))
    dtype = values.get("dtype")
    skip.update(op.op_def.extra.get("not_in_node_def", ()))  # IdentityN's N: TF counts T
    for a in op.op_def.attrs:
        value = values.get(a.name)
        if value is None or a.name in skip:
            continue
        node.attr[a.name].CopyFrom(attr_to_proto(a.kind, value, dtype if a.kind == "tensor"
                                                 else None))
    if add_shapes and op.output_specs is not None:
        node.attr["_output_shapes"].CopyFrom(
            output_shapes_attr([s.shape for s in op.output_specs]))
    return extra + [node]


def graph_to_graphdef(graph: Graph, *, add_shapes: bool = False) -> graph_pb2.GraphDef:
    """The GraphDef of ``graph`` (ops in graph order); ``add_shapes`` adds each node's
    ``_output_shapes`` as TF's ``as_graph_def(add_shapes=True)`` does."""
    gd = graph_pb2.GraphDef()
    gd.versions.CopyFrom(versions_pb2.VersionDef(producer=PRODUCER))
    names = {op.name.lower() for op in graph.get_operations()}
    for op in graph.get_operations():
        for node in _node(op, add_shapes, names):
            if node.name != op.name and node.name.lower() in names:
                raise GraphFileError(f"op {op.name!r}: its default value would be written as "
                                     f"{node.name!r}, a name another op has")
            gd.node.append(node)
    return gd


def graphdef_bytes(graph: Graph, text: bool, *, add_shapes: bool = False) -> bytes:
    gd = graph_to_graphdef(graph, add_shapes=add_shapes)
    if text:
        return text_format.MessageToString(gd).encode("utf-8")
    return gd.SerializeToString(deterministic=True)  # attrs (a map) in key order


def write_graphdef(path: str | os.PathLike[str], graph: Graph, *,
                   add_shapes: bool = False) -> None:
    """Write ``graph`` as a GraphDef, text for ``.pbtxt``/``.txt``, else binary; atomically
    (the old file survives any failure)."""
    target = os.fspath(path)
    try:
        data = graphdef_bytes(graph, target.endswith((".pbtxt", ".txt")), add_shapes=add_shapes)
    except GraphFileError as e:
        raise GraphFileError(e.reason, path=target, field=e.field) from None
    write_atomically(target, [data])
