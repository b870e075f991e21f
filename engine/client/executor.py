"""Running a compiled plan: the step loop, with run metadata, callbacks and the value cache.

The plain loop (no metadata, no callback, no cache) does nothing per step but call the kernel
and drop dead slots: that is what makes a 10,000-op graph cost little more than the numpy
code it stands for. Everything else — per-op times, bytes, peak memory, cancelling between
ops, reusing cached values by content key — lives in the instrumented loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.backend import Backend
from ..compiler import jit
from ..compiler.chunks import BufferPool
from ..framework.allocation import oom_detail
from ..framework.cache_keys import op_key, tensor_key, value_key
from ..framework.errors import (
    InvalidArgumentError,
    KernelError,
    OpError,
    ResourceExhaustedError,
    execution_error,
)
from ..framework.operation import Operation, Tensor
from ..ops.state import UninitializedError
from .plan import Plan, Step
from .quiet_errors import quiet, restore
from .run_metadata import OpStats, RunMetadata
from .tf_input_order import in_tf_order
from .uninitialized_reads import is_uninitialized_use, reader_error
from .value_cache import ValueCache, value_nbytes

OnOp = Callable[[str, Operation, float], None]


class Executor:
    def __init__(self, backend: Backend, cache: ValueCache | None) -> None:
        self.backend = backend
        self.cache = cache
        self.pool = BufferPool()
        #: kernels run on numpy itself: fed values stay as they are
        self.on_host = backend.is_numpy

    def run(
        self,
        plan: Plan,
        feeds: dict[Tensor, np.ndarray],
        metadata: RunMetadata | None,
        on_op: OnOp | None,
        keys: list[bytes | None] | None = None,
    ) -> tuple[list[Any], set[int]]:
        """Execute; returns the slots and the ids of values that outlive the run (besides
        the plan's own constants, ``plan.owned``). With a value cache, ``keys`` are the
        steps' content keys (``keys()``), taken with the plan under the graph's lock."""
        fed = [(slot, feeds[tensor]) for tensor, slot in plan.feed_slots.items()]
        if metadata is None and on_op is None and self.cache is None:
            return self.run_fed(plan, fed)
        backend = self.backend
        slots, owned = self._start(plan, fed)
        started = time.perf_counter() if metadata is not None else 0.0
        if plan.steps:  # else everything was folded or fed: nothing to run
            token = quiet()  # TF warns about nothing: inf and wrap-around are data
            try:
                if self.cache is not None and keys is None:
                    keys = self.keys(plan, feeds)
                self._run_instrumented(plan, slots, keys, metadata, on_op)
            finally:
                restore(token)
        if metadata is not None:
            metadata.device = backend.device
            metadata.wall_time = time.perf_counter() - started
        if jit.queued():
            jit.start_queued()  # kernels this run asked for compile after it, not during it
        return slots, owned

    def run_fed(self, plan: Plan, fed: list[tuple[int, Any]]) -> tuple[list[Any], set[int]]:
        """The plain run over (slot, value) pairs of converted feeds: what ``run`` does
        without metadata, callback or cache, with nothing done per run but what must be."""
        slots, owned = self._start(plan, fed) if fed else (plan.template, set())
        if plan.steps:  # else everything was folded or fed: nothing to run
            if slots is plan.template:
                slots = slots.copy()
            token = quiet()  # TF warns about nothing: inf and wrap-around are data
            try:
                self.run_steps(plan, slots)
            finally:
                restore(token)
            if jit.queued():
                jit.start_queued()  # kernels this run asked for compile after it, not in it
        return slots, owned

    def _start(self, plan: Plan, fed: list[tuple[int, Any]]) -> tuple[list[Any], set[int]]:
        """The run's slots: the plan's template with the feeds in; and the feeds' ids."""
        slots = plan.template.copy()
        owned: set[int] = set()  # besides plan.owned: this run's feeds
        for slot, value in fed:
            if not self.on_host:
                value = self.backend.to_device(value)
            elif value.ndim == 0 and value.dtype.kind != "O":
                value = value[()]  # a numpy scalar: see plan._seal
            slots[slot] = value
            owned.add(id(value))
        return slots, owned

    def _call(self, step: Step, slots: list[Any]) -> None:
        group = step.group
        if group is None:
            value = step.kernel(self.backend.xp, *[slots[i] for i in step.inputs], **step.attrs)
            if step.outputs:
                for slot, part in zip(step.outputs, value):
                    slots[slot] = part
            else:
                slots[step.output] = value
        elif self.on_host:
            group.run_numpy(slots, self.pool)
        else:
            group.run_cupy(slots, self.backend.xp)

    def run_steps(self, plan: Plan, slots: list[Any]) -> None:
        """The plan's steps over ``slots`` (feeds in), nothing else: numpy's warnings are
        the caller's to turn off, kernels asked for its to start."""
        step: Step | None = None
        xp = self.backend.xp
        numpy_backend = self.on_host
        pool = self.pool
        try:
            for step in plan.steps:
                group = step.group
                if group is None:
                    value = step.kernel(xp, *[slots[i] for i in step.inputs], **step.attrs)
                    if step.outputs:  # an op with several outputs returns them all
                        for slot, part in zip(step.outputs, value):
                            slots[slot] = part
                    else:
                        slots[step.output] = value
                elif numpy_backend:
                    group.run_numpy(slots, pool)
                else:
                    group.run_cupy(slots, xp)
                for f in step.free:
                    slots[f] = None
        except Exception as e:
            if step is None:
                raise
            raise runtime_error(step, slots, e, self.backend.xp, plan) from e

    def _run_instrumented(
        self,
        plan: Plan,
        slots: list[Any],
        keys: list[bytes | None] | None,
        metadata: RunMetadata | None,
        on_op: OnOp | None,
    ) -> None:
        cache = self.cache
        live = peak = 0
        _report_passes(plan.passes_first, metadata, on_op)
        for i, step in enumerate(plan.steps):
            root = step.op
            if on_op is not None:
                for op in step.ops:
                    on_op("started", op, 0.0)
            # a stateful op's value is new every run; several outputs are not cached
            cacheable = cache is not None and not step.outputs and not root.op_def.stateful
            key = keys[i] if keys is not None and cacheable else None
            cached = cache.get(key) if key is not None and cache is not None else None
            t0 = time.perf_counter()
            if cached is not None:
                slots[step.output] = cached
            else:
                try:
                    self._call(step, slots)
                except Exception as e:
                    raise runtime_error(step, slots, e, self.backend.xp, plan) from e
                if key is not None and cache is not None:
                    cache.put(key, slots[step.output])
            seconds = time.perf_counter() - t0
            nbytes = sum(value_nbytes(slots[s]) for s in step.outputs or (step.output,))
            live += nbytes
            peak = max(peak, live)
            for f in step.free:
                live -= value_nbytes(slots[f])
                slots[f] = None
            # a lone op run as a group of one (into a pooled buffer) is fused with nothing
            group_name = (root.name if step.group is not None and len(step.group.ops) > 1
                          else None)
            kernel = (step.group.last_kernel if step.group is not None and cached is None
                      else None)
            if metadata is not None:
                for op in step.ops:
                    own = op is root
                    metadata.ops[op.name] = OpStats(
                        seconds if own else 0.0, nbytes if own else 0, cached is not None,
                        group_name, kernel if own else None,
                    )
                    (metadata.cached if cached is not None else metadata.executed).append(op.name)
            if on_op is not None:
                for op in step.ops:
                    on_op("cached" if cached is not None else "done", op,
                          seconds if op is root else 0.0)
            _report_passes(step.passes, metadata, on_op)
        if metadata is not None:
            metadata.peak_bytes = peak

    def keys(self, plan: Plan, feeds: dict[Tensor, np.ndarray]) -> list[bytes | None]:
        """The content key of each step's output, or None for a step that must not be cached:
        a stateful op (a random op's value is new every run) and whatever reads it. Taken
        while the graph's edit lock is held (with the plan), so a value is never cached
        under the key of another version of the graph than the one it was computed from."""
        run_keys = {t: value_key(v) for t, v in feeds.items()}
        fresh: set[Tensor] = set()  # outputs of this run that no content key describes
        out: list[bytes | None] = []
        for step in plan.steps:
            if any(op.op_def.stateful or any(t in fresh for t in op._inputs if t is not None)
                   for op in step.ops):
                fresh.update(t for op in step.ops for t in op._outputs)
                out.append(None)
            else:
                out.append(self._key(step, run_keys))
        return out

    def _key(self, step: Step, run_keys: dict[Tensor, bytes]) -> bytes:
        """The content key of a step's output; ops fed from this run's feeds key by value."""
        key = b""
        for op in step.ops:
            inputs = [t for t in op._inputs if t is not None]
            if any(t in run_keys for t in inputs):
                key = op_key(op.type, op._attrs, [
                    run_keys.get(t) or tensor_key(t._op.cache_key(), t._value_index)
                    for t in inputs
                ])
                run_keys[op._outputs[0]] = key
            else:
                key = op.cache_key()
        return key


def _report_passes(ops: tuple[Operation, ...], metadata: RunMetadata | None,
                   on_op: OnOp | None) -> None:
    """The pass-through ops a plan skipped (their readers read their input) reported as run,
    in no time: a run's metadata and progress name every op the run needed."""
    for op in ops:
        if metadata is not None:
            metadata.ops[op.name] = OpStats(0.0, 0, False, None, None)
            metadata.executed.append(op.name)
        if on_op is not None:
            on_op("started", op, 0.0)
            on_op("done", op, 0.0)


def runtime_error(step: Step, slots: list[Any], error: Exception, xp: Any = np,
                  plan: Plan | None = None) -> OpError:
    """A kernel's failure as TF reports it, on the failing op: the class and words a kernel
    raised as ``KernelError`` (``Integer division by zero``), else InvalidArgumentError;
    ResourceExhaustedError when its result could not be allocated. An uninitialized
    variable is reported on the node that reads it (``readers``, from the plan)."""
    if isinstance(error, OpError):
        return error
    readers = plan.readers if plan is not None else None
    if (plan is not None and readers and type(error) is KernelError
            and is_uninitialized_use(error.detail)):  # an update: TF names the reader first
        on_reader = reader_error(plan, error.detail)
        if on_reader is not None:
            return on_reader
    if isinstance(error, UninitializedError) and readers and step.op in readers:
        name = readers[step.op]
        node = next((c for c, _ in step.op.consumers() if c.name == name), None)
        if node is not None:
            return execution_error(error.cls, node, error.detail)
        # a fetch of the reference itself: TF names its _retval node, with no "Detected at"
        return error.cls(None, None, f"Graph execution error:\n\n{error.detail}\n\t "
                                     f"[[{{{{node {name}}}}}]]")
    if isinstance(error, KernelError):
        return execution_error(error.cls, step.op, error.detail)
    if isinstance(error, MemoryError):  # numpy's and cupy's out-of-memory errors
        op = step.op
        spec = (op.output_specs or (None,))[0]
        dims = spec.shape.sizes if spec is not None else None
        reason = f"not enough memory for its result ({error})"
        if spec is not None and dims is not None and all(d is not None for d in dims):
            reason = oom_detail([int(d or 0) for d in dims], spec.dtype, _device(xp), reason)
        return execution_error(ResourceExhaustedError, op, reason)
    if step.group is not None:
        return _diagnose_group(step, slots, error, xp)
    op = step.op
    arrays = [slots[i] for i in step.inputs]
    detail = str(error) if isinstance(error, KernelError) else None
    explain = op.op_def.explain
    if explain is not None and detail is None:
        try:
            detail = explain(in_tf_order(op, arrays))
        except Exception:
            detail = None
    if detail is None:
        detail = f"{type(error).__name__}: {error}"
    return execution_error(InvalidArgumentError, op, detail)


def _device(xp: Any) -> str:
    kind = "CPU" if xp is np or getattr(xp, "__name__", "").startswith("numpy") else "GPU"
    return f"/job:localhost/replica:0/task:0/device:{kind}:0"


def _diagnose_group(step: Step, slots: list[Any], error: Exception, xp: Any) -> OpError:
    """Replay a failed fused group op by op, with the run's own kernels and arrays (numpy or
    cupy), to name the op that failed, in TF's words."""
    group = step.group
    assert group is not None
    values: dict[Tensor, Any] = {}
    slot_of = {t: slots[i] for t, i in zip(_group_inputs(group), group.inputs)}
    for op in group.ops:
        arrays = [values[t] if t in values else slot_of[t] for t in op._inputs]
        try:
            values[op._outputs[0]] = op.op_def.kernel(xp, *arrays, **op.all_attrs())
        except Exception as e:
            if isinstance(e, KernelError):
                return execution_error(e.cls, op, e.detail)
            single = Step(op, op.op_def.kernel, (), -1, {})
            explain = op.op_def.explain
            detail = explain(in_tf_order(op, arrays)) if explain is not None else None
            return execution_error(
                InvalidArgumentError, single.op, detail or f"{type(e).__name__}: {e}"
            )
    return execution_error(InvalidArgumentError, step.op, f"{type(error).__name__}: {error}")


def _group_inputs(group: Any) -> list[Tensor]:
    inside = {op._outputs[0] for op in group.ops}
    seen: list[Tensor] = []
    for op in group.ops:
        for t in op._inputs:
            if t not in inside and t not in seen:
                seen.append(t)
    return seen
