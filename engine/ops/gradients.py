"""``gradients(ys, xs)``: the gradient subgraph, built into the graph as ordinary ops.

This is TF1's ``tf.gradients`` (``gradients_util._GradientsHelper``) step for step, so the
subgraph holds the ops TF builds, with TF's names: under one ``gradients/`` scope the seeds
``gradients/Shape`` and ``gradients/grad_ys_0`` (a Fill of ones), then for each op between
``xs`` and ``ys``, from the outputs back, its registered gradient under ``<op>_grad``
(``gradients/mul_grad/Mul``), several gradients of one tensor summed by ``gradients/AddN``.
The result is a graph like any other: it is shown, saved, loaded, fused and run as built.

Which ops take part is TF's rule: those reached from ``xs`` through trainable (floating or
complex) tensors that also lead to ``ys``. An ``x`` no path reaches gets None (or zeros, with
``unconnected_gradients="zero"``); an op declared not differentiable passes None on.
"""

from __future__ import annotations

import enum
from collections import defaultdict, deque
from collections.abc import Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import InvalidGraphError
from ..framework.graph import Graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation, Tensor
from ..framework.registry import NOT_DIFFERENTIABLE
from ..framework.shapes import TensorShape
from . import (  # noqa: F401  (they register the gradients)
    array_grad,
    complex_grad,
    conv_grad,
    math_grad,
    math_trig_grad,
    nn_grad,
    reduction_grad,
)
from .apply import graph_of, scope
from .array_builders import add_n, ones, shape, zeros_like
from .grad_registry import no_gradient_error
from .indexed_slices_ops import aggregate as aggregate_slices
from .list_apply import apply_op
from .math_api import identity


class AggregationMethod:
    """TF's ``tf.AggregationMethod``: how several gradients of one tensor are summed (one
    AddN, or pairwise AddNs under ``<op>_gradient_sum``)."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


class UnconnectedGradients(enum.Enum):
    """TF's ``tf.UnconnectedGradients``: what an ``x`` no ``y`` depends on gets."""

    NONE = "none"
    ZERO = "zero"


_TRAINABLE = (dt.float16, dt.float32, dt.float64, dt.bfloat16, dt.complex64, dt.complex128)
_AGGREGATION_METHODS = (0, 1, 2)  # TF's AggregationMethod: ADD_N, EXPERIMENTAL_TREE, …_N


def is_trainable(t: Tensor) -> bool:
    """TF's ``backprop_util.IsTrainable``: gradients flow only through real-valued floats
    and complex numbers."""
    return t.dtype is not None and t.dtype.base_dtype in _TRAINABLE  # a float32_ref too


def _as_list(x: Any) -> list[Any]:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def _as_tensor(value: Any, as_ref: bool, name: str | None = None) -> Tensor:
    """A tensor, or what stands for one: a variable differentiates with respect to its ref
    tensor (``Variable:0``, TF's ``as_ref=True``) and is read as a ``y``; anything else
    becomes a Const named ``name`` (TF's ``convert_n_to_tensor``: ``y_0``, ``grad_y_1``)."""
    if isinstance(value, Tensor):
        return value
    ref = getattr(value, "_ref", None) if as_ref else None
    if callable(ref):
        found = ref()
        if isinstance(found, Tensor):
            return found
    from .apply import convert_to_tensor

    return convert_to_tensor(value, name=name)


def _is_graph_value(value: Any) -> bool:
    """Whether ``value`` already lives in a graph (a tensor or a variable): converting it
    adds no op, so it can be checked before the gradient scope opens."""
    return isinstance(value, Tensor) or callable(getattr(value, "_ref", None))


def _convert_all(values: list[Any], as_ref: bool, prefix: str) -> list[Any]:
    """TF's ``convert_n_to_tensor(values, name=prefix)``: literals become Consts named
    ``prefix_0``, ``prefix_1`` … in the current scope; None stays None."""
    return [None if v is None else _as_tensor(v, as_ref, f"{prefix}_{i}")
            for i, v in enumerate(values)]


