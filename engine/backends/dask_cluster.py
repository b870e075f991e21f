"""Where a dask Session's graphs run: a local cluster it starts, a running cluster it joins,
or one of dask's single-machine schedulers.

``scheduler=None`` starts a ``dask.distributed.LocalCluster`` sized to the machine (one worker
whose threads are the machine's cores: numpy kernels release the GIL, and threads share
memory, so nothing is copied between workers) and closes it with the session. An address
(``tcp://host:8786``) connects to a cluster someone started with ``dask scheduler`` and
``dask worker``; that cluster stays up when the session closes. ``"threads"`` and
``"synchronous"`` use dask's local schedulers without distributed (no dashboard, no
workers to list). A ``distributed.Client`` or ``LocalCluster`` object is used as it is.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..framework.errors import DeviceError

#: dask's schedulers that need no cluster
LOCAL_SCHEDULERS = ("threads", "synchronous")
#: how long connecting to a cluster may take before the session says it cannot
CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class WorkerInfo:
    address: str
    threads: int
    memory_limit: int  # bytes; 0 when unlimited


class DaskCluster:
    """A connection to where dask runs the work; ``close`` ends what it started."""

    def __init__(self, scheduler: Any = None) -> None:
        self.client: Any = None
        self._cluster: Any = None
        self._owns = False  # the cluster and its client: started here
        self._owns_client = False  # only the client: connected here to a cluster object
        self.local_scheduler: str | None = None
        if isinstance(scheduler, str) and scheduler in LOCAL_SCHEDULERS:
            self.local_scheduler = scheduler
            return
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:  # pragma: no cover - distributed is a dependency
            raise DeviceError(f"dask.distributed is not installed ({e}): pip install "
                              "'dask[array,distributed]'") from None
        if scheduler is None:
            self._cluster = LocalCluster(n_workers=1, threads_per_worker=os.cpu_count() or 1,
                                         processes=False, dashboard_address=":0")
            self.client = Client(self._cluster, set_as_default=False)
            self._owns = True
        elif isinstance(scheduler, Client):
            self.client = scheduler
        elif isinstance(scheduler, LocalCluster) or hasattr(scheduler, "scheduler_address"):
            self.client = Client(scheduler, set_as_default=False)
            self._owns_client = True
        elif isinstance(scheduler, str):
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as e:
                raise DeviceError(f"cannot connect to the dask scheduler at {scheduler!r}: "
                                  f"{e}") from None
        else:
            raise DeviceError(f"scheduler must be None, an address such as "
                              f"'tcp://host:8786', {' or '.join(map(repr, LOCAL_SCHEDULERS))}, "
                              f"or a distributed Client, not {type(scheduler).__name__}")

    # --- what it is ---------------------------------------------------------------------
    @property
    def address(self) -> str:
        """The scheduler's address, or the local scheduler's name."""
        if self.client is None:
            return str(self.local_scheduler)
        return str(self.client.scheduler.address)

    @property
    def dashboard_link(self) -> str | None:
        """The dask dashboard's URL (task stream, progress, memory), if it has one."""
        if self.client is None:
            return None
        try:
            return str(self.client.dashboard_link)
        except Exception:  # noqa: BLE001 - a scheduler without the dashboard's package
            return None

    def workers(self) -> list[WorkerInfo]:
        """The cluster's workers as its scheduler reports them now."""
        if self.client is None:
            return []
        info = self.client.scheduler_info(n_workers=-1) if _takes_n_workers(self.client) \
            else self.client.scheduler_info()
        return [WorkerInfo(address, int(w.get("nthreads", 0)), int(w.get("memory_limit") or 0))
                for address, w in sorted(info.get("workers", {}).items())]

    def describe(self) -> str:
        if self.client is None:
            return f"dask ({self.local_scheduler} scheduler)"
        workers = self.workers()
        threads = sum(w.threads for w in workers)
        kind = "local cluster" if self._owns else "cluster"
        return (f"dask {kind} at {self.address}: {len(workers)} worker(s), "
                f"{threads} thread(s)")

    # --- running --------------------------------------------------------------------------
    def compute(self, values: Sequence[Any]) -> list[Any]:
        """Compute dask collections together, as one graph (shared work is done once)."""
        if not values:
            return []
        if self.client is None:
            import dask
            import numpy as np

            with np.errstate(all="ignore"):  # TF warns about nothing: inf and NaN are data
                return list(dask.compute(*values, scheduler=self.local_scheduler))
        return list(self.client.compute(list(values), sync=True))

    def store(self, value: Any, target: Any) -> None:
        """Write a dask array into ``target`` (``target[region] = block``) chunk by chunk."""
        import dask.array as da

        if self.client is None:
            da.store(value, target, lock=True, scheduler=self.local_scheduler)
        else:
            da.store(value, target, lock=False, scheduler=self.client)

    def close(self) -> None:
        if self.client is not None and (self._owns or self._owns_client):
            self.client.close()
        if self._cluster is not None and self._owns:
            self._cluster.close()
        self.client = None
        self._cluster = None


def _takes_n_workers(client: Any) -> bool:
    import inspect

    try:
        return "n_workers" in inspect.signature(client.scheduler_info).parameters
    except (TypeError, ValueError):
        return False
