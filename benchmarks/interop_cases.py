"""The interop benchmark case: importing a 5,000-node GraphDef, beside TF's own
``tf.compat.v1.import_graph_def`` of the same file (where TF is installed).

The file is a deep network as frozen models are: scopes of Const weights, MatMul, BiasAdd and
Relu, small tensors, so the time is the nodes'. Both sides are timed as a user's program runs
them, garbage collector on: from the file's bytes to a graph whose every tensor has its shape
(ours: parse, build, infer; TF: ParseFromString and import_graph_def, which runs TF's shape
inference too). The goal is under 1 s for 5,000 nodes.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import engine

from .engine_bench import Report, have, tf1


def deep_network(layers: int, width: int = 8) -> engine.Graph:
    """``layers`` dense layers in scopes: 5 nodes each, plus the input."""
    rng = np.random.default_rng(0)
    g = engine.Graph()
    with g.as_default():
        h = engine.placeholder(engine.float32, [None, width], name="x")
        for i in range(layers):
            with engine.name_scope(f"dense_{i}"):
                w = engine.constant(rng.standard_normal((width, width)).astype(np.float32),
                                    name="kernel")
                b = engine.constant(rng.standard_normal(width).astype(np.float32), name="bias")
                h = engine.nn.relu(engine.nn.bias_add(engine.matmul(h, w), b))
    return g


def _times(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()  # warm-up (imports, first-call caches)
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def case_graphdef_import(report: Report, nodes: int, repeat: int) -> None:
    graph = deep_network(max(1, (nodes - 1) // 5))
    n = len(graph)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.pb")
        engine.write_graphdef(path, graph)
        ours = _times(lambda: engine.read_graphdef(path), repeat)
        base: dict[str, float | None] = {}
        if have("tensorflow"):
            tf = tf1()

            def tf_import() -> None:
                with open(path, "rb") as f:
                    gd = tf.compat.v1.GraphDef.FromString(f.read())
                with tf.Graph().as_default():
                    tf.compat.v1.import_graph_def(gd, name="")

            base["TF import_graph_def"] = statistics.median(_times(tf_import, repeat))
    spread = f"range {min(ours) * 1e3:.0f}–{max(ours) * 1e3:.0f} ms over {repeat} runs"
    goal = "under 1 s: yes" if statistics.median(ours) < 1.0 else "under 1 s: NO"
    report.case(f"import a {n}-node GraphDef (.pb)", statistics.median(ours), base,
                f"{spread}; {goal}")
