"""Static inference of one op: the specs its inputs give, through its OpDef's ``infer``.

The builder API and the editor both come here, so an op built either way carries the same
specs or the same error (the builder raises it, the editor shows it on the node).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .errors import InferenceError, ShapeError, UnwiredInputError, UpstreamError
from .input_values import (
    LAZY_READS,
    MAX_VALUE_ELEMENTS,
    LazyOutput,
    LazyValue,
    infer_in_passes,
)
from .operation import Operation, output_index
from .registry import OpDef, TensorSpec


def infer_op(op: Operation) -> bool:
    """Infer one op from its inputs; returns whether its specs or error changed."""
    old_specs, old_error = op._specs, op._error
    specs: list[TensorSpec] = []
    error: InferenceError | None = None
    op_def = op._op_def
    for t in op._inputs:
        if t is None or t._op._specs is None:
            if t is None and op_def.extra.get("loop_inputs"):
                continue  # an opaque Merge's loop back edge (opaque.loop_inputs): by name
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
                    new_specs = _lazy(op_def, specs, new_specs, op._attrs)
        except InferenceError as e:
            error = e
            if e.wants_node_def:
                # the shape context's form: an unknown rank is ``?`` (elsewhere ``<unknown>``)
                shapes = ", ".join("?" if s.shape.sizes is None else s.shape.debug_string()
                                   for s in specs)
                error = type(e)(
                    f"{e.detail} for '{{{{node {op._name}}}}} = {op.node_def_string()}' "
                    f"with input shapes: {shapes}{e.input_context}.",
                    node_def=False,
                )
    op._specs, op._error = new_specs, error
    if old_specs and old_specs[0].lazy is not None:  # all outputs have one, or none
        old_specs[0].lazy.forget()
    if old_error is None and error is None:
        if old_specs is None:  # a new op (every op built comes here)
            return new_specs is not None
        return not _same_specs(old_specs, new_specs)
    return (old_error is None) != (error is None) or str(old_error) != str(error) or (
        old_specs != new_specs)


def _same_specs(old: tuple[TensorSpec, ...] | None, new: tuple[TensorSpec, ...] | None
                ) -> bool:
    """``old == new`` (shapes and dtypes; a value is not compared), without a spec's
    dataclass comparison: every op re-inferred after an edit asks."""
    if old is new:
        return True
    if old is None or new is None or len(old) != len(new):
        return False
    for a, b in zip(old, new):
        if a is not b and (a.dtype is not b.dtype or a.shape._dims != b.shape._dims):
            return False
    return True


#: inference results by (op type's OpDef, input specs, attributes): a graph repeats the
#: same few ops on the same few shapes (and small constants), and ``infer`` is a pure
#: function of these; the specs are immutable, so ops share them. What a spec knows of
#: its value is part of the key (its bytes: a value may change what a shape function
#: concludes, and a value-reading op's passes read them). Only successes are kept: an
#: error is found afresh.
_MEMO: dict[tuple[Any, ...], tuple[OpDef, tuple[TensorSpec, ...]]] = {}
_MEMO_LIMIT = 4096
#: a number for each spec's key part (``_spec_key``), so that an op's key is a few ints,
#: quick to hash: every op built looks its inference up. Numbers are never reused (the
#: table is cleared when full; a spec numbered before keeps its number, now unknown)
_SPEC_NUMBERS: dict[tuple[Any, ...], int] = {}
_next_number = itertools.count(1)
#: where an input's value is lazy (an op over constants, computed when asked): a key holds
#: only that it is there. An inference that asks for such a value is not remembered (it
#: depends on what is not in the key); one that does not ask would not ask for any other
#: lazy value in the same place, everything it reads being in the key
_LAZY = object()
#: the largest value (in bytes) a key holds: literals, axes and shape vectors, not tables,
#: so that the memo stays small (a few MB at most)
_MEMO_VALUE_BYTES = 256


def _memo_infer(op_def: OpDef, specs: list[TensorSpec], attrs: Mapping[str, Any]
                ) -> tuple[TensorSpec, ...]:
    key: list[Any] = [id(op_def)]
    for s in specs:
        part = s._memo_key
        if part is None:
            part = _spec_key(s)
        if part is False:
            return _run(op_def, specs, attrs)
        key.append(part)
    # each value with its type (1, 1.0 and True are equal keys otherwise); a small array
    # (a Const's value, mostly) by its bytes; a list as a tuple
    for name, value in attrs.items():
        kind = type(value)
        if kind is np.ndarray:
            if value.nbytes > _MEMO_VALUE_BYTES or value.dtype.hasobject:
                return _run(op_def, specs, attrs)
            key += (name, value.shape, value.dtype, value.tobytes())
        elif kind is list:
            key += (name, list, tuple(value))
        else:
            key += (name, kind, value)
    memo_key = tuple(key)
    try:
        found = _MEMO.get(memo_key)
    except TypeError:  # an unhashable attribute (a list, an array): inferred every time
        return _run(op_def, specs, attrs)
    if found is not None and found[0] is op_def:
        return found[1]
    reads = LAZY_READS.count
    out = _run(op_def, specs, attrs)
    if LAZY_READS.count != reads:  # it read a lazy input's value: that is not in the key
        return out
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[memo_key] = (op_def, out)
    return out


def _spec_key(s: TensorSpec) -> int | bool:
    """The number of what the memo's keys hold of an input's spec (False: it cannot be
    keyed: a large value, or one of objects), kept on the spec: specs are shared, and a
    Const's is read by every op built on it."""
    number: int | bool = False
    value = s.value
    if value is None or (type(value) is np.ndarray and not value.dtype.hasobject
                         and value.nbytes <= _MEMO_VALUE_BYTES):
        part: list[Any] = [s.shape._dims, s.dtype]
        if value is not None:
            part += (value.shape, value.dtype, value.tobytes())
        if s.partial is not None:
            part.append((s.partial._dims, getattr(s.partial, "refusal", None),
                         type(s.partial)))
        if s.lazy is not None:
            part.append(_LAZY)
        key = tuple(part)
        number = _SPEC_NUMBERS.get(key) or 0
        if not number:
            if len(_SPEC_NUMBERS) >= _MEMO_LIMIT:
                _SPEC_NUMBERS.clear()
            number = _SPEC_NUMBERS[key] = next(_next_number)
    object.__setattr__(s, "_memo_key", number)
    return number


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


