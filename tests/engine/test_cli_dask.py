"""The command line on dask: ``--device dask``, ``--feed NAME=@file.npy`` and ``--out``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.backends import dask_array

from .test_cli import one_error_line, run, save

pytest.importorskip("dask.array")


def _graph(tmp_path: Path, dtype: Any = engine.float32) -> str:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(dtype, shape=(None, 3), name="x")
        engine.identity(x * x - x, name="y")
        engine.reduce_sum(x, name="total")
    return save(tmp_path, g)


def _features(tmp_path: Path, rows: int = 7) -> tuple[str, np.ndarray]:
    values = np.arange(rows * 3, dtype=np.float32).reshape(rows, 3) / 4
    path = tmp_path / "features.npy"
    np.save(path, values)
    return str(path), values


def test_out_writes_the_tensor_to_an_npy_file_chunk_by_chunk(
        capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dask_client: Any) -> None:
    writes: list[Any] = []
    original = dask_array.NpyTarget.__setitem__

    def counting(self: Any, key: Any, value: np.ndarray) -> None:
        writes.append(key)
        original(self, key, value)

    monkeypatch.setattr(dask_array.NpyTarget, "__setitem__", counting)
    graph = _graph(tmp_path)
    features, values = _features(tmp_path)
    out = tmp_path / "y.npy"
    status, printed, err = run(capsys, graph, "--feed", f"x=@{features}", "--device", "dask",
                               "--scheduler", dask_client.scheduler.address, "--chunks", "2",
                               "--out", f"y={out}", "--fetch", "total")
    assert (status, err) == (0, "")
    np.testing.assert_array_equal(np.load(out), values * values - values)
    assert len(writes) == 4 * 2  # rows in chunks of 2 (4 of them), columns in 2
    assert printed.splitlines()[-1] == f"y:0  float32  shape=[7, 3]  written to {out}"
    assert printed.startswith("total:0  float32  shape=[]  = ")


def test_out_on_the_cpu_writes_the_whole_value(capsys: Any, tmp_path: Path) -> None:
    graph = _graph(tmp_path)
    features, values = _features(tmp_path)
    out = tmp_path / "y.npy"
    status, _, err = run(capsys, graph, "--feed", f"x=@{features}", "--device", "cpu",
                         "--out", f"y={out}")
    assert (status, err) == (0, "")
    np.testing.assert_array_equal(np.load(out), values * values - values)


def test_a_failed_out_leaves_the_old_file_and_no_temporary_file(
        capsys: Any, tmp_path: Path, dask_client: Any) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.int32, shape=(4,), name="x")
        engine.raw_ops.FloorDiv(x=x, y=x - 2, name="q")
    graph = save(tmp_path, g)
    out = tmp_path / "q.npy"
    np.save(out, np.array([42]))
    status, _, err = run(capsys, graph, "--feed", "x=[0, 1, 2, 3]", "--device", "dask",
                         "--scheduler", dask_client.scheduler.address, "--out", f"q={out}")
    assert status == 1
    assert "op 'q': Integer division by zero" in one_error_line(err)
    np.testing.assert_array_equal(np.load(out), [42])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json", "q.npy"]


def test_a_feed_file_that_is_not_npy_is_a_usage_error(capsys: Any, tmp_path: Path) -> None:
    graph = _graph(tmp_path)
    bad = tmp_path / "x.npy"
    bad.write_text("not numpy")
    status, _, err = run(capsys, graph, "--feed", f"x=@{bad}", "--device", "cpu")
    assert status == 2
    assert one_error_line(err).startswith(f"error: --feed x=@{bad}: cannot read it as .npy")


def test_chunks_must_be_a_positive_number(capsys: Any, tmp_path: Path) -> None:
    status, _, err = run(capsys, _graph(tmp_path), "--device", "dask", "--chunks", "0")
    assert status == 2
    assert "--chunks 0: expected a positive number of elements or 'auto'" in one_error_line(err)
