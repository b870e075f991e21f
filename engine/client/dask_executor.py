"""Running a compiled plan on the dask backend: the plan becomes one lazy dask graph, then
every fetched output is computed together (work they share is done once).

The plan is the numpy session's own (pruned, constants folded on the host, elementwise
chains fused); ``dask_lowering`` turns each step into dask. Fetched outputs come back as
numpy arrays, or with ``keep="dask"`` as the dask arrays themselves, for outputs too large
to gather (store them with ``dask.array.to_npy_stack``, ``store``, or the command line's
``--out NAME=path.npy``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import numpy as np

from ..backends.dask_array import DaskBackend
from ..compiler.chunks import BufferPool
from ..framework.errors import OpError
from ..framework.operation import Operation, Tensor
from .dask_lowering import (
    frame_failure,
    is_dask,
    lower_group,
    lower_whole,
    refuse_unchunked,
    stateful_error,
)
from .executor import OnOp, runtime_error
from .plan import Plan, Step
from .run_metadata import OpStats, RunMetadata

if TYPE_CHECKING:  # imported when a run reports progress: it loads dask.distributed
    from .dask_progress import Watch

#: what ``Session.run(keep=...)`` accepts
KEEP = ("numpy", "dask")
#: host-side groups (all inputs folded constants or scalars) are small: one pool will do
_POOL = BufferPool()


class DaskExecutor:
    def __init__(self, backend: DaskBackend) -> None:
        self.backend = backend
        self.cache = None  # values are not kept across runs: a cluster's arrays are lazy

    def run(self, plan: Plan, feeds: dict[Tensor, Any], metadata: RunMetadata | None,
            on_op: OnOp | None, keep: str = "numpy") -> list[Any]:
        """The fetched values, in the plan's fetch order (None for an Operation fetch)."""
        if keep not in KEEP:
            raise ValueError(f"keep must be one of {', '.join(map(repr, KEEP))}, not {keep!r}")
        refuse_unchunked(plan)
        started = time.perf_counter()
        slots = plan.template.copy()
        for tensor, slot in plan.feed_slots.items():
            slots[slot] = self.backend.to_device(feeds[tensor])
        ops = [op for step in plan.steps for op in step.ops]
        watch = None
        if on_op is not None or metadata is not None:
            for op in ops:
                if on_op is not None:
                    on_op("started", op, 0.0)
            watch = _watch(on_op, started, ops)
        self._lower(plan, slots, watch)
        results = self._gather(plan, slots, keep, {op.name: op for op in ops}, watch)
        seconds = time.perf_counter() - started
        if on_op is not None and watch is not None:
            # the rest: on the host, or fused by dask's optimizer into a later layer
            reported = {op for name in watch.reported for op in watch.layers[name][1]}
            for op in ops:
                if op not in reported:
                    on_op("done", op, seconds)
        if metadata is not None:
            metadata.device = "dask"
            metadata.wall_time = seconds
            metadata.executed.extend(op.name for op in ops)
            finished = watch.finished if watch is not None else {}
            for step in plan.steps:
                group = step.op.name if step.group is not None else None
                for op in step.ops:  # the time: when its last chunk was done, into the run
                    metadata.ops[op.name] = OpStats(
                        finished.get(op, seconds), 0, False, group,
                        "dask, chunk by chunk" if group and op is step.op else None)
        return results

    def _lower(self, plan: Plan, slots: list[Any], watch: Watch | None) -> None:
        step = None
        try:
            with np.errstate(all="ignore"):
                for step in plan.steps:
                    arrays = [slots[i] for i in step.inputs]
                    lazy = any(is_dask(a) for a in arrays)
                    if step.group is not None:
                        if lazy:
                            slots[step.output] = lower_group(step, slots, plan.n_slots)
                            if watch is not None:
                                watch.add(slots[step.output], step.ops)
                        else:
                            step.group.run_numpy(slots, _POOL)
                    else:
                        self._lower_step(step, slots, arrays, lazy, watch)
                    for f in step.free:
                        slots[f] = None
        except OpError:
            raise
        except Exception as e:
            if step is None:
                raise
            raise runtime_error(step, slots, e, np) from e

    def _lower_step(self, step: Step, slots: list[Any], arrays: list[Any], lazy: bool,
                    watch: Watch | None) -> None:
        """One op: on the host when it reads only host values, else its dask form."""
        if lazy and step.op.op_def.stateful:
            raise stateful_error(step.op)
        if lazy and step.op.op_def.chunked == "whole":
            value = lower_whole(step, arrays)
        else:
            value = step.kernel(self.backend.xp if lazy else np, *arrays, **step.attrs)
        if step.outputs:
            for slot, part in zip(step.outputs, value):
                slots[slot] = part
        else:
            slots[step.output] = value
        if watch is not None and lazy:
            for part in (value if step.outputs else (value,)):
                if is_dask(part):
                    watch.add(part, [step.op])

    def _gather(self, plan: Plan, slots: list[Any], keep: str,
                ops: dict[str, Operation], watch: Watch | None) -> list[Any]:
        values = [None if s is None else slots[s] for s in plan.fetch_slots]
        lazy = [i for i, v in enumerate(values) if is_dask(v)]
        if lazy and keep == "numpy":
            fallback = plan.steps[-1].op if plan.steps else None
            try:
                computed = self._compute([values[i] for i in lazy], watch)
            except _CallbackRaised as e:  # on_op's own exception (a Stop): unchanged
                raise e.error from None
            except OpError:
                raise
            except Exception as e:  # a kernel failed on a chunk, in the cluster
                raise frame_failure(e, ops, fallback) from None
            for i, value in zip(lazy, computed):
                values[i] = value
        owned = {id(v) for v in plan.template if v is not None}
        out: list[Any] = []
        for value in values:
            if value is None or is_dask(value) or isinstance(value, (np.number, np.bool_)):
                out.append(value)
                continue
            array = np.asarray(value)
            if id(value) in owned or not array.flags.writeable or array.base is not None:
                array = np.array(array, copy=True)
            out.append(array[()] if array.ndim == 0 else array)
        return out

    def _compute(self, values: list[Any], watch: Watch | None) -> list[Any]:
        cluster = self.backend.cluster
        if watch is None or not watch.layers:
            return cluster.compute(values)
        from .dask_progress import LocalProgress, compute_on_cluster

        if cluster.client is not None:
            return compute_on_cluster(cluster.client, values, watch)
        with LocalProgress(watch):
            return cluster.compute(values)


def _watch(on_op: OnOp | None, started: float, ops: list[Operation]) -> Watch:
    """Progress reported to ``on_op``: each op done as its chunks are, and while waiting,
    the first op still running said to be running again (an exception the callback raises
    then, as the editor's Stop does, cancels the cluster's work)."""
    from .dask_progress import Watch

    def tell(state: str, op: Operation, seconds: float) -> None:
        if on_op is not None:
            try:
                on_op(state, op, seconds)
            except Exception as e:  # carried out of dask's machinery as it is
                raise _CallbackRaised(e) from e

    def done(op: Operation) -> None:
        seconds = time.perf_counter() - started
        watch.finished[op] = seconds
        tell("done", op, seconds)

    def wait() -> None:
        running = next((op for op in ops if op not in watch.finished), None)
        if running is not None:
            tell("started", running, 0.0)

    watch = Watch(done, wait)
    return watch


class _CallbackRaised(Exception):
    """``on_op`` raised while the cluster worked: the run stops with that exception."""

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error
