"""The builder API of the random ops, and TF's seed rules (``set_random_seed``, ``get_seed``).

TF1 resolves two seeds per op: with a graph seed set, an op without its own seed takes the
graph's count of such ops so far (``(graph seed, 0)``, ``(graph seed, 1)`` …); an op seed
without a graph seed pairs with TF's default graph seed 87654321; neither gives ``(0, 0)``,
a fresh stream per session. The graph's ops are then deterministic per seed — the same
numbers in every new session — while TF's bit streams themselves are not reproduced.
"""

from __future__ import annotations

import weakref
from typing import Any

from ..framework import dtypes as dt
from ..framework.dimension import dimension_value
from ..framework.graph import Graph, get_default_graph
from ..framework.operation import Tensor
from .apply import graph_of as _graph_of
from .builder import add, multiply
from .list_apply import apply_op, convert

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1
_counters: weakref.WeakKeyDictionary[Graph, int] = weakref.WeakKeyDictionary()


def set_random_seed(seed: int | None) -> None:
    """The default graph's graph-level seed (``tf.compat.v1.set_random_seed``)."""
    get_default_graph().seed = seed


def get_seed(op_seed: int | None) -> tuple[int | None, int | None]:
    """TF's ``random_seed.get_seed``: the two seeds an op with ``op_seed`` uses."""
    graph = get_default_graph()
    global_seed = graph.seed
    seeds: tuple[int | None, int | None]
    if global_seed is not None:
        if op_seed is None:
            op_seed = _counters.get(graph, 0)
            _counters[graph] = op_seed + 1
        seeds = (global_seed % _MAXINT32, op_seed % _MAXINT32)
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, op_seed % _MAXINT32)
    else:
        seeds = (None, None)
    if seeds == (0, 0):
        return (0, _MAXINT32)
    return seeds


def _seed_attrs(seed: int | None) -> dict[str, int]:
    seed1, seed2 = get_seed(seed)
    return {"seed": seed1 or 0, "seed2": seed2 or 0}


def _shape_tensor(graph: Graph, shape: Any) -> Tensor:
    """TF's ``shape_util.shape_tensor``: int32 for an empty list, else as converted."""
    if isinstance(shape, Tensor):
        return shape
    dtype = dt.int32 if isinstance(shape, (list, tuple)) and not shape else None
    if isinstance(shape, (list, tuple)) and shape:  # TF converts a tuple of the plain sizes
        shape = tuple(map(dimension_value, shape))  # (its messages say so)
    return convert(graph, shape, "shape", dtype)


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def _scaled(op_type: str, scope_name: str, shape: Any, mean: Any, stddev: Any, dtype: Any,
            seed: int | None, name: str | None) -> Tensor:
    target = dt.as_dtype(dtype)
    graph = _graph_of(shape, mean, stddev)
    with graph.name_scope(scope_name if name is None else name) as scope:
        shape_t = _shape_tensor(graph, shape)
        mean_t = convert(graph, mean, "mean", target)
        stddev_t = convert(graph, stddev, "stddev", target)
        attrs = {**_seed_attrs(seed), "dtype": target}
        rnd: Any = _one(apply_op(op_type, None, attrs, shape=shape_t))  # Tensor's operators
        return add(rnd * stddev_t, mean_t, name=scope)


def random_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = dt.float32,
                  seed: int | None = None, name: str | None = None) -> Tensor:
    return _scaled("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype, seed,
                   name)


def truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = dt.float32,
                     seed: int | None = None, name: str | None = None) -> Tensor:
    return _scaled("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype, seed,
                   name)


_UNIFORM_TYPES = (dt.float16, dt.bfloat16, dt.float32, dt.float64, dt.int32, dt.int64)


def random_uniform(shape: Any, minval: Any = 0, maxval: Any = None, dtype: Any = dt.float32,
                   seed: int | None = None, name: str | None = None) -> Tensor:
    target = dt.as_dtype(dtype)
    if target not in _UNIFORM_TYPES:
        accepted = ", ".join(f"tf.{d.name}" for d in _UNIFORM_TYPES)
        raise ValueError(f"Argument `dtype` got invalid value <dtype: '{target.name}'>. "
                         f"Accepted dtypes are ({accepted}).")
    if maxval is None:
        if target.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype tf.{target.name}")
        maxval = 1
    graph = _graph_of(shape, minval, maxval)
    with graph.name_scope("random_uniform" if name is None else name) as scope:
        shape_t = _shape_tensor(graph, shape)
        min_is_zero = type(minval) is int and minval == 0
        max_is_one = type(maxval) is int and maxval == 1
        if not min_is_zero or not max_is_one or target.is_integer:
            minval = convert(graph, minval, "min", target)
            maxval = convert(graph, maxval, "max", target)
        attrs = _seed_attrs(seed)
        if target.is_integer:
            return _one(apply_op("RandomUniformInt", scope, attrs, shape=shape_t, minval=minval,
                                 maxval=maxval))
        result: Any = _one(apply_op("RandomUniform", None, {**attrs, "dtype": target},
                                    shape=shape_t))
        if min_is_zero:
            if not max_is_one:
                result = multiply(result, maxval)
            return result
        return add(result * (maxval - minval), minval, name=scope)
