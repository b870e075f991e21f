"""After a large load, the heap its temporaries freed is handed back to the system (glibc's
``malloc_trim``), once after the load and once after the first frame; elsewhere nothing."""

from __future__ import annotations

import sys

import pytest

from benchmarks.editor_scale import build_chain
from editor import heap
from editor.canvas import Canvas
from editor.scene_virtual import BUDGET


@pytest.fixture
def fresh_libc() -> object:
    heap._libc.cache_clear()
    yield
    heap._libc.cache_clear()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_heap_is_returned_on_linux(fresh_libc: object) -> None:
    assert heap.return_freed_heap() is True


def test_other_platforms_return_nothing(fresh_libc: object,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap.sys, "platform", "darwin")
    assert heap.return_freed_heap() is False


def test_a_large_load_trims_after_its_first_frame(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(BUDGET + 10), None)
    assert canvas.view.trim_heap_after_paint
    canvas.view.viewport().repaint()
    assert not canvas.view.trim_heap_after_paint


def test_a_small_load_does_not_trim(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(20), None)
    assert not canvas.view.trim_heap_after_paint


def test_a_large_load_is_frozen_out_of_the_collectors_reach(canvas: Canvas) -> None:
    import gc

    canvas.set_graph(build_chain(BUDGET + 10), None)
    assert gc.get_freeze_count() > 0


def test_the_next_document_gives_the_collector_back_what_was_frozen(canvas: Canvas) -> None:
    import gc

    canvas.set_graph(build_chain(BUDGET + 10), None)
    canvas.set_graph(build_chain(20), None)  # small: thawed, and nothing frozen again
    assert gc.get_freeze_count() == 0