def _reached(from_ops: Sequence[Operation]) -> set[Operation]:
    reached: set[Operation] = set()
    queue = deque(from_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            continue
        reached.add(op)
        for out in op.outputs:
            if is_trainable(out):
                queue.extend(out.consumers())
    return reached


def _pending_count(to_ops: Sequence[Operation], from_ops: Sequence[Operation]
                   ) -> tuple[set[Operation], dict[Operation, int]]:
    """TF's ``_PendingCount``: the ops between, and per op how many backprop inputs it waits
    for; also which of ``to_ops`` are reachable."""
    reached = _reached(from_ops)
    reachable_to = {op for op in to_ops if op in reached}
    between: list[Operation] = []
    between_set: set[Operation] = set()
    queue = deque(to_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            between.append(op)
            between_set.add(op)
            reached.discard(op)
            queue.extend(t.op for t in op.inputs if t is not None)
    pending: dict[Operation, int] = defaultdict(int)
    for op in between:
        for t in op.inputs:
            if t is not None and t.op in between_set:
                pending[t.op] += 1
    return reachable_to, pending


def _default_grad_ys(grad_ys: list[Any], ys: list[Tensor]) -> list[Tensor]:
    if len(grad_ys) != len(ys):
        raise ValueError(f"Length mismatch. Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    grad_ys = _convert_all(grad_ys, False, "grad_y")  # TF converts them all first
    out: list[Tensor] = []
    for i, (y, grad_y) in enumerate(zip(ys, grad_ys)):
        ydt = y.dtype
        assert ydt is not None
        if grad_y is None:
            if ydt.is_complex:
                raise TypeError(f"Gradients of complex tensors ({y}) must set grad_ys "
                                f"(y.dtype = {ydt.name})")
            out.append(ones(shape(y), dtype=ydt, name=f"grad_ys_{i}"))
            continue
        gdt = grad_y.dtype
        assert gdt is not None
        if ydt.is_floating or ydt.is_integer:
            if not gdt.is_floating and not gdt.is_integer:
                raise TypeError(f"Gradient type {gdt.name} generated for real or "
                                f"integer-valued tensor {y} with type {ydt.name} must be "
                                "real or integer")
        elif ydt.is_complex:
            if not gdt.is_complex:
                raise TypeError(f"Gradient type {gdt.name} generated for complex-valued "
                                f"tensor {y} with type {ydt.name} must be real")
        else:
            raise TypeError(f"Tensor {y} with type {ydt.name} must be numeric to obtain a "
                            "default gradient")
        out.append(identity(grad_y, name=f"grad_ys_{i}"))
    return out


#: per op, per output: the gradient terms received so far, or once the op is processed the
#: one gradient they sum to (TF's ``grads`` map, aggregated in place)
Grads = dict[Operation, list[Any]]


def _aggregate(graph: Graph, grads: Grads, op: Operation, method: int) -> list[Any]:
    """TF's ``_AggregatedGrads``: one gradient per output, several summed by AddN (or,
    where one is an ``IndexedSlices``, as ``indexed_slices_ops.aggregate`` sums them)."""
    out_grads = grads.get(op)
    if out_grads is None:
        out_grads = [[] for _ in op.outputs]
        grads[op] = out_grads
    for i, terms in enumerate(out_grads):
        if isinstance(terms, list):
            out_grads[i] = _sum_terms(graph, op, terms, method)
    return list(out_grads)


def _sum_terms(graph: Graph, op: Operation, terms: list[Any], method: int) -> Any:
    """One output's gradient from the terms its consumers sent: None for none, the one
    term as it is, else their sum (dense by AddN, pairwise for the tree methods)."""
    present = [g for g in terms if g is not None]
    if not terms:
        return None
    if len(terms) < 2:
        return terms[0]
    if any(isinstance(g, IndexedSlices) for g in present):
        return aggregate_slices(terms)
    accumulated = TensorShape(None)  # TF's _AccumulatorShape, whichever way they are summed
    for g in present:
        accumulated = accumulated.merge_with(g.shape)
    if method in (1, 2):
        with graph.name_scope(op.name + "_gradient_sum"):
            running = present[0]
            for g in present[1:]:
                running = add_n([running, g])
        return running
    return add_n(present)


def gradients(ys: Any, xs: Any, grad_ys: Any = None, name: str = "gradients",
              colocate_gradients_with_ops: bool = False, gate_gradients: bool = False,
              aggregation_method: int | None = None, stop_gradients: Any = None,
              unconnected_gradients: str = "none") -> list[Any]:
    """The symbolic derivatives of ``sum(ys)`` with respect to each of ``xs``, as
    ``tf.compat.v1.gradients``: a list of tensors (None for an ``x`` no ``y`` depends on;
    an ``IndexedSlices`` for one only gathered from along axis 0, as in TF).

    ``grad_ys`` weights each ``y`` (ones by default); ``stop_gradients`` are tensors held
    constant; ``gate_gradients`` groups each op's input gradients (TF's ``tuple``) so that
    none is used before all are computed."""
    del colocate_gradients_with_ops  # one device per session here
    # tensors and variables now (to find the graph and check it, adding nothing); literals
    # become Consts inside the scope, as TF converts them there (``gradients/y_0``)
    y_list = [_as_tensor(y, False) if _is_graph_value(y) else y for y in _as_list(ys)]
    x_list = [_as_tensor(x, True) if _is_graph_value(x) else x for x in _as_list(xs)]
    stops = [_as_tensor(t, as_ref=False)
             for t in ([] if stop_gradients is None else _as_list(stop_gradients))]
    seeds: list[Any] = [None] * len(y_list) if grad_ys is None else _as_list(grad_ys)
    unconnected = str(getattr(unconnected_gradients, "value", unconnected_gradients))
    if unconnected not in ("none", "zero"):
        raise ValueError(f"Unknown value for unconnected_gradients: '{unconnected_gradients}'")
    method = 0 if aggregation_method is None else aggregation_method
    graph = graph_of(*y_list, *x_list, *stops, *[g for g in seeds if isinstance(g, Tensor)])
    _check_valid(graph, [y for y in y_list if isinstance(y, Tensor)])
    with graph.as_default(), scope(graph, name, "gradients"):  # name="": the root
        graph.unique_name("uid")  # TF names this call's gradient uid, taking the name
        y_list = _convert_all(y_list, False, "y")
        x_list = _convert_all(x_list, True, "x")
        seeds = _default_grad_ys(seeds, y_list)
        if method not in _AGGREGATION_METHODS:  # TF finds out once the seeds exist
            raise ValueError(f"Invalid `aggregation_method` specified {aggregation_method}. "
                             f"Accepted values are {list(_AGGREGATION_METHODS)}.")
        grads = _backprop(graph, y_list, x_list, seeds, stops, gate_gradients, method)
    with graph.as_default():  # TF makes the zeros of unconnected xs outside the scope
        return [_result(graph, grads, x, unconnected) for x in x_list]


def _check_valid(graph: Graph, ys: list[Tensor]) -> None:
    """An editor's graph may hold ops whose inference failed: no gradient is built through
    them, and nothing is added to the graph (TF's graphs cannot hold such ops)."""
    invalid = [op for op in graph.upstream([y.op for y in ys]) if not op.is_valid]
    if invalid:
        names = ", ".join(f"'{op.name}'" for op in invalid[:5])
        more = f" and {len(invalid) - 5} more" if len(invalid) > 5 else ""
        raise InvalidGraphError(
            f"cannot build gradients: the ys depend on {len(invalid)} invalid op(s): "
            f"{names}{more}. '{invalid[0].name}': {invalid[0].error}", invalid)


def _set_grad(grads: Grads, t: Tensor, grad: Tensor | None) -> None:
    op_grads = grads.get(t.op)
    if not op_grads:
        op_grads = [[] for _ in t.op.outputs]
        grads[t.op] = op_grads
    op_grads[t.value_index].append(grad)


def _backprop(graph: Graph, ys: list[Tensor], xs: list[Tensor], seeds: list[Tensor],
              stops: list[Tensor], gate: bool, method: int) -> Grads:
    to_ops = [t.op for t in ys]
    from_ops = [t.op for t in xs]
    reachable_to, pending = _pending_count(to_ops, from_ops)
    grads: Grads = {}
    for y, seed in zip(ys, seeds):
        _set_grad(grads, y, seed)
    queue: deque[Operation] = deque()
    queued: set[Operation] = set()
    for op in to_ops:
        if pending[op] == 0 and op not in queued and op in reachable_to:
            queued.add(op)
            queue.append(op)
    stop_ops = {op for op in from_ops
                if all(pending[t.op] <= 0 for t in op.inputs if t is not None)}
    stop_ops.update(t.op for t in stops)
    while queue:
        op = queue.popleft()
        out_grads = _aggregate(graph, grads, op, method)
        fn = None
        has_out_grads = any(g is not None for g in out_grads)
        if has_out_grads and op not in stop_ops:
            fn = op.op_def.gradient
            if fn is None:
                raise no_gradient_error(op)
            if fn is NOT_DIFFERENTIABLE:
                fn = None
        inputs = list(op.inputs)
        if fn is not None:
            for i, g in enumerate(out_grads):
                if g is None and is_trainable(op.outputs[i]):
                    out_grads[i] = zeros_like(op.outputs[i], optimize=False)
            with graph.name_scope(op.name + "_grad"):
                in_grads = _as_list(fn(op, *out_grads))
                if len(in_grads) != len(inputs):
                    raise ValueError(f"Num gradients {len(in_grads)} generated for op "
                                     f"{op.name} do not match num inputs {len(inputs)}")
                if gate and len([g for g in in_grads if g is not None]) > 1:
                    in_grads = _tuple(graph, in_grads)
        else:
            in_grads = [None] * len(inputs)
        for i, (t_in, g) in enumerate(zip(inputs, in_grads)):
            if g is None or t_in is None:
                continue
            if not isinstance(g, Tensor):  # an IndexedSlices: TF sets only a tensor's shape
                _set_grad(grads, t_in, g)
                continue
            known = t_in.shape.sizes
            try:
                if known is not None and g.shape.sizes != known:  # else nothing to merge
                    g.set_shape(t_in.shape)
            except ValueError:
                raise ValueError(
                    "Incompatible shapes between op input and calculated input gradient. "
                    f"Forward operation: {op.name}. Input index: {i}. Original input shape: "
                    f"{t_in.shape}. Calculated input gradient shape: {g.shape}") from None
            _set_grad(grads, t_in, g)
        for t in inputs:
            if t is None:
                continue
            pending[t.op] -= 1
            if pending[t.op] == 0:
                queue.append(t.op)
    return grads


def _result(graph: Graph, grads: Grads, x: Tensor, unconnected: str) -> Any:
    op_grads = grads.get(x.op)
    grad = op_grads[x.value_index] if op_grads else None
    if isinstance(grad, list):  # x's op was never processed: its terms, unsummed
        grad = _sum_terms(graph, x.op, grad, 0)
    if grad is None and unconnected == "zero":
        return zeros_like(x)
    return grad


def _tuple(graph: Graph, tensors: list[Any]) -> list[Any]:
    """TF's ``control_flow_ops.tuple``: each tensor passed on through an Identity that waits
    for a NoOp depending on all of them (``tuple/group_deps``,
    ``tuple/control_dependency``), so that no input gradient is used before all exist."""
    deps = getattr(graph, "control_dependencies", None)
    if deps is None:
        raise ValueError("gate_gradients needs control dependencies, which this graph has not")
    order = {op: i for i, op in enumerate(graph.get_operations())}
    with graph.name_scope("tuple"):
        gating = sorted({t.op for t in tensors if t is not None}, key=order.__getitem__)
        with graph.name_scope("group_deps") as scope, deps(gating):
            gate = apply_op("NoOp", scope)
        out: list[Any] = []
        for t in tensors:
            if t is None:
                out.append(None)
                continue
            with graph.name_scope("control_dependency") as scope, deps([gate]):
                if isinstance(t, IndexedSlices):  # TF's with_dependencies: its values
                    out.append(IndexedSlices(identity(t.values, name=scope), t.indices,
                                             t.dense_shape))
                else:
                    out.append(identity(t, name=scope))
        return out
