"""Fusion of elementwise ops: one kernel per chain or tree, no temporaries in memory.

A group is a tree of elementwise ops (AddV2, Sub, Mul, RealDiv, Neg, Square …: the OpDefs with
a ``fusion`` template and a Python ``operator``) of one floating dtype, whose inner results
have a single consumer and are neither fetched nor fed; a Cast to that dtype may read an
input of another (bool, integer, float). At run time a group is evaluated
- on the CPU, from about 6.6e4 elements × ops, whose inputs are whole arrays, scalars or
  broadcast by rows or columns, by one compiled loop (``jit.py``, numba) in pieces over
  the cores, once it is compiled in the background; from 4.1e3 to 6.6e4, by whichever of
  that loop and op by op measured faster on its first runs (``routes.py``);
- on the CPU for arrays past 128 KiB, until then or without numba, in cache-sized chunks
  of numpy ufuncs (``chunks.py``): each input read once from memory and the output written
  once, into a reused buffer. Inputs that broadcast otherwise go to numexpr;
- on the CPU for small arrays and scalars by a tight loop over Python operators (numpy's own
  scalar and ufunc paths), where one call per op beats any kernel launch;
- on a GPU by one generated cupy ElementwiseKernel.
Every path computes exactly what the unfused kernels compute: the same IEEE operations in the
same order, in the op's own dtype.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from . import chunks, cupy_groups, interpreter, jit, launches, routes
from .chunks import BufferPool
from .segments import input_dtypes as _input_dtypes
from .segments import jit_program as _jit_program
from .segments import segments as _segments

#: arrays at least this large go through numexpr (measured: below it numpy's per-op
#: calls, whose temporaries stay in cache, are as fast as numexpr's threads)
NUMEXPR_MIN_ELEMENTS = 1 << 21
#: what ``FusedGroup.last_kernel`` (and so ``OpStats.kernel``) can say
KERNELS = ("op by op", "compiled loop", "compiled interpreter", "numpy, in chunks", "numexpr",
           "cupy kernel")
#: groups with at least this much work (elements × ops) run as one compiled loop once their
#: kernel is compiled (measured: below it a call's fixed cost, about 2 µs of numba's dispatch
#: beside the run's own, outweighs what one loop saves over numpy's per-op calls; a 2-op
#: chain gains from about 3e4 elements, an 8-op one from 1e4)
JIT_MIN_WORK = 1 << 16
#: on the CPU a group that may be compiled has at most this many ops: numba's compile time
#: grows faster than the group (about 0.6 s at 8 ops, 1.8 s at 32, and past 40 it fails),
#: so a longer chain becomes several compiled groups, each reading the one before
JIT_MAX_OPS = 24
#: statically small groups of at least this many ops run in the compiled interpreter
VM_MIN_OPS = 16
#: scalar chains over folded constants at least this long run as one compiled call
JIT_CHAIN_MIN_OPS = 32
#: outputs of at least this many bytes run chunk by chunk, into a pooled output buffer,
#: rather than op by op (measured: op by op, each op allocates its result; past the C
#: allocator's 128 KiB threshold, a caller that drops each run's result makes it give the
#: memory back and fault it in again: up to 14× slower than numpy from 3e5 elements)
CHUNKED_MIN_BYTES = 1 << 17
#: the chunked path is on (tests turn it off to exercise numexpr on the same groups)
USE_CHUNKS = True
#: numexpr compiles one program per group: keep its inputs and its size bounded
MAX_GROUP_INPUTS = 24
MAX_GROUP_OPS = 64
#: groups whose output is known to be this small never need numexpr: they may be any size
SMALL_ELEMENTS = 4096

#: dtypes the large-array paths (compiled, chunked, numexpr) run; others run op by op
_LARGE_DTYPES = (dt.float32, dt.float64)

try:
    import numexpr
except ImportError:  # pragma: no cover - numexpr is a dependency
    numexpr = None


@dataclass
class FusedGroup:
    """A fused tree of elementwise ops. ``inputs`` are the external slots it reads."""

    ops: list[Any]  # Operation, topological; the last one is the root
    inputs: tuple[int, ...]
    output: int
    dtype: dt.DType
    expression: str  # numexpr / C syntax over v0, v1, …
    #: the op-by-op program: segments of (start slot, (kind, [(func, operand[, mode])]), out
    #: slot); kind 0 is a pure chain whose every op reads the running value first
    segments: list[tuple[int, tuple[int, list[Any]], int]]
    small: bool  # statically small: never numexpr
    static_shape: tuple[int, ...] | None  # the output's shape, when inference knows it all
    has_cast: bool  # reads inputs of other dtypes through Casts (numexpr cannot run it)
    input_dtypes: tuple[dt.DType, ...]  # of ``inputs``, in order
    #: numexpr may run it: no Cast, and every op's expression is numexpr's too (tanh would
    #: round differently, relu has no numexpr form)
    numexpr_ok: bool = True
    #: C helper functions its GPU kernel's expression calls (tc_relu …), as a preamble
    c_helpers: str = ""
    #: the chunked program: (ufunc, argument refs, result ref); refs < 0 are external
    #: inputs (-1 - index), refs >= 0 scratch buffers; the last result is the output
    chunk_program: list[tuple[Any, tuple[int, ...], int]] = field(default_factory=list)
    #: the compiled kernel's program: (Python operator, argument refs) per op, refs < 0
    #: external inputs (-1 - index), refs >= 0 earlier ops (see ``jit.py``)
    jit_program: list[tuple[Any, tuple[int, ...]]] = field(default_factory=list)
    n_scratch: int = 0
    #: how the last run of this group went: one of ``KERNELS``
    last_kernel: str = "op by op"
    _cupy_kernel: Any = None
    _names: tuple[str, ...] = field(default_factory=tuple)
    _bound: list[Any] = field(default_factory=list)
    _vm_code: interpreter.Encoded | None = None  # for the compiled interpreter (small groups)
    _vm: interpreter.Bound | None = None
    #: the last compiled run on whole arrays and scalars, to run again (``launches.py``)
    _fast: launches.Launch | None = None
    _ops_only: bool = False
    _route: routes.Route | None = None
    #: the same for a row loop (a bias over rows): see ``launches.rerun_rows``
    _fast_rows: tuple[tuple[Any, ...], tuple[int, ...], Any, Any, int, int] | None = None

    def bind(self, template: list[Any]) -> None:
        """Put folded constants straight into the chains that read them (saves a slot
        lookup per op: most of the cost of a long scalar chain). Called again whenever the
        plan's constants change."""
        bound: list[Any] = []
        for start, (kind, program), out in self.segments:
            if kind == 0 and all(template[operand] is not None for _, operand in program):
                pairs = [(f, template[o]) for f, o in program]
                encoded = jit.encode_chain(pairs, self.dtype.np_dtype)
                if encoded is not None and len(pairs) >= JIT_CHAIN_MIN_OPS:
                    bound.append((start, (3, pairs, *encoded), out))
                else:
                    bound.append((start, (2, pairs), out))
            else:
                bound.append((start, (kind, program), out))
        self._bound = bound
        self._vm = None
        # statically below every kernel's threshold: op by op, decided once, not per run
        smallest = min(self._jit_min(), CHUNKED_MIN_BYTES // self.dtype.np_dtype.itemsize)
        self._ops_only = self.dtype not in _LARGE_DTYPES or (
            self.static_size is not None and self.static_size < smallest)
        # a group made only of long constant chains is the chain kernel's (cheaper per op)
        chains_only = all(program[0] == 3 for _, program, _ in bound)
        if self._vm_code is not None and self.static_shape is not None and not chains_only:
            self._vm = interpreter.bind(self._vm_code, list(self.inputs), template,
                                        self.static_shape, self.dtype.np_dtype)

    def _jit_min(self) -> int:
        """The fewest elements a compiled loop may run (a lone op: as many as it saves)."""
        n = len(self.ops)
        return -(-(JIT_MIN_WORK if n == 1 else JIT_MIN_WORK >> 4) // n)

    @property
    def root(self) -> Any:
        return self.ops[-1]

    @property
    def static_size(self) -> int | None:
        return None if self.static_shape is None else math.prod(self.static_shape)

    # --- running ----------------------------------------------------------------------------
    def run_ops(self, slots: list[Any]) -> None:
        """Op by op with Python operators; registers are the plan's slots. A long group of
        small arrays goes to the compiled interpreter instead, once it is compiled."""
        if self._vm is not None and jit.ENABLED:
            value = interpreter.run(self._vm, slots)
            if value is not None:
                slots[self.output] = value
                self.last_kernel = "compiled interpreter"
                return
        segments: list[Any] = self._bound or self.segments
        for start, program, out in segments:
            acc = slots[start]
            if program[0] == 3 and type(acc) is self.dtype.np_dtype.type and jit.ENABLED:
                # a long scalar chain over folded constants: one compiled call, once ready
                chain = jit.chain_kernel(self.dtype.np_dtype)
                if chain is not None:
                    slots[out] = acc.dtype.type(chain(acc, program[2], program[3]))
                    continue
            if program[0] >= 2:  # a chain whose every other operand is a folded constant
                for func, value in program[1]:
                    acc = func(acc, value)
            elif program[0] == 0:  # every op reads the running value first: the common chain
                for func, operand in program[1]:
                    acc = func(acc, slots[operand])
            else:
                for func, operand, mode in program[1]:
                    if mode == 0:
                        acc = func(acc, slots[operand])
                    elif mode == 1:
                        acc = func(slots[operand], acc)
                    elif mode == 2:
                        acc = func(acc)
                    elif mode == 3:
                        acc = func(acc, acc)
                    else:  # three operands, each a slot or the running value
                        acc = func(*[acc if r < 0 else slots[r] for r in operand])
            slots[out] = acc

    def run_numpy(self, slots: list[Any], pool: BufferPool) -> None:
        if self._ops_only:  # statically too small for any kernel: never compiled
            self.last_kernel = "op by op"
            self.run_ops(slots)
            return
        fast = self._fast
        if fast is not None and fast.pool is pool:  # the last run's kernel, if this is alike
            route = self._route  # at sizes where op by op may be faster (routes.py)
            if route is not None and route.best is routes.OPS and (
                    self.static_shape is not None
                    or np.shape(slots[self.inputs[0]]) == fast.shape):
                self.last_kernel = routes.OPS  # measured faster at this shape
                self.run_ops(slots)
                return
            arrays = [slots[i] for i in self.inputs]
            if route is None or route.best is not None:  # compiled: measured or sure
                out = fast.run(arrays)
                if out is not None:
                    slots[self.output] = out
                    self.last_kernel = routes.COMPILED
                    return
            elif fast.fits(arrays):  # still measuring which path is faster
                ops = route.runs_ops()
                t0 = time.perf_counter()
                out = None if ops else fast.run(arrays)
                if out is None:
                    ops = True
                    self.run_ops(slots)
                else:
                    slots[self.output] = out
                route.record(ops, time.perf_counter() - t0)
                self.last_kernel = routes.OPS if ops else routes.COMPILED
                return
        again = launches.rerun_rows(self._fast_rows, [slots[i] for i in self.inputs], pool.take,
                               self.dtype.np_dtype) if self._fast_rows is not None else None
        if again is not None:
            slots[self.output] = again
            self.last_kernel = "compiled loop"
            return
        self.last_kernel = "op by op"
        use_jit = jit.ENABLED and bool(self.jit_program)
        jit_min = self._jit_min()  # elements
        chunked_min = CHUNKED_MIN_BYTES // self.dtype.np_dtype.itemsize
        if len(self.ops) == 1:  # a lone op: its own ufunc call is as fast below this size
            chunked_min = max(chunked_min, jit_min)
        smallest = min(jit_min, chunked_min) if use_jit else chunked_min
        static_size = self.static_size
        if self.dtype not in _LARGE_DTYPES or (static_size is not None
                                                and static_size < smallest):
            self.run_ops(slots)
            return
        arrays = [slots[i] for i in self.inputs]
        shapes = [a.shape if type(a) is np.ndarray else np.shape(a) for a in arrays]
        shape = shapes[0]
        if shapes.count(shape) != len(shapes):
            shape = np.broadcast_shapes(*shapes)
        size = math.prod(shape)
        if size < smallest:
            self.run_ops(slots)
            return
        if use_jit and size >= jit_min and self._run_jit(arrays, shape, slots, pool):
            return
        flat_inputs = all(
            (s == shape and a.flags.c_contiguous) or math.prod(s) == 1
            for a, s in zip(arrays, shapes)
        )
        if size < chunked_min:
            self.run_ops(slots)
            return
        uniform = USE_CHUNKS and bool(self.chunk_program) and flat_inputs
        if not uniform and (numexpr is None or size < NUMEXPR_MIN_ELEMENTS
                            or not self.numexpr_ok):
            self.run_ops(slots)
            return
        out = pool.take(shape, self.dtype.np_dtype)
        if uniform:
            chunks.run(self.chunk_program, self.n_scratch, self.dtype.np_dtype, arrays,
                       out.reshape(-1), size)
            self.last_kernel = "numpy, in chunks"
        else:
            local = dict(zip(self._names, arrays))
            numexpr.evaluate(self.expression, local_dict=local, out=out, casting="no")
            self.last_kernel = "numexpr"
        slots[self.output] = out

    def _run_jit(
        self, arrays: list[Any], shape: tuple[int, ...], slots: list[Any], pool: BufferPool
    ) -> bool:
        """Run the group's compiled kernel; False while it is not compiled yet (or cannot
        be: a broadcast it does not handle), and the caller takes the numpy path."""
        placed = jit.split(arrays, shape)
        if placed is None:
            return False
        layout, ins, cols, width = placed
        dtype = self.dtype.np_dtype
        kernel = jit.group_kernel(self.expression, dtype, self.jit_program, layout, ins,
                                  flat=not cols)
        if kernel is None:
            return False
        out = pool.take(shape, dtype)
        try:
            launches.launch(kernel, out.reshape(-1), ins, cols, width)
        except TypeError:  # types it was not compiled for (disable_compile refuses them)
            return False
        slots[self.output] = out
        self.last_kernel = "compiled loop"
        if not cols:  # whole arrays and scalars: see run_numpy
            self._fast = launches.Launch.of(shape, arrays, layout, kernel, pool, dtype)
            work = math.prod(shape) * len(self.ops)
            self._route = routes.Route() if routes.measured(work, JIT_MIN_WORK) else None
        elif cols and not ins[jit.SCALAR] and all(type(a) is np.ndarray for a in arrays):
            self._fast_rows = (tuple(a.shape for a in arrays), tuple(a.flags.num for a in arrays),
                               kernel, (layout, shape), cols, width)
        return True

    def cupy_kernel(self) -> Any:
        """The group as one cupy ElementwiseKernel (made once; CUDA compiles it at its first
        launch)."""
        if self._cupy_kernel is None:
            self._cupy_kernel = cupy_groups.elementwise_kernel(
                self.expression, self.c_helpers, self.dtype, self.input_dtypes, self._names,
                len(self.ops))
        return self._cupy_kernel

    def run_cupy(self, slots: list[Any], xp: Any) -> None:
        arrays = [slots[i] for i in self.inputs]
        slots[self.output] = self.cupy_kernel()(*arrays)
        self.last_kernel = "cupy kernel"


def fusible(op: Any) -> bool:
    """Whether an op can join a fused group: an elementwise float op with a Python operator,
    or a Cast to float32/float64 from a dtype every fused path converts as numpy does. An
    op's ``bool_inputs`` (Select's condition) are bool inputs beside the float ones; its
    ``fusible_if`` may refuse a case (Select's condition broadcast over rows)."""
    op_def = op.op_def
    extra = op_def.extra
    if op_def.fusion is None or ("operator" not in extra and "operator_for" not in extra):
        return False
    specs = op.output_specs
    if specs is None or not specs[0].dtype.is_floating:
        return False
    if any(t is None for t in op._inputs):
        return False
    if op_def.type == "Cast":
        source = op._inputs[0].dtype
        return specs[0].dtype in _C_TYPES and source in _CAST_SOURCES and source is not (
            specs[0].dtype
        )
    check = extra.get("fusible_if")
    if check is not None and not check(op):
        return False
    bools = extra.get("bool_inputs", ())
    # a reference input (ScatterAdd's, in Adam's sparse update) is read as its value
    return all(t.dtype.base_dtype is (dt.bool_ if i in bools else specs[0].dtype)
               for i, t in enumerate(op._inputs))


#: dtypes a fused Cast may read, and the C names of the dtypes it may write
_CAST_SOURCES = (dt.bool_, dt.int8, dt.int16, dt.int32, dt.int64, dt.uint8, dt.uint16,
                 dt.uint32, dt.uint64, dt.float32, dt.float64)
_C_TYPES = {dt.float32: "float", dt.float64: "double"}


def _small(op: Any) -> bool:
    shape = op.output_specs[0].shape
    n = shape.num_elements()
    return n is not None and n <= SMALL_ELEMENTS


def build_groups(
    ops: Sequence[Any],
    slot_of: dict[Any, int],
    keep: set[int],
    consumer_count: dict[Any, int],
    unbounded_small: bool = True,
) -> dict[Any, FusedGroup]:
    """Group fusible ops into trees; returns root op → group, for groups of two or more
    (and, on the CPU, lone ops whose output may be large: ``_large_alone``).

    ``keep`` holds slots that must be materialised (fetched, fed); ``consumer_count`` counts
    the plan's ops reading each op's output (an op reading it twice counts once). With
    ``unbounded_small`` (numpy), groups known to be small may grow without limit: they run op
    by op and never compile.
    """
    fusible_ops = {op for op in ops if fusible(op)}
    member_of: dict[Any, Any] = {}  # op → root op of its group
    members: dict[Any, list[Any]] = {}
    for op in reversed(ops):  # consumers before producers
        if op not in fusible_ops:
            continue
        root = op
        consumers = [c for c, _ in op.consumers() if c in member_of]
        single = consumer_count.get(op, 0) == 1 and len({id(c) for c in consumers}) == 1
        if single and slot_of[op._outputs[0]] not in keep and (
            op.output_specs[0].dtype is member_of[consumers[0]].output_specs[0].dtype
        ):  # a Cast's input (another dtype) starts a group of its own
            candidate = member_of[consumers[0]]
            group = members[candidate]
            if (unbounded_small and _small(candidate)) or _fits(
                group + [op], candidate, slot_of, unbounded_small
            ):
                root = candidate
        member_of[op] = root
        members.setdefault(root, []).append(op)
    groups: dict[Any, FusedGroup] = {}
    for root, group_ops in members.items():
        if len(group_ops) < 2 and not (unbounded_small and _large_alone(root)):
            continue
        ordered = [op for op in ops if member_of.get(op) is root]
        groups[root] = _make_group(ordered, slot_of)
    return groups


def _large_alone(op: Any) -> bool:
    """A lone elementwise op whose output may be large runs as a group of one on the CPU:
    into a pooled output buffer, compiled (or chunked over the cores), as a group would. Its
    own kernel would allocate a fresh result every run, which is memory faulted in again on
    every step of a long unfused run, on one core (measured, an Add of 1e7 float32: 4.9 ms
    by its kernel, 2.9 ms as a group of one; at 1e5 its kernel is faster: 19 µs against 26,
    so below ``JIT_MIN_WORK`` elements it runs as before)."""
    spec = op.output_specs[0]
    if spec.dtype not in _LARGE_DTYPES:
        return False
    if op.op_def.type != "Cast" and "ufunc" not in op.op_def.extra:
        return False
    n = spec.shape.num_elements()
    return n is None or n >= JIT_MIN_WORK


def _external_inputs(group_ops: list[Any], slot_of: dict[Any, int]) -> list[int]:
    inside = {op._outputs[0] for op in group_ops}
    seen: dict[int, None] = {}
    for op in group_ops:
        for t in op._inputs:
            if t not in inside:
                seen.setdefault(slot_of[t], None)
    return list(seen)


def _fits(group_ops: list[Any], root: Any, slot_of: dict[Any, int], unbounded: bool) -> bool:
    if unbounded and _small(root):
        return True  # never compiled: no limits needed
    max_ops = JIT_MAX_OPS if unbounded and jit.ENABLED else MAX_GROUP_OPS
    return (len(group_ops) <= max_ops
            and len(_external_inputs(group_ops, slot_of)) <= MAX_GROUP_INPUTS)


def _make_group(ordered: list[Any], slot_of: dict[Any, int]) -> FusedGroup:
    root = ordered[-1]
    inputs = _external_inputs(ordered, slot_of)
    names = tuple(f"v{i}" for i in range(len(inputs)))
    var_of = {slot: names[i] for i, slot in enumerate(inputs)}
    inside = {op._outputs[0]: op for op in ordered}

    expression = ""
    if len(ordered) <= MAX_GROUP_OPS:  # larger groups are small ones: never compiled
        text: dict[Any, str] = {}
        for op in ordered:
            parts = [text[t] if t in inside else var_of[slot_of[t]] for t in op._inputs]
            c_type = _C_TYPES.get(op.output_specs[0].dtype, "")
            text[op._outputs[0]] = op.op_def.fusion.format(*parts, DstT=c_type)
        expression = text[root._outputs[0]]

    program, n_scratch = chunks.program(ordered, inputs, slot_of)
    compiled = all(op.op_def.extra.get("jit", True) for op in ordered)
    helpers = dict.fromkeys(op.op_def.extra["c_helpers"] for op in ordered
                            if "c_helpers" in op.op_def.extra)
    return FusedGroup(
        ops=ordered,
        chunk_program=program,
        jit_program=(_jit_program(ordered, inputs, slot_of)
                     if expression and compiled and len(ordered) <= JIT_MAX_OPS else []),
        numexpr_ok=all(op.op_def.type != "Cast" and op.op_def.extra.get("numexpr", True)
                       for op in ordered),
        c_helpers="\n".join(helpers),
        n_scratch=n_scratch,
        inputs=tuple(inputs),
        output=slot_of[root._outputs[0]],
        dtype=root.output_specs[0].dtype,
        expression=expression,
        segments=_segments(ordered, slot_of),
        small=_small(root),
        static_shape=(tuple(root.output_specs[0].shape.as_list())
                      if root.output_specs[0].shape.is_fully_defined() else None),
        has_cast=any(op.op_def.type == "Cast" for op in ordered),
        _vm_code=_vm_code(ordered, inputs, slot_of),
        input_dtypes=tuple(_input_dtypes(ordered, slot_of)),
        _names=names,
    )


def _vm_code(ordered: list[Any], inputs: list[int],
             slot_of: dict[Any, int]) -> interpreter.Encoded | None:
    """Interpreter code for a long group of statically small float arrays."""
    root = ordered[-1]
    if (len(ordered) < VM_MIN_OPS or not _small(root) or not jit.ENABLED
            or root.output_specs[0].dtype.np_dtype not in jit.DTYPES
            or any(op.op_def.type == "Cast" for op in ordered)):
        return None
    return interpreter.encode(ordered, inputs, slot_of)
