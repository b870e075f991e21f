"""Creating one op from Python values, as TF's ``op_def_library._apply_op_helper`` does.

Every builder function ends here (``tf.raw_ops`` too). The op's name scope opens first, then
the inputs are converted in order: a literal becomes a Const named after its input
(``Sub/y``) in that scope, with the dtype the earlier inputs fixed (TF's message when it does
not convert: ``Expected int32 passed to parameter 'y' of op 'Sub', got 0.5 …``); the first
input of a type attr is checked against the op's allowed dtypes before the next one is
converted, so exactly the Consts TF creates before an error are created here. Then the graph
creates the op, inferring it (a failed op still consumes its name, as in TF).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.convert import make_array
from ..framework.dimension import Dimension
from ..framework.dtypes import DType
from ..framework.graph import Graph, get_default_graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation, Tensor, as_tensor
from ..framework.registry import OpDef, get_op_def
from ..framework.shapes import TensorShape
from ._common import check_allowed


def graph_of(*values: Any) -> Graph:
    """The graph of the tensors among ``values`` (they must share one), else the default."""
    graph: Graph | None = None
    first: Tensor | None = None
    for v in values:
        if type(v) is not Tensor:
            v = v.values if isinstance(v, IndexedSlices) else as_tensor(v)
            if not isinstance(v, Tensor):
                continue
        owner = v._op._graph
        if graph is None:
            assert isinstance(owner, Graph)  # the one kind of graph there is
            graph, first = owner, v
        elif owner is not graph:
            raise ValueError(
                f"{v} must be from the same graph as {first} (graphs are {owner!r} and "
                f"{graph!r})."
            )
    return graph if graph is not None else get_default_graph()


def scope(graph: Graph, name: str | None, default: str) -> Any:
    """TF's ``name_scope(name, default_name)``: ``name`` when given (``""`` is the root),
    else ``default`` made unique."""
    return graph.name_scope(default if name is None else name)


def const(graph: Graph, value: Any, dtype: DType | None, name: str | None) -> Tensor:
    """``tf.constant(value, dtype, name=name)`` in ``graph``'s current scope."""
    return first_output(graph.create_op("Const", [], _const_attrs(make_array(value, dtype)),
                                        "Const" if name is None else name, normalized=True))


def shape_as_tensor(graph: Graph, shape: TensorShape, dtype: DType | None,
                    name: str | None) -> Tensor:
    """TF's conversion of a ``TensorShape`` into a tensor: a Const of its dimensions named
    ``shape_as_tensor`` (int64 when one needs it), refusing a partly known shape."""
    if not shape.is_fully_defined():
        raise ValueError(f"Cannot convert a partially known TensorShape {shape} to a Tensor.")
    dims = [int(d) for d in shape.as_list()]  # type: ignore[arg-type]
    big = any(d >= 2**31 for d in dims)
    if dtype is None:
        dtype = dt.int64 if big else dt.int32
    elif dtype not in (dt.int32, dt.int64):
        raise TypeError(f"Cannot convert TensorShape {shape} to dtype {dtype}. "
                        "Allowed dtypes are tf.int32 and tf.int64.")
    elif dtype is dt.int32 and big:
        raise ValueError(f"Cannot convert TensorShape {shape} to dtype int32; "
                         "a dimension is too large. Consider using tf.int64.")
    return const(graph, dims, dtype, "shape_as_tensor" if name is None else name)


def dimension_as_tensor(graph: Graph, dim: Dimension, dtype: DType | None,
                        name: str | None) -> Tensor:
    """TF's conversion of a ``Dimension`` into a tensor: a scalar Const (int32 unless int64
    is asked for) named ``shape_as_tensor``, refusing an unknown dimension."""
    if dim.value is None:
        raise ValueError(f"Cannot convert unknown Dimension {dim} to a Tensor.")
    if dtype is None:
        dtype = dt.int32
    elif dtype not in (dt.int32, dt.int64):
        raise TypeError(f"Cannot convert Dimension {dim} to dtype {dtype}. "
                        "Allowed dtypes are tf.int32 and tf.int64.")
    return const(graph, dim.value, dtype, "shape_as_tensor" if name is None else name)


