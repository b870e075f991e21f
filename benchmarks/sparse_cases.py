"""The sparse training benchmark: one optimizer step on 128 rows of a 100,000×64 float32
embedding table (``embedding_lookup``, a squared loss, ``minimize``), in a Session and in
TF1's (reference variables, as ``disable_v2_behavior()`` makes them), one process.

The step changes 128 of the table's 100,000 rows: what it costs is whether the update
touches the rest of the table (``engine/ops/row_undo.py``)."""

from __future__ import annotations

from typing import Any

import numpy as np

import engine

from .timing import Report, have, median_time, tf1

#: the optimizers timed, with their arguments: gradient descent's ``ScatterSub``, the
#: sparse apply ops of Adagrad and momentum
OPTIMIZERS = {"GradientDescentOptimizer": {}, "AdagradOptimizer": {},
              "MomentumOptimizer": {"momentum": 0.9}}


def _step(ns: Any, table: np.ndarray, ids: np.ndarray, name: str, session: Any,
          **variable_kw: Any) -> Any:
    """The optimizer's step in ``ns`` (``engine`` or ``tf.compat.v1``), initialized."""
    graph = ns.Graph()
    with graph.as_default():
        emb = ns.Variable(table, **variable_kw)
        x = ns.placeholder(ns.int32, [None])
        loss = ns.reduce_sum(ns.square(ns.nn.embedding_lookup(emb, x)))
        train = getattr(ns.train, name)(0.01, **OPTIMIZERS[name]).minimize(loss)
        init = ns.global_variables_initializer()
    sess = session(graph=graph)
    sess.run(init)
    return lambda: sess.run(train, {x: ids})


def case_sparse_steps(report: Report, rows: int, repeat: int) -> None:
    rng = np.random.default_rng(0)
    table = rng.standard_normal((rows, 64)).astype(np.float32)
    ids = rng.integers(0, rows, 128).astype(np.int32)
    for name in OPTIMIZERS:
        ours = _step(engine, table, ids, name, engine.Session)
        for _ in range(3):
            ours()  # the first step copies the table away from its initializer's constant
        base: dict[str, float | None] = {}
        if have("tensorflow"):
            v1 = tf1().compat.v1
            theirs = _step(v1, table, ids, name, v1.Session, use_resource=False)
            base["TF1"] = median_time(theirs, repeat * 4, warmup=3)
        report.case(f"{name} step on 128 rows of [{rows},64]",
                    median_time(ours, repeat * 4, warmup=3), base)
