"""The scatter updates' kernels run in a Session on every backend (numpy, the strict array
API, the GPU, dask): each op's value after a run matches numpy's formula, repeated indices
combine one after the other (ScatterUpdate's and ScatterNdUpdate's last one wins), and a run
that fails (an index out of range) changes nothing, where TF's kernel leaves the rows before
the bad index written. (What TF builds, names and says for them: tf_cases/scatter_updates.py
and tf_cases/scatter_nd_updates.py.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import engine
from engine.framework.errors import InvalidArgumentError

from ..conftest import KernelBackend

ROWS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray] | None] = {
    "scatter_update": None, "scatter_add": np.add, "scatter_sub": np.subtract,
    "scatter_mul": np.multiply, "scatter_div": np.divide, "scatter_max": np.maximum,
    "scatter_min": np.minimum}
ND: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray] | None] = {
    "scatter_nd_update": None, "scatter_nd_add": np.add, "scatter_nd_sub": np.subtract}
COVERED = {"ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv",
           "ScatterMax", "ScatterMin", "ScatterNdUpdate", "ScatterNdAdd", "ScatterNdSub",
           "ScatterNdMax", "ScatterNdMin", "StridedSliceAssign"}
TABLE = np.arange(1.0, 13.0, dtype=np.float32).reshape(4, 3)


def _one_by_one(start: np.ndarray, places: list[Any], updates: np.ndarray,
                combine: Callable[[np.ndarray, np.ndarray], np.ndarray] | None) -> np.ndarray:
    """The reference: each update applied in turn, as TF's loop applies them."""
    want = start.copy()
    for place, update in zip(places, updates):
        want[place] = update if combine is None else combine(want[place], update)
    return want


def _initialized(build: Callable[[Any], Any], backend: KernelBackend | None = None
                 ) -> tuple[Any, Any, Any]:
    """A session holding the variable ``table`` (TABLE) initialized, the variable, and what
    ``build(variable)`` made."""
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(TABLE, name="table")
        out = build(v)
    sess = backend.session(g) if backend is not None else engine.Session(graph=g)
    sess.run(v.initializer)
    return sess, v, out


def _run(backend: KernelBackend, build: Callable[[Any], Any]) -> np.ndarray:
    sess, v, out = _initialized(build, backend)
    sess.run(out)
    return np.asarray(sess.run(v))


@pytest.mark.parametrize("function", sorted(ROWS))
def test_row_updates_combine_repeated_rows_in_order(backend: KernelBackend,
                                                    function: str) -> None:
    indices = [3, 0, 3, 1, 3]
    updates = np.linspace(0.5, 3.0, 15, dtype=np.float32).reshape(5, 3)
    got = _run(backend, lambda v: getattr(engine, function)(v, indices, updates))
    want = _one_by_one(TABLE, indices, updates, ROWS[function])
    np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize("function", sorted(ND))
def test_nd_updates_of_elements_combine_repeats_in_order(backend: KernelBackend,
                                                         function: str) -> None:
    indices = [[1, 2], [3, 0], [1, 2]]
    updates = np.array([10.0, 20.0, 30.0], np.float32)
    got = _run(backend, lambda v: getattr(engine, function)(v, indices, updates))
    want = _one_by_one(TABLE, [tuple(i) for i in indices], updates, ND[function])
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("function", sorted(ND))
def test_nd_updates_of_rows(backend: KernelBackend, function: str) -> None:
    updates = np.array([[7.0, 8.0, 9.0], [1.0, 1.0, 1.0]], np.float32)
    got = _run(backend, lambda v: getattr(engine, function)(v, [[2], [0]], updates))
    want = _one_by_one(TABLE, [2, 0], updates, ND[function])
    np.testing.assert_array_equal(got, want)


def test_scatter_update_with_repeats_keeps_the_last(backend: KernelBackend) -> None:
    got = _run(backend, lambda v: engine.scatter_update(v, [2, 2, 2], [[1.0] * 3, [2.0] * 3,
                                                                        [3.0] * 3]))
    assert got[2].tolist() == [3.0, 3.0, 3.0]


