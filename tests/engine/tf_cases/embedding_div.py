"""``tf.compat.v1.nn.embedding_lookup`` over sharded params with ``partition_strategy="div"``
(contiguous blocks of ids, the first ``total % n`` shards one row longer): the ops TF builds
(a Const total when every shard's rows are known, else their Shapes summed), the rows,
shards of uneven sizes, int64 ids, the gradients (one IndexedSlices per shard) and a sparse
training step over variable shards; plus the error for an unknown strategy."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("embedding_div")
TABLE = np.arange(24, dtype=np.float32).reshape(8, 3) / 4.0


def _shards(tf: Any, sizes: list[int]) -> list[Any]:
    out, start = [], 0
    for i, n in enumerate(sizes):
        out.append(tf.constant(TABLE[start:start + n], name=f"shard{i}"))
        start += n
    return out


def _lookup_case(label: str, sizes: list[int], ids: Any) -> None:
    @cases.case(f"div lookup over {label}")
    def _(tf: Any) -> Any:
        shards = _shards(tf, sizes)
        out = tf.nn.embedding_lookup(shards, ids, partition_strategy="div")
        grads = tf.gradients(tf.reduce_sum(out * out), shards)
        dense = [tf.convert_to_tensor(g) for g in grads]
        return [out, *dense]


_lookup_case("two even shards", [4, 4], [[0, 7], [3, 4]])
_lookup_case("three uneven shards", [3, 3, 2], [[0, 2, 3], [5, 6, 7]])
_lookup_case("three shards, the first one row longer", [3, 2, 2], [6, 0, 2, 3, 4, 6])
_lookup_case("four shards of a seven-row table", [2, 2, 2, 1], [[6, 5], [4, 3], [2, 1]])
_lookup_case("two shards with repeated ids", [4, 3], [1, 1, 5, 5, 6])


@cases.case("div lookup with int64 ids")
def _(tf: Any) -> Any:
    shards = _shards(tf, [3, 2, 2])
    ids = tf.constant([[4, 0], [6, 2]], dtype=tf.int64)
    return tf.nn.embedding_lookup(shards, ids, partition_strategy="div", name="embed")


@cases.case("div lookup over shards whose rows are unknown")
def _(tf: Any) -> Any:
    p0 = tf.placeholder(tf.float32, [None, 3], name="p0")
    p1 = tf.placeholder(tf.float32, [2, 3], name="p1")
    out = tf.nn.embedding_lookup([p0, p1], [[4, 0], [1, 3]], partition_strategy="div")
    return Fetch([out], feed={p0: TABLE[:3], p1: TABLE[3:5]})


@cases.case("div lookup trains variable shards sparsely", rtol=1e-6)
def _(tf: Any) -> Any:
    shards = [tf.Variable(TABLE[:3], name="e0"), tf.Variable(TABLE[3:5], name="e1"),
              tf.Variable(TABLE[5:7], name="e2")]
    rows = tf.nn.embedding_lookup(shards, [[0, 6], [3, 4]], partition_strategy="div")
    loss = tf.reduce_sum(tf.square(rows - 1.0))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return Fetch([loss, *shards], probe=[[op.type for op in step.control_inputs]],
                 before=[tf.global_variables_initializer(), step, step])


@cases.case("embedding_lookup refuses an unknown partition strategy")
def _(tf: Any) -> Any:
    return tf.nn.embedding_lookup(_shards(tf, [4, 4]), [1], partition_strategy="block")


@cases.case("one params tensor ignores the partition strategy")
def _(tf: Any) -> Any:
    return tf.nn.embedding_lookup([tf.constant(TABLE)], [5, 1], partition_strategy="block")


@cases.case("div lookup over two shards whose rows are unknown")
def _(tf: Any) -> Any:
    p0 = tf.placeholder(tf.float32, [None, 3], name="p0")
    p1 = tf.placeholder(tf.float32, [None, 3], name="p1")
    p2 = tf.placeholder(tf.float32, [2, 3], name="p2")
    out = tf.nn.embedding_lookup([p0, p1, p2], [[4, 0], [6, 3]], partition_strategy="div")
    return Fetch([out], feed={p0: TABLE[:3], p1: TABLE[3:5], p2: TABLE[5:7]})
