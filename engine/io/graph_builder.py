"""Building a Graph from a document's parts, checking every field on the way.

The parts arrive one at a time — the header fields, then each op as soon as it is parsed —
so the reader (``document_reader.py``) never holds more than one op's JSON, and an in-memory
document (``graph_from_document``) goes through the same checks. Problems are ``_Bad``
(the JSON path and what is wrong); the first one stops the build. Ops are created as they
come and wired at the end (an input may name an op later in the list), in an order that
rejects a cycle by naming the input that closes it.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from google.protobuf.message import DecodeError
from tensorboard.compat.proto import node_def_pb2

from ..framework.errors import GraphEditError, InferenceError
from ..framework.graph import Graph
from ..framework.naming import invalid_name_message, is_valid_name
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, get_op_def, has_op_def
from ..framework.shapes import TensorShape
from .doc_fields import (
    TOP,
    _Bad,
    check_fields,
    clip,
    expect,
    is_int,
    key_path,
    kind,
    show,
    show_number,
)
from .graphdef_read import ImportReport, build_node
from .tensor_codec import MAX_SHAPE_RANK, _decode_dtype, _decode_tensor, _dtype_of_array

FORMAT = "tensorcanvas-graph"
#: 2: ops may have control inputs, and opaque nodes (a file with neither is written as 1)
VERSION = 2
#: the version a file without control inputs or opaque nodes is written as
BASE_VERSION = 1
#: the most outputs a file's opaque node may say it has
MAX_OPAQUE_OUTPUTS = 1000
#: the most ops a graph file may hold (each costs a few KB once built)
MAX_OPS = 2**20

TOP_FIELDS = ("format", "version", "ops", "editor")
_OP_FIELDS = ("name", "type", "attrs", "inputs")
#: an op's optional fields (version 2): its control inputs; for an opaque node (an imported
#: op of a type TensorCanvas has not), its NodeDef and output count
_OP_FIELDS_ALLOWED = (*_OP_FIELDS, "control_inputs", "opaque")
# DOTALL: an op may be named "a\n" (TF allows it), so its tensor is "a\n:0"; fullmatch:
# "a:0\n" is not a tensor name
_TENSOR_REF = re.compile(r"(.+):(0|[1-9][0-9]*)", re.DOTALL)


def check_format_version(fields: dict[str, Any]) -> None:
    """``format`` and ``version``, checked before anything else, so a file from a newer
    TensorCanvas is reported as such even if the rest is not version 1."""
    if "format" not in fields:
        raise _Bad(TOP, f'not a TensorCanvas graph file: missing field "format" (expected '
                        f'"{FORMAT}")')
    if fields["format"] != FORMAT:
        raise _Bad("format", f'not a TensorCanvas graph file: expected "{FORMAT}", got '
                             f"{show(fields['format'])}")
    if "version" not in fields:
        raise _Bad(TOP, 'missing field "version"')
    version = fields["version"]
    if not is_int(version):
        raise _Bad("version", f"expected an integer, got {kind(version)}")
    if version > VERSION:
        raise _Bad("version", f"was written by a newer TensorCanvas (version "
                              f"{show_number(version)}); this one reads version {VERSION}")
    if version < 1:
        raise _Bad("version", f"unknown version {show_number(version)}; this TensorCanvas "
                              f"reads version {VERSION}")


def check_top_fields(fields: dict[str, Any], required: tuple[str, ...] = ("ops",)) -> None:
    """The top-level object's other fields: ``ops`` present, nothing unknown, the types."""
    check_fields(fields, "", required, TOP_FIELDS)
    if "ops" in fields and fields["ops"] is not STREAMED:
        expect(fields["ops"], list, "ops", "a list of ops")
    if "editor" in fields:
        expect(fields["editor"], dict, "editor", "an object")


#: stands for the ``ops`` list while the reader streams it op by op
STREAMED: Any = object()


# --- attributes --------------------------------------------------------------------------------
def _decode_shape_attr(value: Any, field: str) -> TensorShape:
    if value is None:
        return TensorShape(None)
    if not isinstance(value, list):
        raise _Bad(field, f"expected a list of sizes (null for unknown), or null for an unknown "
                          f"rank, got {kind(value)}")
    if len(value) > MAX_SHAPE_RANK:
        raise _Bad(field, f"rank {len(value)} is more than {MAX_SHAPE_RANK}")
    dims: list[int | None] = []
    for i, d in enumerate(value):
        if d is None:
            dims.append(None)
        elif is_int(d) and 0 <= d < 2**63:
            dims.append(d)
        else:
            got = show_number(d) if is_int(d) else kind(d)
            raise _Bad(f"{field}[{i}]", f"expected a size (an integer >= 0) or null, got {got}")
    return TensorShape(dims)


