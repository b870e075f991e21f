"""Per-op states from dask's task progress: an op is done when every chunk of its output is.

Each step's output is one dask array whose chunks are the tasks of one layer (fused groups'
layers are named after their root op). A scheduler plugin counts, per layer, the tasks that
reached memory; the session polls those counts while the cluster works and reports each op
``"done"`` once all its chunks are. Layers that dask's optimizer fused into a later one
never appear by their own name: their ops are done when the run is. On dask's local
schedulers a ``dask.callbacks.Callback`` counts the same way.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from dask.callbacks import Callback
from distributed.diagnostics.plugin import SchedulerPlugin

from ..framework.operation import Operation

PLUGIN_NAME = "tensorcanvas-layer-progress"
#: how often the session asks the scheduler for the counts while a run is in flight
POLL_S = 0.1


def _layer(key: Any) -> str:
    return key[0] if isinstance(key, tuple) else str(key)


class LayerProgress(SchedulerPlugin):
    """Counts the tasks of each layer (the first part of a task's key) that finished."""

    def __init__(self) -> None:
        self.done: Counter[str] = Counter()

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        if finish == "memory":
            self.done[_layer(key)] += 1


def _counts(dask_scheduler: Any, names: Sequence[str], forget: bool = False) -> dict[str, int]:
    plugin = dask_scheduler.plugins.get(PLUGIN_NAME)
    if plugin is None:
        return {}
    counts = {n: plugin.done[n] for n in names}
    if forget:  # the run is over: a later run of the same layers counts from zero
        for n in names:
            plugin.done.pop(n, None)
    return counts


class Watch:
    """Which ops each layer stands for, how many chunks it has, and which were reported."""

    def __init__(self, on_done: Callable[[Operation], None],
                 on_wait: Callable[[], None] = lambda: None) -> None:
        self.layers: dict[str, tuple[int, list[Operation]]] = {}
        self.on_done = on_done
        #: called at each poll while the cluster works: the caller's chance to cancel
        self.on_wait = on_wait
        self._last_wait = 0.0
        self.reported: set[str] = set()
        #: when each reported op finished, in seconds into the run
        self.finished: dict[Operation, float] = {}

    def add(self, value: Any, ops: list[Operation]) -> None:
        """A step's output (a dask array) and the ops it stands for."""
        chunks, known = self.layers.get(value.name, (int(value.npartitions), []))
        self.layers[value.name] = (chunks, known + ops)

    def waiting(self) -> None:
        """The cluster is still at work (called at most every ``POLL_S``)."""
        now = time.perf_counter()
        if now - self._last_wait >= POLL_S:
            self._last_wait = now
            self.on_wait()

    def update(self, counts: dict[str, int]) -> None:
        for name, count in counts.items():
            chunks, ops = self.layers[name]
            if name not in self.reported and count >= chunks:
                self.reported.add(name)
                for op in ops:
                    self.on_done(op)


def compute_on_cluster(client: Any, values: list[Any], watch: Watch) -> list[Any]:
    """Compute ``values`` on a distributed cluster, reporting ops as their layers finish.
    An exception from the callback cancels the work and propagates."""
    if PLUGIN_NAME not in _registered(client):
        client.register_plugin(LayerProgress(), name=PLUGIN_NAME)
        _registered(client).add(PLUGIN_NAME)
    names = list(watch.layers)
    futures = client.compute(values)
    try:
        finished = False
        while not finished:
            finished = all(f.done() for f in futures)
            if not finished:
                time.sleep(POLL_S)
                watch.waiting()
            watch.update(client.run_on_scheduler(_counts, names=names, forget=finished))
        return list(client.gather(futures))
    except BaseException:
        client.cancel(futures)
        raise


class LocalProgress(Callback):
    """The same counts on dask's local schedulers (called in the scheduling thread)."""

    def __init__(self, watch: Watch) -> None:
        super().__init__()
        self.watch = watch
        self.counts: Counter[str] = Counter()

    def _posttask(self, key: Any, result: Any, dsk: Any, state: Any, worker_id: Any) -> None:
        name = _layer(key)
        self.watch.waiting()
        if name in self.watch.layers:
            self.counts[name] += 1
            self.watch.update({name: self.counts[name]})


def _registered(client: Any) -> set[str]:
    """The plugins this process registered on a client's scheduler (registering again
    would reset the counts of runs in flight)."""
    mine: set[str] | None = getattr(client, "_tensorcanvas_plugins", None)
    if mine is None:
        mine = set()
        client._tensorcanvas_plugins = mine
    return mine
