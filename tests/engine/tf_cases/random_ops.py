"""Random ops: the ops and names the composite functions make, shapes, dtypes and the seeds
TF resolves (graph-level and op-level). The numbers themselves are not compared: the engine
draws the same distributions, not TF's bit streams (see tests/engine/ops/test_random.py)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch


def _dims(t: Any) -> Any:
    """A static shape as JSON (unknown dims None; None for an unknown rank)."""
    return None if t.shape.rank is None else t.shape.as_list()


cases = Cases("random_ops")


def _describe(t: Any) -> list[Any]:
    ops = [t.op] + [i.op for i in t.op.inputs]
    random_op = next(op for op in t.graph.get_operations() if op.type.startswith(("Random",
                                                                                    "Truncated")))
    return [_dims(t), t.dtype.name, random_op.type, random_op.get_attr("seed"),
            random_op.get_attr("seed2"), [op.type for op in ops]]


@cases.case("random_normal without seeds")
def _(tf: Any) -> Any:
    return Fetch(None, probe=_describe(tf.random_normal([2, 3])))


@cases.case("random_normal with an op seed, mean and stddev")
def _(tf: Any) -> Any:
    return Fetch(None, probe=_describe(tf.random_normal([4], mean=2.0, stddev=0.5, seed=7,
                                                        dtype=tf.float64)))


@cases.case("random_uniform, float and integer")
def _(tf: Any) -> Any:
    return Fetch(None, probe=[_describe(tf.random_uniform([2, 3])),
                              _describe(tf.random_uniform([3], maxval=10, dtype=tf.int32)),
                              _describe(tf.random_uniform([3], minval=-1.0, maxval=2.0)),
                              _describe(tf.random_uniform([3], maxval=5.0))])


@cases.case("truncated_normal")
def _(tf: Any) -> Any:
    return Fetch(None, probe=_describe(tf.truncated_normal([5, 1], seed=3)))


@cases.case("a graph seed numbers the ops without their own")
def _(tf: Any) -> Any:
    tf.set_random_seed(42)
    a = tf.random_normal([2])
    b = tf.random_uniform([2])
    c = tf.random_normal([2], seed=5)
    d = tf.truncated_normal([2])
    return Fetch(None, probe=[[op.name, op.type, op.get_attr("seed"), op.get_attr("seed2")]
                              for op in tf.get_default_graph().get_operations()
                              if op.type in ("RandomStandardNormal", "RandomUniform",
                                             "TruncatedNormal")] + [str(x) for x in (a, b, c, d)])


@cases.case("a graph seed of zero and no op seed")
def _(tf: Any) -> Any:
    tf.set_random_seed(0)
    return Fetch(None, probe=_describe(tf.random_normal([2])))


@cases.case("a random shape given by a tensor")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    return Fetch(None, probe=_describe(tf.random_normal(tf.shape(x))))


@cases.case("random values have the requested shape and dtype when run")
def _(tf: Any) -> Any:
    r = tf.random_uniform([2, 3], maxval=4, dtype=tf.int64, seed=1)
    return Fetch([tf.shape(r), tf.reduce_all(r < 4), tf.reduce_all(r >= 0)])


@cases.case("random_uniform of integers without maxval fails")
def _(tf: Any) -> Any:
    return tf.random_uniform([2], dtype=tf.int32)


@cases.case("random_uniform of a bool dtype fails")
def _(tf: Any) -> Any:
    return tf.random_uniform([2], dtype=tf.bool)


@cases.case("random_normal of a shape of rank 2 fails")
def _(tf: Any) -> Any:
    return tf.random_normal([[2]])


@cases.case("random_uniform with minval not below maxval fails at run time")
def _(tf: Any) -> Any:
    return tf.random_uniform([2], minval=3, maxval=3, dtype=tf.int32)


@cases.case("a shape list with None: TF's message shows the dimensions as a tuple")
def _(tf: Any) -> Any:
    return tf.random_normal([2, None])


@cases.case("random_uniform of ints with a maxval of rank 1 fails in TF's words")
def _(tf: Any) -> Any:
    return tf.random_uniform([2], maxval=np.array([3], np.int64), dtype=tf.int64)


@cases.case("random_uniform of ints with a minval of rank 1 fails in TF's words")
def _(tf: Any) -> Any:
    return tf.random_uniform([2], minval=[1], maxval=3, dtype=tf.int32)
