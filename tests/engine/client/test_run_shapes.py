"""A plan folds the shape arithmetic its fed shapes determine, through value-reading ops (a
reshape's target, a slice of a shape) and ops of several outputs, and computes the same
values as an unoptimized session for every batch size."""

from __future__ import annotations

import numpy as np

import engine


def _loss_and_grad(batch_dim: int | None = None) -> tuple[engine.Graph, object, object, object]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [batch_dim, 4], name="x")
        y = engine.placeholder(engine.float32, [batch_dim, 4], name="y")
        w = engine.constant(np.arange(16, dtype=np.float32).reshape(4, 4) / 10, name="w")
        loss = engine.reduce_mean(engine.nn.softmax_cross_entropy_with_logits_v2(
            labels=y, logits=engine.matmul(x, w)))
        (grad,) = engine.gradients(loss, [w])
    return g, x, y, (loss, grad)


def _feeds(x: object, y: object, batch: int) -> dict[object, np.ndarray]:
    rng = np.random.default_rng(batch)
    return {x: rng.standard_normal((batch, 4)).astype(np.float32),
            y: np.eye(4, dtype=np.float32)[rng.integers(0, 4, batch)]}


def test_the_mean_gradients_shape_arithmetic_folds_for_the_fed_batch() -> None:
    g, x, y, fetches = _loss_and_grad()
    sess = engine.Session(graph=g)
    md = engine.RunMetadata()
    sess.run(fetches, _feeds(x, y, 8), run_metadata=md)
    folded = {"gradients/Mean_grad/Shape", "gradients/Mean_grad/Tile",
              "gradients/Mean_grad/Prod", "gradients/Mean_grad/truediv",
              "gradients/softmax_cross_entropy_with_logits_grad/ExpandDims"}
    assert folded <= {op.name for op in g.get_operations()}
    assert not folded & set(md.executed)
    assert "softmax_cross_entropy_with_logits" in md.executed


def test_folded_shape_arithmetic_gives_the_unoptimized_values_for_each_batch() -> None:
    g, x, y, fetches = _loss_and_grad()
    sess = engine.Session(graph=g)
    plain = engine.Session(graph=g, optimize=False)
    for batch in (8, 3, 8, 1):
        feeds = _feeds(x, y, batch)
        got, want = sess.run(fetches, feeds), plain.run(fetches, feeds)
        assert got[0] == want[0]
        np.testing.assert_array_equal(got[1], want[1])


def test_a_shape_after_a_reshape_with_minus_one_folds_for_the_fed_shape() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 6], name="x")
        n = engine.shape(engine.reshape(x, [-1, 2]), name="n")
        z = engine.reshape(x, [-1, 3]) + engine.cast(engine.reduce_prod(n), engine.float32)
    sess = engine.Session(graph=g)
    md = engine.RunMetadata()
    for batch in (2, 5):
        got = sess.run([n, z], {x: np.zeros((batch, 6), np.float32)}, run_metadata=md)
        assert got[0].tolist() == [batch * 3, 2]
        assert got[1].shape == (batch * 2, 3) and float(got[1][0, 0]) == batch * 6
        assert "n" not in md.executed


def test_a_shape_that_depends_on_a_fed_value_is_computed_at_run_time() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None], name="x")
        target = engine.placeholder(engine.int32, [2], name="target")
        n = engine.shape(engine.reshape(x, target), name="n")
    sess = engine.Session(graph=g)
    md = engine.RunMetadata()
    ones = np.ones(6, np.float32)
    assert sess.run(n, {x: ones, target: [2, 3]}, run_metadata=md).tolist() == [2, 3]
    assert "n" in md.executed
    assert sess.run(n, {x: ones, target: [3, 2]}).tolist() == [3, 2]


def _lone_add() -> tuple[engine.Graph, object, object]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 10], name="x")
        # divided by the batch read from x's shape: a plan made for the fed shapes
        batch = engine.cast(engine.shape(x)[0], engine.float32)
        y = engine.reduce_sum(engine.add(x, np.float32(1), name="lone"), name="total") / batch
    return g, x, y


def _lone_step(sess: engine.Session) -> object:
    plan = list(sess._plans.values())[-1]
    return next(step for step in plan.steps if step.op.name == "lone")


def test_a_lone_op_small_for_the_fed_shape_runs_its_own_kernel() -> None:
    """Statically of unknown size (a group of one, for a large batch), small in this run."""
    g, x, y = _lone_add()
    sess = engine.Session(graph=g)
    assert sess.run(y, {x: np.ones((4, 10), np.float32)}) == 20.0
    assert _lone_step(sess).group is None  # type: ignore[attr-defined]


def test_a_lone_op_large_for_the_fed_shape_runs_as_a_group_of_one() -> None:
    g, x, y = _lone_add()
    sess = engine.Session(graph=g)
    assert sess.run(y, {x: np.ones((10_000, 10), np.float32)}) == 20.0
    assert _lone_step(sess).group is not None  # type: ignore[attr-defined]
    assert sess.run(y, {x: np.ones((2, 10), np.float32)}) == 20.0  # another plan
    assert _lone_step(sess).group is None  # type: ignore[attr-defined]
