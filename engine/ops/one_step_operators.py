"""``x + 1.0`` and ``x + y`` in one step: an operator between a tensor and a Python number,
or between two tensors of one dtype.

Such operators are most of what a script's graph holds (a chain of ``x = x * 0.5 + 1.0``,
``h + z``), and the general path (``operators.py``: the operator's scope, TF's function for
it, the literal's conversion, the op's input checks, ``create_op``) spends most of its time
rediscovering what is the same every time: that ``1.0`` with a float32 ``x`` is the same
float32 Const, whose spec is the same, and that AddV2 of two specs infers the same spec.
Here the Const and the op are made directly, with the names, attributes, specs and events
the general path gives them — where that is provably what it would do. Where it is not
(the literal does not convert to ``x``'s dtype exactly, the two dtypes differ, the op
refuses the dtype, a control-dependency block is open, a finalized graph, a scope that is
no valid name, an input whose value is known, an op whose inference fails), the builders
answer None before they have changed anything, and the general path runs with its errors
and names.
"""

from __future__ import annotations

from typing import Any

from ..framework.convert import make_array
from ..framework.graph import Graph
from ..framework.inference import infer_op
from ..framework.naming import VALID_OP_NAME_REGEX, uniquify
from ..framework.operation import Operation, Tensor
from ..framework.registry import OpDef, TensorSpec, get_op_def
from .apply import _const_attrs

#: the operators built here: operator name -> (op type, whether TF's function needs a float
#: or complex dtype: ``/`` casts integers first, which the general path does)
_OPERATORS: dict[str, tuple[str, bool]] = {
    "add": ("AddV2", False),
    "sub": ("Sub", False),
    "mul": ("Mul", False),
    "truediv": ("RealDiv", True),
}
Specs = tuple[TensorSpec, ...]
#: what one operator with one literal on one dtype builds: (operator, reflected, dtype,
#: type, value) -> (the op's OpDef, the Const's attributes, the Const's specs, the op's
#: specs by its tensor input's spec: id -> (that spec, held so its id is not reused, and
#: the op's specs)). Zero is not kept (``-0.0 == 0.0``: they are different Consts), nor is
#: NaN found (it is never equal to itself): both are prepared afresh each time
_READY: dict[tuple[Any, ...], tuple[OpDef, dict[str, Any], Specs, dict[int, Any]]] = {}
_KEPT = 4096
#: name stacks (scopes opened) that make valid op names: a stack re-entered as is
#: (``name_scope("a/")``) is not checked when it is entered
_VALID_STACKS: set[str] = {""}
#: Const's OpDef (looked up when first needed: the op families register as they import)
_CONST: OpDef | None = None


def build(op_name: str, tensor: Tensor, literal: Any, reflected: bool) -> Tensor | None:
    """``tensor <op> literal`` (``literal <op> tensor`` where ``reflected``) as the general
    path builds it, or None (nothing changed) where that is not certain."""
    op = tensor._op
    specs = op._specs
    if specs is None:
        return None
    spec = specs[tensor._value_index]
    if spec.value is not None or spec.lazy is not None:
        return None  # an op over constants: its value is inferred too (the general path)
    graph: Graph = op._graph  # type: ignore[assignment]  # (the one kind of graph)
    stack = graph._name_stack
    if graph._finalized or graph._control_stack or (
            stack not in _VALID_STACKS and not _valid_stack(stack)):
        return None  # (an invalid stack: the general path refuses the op's name)
    dtype = spec.dtype
    key = (op_name, reflected, dtype, type(literal), literal)
    ready = _READY.get(key) if literal else None
    if ready is not None:
        op_def, attrs, const_specs, results = ready
    else:
        prepared = _prepare(op_name, dtype, literal)
        if prepared is None:
            return None
        op_def, attrs = prepared
        const_specs, results = (), {}
    names = graph._names_in_use
    scope = uniquify(names, stack + "/" + op_name if stack else op_name)
    const_op = Operation(graph, uniquify(names, scope + ("/x" if reflected else "/y")),
                         _CONST, attrs, ())  # type: ignore[arg-type]
    if const_specs:
        const_op._specs = const_specs
    else:  # the first Const of its kind: inferred, and what it builds kept for the next
        infer_op(const_op)
        if const_op._error is not None:
            raise const_op._error
        const_specs = const_op._specs  # type: ignore[assignment]
        if literal and literal == literal:  # not zero, not NaN: see _READY
            if len(_READY) >= _KEPT:
                _READY.clear()
            _READY[key] = (op_def, attrs, const_specs, results)
    graph._insert(const_op)
    literal_tensor: Tensor = const_op._out  # type: ignore[assignment]
    out = Operation(graph, scope, op_def, {},
                    [literal_tensor, tensor] if reflected else [tensor, literal_tensor])
    found = results.get(id(spec))
    if found is not None and found[0] is spec:
        out._specs = found[1]
    else:
        infer_op(out)
        if out._error is not None:
            raise out._error
        if len(results) >= _KEPT:
            results.clear()
        results[id(spec)] = (spec, out._specs)
    graph._insert(out)
    return out._out  # type: ignore[return-value]


