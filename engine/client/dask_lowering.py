"""How each step of a plan becomes part of one dask graph.

Three forms, as each op's ``OpDef.chunked`` says:
- a fused elementwise group runs chunk by chunk through dask's blockwise ``elemwise`` (its
  ``map_blocks`` with broadcasting and chunk alignment), calling the group's own compiled
  kernels on each chunk (``FusedGroup.run_numpy``: the numba loop, numpy in cache-sized
  pieces, or op by op), so a chunk gives exactly what the numpy session gives;
- a ``"chunked"`` op calls its kernel on dask.array's namespace: dask's elementwise
  functions, its tree reductions, its blocked matmul;
- a ``"whole"`` op gets its inputs gathered into one task, and its kernel runs there on
  numpy, its outputs one chunk each.
A step whose inputs are all on the host (folded constants, scalars) runs on the host.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from typing import Any

import numpy as np

from ..compiler.chunks import BufferPool
from ..compiler.fusion import FusedGroup
from ..framework.errors import KernelError, OpError, UnimplementedError, execution_error
from ..framework.operation import Operation
from .plan import Plan, Step


class ChunkFailure(Exception):
    """A kernel failed on a chunk inside the cluster: which op, and what it raised. Plain
    arguments only, so it survives the trip back from a worker."""

    def __init__(self, op_name: str, kind: str, detail: str) -> None:
        super().__init__(op_name, kind, detail)
        self.op_name = op_name
        self.kind = kind
        self.detail = detail


class GroupChunkKernel:
    """A fused group's kernels on one chunk of each of its inputs. It holds a copy of the
    group without its graph ops (only what the kernels read), so it pickles small."""

    def __init__(self, group: FusedGroup, n_slots: int) -> None:
        # what the plan bound for whole arrays is left out: its folded constants (a chunk
        # reads its own block of each: dask aligns them), its static shape, the kernel and
        # route of its last whole-array run
        self.group = dataclasses.replace(
            group, ops=[None] * len(group.ops), _vm_code=None, _vm=None, _cupy_kernel=None,
            _bound=[], static_shape=None, _fast=None, _fast_rows=None, _route=None,
            _ops_only=False)
        self.n_slots = n_slots
        self.root_name = group.root.name

    def __call__(self, *blocks: Any) -> Any:
        slots: list[Any] = [None] * self.n_slots
        for slot, block in zip(self.group.inputs, blocks):
            slots[slot] = block
        try:
            with np.errstate(all="ignore"):
                self.group.run_numpy(slots, BufferPool())
        except KernelError as e:
            raise ChunkFailure(self.root_name, e.cls.__name__, e.detail) from e
        except Exception as e:
            raise ChunkFailure(self.root_name, type(e).__name__, str(e)) from e
        return np.asarray(slots[self.group.output])


class WholeKernel:
    """An op's kernel on numpy over its whole inputs, in one task."""

    def __init__(self, step: Step) -> None:
        self.kernel = step.kernel
        self.attrs = step.attrs
        self.op_name = step.op.name

    def __call__(self, *arrays: Any) -> Any:
        try:
            with np.errstate(all="ignore"):
                return self.kernel(np, *arrays, **self.attrs)
        except KernelError as e:
            raise ChunkFailure(self.op_name, e.cls.__name__, e.detail) from e
        except Exception as e:
            raise ChunkFailure(self.op_name, type(e).__name__, str(e)) from e


def refuse_unchunked(plan: Plan) -> None:
    """Stop a run before anything is submitted when an op cannot run on dask, naming it."""
    for step in plan.steps:
        for op in step.ops:
            if op.op_def.chunked == "none":
                raise execution_error(UnimplementedError, op, (
                    f"{op.type} has no chunked form, so it cannot run on the dask backend. "
                    "Run it with device='cpu' or 'gpu', or fetch its input with keep='dask' "
                    "and compute it there"))


def stateful_error(op: Operation) -> OpError:
    """A stateful op reading chunked values: its state lives in the session, on the host,
    and a cluster's tasks cannot update it (random ops over host values run on the host)."""
    return execution_error(UnimplementedError, op, (
        f"{op.type} keeps state across runs (a variable, a random generator) and here reads "
        "chunked values: the dask backend runs stateless graphs over chunked data only. "
        "Run it with device='cpu' or 'gpu'"))


def is_dask(value: Any) -> bool:
    return type(value).__module__.startswith("dask.")


def key_name(op: Operation) -> str:
    """The dask key prefix for an op's tasks: its name, as the dashboard shows it."""
    return re.sub(r"[^0-9A-Za-z_.]", "_", op.name)


def lower_group(step: Step, slots: list[Any], n_slots: int) -> Any:
    import dask.array as da

    group = step.group
    assert group is not None
    args = [slots[i] for i in group.inputs]
    args = [da.from_array(a, chunks=a.shape) if type(a) is np.ndarray and a.ndim else a
            for a in args]
    # named after the root op (the dashboard's task stream shows it), unique per run
    return da.core.elemwise(GroupChunkKernel(group, n_slots), *args,
                            dtype=group.dtype.np_dtype,
                            name=f"{key_name(step.op)}-{uuid.uuid4().hex}")


def lower_whole(step: Step, arrays: list[Any]) -> Any:
    """The op in one task over its whole inputs; its outputs as one-chunk dask arrays."""
    import dask
    import dask.array as da

    op = step.op
    specs = list(op.output_specs or ())
    n = len(step.outputs) or 1
    task = dask.delayed(WholeKernel(step), pure=True, nout=n if step.outputs else None,
                        name=f"{key_name(op)}-{dask.base.tokenize(*arrays, op.name)}")
    result = task(*arrays)
    parts = list(result) if step.outputs else [result]
    outs = []
    for part, spec in zip(parts, specs):
        dims = spec.shape.sizes
        if dims is None:
            raise execution_error(UnimplementedError, op, (
                f"{op.type} runs on its whole input on the dask backend, and the rank of its "
                "output is unknown there"))
        shape = tuple(np.nan if d is None else int(d) for d in dims)
        outs.append(da.from_delayed(part, shape=shape, dtype=spec.dtype.np_dtype))
    return tuple(outs) if step.outputs else outs[0]


def frame_failure(error: BaseException, ops: dict[str, Operation],
                  fallback: Operation | None) -> OpError:
    """A failure inside the cluster as TF reports it, on the op whose kernel raised it."""
    from ..framework import errors

    if isinstance(error, OpError):
        return error
    if isinstance(error, ChunkFailure):
        cls = getattr(errors, error.kind, None)
        if not (isinstance(cls, type) and issubclass(cls, OpError)):
            cls = errors.InvalidArgumentError
            detail = error.detail if error.kind == "KernelError" else (
                f"{error.kind}: {error.detail}")
        else:
            detail = error.detail
        return execution_error(cls, ops.get(error.op_name, fallback), detail)
    return execution_error(errors.InvalidArgumentError, fallback,
                           f"{type(error).__name__}: {error}")
