"""Large pooled output buffers live in huge-page mappings (``compiler/huge_pages.py``): handed
out as a run's own result, never reused while the caller holds them or a view of them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import engine
from engine.compiler import huge_pages
from engine.compiler.chunks import BufferPool
from engine.framework import pieces

pytestmark = pytest.mark.skipif(not huge_pages.AVAILABLE,
                                reason="no anonymous mappings with madvise on this platform")


@pytest.fixture(autouse=True)
def one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loops on the calling thread: a pool thread that has not yet woken for a loop it was
    offered still holds that loop's output for a moment (rightly not reused then), which
    would make which buffer a run gets depend on the scheduler."""
    monkeypatch.setattr(pieces, "THREADS", 1)

#: a float32 output of 4 MiB: past ``huge_pages.MIN_BYTES``
N = 1 << 20


def _chain() -> tuple[engine.Session, Any, Any, dict[Any, np.ndarray]]:
    g = engine.Graph()
    with g.as_default():
        a, b = (engine.placeholder(engine.float32, shape=[N], name=k) for k in "ab")
        y = (a + b) * b
        r = engine.reshape(y, [1024, 1024])
    feeds = {a: np.linspace(-1, 1, N, dtype=np.float32), b: np.full(N, 0.5, np.float32)}
    return engine.Session(graph=g, device="cpu"), y, r, feeds


def _expected(feeds: dict[Any, np.ndarray]) -> np.ndarray:
    a, b = feeds.values()
    return (a + b) * b


def test_a_large_pooled_buffer_is_mapped_aligned_to_a_huge_page() -> None:
    buffer = huge_pages.empty((N,), np.float32)
    assert type(buffer.base) is huge_pages.PoolMemory
    assert buffer.ctypes.data % (1 << 21) == 0
    assert buffer.flags.c_contiguous and buffer.flags.writeable and buffer.flags.aligned


def test_a_small_pooled_buffer_is_numpy_s_own() -> None:
    buffer = huge_pages.empty((1000,), np.float32)
    assert buffer.base is None


def test_a_large_result_is_handed_out_as_the_run_s_own_buffer() -> None:
    sess, y, _, feeds = _chain()
    result = sess.run(y, feeds)
    assert type(result.base) is huge_pages.PoolMemory  # not a copy of it
    np.testing.assert_array_equal(result, _expected(feeds))


def test_a_dropped_large_result_s_buffer_is_reused_by_the_next_run() -> None:
    sess, y, _, feeds = _chain()
    sess.run(y, feeds)
    address = sess.run(y, feeds).ctypes.data  # dropped at once
    assert sess.run(y, feeds).ctypes.data == address


def test_a_view_the_caller_keeps_keeps_its_buffer_from_reuse() -> None:
    sess, y, _, feeds = _chain()
    view = sess.run(y, feeds)[:10]  # the result itself is dropped, a view of it kept
    kept = view.copy()
    other = {k: v * 2 for k, v in feeds.items()}
    for _ in range(3):
        again = sess.run(y, other)
        assert not np.shares_memory(again, view)
        np.testing.assert_array_equal(again, _expected(other))
    np.testing.assert_array_equal(view, kept)


def test_a_result_and_a_reshape_of_it_fetched_together_share_no_memory() -> None:
    sess, y, r, feeds = _chain()
    value, reshaped = sess.run([y, r], feeds)
    assert not np.shares_memory(value, reshaped)
    value[:] = 0
    np.testing.assert_array_equal(reshaped.reshape(-1), _expected(feeds))


def test_the_pool_reuses_a_mapped_buffer_only_once_nothing_holds_it() -> None:
    pool = BufferPool()
    first = pool.take((N,), np.float32)
    view = first[5:]
    address = first.ctypes.data
    del first
    assert pool.take((N,), np.float32).ctypes.data != address  # the view holds it
    del view
    assert pool.take((N,), np.float32).ctypes.data == address