def _inputs_size(specs: list[TensorSpec]) -> int | None:
    """How many elements the inputs hold together, when each one's shape is known."""
    total = 0
    for spec in specs:
        n = spec.shape.num_elements()
        if n is None:
            return None
        total += n
    return total


def _lazy(op_def: OpDef, specs: list[TensorSpec], out: tuple[TensorSpec, ...],
          attrs: dict[str, Any]) -> tuple[TensorSpec, ...]:
    """The specs with a way to compute the op's value from its constant inputs, when a
    consumer's shape function asks (``reshape(x, [2] + [3])`` knows its shape)."""
    for s in out:
        if s.value is not None or s.dtype.kind == "string":
            return out
        n = s.shape.num_elements()
        if n is None and op_def.extra.get("size_from_inputs"):
            n = _inputs_size(specs)  # an output of unknown size, at most its inputs' size
        if n is None or n > MAX_VALUE_ELEMENTS:
            return out
    lazy = LazyValue(op_def, specs, attrs, out)  # ``specs`` is this inference's own list
    if len(out) == 1:
        s = out[0]
        spec = TensorSpec(s.shape, s.dtype, None, s.partial, lazy)
        # its memo key is that of every lazy spec made from ``s`` (shared): found once
        number = s.__dict__.get("_lazy_number")
        if number is None:
            object.__setattr__(s, "_lazy_number", _spec_key(spec))
        else:
            object.__setattr__(spec, "_memo_key", number)
        return (spec,)
    return tuple(TensorSpec(s.shape, s.dtype, None, s.partial, lazy if i == 0
                            else LazyOutput(lazy, i)) for i, s in enumerate(out))


def reinfer_downstream(roots: Sequence[Operation], live: Mapping[str, Operation],
                       emit: Callable[[str, Operation], None] | None) -> int:
    """Infer ``roots`` and everything downstream of them, each after its inputs, telling
    ``emit("inferred", op)`` of each op whose specs or error changed (ops no longer in
    ``live``, the graph's ops by name, are skipped; ``emit`` None: nobody listens).
    Returns how many changed.

    An edit at the top of a long chain re-infers every op below it, so the walk reads the
    ops' links directly rather than through ``Operation.consumers`` (which makes a list
    per call); a multi-output op's links are taken output by output, as that does."""
    changed = 0
    seen: dict[Operation, int] = {}
    links_of: dict[Operation, Sequence[tuple[int, Operation, int]]] = {}
    if roots:
        roots[0]._graph.link_pending()
    stack = list(roots)
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen[op] = 0
        links: Sequence[tuple[int, Operation, int]] = op._links
        if len(links) > 1 and len(op._outputs) > 1:
            links = sorted(links, key=output_index)
        links_of[op] = links
        for link in links:
            stack.append(link[1])
    for op_links in links_of.values():
        for link in op_links:
            seen[link[1]] += 1
    ready = [op for op, n in seen.items() if n == 0]
    while ready:
        op = ready.pop()
        op._key = None
        if op._name in live and infer_op(op):
            changed += 1
            if emit is not None:
                emit("inferred", op)
        for link in links_of[op]:
            consumer = link[1]
            n = seen[consumer] - 1
            seen[consumer] = n
            if n == 0:
                ready.append(consumer)
    return changed
