"""Building the gradient subgraph of a 1,000-op model: ``engine.gradients`` beside TF1's
``tf.gradients`` in one process.

The model is a deep network of the ops a model uses (MatMul, BiasAdd, the activations, a
residual AddV2, a scaled Mul) ending in a softmax cross-entropy and a mean, about 1,000 ops.
Each repetition builds the forward graph afresh (not timed) and times only the call that
builds its gradients with respect to every weight, with the garbage collector on, as a
user's program runs; the engine's and TF's repetitions alternate.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import engine

from .engine_bench import Report, have, tf1

WIDTH = 8


def _model(ns: Any, layers: int) -> tuple[Any, list[Any]]:
    """The forward graph in ``ns`` (``engine`` or ``tf.compat.v1``): its loss and weights."""
    rng = np.random.default_rng(0)
    x = ns.placeholder(ns.float32, [None, WIDTH], name="x")
    labels = ns.placeholder(ns.float32, [None, WIDTH], name="labels")
    weights: list[Any] = []
    h = x
    acts = (ns.nn.relu, ns.tanh, ns.sigmoid)
    for i in range(layers):
        w = ns.constant(rng.standard_normal((WIDTH, WIDTH)).astype(np.float32) * 0.3)
        b = ns.constant(np.zeros(WIDTH, np.float32))
        weights += [w, b]
        z = acts[i % 3](ns.nn.bias_add(ns.matmul(h, w), b))
        h = h + z * 0.5
    loss = ns.reduce_mean(ns.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=h))
    return loss, weights


def _layers_for(n_ops: int) -> int:
    """How many layers make a model of about ``n_ops`` ops (a fixed part and a per-layer one)."""
    counts = []
    for layers in (10, 20):
        g = engine.Graph()
        with g.as_default():
            _model(engine, layers)
        counts.append(len(g.get_operations()))
    per_layer = (counts[1] - counts[0]) / 10
    return max(1, round((n_ops - (counts[0] - 10 * per_layer)) / per_layer))


def _time_once(graph_of: Callable[[], Any], gradients: Callable[[Any, Any], Any]
               ) -> tuple[float, int, int]:
    """One build of the gradients: seconds, the forward graph's ops, the gradient ops."""
    graph, (loss, weights) = graph_of()
    with graph.as_default():
        forward = len(graph.get_operations())
        gc.collect()
        t0 = time.perf_counter()
        gradients(loss, weights)
        elapsed = time.perf_counter() - t0
        return elapsed, forward, len(graph.get_operations()) - forward


def _range(times: list[float]) -> str:
    return f"{min(times) * 1e3:.0f}–{max(times) * 1e3:.0f} ms"


def case_gradients_build(report: Report, n_ops: int, repeat: int) -> None:
    """Ours and TF's builds alternate, so that other jobs on the machine slow both alike;
    the ratio is that of the medians, and each pair's ratio is printed as a range."""
    layers = _layers_for(n_ops)

    def ours_graph() -> Any:
        g = engine.Graph()
        with g.as_default():
            return g, _model(engine, layers)

    tf_build: Callable[[], tuple[float, int, int]] | None = None
    if have("tensorflow"):
        tf = tf1()
        v1 = tf.compat.v1

        def tf_graph() -> Any:
            g = tf.Graph()
            with g.as_default():
                return g, _model(v1, layers)

        def tf_build_fn() -> tuple[float, int, int]:
            return _time_once(tf_graph, v1.gradients)

        tf_build = tf_build_fn
    ours_times: list[float] = []
    tf_times: list[float] = []
    forward = grad_ops = tf_forward = tf_grad_ops = 0
    for i in range(repeat + 1):  # the first pair warms the caches
        t, forward, grad_ops = _time_once(ours_graph, engine.gradients)
        if i:
            ours_times.append(t)
        if tf_build is not None:
            t, tf_forward, tf_grad_ops = tf_build()
            if i:
                tf_times.append(t)
    ours = statistics.median(ours_times)
    base: dict[str, float | None] = {}
    note = f"{forward}-op model, {grad_ops} gradient ops"
    if tf_times:
        base["TF1 tf.gradients"] = statistics.median(tf_times)
        pairs = [t / o for t, o in zip(tf_times, ours_times)]
        note += (f" (TF: {tf_forward} and {tf_grad_ops}); ours {_range(ours_times)}, TF "
                 f"{_range(tf_times)}; per pair ×{min(pairs):.1f}–×{max(pairs):.1f} over "
                 f"{repeat} alternating builds")
    report.case(f"build the gradients of a {forward}-op model", ours, base, note)


if __name__ == "__main__":
    import sys

    case_gradients_build(Report(), 1000, 3 if "--quick" in sys.argv else 9)
