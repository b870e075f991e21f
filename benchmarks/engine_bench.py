"""The engine's benchmark: every case in one process, each beside its baselines.

Each case prints our median time and the ratio to each baseline measured in the same run: a
hand-written numpy version, numexpr, and — when installed (the ``bench`` extra) — TF1
``tf.compat.v1`` sessions and ``jax.jit``. Memory bandwidth is measured with ``np.copyto``;
fused elementwise cases are also printed as a fraction of it. ``--quick`` shrinks every case
so the whole run takes seconds (the test suite runs it that way so it never rots).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import engine
from engine.backends.cupy_gpu import gpu_status
from engine.client.run_metadata import RunMetadata
from engine.compiler import jit

try:
    import numexpr as ne
except ImportError:  # pragma: no cover
    ne = None


def median_time(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> float:
    """The median of ``repeat`` calls with the cyclic garbage collector paused, as
    ``timeit`` does: otherwise whichever case runs after a big one pays for collecting its
    garbage (and TF's and jax's large heaps make every full collection slow)."""
    for _ in range(warmup):
        fn()
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    finally:
        gc.enable()
    return statistics.median(times)


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds:8.2f} s "


class Report:
    def __init__(self) -> None:
        self.rows: list[str] = []

    def case(self, name: str, ours: float, baselines: dict[str, float | None],
             extra: str = "") -> None:
        parts = []
        for label, t in baselines.items():
            if t is None:
                continue
            parts.append(f"{label} {fmt(t).strip()} (×{t / ours:.2f})")
        line = f"{name:<42} ours {fmt(ours)} | " + "; ".join(parts)
        if extra:
            line += f" | {extra}"
        print(line, flush=True)
        self.rows.append(line)


# --- optional baselines ---------------------------------------------------------------------
def have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def tf1() -> Any:
    import tensorflow as tf

    tf.compat.v1.disable_eager_execution()
    return tf


# --- cases ----------------------------------------------------------------------------------
def bandwidth(n: int, repeat: int) -> float:
    """Bytes per second that np.copyto moves (read + write) on n float32 elements."""
    src = np.random.default_rng(0).random(n, dtype=np.float32)
    dst = np.empty_like(src)
    t = median_time(lambda: np.copyto(dst, src), repeat)
    return 2 * src.nbytes / t


def case_seed(report: Report, repeat: int) -> None:
    g = engine.Graph()
    with g.as_default():
        d = (engine.constant(5) + engine.constant(6)) * engine.constant(7)
    sess = engine.Session(graph=g, device="cpu")
    ours = median_time(lambda: sess.run(d), repeat * 50, warmup=10)
    base: dict[str, float | None] = {}
    if have("tensorflow"):
        tf = tf1()
        tg = tf.Graph()
        with tg.as_default():
            td = (tf.constant(5) + tf.constant(6)) * tf.constant(7)
        ts = tf.compat.v1.Session(graph=tg)
        base["TF1"] = median_time(lambda: ts.run(td), repeat * 50, warmup=10)
    if have("jax"):
        import jax

        f = jax.jit(lambda a, b, c: (a + b) * c)
        base["jax.jit"] = median_time(lambda: f(5, 6, 7).block_until_ready(), repeat * 50, 10)
    report.case("seed graph (5+6)*7: run-call overhead", ours, base)


def scalar_chain(n: int) -> tuple[engine.Graph, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        p = engine.placeholder(engine.float32, shape=[], name="p")
        x = p
        for _ in range(n):
            x = x + 1.0
    return g, p, x


def case_scalar_chain(report: Report, n: int, repeat: int) -> None:
    g, p, x = scalar_chain(n)
    sess = engine.Session(graph=g, device="cpu")
    before = median_time(lambda: sess.run(x, {p: 0.5}), repeat)  # its kernel is compiling
    jit.wait()
    ours = median_time(lambda: sess.run(x, {p: 0.5}), repeat)
    ones = [np.float32(1.0)] * n

    def hand() -> Any:
        v = np.float32(0.5)
        for c in ones:
            v = v + c
        return v

    base: dict[str, float | None] = {"numpy loop": median_time(hand, repeat)}
    if have("tensorflow") and n <= 10_000:
        tf = tf1()
        tg = tf.Graph()
        with tg.as_default():
            tp = tf.compat.v1.placeholder(tf.float32, shape=[])
            tx = tp
            for _ in range(n):
                tx = tx + 1.0
        ts = tf.compat.v1.Session(graph=tg)
        base["TF1"] = median_time(lambda: ts.run(tx, {tp: 0.5}), repeat)
    report.case(f"{n}-op scalar chain fed by a placeholder", ours, base,
                f"{ours / n * 1e9:.0f} ns/op; {before / n * 1e9:.0f} ns/op before its kernel "
                "was compiled")


def case_build(report: Report, n: int, repeat: int) -> None:
    ours = median_time(lambda: scalar_chain(n // 2), max(3, repeat // 3), warmup=1)
    base: dict[str, float | None] = {}
    if have("tensorflow"):
        tf = tf1()

        def build_tf() -> None:
            tg = tf.Graph()
            with tg.as_default():
                tx = tf.compat.v1.placeholder(tf.float32, shape=[])
                for _ in range(n // 2):
                    tx = tx + 1.0

        base["TF1"] = median_time(build_tf, 1, warmup=0)
    if have("jax"):
        import jax

        def chain(v: Any) -> Any:
            for _ in range(n // 2):
                v = v + 1.0
            return v

        def compile_jax() -> None:  # tracing and compiling: jax's graph construction
            jax.jit(chain).lower(np.float32(0.5)).compile()

        base["jax.jit compile"] = median_time(compile_jax, 1, warmup=0)
    report.case(f"build a {n}-op graph (with inference)", ours, base)


def elementwise(n_ops: int, size: int) -> tuple[engine.Graph, list[Any], Any]:
    g = engine.Graph()
    with g.as_default():
        a, b, c = (engine.placeholder(engine.float32, shape=[size], name=k) for k in "abc")
        if n_ops == 2:
            y = (a + b) * c
        else:
            y = (((((a + b) * c - a) * b + c) * a - b) * c)
    return g, [a, b, c], y


def numpy_eager(n_ops: int) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    if n_ops == 2:
        return lambda a, b, c: (a + b) * c
    return lambda a, b, c: (((((a + b) * c - a) * b + c) * a - b) * c)


EXPRESSIONS = {2: "(a + b) * c", 8: "((((((a + b) * c - a) * b + c) * a - b) * c))"}


def case_elementwise(report: Report, n_ops: int, size: int, repeat: int, bw: float) -> None:
    g, inputs, y = elementwise(n_ops, size)
    rng = np.random.default_rng(1)
    data = [rng.random(size, dtype=np.float32) for _ in range(3)]
    feeds = dict(zip(inputs, data))
    sess = engine.Session(graph=g, device="cpu")
    holder: list[Any] = [None]

    def ours_run() -> None:
        holder[0] = sess.run(y, feeds)  # as a caller would: the previous result is still held

    t0 = time.perf_counter()
    ours_run()  # the first run asks for the group's compiled kernel (built in the background)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    jit.wait()  # measure the steady state; the compile time is printed beside it
    compiling = time.perf_counter() - t0
    ours = median_time(ours_run, repeat)
    want = numpy_eager(n_ops)(*data)
    np.testing.assert_allclose(holder[0], want, rtol=1e-6)
    base: dict[str, float | None] = {"numpy": median_time(lambda: numpy_eager(n_ops)(*data),
                                                          repeat)}
    if ne is not None:
        local = dict(zip("abc", data))
        base["numexpr"] = median_time(lambda: ne.evaluate(EXPRESSIONS[n_ops], local), repeat)
    base.update(_tf1_and_jax(lambda tf, *abc: numpy_eager(n_ops)(*abc), numpy_eager(n_ops),
                             [(size,)] * 3, data, repeat))
    moved = 4 * size * 4  # three inputs read, one output written
    note = f"{moved / ours / bw:.0%} of copy bandwidth; first run {fmt(first).strip()}"
    if compiling > 1e-3:
        note += f", then {compiling:.2f} s until its kernel was compiled"
    report.case(f"{EXPRESSIONS[n_ops][:24]:<24} {n_ops} ops × {size:.0e}", ours, base, note)


def case_dropped_results(report: Report, size: int, repeat: int) -> None:
    """Mid-sized runs whose results the caller drops at once, as a loop that only wants
    the last one does: each run must not make the C allocator give memory back and fault
    it in again."""
    for n_ops in (2, 8):
        g, inputs, y = elementwise(n_ops, size)
        data = [np.random.default_rng(1).random(size, dtype=np.float32) for _ in range(3)]
        feeds = dict(zip(inputs, data))
        sess = engine.Session(graph=g, device="cpu")
        sess.run(y, feeds)
        jit.wait()
        f = numpy_eager(n_ops)
        report.case(f"{n_ops}-op chain × {size:.0e}, each result dropped",
                    median_time(lambda: sess.run(y, feeds), repeat),  # noqa: B023
                    {"numpy": median_time(lambda: f(*data), repeat)})  # noqa: B023


def case_peak_memory(report: Report, size: int) -> None:
    """Traced bytes a run allocates beyond its inputs, fused and op by op."""
    g, inputs, y = elementwise(8, size)
    feeds = dict(zip(inputs, [np.ones(size, np.float32) for _ in range(3)]))
    one = 4 * size
    for label, optimize in (("fused", True), ("op by op", False)):
        sess = engine.Session(graph=g, device="cpu", optimize=optimize)
        sess.run(y, feeds)  # compile the plan outside the measurement
        sess._executor.pool.clear()  # noqa: SLF001 - a run that must allocate its output
        gc.collect()
        tracemalloc.start()
        meta = RunMetadata()
        result = sess.run(y, feeds, run_metadata=meta)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del result
        print(f"{f'peak memory, 8-op chain × {size:.0e}, {label}':<42} traced "
              f"{peak / one:.2f} × the output's {one / 1e6:.0f} MB beyond the inputs "
              f"(goal ≤ 2: output + one intermediate); run metadata {meta.peak_bytes / one:.2f}",
              flush=True)


def reduction_tree(leaves: int) -> tuple[engine.Graph, Any, Any, list[np.ndarray], np.ndarray]:
    """x * c_i for ``leaves`` constants of shape (100,), summed pairwise: (graph, x, y,
    constants, a value for x)."""
    rng = np.random.default_rng(2)
    consts = [rng.random(100, dtype=np.float32) for _ in range(leaves)]
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[100], name="x")
        y = tree_sum([x * engine.constant(c) for c in consts])
    return g, x, y, consts, rng.random(100, dtype=np.float32)


def tree_sum(level: list[Any]) -> Any:
    while len(level) > 1:
        level = [level[i] + level[i + 1] if i + 1 < len(level) else level[i]
                 for i in range(0, len(level), 2)]
    return level[0]


def case_reduction_tree(report: Report, leaves: int, repeat: int) -> None:
    g, x, y, consts, xv = reduction_tree(leaves)
    sess = engine.Session(graph=g, device="cpu")
    sess.run(y, {x: xv})
    jit.wait()  # the interpreter that runs this group compiles once per process
    ours = median_time(lambda: sess.run(y, {x: xv}), repeat)

    def hand() -> np.ndarray:
        return tree_sum([xv * c for c in consts])  # type: ignore[no-any-return]

    np.testing.assert_array_equal(sess.run(y, {x: xv}), hand())
    base: dict[str, float | None] = {"numpy": median_time(hand, repeat)}
    base.update(_tf1_and_jax(lambda tf, tx: tree_sum([tx * tf.constant(c) for c in consts]),
                             lambda jx: tree_sum([jx * c for c in consts]), [(100,)], [xv],
                             repeat))
    report.case(f"{leaves}-leaf reduction tree of (100,)", ours, base)


def _tf1_and_jax(tf_build: Callable[..., Any], jax_fn: Callable[..., Any],
                 shapes: list[tuple[int, ...]], values: list[np.ndarray],
                 repeat: int) -> dict[str, float | None]:
    """The same graph as a TF1 session run (placeholders fed with ``values``) and as a
    jax.jit function, where those are installed."""
    base: dict[str, float | None] = {}
    if have("tensorflow"):
        tf = tf1()
        tg = tf.Graph()
        with tg.as_default():
            holders = [tf.compat.v1.placeholder(tf.float32, shape=s) for s in shapes]
            ty = tf_build(tf, *holders)
        ts = tf.compat.v1.Session(graph=tg)
        feeds = dict(zip(holders, values))
        base["TF1"] = median_time(lambda: ts.run(ty, feeds), repeat)
    if have("jax"):
        import jax

        f = jax.jit(jax_fn)
        jvalues = [jax.device_put(v) for v in values]
        base["jax.jit"] = median_time(lambda: f(*jvalues).block_until_ready(), repeat)
    return base


def matmul_chain(n: int, depth: int) -> tuple[engine.Graph, Any, Any, list[np.ndarray],
                                               np.ndarray]:
    """x @ w_1 @ … @ w_depth with constant (n, n) weights: (graph, x, y, weights, x's value)."""
    rng = np.random.default_rng(3)
    weights = [rng.random((n, n), dtype=np.float32) / n for _ in range(depth)]
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[n, n], name="x")
        y = matmuls(x, [engine.constant(w) for w in weights])
    return g, x, y, weights, rng.random((n, n), dtype=np.float32)


