"""Any array-API namespace a caller hands in (``array_api_strict`` in the tests, to catch
numpy-only calls that would break on cupy or dask)."""

from __future__ import annotations

from typing import Any

from .backend import Backend


def namespace_backend(device: str, xp: Any) -> Backend:
    """A backend over ``xp``; named after it unless ``device`` names it otherwise."""
    name = getattr(xp, "__name__", type(xp).__name__)
    return Backend(device if device not in ("auto", "cpu", "gpu") else name, xp, name)