def _decode_attr(a: AttrDef, value: Any, field: str) -> Any:
    if a.kind == "shape":  # null is a shape: the unknown rank
        return _decode_shape_attr(value, field)
    if value is None:
        if a.optional:
            return None
        raise _Bad(field, f"{a.name} cannot be null")
    if a.kind == "type":
        return _decode_dtype(value, field)
    if a.kind == "bool":
        if not isinstance(value, bool):
            raise _Bad(field, f"expected true or false, got {kind(value)}")
        return value
    if a.kind == "int":
        if not is_int(value):
            raise _Bad(field, f"expected an integer, got {kind(value)}")
        if not -(2**63) <= value < 2**63:
            raise _Bad(field, f"{show_number(value)} is out of range (a 64-bit integer)")
        return value
    if a.kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Bad(field, f"expected a number, got {kind(value)}")
        return float(value)
    if a.kind == "string":
        if not isinstance(value, str):
            raise _Bad(field, f"expected a string, got {kind(value)}")
        return value
    if a.kind == "ints":
        if not isinstance(value, list) or not all(is_int(v) for v in value):
            raise _Bad(field, f"expected a list of integers, got {kind(value)}")
        if not all(-(2**63) <= v < 2**63 for v in value):
            raise _Bad(field, "an integer in the list is out of range (a 64-bit integer)")
        return list(value)
    if a.kind == "tensor":
        return _decode_tensor(value, field)
    raise _Bad(field, f"attribute kind {a.kind!r} cannot be read")  # pragma: no cover


def _attrs_of(op_type: str, raw: dict[str, Any], field: str) -> dict[str, Any]:
    op_def = get_op_def(op_type)
    known = {a.name: a for a in op_def.attrs}
    attrs: dict[str, Any] = {}
    for key, value in raw.items():
        a = known.get(key)
        where = key_path(field, key)
        if a is None:
            names = ", ".join(x.name for x in op_def.attrs if not x.derived) or "none"
            raise _Bad(where, f"{op_type} has no attribute {_short_repr(key)} (it has: {names})")
        if a.derived:
            raise _Bad(where, f"{key} is derived from the inputs and is not written in files")
        attrs[key] = _decode_attr(a, value, where)
    # a tensor attr and the op's "dtype" attr must agree (no silent casts)
    dtype_attr = known.get("dtype")
    if dtype_attr is not None and not dtype_attr.derived:
        for a in op_def.attrs:
            if a.kind != "tensor" or attrs.get(a.name) is None:
                continue
            tensor_dtype = _dtype_of_array(attrs[a.name])
            if "dtype" not in attrs:
                attrs["dtype"] = tensor_dtype
            elif attrs["dtype"] is not tensor_dtype:
                raise _Bad(f"{field}.dtype", f"{attrs['dtype'].name} does not match the dtype "
                                             f"of {a.name} ({tensor_dtype.name})")
    return attrs


def _name_message(name: str) -> str:
    if len(name) <= 60:
        return clip(invalid_name_message(name).replace("\n", "\\n"))
    return clip(invalid_name_message(name[:60] + "…")) + f" (a name of {len(name)} characters)"


def _short_repr(key: Any) -> str:
    if not isinstance(key, str):  # an in-memory document's key
        return show_number(key) if is_int(key) else kind(key)
    return repr(key) if len(key) <= 40 else show(key, 40)


