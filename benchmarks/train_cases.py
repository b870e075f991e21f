"""The training benchmark: one step (forward, gradients, Adam update) of an MLP 784→256→10,
batch 128, float32 — ``sess.run(train_op)`` in a Session, in TF1 (reference variables, as
``disable_v2_behavior()`` makes them) and a ``jax.jit``-compiled step, in one process; and the
peak memory of the step, measured two ways, each in a fresh process per framework:

- the resident set: its high-water mark over 20 steps less what it was before them, the same
  measure for both. Only steady steps count: the engine's compiled kernels are waited for
  first (numba's import and LLVM, some 60 MB, used to land in the measured steps), as TF's
  first runs (grappler, its thread pools) are run first;
- the allocations: what a step allocates beyond what it started with, at its peak — the
  engine's as ``tracemalloc`` sees numpy's buffers, TF's as its own run metadata reports its
  kernels' allocations (``FULL_TRACE``: the bytes every node allocated, summed: TF holds no
  more than that at once).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

import engine

from .engine_bench import Report, have, median_time, tf1
from .ml_cases import MLP, _mlp_values, steady

ROOT = Path(__file__).resolve().parents[1]


def _model(ns: Any, weights: list[np.ndarray], batch: int, **variable_kw: Any
           ) -> tuple[Any, Any, Any, Any]:
    """Placeholders, loss and Adam's train op in ``ns`` (``engine`` or ``tf.compat.v1``)."""
    x = ns.placeholder(ns.float32, [None, MLP[0]], name="x")
    y = ns.placeholder(ns.float32, [None, MLP[2]], name="y")
    w1, b1, w2, b2 = (ns.Variable(w, **variable_kw) for w in weights)
    h = ns.nn.relu(ns.matmul(x, w1) + b1)
    logits = ns.matmul(h, w2) + b2
    loss = ns.reduce_mean(ns.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    return x, y, loss, ns.train.AdamOptimizer(1e-3).minimize(loss)


def engine_step(batch: int) -> tuple[Any, Any]:
    """A session ready to train, and the step to time."""
    weights, xv, yv = _mlp_values(batch)
    g = engine.Graph()
    with g.as_default():
        x, y, loss, train = _model(engine, weights, batch)
        init = engine.global_variables_initializer()
    sess = engine.Session(graph=g, device="cpu")
    sess.run(init)
    feed = {x: xv, y: yv}
    return sess, (lambda: sess.run(train, feed)), (lambda: sess.run(loss, feed))


def tf_step(batch: int) -> tuple[Any, Any]:
    tf = tf1()
    v1 = tf.compat.v1
    weights, xv, yv = _mlp_values(batch)
    g = tf.Graph()
    with g.as_default():
        x, y, loss, train = _model(v1, weights, batch, use_resource=False)
        init = v1.global_variables_initializer()
    sess = v1.Session(graph=g)
    sess.run(init)
    feed = {x: xv, y: yv}
    return sess, (lambda: sess.run(train, feed)), (lambda: sess.run(loss, feed))


def jax_step(batch: int) -> Any:
    import jax
    import jax.numpy as jnp

    weights, xv, yv = _mlp_values(batch)
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8

    def loss_fn(params: Any, x: Any, y: Any) -> Any:
        w1, c1, w2, c2 = params
        h = jnp.maximum(x @ w1 + c1, 0)
        logits = h @ w2 + c2
        return jnp.mean(-jnp.sum(y * jax.nn.log_softmax(logits), axis=-1))

    def step(params: Any, m: Any, v: Any, t: Any, x: Any, y: Any) -> Any:
        grads = jax.grad(loss_fn)(params, x, y)
        t = t + 1
        alpha = lr * jnp.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        m = [b1 * mi + (1 - b1) * g for mi, g in zip(m, grads)]
        v = [b2 * vi + (1 - b2) * g * g for vi, g in zip(v, grads)]
        params = [p - alpha * mi / (jnp.sqrt(vi) + eps) for p, mi, vi in zip(params, m, v)]
        return params, m, v, t

    jitted = jax.jit(step, donate_argnums=(0, 1, 2))
    state: list[Any] = [[jax.device_put(w) for w in weights],
                        [jnp.zeros_like(w) for w in weights],
                        [jnp.zeros_like(w) for w in weights], jnp.float32(0)]
    jx, jy = jax.device_put(xv), jax.device_put(yv)

    def run() -> None:
        state[:] = jitted(*state, jx, jy)
        jax.block_until_ready(state[0])

    return run


def case_train_step(report: Report, batch: int, repeat: int) -> None:
    sess, step, loss = engine_step(batch)
    steady(step)
    ours = median_time(step, repeat * 10, warmup=5)
    base: dict[str, float | None] = {}
    if have("tensorflow"):
        _, tf_train, tf_loss = tf_step(batch)
        base["TF1"] = median_time(tf_train, repeat * 10, warmup=5)
    if have("jax"):
        base["jax.jit"] = median_time(jax_step(batch), repeat * 10, warmup=5)
    note = _peak_memory(batch) if batch >= 128 else ""
    report.case(f"train step MLP 784→256→10 Adam, batch {batch}", ours, base, note)


def _peak_memory(batch: int) -> str:
    """The step's peak memory, engine and TF1, each measured in a fresh process."""
    rss, allocated = [], []
    for name in ("engine", "TF1"):
        if name == "TF1" and not have("tensorflow"):
            continue
        done = subprocess.run([sys.executable, "-m", "benchmarks.train_cases", name, str(batch)],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            return f"peak memory not measured: {done.stderr.strip().splitlines()[-1:]}"
        found = json.loads(done.stdout.splitlines()[-1])
        rss.append(f"{name} {found['rss_mb']:.2f} MB")
        allocated.append(f"{name} {found['allocated_mb']:.2f} MB")
    return (f"peak memory of the step: resident set grows {', '.join(rss)}; "
            f"allocated at its peak {', '.join(allocated)}")


def _measure(name: str, batch: int) -> dict[str, float]:
    """``rss_mb``: the resident set's high-water mark over 20 steady steps less the resident
    set before them (Linux resets the mark on request); ``allocated_mb``: a step's peak
    allocations beyond what it started with. In MB."""
    sess, step, _ = engine_step(batch) if name == "engine" else tf_step(batch)
    for _ in range(3):  # plans, grappler, kernels asked for
        step()
    if name == "engine":
        steady(step)  # compiled kernels ready: the steps below are the steady ones
    for _ in range(3):
        step()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset VmHWM to the current resident set
    before = _status_mb("VmRSS")
    for _ in range(20):
        step()
    rss = max(_status_mb("VmHWM") - before, 0.0)
    allocated = _engine_allocated(step) if name == "engine" else _tf_allocated(sess, batch)
    return {"rss_mb": rss, "allocated_mb": allocated / 2**20}


def _engine_allocated(step: Any) -> float:
    """The peak of numpy's allocations during one step above what was allocated before it
    (numpy reports its buffers to ``tracemalloc``), in bytes."""
    import tracemalloc

    tracemalloc.start()
    try:
        step()
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return float(max(peak - start, 0))


def _tf_allocated(sess: Any, batch: int) -> float:
    """What TF's kernels allocated in one step, as its run metadata reports it, in bytes."""
    v1 = tf1().compat.v1
    g = sess.graph
    train = next(op for op in g.get_operations() if op.name == "Adam" and op.type == "NoOp")
    _, xv, yv = _mlp_values(batch)
    metadata = v1.RunMetadata()
    sess.run(train, {g.get_tensor_by_name("x:0"): xv, g.get_tensor_by_name("y:0"): yv},
             options=v1.RunOptions(trace_level=v1.RunOptions.FULL_TRACE),
             run_metadata=metadata)
    return float(sum(m.total_bytes for dev in metadata.step_stats.dev_stats
                     for node in dev.node_stats for m in node.memory))


def _status_mb(key: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(key)


if __name__ == "__main__":
    print(json.dumps(_measure(sys.argv[1], int(sys.argv[2]))))
