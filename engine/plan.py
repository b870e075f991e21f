"""Execution plans: what a run executes, compiled once and reused.

A plan is made for one (graph version, fetched tensors, fed tensors): TF's pruning (only what
the fetches need, stopping at fed tensors), a topological order, and a flat list of steps that
read and write numbered slots. Each slot is freed after its last reader unless it is fetched,
so intermediates do not outlive their use. Ops made only of constants are folded once, at
compile time (TF's grappler does the same), when ``optimize`` is on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import InvalidArgumentError, InvalidGraphError, execution_error
from .graph import Graph, Operation, Tensor


@dataclass
class Step:
    op: Operation
    kernel: Any
    inputs: tuple[int, ...]
    output: int
    attrs: dict[str, Any]
    free: tuple[int, ...] = ()


@dataclass
class Plan:
    """A compiled run. ``slots`` holds the fed tensors' slots and the folded constants."""

    graph_version: int
    steps: list[Step]
    n_slots: int
    feed_slots: dict[Tensor, int]
    fetch_slots: list[int | None]  # None for an Operation fetch
    constants: dict[int, Any] = field(default_factory=dict)
    missing_feed: Operation | None = None
    ops: list[Operation] = field(default_factory=list)


def _placeholder_dtype_name(op: Operation) -> str:
    return op.get_attr("dtype").runtime_name


def missing_feed_error(op: Operation) -> InvalidArgumentError:
    shape = op.get_attr("shape")
    text = f"You must feed a value for placeholder tensor '{op.name}' with dtype " + (
        _placeholder_dtype_name(op)
    )
    if shape.rank is not None:
        text += f" and shape {shape.debug_string()}"
    err = execution_error(InvalidArgumentError, op, text)
    assert isinstance(err, InvalidArgumentError)
    return err


def prune(
    graph: Graph, targets: Sequence[Operation], fed: set[Tensor]
) -> list[Operation]:
    """The ops the targets need, in topological order, not looking past fed tensors."""
    order: list[Operation] = []
    done: set[Operation] = set()
    active: set[Operation] = set()
    for root in targets:
        if root in done:
            continue
        stack: list[tuple[Operation, int]] = [(root, 0)]
        active.add(root)
        while stack:
            op, i = stack.pop()
            inputs = op._inputs
            if i < len(inputs):
                stack.append((op, i + 1))
                t = inputs[i]
                if t is None or t in fed:
                    continue
                src = t._op
                if src not in done and src not in active:
                    active.add(src)
                    stack.append((src, 0))
            else:
                active.discard(op)
                done.add(op)
                order.append(op)
    return order


def compile_plan(
    graph: Graph,
    fetches: Sequence[Tensor | Operation],
    fed: Sequence[Tensor],
    *,
    fold_constants: bool = True,
    evaluate: Any = None,
) -> Plan:
    """Compile the steps for ``fetches`` given ``fed`` tensors.

    ``evaluate(step, arrays)`` runs one step; it is used to fold constant subgraphs now.
    """
    fed_set = set(fed)
    targets: list[Operation] = []
    for f in fetches:
        op = f.op if isinstance(f, Tensor) else f
        if isinstance(f, Tensor) and f in fed_set:
            continue
        targets.append(op)
    ops = prune(graph, targets, fed_set)
    # a fed tensor's producer only runs when something needs it for another reason
    invalid = [op for op in ops if op._error is not None]
    if invalid:
        names = ", ".join(f"'{op.name}'" for op in invalid[:5])
        more = f" and {len(invalid) - 5} more" if len(invalid) > 5 else ""
        first = invalid[0]
        raise InvalidGraphError(
            f"cannot run: the fetched outputs depend on {len(invalid)} invalid op(s): "
            f"{names}{more}. '{first.name}': {first.error}",
            invalid,
        )
    slot_of: dict[Tensor, int] = {}
    feed_slots: dict[Tensor, int] = {}
    for t in fed:
        slot_of[t] = feed_slots[t] = len(slot_of)
    missing: Operation | None = None
    steps: list[Step] = []
    for op in ops:
        if op.type == "Placeholder" and op.get_attr("default_value") is None:
            if op.outputs[0] not in fed_set and missing is None:
                missing = op
        ins = tuple(slot_of[t] for t in op._inputs if t is not None)
        out_tensor = op._outputs[0]
        out = slot_of.setdefault(out_tensor, len(slot_of))
        steps.append(Step(op, op.op_def.kernel, ins, out, op.all_attrs()))
    fetch_slots: list[int | None] = []
    for f in fetches:
        fetch_slots.append(slot_of[f] if isinstance(f, Tensor) else None)
    plan = Plan(graph.version, steps, len(slot_of), feed_slots, fetch_slots,
                missing_feed=missing, ops=ops)
    if fold_constants and evaluate is not None and missing is None:
        _fold(plan, evaluate)
    _assign_frees(plan)
    return plan


_FOLDABLE_SOURCES = ("Const",)


def _fold(plan: Plan, evaluate: Any) -> None:
    """Run, once, every step whose inputs are all constants; keep the results as slots."""
    constant: set[int] = set()
    kept: list[Step] = []
    for step in plan.steps:
        if step.op.type in _FOLDABLE_SOURCES or (
            step.inputs and all(i in constant for i in step.inputs)
        ):
            try:
                value = evaluate(step, [plan.constants[i] for i in step.inputs])
            except Exception:  # leave it to the run, which reports the error on the op
                kept.append(step)
                continue
            plan.constants[step.output] = value
            constant.add(step.output)
        else:
            kept.append(step)
    plan.steps = kept


def _assign_frees(plan: Plan) -> None:
    keep = {s for s in plan.fetch_slots if s is not None}
    keep.update(plan.feed_slots.values())
    keep.update(plan.constants)
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
        extra = [step.output] if step.output not in last_use and step.output not in keep else []
        step.free = tuple(frees.get(i, [])) + tuple(extra)
