"""What a program that will run graphs soon can start ahead of its first run."""

from __future__ import annotations

import threading

from ..ops import _gemm
from . import jit

_started = threading.Event()


def warm_up_kernels() -> None:
    """Start, in the background, what a first run would otherwise wait for: numba and the
    kernels the cache holds (``jit.warm_up``), and onnxruntime with the sessions of the float32
    matrix product (an import and session builds of 50-70 ms on the first large product). The
    editor calls it once its window has painted; a script may call it early. Scripts that do
    not call it load onnxruntime at their first large product only, so a program that never
    multiplies matrices never loads it."""
    jit.warm_up()
    if not _started.is_set():
        _started.set()
        threading.Thread(target=_preload, name="tensorcanvas-gemm-preload", daemon=True).start()


def _preload() -> None:
    try:
        _gemm.preload()
    except Exception:  # noqa: BLE001 - a failed preload only leaves the first product slower
        pass
