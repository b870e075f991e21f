"""``engine.IndexedSlices`` and ``engine.IndexedSlicesValue``: what the class holds and
reports, what a session returns for it, and that a refused conversion adds nothing."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def _gather_gradient() -> tuple[engine.Graph, engine.IndexedSlices]:
    g = engine.Graph()
    with g.as_default():
        e = engine.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
        s = engine.gradients(engine.reduce_sum(engine.gather(e, [2, 0, 2])), e)[0]
    assert isinstance(s, engine.IndexedSlices)
    return g, s


def test_indexed_slices_value_is_tf_namedtuple() -> None:
    value = engine.IndexedSlicesValue(np.ones(2), np.array([0, 1]), np.array([2]))
    assert value._fields == ("values", "indices", "dense_shape")
    assert isinstance(value, tuple)
    assert value.dense_shape.tolist() == [2]


def test_session_returns_the_slices_arrays() -> None:
    g, s = _gather_gradient()
    with engine.Session(graph=g) as sess:
        value = sess.run(s)
    assert isinstance(value, engine.IndexedSlicesValue)
    assert value.values.tolist() == [[1.0, 1.0]] * 3
    assert value.indices.tolist() == [2, 0, 2]
    assert value.dense_shape.tolist() == [3, 2]


def test_slices_report_their_values_tensor() -> None:
    g, s = _gather_gradient()
    assert (s.name, s.op, s.graph, s.device) == (s.values.name, s.values.op, g, "")
    assert s.dtype is engine.float32
    assert s.shape.as_list() == [3, 2]


def test_consumers_are_those_of_all_three_tensors() -> None:
    g, s = _gather_gradient()
    with g.as_default():
        dense = engine.convert_to_tensor(s)
    assert dense.op in s.consumers()
    assert dense.op.inputs[0] is s.values and dense.op.inputs[1] is s.indices


def test_a_refused_conversion_adds_no_op() -> None:
    g, s = _gather_gradient()
    before = [op.name for op in g.get_operations()]
    with g.as_default(), pytest.raises(ValueError, match="Incompatible tensor conversion"):
        engine.convert_to_tensor(s, dtype=engine.float64)
    assert [op.name for op in g.get_operations()] == before


def test_dense_form_sums_repeated_rows() -> None:
    g, s = _gather_gradient()
    with g.as_default():
        dense = engine.add_n([s])
    with engine.Session(graph=g) as sess:
        assert sess.run(dense).tolist() == [[1.0, 1.0], [0.0, 0.0], [2.0, 2.0]]
