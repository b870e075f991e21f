"""The engine's benchmark: every case in one process, each beside its baselines.

Each case prints our median time and the ratio to each baseline measured in the same run: a
hand-written numpy version, numexpr, and — when installed (the ``bench`` extra) — TF1
``tf.compat.v1`` sessions and ``jax.jit``, all timed as a user's program runs (``timing.py``:
garbage collector on). The bandwidth reference is the best copy over all cores
(``bandwidth.py``); fused elementwise cases are printed as a fraction of it. First runs in a
fresh process, with and without the kernel cache, come last (``first_run.py``). ``--quick``
shrinks every case so the whole run takes seconds (the test suite runs it that way so it
never rots).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import numpy as np

import engine
from engine.backends.cupy_gpu import gpu_status
from engine.compiler import jit

from .bandwidth import copy_bandwidths, reference
from .elementwise_cases import (
    EXPRESSIONS,
    case_elementwise,
    case_variants,
    elementwise,
    numpy_eager,
    tf1_and_jax,
    traced_run,
)
from .timing import HOW, Report, fmt, have, median_time, tf1

__all__ = ["EXPRESSIONS", "Report", "elementwise", "fmt", "have", "median_time",
           "numpy_eager", "tf1"]


# --- cases ----------------------------------------------------------------------------------
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


def case_build(report: Report, n: int) -> None:
    """Each library in a fresh process of its own (``build_case.py``), collector on."""
    from .build_case import figures

    found, note = figures(n // 2)
    ours = found.pop("ours")
    assert ours is not None
    report.case(f"build a {n}-op graph (with inference)", ours, found,
                "each in a fresh process, garbage collector on, as a script builds it; "
                + note)


def case_peak_memory(report: Report, size: int) -> None:
    """Traced bytes a run allocates beyond its inputs, fused and op by op."""
    g, inputs, y = elementwise(8, size)
    feeds = dict(zip(inputs, [np.ones(size, np.float32) for _ in range(3)]))
    one = 4 * size
    for label, optimize in (("fused", True), ("op by op", False)):
        sess = engine.Session(graph=g, device="cpu", optimize=optimize)
        sess.run(y, feeds)  # compile the plan outside the measurement
        peak, meta = traced_run(sess, y, feeds)
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
    base.update(tf1_and_jax(lambda tf, tx: tree_sum([tx * tf.constant(c) for c in consts]),
                             lambda jx: tree_sum([jx * c for c in consts]), [(100,)], [xv],
                             repeat))
    report.case(f"{leaves}-leaf reduction tree of (100,)", ours, base)


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
    base.update(tf1_and_jax(lambda tf, tx: matmuls(tx, [tf.constant(w) for w in weights]),
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
    sizes = ([10**3, 10**4] if quick
             else [10**3, 10**4, 10**5, 3 * 10**5, 10**6, 10**7, 3 * 10**7])
    if args.device_cases_on_cpu:
        from .device_cases import run_device_cases

        run_device_cases(report, "cpu", np, lambda: None, sizes, repeat, **device_sizes(quick))
        return 0
    print(HOW, flush=True)
    print(f"TF1 {'present' if have('tensorflow') else 'not installed'}, "
          f"jax {'present' if have('jax') else 'not installed'}", flush=True)
    copies = copy_bandwidths(sizes[-1], repeat)
    print(f"copy bandwidth on {sizes[-1]:.0e} float32 (read + write): "
          + "; ".join(f"{k} {v / 1e9:.1f} GB/s" for k, v in copies.items())
          + "; the reference is the best copy (its fastest call), measured again before and "
          "after each case at its size",
          flush=True)
    case_seed(report, repeat)
    case_scalar_chain(report, 100 if quick else 10_000, repeat)
    for n_ops in (2, 8):
        for size in sizes:
            case_elementwise(report, n_ops, size, repeat)
    for n_ops in (2, 8):
        for size in sizes:
            case_variants(report, n_ops, size, repeat)
    case_peak_memory(report, sizes[-1])
    case_reduction_tree(report, 16 if quick else 1000, repeat)
    case_matmul_chain(report, 32 if quick else 512, 4, repeat)
    from .ml_cases import case_conv2d, case_mlp, case_reductions  # the machine-learning ops

    case_mlp(report, 8 if quick else 128, repeat)
    from .train_cases import case_train_step  # variables, gradients and an optimizer

    case_train_step(report, 8 if quick else 128, repeat)
    from .sparse_cases import case_sparse_steps  # row updates of an embedding table

    case_sparse_steps(report, 1000 if quick else 100_000, repeat)
    case_conv2d(report, 2 if quick else 64, repeat)
    n_reduce = sizes[-1] if quick else 10**7
    case_reductions(report, n_reduce, repeat, reference(n_reduce, repeat))
    case_build(report, 200 if quick else 10_000)
    from .interop_cases import case_graphdef_import  # GraphDef in, beside TF's importer

    case_graphdef_import(report, 500 if quick else 5_000, 3 if quick else 7)
    from .gradient_cases import case_gradients_build

    case_gradients_build(report, 100 if quick else 1000, 3 if quick else 9)
    case_rerun_after_edit(report, 10 if quick else 111, 1000 if quick else 100_000)
    case_gpu(report, quick, sizes, repeat)
    from .first_run import run_first_run_cases

    print("first runs in a fresh process:", flush=True)
    run_first_run_cases([10**4] if quick else [10**6, 10**7], repeat)
    return 0
