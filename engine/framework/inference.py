"""Static inference of one op: the specs its inputs give, through its OpDef's ``infer``.

The builder API and the editor both come here, so an op built either way carries the same
specs or the same error (the builder raises it, the editor shows it on the node).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .errors import InferenceError, ShapeError, UnwiredInputError, UpstreamError
from .input_values import MAX_VALUE_ELEMENTS, LazyValue, infer_in_passes
from .operation import Operation
from .registry import OpDef, TensorSpec, hashable_attrs


def infer_op(op: Operation) -> bool:
    """Infer one op from its inputs; returns whether its specs or error changed."""
    old_specs, old_error = op._specs, op._error
    specs: list[TensorSpec] = []
    error: InferenceError | None = None
    op_def = op._op_def
    for t in op._inputs:
        if t is None or t._op._specs is None:
            error = _input_error(op)
            break
        spec = t._op._specs[t._value_index]
        if spec.dtype._base is not None and len(specs) not in op_def.extra.get("ref_inputs", ()):
            spec = TensorSpec(spec.shape, spec.dtype._base)  # TF reads a ref input's value
        specs.append(spec)
    new_specs: tuple[TensorSpec, ...] | None = None
    if error is None:
        try:
            new_specs = _memo_infer(op_def, specs, op._attrs)
            if op._shape_hints:
                new_specs = _with_hints(new_specs, op._shape_hints)
            if specs and op_def.const_eval and not op_def.stateful:
                for s in specs:
                    if s.value is None and s.lazy is None:
                        break
                else:  # every input's value is known: so may this op's be
                    new_specs = _lazy(op_def, specs, new_specs, op)
        except InferenceError as e:
            error = e
            if e.wants_node_def:
                shapes = ", ".join(s.shape.debug_string() for s in specs)
                error = type(e)(
                    f"{e.detail} for '{{{{node {op._name}}}}} = {op.node_def_string()}' "
                    f"with input shapes: {shapes}{e.input_context}.",
                    node_def=False,
                )
    op._specs, op._error = new_specs, error
    changed = old_specs != new_specs or (
        (old_error is None) != (error is None)
        or (old_error is not None and str(old_error) != str(error))
    )
    return changed


#: inference results by (op type's OpDef, input specs, attributes): a graph repeats the
#: same few ops on the same few shapes (and small constants), and ``infer`` is a pure
#: function of these; the specs are immutable, so ops share them. What a spec knows of
#: its value is part of the key (its bytes: a value may change what a shape function
#: concludes, and a value-reading op's passes read them); a value computed on demand
#: (``lazy``) keeps an op out. Only successes are kept: an error is found afresh.
_MEMO: dict[tuple[Any, ...], tuple[OpDef, tuple[TensorSpec, ...]]] = {}
_MEMO_LIMIT = 4096
#: the largest value (in bytes) a key holds: literals, axes and shape vectors, not tables,
#: so that the memo stays small (a few MB at most)
_MEMO_VALUE_BYTES = 256


def _memo_infer(op_def: OpDef, specs: list[TensorSpec], attrs: Mapping[str, Any]
                ) -> tuple[TensorSpec, ...]:
    key: list[Any] = [id(op_def)]
    for s in specs:
        key.append(s.shape._dims)
        key.append(s.dtype)
        value = s.value
        if value is not None:
            if (type(value) is not np.ndarray or value.dtype.hasobject
                    or value.nbytes > _MEMO_VALUE_BYTES):
                return _run(op_def, specs, attrs)
            key.append(value.shape)
            key.append(value.dtype)
            key.append(value.tobytes())
        if s.partial is not None:
            key.append(s.partial._dims)
        if s.lazy is not None:
            return _run(op_def, specs, attrs)
    if attrs and not hashable_attrs(op_def):  # a Const's value, a list of ints …
        for name, value in attrs.items():
            if type(value) is np.ndarray:  # a small one by its bytes (a literal's, mostly)
                if value.nbytes > _MEMO_VALUE_BYTES or value.dtype.hasobject:
                    return _run(op_def, specs, attrs)
                key += (name, value.shape, value.dtype, value.tobytes())
            elif type(value) is list:
                key += (name, list, tuple(value))
            else:
                key += (name, type(value), value)
    elif attrs:  # each value with its type: 1, 1.0 and True are equal keys otherwise
        key.extend((name, type(value), value) for name, value in attrs.items())
    memo_key = tuple(key)
    try:
        found = _MEMO.get(memo_key)
    except TypeError:  # an unhashable attribute (a list, an array): inferred every time
        return _run(op_def, specs, attrs)
    if found is not None and found[0] is op_def:
        return found[1]
    out = _run(op_def, specs, attrs)
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[memo_key] = (op_def, out)
    return out


def _run(op_def: OpDef, specs: list[TensorSpec], attrs: Mapping[str, Any]
         ) -> tuple[TensorSpec, ...]:
    if op_def.reads_values:  # run as TF's refiner does, handing values as asked
        return tuple(infer_in_passes(lambda given: op_def.infer(given, attrs), specs))
    return tuple(op_def.infer(specs, attrs))


def _input_error(op: Operation) -> InferenceError:
    """Why an op cannot be inferred from its inputs: the first unwired one, or the first
    whose op has an error."""
    op_def = op._op_def
    names = op_def.input_names(op._attrs)
    for param, t in zip(names, op._inputs):
        if t is None:
            return UnwiredInputError(
                f"Input '{param}' of '{op._name}' ({op_def.type}) is not connected."
            )
        if t._op._specs is None:
            return UpstreamError(
                f"Input '{param}' of '{op._name}' comes from '{t._op._name}', which has an "
                "error."
            )
    raise AssertionError("every input infers")


def _with_hints(specs: tuple[TensorSpec, ...], hints: dict[int, Any]) -> tuple[TensorSpec, ...]:
    """Merge in what ``Tensor.set_shape`` said (an edit may make the two disagree)."""
    out = list(specs)
    for i, shape in hints.items():
        spec = out[i]
        if not spec.shape.is_compatible_with(shape):
            raise ShapeError(f"Tensor's shape {spec.shape} is not compatible with the shape "
                             f"{shape} set on it", node_def=False)
        out[i] = TensorSpec(spec.shape.merge_with(shape), spec.dtype, spec.value, spec.partial,
                            spec.lazy)
    return tuple(out)


def _lazy(op_def: OpDef, specs: list[TensorSpec], out: tuple[TensorSpec, ...],
          op: Operation) -> tuple[TensorSpec, ...]:
    """The specs with a way to compute the op's value from its constant inputs, when a
    consumer's shape function asks (``reshape(x, [2] + [3])`` knows its shape)."""
    if any(s.value is not None for s in out) or any(
        (n := s.shape.num_elements()) is None or n > MAX_VALUE_ELEMENTS or s.dtype.is_string
        for s in out
    ):
        return out
    lazy = LazyValue(op_def, tuple(specs), op.all_attrs(), out)
    return tuple(TensorSpec(s.shape, s.dtype, None, s.partial, (lazy, i))
                 for i, s in enumerate(out))


def reinfer_downstream(roots: Sequence[Operation], live: Mapping[str, Operation],
                       emit: Callable[[str, Operation], None]) -> int:
    """Infer ``roots`` and everything downstream of them, each after its inputs, telling
    ``emit("inferred", op)`` of each op whose specs or error changed (ops no longer in
    ``live``, the graph's ops by name, are skipped). Returns how many changed."""
    changed = 0
    seen: dict[Operation, int] = {}
    stack = list(roots)
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen[op] = 0
        for consumer, _ in op.consumers():
            stack.append(consumer)
    for op in seen:
        for consumer, _ in op.consumers():
            seen[consumer] += 1
    ready = [op for op, n in seen.items() if n == 0]
    while ready:
        op = ready.pop()
        op._key = None
        if op._name in live and infer_op(op):
            changed += 1
            emit("inferred", op)
        for consumer, _ in op.consumers():
            seen[consumer] -= 1
            if seen[consumer] == 0:
                ready.append(consumer)
    return changed
