"""The elementwise cases: a 2-op and an 8-op chain over three float32 arrays, at every size.

Each size runs the chain fed (three placeholders fed each run) and folded (three constants:
the plan computes the chain once, a run hands its value out), with the caller keeping each
result until the next run or dropping it at once; each beside numpy eager computing the same
from the same arrays (whose results are kept or dropped alike), each timed after the same
untimed calls (``WARMUP``). The fed, kept case is also timed against numexpr, TF1 and
jax.jit, printed as a fraction of the best copy's bandwidth (measured before and after it,
at its size), with the first run, the compile wait, and the peak memory of its plan against
its largest live set.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import engine
from engine.client.run_metadata import RunMetadata
from engine.compiler import huge_pages, jit

from .bandwidth import reference
from .timing import Report, fmt, have, median_time, tf1

try:
    import numexpr as ne
except ImportError:  # pragma: no cover
    ne = None

#: untimed calls before each timed case, ours and every baseline's alike: the steady state
#: (the first runs after a kernel is ready fault its pooled output in and try sharing the
#: loop over the cores; first runs are printed on their own)
WARMUP = 5

EXPRESSIONS = {2: "(a + b) * c", 8: "((((((a + b) * c - a) * b + c) * a - b) * c))"}


def elementwise(n_ops: int, size: int, values: list[np.ndarray] | None = None
                ) -> tuple[engine.Graph, list[Any], Any]:
    """The chain over placeholders of shape [size], or over constants holding ``values``."""
    g = engine.Graph()
    with g.as_default():
        if values is None:
            a, b, c = (engine.placeholder(engine.float32, shape=[size], name=k) for k in "abc")
        else:
            a, b, c = (engine.constant(v, name=k) for v, k in zip(values, "abc"))
        y = chain(n_ops, a, b, c)
    return g, [a, b, c], y


def chain(n_ops: int, a: Any, b: Any, c: Any) -> Any:
    if n_ops == 2:
        return (a + b) * c
    return (((((a + b) * c - a) * b + c) * a - b) * c)


def numpy_eager(n_ops: int) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    return lambda a, b, c: chain(n_ops, a, b, c)


def _data(size: int) -> list[np.ndarray]:
    rng = np.random.default_rng(1)
    return [rng.random(size, dtype=np.float32) for _ in range(3)]


def _repeat_for(size: int, repeat: int) -> int:
    """Small cases repeat more (their times are microseconds)."""
    return repeat * (20 if size <= 10**4 else 4 if size <= 10**5 else 1)


def case_elementwise(report: Report, n_ops: int, size: int, repeat: int) -> None:
    """Fed, results kept: against every baseline, with the fraction of the best copy's
    bandwidth at this size (``bandwidth.reference``), the first run and peak memory."""
    data = _data(size)
    g, inputs, y = elementwise(n_ops, size)
    feeds = dict(zip(inputs, data))
    sess = engine.Session(graph=g, device="cpu")
    holder: list[Any] = [None]
    repeat = _repeat_for(size, repeat)

    def ours_run() -> None:
        holder[0] = sess.run(y, feeds)  # as a caller would: the previous result is still held

    t0 = time.perf_counter()
    ours_run()  # the first run asks for the group's compiled kernel (built in the background)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    jit.wait()  # measure the steady state; the compile time is printed beside it
    compiling = time.perf_counter() - t0
    ours_run()  # the first compiled run of a long loop asks for its twin (together.py)
    jit.wait()
    bw = reference(size, repeat)
    ours = median_time(ours_run, repeat, WARMUP)
    bw = max(bw, reference(size, repeat))  # measured before and after: the best of both
    f = numpy_eager(n_ops)
    np.testing.assert_allclose(holder[0], f(*data), rtol=1e-6)
    kept: list[Any] = [None]

    def numpy_run() -> None:
        kept[0] = f(*data)

    base: dict[str, float | None] = {"numpy": median_time(numpy_run, repeat, WARMUP)}
    if ne is not None:
        local = dict(zip("abc", data))
        base["numexpr"] = median_time(lambda: ne.evaluate(EXPRESSIONS[n_ops], local), repeat,
                                      WARMUP)
    base.update(tf1_and_jax(lambda tf, *abc: chain(n_ops, *abc), f, [(size,)] * 3, data,
                            repeat))
    moved = 4 * size * 4  # three inputs read, one output written
    note = (f"{moved / ours / bw:.0%} of the best copy's bandwidth at this size "
            f"({bw / 1e9:.0f} GB/s); {peak_note(sess, y, feeds)}; "
            f"first run {fmt(first).strip()}")
    if compiling > 1e-3:
        note += f", then {compiling:.2f} s until its kernel was ready"
    report.case(f"{EXPRESSIONS[n_ops][:24]:<24} {n_ops} ops × {size:.0e}", ours, base, note)


def case_variants(report: Report, n_ops: int, size: int, repeat: int) -> None:
    """Fed with results dropped, folded with results kept and dropped: against numpy eager
    doing the same."""
    data = _data(size)
    f = numpy_eager(n_ops)
    repeat = _repeat_for(size, repeat)
    for fed in (True, False):
        g, inputs, y = elementwise(n_ops, size, None if fed else data)
        feeds = dict(zip(inputs, data)) if fed else None
        sess = engine.Session(graph=g, device="cpu")
        for _ in range(2):  # the loop's kernel, then its twin (compiler/together.py)
            sess.run(y, feeds)
            jit.wait()
        for keep in ((False,) if fed else (True, False)):
            ours_run, numpy_run = _runs(lambda: sess.run(y, feeds),  # noqa: B023
                                        lambda: f(*data), keep)
            label = (f"{n_ops}-op chain × {size:.0e}, {'fed' if fed else 'folded'}, "
                     f"results {'kept' if keep else 'dropped'}")
            report.case(label, median_time(ours_run, repeat, WARMUP),
                        {"numpy": median_time(numpy_run, repeat, WARMUP)})


def _runs(ours: Callable[[], Any], numpy: Callable[[], Any],
          keep: bool) -> tuple[Callable[[], None], Callable[[], None]]:
    """Our run and numpy's, each keeping its result until the next call or dropping it."""
    held: list[Any] = [None, None]

    def ours_run() -> None:
        value = ours()
        if keep:
            held[0] = value  # else dropped when the call returns

    def numpy_run() -> None:
        value = numpy()
        if keep:
            held[1] = value

    return ours_run, numpy_run