def _valid_stack(stack: str) -> bool:
    """Whether the ops named in scope ``stack`` have valid names (then it is kept)."""
    if not VALID_OP_NAME_REGEX.match(stack):
        return False
    if len(_VALID_STACKS) < _KEPT:
        _VALID_STACKS.add(stack)
    return True


def _prepare(op_name: str, dtype: Any, literal: Any) -> tuple[OpDef, dict[str, Any]] | None:
    """The op's OpDef and the Const attributes of ``literal`` as ``dtype``, or None where
    the general path would build otherwise: no such operator here, a dtype the op or
    TF's function refuses or converts first, a literal that does not convert to ``dtype``
    (the general path says how TF fails or converts it then)."""
    global _CONST
    if _CONST is None:
        _CONST = get_op_def("Const")
    op_def = _op_def_for(op_name, dtype)
    if op_def is None:
        return None
    try:
        arr = make_array(literal, dtype)
    except (TypeError, ValueError, OverflowError):
        return None
    return op_def, _const_attrs(arr)


def builds(op_name: str) -> bool:
    """Whether the operator ``op_name`` (``add``) may be built here."""
    return op_name in _OPERATORS


def _op_def_for(op_name: str, dtype: Any) -> OpDef | None:
    """The OpDef the operator builds on two inputs of ``dtype``, or None where the general
    path builds otherwise (no such operator here, a ref dtype, whose value is read first, a
    dtype the op refuses, an integer ``/``, which casts first)."""
    entry = _OPERATORS.get(op_name)
    if entry is None or dtype._base is not None:
        return None
    op_type, needs_float = entry
    op_def = get_op_def(op_type)
    allowed = op_def.allowed.get("T")
    if (allowed is not None and dtype not in allowed) or (
            needs_float and not (dtype.is_floating or dtype.is_complex)):
        return None
    return op_def


#: two tensors' operator: (operator, dtype) -> (its OpDef, its specs by the inputs' specs:
#: (ids) -> (the two specs, held so their ids are not reused, and the op's specs))
_PAIRS: dict[tuple[str, Any], tuple[OpDef, dict[tuple[int, int], Any]]] = {}


def build_pair(op_name: str, x: Tensor, y: Tensor) -> Tensor | None:
    """``x <op> y`` of two tensors of one dtype in one graph, as the general path builds it
    (its scope made unique, the op in it), or None (nothing changed) where that is not
    certain: the general path then runs, with its checks, errors and retries. An op whose
    inference fails is left to it too, so that its error and names are TF's."""
    x_op, y_op = x._op, y._op
    x_specs, y_specs = x_op._specs, y_op._specs
    graph: Graph = x_op._graph  # type: ignore[assignment]  # (the one kind of graph)
    if x_specs is None or y_specs is None or y_op._graph is not graph:
        return None
    sx, sy = x_specs[x._value_index], y_specs[y._value_index]
    dtype = sx.dtype
    if (sy.dtype is not dtype or sx.value is not None or sx.lazy is not None
            or sy.value is not None or sy.lazy is not None):
        return None  # an op over constants: its value is inferred too (the general path)
    stack = graph._name_stack
    if graph._finalized or graph._control_stack or (
            stack not in _VALID_STACKS and not _valid_stack(stack)):
        return None
    entry = _PAIRS.get((op_name, dtype))
    if entry is None:
        op_def = _op_def_for(op_name, dtype)
        if op_def is None:
            return None
        if len(_PAIRS) >= _KEPT:
            _PAIRS.clear()
        entry = _PAIRS[(op_name, dtype)] = (op_def, {})
    op_def, results = entry
    key = (id(sx), id(sy))
    found = results.get(key)
    if found is None or found[0] is not sx or found[1] is not sy:
        probe = Operation(graph, op_name, op_def, {}, [x, y])  # never inserted
        infer_op(probe)
        if probe._error is not None:
            return None
        if len(results) >= _KEPT:
            results.clear()
        found = results[key] = (sx, sy, probe._specs)
    out = Operation(graph, uniquify(graph._names_in_use, stack + "/" + op_name if stack
                                    else op_name), op_def, {}, [x, y])
    out._specs = found[2]
    graph._insert(out)
    return out._out  # type: ignore[return-value]
