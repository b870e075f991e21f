"""Compiled fused kernels for the CPU: one loop per fused group, built with numba.

numpy runs a fused group as one ufunc pass per op; even in cache-sized chunks that is eight
passes for an 8-op chain, so long chains stay bound by computation. A compiled loop computes
every op of the group per element, in registers: each input is read once and the output
written once, which is what the memory allows. The loop runs on one thread over a range;
``framework/pieces.py`` shares its range over the cores (numba's own ``prange`` waits for
its slowest thread: a scheduler tick, 4-8 ms, whenever another process holds a core).

The kernel calls the registry's own Python operators (each op's ``py``), which numba compiles
and inlines; its loop is the text of a small module (``kernel_source.py``) that numba's disk
cache keeps across processes (``kernel_files.py``: the user's cache directory). Compiling
takes about half a second, loading a cached kernel a tenth of that, so either happens on a
background thread; until a kernel is ready its group runs on the numpy path (``fusion.py``),
and once ready every plan with the same group shape (expression, dtypes, which inputs are
whole, scalars, rows or columns, which are read-only) reuses it, process-wide. Broadcasts
are read by seeing the output as R rows of C elements: a row input (a bias) is read at the
column, a column input at the row. Long scalar chains over constants have their own kernel:
one interpreter per dtype, for every chain.

Results are bit-identical to the unfused kernels: the same IEEE operations in the same order,
in the group's dtype, with numpy's error model (division by zero gives inf or nan) and no
fast-math reassociation or contraction.

``TENSORCANVAS_JIT=0`` in the environment turns compiled kernels off; so does a missing numba.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import operator
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from ..framework import pieces
from . import kernel_files, kernel_source

#: off when the environment says so or numba is not installed
ENABLED = os.environ.get("TENSORCANVAS_JIT", "1") != "0" and (
    importlib.util.find_spec("numba") is not None
)
#: compile on a background thread (tests compile in the foreground, to be deterministic)
BACKGROUND = True
#: dtypes numba computes exactly as numpy does
DTYPES = (np.dtype(np.float32), np.dtype(np.float64))

#: a program: per op, (Python operator, argument refs); a ref < 0 is the group's input
#: ``-1 - k``, a ref >= 0 an earlier op's result. The last op is the group's output.
Program = Sequence[tuple[Any, tuple[int, ...]]]
#: where each group input is found: (kind, j) is ``ins[kind][j]``, the kinds being
#: FULL (an array of the output's shape, read at i), SCALAR (one element), ROW (an array
#: broadcast over the leading dims, read at c) and COLUMN (broadcast over the trailing dims,
#: read at r), for the output seen as R rows of C elements
Layout = tuple[tuple[int, int], ...]
FULL, SCALAR, ROW, COLUMN = range(4)

_kernels: dict[Any, Any] = {}  # key → compiled dispatcher
_failed: dict[Any, str] = {}  # key → why it could not be compiled
_pending: dict[Any, Future[None]] = {}
#: asked for, not yet handed to the compiler thread (see ``start_queued``)
_queued: list[tuple[Any, Callable[[Any], Any], tuple[Any, ...], Future[None]]] = []
_lock = threading.Lock()
_compiler: ThreadPoolExecutor | None = None


def kernel_for(key: Any, build: Callable[[Any], Any],
               example: Callable[[], tuple[Any, ...]]) -> Any:
    """The compiled kernel for ``key``, or None while it compiles (or if it cannot be
    compiled). Only on the first ask: ``build(numba)`` makes the dispatcher, compiled for
    the argument types of ``example()``."""
    found = _kernels.get(key)
    if found is not None or key in _failed:
        return found
    with _lock:
        if key in _kernels or key in _failed:
            return _kernels.get(key)
        if key in _pending:
            return None
        future: Future[None] = Future()
        _pending[key] = future
    signature = example()
    if BACKGROUND:
        with _lock:
            _queued.append((key, build, signature, future))
        return None
    _compile(key, build, signature, future)
    return _kernels.get(key)


def queued() -> bool:
    """Whether kernels wait to be handed to the compiler (``start_queued``)."""
    return bool(_queued)


def start_queued() -> None:
    """Hand the kernels asked for so far to the background compiler. Runs call this when
    they end, not when they ask: compiling (and numba's first import, a third of a second of
    Python) takes the GIL, and the run that asked is on the numpy path meanwhile, whose
    chunk loop needs it (measured: a first run 7× slower when both share it)."""
    with _lock:
        queued = _queued[:]
        _queued.clear()
    for job in queued:
        _pool().submit(_compile, *job)


def group_kernel(expression: str, dtype: Any, program: Program, layout: Layout,
                 ins: tuple[Any, ...], flat: bool) -> Any:
    """The compiled loop for a fused group read as ``layout`` says (see ``split``), or None
    while it compiles."""
    key = kernel_key(expression, dtype, layout, ins, flat)
    counts = tuple(len(group) for group in ins)
    return kernel_for(key, lambda numba: _build(numba, program, layout, flat, counts, key),
                      lambda: example(dtype, ins, flat))


#: the binary operators a compiled scalar chain knows, by code (see ``_build_chain``)
CHAIN_CODES = {operator.add: 0, operator.sub: 1, operator.mul: 2, operator.truediv: 3}


def encode_chain(pairs: Sequence[tuple[Any, Any]], dtype: Any) -> tuple[Any, Any] | None:
    """A chain ``acc = f(acc, value)`` as (codes, operands) arrays for ``chain_kernel``, or
    None when an operator or operand does not fit (the chain then runs op by op)."""
    if not ENABLED or np.dtype(dtype) not in DTYPES:
        return None
    scalar_type = np.dtype(dtype).type
    codes = []
    for func, value in pairs:
        code = CHAIN_CODES.get(func)
        if code is None or type(value) is not scalar_type:  # numpy scalars only (not cupy)
            return None
        codes.append(code)
    return np.array(codes, dtype=np.int8), np.array([v for _, v in pairs], dtype=dtype)


def chain_kernel(dtype: Any) -> Any:
    """The compiled scalar-chain interpreter for a dtype (one per dtype, for every chain),
    or None while it compiles."""
    key = ("chain", np.dtype(dtype).str)
    return kernel_for(key, lambda numba: _build_chain(key),
                      lambda: (np.dtype(dtype).type(0), np.zeros(1, np.int8),
                               np.zeros(1, dtype)))


def vm_kernel(dtype: Any) -> Any:
    """The compiled interpreter for small groups (``interpreter.py``), one per dtype, or
    None while it compiles."""
    def vm_example() -> tuple[Any, ...]:
        rows = np.empty((1, 1), dtype=dtype)
        return (np.empty(1, dtype=dtype), rows, rows, rows, np.zeros(1, np.int8),
                np.zeros((1, 5), np.int64))

    key = ("vm", np.dtype(dtype).str)
    return kernel_for(key, lambda numba: _build_vm(key), vm_example)


def split(inputs: Sequence[Any], shape: tuple[int, ...]) -> tuple[Any, ...] | None:
    """How a kernel reads the inputs for an output of ``shape``: (layout, ins, C, W), where
    ``ins`` = (full arrays, scalars, rows, columns), flattened; ``C`` is the row length
    (0 for a flat loop) and ``W`` the width of the pieces rows are cut into for the threads.
    None for a broadcast no single row/column split describes (numexpr runs those)."""
    if all(type(a) is np.ndarray and a.shape == shape and a.flags.c_contiguous
           for a in inputs):  # the common case, first: whole arrays
        return _all_full(len(inputs)), (tuple(a.reshape(-1) for a in inputs), (), (), ()), 0, 0
    ndim = len(shape)
    dims = [(1,) * (ndim - np.ndim(v)) + tuple(np.shape(v)) for v in inputs]
    if any(np.size(a) != 1 and not a.flags.c_contiguous for a in inputs):
        return None
    if all(np.size(a) == 1 or d == shape for a, d in zip(inputs, dims)):
        return _place(inputs, [SCALAR if np.size(a) == 1 else FULL
                               for a in inputs]) + (0, 0)
    for k in range(1, ndim):
        kinds = [_kind(np.size(a) == 1, d, shape, k) for a, d in zip(inputs, dims)]
        if None not in kinds:
            rows, cols = math.prod(shape[:k]), math.prod(shape[k:])
            per_row = max(1, -(-4 * _THREADS // rows))  # enough tasks for every thread
            width = max(-(-cols // per_row), min(cols, 256))
            return _place(inputs, kinds) + (cols, width)  # type: ignore[arg-type]
    return None


_THREADS = os.cpu_count() or 1


@functools.lru_cache(maxsize=64)
def _all_full(n: int) -> Layout:
    return tuple((FULL, j) for j in range(n))


def _kind(one: bool, dims: tuple[int, ...], shape: tuple[int, ...], k: int) -> int | None:
    if one:
        return SCALAR
    if dims == shape:
        return FULL
    if all(d == 1 for d in dims[:k]) and dims[k:] == shape[k:]:
        return ROW
    if dims[:k] == shape[:k] and all(d == 1 for d in dims[k:]):
        return COLUMN
    return None


def _place(inputs: Sequence[Any], kinds: list[int]) -> tuple[Any, Any]:
    ins: list[list[Any]] = [[], [], [], []]
    layout = []
    for value, kind in zip(inputs, kinds):
        layout.append((kind, len(ins[kind])))
        if kind == SCALAR:
            ins[kind].append(np.asarray(value).reshape(-1)[0])
        else:
            ins[kind].append(value.reshape(-1))
    return tuple(layout), tuple(tuple(group) for group in ins)


def example(dtype: Any, ins: tuple[Any, ...], flat: bool) -> tuple[Any, ...]:
    """Tiny stand-ins with the types of a kernel's arguments (out, ins[, C, W]): what it is
    compiled for, without keeping the real arrays alive while it compiles."""
    def stand_in(a: Any) -> Any:
        b = np.empty(1, dtype=a.dtype)
        b.flags.writeable = bool(a.flags.writeable)
        return b

    small = [v if kind == SCALAR else stand_in(v) for kind, group in enumerate(ins)
             for v in group]
    out = np.empty(1, dtype=dtype)
    return (out, *small, 0, 1) if flat else (out, *small, 1, 1, 0, 1)


def kernel_key(expression: str, dtype: Any, layout: Layout, ins: tuple[Any, ...],
               flat: bool) -> Any:
    """What makes two groups share a kernel: the expression, the dtypes, where each input
    is read from, and each array's dtype and flags (numba types them)."""
    arrays = tuple((a.dtype, a.flags.writeable, a.flags.aligned)
                   for kind, group in enumerate(ins) if kind != SCALAR for a in group)
    scalars = tuple(type(v) for v in ins[SCALAR])
    return (expression, dtype, layout, arrays, scalars, flat)


