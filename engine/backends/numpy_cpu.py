"""The CPU: numpy 2, whose own namespace is the array API, so kernels get it unwrapped."""

from __future__ import annotations

import numpy as np

from .backend import Backend, DeviceInfo


def description() -> str:
    return f"CPU (numpy {np.__version__})"


def cpu_info() -> DeviceInfo:
    """The CPU is always usable."""
    return DeviceInfo("cpu", True, description())


def cpu_backend() -> Backend:
    return Backend("cpu", np, description())
