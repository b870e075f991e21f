"""Fixtures for the engine's tests (no Qt here: the engine must not need it).

``backend`` runs a test once per place kernels can run: numpy on the CPU, the strict
array-API namespace (which refuses anything numpy-only, as cupy would), the GPU and dask
(every array split into one-element chunks, on dask's synchronous scheduler: the tests of
the cluster itself are in ``tests/engine/client/test_dask_*.py``). The GPU param skips,
with the probe's own reason, where no GPU is usable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from engine import Graph, Operation, Session
from engine.backends.cupy_gpu import gpu_status
from engine.framework import dtypes as dt
from engine.framework.dtypes import DType


@dataclass(frozen=True)
class KernelBackend:
    """Where a test's Session runs its kernels, and which dtypes that place cannot hold."""

    name: str
    xp: Any  # passed to Session(xp=...); None for a device Session
    device: str
    unsupported: dict[DType, str]
    options: dict[str, Any] = field(default_factory=dict)  # more Session arguments

    def session(self, graph: Graph, **kwargs: Any) -> Session:
        if self.xp is not None:
            return Session(graph=graph, xp=self.xp, **kwargs)
        return Session(graph=graph, device=self.device, **self.options, **kwargs)

    def skip_unless_supports(self, *dtypes: DType) -> None:
        """Skip (with the reason, never silently) when this backend cannot hold a dtype."""
        for d in dtypes:
            reason = self.unsupported.get(d)
            if reason is not None:
                pytest.skip(f"{self.name} has no {d.name}: {reason}")


def _numpy_backend() -> KernelBackend:
    return KernelBackend("numpy", None, "cpu", {})


def _strict_backend() -> KernelBackend:
    xp = pytest.importorskip("array_api_strict")
    no = "the array API standard has no such dtype"
    return KernelBackend(
        "array_api_strict", xp, "array_api_strict",
        {dt.float16: no, dt.bfloat16: no, dt.string: no},
    )


def _gpu_backend() -> KernelBackend:
    status = gpu_status()
    if not status.usable:
        pytest.skip(f"no usable GPU: {status.reason}")
    return KernelBackend(
        "gpu", None, "gpu",
        {dt.bfloat16: "cupy has no bfloat16", dt.string: "cupy has no string arrays"},
    )


def _dask_backend() -> KernelBackend:
    pytest.importorskip("dask.array")
    return KernelBackend("dask", None, "dask", {},
                         {"scheduler": "synchronous", "chunks": 1})


@pytest.fixture(
    params=[
        "numpy",
        "array_api_strict",
        pytest.param("gpu", marks=pytest.mark.gpu),
        "dask",
    ]
)
def backend(request: pytest.FixtureRequest) -> KernelBackend:
    """The place a Session runs kernels: numpy, array_api_strict, the GPU (cupy) or dask."""
    if request.param == "numpy":
        return _numpy_backend()
    if request.param == "array_api_strict":
        return _strict_backend()
    if request.param == "dask":
        return _dask_backend()
    return _gpu_backend()


def const(g: Graph, name: str, value: Any, dtype: Any = dt.float32) -> Operation:
    """An editor-style Const (``add_op``), of the given dtype."""
    return g.add_op("Const", name, {"value": value, "dtype": dtype})


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A dask cluster per test module: one in-process LocalCluster (threads, no worker
    processes, as CI runs it), started once and closed after the module's tests."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                       dashboard_address=":0")
    client = distributed.Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()
