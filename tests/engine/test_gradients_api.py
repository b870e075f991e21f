"""``engine.gradients`` as an API: None through non-differentiable ops, values, and what it
does with an editor's graph that holds invalid ops."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def test_gradients_through_a_non_differentiable_op_are_none() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.constant([1.0, 2.0])
        y = engine.cast(engine.greater(x, 1.0), engine.float32) * 3.0
        assert engine.gradients(y, x) == [None]


def test_gradient_value_of_a_simple_product() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.constant([1.0, 2.0, 3.0])
        (dx,) = engine.gradients(engine.reduce_sum(x * x), x)
    with engine.Session(graph=g) as sess:
        np.testing.assert_array_equal(sess.run(dx), [2.0, 4.0, 6.0])


def test_gradients_of_an_invalid_graph_name_the_op_and_add_nothing() -> None:
    g = engine.Graph()
    x = g.add_op("Placeholder", "x", {"dtype": engine.float32, "shape": [2]}).outputs[0]
    bad = g.add_op("MatMul", "bad", inputs=[x, x])  # rank-1 operands: inference fails
    y = g.add_op("Identity", "y", inputs=[bad.outputs[0]]).outputs[0]
    before = [op.name for op in g.get_operations()]
    with pytest.raises(engine.InvalidGraphError, match="'bad'"):
        engine.gradients(y, x)
    assert [op.name for op in g.get_operations()] == before
