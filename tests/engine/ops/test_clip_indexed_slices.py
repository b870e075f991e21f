"""``clip_by_value`` of an IndexedSlices (a gather's gradient) clips its values and keeps its
indices, as TF's does, so sparse gradients can be clipped without making them dense."""

from __future__ import annotations

import numpy as np

import engine


def _clipped_gradient() -> tuple[engine.Graph, engine.IndexedSlices]:
    g = engine.Graph()
    with g.as_default():
        params = engine.constant(np.zeros((4, 2), np.float32))
        rows = engine.gather(params, [3, 1])
        (grad,) = engine.gradients(engine.reduce_sum(rows * [[5.0, -5.0], [0.5, 2.0]]),
                                   [params])
        return g, engine.clip_by_value(grad, -1.0, 1.0)


def test_clip_by_value_of_indexed_slices_is_indexed_slices() -> None:
    _, clipped = _clipped_gradient()
    assert isinstance(clipped, engine.IndexedSlices)


def test_clip_by_value_of_indexed_slices_clips_values_and_keeps_indices() -> None:
    g, clipped = _clipped_gradient()
    with engine.Session(graph=g) as sess:
        values, indices = sess.run([clipped.values, clipped.indices])
    np.testing.assert_array_equal(values, [[1.0, -1.0], [0.5, 1.0]])
    np.testing.assert_array_equal(indices, [3, 1])
