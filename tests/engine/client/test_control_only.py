"""What only control edges lead to is skipped, as TF's graph optimizer skips it
(``engine/client/control_only.py``): a stateless op that orders others but whose value
nobody reads does not run; stateful ops, fetched ops and what running ops read do."""

from __future__ import annotations

import numpy as np

import engine


def _run(fetch: object, g: engine.Graph, feed: dict | None = None,
         optimize: bool = True) -> tuple[object, engine.RunMetadata]:
    meta = engine.RunMetadata()
    sess = engine.Session(graph=g, device="cpu", optimize=optimize)
    if any(op.type == "VariableV2" for op in g.get_operations()):
        with g.as_default():
            sess.run(engine.global_variables_initializer())
    return sess.run(fetch, feed, run_metadata=meta), meta


def _training_step() -> tuple[engine.Graph, engine.Operation, dict]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 3], name="x")
        w = engine.Variable(np.ones((3, 2), np.float32), name="w")
        loss = engine.reduce_sum(engine.matmul(x, w))
        train = engine.train.GradientDescentOptimizer(0.1).minimize(loss)
    return g, train, {x: np.ones((4, 3), np.float32)}


def test_a_training_step_skips_the_gradient_for_the_placeholder_input() -> None:
    g, train, feed = _training_step()
    _, meta = _run(train, g, feed)
    assert "gradients/MatMul_grad/MatMul_1" in meta.executed  # the weights' gradient
    assert "gradients/MatMul_grad/MatMul" not in meta.executed  # x's: nobody reads it


def test_without_optimizing_every_control_input_runs() -> None:
    g, train, feed = _training_step()
    _, meta = _run(train, g, feed, optimize=False)
    assert "gradients/MatMul_grad/MatMul" in meta.executed


def test_a_skipped_gradient_leaves_the_update_as_it_was() -> None:
    values = []
    for optimize in (True, False):
        g, train, feed = _training_step()
        sess = engine.Session(graph=g, device="cpu", optimize=optimize)
        with g.as_default():
            sess.run(engine.global_variables_initializer())
        sess.run(train, feed)
        values.append(sess.run(g.get_tensor_by_name("w:0")))
    np.testing.assert_array_equal(values[0], values[1])


def test_a_stateless_control_input_is_skipped_and_a_stateful_one_runs() -> None:
    g = engine.Graph()
    with g.as_default():
        v = engine.Variable(0.0, name="v")
        a = engine.constant([1.0, 2.0], name="a")
        square = engine.square(engine.placeholder(engine.float32, [2], name="p"), name="sq")
        bump = engine.assign_add(v, 1.0, name="bump")
        with engine.control_dependencies([square.op, bump.op]):
            out = engine.identity(a, name="out")
    p = g.get_tensor_by_name("p:0")
    result, meta = _run(out, g, {p: np.ones(2, np.float32)})
    np.testing.assert_array_equal(result, [1.0, 2.0])
    assert "bump" in meta.executed
    assert "sq" not in meta.executed


def test_a_fetched_op_runs_though_nothing_reads_it() -> None:
    g = engine.Graph()
    with g.as_default():
        p = engine.placeholder(engine.float32, [2], name="p")
        square = engine.square(p, name="sq")
    _, meta = _run(square.op, g, {p: np.ones(2, np.float32)})
    assert meta.executed == ["sq"]
