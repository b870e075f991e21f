"""The dask backend: kernels on dask.array's namespace, arrays chunked, work on a cluster.

A Session on it builds one lazy dask graph per run (see ``client/dask_executor.py``) and
computes it on ``cluster`` (``dask_cluster.py``). Host arrays become dask arrays of
``chunks`` (dask's ``"auto"``: about 128 MiB a chunk, or any chunks ``dask.array``
accepts); a memory-mapped ``.npy`` file is read by each task for its own chunk only, by
file name, so it is never loaded whole, nor copied into the graph.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .backend import Backend, DeviceInfo
from .dask_cluster import DaskCluster
from .dask_namespace import HostArraysNamespace

#: in-memory arrays at least this large are scattered to the cluster rather than embedded
#: in the graph (dask warns about graphs past a few MiB: they are pickled whole)
SCATTER_MIN_BYTES = 1 << 20


def dask_info() -> DeviceInfo:
    """Whether dask can be used here (the ``dask`` extra), asked without importing it."""
    import importlib.metadata
    import importlib.util

    missing = [m for m in ("dask", "distributed", "array_api_compat")
               if importlib.util.find_spec(m) is None]
    if missing:
        return DeviceInfo("dask", False, "dask cluster",
                          f"{', '.join(missing)} not installed: pip install "
                          "'tensorcanvas[dask]'")
    return DeviceInfo("dask", True,
                      f"dask cluster (dask {importlib.metadata.version('dask')})")


@dataclass(frozen=True)
class NpyFile:
    """A ``.npy`` file as an array-like that reads only the region asked for: what
    ``dask.array.from_array`` slices, one chunk per task. It pickles as its path, so a
    cluster's workers read the file themselves (it must be on a disk they share)."""

    path: str
    shape: tuple[int, ...]
    dtype: np.dtype

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __getitem__(self, key: Any) -> np.ndarray:
        mapped = np.load(self.path, mmap_mode="r", allow_pickle=False)
        return np.array(mapped[key], copy=True)


@dataclass(frozen=True)
class NpyTarget:
    """A ``.npy`` file already created with its header, written region by region by
    ``dask.array.store``; like ``NpyFile`` it pickles as its path."""

    path: str

    def __setitem__(self, key: Any, value: np.ndarray) -> None:
        mapped = np.load(self.path, mmap_mode="r+", allow_pickle=False)
        mapped[key] = value
        mapped.flush()
        del mapped


def source_of(array: np.ndarray) -> Any:
    """What dask should read ``array`` from: the file behind a memory-mapped ``.npy`` (so
    tasks read their own chunks), else the array itself."""
    filename = getattr(array, "filename", None)
    if isinstance(filename, os.PathLike):  # np.load(Path) keeps the Path
        filename = os.fspath(filename)
    if isinstance(array, np.memmap) and isinstance(filename, str):
        try:
            on_disk = np.load(filename, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError):
            return array
        if on_disk.shape == array.shape and on_disk.dtype == array.dtype and (
            array.offset == on_disk.offset and array.flags.c_contiguous
        ):
            return NpyFile(filename, array.shape, array.dtype)
    return array


@dataclass(frozen=True)
class DaskBackend(Backend):
    """The dask backend: ``xp`` is dask.array's namespace; ``cluster`` runs the work."""

    cluster: DaskCluster = field(default=None, compare=False)  # type: ignore[assignment]
    chunks: Any = "auto"
    #: whether the session made ``cluster`` (and closes it when it closes)
    owns_cluster: bool = True

    @property
    def is_dask(self) -> bool:
        return True

    def to_device(self, array: np.ndarray) -> Any:
        import dask.array as da

        if isinstance(array, da.Array):
            return array
        if array.ndim == 0 or array.dtype == object:
            return array  # scalars and strings stay on the host: nothing to chunk
        source = source_of(array)
        client = self.cluster.client
        if client is not None and isinstance(source, np.ndarray) and (
            array.nbytes >= SCATTER_MIN_BYTES
        ):
            # sent to the cluster once, then cut into chunks there: embedded in the graph
            # it would be pickled with it (a copy of the whole array, on every run)
            import dask

            future = client.scatter(source, hash=False)
            whole = da.from_delayed(dask.delayed(future), shape=array.shape,
                                    dtype=array.dtype)
            return whole.rechunk(self.chunks)
        return da.from_array(source, chunks=self.chunks, asarray=True, name=False)

    def to_host(self, value: Any) -> np.ndarray:
        import dask.array as da

        if isinstance(value, da.Array):
            return np.asarray(self.cluster.compute([value])[0])
        return super().to_host(value)


def dask_backend(scheduler: Any = None, chunks: Any = "auto") -> DaskBackend:
    """A dask backend on ``scheduler`` (see ``dask_cluster.DaskCluster``; a ``DaskCluster``
    itself is used as it is, and stays open when the session closes)."""
    info = dask_info()
    if not info.usable:
        from ..framework.errors import DeviceError

        raise DeviceError(f"the dask backend is not usable: {info.reason}")
    shared = isinstance(scheduler, DaskCluster)  # one the caller keeps (the editor's)
    cluster = scheduler if shared else DaskCluster(scheduler)
    return DaskBackend("dask", HostArraysNamespace(), cluster.describe(), cluster=cluster,
                       chunks=chunks, owns_cluster=not shared)