def matmuls(v: Any, weights: list[Any]) -> Any:
    for w in weights:
        v = v @ w
    return v


def case_matmul_chain(report: Report, n: int, depth: int, repeat: int) -> None:
    g, x, y, weights, xv = matmul_chain(n, depth)
    sess = engine.Session(graph=g, device="cpu")
    ours = median_time(lambda: sess.run(y, {x: xv}), repeat)
    base: dict[str, float | None] = {"numpy": median_time(lambda: matmuls(xv, weights), repeat)}
    base.update(_tf1_and_jax(lambda tf, tx: matmuls(tx, [tf.constant(w) for w in weights]),
                             lambda jx: matmuls(jx, weights), [(n, n)], [xv], repeat))
    report.case(f"{n}×{n} matmul chain of {depth}", ours, base)


def branches_graph(branches: int, size: int) -> tuple[engine.Graph, list[Any], list[Any]]:
    """Independent branches of 9 nodes over one (size,) Const: (graph, their Consts, their
    outputs). 111 branches make a 1,000-node graph."""
    rng = np.random.default_rng(4)
    g = engine.Graph()
    x = g.add_op("Const", "x", attrs={"value": rng.random(size, dtype=np.float32)})
    consts, outs = [], []
    for i in range(branches):
        c = g.add_op("Const", f"c{i}", attrs={"value": np.float32(i)})
        h = g.add_op("Mul", f"m{i}", inputs=[x.outputs[0], c.outputs[0]])
        for j in range(6):
            h = g.add_op("AddV2" if j % 2 else "Mul", f"b{i}_{j}",
                         inputs=[h.outputs[0], x.outputs[0]])
        out = g.add_op("Identity", f"out{i}", inputs=[h.outputs[0]])
        consts.append(c)
        outs.append(out.outputs[0])
    return g, consts, outs


