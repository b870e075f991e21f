"""Which backend a Session runs on: ``auto`` picks a usable GPU, else the CPU."""

from __future__ import annotations

from typing import Any

from ..framework.errors import DeviceError
from .array_api import namespace_backend
from .backend import Backend, DeviceInfo
from .cupy_gpu import gpu_backend, gpu_status
from .dask_array import dask_backend, dask_info
from .numpy_cpu import cpu_backend, cpu_info


def devices() -> list[DeviceInfo]:
    """The CPU, always usable, the GPU and dask, each with the reason it is not usable, if
    it is not."""
    return [cpu_info(), gpu_status(), dask_info()]


def resolve(device: str = "auto", xp: Any = None, *, scheduler: Any = None,
            chunks: Any = "auto") -> Backend:
    """The backend for a Session: ``auto`` picks a usable GPU, else the CPU; ``dask`` runs
    on a dask cluster (``scheduler``, chunked as ``chunks``); ``xp`` runs on that array
    namespace instead."""
    if xp is not None:
        return namespace_backend(device, xp)
    if device == "dask":
        return dask_backend(scheduler, chunks)
    if device not in ("auto", "cpu", "gpu"):
        raise DeviceError(f"unknown device {device!r}: use 'auto', 'cpu', 'gpu' or 'dask'")
    if device == "cpu":
        return cpu_backend()
    gpu = gpu_status()
    if gpu.usable:
        return gpu_backend(gpu)
    if device == "gpu":
        raise DeviceError(f"the GPU is not usable: {gpu.reason}")
    return cpu_backend()
