"""Creating an op from Python values the way TF's ``op_def_library`` does.

``apply_op("Reshape", name, tensor=x, shape=[-1, 3])`` opens the op's name scope, converts
each input in the OpDef's order — a literal becomes a Const named after its parameter
(``Reshape/shape``), a list holding tensors becomes a Pack (``Reshape/shape`` with
``Reshape/shape/1`` for a literal element: TF's autopacking) — to the dtype an earlier input
fixed for the same type attribute, or else the attribute's default when the value's own
dtype is not allowed, and makes the op. List inputs (``N * T``) set their length attribute.
The errors are TF's, word for word. Builder functions of the new op families are thin
calls of this.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.graph import Graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation, Tensor, as_tensor
from ..framework.registry import OpDef, get_op_def
from . import apply as _apply
from .apply import const as _const
from .apply import graph_of as _graph_of
from .builder import cast


def _has_tensor(value: Any) -> bool:
    value = as_tensor(value)
    if isinstance(value, Tensor):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_tensor(v) for v in value)
    return False


def _nested_dtype(value: Any) -> DType | None:
    value = as_tensor(value)
    if isinstance(value, Tensor):
        return value.dtype
    if isinstance(value, (list, tuple)):
        for v in value:
            found = _nested_dtype(v)
            if found is not None:
                return found
    return None


def _autopack(graph: Graph, value: Sequence[Any], dtype: DType | None, name: str) -> Tensor:
    """TF's ``_autopacking_helper``: a (nested) list holding tensors, as a Pack."""
    with graph.name_scope(name) as scope:
        elems: list[Any] = []
        for i, elem in enumerate(value):
            if isinstance(elem, Tensor):
                if dtype is not None and elem.dtype is not dtype:
                    raise TypeError(f"Cannot convert a list containing a tensor of dtype "
                                    f"{elem.dtype} to {dtype} (Tensor is: {elem!r})")
                elems.append(elem)
            elif isinstance(elem, (list, tuple)) and _has_tensor(elem):
                elems.append(_autopack(graph, elem, dtype, str(i)))
            elif isinstance(elem, (list, tuple)):
                # TF opens the nested list's scope before finding no tensor in it: its
                # Const is then ``stack/1_1``
                with graph.name_scope(str(i)):
                    elems.append(elem)
            else:
                elems.append(elem)
        tensors = [e if isinstance(e, Tensor) else _const(graph, e, dtype, str(i))
                   for i, e in enumerate(elems)]
        attrs = {"N": len(tensors), "axis": 0}
        return graph.create_op("Pack", tensors, attrs, scope).outputs[0]


def convert(graph: Graph, value: Any, name: str, dtype: DType | None = None,
            preferred: DType | None = None) -> Tensor:
    """``ops.convert_to_tensor(value, name=name, dtype=dtype, preferred_dtype=preferred)``."""
    if isinstance(value, IndexedSlices):  # its dense form, named after the input it feeds
        return value.dense(dtype, name)
    value = as_tensor(value)
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype is not dtype:
            prefix = f"{name}: " if name else ""  # TF's _add_error_prefix
            raise ValueError(f"{prefix}Tensor conversion requested dtype {dtype.name} for Tensor "
                             f"with dtype {value.dtype.name if value.dtype else '<unknown>'}: "
                             f"{value.tf_repr()}")
        return value
    if isinstance(value, Operation):
        raise TypeError(f"Can not convert an Operation ({value.name}) into a Tensor.")
    if isinstance(value, (list, tuple)) and _has_tensor(value):
        inferred = _nested_dtype(value)
        target = dtype or inferred
        if dtype is not None and dtype is not inferred:
            value = _cast_tensors(value, dtype)
        return _autopack(graph, value, target, name or "packed")  # TF's autopacking's name
    if dtype is None and preferred is not None:
        try:
            return _apply.literal(graph, value, preferred, name)
        except (TypeError, ValueError):
            pass
    return _apply.literal(graph, value, dtype, name)


def convert_to_tensor(value: Any, dtype: Any = None, name: str | None = None,
                      preferred_dtype: Any = None, dtype_hint: Any = None) -> Tensor:
    """``tf.convert_to_tensor``: a tensor as is (of ``dtype``, when given), a list holding
    tensors packed (TF's autopacking: a Pack named ``packed``), anything else a Const
    (``tf.constant``'s rules; ``preferred_dtype``/``dtype_hint`` is tried first)."""
    hint = preferred_dtype if preferred_dtype is not None else dtype_hint
    graph = _graph_of(value)
    if isinstance(value, (list, tuple)) and _has_tensor(value):
        want = dt.as_dtype(dtype) if dtype is not None else None
        return convert(graph, value, name or "packed", want)
    return _apply.convert_to_tensor(value, dtype, name, hint, graph=graph)