#: elements a piece of a compiled loop has at least (``pieces.run``): a kernel call costs a
#: few µs of dispatch, so smaller arrays run as one piece on the calling thread
MIN_PIECE = 1 << 16


def launch(kernel: Any, out: np.ndarray, ins: tuple[Any, ...], cols: int, width: int) -> None:
    """Run a kernel into the flat ``out`` (a row loop when ``cols``, else a flat loop), its
    range in pieces shared over the cores (``framework/pieces.py``)."""
    args = (*ins[0], *ins[1], *ins[2], *ins[3])
    if cols:
        tasks = (out.shape[0] // cols) * (-(-cols // width))
        pieces.run(lambda lo, hi: kernel(out, *args, cols, width, lo, hi), tasks,
                   max(1, MIN_PIECE // width))
    elif out.shape[0] < 2 * MIN_PIECE:  # one piece: on the calling thread
        kernel(out, *args, 0, out.shape[0])
    else:
        pieces.run(lambda lo, hi: kernel(out, *args, lo, hi), out.shape[0], MIN_PIECE)


def rerun_rows(rows: tuple[Any, ...], arrays: Sequence[Any], take: Callable[..., Any],
               dtype: Any) -> Any:
    """The output of a group's last row loop run again (its kernel, the layout it read its
    inputs by, row length and piece width, from ``rows``), if ``arrays`` have the shapes and
    flags of that run's inputs: a dense layer's bias add and activation, every step, without
    reading again how the inputs broadcast. None where they differ."""
    shapes, flags, kernel, (layout, shape), cols, width = rows
    for a, s, f in zip(arrays, shapes, flags):
        if type(a) is not np.ndarray or a.shape != s or a.flags.num != f:
            return None
    ins: list[list[Any]] = [[], [], [], []]
    for a, (kind, _) in zip(arrays, layout):
        ins[kind].append(a.reshape(-1))
    out = take(shape, dtype)
    launch(kernel, out.reshape(-1), tuple(tuple(g) for g in ins), cols, width)
    return out


def wait(timeout: float | None = None) -> bool:
    """Block until every kernel asked for so far is compiled (or failed); False on timeout.
    For benchmarks and scripts that want the steady state rather than the first runs."""
    start_queued()
    with _lock:
        futures = list(_pending.values())
    for future in futures:
        try:
            future.result(timeout)
        except TimeoutError:
            return False
    return True


def failures() -> dict[Any, str]:
    """Group shapes that could not be compiled, and why (they run on the numpy path)."""
    return dict(_failed)


def compiled() -> int:
    """How many kernels are ready."""
    return len(_kernels)


def clear() -> None:
    """Forget every compiled kernel (tests)."""
    wait()
    with _lock:
        _kernels.clear()
        _failed.clear()
        _pending.clear()
        _queued.clear()
    kernel_files.forget()


def _pool() -> ThreadPoolExecutor:
    global _compiler
    if _compiler is None:
        _compiler = ThreadPoolExecutor(1, thread_name_prefix="tensorcanvas-jit")
        # at exit, kernels still queued are dropped rather than compiled for nobody: the
        # interpreter waits only for the one compiling (the pool's threads are joined)
        register = getattr(threading, "_register_atexit", None)
        if register is not None:
            register(_stop_compiling)
    return _compiler


_exiting = False


def _stop_compiling() -> None:
    global _exiting
    _exiting = True


def _compile(key: Any, build: Callable[[Any], Any], signature: tuple[Any, ...],
             done: Future[None]) -> None:
    if _exiting:
        with _lock:
            _failed[key] = "not compiled: the process is exiting"
        done.set_result(None)
        return
    try:
        import numba

        kernel = build(numba)
        kernel.compile(tuple(numba.typeof(v) for v in signature))
        kernel_files.record(kernel)
        kernel.disable_compile()  # other argument types are refused, never compiled mid-run
    except ImportError as e:  # numba is there but cannot load: stop asking for kernels
        global ENABLED
        ENABLED = False
        with _lock:
            _failed[key] = f"numba cannot be imported: {e}"
    except Exception as e:  # noqa: BLE001 - whatever failed, the group stays on numpy
        with _lock:
            _failed[key] = f"{type(e).__name__}: {e}"
    else:
        with _lock:
            _kernels[key] = kernel
    done.set_result(None)


def _build(numba: Any, program: Program, layout: Layout, flat: bool,
           counts: tuple[int, ...], key: Any) -> Any:
    """The group's loop, from its module file (``kernel_source.py``): compiled, or loaded
    from the disk cache when an earlier process compiled the same kernel."""
    operators = tuple(_scalar(numba, func) for func, _ in program)
    persistent = kernel_files.directory()[1]
    source = kernel_source.group_source(program, layout, flat, counts, persistent,
                                        f"The fused group {key[0]} in {np.dtype(key[1])}")
    name = kernel_files.name_for((source, tuple(kernel_files.fingerprint(f) for f, _ in program),
                                  key))
    return kernel_files.load(name, source, operators)


def _build_chain(key: Any) -> Any:
    """The scalar-chain interpreter for one dtype (``kernel_source.chain_source``)."""
    persistent = kernel_files.directory()[1]
    source = kernel_source.chain_source(persistent)
    return kernel_files.load(kernel_files.name_for((key, source)), source, ())


def _build_vm(key: Any) -> Any:
    """The small-array interpreter for one dtype (``kernel_source.vm_source``)."""
    persistent = kernel_files.directory()[1]
    source = kernel_source.vm_source(persistent)
    return kernel_files.load(kernel_files.name_for((key, source)), source, ())


def _scalar(numba: Any, func: Any) -> Any:
    """The op's Python operator as numba can call it: builtins (``operator.add``) and numpy
    scalar types (a Cast's ``np.float32``) as they are, Python functions (Square's ``x * x``)
    compiled and inlined."""
    return func if isinstance(func, (type(len), type)) else numba.njit(inline="always")(func)