def traced_run(sess: engine.Session, y: Any, feeds: dict[Any, Any]) -> tuple[int, RunMetadata]:
    """The bytes one run allocates at its peak (traced, its output buffer not pooled yet;
    with the pool's huge-page mappings, which tracemalloc does not see) and its run
    metadata (which counts the plan's largest live set)."""
    sess._executor.pool.clear()  # noqa: SLF001 - a run that must allocate its output
    gc.collect()
    mapped = huge_pages.mapped_bytes
    tracemalloc.start()
    meta = RunMetadata()
    result = sess.run(y, feeds, run_metadata=meta)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak += huge_pages.mapped_bytes - mapped  # outputs in huge pages: mapped, not traced
    del result
    return peak, meta


def peak_note(sess: engine.Session, y: Any, feeds: dict[Any, Any]) -> str:
    """How the run ran (the run metadata's kernel per fused group: the path its measured
    cost chose), and the bytes one run allocates against the plan's largest live set."""
    peak, meta = traced_run(sess, y, feeds)
    kernels = sorted({s.kernel for s in meta.ops.values() if s.kernel})
    ran = f"ran {' + '.join(kernels)}; " if kernels else ""
    return (f"{ran}peak memory {peak / 1e6:.1f} MB, largest live set "
            f"{meta.peak_bytes / 1e6:.1f} MB")


def tf1_and_jax(tf_build: Callable[..., Any], jax_fn: Callable[..., Any],
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
        base["TF1"] = median_time(lambda: ts.run(ty, feeds), repeat, WARMUP)
    if have("jax"):
        import jax

        f = jax.jit(jax_fn)
        jvalues = [jax.device_put(v) for v in values]
        base["jax.jit"] = median_time(lambda: f(*jvalues).block_until_ready(), repeat, WARMUP)
    return base