def _cast_tensors(value: Any, dtype: DType) -> Any:
    if isinstance(value, Tensor):
        return cast(value, dtype)
    if isinstance(value, (list, tuple)):
        return [_cast_tensors(v, dtype) for v in value]
    return value


def _type_of(op_def: OpDef, param: str) -> tuple[str | None, DType | None]:
    """The type attribute that types ``param`` (``T``), or the fixed dtype it must have
    (looked up once per op type and input: every op built asks)."""
    found = _TYPES_OF.get((op_def.type, param))
    if found is not None and found[0] is op_def:
        return found[1]
    spec = op_def.extra.get("arg_types", {}).get(param)
    if spec is None and op_def.input_types and param in op_def.inputs:
        typed = op_def.input_types[op_def.inputs.index(param)]  # a binary op's ("T", "T")
        spec = typed if isinstance(typed, str) else typed.name
    if spec is None:
        answer: tuple[str | None, DType | None] = (None, None)
    elif any(a.name == spec for a in op_def.attrs):
        answer = (spec, None)
    else:
        answer = (None, dt.as_dtype(spec))
    _TYPES_OF[(op_def.type, param)] = (op_def, answer)
    return answer


_TYPES_OF: dict[tuple[str, str], tuple[OpDef, tuple[str | None, DType | None]]] = {}


class _Converter:
    """The conversion state of one op: the type attributes fixed so far, and by whom."""

    def __init__(self, graph: Graph, op_def: OpDef) -> None:
        self.graph = graph
        self.op_def = op_def
        self.types: dict[str, DType] = {}
        self.inferred_from: dict[str, str] = {}

    def one(self, param: str, value: Any) -> Tensor:
        type_attr, fixed = _type_of(self.op_def, param)
        dtype = fixed or (self.types.get(type_attr) if type_attr else None)
        tensor = value if type(value) is Tensor else as_tensor(value)
        if type(tensor) is not Tensor or (dtype is not None and tensor.dtype is not dtype and (
                tensor.dtype is None or tensor.dtype.base_dtype is not dtype)):
            tensor = self._convert(param, value, type_attr, fixed, dtype)
        if type_attr is not None and type_attr not in self.types and tensor.dtype is not None:
            # a type attribute is the value type: T of a float32_ref (a variable) is float32
            self._check_allowed(type_attr, param, tensor.dtype.base_dtype)
            self.types[type_attr] = tensor.dtype.base_dtype
            self.inferred_from[type_attr] = param
        return tensor

    def _convert(self, param: str, value: Any, type_attr: str | None, fixed: DType | None,
                 dtype: DType | None) -> Tensor:
        """``value`` (not a tensor of the dtype wanted) converted, or TF's error."""
        op_type = self.op_def.type
        default = allowed = None
        if dtype is None and type_attr is not None:
            attr = self.op_def.attr(type_attr)
            default = attr.default if isinstance(attr.default, DType) else None
            allowed = attr.allowed
        try:
            if dtype is None and allowed:
                # TF converts once as is, and again with the attribute's default when that
                # dtype is not allowed (so a refused literal leaves two Consts behind); an
                # attribute without a default keeps the first (its dtype refused later)
                first: Tensor | None = None
                try:
                    first = convert(self.graph, value, param)
                except TypeError:
                    if default is None:
                        raise
                if first is not None and (first.dtype in allowed or default is None):
                    tensor = first
                else:
                    tensor = convert(self.graph, value, param, preferred=default)
            else:
                tensor = convert(self.graph, value, param, dtype, default)
        except TypeError as err:
            if dtype is None:
                raise
            raise TypeError(
                f"Expected {dtype.name} passed to parameter '{param}' of op '{op_type}', got "
                f"{value!r} of type '{type(value).__name__}' instead. Error: {err}") from None
        except ValueError:
            if not isinstance(value, Tensor):  # TF asks what dtype the value has on its own
                try:
                    value = convert(self.graph, value, param)
                except ValueError as err:  # a ragged list: numpy's words
                    raise ValueError(f"Tried to convert '{param}' to a tensor and failed. "
                                     f"Error: {err}") from None
            observed = value.dtype.name if isinstance(value, Tensor) and value.dtype else "?"
            prefix = f"Input '{param}' of '{op_type}' Op has type {observed} that does not match"
            if fixed is not None:
                raise TypeError(f"{prefix} expected type of {fixed.name}.") from None
            assert type_attr is not None
            raise TypeError(f"{prefix} type {dtype.name} of argument "  # type: ignore[union-attr]
                            f"'{self.inferred_from[type_attr]}'.") from None
        return tensor

    def _check_allowed(self, type_attr: str, param: str, dtype: DType) -> None:
        """TF checks a type attribute's allowed list as soon as an input sets it, before
        the next input is converted."""
        names = self.op_def.attr(type_attr).allowed_names
        if not names and type_attr in self.op_def.allowed:  # a binary op's list, on the OpDef
            names = tuple(d if isinstance(d, str) else d.name
                          for d in self.op_def.allowed[type_attr])
        if names and dtype.name not in names:
            raise TypeError(f"Value passed to parameter '{param}' has DataType {dtype.name} not "
                            f"in list of allowed values: {', '.join(names)}")

    def _literal_type(self, value: Any) -> DType | None:
        try:
            return convert(self.graph, value, "Const").dtype
        except (TypeError, ValueError):
            return None

    def many(self, param: str, values: Any) -> list[Tensor]:
        op_type = self.op_def.type
        if not isinstance(values, (list, tuple)):
            raise TypeError(f"Expected list for '{param}' argument to '{op_type}' Op, not "
                            f"{values}.")
        if self.op_def.extra.get("mixed_list"):  # a list(type) input (IdentityN): each its own
            return [convert(self.graph, v, f"{param}_{i}", None) for i, v in enumerate(values)]
        type_attr, _ = _type_of(self.op_def, param)
        dtype = self.types.get(type_attr) if type_attr else None
        if dtype is None:
            dtype = next((v.dtype for v in values if isinstance(v, Tensor)), None)
        seen: Sequence[Any] = values
        try:
            tensors = [convert(self.graph, v, f"{param}_{i}", dtype)
                       for i, v in enumerate(values)]
            seen = tensors  # TF names the types of what converted, when all did
            if len({t.dtype for t in tensors}) > 1:
                raise TypeError("mixed")
        except (TypeError, ValueError):
            observed = []
            for v in seen:  # else it converts each literal again to name its type: a Const
                found = v.dtype if isinstance(v, Tensor) else self._literal_type(v)
                observed.append(found.name if found is not None else
                                "<NOT CONVERTIBLE TO TENSOR>")
            raise TypeError(f"Tensors in list passed to '{param}' of '{op_type}' Op have types "
                            f"[{', '.join(observed)}] that don't all match.") from None
        if type_attr is not None and tensors and type_attr not in self.types:
            assert tensors[0].dtype is not None
            self._check_allowed(type_attr, param, tensors[0].dtype)
            self.types[type_attr] = tensors[0].dtype
            self.inferred_from[type_attr] = param
        return tensors


