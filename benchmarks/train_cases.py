"""The training benchmark: one step (forward, gradients, Adam update) of an MLP 784→256→10,
batch 128, float32 — ``sess.run(train_op)`` in a Session, in TF1 (reference variables, as
``disable_v2_behavior()`` makes them) and a ``jax.jit``-compiled step, in one process; and the
peak memory of the step, measured the same way for the engine and TF1 (the high-water mark of
the resident set over the steps, less what it was before the first step, each in a fresh
process).
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
from .ml_cases import MLP, _mlp_values

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
    out = []
    for name in ("engine", "TF1"):
        if name == "TF1" and not have("tensorflow"):
            continue
        done = subprocess.run([sys.executable, "-m", "benchmarks.train_cases", name, str(batch)],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            return f"peak memory not measured: {done.stderr.strip().splitlines()[-1:]}"
        out.append(f"{name} {json.loads(done.stdout.splitlines()[-1])['peak_mb']:.1f} MB")
    return "peak memory of the step " + ", ".join(out)


def _measure(name: str, batch: int) -> float:
    """The resident set's high-water mark over 20 steps (after 2 warm-up steps: plans,
    grappler) less the resident set before them, in MB; Linux resets the mark on request."""
    _, step, _ = engine_step(batch) if name == "engine" else tf_step(batch)
    for _ in range(2):
        step()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset VmHWM to the current resident set
    before = _status_mb("VmRSS")
    for _ in range(20):
        step()
    return max(_status_mb("VmHWM") - before, 0.0)


def _status_mb(key: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(key)


if __name__ == "__main__":
    print(json.dumps({"peak_mb": _measure(sys.argv[1], int(sys.argv[2]))}))