def rerun_times(device: str, branches: int, size: int) -> tuple[float, float, int]:
    """The first run of the branches graph, then the median re-run after editing one Const
    (five edits), in a caching Session; and the graph's node count."""
    g, consts, outs = branches_graph(branches, size)
    sess = engine.Session(graph=g, device=device, cache=True)
    t0 = time.perf_counter()
    sess.run(outs)
    first = time.perf_counter() - t0
    edits = []
    for k in range(5):
        g.set_attrs(consts[k * 7 % branches], {"value": np.float32(100 + k)})
        t0 = time.perf_counter()
        sess.run(outs)
        edits.append(time.perf_counter() - t0)
    return first, statistics.median(edits), len(g.get_operations())


def case_rerun_after_edit(report: Report, branches: int, size: int) -> None:
    """A 1,000-node graph of independent branches; edit one Const; run again."""
    first, rerun, n_ops = rerun_times("cpu", branches, size)
    report.case(f"re-run after one Const edit, {n_ops} nodes", rerun,
                {"first run": first}, f"{size} elements per tensor")


def case_gpu(report: Report, quick: bool, sizes: list[int], repeat: int) -> None:
    from .device_cases import run_device_cases

    info = gpu_status()
    if not info.usable:
        print(f"GPU cases skipped: {info.reason}", flush=True)
        return
    import cupy

    print(f"GPU: {info.description}", flush=True)
    run_device_cases(report, "gpu", cupy, cupy.cuda.Device().synchronize, sizes, repeat,
                     **device_sizes(quick))