def literal(graph: Graph, value: Any, dtype: DType | None, name: str | None) -> Tensor:
    """A Python value converted as TF's registered conversion functions convert it: a
    ``TensorShape`` by ``shape_as_tensor``, a ``Dimension`` by ``dimension_as_tensor``,
    anything else by ``tf.constant``."""
    if isinstance(value, TensorShape):
        return shape_as_tensor(graph, value, dtype, name)
    if isinstance(value, Dimension):
        return dimension_as_tensor(graph, value, dtype, name)
    return const(graph, value, dtype, name)


#: the attributes of the scalar literals made into Consts (``x + 1.0``): one read-only
#: value and one dict for each, shared by every Const of it (an edit replaces an op's
#: attributes, never changes them), so that a graph of 5,000 ``+ 1.0`` holds one array
#: and one dict, not 5,000 of each for the garbage collector to walk
_LITERAL_ATTRS: dict[tuple[Any, bytes], dict[str, Any]] = {}
_LITERALS_KEPT = 4096


def _const_attrs(arr: np.ndarray) -> dict[str, Any]:
    """A Const's attributes for the new array ``arr``: a scalar's shared ones."""
    scalar = arr.ndim == 0 and not arr.dtype.hasobject
    if scalar:
        key = (arr.dtype, arr.tobytes())  # by its bits: -0.0 is not 0.0, a NaN is itself
        found = _LITERAL_ATTRS.get(key)
        if found is not None:
            return found
    arr.setflags(write=False)
    attrs = {"value": arr, "dtype": dt.from_numpy(arr.dtype)}
    if scalar and len(_LITERAL_ATTRS) < _LITERALS_KEPT:
        _LITERAL_ATTRS[key] = attrs
    return attrs


def first_output(op: Operation) -> Tensor:
    """``op.outputs[0]``, without the list: what every builder function returns."""
    out = op._out
    return out if isinstance(out, Tensor) else out[0]


def convert_to_tensor(
    value: Any,
    dtype: Any = None,
    name: str | None = None,
    preferred_dtype: Any = None,
    graph: Graph | None = None,
) -> Tensor:
    """TF's ``convert_to_tensor``: a tensor as is (of ``dtype``, when given), anything else a
    Const; ``preferred_dtype`` is tried first and dropped when the value does not convert."""
    want = dt.as_dtype(dtype) if dtype is not None else None
    if isinstance(value, IndexedSlices):  # its dense form, in the current scope
        return value.dense(want, name)
    if want is not None and hasattr(value, "_ref") and hasattr(value, "_as_tensor"):
        ref = value.dtype  # a Variable: TF's RefVariable conversion checks before it reads
        if ref is not None and ref.base_dtype is not want:
            raise ValueError(f"Incompatible type conversion requested to type '{want.name}' "
                             f"for variable of type '{ref.name}'")
    value = as_tensor(value)
    if isinstance(value, Tensor):
        # TF's is_compatible_with: a float32_ref tensor is a float32 one (not the reverse)
        if want is not None and value.dtype is not want and (
                value.dtype is None or value.dtype.base_dtype is not want):
            got = value.dtype.name if value.dtype is not None else "<unknown>"
            prefix = "" if name is None else f"{name}: "  # TF's _add_error_prefix
            raise ValueError(f"{prefix}Tensor conversion requested dtype {want.name} for "
                             f"Tensor with dtype {got}: {value.tf_repr()}")
        return value
    if isinstance(value, Operation):
        raise TypeError(f"can't convert Operation '{value.name}' to Tensor")
    graph = graph if graph is not None else get_default_graph()
    if want is None and preferred_dtype is not None:
        try:
            return literal(graph, value, dt.as_dtype(preferred_dtype), name)
        except (TypeError, ValueError):
            pass
    return literal(graph, value, want, name)