def test_batch_scatter_update_writes_each_rows_own_columns(backend: KernelBackend) -> None:
    got = _run(backend, lambda v: engine.batch_scatter_update(
        v, [[0], [2], [1], [0]], [[-1.0], [-2.0], [-3.0], [-4.0]]))
    want = TABLE.copy()
    for row, (col, value) in enumerate(zip([0, 2, 1, 0], [-1.0, -2.0, -3.0, -4.0])):
        want[row, col] = value
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("function", ["scatter_mul", "scatter_update"])
def test_a_bad_index_leaves_every_row_unchanged(function: str) -> None:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(TABLE, name="table")
        i = engine.placeholder(engine.int32, [None], name="i")
        out = getattr(engine, function)(v, i, np.zeros((2, 3), np.float32))
    sess = engine.Session(graph=g)
    sess.run(v.initializer)
    with pytest.raises(InvalidArgumentError, match=r"indices\[1\] = 9 is not in \[0, 4\)"):
        sess.run(out, {i: [0, 9]})
    np.testing.assert_array_equal(sess.run(v), TABLE)


def test_a_bad_index_tuple_leaves_the_variable_unchanged() -> None:
    sess, v, out = _initialized(lambda v: engine.scatter_nd_add(v, [[0, 0], [4, 1]], [5.0, 5.0]))
    with pytest.raises(InvalidArgumentError,
                       match=r"indices\[1\] = \[4, 1\] does not index into shape \[4,3\]"):
        sess.run(out)
    np.testing.assert_array_equal(sess.run(v), TABLE)


def test_an_earlier_read_keeps_its_value_after_a_scatter() -> None:
    sess, v, out = _initialized(lambda v: engine.scatter_add(v, [0], np.ones((1, 3), np.float32)))
    before = sess.run(v)
    sess.run(out)
    np.testing.assert_array_equal(before, TABLE)
    assert sess.run(v)[0].tolist() == [2.0, 3.0, 4.0]


def test_integer_scatter_div_truncates_toward_zero(backend: KernelBackend) -> None:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(np.array([7, -7, 7, -7], np.int64), name="n")
        out = engine.scatter_div(v, [0, 1, 2, 3], np.array([2, 2, -2, -2], np.int64))
    sess = backend.session(g)
    sess.run(v.initializer)
    sess.run(out)
    assert np.asarray(sess.run(v)).tolist() == [3, -3, -3, 3]


@pytest.mark.parametrize(("method", "combine"), [("scatter_nd_max", np.maximum),
                                                 ("scatter_nd_min", np.minimum)])
def test_nd_max_and_min_methods_keep_the_extreme(backend: KernelBackend, method: str,
                                                 combine: Any) -> None:
    indices = [[0, 1], [3, 2], [0, 1]]
    updates = np.array([9.0, 0.0, 1.5], np.float32)
    got = _run(backend, lambda v: getattr(v, method)(indices, updates))
    want = _one_by_one(TABLE, [tuple(i) for i in indices], updates, combine)
    np.testing.assert_array_equal(got, want)


def test_a_sliced_assignment_broadcasts_its_value(backend: KernelBackend) -> None:
    got = _run(backend, lambda v: v[1:3, ::2].assign([0.5, -0.5]))
    want = TABLE.copy()
    want[1:3, ::2] = [0.5, -0.5]
    np.testing.assert_array_equal(got, want)


def test_a_failed_sliced_assignment_leaves_the_variable_unchanged() -> None:
    sess, v, out = _initialized(lambda v: v[0].assign([1.0, 2.0]))
    with pytest.raises(InvalidArgumentError,
                       match=r"Cannot broadcast input shape \[2\] into final shape \[3\]"):
        sess.run(out)
    np.testing.assert_array_equal(sess.run(v), TABLE)


def test_a_complex_scatter_nd_max_has_no_cpu_kernel_as_in_tf() -> None:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(np.array([1 + 1j], np.complex64), name="c")
        v.scatter_nd_max([[0]], np.array([2j], np.complex64))
    sess = engine.Session(graph=g)
    with pytest.raises(InvalidArgumentError) as caught:
        sess.run(v.initializer)  # TF's placer refuses every run of the graph
    text = str(caught.value)
    assert "No OpKernel was registered to support Op 'ScatterNdMax'" in text
    assert ("  device='CPU'; T in [DT_DOUBLE]; Tindices in [DT_INT64]\n"
            "  device='CPU'; T in [DT_DOUBLE]; Tindices in [DT_INT32]\n"
            "  device='CPU'; T in [DT_FLOAT]; Tindices in [DT_INT64]\n") in text
    assert text.count("device='CPU'") == 24
