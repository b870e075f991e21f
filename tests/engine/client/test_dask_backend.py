"""The dask backend: clusters, feeds, results, and what cannot run chunk by chunk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.backends.dask_array import NpyFile, source_of
from engine.framework.registry import op_defs

da = pytest.importorskip("dask.array")


def _chain() -> tuple[engine.Graph, Any, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=(None, 4), name="x")
        y = engine.square(x * 2.0 + 1.0)
        total = engine.reduce_sum(y, axis=0)
    return g, x, y, total


def _data(rows: int = 10) -> np.ndarray:
    return np.arange(rows * 4, dtype=np.float32).reshape(rows, 4) / 7


def test_a_dask_session_gives_the_cpu_session_s_values(dask_client: Any) -> None:
    g, x, y, total = _chain()
    want = engine.Session(graph=g, device="cpu").run([y, total], {x: _data()})
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=3)
    got = sess.run([y, total], {x: _data()})
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_allclose(got[1], want[1], rtol=1e-6)
    assert sess.device == "dask" and isinstance(got[0], np.ndarray)


def test_a_fused_chain_runs_as_one_blockwise_layer_per_chunk(dask_client: Any) -> None:
    g, x, y, _ = _chain()
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=(4, 2))
    lazy = sess.run(y, {x: _data(8)}, keep="dask")
    assert lazy.chunks == ((4, 4), (2, 2))
    layers = [name for name in lazy.dask.layers if not name.startswith("array-")]
    assert layers == [lazy.name] and lazy.name.startswith(y.op.name)


def test_keep_dask_returns_dask_arrays_that_compute_to_the_values(dask_client: Any) -> None:
    g, x, y, total = _chain()
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=5)
    lazy_y, lazy_total = sess.run([y, total], {x: _data()}, keep="dask")
    assert isinstance(lazy_y, da.Array) and isinstance(lazy_total, da.Array)
    want = engine.Session(graph=g, device="cpu").run(y, {x: _data()})
    np.testing.assert_array_equal(lazy_y.compute(scheduler="synchronous"), want)


def test_keep_refuses_an_unknown_value(dask_client: Any) -> None:
    g, x, y, _ = _chain()
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client)
    with pytest.raises(ValueError, match="keep must be one of 'numpy', 'dask', not 'gpu'"):
        sess.run(y, {x: _data()}, keep="gpu")


def test_a_memory_mapped_npy_feed_is_read_chunk_by_chunk_from_its_file(
        dask_client: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.npy"
    np.save(path, _data(12))
    mapped = np.load(path, mmap_mode="r")
    source = source_of(mapped)
    assert source == NpyFile(str(path), (12, 4), np.dtype(np.float32))
    g, x, y, total = _chain()
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=(3, 4))
    lazy = sess.run(y, {x: mapped}, keep="dask")
    # the graph holds the file's name, not its values: no task carries an ndarray
    assert not any(isinstance(v, np.ndarray) for v in dict(lazy.dask).values())
    want = engine.Session(graph=g, device="cpu").run(y, {x: _data(12)})
    np.testing.assert_array_equal(sess.run(y, {x: mapped}), want)


def test_a_region_of_an_npy_file_reads_only_that_region(tmp_path: Path) -> None:
    path = tmp_path / "x.npy"
    np.save(path, np.arange(20, dtype=np.int64).reshape(5, 4))
    part = NpyFile(str(path), (5, 4), np.dtype(np.int64))[1:3, 2:]
    np.testing.assert_array_equal(part, [[6, 7], [10, 11]])


def test_a_dask_array_feed_is_cast_to_the_placeholder_s_dtype_lazily(dask_client: Any) -> None:
    g, x, y, _ = _chain()
    feed = da.from_array(np.arange(8, dtype=np.int64).reshape(2, 4), chunks=1)
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client)
    got = sess.run(y, {x: feed})
    want = engine.Session(graph=g, device="cpu").run(y, {x: np.arange(8).reshape(2, 4)})
    np.testing.assert_array_equal(got, want)
    assert got.dtype == np.float32


def test_a_dask_array_feed_of_the_wrong_shape_is_refused(dask_client: Any) -> None:
    g, x, y, _ = _chain()
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client)
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2, 3\) for Tensor "
                                         r"x:0, which has shape \(\?, 4\)"):
        sess.run(y, {x: da.zeros((2, 3), chunks=1)})


def test_every_op_declares_a_chunked_form_the_dask_backend_knows() -> None:
    forms = {d.type: d.chunked for d in op_defs()}
    assert set(forms.values()) <= {"chunked", "whole", "none"}
    assert forms["Where"] == "whole" and forms["AddV2"] == "chunked"


def test_an_op_without_a_chunked_form_is_refused_naming_it(
        dask_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    g, x, y, total = _chain()
    op = total.op
    monkeypatch.setattr(op, "_op_def", dataclasses.replace(op.op_def, chunked="none"),
                        raising=False)
    if op.op_def.chunked != "none":
        pytest.fail("the op's definition could not be replaced for this test")
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client)
    with pytest.raises(engine.UnimplementedError,
                       match="Sum has no chunked form, so it cannot run on the dask backend"
                       ) as caught:
        sess.run(total, {x: _data()})
    assert caught.value.op is op


def test_an_op_that_needs_its_whole_input_runs_in_one_task(dask_client: Any) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=(6,), name="x")
        where = engine.where(x > 2.0)
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=2)
    values = np.array([1, 5, 0, 3, 9, 2], np.float32)
    np.testing.assert_array_equal(sess.run(where, {x: values}), [[1], [3], [4]])


def test_a_stateful_op_over_chunked_values_is_refused_naming_it(dask_client: Any) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.int32, shape=(1,), name="shape")
        r = engine.random_uniform(x, seed=3)
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=1)
    with pytest.raises(engine.UnimplementedError, match="RandomUniform keeps state across runs"):
        sess.run(r, {x: np.array([3], np.int32)})


def test_random_ops_over_host_values_draw_what_the_cpu_session_draws(dask_client: Any) -> None:
    g = engine.Graph()
    with g.as_default():
        r = engine.random_uniform((5,), seed=3) * 2.0
    want = engine.Session(graph=g, device="cpu").run(r)
    got = engine.Session(graph=g, device="dask", scheduler=dask_client).run(r)
    np.testing.assert_array_equal(got, want)


def test_a_kernel_failure_on_a_chunk_names_the_op(dask_client: Any) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.int32, shape=(4,), name="x")
        q = engine.raw_ops.FloorDiv(x=x, y=x - 2)
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=1)
    with pytest.raises(engine.InvalidArgumentError, match="Integer division by zero") as caught:
        sess.run(q, {x: np.arange(4, dtype=np.int32)})
    assert caught.value.op is q.op


def test_the_session_lists_the_cluster_s_workers_and_dashboard(dask_client: Any) -> None:
    g, x, y, _ = _chain()
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client)
    cluster = sess.backend.cluster
    assert [w.threads for w in cluster.workers()] == [2]
    assert cluster.dashboard_link is not None and cluster.dashboard_link.startswith("http")
    assert "1 worker(s), 2 thread(s)" in sess.device_description


def test_a_session_connects_to_a_scheduler_address_and_leaves_it_running(
        dask_client: Any) -> None:
    g, x, y, _ = _chain()
    address = dask_client.scheduler.address
    with engine.Session(graph=g, device="dask", scheduler=address) as sess:
        got = sess.run(y, {x: _data()})
    np.testing.assert_array_equal(got, engine.Session(graph=g, device="cpu").run(y, {x: _data()}))
    assert dask_client.submit(sum, [1, 2]).result() == 3  # the cluster is still up


def test_an_unreachable_scheduler_is_a_device_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.backends import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(engine.DeviceError, match="cannot connect to the dask scheduler at "
                                                 "'tcp://127.0.0.1:9'"):
        engine.Session(graph=engine.Graph(), device="dask", scheduler="tcp://127.0.0.1:9")


def test_a_session_without_a_scheduler_starts_a_local_cluster_and_closes_it() -> None:
    g, x, y, _ = _chain()
    sess = engine.Session(graph=g, device="dask", chunks=4)
    client = sess.backend.cluster.client
    np.testing.assert_array_equal(sess.run(y, {x: _data()}),
                                  engine.Session(graph=g, device="cpu").run(y, {x: _data()}))
    sess.close()
    assert client.status == "closed"


def test_on_op_hears_every_op_start_then_finish_once(dask_client: Any) -> None:
    g, x, y, total = _chain()
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=(2, 4))
    events: list[tuple[str, str]] = []
    sess.run(total, {x: _data()}, on_op=lambda state, op, _s: events.append((state, op.name)))
    names = [op.name for op in g.get_operations() if op.type != "Placeholder"]
    names = [n for n in names if n in {name for _, name in events}]
    # "started" again while it still runs (the heartbeat that lets Stop cancel), done once
    assert set(n for s, n in events if s == "started") == set(names)
    assert sorted(n for s, n in events if s == "done") == sorted(names)
    assert all(max(i for i, e in enumerate(events) if e == ("started", n))
               < events.index(("done", n)) for n in names)
    assert len(names) >= 3  # the fused chain's ops and the Sum


def test_an_op_is_reported_done_when_all_chunks_of_its_layer_are() -> None:
    from engine.client.dask_progress import LayerProgress, Watch

    layer = da.ones((6,), chunks=2)
    done: list[str] = []
    watch = Watch(lambda op: done.append(op))
    watch.add(layer, ["a", "b"])  # type: ignore[list-item]
    plugin = LayerProgress()
    for i in range(2):
        plugin.transition((layer.name, i), "processing", "memory", stimulus_id="t")
    watch.update({layer.name: plugin.done[layer.name]})
    assert done == []
    plugin.transition((layer.name, 2), "processing", "memory", stimulus_id="t")
    watch.update({layer.name: plugin.done[layer.name]})
    watch.update({layer.name: plugin.done[layer.name]})
    assert done == ["a", "b"]


def test_a_large_in_memory_feed_is_sent_to_the_cluster_not_pickled_in_the_graph(
        dask_client: Any) -> None:
    from engine.backends.dask_array import SCATTER_MIN_BYTES

    g, x, y, total = _chain()
    data = np.ones((SCATTER_MIN_BYTES // 16 + 1, 4), np.float32)
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=(4096, 4))
    lazy = sess.run(y, {x: data}, keep="dask")
    assert not any(isinstance(v, np.ndarray) for v in dict(lazy.dask).values())
    assert lazy.numblocks == (-(-data.shape[0] // 4096), 1)
    np.testing.assert_array_equal(sess.run(total, {x: data}),
                                  np.full(4, 9.0 * data.shape[0], np.float32))


@pytest.mark.slow
def test_a_cluster_of_worker_processes_runs_fused_groups_and_reads_files(
        tmp_path: Path) -> None:
    """Worker processes get everything pickled: the groups' kernels, the files by name."""
    distributed = pytest.importorskip("distributed")
    path = tmp_path / "x.npy"
    np.save(path, _data(12))
    g, x, y, total = _chain()
    want = engine.Session(graph=g, device="cpu").run([y, total], {x: _data(12)})
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        with engine.Session(graph=g, device="dask", scheduler=cluster.scheduler_address,
                            chunks=(5, 4)) as sess:
            got = sess.run([y, total], {x: np.load(path, mmap_mode="r")})
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_allclose(got[1], want[1], rtol=1e-6)


def test_an_exception_from_on_op_while_the_cluster_works_cancels_the_run(
        dask_client: Any) -> None:
    g, x, y, total = _chain()
    sess = engine.Session(graph=g, device="dask", scheduler=dask_client, chunks=(1, 4))
    calls: list[str] = []

    class Stop(Exception):
        pass

    def on_op(state: str, op: Any, _s: float) -> None:
        calls.append(state)
        if len(calls) > len(g.get_operations()):  # past the first "started" of each op
            raise Stop

    with pytest.raises(Stop):
        sess.run(total, {x: _data(3000)}, on_op=on_op)
    assert "done" not in calls  # stopped while the cluster worked, before any op was done
    np.testing.assert_allclose(sess.run(total, {x: _data(4)}),
                               engine.Session(graph=g, device="cpu").run(total, {x: _data(4)}),
                               rtol=1e-6)  # the session still runs
