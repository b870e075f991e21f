"""Where kernels run: numpy on the CPU, cupy on a GPU, or any array-API namespace.

A GPU is "usable" only when cupy imports, a CUDA driver answers, a device exists and a tiny
kernel compiles and runs (cupy compiles elementwise kernels with NVRTC at run time). When it
is not, the reason is kept so the editor and the command line can say why.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import DeviceError


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # "cpu" or "gpu"
    usable: bool
    description: str
    reason: str | None = None  # why it is not usable


@dataclass(frozen=True)
class Backend:
    """An array namespace and how to move arrays between it and the host."""

    device: str  # "cpu" or "gpu", or the namespace's name for a test backend
    xp: Any
    description: str

    @property
    def is_numpy(self) -> bool:
        """numpy 2's own namespace is the array API; kernels get it directly (no wrapper)."""
        return self.xp is np

    def to_device(self, array: np.ndarray) -> Any:
        if self.xp is np or array.dtype == object:
            return array
        return self.xp.asarray(array)

    def to_host(self, value: Any) -> np.ndarray:
        if isinstance(value, (np.ndarray, np.generic)):
            return np.asarray(value)
        getter = getattr(value, "get", None)
        if getter is not None and type(value).__module__.startswith("cupy"):
            return np.asarray(getter())
        try:
            return np.asarray(value)
        except (TypeError, ValueError, RuntimeError):
            return np.from_dlpack(value)


@functools.lru_cache(maxsize=1)
def gpu_status() -> DeviceInfo:
    """Probe the GPU once per process."""
    try:
        import cupy
    except ImportError:
        return DeviceInfo("gpu", False, "GPU (cupy)",
                          "cupy is not installed (install the 'gpu' extra: pip install "
                          "'tensorcanvas[gpu]')")
    except Exception as e:  # a broken cupy install raises all sorts of things
        return DeviceInfo("gpu", False, "GPU (cupy)", f"cupy failed to import: {e}")
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return DeviceInfo("gpu", False, "GPU (cupy)", f"no CUDA driver: {first}")
    if count < 1:
        return DeviceInfo("gpu", False, "GPU (cupy)", "no CUDA device found")
    try:
        probe = cupy.arange(4, dtype=cupy.float32) * 2 + 1
        float(probe.sum().get())
        props = cupy.cuda.runtime.getDeviceProperties(0)
        name = props["name"].decode() if isinstance(props["name"], bytes) else str(props["name"])
    except Exception as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        hint = ""
        if "nvrtc" in first.lower():
            hint = " (install the CUDA runtime compiler: pip install nvidia-cuda-nvrtc-cu12)"
        return DeviceInfo("gpu", False, "GPU (cupy)", f"the GPU cannot run kernels: {first}{hint}")
    return DeviceInfo("gpu", True, f"GPU 0: {name} (cupy {cupy.__version__})")


def devices() -> list[DeviceInfo]:
    """The CPU, always usable, and the GPU with the reason it is not usable, if it is not."""
    cpu = DeviceInfo("cpu", True, f"CPU (numpy {np.__version__})")
    return [cpu, gpu_status()]


def resolve(device: str = "auto", xp: Any = None) -> Backend:
    """The backend for a Session: ``auto`` picks a usable GPU, else the CPU."""
    if xp is not None:
        name = getattr(xp, "__name__", type(xp).__name__)
        return Backend(device if device not in ("auto", "cpu", "gpu") else name, xp, name)
    if device not in ("auto", "cpu", "gpu"):
        raise DeviceError(f"unknown device {device!r}: use 'auto', 'cpu' or 'gpu'")
    if device == "cpu":
        return Backend("cpu", np, f"CPU (numpy {np.__version__})")
    gpu = gpu_status()
    if gpu.usable:
        import array_api_compat.cupy as xp_cupy  # cupy with the array API's function names

        return Backend("gpu", xp_cupy, gpu.description)
    if device == "gpu":
        raise DeviceError(f"the GPU is not usable: {gpu.reason}")
    return Backend("cpu", np, f"CPU (numpy {np.__version__})")