class GraphBuilder:
    """Takes a document's ops one by one (``add``) and makes the graph (``finish``)."""

    def __init__(self) -> None:
        self.graph = Graph()
        self._ops: list[Operation] = []
        self._names: dict[str, tuple[int, str]] = {}  # lower-cased name -> (index, name)
        self._refs: list[list[tuple[str, int, str] | None]] = []
        self._controls: list[list[str]] = []

    def add(self, i: int, raw: Any) -> None:
        field = f"ops[{i}]"
        if i >= MAX_OPS:
            raise _Bad(field, f"a graph file may hold at most {MAX_OPS} ops")
        expect(raw, dict, field, "an op object")
        check_fields(raw, field, _OP_FIELDS, _OP_FIELDS_ALLOWED)
        name = raw["name"]
        expect(name, str, f"{field}.name", "a string")
        if not is_valid_name(name):
            raise _Bad(f"{field}.name", _name_message(name))
        seen = self._names.get(name.lower())
        if seen is not None:
            first, same = seen
            extra = "" if same == name else f" ({show(same)}; names are compared ignoring case)"
            raise _Bad(f"{field}.name", f"duplicate op name {show(name)}: ops[{first}] has "
                                        f"it{extra}")
        self._names[name.lower()] = (i, name)
        op_type = raw["type"]
        expect(op_type, str, f"{field}.type", "a string")
        if "opaque" in raw:
            self._add_opaque(raw, name, op_type, field)
            return
        if not has_op_def(op_type):
            raise _Bad(f"{field}.type", f"unknown op type {show(op_type)}")
        op_def = get_op_def(op_type)
        expect(raw["attrs"], dict, f"{field}.attrs", "an object")
        attrs = _attrs_of(op_type, raw["attrs"], f"{field}.attrs")
        inputs = raw["inputs"]
        expect(inputs, list, f"{field}.inputs", "a list of tensor names or null")
        names = op_def.input_names(attrs)  # a list input counts as its length attribute says
        n_inputs = len(names)
        if len(inputs) != n_inputs:
            params = ", ".join(names)
            raise _Bad(f"{field}.inputs", f"{op_type} has {n_inputs} input"
                                          f"{'' if n_inputs == 1 else 's'}"
                                          f"{f' ({params})' if params else ''}, the list has "
                                          f"{len(inputs)}")
        self._add_refs(raw, field)
        self._ops.append(self._create(op_type, name, attrs, field))

    def _add_refs(self, raw: dict[str, Any], field: str) -> None:
        """The op's inputs and control inputs, as names: ``finish`` wires them."""
        self._refs.append([self._ref(ref, f"{field}.inputs[{j}]")
                           for j, ref in enumerate(raw["inputs"])])
        controls = raw.get("control_inputs", [])
        expect(controls, list, f"{field}.control_inputs", "a list of op names")
        for j, c in enumerate(controls):
            expect(c, str, f"{field}.control_inputs[{j}]", "an op name")
        self._controls.append(controls)

    def _add_opaque(self, raw: dict[str, Any], name: str, op_type: str, field: str) -> None:
        """An opaque node: its NodeDef is read as a GraphDef's node is (so an op type the
        registry has gained since becomes that op)."""
        where = f"{field}.opaque"
        opaque = raw["opaque"]
        expect(opaque, dict, where, "an object")
        check_fields(opaque, where, ("node_def", "outputs"), ("node_def", "outputs"))
        expect(opaque["node_def"], str, f"{where}.node_def", "a base64 string")
        outputs = opaque["outputs"]
        if not is_int(outputs) or not 1 <= outputs <= MAX_OPAQUE_OUTPUTS:
            raise _Bad(f"{where}.outputs", f"expected an integer from 1 to "
                                           f"{MAX_OPAQUE_OUTPUTS}, got {show(outputs)}")
        expect(raw["attrs"], dict, f"{field}.attrs", "an object")
        if raw["attrs"]:
            raise _Bad(f"{field}.attrs", "an opaque node's attributes are in its node_def")
        expect(raw["inputs"], list, f"{field}.inputs", "a list of tensor names or null")
        try:
            data = base64.b64decode(opaque["node_def"], validate=True)
            node = node_def_pb2.NodeDef.FromString(data)
        except (binascii.Error, ValueError, DecodeError):
            raise _Bad(f"{where}.node_def", "not a NodeDef in base64") from None
        node.name, node.op = name, op_type
        loops = {i: ref for i, ref in enumerate(node.input) if ref}  # a loop's back edges
        del node.input[:]
        if any(i >= len(raw["inputs"]) or raw["inputs"][i] is not None for i in loops):
            raise _Bad(f"{where}.node_def", "a loop input must be a null entry of inputs")
        self._add_refs(raw, field)
        try:
            op = build_node(self.graph, node, [None] * len(raw["inputs"]), outputs,
                            ImportReport(), loops)
        except (GraphEditError, ValueError) as e:
            raise _Bad(field, clip(str(e))) from None
        self._ops.append(op)

    @staticmethod
    def _ref(ref: Any, where: str) -> tuple[str, int, str] | None:
        if ref is None:
            return None
        if not isinstance(ref, str):
            raise _Bad(where, f'expected a tensor name such as "add:0" or null, got {kind(ref)}')
        m = _TENSOR_REF.fullmatch(ref)
        if m is None:
            raise _Bad(where, f'{show(ref)} is not a tensor name: write "op_name:output_index", '
                              'such as "add:0"')
        digits = m.group(2)
        index = int(digits) if len(digits) <= 18 else 2**63  # no op has that many outputs
        return m.group(1), index, digits

    def _create(self, op_type: str, name: str, attrs: dict[str, Any], field: str) -> Operation:
        try:
            return self.graph.add_op(op_type, name=name, attrs=attrs, exact_name=True)
        except InferenceError as e:  # an AttrError from the op's normalize
            message = str(e)
            for key in attrs:
                if message.startswith(f"{key}: "):
                    raise _Bad(f"{field}.attrs.{key}", clip(message[len(key) + 2:])) from None
            raise _Bad(f"{field}.attrs", clip(message)) from None
        except (GraphEditError, TypeError, ValueError, OverflowError) as e:
            raise _Bad(field, clip(str(e))) from None

    def finish(self) -> Graph:
        """Wire the inputs (they may name ops later in the list) and return the graph."""
        ops = self._ops
        by_name = {op.name: op for op in ops}
        sources: list[list[Tensor | None]] = []
        for i, op_refs in enumerate(self._refs):
            row: list[Tensor | None] = []
            for j, ref in enumerate(op_refs):
                if ref is None:
                    row.append(None)
                    continue
                src_name, index, digits = ref
                src = by_name.get(src_name)
                where = f"ops[{i}].inputs[{j}]"
                tensor = show(f"{src_name}:{digits}")
                if src is None:
                    raise _Bad(where, f"no tensor named {tensor} (no op is named "
                                      f"{show(src_name)})")
                n_out = len(src.outputs)
                if index >= n_out:
                    raise _Bad(where, f"no tensor named {tensor}: op {show(src_name)} has "
                                      f"{n_out} output{'' if n_out == 1 else 's'}")
                row.append(src.outputs[index])
            sources.append(row)
        for i in _topological_order(ops, sources):
            for j, t in enumerate(sources[i]):
                if t is not None:
                    self.graph.connect(t, ops[i], j)
        self._add_controls(by_name)
        return self.graph

    def _add_controls(self, by_name: dict[str, Operation]) -> None:
        """The control inputs (``^name``), after the data wiring: each must name an op of
        the file, and none may close a cycle."""
        for i, names in enumerate(self._controls):
            for j, name in enumerate(names):
                where = f"ops[{i}].control_inputs[{j}]"
                control = by_name.get(name)
                if control is None:
                    raise _Bad(where, f"no op named {show(name)}")
                try:
                    self.graph.add_control_input(self._ops[i], control)
                except GraphEditError as e:
                    raise _Bad(where, clip(str(e))) from None


