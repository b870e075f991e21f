"""``nn.dropout``'s mask: the distribution TF draws (each element kept with probability
``1 - rate``, kept ones scaled by ``1 / (1 - rate)``), seeded as TF seeds it, and one mask
per ``noise_shape`` cell. Its bit stream is the engine's, so the values are checked by their
statistics, not against TF's."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def _dropped(rate: float, seed: int | None = None, noise_shape: list[int] | None = None,
             shape: tuple[int, ...] = (200, 50)) -> tuple[engine.Graph, engine.Tensor]:
    g = engine.Graph()
    with g.as_default():
        x = engine.ones(list(shape))
        y = engine.nn.dropout(x, rate=rate, seed=seed, noise_shape=noise_shape)
    return g, y


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
def test_dropout_keeps_one_minus_rate_of_the_elements(rate: float) -> None:
    g, y = _dropped(rate, seed=1)
    out = engine.Session(graph=g).run(y)
    kept = out != 0
    assert abs(kept.mean() - (1 - rate)) < 0.03  # 10,000 draws: 4 standard deviations
    np.testing.assert_allclose(out[kept], 1 / (1 - rate), rtol=1e-6)


def test_dropout_with_an_op_seed_gives_the_same_mask_in_every_new_session() -> None:
    g, y = _dropped(0.5, seed=7)
    first = engine.Session(graph=g).run(y)
    again = engine.Session(graph=g).run(y)
    np.testing.assert_array_equal(first, again)


def test_dropout_draws_a_new_mask_each_run() -> None:
    g, y = _dropped(0.5, seed=7)
    sess = engine.Session(graph=g)
    assert not np.array_equal(sess.run(y), sess.run(y))


def test_dropout_with_a_noise_shape_drops_whole_rows() -> None:
    g, y = _dropped(0.5, seed=3, noise_shape=[200, 1])
    out = engine.Session(graph=g).run(y)
    rows_kept = (out != 0).all(axis=1)
    rows_dropped = (out == 0).all(axis=1)
    assert (rows_kept | rows_dropped).all()
    assert 0.35 < rows_kept.mean() < 0.65


def test_dropout_with_keep_prob_warns_as_tf_does() -> None:
    with engine.Graph().as_default():
        with pytest.warns(DeprecationWarning, match="Please use `rate` instead of `keep_prob`"):
            engine.nn.dropout(engine.ones([2]), keep_prob=0.5)