def _convert_input(graph: Graph, op_type: str, param: str, value: Any, dtype: DType | None,
                   fixed: bool, known: str) -> Tensor:
    try:
        return convert_to_tensor(value, dtype, name=param, graph=graph)
    except TypeError as e:
        if dtype is None:
            raise
        raise TypeError(
            f"Expected {dtype.name} passed to parameter '{param}' of op '{op_type}', got "
            f"{value!r} of type '{type(value).__name__}' instead. Error: {e}"
        ) from None
    except ValueError:
        if dtype is None:
            raise
        try:
            observed = convert_to_tensor(value, graph=graph).dtype
        except ValueError as err:
            raise ValueError(
                f"Tried to convert '{param}' to a tensor and failed. Error: {err}"
            ) from None
        name = observed.name if observed is not None else "<unknown>"
        prefix = f"Input '{param}' of '{op_type}' Op has type {name} that does not match"
        if fixed:
            raise TypeError(f"{prefix} expected type of {dtype.name}.") from None
        raise TypeError(f"{prefix} type {dtype.name} of argument '{known}'.") from None


def apply_op(
    op_type: str,
    inputs: Sequence[Any],
    attrs: Mapping[str, Any] | None = None,
    name: str | None = None,
    graph: Graph | None = None,
) -> Operation:
    """Create ``op_type`` from ``inputs`` (tensors or literals, in the OpDef's order);
    ``graph`` is theirs when the caller has found it already."""
    op_def = get_op_def(op_type)
    if graph is None:
        graph = graph_of(*inputs)
    scope_name = name or op_type
    if scope_name[-1] == "/" and scope_name[:-1] == graph._name_stack and graph._name_stack:
        # the scope the caller opened (an operator's ``add/``): entering it changes nothing
        return graph.create_op(op_type, _inputs(graph, op_def, inputs), attrs, scope_name)
    with graph.name_scope(scope_name) as op_name:
        return graph.create_op(op_type, _inputs(graph, op_def, inputs), attrs, op_name)


def _inputs(graph: Graph, op_def: OpDef, inputs: Sequence[Any]) -> list[Tensor]:
    """The inputs as tensors, converted in the OpDef's order in the op's scope (TF's
    checks of each type attr's first input before the next converts). Every op the
    builder makes comes here, so a tensor's dtype is read from its op's specs directly."""
    op_type = op_def.type
    types = op_def.input_types or _type_attrs(len(op_def.inputs))
    fixed_by: dict[str, tuple[DType, str]] = {}
    tensors: list[Tensor] = []
    refs = op_def.extra.get("ref_inputs", ()) if op_def.extra else ()
    for index, (param, arg, value) in enumerate(zip(op_def.inputs, types, inputs)):
        if refs and index in refs and hasattr(value, "_ref"):
            value = value._ref()  # a Variable as a reference input: its reference, as TF's
        dtype: DType | None
        found: tuple[DType, str] | None = None
        if type(arg) is str:
            found = fixed_by.get(arg)
            (dtype, known), fixed = found or (None, ""), False
        else:
            dtype, known, fixed = arg, "", True  # type: ignore[assignment]
        t = value if type(value) is Tensor else as_tensor(value)
        t_dtype: DType | None = None
        if type(t) is Tensor:
            specs = t._op._specs
            if specs is not None:
                t_dtype = specs[t._value_index].dtype
        if type(t) is not Tensor or (dtype is not None and t_dtype is not dtype):
            t = _convert_input(graph, op_type, param, value, dtype, fixed, known)
            t_dtype = t.dtype
        if type(arg) is str and t_dtype is not None:
            base = t_dtype if t_dtype._base is None else t_dtype._base  # T of a float32_ref
            if found is not None:
                if base is not found[0]:
                    raise TypeError(
                        f"Input '{param}' of '{op_type}' Op has type {t_dtype.name} that "
                        f"does not match type {found[0].name} of argument '{found[1]}'."
                    )
            else:
                allowed = op_def.allowed.get(arg)
                if allowed is not None and base not in allowed:
                    check_allowed(base, allowed, param)
                fixed_by[arg] = (base, param)
        tensors.append(t)
    return tensors


#: ("T",) * n: the input types of an OpDef that names none (all of one type attr ``T``)
_T_TUPLES: dict[int, tuple[str, ...]] = {}


def _type_attrs(n: int) -> tuple[str, ...]:
    found = _T_TUPLES.get(n)
    if found is None:
        found = _T_TUPLES[n] = ("T",) * n
    return found