def _topological_order(ops: list[Operation], sources: list[list[Tensor | None]]) -> list[int]:
    """Op indices, each after its inputs' producers (file order among equals); ``_Bad`` naming
    an input that closes a cycle, when there is one."""
    index = {op: i for i, op in enumerate(ops)}
    consumers: list[list[int]] = [[] for _ in ops]
    pending = [0] * len(ops)
    for i, row in enumerate(sources):
        for t in row:
            if t is not None:
                consumers[index[t.op]].append(i)
                pending[i] += 1
    ready = [i for i in range(len(ops)) if pending[i] == 0]
    ready.reverse()
    order: list[int] = []
    while ready:
        i = ready.pop()
        order.append(i)
        for c in consumers[i]:
            pending[c] -= 1
            if pending[c] == 0:
                ready.append(c)
    if len(order) == len(ops):
        return order
    # every op left has an input from another op left: walk back until a name repeats
    left = {i for i in range(len(ops)) if pending[i] > 0}
    path: list[int] = []
    on_path: dict[int, int] = {}
    i = min(left)
    while i not in on_path:
        on_path[i] = len(path)
        path.append(i)
        i = next(index[t.op] for t in sources[i] if t is not None and index[t.op] in left)
    cycle = path[on_path[i]:]  # each op's input comes from the next one
    first = min(cycle)
    k = cycle.index(first)
    producer = cycle[(k + 1) % len(cycle)]
    j = next(j for j, t in enumerate(sources[first]) if t is not None and index[t.op] == producer)
    names = [ops[c].name for c in cycle[k:] + cycle[:k]]
    loop = " ← ".join(names + [names[0]])
    raise _Bad(f"ops[{first}].inputs[{j}]", clip(f"this input makes a cycle: {loop} (each op "
                                                 "reads the next)"))
