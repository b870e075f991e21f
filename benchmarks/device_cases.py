"""The benchmark's device cases: the engine's cases in a GPU session, against cupy.

Each case builds the graph of its CPU case, runs it in a Session on ``device`` and times the
same work written by hand with the array module ``xp`` (cupy eager on a GPU), synchronising
after each call. Session.run hands back host arrays, so a run's time includes copying its
results to the host; the fused elementwise cases also time the device part alone (the
compiled plan on device-resident inputs), as a fraction of the device's copy bandwidth.

``python -m benchmarks --device-cases-on-cpu`` runs this module with numpy on the CPU: the
smoke test does, so the code a GPU runs is exercised where there is none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import engine

from .elementwise_cases import EXPRESSIONS, elementwise, numpy_eager
from .engine_bench import matmul_chain, matmuls, reduction_tree, rerun_times, scalar_chain, tree_sum
from .timing import Report, median_time


def run_device_cases(report: Report, device: str, xp: Any, sync: Callable[[], None],
                     sizes: list[int], repeat: int, chain_ops: int, leaves: int,
                     matmul: int, branches: int, rerun_size: int) -> None:
    label = device.upper()
    src = xp.asarray(np.random.default_rng(0).random(sizes[-1], dtype=np.float32))
    dst = xp.empty_like(src)

    def copy() -> None:
        xp.copyto(dst, src)
        sync()

    bw = 2 * src.nbytes / median_time(copy, repeat)
    print(f"{label} copy bandwidth {bw / 1e9:.0f} GB/s", flush=True)

    def timed(fn: Callable[[], Any]) -> float:
        def call() -> None:
            fn()
            sync()

        return median_time(call, repeat)

    # the seed graph: what one run call costs on the device
    g = engine.Graph()
    with g.as_default():
        d = (engine.constant(5) + engine.constant(6)) * engine.constant(7)
    sess = engine.Session(graph=g, device=device)
    five, six, seven = (xp.asarray(v, dtype=xp.int32) for v in (5, 6, 7))
    report.case(f"{label} seed graph (5+6)*7", timed(lambda: sess.run(d)),
                {"eager": timed(lambda: (five + six) * seven)})

    # a scalar chain fed by a placeholder
    g, p, x = scalar_chain(chain_ops)
    sess = engine.Session(graph=g, device=device)
    half, one = xp.asarray(0.5, dtype=xp.float32), xp.asarray(1.0, dtype=xp.float32)

    def chain() -> Any:
        v = half
        for _ in range(chain_ops):
            v = v + one
        return v

    report.case(f"{label} {chain_ops}-op scalar chain", timed(lambda: sess.run(x, {p: 0.5})),
                {"eager": timed(chain)})

    for n_ops in (2, 8):
        for size in sizes:
            _elementwise(report, label, device, xp, timed, n_ops, size, bw)

    # a reduction tree of small tensors
    g, xt, yt, consts, xv = reduction_tree(leaves)
    sess = engine.Session(graph=g, device=device)
    dconsts, dx = [xp.asarray(c) for c in consts], xp.asarray(xv)
    report.case(f"{label} {leaves}-leaf reduction tree", timed(lambda: sess.run(yt, {xt: xv})),
                {"eager": timed(lambda: tree_sum([dx * c for c in dconsts]))})

    # a matmul chain
    g, xm, ym, weights, mv = matmul_chain(matmul, 4)
    sess = engine.Session(graph=g, device=device)
    dweights, dm = [xp.asarray(w) for w in weights], xp.asarray(mv)
    report.case(f"{label} {matmul}×{matmul} matmul chain of 4",
                timed(lambda: sess.run(ym, {xm: mv})), {"eager": timed(lambda: matmuls(dm,
                                                                                  dweights))})

    first, rerun, n_ops = rerun_times(device, branches, rerun_size)
    report.case(f"{label} re-run after one Const edit, {n_ops} nodes", rerun,
                {"first run": first}, f"{rerun_size} elements per tensor")


def _elementwise(report: Report, label: str, device: str, xp: Any,
                 timed: Callable[[Callable[[], Any]], float], n_ops: int, size: int,
                 bw: float) -> None:
    g, inputs, y = elementwise(n_ops, size)
    rng = np.random.default_rng(1)
    host = [rng.random(size, dtype=np.float32) for _ in range(3)]
    data = [xp.asarray(h) for h in host]
    sess = engine.Session(graph=g, device=device)
    host_feeds = dict(zip(inputs, host))
    with_transfers = timed(lambda: sess.run(y, host_feeds))
    # the device part: the compiled plan (one fused kernel) on device-resident inputs;
    # Session.run itself always hands back host arrays
    plan = next(iter(sess._plans.values()))  # noqa: SLF001 - made by the runs above
    device_feeds = dict(zip(inputs, data))
    out: list[Any] = [None]

    def device_part() -> None:
        slots, _ = sess._executor.run(plan, device_feeds, None, None)  # noqa: SLF001
        out[0] = slots[plan.fetch_slots[0]]

    ours = timed(device_part)
    f = numpy_eager(n_ops)
    np.testing.assert_allclose(sess.backend.to_host(out[0]), f(*host), rtol=1e-6)
    report.case(f"{label} {EXPRESSIONS[n_ops][:20]} × {size:.0e}", ours,
                {"eager": timed(lambda: f(*data)), "our run with host transfers": with_transfers},
                f"{4 * size * 4 / ours / bw:.0%} of {label} copy bandwidth")
