"""Large float matrix products on the CPU through onnxruntime's GEMM (MLAS).

numpy multiplies matrices through OpenBLAS, whose kernels are chosen once per process for the
CPU it detects, or the one ``OPENBLAS_CORETYPE`` names. Where that choice is an older core's
(AVX2 kernels on a CPU with AVX-512) numpy's product runs at half the machine's speed: the
784x256 layer of an MLP at batch 128 took 226-270 µs, where TF's and XLA's own kernels take
140-200 µs. onnxruntime's MLAS picks its kernels by the CPU's features at run time and ran the
same product in 126-150 µs on two threads, so the large float products of a run on the CPU
go through it when it is installed (it is a dependency of the engine; without it numpy runs
them all).

A product runs here when it is float32 or float64, rank 2, and large enough for OpenBLAS to
share it between threads (more than 64³ multiply-adds). OpenBLAS's threads then wait for each
other: with two busy processes on the two cores, one call in a hundred of a 100³ product took
16 ms in numpy, 2.6-4.2 ms on MLAS (a scheduler tick of the calling thread's own), and of the
MLP's first layer 28-32 ms against 4.9-5.2 ms; the medians were alike. From 128³
multiply-adds MLAS is also faster than numpy here (128³: 18 µs against 24 µs); between the
two it is a few µs slower than numpy's median (a call's fixed cost). Smaller products stay
numpy's (one thread too). The rule is fixed, not measured per run, so the same product takes
the same path every time and gives the same bits in a process (its pool has one size). Its
last bits may differ from numpy's, and on a machine with another number of cores, as
OpenBLAS's do.

One model per dtype serves every shape and transpose (``_model``), with two sessions: one
whose pool's threads spin a moment after a product, one whose threads sleep at once. On an idle
virtual machine a sleeping thread wakes in tens of µs, as long as the product (the 784x256
layer took 280 µs so, 150 µs spinning); with other processes on the cores a spinning thread
takes a core from them and from the engine's other loops (an Adam step took 1.6-1.8 ms so,
0.76-0.96 ms sleeping). Which is faster is measured per product as it runs
(``framework/pieces.Choice``, as loops choose between sharing and running alone); both split
the work the same way, so the choice never changes a bit. The spin is bounded (``SPIN_US``):
pools spinning for the runtime's milliseconds hold a core that numpy's products and the
engine's loops beside them need (several such pools stalled numpy's products for 10-70 ms).
``TENSORCANVAS_GEMM=numpy`` turns the path off.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import numpy as np

from ..framework.pieces import THREADS, Choice

#: how long a spinning pool's threads spin after a product before they sleep: long enough
#: for the next product of a forward pass or a training step (100-400 µs on), short enough
#: not to hold a core through the rest of a run (the runtime's own spin lasts milliseconds)
SPIN_US = 500
#: multiply-adds above which OpenBLAS shares a product between its threads (its
#: ``SMP_THRESHOLD_MIN * GEMM_MULTITHREAD_THRESHOLD``)
BLAS_THREADED = 64 * 64 * 64

_lock = threading.Lock()
_sessions: dict[tuple[str, bool], Any] = {}
#: the ``If`` nodes' conditions, as the model's bool inputs
_FLAGS = (np.array(False), np.array(True))
#: per product (dtype, transposes, sizes): whether a spinning pool has been faster
_choices: dict[tuple[Any, ...], Choice] = {}
_state: dict[str, Any] = {}
#: sessions a forked child inherited: kept, never used, as closing one would wait for its
#: pool's threads, which the child does not have
_inherited: list[dict[Any, Any]] = []


def _forget_sessions() -> None:
    _inherited.append(dict(_sessions))
    _sessions.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_sessions)


def _runtime() -> Any:
    """onnxruntime, imported once; None where it is missing or the environment turns the
    path off."""
    if "ort" not in _state:
        ort: Any = None
        if os.environ.get("TENSORCANVAS_GEMM", "").lower() != "numpy":
            try:
                import onnxruntime

                ort = onnxruntime
            except ImportError:
                ort = None
        _state["ort"] = ort
    return _state["ort"]


def _model(dtype: np.dtype) -> bytes:
    """The ONNX model ``y = Gemm(a, b)`` with the transposes chosen by two bool inputs
    (``ta``, ``tb``) through nested ``If`` nodes, its dimensions free: one session, so one
    pool of threads, serves every product of a dtype (a step's forward product and its
    weights' gradient on two pools took 375-418 µs, on one 248-283 µs: each pool's threads
    spun while the other's woke). Written straight in protobuf's wire format: importing
    ``onnx`` to build it took 100 ms of a first product."""
    elem = 1 if dtype == np.float32 else 11  # TensorProto.FLOAT, TensorProto.DOUBLE

    def value(name: str, dims: str, kind: int = elem) -> bytes:
        shape = b"".join(_message(1, _text(2, d)) for d in dims)  # dim { dim_param }
        tensor = _number(1, kind) + _message(2, shape)  # elem_type, shape
        return _text(1, name) + _message(2, _message(1, tensor))  # name, type.tensor_type

    def flag(name: str, on: bool) -> bytes:  # an INT attribute
        return _message(5, _text(1, name) + _number(3, int(on)) + _number(20, 2))

    def branch(name: str, graph: bytes) -> bytes:  # a GRAPH attribute
        return _message(5, _text(1, name) + _message(6, graph) + _number(20, 5))

    def gemm(ta: bool, tb: bool) -> bytes:
        out = f"y{int(ta)}{int(tb)}"
        node = (_text(1, "a") + _text(1, "b") + _text(2, out) + _text(4, "Gemm")
                + flag("transA", ta) + flag("transB", tb))
        return _message(1, node) + _text(2, f"gemm{int(ta)}{int(tb)}") + _message(
            12, value(out, "mn"))

    def choose(condition: str, out: str, then: bytes, other: bytes, name: str) -> bytes:
        node = (_text(1, condition) + _text(2, out) + _text(4, "If")
                + branch("else_branch", other) + branch("then_branch", then))
        return _message(1, node) + _text(2, name) + _message(12, value(out, "mn"))

    inner = [choose("tb", f"z{int(ta)}", gemm(ta, True), gemm(ta, False), f"choose_b{int(ta)}")
             for ta in (False, True)]
    top = (_text(1, "ta") + _text(2, "y") + _text(4, "If")
           + branch("else_branch", inner[0]) + branch("then_branch", inner[1]))
    graph = (_message(1, top) + _text(2, "matmul") + _message(11, value("a", "pq"))
             + _message(11, value("b", "rs")) + _message(11, value("ta", "", 9))
             + _message(11, value("tb", "", 9)) + _message(12, value("y", "mn")))
    opset = _text(1, "") + _number(2, 13)
    return _number(1, 8) + _message(7, graph) + _message(8, opset)  # ir_version 8


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _number(field: int, n: int) -> bytes:
    return _varint(field << 3) + _varint(n)


def _message(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def _text(field: int, text: str) -> bytes:
    return _message(field, text.encode())


def _session(dtype: np.dtype, spin: bool) -> Any:
    """The dtype's session on a thread per core, its pool spinning after a product or not."""
    key = (dtype.str, spin)
    session = _sessions.get(key)
    if session is None:
        with _lock:
            session = _sessions.get(key)
            if session is None:
                ort = _runtime()
                options = ort.SessionOptions()
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
                options.log_severity_level = 3
                options.enable_cpu_mem_arena = False  # scratch memory freed after each product
                options.intra_op_num_threads = THREADS
                options.inter_op_num_threads = 1
                options.add_session_config_entry("session.intra_op.allow_spinning",
                                                 "1" if spin else "0")
                if spin:  # bounded: the runtime's own spin lasts milliseconds
                    options.add_session_config_entry("session.intra_op.spin_duration_us",
                                                     str(SPIN_US))
                session = ort.InferenceSession(_model(dtype), options,
                                               providers=["CPUExecutionProvider"])
                _sessions[key] = session
    return session


def _as_c(m: Any, transposed: bool) -> tuple[Any, bool] | None:
    """``m`` as a C-contiguous array and whether the node transposes it: a transposed view
    (Fortran order) is passed as its base with the transpose flipped, without a copy."""
    if m.flags.c_contiguous:
        return m, transposed
    if m.flags.f_contiguous:
        return m.T, not transposed
    return None


def matmul(a: Any, b: Any, transpose_a: bool = False, transpose_b: bool = False,
           out: np.ndarray | None = None) -> np.ndarray | None:
    """``a @ b`` (each transposed as asked) through MLAS, into ``out`` when given (C-contiguous,
    of the product's shape and dtype), or None where numpy should run it."""
    if type(a) is not np.ndarray or type(b) is not np.ndarray:
        return None
    dtype = a.dtype
    if b.dtype != dtype or dtype not in (np.float32, np.float64) or a.ndim != 2 or b.ndim != 2:
        return None
    m, k = a.shape[::-1] if transpose_a else a.shape
    n = b.shape[0] if transpose_b else b.shape[1]
    work = m * k * n
    if work <= BLAS_THREADED or _runtime() is None:
        return None
    ca, cb = _as_c(a, transpose_a), _as_c(b, transpose_b)
    if ca is None or cb is None:
        return None
    (a, transpose_a), (b, transpose_b) = ca, cb
    key = (dtype.str, transpose_a, transpose_b, m, k, n)
    choice = _choices.get(key) or _choices.setdefault(key, Choice())
    quiet = choice.alone()
    start = time.perf_counter()
    out = _run(_session(dtype, not quiet), a, b, transpose_a, transpose_b, (m, n), out)
    choice.measured(quiet, (time.perf_counter() - start) / work)
    return out


def _run(session: Any, a: np.ndarray, b: np.ndarray, transpose_a: bool, transpose_b: bool,
         shape: tuple[int, int], out: np.ndarray | None) -> np.ndarray:
    if out is None:  # numpy's memory, as every other op's result (and tracemalloc sees it)
        out = np.empty(shape, a.dtype)
    binding = session.io_binding()
    binding.bind_cpu_input("a", a)
    binding.bind_cpu_input("b", b)
    binding.bind_cpu_input("ta", _FLAGS[transpose_a])
    binding.bind_cpu_input("tb", _FLAGS[transpose_b])
    binding.bind_output("y", "cpu", 0, a.dtype, out.shape, out.ctypes.data)
    session.run_with_iobinding(binding)
    return out


def product(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``a @ b`` of two numpy matrices by whichever of MLAS and numpy the rule picks: the
    convolutions' products of patches and filters."""
    fast = matmul(a, b, out=out)
    if fast is not None:
        return fast
    return np.matmul(a, b, out=out)


def batch_matmul(x: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """A batch of matrices times one matrix (a dense layer over a sequence) as one product of
    the batch's rows, when ``x`` is contiguous; None where numpy should run it."""
    if x.ndim < 3 or y.ndim != 2 or not x.flags.c_contiguous:
        return None
    flat = matmul(x.reshape(-1, x.shape[-1]), y)
    return None if flat is None else flat.reshape(x.shape[:-1] + y.shape[-1:])


def preload() -> None:
    """Import onnxruntime and build the float32 product's sessions ahead of the first product,
    which would otherwise wait 50-70 ms for them (the editor does this at start-up)."""
    if _runtime() is None:
        return
    f32 = np.dtype(np.float32)
    for spin in (True, False):
        _session(f32, spin)
