"""``nn.embedding_lookup`` over sharded params: each shard's rows get the gradient of the
ids that named them (the ops and forward values are checked against TF's records in
``tf_cases/tf1_functions.py``)."""

from __future__ import annotations

import numpy as np

import engine


def test_sharded_embedding_lookup_gradient_reaches_each_shards_rows() -> None:
    """Over ``mod`` shards, id i is row i // 2 of shard i % 2: ids 1, 4, 1 are row 0 of
    shard 1 (twice) and row 2 of shard 0."""
    with engine.Graph().as_default():
        p0 = engine.constant(np.arange(12.0, dtype=np.float32).reshape(3, 4))
        p1 = engine.constant(np.arange(12.0, 20.0, dtype=np.float32).reshape(2, 4))
        rows = engine.nn.embedding_lookup([p0, p1], [1, 4, 1])
        grads = engine.gradients(engine.reduce_sum(rows * 2.0), [p0, p1])
        g0, g1 = engine.Session().run([engine.convert_to_tensor(g) for g in grads])
    np.testing.assert_array_equal(g0, [[0] * 4, [0] * 4, [2] * 4])
    np.testing.assert_array_equal(g1, [[4] * 4, [0] * 4])
