"""What a Session runs on: an array namespace and how arrays move between it and the host.

Every backend is one of these; ``numpy_cpu``, ``cupy_gpu`` and ``array_api`` make them, and
``select`` picks one for a Session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


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

    @property
    def is_dask(self) -> bool:
        """Whether runs build a dask graph (``dask_array.DaskBackend``)."""
        return False

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
