"""Compiled fused kernels for the CPU: one loop per fused group, built with numba.

numpy runs a fused group as one ufunc pass per op; even in cache-sized chunks that is eight
passes for an 8-op chain, so long chains stay bound by computation. A compiled loop computes
every op of the group per element, in registers: each input is read once and the output
written once, which is what the memory allows. The loop runs on one thread over a range;
``framework/pieces.py`` shares its range over the cores (``launches.launch``), by the loop's
twin once that is compiled (``together.py``: numba's ``prange``, which waits for its slowest
thread, a scheduler tick whenever another process holds a core; so whether it pays is
measured as loops run).

The kernel calls the registry's own Python operators (each op's ``py``), which numba compiles
and inlines; its loop is the text of a small module (``kernel_source.py``) that numba's disk
cache keeps across processes (``kernel_files.py``: the user's cache directory). Compiling
takes about half a second, loading a cached kernel a few ms once numba has started (its
import and its compiler's registries: 0.4-0.5 s of Python, once a process); so compiling
happens on a background thread, and until a kernel is ready its group runs on the numpy path
(``fusion.py``). A process whose kernel cache holds kernels of earlier ones starts numba on
that thread (``warm_up``: the editor at start-up, a script when its first run ends) and loads
the kernels it ran recently; once it has, a run asking for a kernel the cache holds loads it
on the spot when the numpy path would cost more than the load (the path chosen by measured
cost), so the editor's later starts run compiled from their first run. (Not at engine
import: numba's import holds the interpreter lock for 0.4 s, and a script's first run on the
numpy path beside it took 3-10× longer, measured);
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

import importlib.util
import operator
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from . import kernel_files, kernel_records, kernel_source
from .kernel_args import COLUMN, FULL, ROW, Layout, Program
from .kernel_args import SCALAR as SCALAR  # noqa: F401 - fusion reads the kinds here
from .kernel_args import example as example
from .kernel_args import kernel_key as kernel_key
from .kernel_args import split as split  # how kernels read their inputs (fusion asks here)

#: off when the environment says so or numba is not installed
ENABLED = os.environ.get("TENSORCANVAS_JIT", "1") != "0" and (
    importlib.util.find_spec("numba") is not None
)
#: compile on a background thread (tests compile in the foreground, to be deterministic)
BACKGROUND = True
#: start numba early when the kernel cache holds kernels (``warm_up``;
#: ``TENSORCANVAS_JIT_WARMUP=0`` turns it off)
WARM_UP = os.environ.get("TENSORCANVAS_JIT_WARMUP", "1") != "0"
#: what the numpy path costs per element and op of a group (chunked ufuncs, measured on
#: the development machine: 0.35-1.5 ns), for choosing between it and loading a kernel now
NUMPY_SECONDS_PER_ELEMENT = 0.5e-9
#: dtypes numba computes exactly as numpy does
DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


_kernels: dict[Any, Any] = {}  # key → compiled dispatcher
_failed: dict[Any, str] = {}  # key → why it could not be compiled
_pending: dict[Any, Future[None]] = {}
#: asked for, not yet handed to the compiler thread (see ``start_queued``)
_queued: list[tuple[Any, Callable[[Any], Any], tuple[Any, ...], Future[None]]] = []
_lock = threading.Lock()
_compiler: ThreadPoolExecutor | None = None
#: set once numba has started (``warm_up``): loading a cached kernel then takes ms
_warm = threading.Event()
_warming = False
#: the compiler thread is compiling or loading (numba's lock: a run would wait for it)
_busy = False
#: seconds loading one cached kernel took in this process (a running estimate)
_load_seconds = 0.01
#: key → (module name, kernel) loaded by ``warm_up`` from the recent kernels' list
_preloaded: dict[Any, tuple[str, Any]] = {}
#: key → the record ``kernel_files.remember`` keeps once its kernel is ready
_records: dict[Any, dict[str, Any]] = {}
#: called with (numba, kernel, its module's name, example arguments) for each kernel the
#: warm-up loads: modules above this one load what belongs with it (never compile)
PRELOAD_HOOKS: list[Callable[[Any, Any, str, tuple[Any, ...]], None]] = []


def kernel_for(key: Any, build: Callable[[Any], Any],
               example: Callable[[], tuple[Any, ...]], held: str | None = None,
               work: int = 0) -> Any:
    """The compiled kernel for ``key``, or None while it compiles (or if it cannot be
    compiled). Only on the first ask: ``build(numba)`` makes the dispatcher, compiled for
    the argument types of ``example()``. ``held`` names the kernel's module in the disk
    cache and ``work`` is the elements times ops a numpy run of it computes: a kernel the
    cache holds is loaded at once when numba has started and that costs less than the
    numpy path (``load_now``)."""
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
    if BACKGROUND and not (held is not None and load_now(held, work)):
        with _lock:
            _queued.append((key, build, signature, future))
        _started()
        return None
    _compile(key, build, signature, future)
    return _kernels.get(key)


def load_now(name: str, work: int) -> bool:
    """Whether to load the cached kernel ``name`` on the run's thread: numba has started,
    the compiler thread is idle (numba's lock would make the run wait for it), the numpy
    path would take longer than a load has taken, and the cache holds the kernel."""
    return (_warm.is_set() and not _busy and work * NUMPY_SECONDS_PER_ELEMENT > _load_seconds
            and kernel_files.holds(name))


def warm_up() -> None:
    """Start numba on the compiler thread, once, when the kernel cache holds kernels of an
    earlier process (this one will likely run compiled groups too): its import and its
    compiler's registries take 0.4-0.5 s of Python, which the first kernel would otherwise
    wait for. The editor calls it at start-up (``engine.warm_up_kernels``), runs when they
    hand their first kernels to the compiler. The interpreters (``chain_kernel``,
    ``vm_kernel``) and the recent group kernels (``kernel_records``) the cache holds are
    loaded too. Compiles asked for meanwhile queue
    behind it, on the same thread."""
    global _warming
    if _warming or not (ENABLED and WARM_UP and BACKGROUND) or not kernel_files.any_held():
        return
    _warming = True
    _pool().submit(_warm_up_now)


def warmed(timeout: float | None = None) -> bool:
    """Wait until numba has started (``warm_up``); False if it has not within ``timeout``
    (or was never asked to start)."""
    return _warm.wait(timeout) if _warming else _warm.is_set()


def _warm_up_now() -> None:
    try:
        if _exiting:
            return
        import numba

        for dtype in DTYPES:
            for key, source in (_chain_module(dtype), _vm_module(dtype)):
                name = kernel_files.name_for((key, source))
                if kernel_files.holds(name) and key not in _kernels:
                    with _lock:
                        if key in _pending or key in _kernels:
                            continue
                        future: Future[None] = Future()
                        _pending[key] = future
                    build = _interpreter_build(name, source)
                    example_of = _chain_example if key[0] == "chain" else _vm_example
                    _compile(key, build, example_of(dtype), future)
        for record in kernel_files.recent():
            _preload(numba, record)
        from numba.core.registry import cpu_target

        cpu_target.typing_context.refresh()  # done by the first load above, or now
        cpu_target.target_context.refresh()
        del numba
    except Exception:  # noqa: BLE001 - a failed warm-up only leaves the first load slower
        pass
    finally:
        _warm.set()


def queued() -> bool:
    """Whether kernels wait to be handed to the compiler (``start_queued``)."""
    return bool(_queued)


def start_queued() -> None:
    """Hand the kernels asked for so far to the background compiler. Runs call this when
    they end, not when they ask: compiling (and numba's first import, a third of a second of
    Python) takes the GIL, and the run that asked is on the numpy path meanwhile, whose
    chunk loop needs it (measured: a first run 7× slower when both share it)."""
    warm_up()  # first, on the same thread: it may load the very kernels asked for
    with _lock:
        queued = _queued[:]
        _queued.clear()
    for job in queued:
        _pool().submit(_compile, *job)


def _preload(numba: Any, record: dict[str, Any]) -> None:
    """Load a recent group kernel from the disk cache before a run asks for it (see
    ``kernel_records``); a kernel the cache does not hold is dropped, never compiled."""
    rebuilt = kernel_records.rebuild(record)
    if rebuilt is None or _exiting:
        return
    name, expression, dtype, layout, ins, flat, args = rebuilt
    key = kernel_key(expression, dtype, layout, ins, flat)
    if key in _kernels or key in _preloaded or not kernel_files.holds(name):
        return
    source = kernel_source.group_source([(None, a) for a in args], layout, flat,
                                        tuple(len(g) for g in ins), True,
                                        f"The fused group {expression} in {dtype}")
    try:  # without its operators: only numba's cache can make it
        kernel = kernel_files.load(name, source, (None,) * len(args))
        stand_ins = example(dtype, ins, flat)
        if _compile_for(numba, kernel, stand_ins):
            kernel_files.record(kernel)
        for hook in PRELOAD_HOOKS:  # what else loads with it (``together.py``: its twin)
            hook(numba, kernel, name, stand_ins)
    except Exception:  # noqa: BLE001 - not in the cache after all: the run compiles it
        kernel_files.unload(name)
        return
    with _lock:
        _preloaded[key] = (name, kernel)


def group_kernel(expression: str, dtype: Any, program: Program, layout: Layout,
                 ins: tuple[Any, ...], flat: bool) -> Any:
    """The compiled loop for a fused group read as ``layout`` says (see ``split``), or None
    while it compiles."""
    key = kernel_key(expression, dtype, layout, ins, flat)
    found = _kernels.get(key)
    if found is not None or key in _failed:
        return found
    counts = tuple(len(group) for group in ins)
    record = kernel_records.describe("", expression, dtype, layout, ins, flat,
                                     [a for _, a in program])
    if BACKGROUND and not _warm.is_set():  # nothing can load now: name it on the compiler
        return kernel_for(key, lambda numba: _named_build(  # thread, off the run's time
            numba, key, program, layout, flat, counts, record), lambda: example(dtype, ins, flat))
    name, source = _name_and_source(key, program, layout, flat, counts)
    preloaded = _preloaded_as(key, name)
    if preloaded is not None:
        with _lock:
            _kernels[key] = preloaded
        return preloaded
    _records[key] = {**record, "name": name}
    elements = max((np.size(a) for kind in (FULL, ROW, COLUMN) for a in ins[kind]), default=0)
    return kernel_for(key, lambda numba: _build(numba, program, name, source),
                      lambda: example(dtype, ins, flat), held=name,
                      work=elements * len(program))


def _name_and_source(key: Any, program: Program, layout: Layout, flat: bool,
                     counts: tuple[int, ...]) -> tuple[str, str]:
    """A group kernel's name in the cache and module text (0.5-1 ms of a first run)."""
    source = kernel_source.group_source(program, layout, flat, counts,
                                        kernel_files.directory()[1],
                                        f"The fused group {key[0]} in {np.dtype(key[1])}")
    return kernel_files.name_for((source, tuple(kernel_files.fingerprint(f)
                                                for f, _ in program), key)), source


def _named_build(numba: Any, key: Any, program: Program, layout: Layout, flat: bool,
                 counts: tuple[int, ...], record: dict[str, Any]) -> Any:
    """``_build`` for a kernel asked for before numba started, named on the compiler thread."""
    name, source = _name_and_source(key, program, layout, flat, counts)
    preloaded = _preloaded_as(key, name)
    if preloaded is not None:
        return preloaded
    _records[key] = {**record, "name": name}
    return _build(numba, program, name, source)


def _preloaded_as(key: Any, name: str) -> Any:
    """The kernel the warm-up loaded for ``key``, if it has this name (the same text and
    operators); one of another name is unloaded."""
    preloaded = _preloaded.pop(key, None)
    if preloaded is not None and preloaded[0] == name:
        return preloaded[1]
    if preloaded is not None:
        kernel_files.unload(preloaded[0])
    return None


#: the binary operators a compiled scalar chain knows, by code (see ``chain_kernel``)
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
    return _interpreter_kernel("chain", dtype, _chain_module, _chain_example)


def vm_kernel(dtype: Any) -> Any:
    """The compiled interpreter for small groups (``interpreter.py``), one per dtype, or
    None while it compiles."""
    return _interpreter_kernel("vm", dtype, _vm_module, _vm_example)


def _interpreter_kernel(kind: str, dtype: Any, module: Callable[[Any], tuple[Any, str]],
                        example: Callable[[Any], Any]) -> Any:
    found = _kernels.get((kind, np.dtype(dtype).str))
    if found is not None:
        return found
    key, source = module(dtype)
    return kernel_for(key, _interpreter_build(kernel_files.name_for((key, source)), source),
                      lambda: example(dtype))


def _chain_module(dtype: Any) -> tuple[Any, str]:
    return ("chain", np.dtype(dtype).str), kernel_source.chain_source(
        kernel_files.directory()[1])


def _vm_module(dtype: Any) -> tuple[Any, str]:
    return ("vm", np.dtype(dtype).str), kernel_source.vm_source(kernel_files.directory()[1])


def _chain_example(dtype: Any) -> tuple[Any, ...]:
    return np.dtype(dtype).type(0), np.zeros(1, np.int8), np.zeros(1, dtype)


def _vm_example(dtype: Any) -> tuple[Any, ...]:
    rows = np.empty((1, 1), dtype=dtype)
    return (np.empty(1, dtype=dtype), rows, rows, rows, np.zeros(1, np.int8),
            np.zeros((1, 5), np.int64))


def _interpreter_build(name: str, source: str) -> Callable[[Any], Any]:
    """An interpreter's module (``kernel_source.chain_source``, ``vm_source``): no
    operators of its own."""
    return lambda numba: kernel_files.load(name, source, ())


#: elements a piece of a compiled loop has at least (``pieces.run``): a kernel call costs a
#: few µs of dispatch, so smaller arrays run as one piece on the calling thread
MIN_PIECE = 1 << 16


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
        _preloaded.clear()
        _failed.clear()
        _pending.clear()
        _queued.clear()
    kernel_files.forget()


def _started() -> None:
    """Start the compiler thread now, idle, if it is not running yet: one started at the end
    of a run (``start_queued``) went on into numba's import holding the interpreter lock,
    so the run waited a switch interval (5 ms) more to return."""
    if _compiler is None:
        _pool().submit(lambda: None)


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
    global _busy, _load_seconds
    if _exiting:
        with _lock:
            _failed[key] = "not compiled: the process is exiting"
        done.set_result(None)
        return
    on_compiler = threading.current_thread().name.startswith("tensorcanvas-jit")
    if on_compiler:
        _busy = True
    try:
        import numba

        t0 = time.perf_counter()
        kernel = build(numba)
        if (_compile_for(numba, kernel, signature) and kernel_files.record(kernel)
                and _warm.is_set()):
            _load_seconds = 0.5 * _load_seconds + 0.5 * (time.perf_counter() - t0)
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
        record = _records.pop(key, None)
        if record is not None:
            kernel_files.remember(record)  # a later process loads it before it is asked
    finally:
        if on_compiler:
            _busy = False
    done.set_result(None)


def _compile_for(numba: Any, kernel: Any, signature: tuple[Any, ...]) -> bool:
    """Compile (or load from the disk cache) ``kernel`` for the types of ``signature``,
    then refuse other types (never compiled mid-run); False when it already had them (a
    kernel ``warm_up`` loaded while a run asked for it). Under numba's own lock, so a
    preload and a run never both compile one dispatcher."""
    from numba.core.compiler_lock import global_compiler_lock

    types = tuple(numba.typeof(v) for v in signature)
    with global_compiler_lock:
        if types in kernel.overloads:
            return False
        kernel.compile(types)
        kernel.disable_compile()
    return True


def _build(numba: Any, program: Program, name: str, source: str) -> Any:
    """The group's loop, from its module file (``kernel_source.py``): compiled, or loaded
    from the disk cache when an earlier process compiled the same kernel."""
    return kernel_files.load(name, source, tuple(_scalar(numba, func) for func, _ in program))


def _scalar(numba: Any, func: Any) -> Any:
    """The op's Python operator as numba can call it: builtins (``operator.add``) and numpy
    scalar types (a Cast's ``np.float32``) as they are, Python functions (Square's ``x * x``)
    compiled and inlined."""
    return func if isinstance(func, (type(len), type)) else numba.njit(inline="always")(func)

