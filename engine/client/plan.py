"""Execution plans: what a run executes, compiled once and reused.

A plan is made for one (fetches, fed tensors) and one *structure* of the graph: TF's pruning
(only what the fetches need, stopping at fed tensors), a topological order, and a flat list
of steps that read and write numbered slots. With ``optimize`` on, ops that depend on no fed
tensor are folded into the plan's slot template (TF's grappler does the same) and elementwise
chains become fused groups (``compiler/fusion.py``). Each slot is freed after its last reader
unless it is fetched, so intermediates do not outlive their use.

An edit that changes only attribute values (a Const's value, MatMul's transpose flags) and no
inferred shape or dtype keeps the plan: ``refresh`` re-reads those attributes and recomputes
just the folded constants downstream of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..compiler.fusion import JIT_MIN_WORK, FusedGroup, build_groups
from ..compiler.pass_through import pass_through
from ..framework.allocation import check_outputs
from ..framework.errors import InvalidArgumentError, InvalidGraphError, execution_error
from ..framework.graph import Graph
from ..framework.operation import Operation, Tensor
from .control_only import running_ops
from .kernel_checks import check_kernels, check_placement
from .run_shapes import SHAPE_OPS, shapes_for_run
from .variable_steps import (
    defer_reads,
    reader_of,
    ref_inputs,
    ref_source,
    ref_states,
    row_written,
    value_inputs,
    variable_state,
    written,
)


@dataclass
class Step:
    op: Operation  # for a fused group, its root
    kernel: Any
    inputs: tuple[int, ...]
    output: int
    attrs: dict[str, Any]
    free: tuple[int, ...] = ()
    group: FusedGroup | None = None
    #: depends on no fed tensor and no placeholder without a default
    constant: bool = False
    attrs_source: dict[str, Any] | None = None
    #: the slots of every output, for an op with several (its kernel returns a tuple);
    #: empty for the usual single output, which is ``output``
    outputs: tuple[int, ...] = ()
    #: ops removed from the plan as pass-throughs of this step's output (an Identity, a
    #: Reshape to the same shape): reported as run just after it
    passes: tuple[Operation, ...] = ()

    @property
    def ops(self) -> list[Operation]:
        return self.group.ops if self.group is not None else [self.op]


@dataclass
class Plan:
    structure_version: int
    graph_version: int
    steps: list[Step]
    template: list[Any]  # the slots a run starts from: folded constants filled in
    feed_slots: dict[Tensor, int]
    fetch_slots: list[int | None]  # None for an Operation fetch
    missing_feed: Operation | None = None
    folded: list[Step] = field(default_factory=list)
    slot_of: dict[Tensor, int] = field(default_factory=dict)
    owned: frozenset[int] = frozenset()  # ids of the template's values (copied when fetched)
    #: per stateful op (random ops), the state its kernel keeps across runs: the session's
    states: dict[Operation, dict[str, Any]] = field(default_factory=dict)
    #: fed tensors whose shapes this plan was specialised for (their Shape, Size and Rank
    #: folded): the session keys such a plan by those shapes too
    shape_keyed: tuple[Tensor, ...] = ()
    #: fed slot -> a stand-in of the fed value's shape, read by the folded Shape ops
    shape_dummies: dict[int, Any] = field(default_factory=dict)
    #: per variable whose value a step reads, the node TF names when it is uninitialized
    readers: dict[Operation, str] = field(default_factory=dict)
    #: the states of the variables this plan may assign (a failed run puts them back)
    written: tuple[dict[str, Any], ...] = ()
    #: those its row updates may change in place (``ops/row_undo.py``: a failed run plays
    #: their undo logs back)
    row_written: tuple[dict[str, Any], ...] = ()
    #: pass-through ops removed from the steps (``compiler/pass_through.py``), each with the
    #: slot its readers read instead; those of a fed or folded value are reported first
    passed: list[tuple[Operation, Tensor, int]] = field(default_factory=list)
    passes_first: tuple[Operation, ...] = ()

    @property
    def n_slots(self) -> int:
        return len(self.template)


class StalePlan(Exception):
    """A plan an edit has made wrong in a way ``refresh`` cannot mend: made again."""


def missing_feed_error(op: Operation) -> InvalidArgumentError:
    shape = op.get_attr("shape")
    text = f"You must feed a value for placeholder tensor '{op.name}' with dtype " + (
        op.get_attr("dtype").runtime_name
    )
    if shape.rank:  # TF names the shape only when it has dimensions
        text += f" and shape {shape.debug_string()}"
    err = execution_error(InvalidArgumentError, op, text)
    assert isinstance(err, InvalidArgumentError)
    return err


def prune(graph: Graph, targets: Sequence[Operation], fed: set[Tensor]) -> list[Operation]:
    """The ops the targets need, in topological order, not looking past fed tensors; an op's
    control inputs (``^name``) come before it as its data inputs do."""
    order: list[Operation] = []
    done: set[Operation] = set()
    active: set[Operation] = set()
    for root in targets:
        if root in done:
            continue
        stack: list[tuple[Operation, int, list[Any]]] = [(root, 0, _deps(root))]
        active.add(root)
        while stack:
            op, i, deps = stack.pop()
            if i < len(deps):
                stack.append((op, i + 1, deps))
                t = deps[i]
                if t is None or t in fed:
                    continue
                src = t._op if isinstance(t, Tensor) else t
                if src not in done and src not in active:
                    active.add(src)
                    stack.append((src, 0, _deps(src)))
            else:
                active.discard(op)
                done.add(op)
                order.append(op)
    return order


def _deps(op: Operation) -> list[Any]:
    return op._inputs if not op._control_inputs else [*op._inputs, *op._control_inputs]


def _check_valid(ops: list[Operation]) -> None:
    """Refuse invalid ops, and opaque ones (imported nodes of an op the engine has not)."""
    invalid = [op for op in ops if op._error is not None or "opaque" in op.op_def.extra]
    if invalid:
        names = ", ".join(f"'{op.name}'" for op in invalid[:5])
        more = f" and {len(invalid) - 5} more" if len(invalid) > 5 else ""
        first = invalid[0]
        why = first.error or first.op_def.extra.get("reason")
        raise InvalidGraphError(
            f"cannot run: the fetched outputs depend on {len(invalid)} invalid op(s): "
            f"{names}{more}. '{first.name}': {why}",
            invalid,
        )


Evaluate = Callable[[Step, list[Any]], Any]


def compile_plan(
    graph: Graph,
    fetches: Sequence[Tensor | Operation],
    fed: Sequence[Tensor],
    *,
    optimize: bool = True,
    fold: bool = True,
    fuse: bool = True,
    unbounded_small: bool = True,
    evaluate: Evaluate | None = None,
    device: str = "cpu",
    states: dict[Operation, dict[str, Any]] | None = None,
    fed_shapes: dict[Tensor, tuple[int, ...]] | None = None,
    skip_pass_through: bool = False,
) -> Plan:
    """Compile the steps for ``fetches`` given ``fed`` tensors.

    ``evaluate(step, arrays)`` runs one step now; it folds the constant steps. ``states``
    holds the state of stateful ops (a random op's generator) across runs and plans.
    ``fed_shapes`` are this run's fed shapes: Shape, Size and Rank of a fed tensor then fold
    (with what depends only on them: a reshape's target), and the plan holds for those
    shapes only (``Plan.shape_keyed``). ``skip_pass_through`` removes the ops that forward
    their input unchanged (``compiler/pass_through.py``); a run with a value cache keys
    each step by its inputs' ops, so it keeps them.
    """
    states = {} if states is None else states
    fed_set = set(fed)
    targets = [f.op if isinstance(f, Tensor) else f for f in fetches
               if not (isinstance(f, Tensor) and f in fed_set)]
    ops = prune(graph, targets, fed_set)
    if optimize:  # what only control edges lead to is skipped, as TF's optimizer does
        ops = running_ops(ops, targets)
    ops = defer_reads(ops)
    _check_valid(ops)
    check_placement(graph)
    check_kernels(graph, ops)
    check_outputs(ops, f"/job:localhost/replica:0/task:0/device:{device.upper()}:0")
    slot_of: dict[Tensor, int] = {}
    feed_slots: dict[Tensor, int] = {}
    for t in fed:
        slot_of[t] = feed_slots[t] = len(slot_of)
    missing: Operation | None = None
    constant_ops: set[Operation] = set()
    steps: list[Step] = []
    shape_keyed: dict[Tensor, None] = {}
    known = shapes_for_run(ops, fed_shapes) if optimize and fed_shapes else {}
    in_plan, fetched = set(ops), {f for f in fetches if isinstance(f, Tensor)}
    readers: dict[Operation, str] = {}
    for op in ops:
        if op.type == "Placeholder" and op.get_attr("default_value") is None and missing is None:
            missing = op
        if not op._outputs and not op._inputs:
            continue  # a NoOp: it orders the run (its control inputs ran before), no more
        if op.type == "VariableV2":
            reader = reader_of(op, in_plan, fetched)
            if reader is None:
                continue  # only assigned in this run: nothing reads the value
            readers[op] = reader
        inputs = value_inputs(op) if ref_inputs(op) else [t for t in op._inputs if t is not None]
        is_constant = op.type != "Placeholder" or op.get_attr("default_value") is not None
        is_constant = is_constant and not op.op_def.stateful and all(
            t not in fed_set and t._op in constant_ops for t in inputs
        )
        if op.type in SHAPE_OPS and inputs and inputs[0] in known:
            is_constant = True  # known for this run's fed shapes
            for t in known[inputs[0]][1]:
                shape_keyed[t] = None
        if is_constant:
            constant_ops.add(op)
        outs = tuple(slot_of.setdefault(t, len(slot_of)) for t in op._outputs) or (-1,)
        steps.append(Step(op, op.op_def.kernel, tuple(slot_of[t] for t in inputs), outs[0],
                          step_attrs(op, states), constant=is_constant, attrs_source=op._attrs,
                          outputs=outs if len(outs) > 1 else ()))
    # an op of inputs and no outputs (Assert) writes its kernel's None to a slot of its own
    # that nothing reads, numbered after every tensor's
    n_tensors = len(slot_of)
    silent = [step for step in steps if step.output < 0]
    for i, step in enumerate(silent):
        step.output = n_tensors + i
    fetch_slots = [slot_of[f] if isinstance(f, Tensor) else None for f in fetches]
    n_slots = _read_fetched_refs_last(fetches, fed_set, fetch_slots, steps,
                                      n_tensors + len(silent), states)
    plan = Plan(graph._structure_version, graph.version, steps, [None] * n_slots,
                feed_slots, fetch_slots, missing_feed=missing, slot_of=slot_of, states=states,
                shape_keyed=tuple(shape_keyed), readers=readers, written=written(ops, states),
                row_written=row_written(ops, states))
    for step in steps:
        if step.constant and step.op.type in SHAPE_OPS:
            src = step.op._inputs[0]
            if src is not None and src in known:
                shape, _ = known[src]
                dtype = src.dtype.np_dtype if src.dtype is not None else np.float32
                plan.shape_dummies[slot_of[src]] = np.broadcast_to(np.zeros((), dtype), shape)
    if optimize and evaluate is not None and missing is None:
        if fold:
            _fold(plan, evaluate)
        if skip_pass_through:
            _skip_pass_through(plan, fetched, known)
        if fuse:
            _fuse(plan, unbounded_small, known)
        _attach_passes(plan)
    _assign_frees(plan)
    _seal(plan)
    return plan


def _fold_inputs(plan: Plan, step: Step) -> list[Any]:
    """A folded step's inputs: folded values, or a fed value's shape stand-in."""
    return [plan.template[i] if plan.template[i] is not None else plan.shape_dummies.get(i)
            for i in step.inputs]


def _read_fetched_refs_last(fetches: Sequence[Tensor | Operation], fed: set[Tensor],
                            fetch_slots: list[int | None], steps: list[Step], n_slots: int,
                            states: dict[Operation, dict[str, Any]]) -> int:
    """A fetched ``Assign``/``AssignAdd``/``Apply*`` output is a reference to its variable:
    TF hands back the variable's buffer as the run ends, so a write later in the same run
    shows in it. Each such fetch reads its variable in a step after every other one.
    Returns the plan's slot count."""
    for i, f in enumerate(fetches):
        if (not isinstance(f, Tensor) or f in fed or f.dtype is None
                or not f.dtype.is_ref_dtype or f._op.type == "VariableV2"):
            continue
        try:
            var = ref_source(f)
        except ValueError:
            continue  # a reference that no variable stands behind: its own value
        steps.append(Step(var, var.op_def.kernel, (), n_slots, step_attrs(var, states),
                          attrs_source=var._attrs))
        fetch_slots[i] = n_slots
        n_slots += 1
    return n_slots


def step_attrs(op: Operation, states: dict[Operation, dict[str, Any]]) -> dict[str, Any]:
    """The attributes a step's kernel gets; a stateful op's also its ``_state``."""
    attrs = op.all_attrs()
    if op.op_def.stateful:
        attrs["_state"] = (variable_state(states, op) if op.type == "VariableV2"
                           else states.setdefault(op, {}))
        if ref_inputs(op):
            attrs["_refs"] = ref_states(op, states)
    return attrs


def _seal(plan: Plan) -> None:
    """numpy's 0-d arrays become numpy scalars: same values, but Python's operators on
    them take numpy's scalar fast path (10× cheaper than a ufunc call on a 0-d array)."""
    for i, value in enumerate(plan.template):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype != object:
            plan.template[i] = value[()]
    plan.owned = frozenset(id(v) for v in plan.template if v is not None)
    for step in plan.steps:
        if step.group is not None:
            step.group.bind(plan.template)


def _fold(plan: Plan, evaluate: Evaluate) -> None:
    """Run every constant step once now; its value lives in the template from then on."""
    kept: list[Step] = []
    for step in plan.steps:
        if step.constant:
            try:
                value = evaluate(step, _fold_inputs(plan, step))
            except Exception:  # leave it to the run, which reports the error on the op
                step.constant = False
                kept.append(step)
                continue
            if step.outputs:
                for slot, part in zip(step.outputs, value):
                    plan.template[slot] = part
            else:
                plan.template[step.output] = value
            plan.folded.append(step)
        else:
            kept.append(step)
    plan.steps = kept
    # a step fed by a constant that failed to fold is no longer constant either
    for step in plan.steps:
        step.constant = False


def refresh(plan: Plan, graph: Graph, evaluate: Evaluate) -> None:
    """Catch a plan up with edits that changed attribute values but no shape or dtype."""
    changed: set[int] = set()
    for step in plan.folded:
        if step.attrs_source is not step.op._attrs or any(i in changed for i in step.inputs):
            step.attrs = step.op.all_attrs()
            step.attrs_source = step.op._attrs
            value = evaluate(step, _fold_inputs(plan, step))
            for slot, part in zip(step.outputs or (step.output,),
                                  value if step.outputs else (value,)):
                plan.template[slot] = part
                changed.add(slot)
    if changed and any(op.type == "Reshape" for op, _, _ in plan.passed):
        # a Reshape skipped as a no-op for its old target may not be one for the new
        raise StalePlan("a skipped Reshape's target changed: the plan is made again")
    if changed:
        _seal(plan)
    for step in plan.steps:
        if step.group is None and step.attrs_source is not step.op._attrs:
            step.attrs = step_attrs(step.op, plan.states)
            step.attrs_source = step.op._attrs
    plan.graph_version = graph.version


def _skip_pass_through(plan: Plan, fetched: set[Tensor],
                       known: dict[Tensor, tuple[tuple[int, ...], tuple[Tensor, ...]]]) -> None:
    """Remove the steps that forward their input unchanged; their readers read the input's
    slot. A Reshape is a no-op by its static shapes, or by the fed shapes of a plan made for
    them anyway (one that folded their Shape ops)."""
    folded = {slot for s in plan.folded for slot in (s.outputs or (s.output,))}
    slot_of = plan.slot_of

    keyed = set(plan.shape_keyed)

    def shape_of(t: Tensor) -> tuple[int, ...] | None:
        if t in known and keyed.issuperset(known[t][1]) and slot_of.get(t) not in folded:
            return known[t][0]  # shapes the plan holds for
        return static_of(t)

    def static_of(t: Tensor) -> tuple[int, ...] | None:
        # a folded value's own shape: grappler folds first, then decides by the value, not by
        # a static shape that ``set_shape`` may have got wrong
        if slot_of.get(t) in folded:
            return tuple(np.shape(plan.template[slot_of[t]]))
        spec = t._op._specs[t._value_index] if t._op._specs is not None else None
        if spec is None or not spec.shape.is_fully_defined():
            return None
        return tuple(int(d or 0) for d in spec.shape.as_list())

    removed = pass_through([s.op for s in plan.steps if not s.outputs], fetched,
                           lambda t: plan.template[slot_of[t]] if slot_of.get(t) in folded
                           else None, shape_of, static_of)
    if not removed:
        return
    remap: dict[int, int] = {}
    for op, source in removed.items():
        out = op._outputs[0]
        remap[slot_of[out]] = slot_of[out] = slot_of[source]
        plan.passed.append((op, source, slot_of[source]))
    # a fetched Reshape removed: the caller gets its input's value, as from TF's Identity
    plan.fetch_slots = [remap.get(s, s) if s is not None else None for s in plan.fetch_slots]
    steps = []
    for step in plan.steps:
        if step.op in removed:
            continue
        if any(i in remap for i in step.inputs):
            step.inputs = tuple(remap.get(i, i) for i in step.inputs)
        steps.append(step)
    plan.steps = steps


def _attach_passes(plan: Plan) -> None:
    """Each removed pass-through reported just after the step that makes its value."""
    producer = {slot: step for step in plan.steps for slot in step.outputs or (step.output,)}
    first: list[Operation] = []
    for op, _, slot in plan.passed:
        step = producer.get(slot)
        if step is None:
            first.append(op)
        else:
            step.passes += (op,)
    plan.passes_first = tuple(first)


def _fuse(plan: Plan, unbounded_small: bool,
          known: dict[Tensor, tuple[tuple[int, ...], tuple[Tensor, ...]]]) -> None:
    keep = {s for s in plan.fetch_slots if s is not None} | set(plan.feed_slots.values())
    keep.update(slot for _, _, slot in plan.passed)  # read through a skipped pass-through
    ops = [s.op for s in plan.steps]
    readers: dict[Operation, set[int]] = {}
    forward = {op: source for op, source, _ in plan.passed}

    def producer(t: Tensor) -> Operation:  # a removed pass-through's reader reads its source
        op = t._op
        while op in forward:
            op = forward[op]._op
        return op

    for step in plan.steps:
        for t in step.op._inputs:
            if t is not None:
                readers.setdefault(producer(t), set()).add(id(step.op))
    counts = {op: len(r) for op, r in readers.items()}
    # results read by folded constants never reach here; results read outside the plan
    # (by ops that are not part of this run) do not matter to it
    groups = build_groups(ops, plan.slot_of, keep, counts, unbounded_small)
    keyed = set(plan.shape_keyed)
    for root, candidate in list(groups.items()):
        # a lone op runs as a group of one where its output may be large; in a plan made
        # for the fed shapes anyway, they may say it is small: then its own kernel is faster
        out = root._outputs[0]
        if (len(candidate.ops) == 1 and out in known and keyed.issuperset(known[out][1])
                and math.prod(known[out][0]) < JIT_MIN_WORK):
            del groups[root]
    if not groups:
        return
    grouped = {op for g in groups.values() for op in g.ops}
    fused: list[Step] = []
    for step in plan.steps:
        group = groups.get(step.op)
        if group is not None:
            fused.append(Step(step.op, None, group.inputs, group.output, {}, group=group))
        elif step.op not in grouped:
            fused.append(step)
    plan.steps = fused


def _assign_frees(plan: Plan) -> None:
    keep = {s for s in plan.fetch_slots if s is not None}
    keep.update(plan.feed_slots.values())
    keep.update(s.output for s in plan.folded)
    keep.update(slot for s in plan.folded for slot in s.outputs)
    last_use: dict[int, int] = {}
    for i, step in enumerate(plan.steps):
        for s in step.inputs:
            last_use[s] = i
    frees: dict[int, list[int]] = {}
    for slot, i in last_use.items():
        if slot not in keep:
            frees.setdefault(i, []).append(slot)
    for i, step in enumerate(plan.steps):
        # an output nobody reads (an op fetched as an Operation) is freed at once
        extra = [s for s in step.outputs or (step.output,)
                 if s not in last_use and s not in keep]
        step.free = tuple(frees.get(i, [])) + tuple(extra)
