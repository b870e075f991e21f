"""The gradient subgraph is an ordinary graph: it saves to a file and loads back with the
same ops, runs in a Session to the same values, and its elementwise parts fuse like any
other elementwise ops (run metadata names the group an op ran in)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import engine

X = np.linspace(-1.0, 1.0, 12).reshape(3, 4)
W = np.linspace(0.5, -0.5, 20).reshape(4, 5)


def _mlp_grads() -> tuple[engine.Graph, list[str]]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float64, [None, 4], name="x")
        w = engine.constant(W, name="w")
        b = engine.constant(np.zeros(5), name="b")
        h = engine.tanh(engine.nn.bias_add(engine.matmul(x, w), b))
        loss = engine.reduce_mean(engine.square(h - 0.25) * 3.0 + engine.sigmoid(h))
        grads = engine.gradients(loss, [w, b])
    return g, [t.name for t in grads]


def test_the_gradient_graph_saves_and_loads_with_its_ops(tmp_path: Path) -> None:
    g, _ = _mlp_grads()
    path = tmp_path / "grads.json"
    engine.save_graph(path, g)
    loaded, _ = engine.load_graph(path)
    assert [(op.name, op.type) for op in loaded.get_operations()] == [
        (op.name, op.type) for op in g.get_operations()]


def test_a_loaded_gradient_graph_runs_to_the_same_values(tmp_path: Path) -> None:
    g, names = _mlp_grads()
    path = tmp_path / "grads.json"
    engine.save_graph(path, g)
    loaded, _ = engine.load_graph(path)
    with engine.Session(graph=g) as sess:
        before = sess.run(names, {"x:0": X})
    with engine.Session(graph=loaded) as sess:
        after = sess.run(names, {"x:0": X})
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)


def test_the_gradient_graph_fuses_its_elementwise_ops() -> None:
    g, names = _mlp_grads()
    meta = engine.RunMetadata()
    with engine.Session(graph=g) as sess:
        sess.run(names, {"x:0": X}, run_metadata=meta)
    grad_ops = {op.name: op.type for op in g.get_operations()
                if op.name.startswith("gradients/")}
    fused = {name for name, stats in meta.ops.items()
             if name in grad_ops and stats.group is not None and stats.group != name}
    fused_types = {grad_ops[name] for name in fused}
    assert "TanhGrad" in fused_types or "Mul" in fused_types, meta.ops


def test_fused_and_unfused_gradient_runs_agree() -> None:
    g, names = _mlp_grads()
    with engine.Session(graph=g) as sess:
        fast = sess.run(names, {"x:0": X})
    with engine.Session(graph=g, optimize=False) as sess:
        plain = sess.run(names, {"x:0": X})
    for a, b in zip(fast, plain):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_a_backprop_op_fuses_with_the_elementwise_ops_before_it() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float64, [3, 4], name="x")
        y = engine.tanh(x)
        (dx,) = engine.gradients(y * engine.sigmoid(x), x)
    meta = engine.RunMetadata()
    with engine.Session(graph=g) as sess:
        got = sess.run(dx, {x: X}, run_metadata=meta)
    t, s = np.tanh(X), 1 / (1 + np.exp(-X))
    np.testing.assert_allclose(got, (1 - t * t) * s + t * s * (1 - s), rtol=1e-12)
    tanh_grad = g.get_operation_by_name("gradients/Tanh_grad/TanhGrad")
    product = g.get_operation_by_name("gradients/mul_grad/Mul")  # grad * sigmoid(x)
    assert meta.ops[product.name].group == tanh_grad.name
    assert meta.ops[tanh_grad.name].kernel is not None