def device_sizes(quick: bool) -> dict[str, int]:
    return {"chain_ops": 100 if quick else 10_000, "leaves": 16 if quick else 1000,
            "matmul": 32 if quick else 512, "branches": 10 if quick else 111,
            "rerun_size": 1000 if quick else 100_000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    parser.add_argument("--device-cases-on-cpu", action="store_true",
                        help="run the GPU section's code with numpy on the CPU instead of "
                             "everything else (a check of that code where no GPU is)")
    args = parser.parse_args(argv)
    quick = args.quick
    repeat = 3 if quick else 15
    report = Report()
    sizes = [10**3, 10**4] if quick else [10**5, 10**6, 10**7, 3 * 10**7]
    if args.device_cases_on_cpu:
        from .device_cases import run_device_cases

        run_device_cases(report, "cpu", np, lambda: None, sizes, repeat, **device_sizes(quick))
        return 0
    bw = bandwidth(sizes[-1], repeat)
    print(f"np.copyto bandwidth: {bw / 1e9:.1f} GB/s on {sizes[-1]:.0e} float32; "
          f"TF1 {'present' if have('tensorflow') else 'not installed'}, "
          f"jax {'present' if have('jax') else 'not installed'}", flush=True)
    case_seed(report, repeat)
    case_scalar_chain(report, 100 if quick else 10_000, repeat)
    for n_ops in (2, 8):
        for size in sizes:
            case_elementwise(report, n_ops, size, repeat, bw)
    case_dropped_results(report, sizes[0] * 3, repeat)
    case_peak_memory(report, sizes[-1])
    case_reduction_tree(report, 16 if quick else 1000, repeat)
    case_matmul_chain(report, 32 if quick else 512, 4, repeat)
    from .ml_cases import case_conv2d, case_mlp, case_reductions  # the machine-learning ops

    case_mlp(report, 8 if quick else 128, repeat)
    from .train_cases import case_train_step  # variables, gradients and an optimizer

    case_train_step(report, 8 if quick else 128, repeat)
    case_conv2d(report, 2 if quick else 64, repeat)
    case_reductions(report, sizes[-1] if quick else 10**7, repeat, bw)
    case_build(report, 200 if quick else 10_000, repeat)
    from .interop_cases import case_graphdef_import  # GraphDef in, beside TF's importer

    case_graphdef_import(report, 500 if quick else 5_000, 3 if quick else 7)
    from .gradient_cases import case_gradients_build

    case_gradients_build(report, 100 if quick else 1000, 3 if quick else 9)
    case_rerun_after_edit(report, 10 if quick else 111, 1000 if quick else 100_000)
    case_gpu(report, quick, sizes, repeat)
    return 0
