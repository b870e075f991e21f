"""Fixtures the compiler's tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engine.compiler import fusion, jit


@pytest.fixture
def compiled_in_foreground(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Kernels compiled by the run that first needs them, and used from then on (skips
    where numba is not installed)."""
    if not jit.ENABLED:
        pytest.skip("numba is not installed (or TENSORCANVAS_JIT=0): no compiled kernels")
    jit.wait()
    monkeypatch.setattr(jit, "BACKGROUND", False)
    yield
    jit.wait()


@pytest.fixture
def compiled_loops(compiled_in_foreground: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fused group, however small, runs as a compiled loop."""
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 0)
    monkeypatch.setattr(fusion, "SMALL_ELEMENTS", -1)
