"""Compiled fused kernels for the CPU: one parallel loop per fused group, built with numba.

numpy runs a fused group as one ufunc pass per op; even in cache-sized chunks that is eight
passes for an 8-op chain, so long chains stay bound by computation. A compiled loop computes
every op of the group per element, in registers, over all cores: each input is read once and
the output written once, which is what the memory allows.

The kernel is composed from the registry's own Python operators (each op's ``py``), as
closures that numba compiles and inlines: no source text is generated or evaluated. Compiling
takes about half a second, so it happens on a background thread; until a kernel is ready its
group runs on the numpy path (``fusion.py``), and once ready every plan with the same group
shape (expression, dtype, which inputs are scalars or read-only) reuses it, process-wide.

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
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

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
#: where each group input is found: (True, j) is ``arrays[j]``, (False, j) ``scalars[j]``
Layout = tuple[tuple[bool, int], ...]

_kernels: dict[Any, Any] = {}  # key → compiled dispatcher
_failed: dict[Any, str] = {}  # key → why it could not be compiled
_pending: dict[Any, Future[None]] = {}
_lock = threading.Lock()
#: one launch at a time: each already uses every core, and numba's portable thread pool
#: (its fallback threading layer) must not be entered from two threads at once
_launch = threading.Lock()
_compiler: ThreadPoolExecutor | None = None


def kernel_for(
    key: Any, program: Program, layout: Layout, signature: tuple[Any, ...],
    build: Any = None,
) -> Any:
    """The compiled kernel for this group shape, or None while it compiles (or if it cannot
    be compiled). ``layout`` says where each group input is found (see ``split``);
    ``signature`` is an example (out, arrays, scalars) whose types the kernel is made for."""
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
    if BACKGROUND:
        _pool().submit(_compile, key, program, layout, signature, future, build)
        return None
    _compile(key, program, layout, signature, future, build)
    return _kernels.get(key)


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
    found = _kernels.get(key)
    if found is not None or key in _failed:
        return found
    example = (np.dtype(dtype).type(0), np.zeros(1, np.int8), np.zeros(1, dtype))
    return kernel_for(key, (), (), example, build=_build_chain)


def split(inputs: Sequence[Any]) -> tuple[Layout, tuple[Any, ...], tuple[Any, ...]]:
    """Arrays (flattened) and one-element inputs (as scalars, broadcast by the loop), and
    where each group input went: ``(True, j)`` is ``arrays[j]``, ``(False, j)``
    ``scalars[j]``."""
    layout: list[tuple[bool, int]] = []
    arrays: list[Any] = []
    scalars: list[Any] = []
    for value in inputs:
        if np.size(value) == 1:
            layout.append((False, len(scalars)))
            scalars.append(np.asarray(value).reshape(-1)[0])
        else:
            layout.append((True, len(arrays)))
            arrays.append(value.reshape(-1))
    return tuple(layout), tuple(arrays), tuple(scalars)


def example(dtype: Any, arrays: tuple[Any, ...], scalars: tuple[Any, ...]) -> tuple[Any, ...]:
    """Tiny stand-ins with the types of (out, arrays, scalars): what a kernel is compiled
    for, without keeping the real arrays alive while it compiles."""
    stand_ins = []
    for a in arrays:
        b = np.empty(1, dtype=a.dtype)  # inputs of a Cast have their own dtypes
        b.flags.writeable = bool(a.flags.writeable)
        stand_ins.append(b)
    return np.empty(1, dtype=dtype), tuple(stand_ins), scalars


def launch(kernel: Any, out: np.ndarray, arrays: tuple[Any, ...], scalars: tuple[Any, ...]) -> None:
    with _launch:
        kernel(out, arrays, scalars)


def wait(timeout: float | None = None) -> bool:
    """Block until every kernel asked for so far is compiled (or failed); False on timeout.
    For benchmarks and scripts that want the steady state rather than the first runs."""
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


def _pool() -> ThreadPoolExecutor:
    global _compiler
    if _compiler is None:
        _compiler = ThreadPoolExecutor(1, thread_name_prefix="tensorcanvas-jit")
    return _compiler


def _compile(
    key: Any, program: Program, layout: Layout, signature: tuple[Any, ...], done: Future[None],
    build: Any = None,
) -> None:
    try:
        import numba

        kernel = build(numba) if build is not None else _build(numba, program, layout)
        kernel.compile(tuple(numba.typeof(v) for v in signature))
        kernel.disable_compile()  # other argument types are refused, never compiled mid-run
    except Exception as e:  # noqa: BLE001 - whatever failed, the group stays on numpy
        with _lock:
            _failed[key] = f"{type(e).__name__}: {e}"
    else:
        with _lock:
            _kernels[key] = kernel
    done.set_result(None)


def _build(numba: Any, program: Program, layout: Layout) -> Any:
    """Compose the per-element function from input leaves and the ops' Python operators."""
    inline = numba.njit(inline="always")
    leaves = [_leaf(inline, is_array, j) for is_array, j in layout]
    computed: list[Any] = []
    for func, args in program:
        parts = [computed[r] if r >= 0 else leaves[-1 - r] for r in args]
        computed.append(_apply(inline, _scalar(inline, func), parts))
    element = computed[-1]

    @numba.njit(parallel=True, error_model="numpy", nogil=True)
    def kernel(out: Any, arrays: Any, scalars: Any) -> None:  # pragma: no cover - compiled
        for i in numba.prange(out.shape[0]):
            out[i] = element(arrays, scalars, i)

    return kernel


def _build_chain(numba: Any) -> Any:
    """``acc = acc <op> operand`` for each (code, operand): a long chain of scalar ops in
    one call, each op in the chain's dtype exactly as numpy's scalar arithmetic does it."""

    @numba.njit(error_model="numpy", nogil=True)
    def chain(acc: Any, codes: Any, operands: Any) -> Any:  # pragma: no cover - compiled
        for k in range(codes.shape[0]):
            code = codes[k]
            if code == 0:
                acc = acc + operands[k]
            elif code == 1:
                acc = acc - operands[k]
            elif code == 2:
                acc = acc * operands[k]
            else:
                acc = acc / operands[k]
        return acc

    return chain


def _leaf(inline: Any, is_array: bool, j: int) -> Any:
    if is_array:
        def array_input(arrays: Any, scalars: Any, i: int) -> Any:  # pragma: no cover
            return arrays[j][i]

        return inline(array_input)

    def scalar_input(arrays: Any, scalars: Any, i: int) -> Any:  # pragma: no cover
        return scalars[j]

    return inline(scalar_input)


def _scalar(inline: Any, func: Any) -> Any:
    """The op's Python operator as numba can call it: builtins (``operator.add``) and numpy
    scalar types (a Cast's ``np.float32``) as they are, Python functions (Square's ``x * x``)
    compiled."""
    return func if isinstance(func, (type(len), type)) else inline(func)


def _apply(inline: Any, func: Any, parts: list[Any]) -> Any:
    if len(parts) == 1:
        (a,) = parts

        def unary(arrays: Any, scalars: Any, i: int) -> Any:  # pragma: no cover - compiled
            return func(a(arrays, scalars, i))

        return inline(unary)
    a, b = parts

    def binary(arrays: Any, scalars: Any, i: int) -> Any:  # pragma: no cover - compiled
        return func(a(arrays, scalars, i), b(arrays, scalars, i))

    return inline(binary)