def apply_op(op_type: str, name: str | None, attrs: Mapping[str, Any] | None = None,
             **inputs: Any) -> Any:
    """Create ``op_type`` from Python values; its output (a list for several; the op
    itself when it has none, as TF's ``_apply_op_helper`` returns a NoOp)."""
    op_def = get_op_def(op_type)
    for index in op_def.extra.get("ref_inputs", ()):  # a Variable: its reference, as TF's
        param = op_def.inputs[index]
        if hasattr(inputs.get(param), "_ref"):
            inputs[param] = inputs[param]._ref()
    flat: list[Any] = []
    for param in op_def.inputs:
        value = inputs[param]
        flat.extend(value if param in op_def.list_inputs and isinstance(value, (list, tuple))
                    else [value])
    graph = _graph_of(*flat)
    all_attrs = dict(attrs or {})
    # TF's _apply_op_helper: an empty name is the op's type, at the root scope
    scope_name = op_type if name == "" else name or op_def.default_name or op_type
    with graph.name_scope(scope_name) as scope:
        converter = _Converter(graph, op_def)
        tensors: list[Tensor] = []
        for param in op_def.inputs:
            if param in op_def.list_inputs:
                listed = converter.many(param, inputs[param])
                minimum = op_def.extra.get("min_list", 1)
                if len(listed) < minimum:
                    raise ValueError(f"List argument '{param}' to '{op_type}' Op with length "
                                     f"{len(listed)} shorter than minimum length {minimum}.")
                all_attrs[op_def.list_inputs[param]] = len(listed)
                tensors.extend(listed)
            else:
                tensors.append(converter.one(param, inputs[param]))
        op = graph.create_op(op_type, tensors, all_attrs, scope)
    if op_def.num_outputs == 0:
        return op
    return op.outputs[0] if op_def.num_outputs == 1 and not op_def.list_output else op.outputs
