"""The dask backend gives the numpy session's results, on random graphs and chunkings.

Elementwise graphs (fused into groups that run chunk by chunk) must match the unoptimized
numpy run exactly, whatever the chunks; reductions and matmul sum in dask's tree order, so
they match to rounding, and max/min exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine

from .test_optimizations import _same, elementwise_graphs

#: chunk sizes a test may cut every dimension into (1: every element its own chunk)
CHUNKINGS = st.one_of(st.just("auto"), st.integers(1, 3),
                      st.tuples(st.integers(1, 3), st.integers(1, 3)))


def _chunks_for(chunks: Any, value: np.ndarray) -> Any:
    if isinstance(chunks, tuple):  # per dimension: as many as the value has
        return tuple(chunks[i % len(chunks)] for i in range(value.ndim))
    return chunks


def _dask_feeds(feeds: dict[Any, np.ndarray], chunks: Any) -> dict[Any, Any]:
    import dask.array as da

    return {t: da.from_array(v, chunks=_chunks_for(chunks, v)) if v.ndim else v
            for t, v in feeds.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=elementwise_graphs(), chunks=CHUNKINGS, as_dask=st.booleans())
def test_dask_runs_of_elementwise_graphs_match_the_unoptimized_run(
        dask_client: Any, case: Any, chunks: Any, as_dask: bool) -> None:
    g, fetches, feeds = case
    plain = engine.Session(graph=g, device="cpu", optimize=False).run(fetches, feeds)
    chunk = "auto" if isinstance(chunks, tuple) else chunks
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=chunk)
    got = sess.run(fetches, _dask_feeds(feeds, chunks) if as_dask else feeds)
    for x, y in zip(plain, got):
        _same(x, y)


REDUCTIONS = ["reduce_sum", "reduce_max", "reduce_min", "reduce_mean"]


@st.composite
def reduction_graphs(draw: Any) -> tuple[engine.Graph, list[Any], dict[Any, np.ndarray], bool]:
    """An elementwise expression over a fed matrix, reduced over an axis or matrix-multiplied."""
    dtype = draw(st.sampled_from([engine.float32, engine.float64]))
    rows, cols = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    value = rng.uniform(-2, 2, size=(rows, cols)).astype(dtype.np_dtype)
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(dtype, shape=(rows, cols), name="x")
        y = x * engine.constant(1.5, dtype=dtype) + x * x
        kind = draw(st.sampled_from([*REDUCTIONS, "matmul"]))
        if kind == "matmul":
            out = engine.matmul(y, x, transpose_b=True)
        else:
            axis = draw(st.sampled_from([None, 0, 1, [0, 1]]))
            out = getattr(engine, kind)(y, axis=axis, keepdims=draw(st.booleans()))
    exact = kind in ("reduce_max", "reduce_min")
    return g, [out, y], {x: value}, exact


@settings(max_examples=25, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=reduction_graphs(), chunks=CHUNKINGS)
def test_dask_reductions_and_matmul_match_numpy_to_rounding(
        dask_client: Any, case: Any, chunks: Any) -> None:
    g, fetches, feeds, exact = case
    plain = engine.Session(graph=g, device="cpu", optimize=False).run(fetches, feeds)
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks="auto")
    got = sess.run(fetches, _dask_feeds(feeds, chunks))
    for x, y in zip(plain, got):
        x, y = np.asarray(x), np.asarray(y)
        assert x.dtype == y.dtype and x.shape == y.shape
        if exact:
            np.testing.assert_array_equal(x, y)
        else:
            tol = 1e-5 if x.dtype == np.float32 else 1e-12
            np.testing.assert_allclose(y, x, rtol=tol, atol=tol * 50)


@pytest.mark.parametrize("chunks", [1, 2])
def test_a_fused_group_reads_each_chunk_of_a_constant_array_it_was_bound_to(
        dask_client: Any, chunks: int) -> None:
    """The plan binds a group's folded constants into its chains for whole arrays; on a
    chunk the group must read the constant's block instead (a 3-element constant once
    gave each 1-element chunk 3 elements)."""
    g = engine.Graph()
    with g.as_default():
        c = engine.constant(np.array([-1.5, -2.5, -3.5], np.float32), name="c")
        q = engine.placeholder(engine.int32, [3], name="q")
        x = engine.cast(q, engine.float32)
        out = (x + c) + (-x)
    feeds = {q: np.array([7, -8, 9], np.int32)}
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=chunks)
    np.testing.assert_array_equal(sess.run(out, feeds), [-1.5, -2.5, -3.5])
