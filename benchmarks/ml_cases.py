"""The machine-learning benchmark cases: an MLP's forward pass, a convolution, reductions.

Each runs the same computation in a Session, a TF1 ``tf.compat.v1`` session and ``jax.jit``
(where installed), in one process, and prints the ratios (``×2.0``: we are twice as fast).
Inputs are fed (placeholders), weights are constants, so nothing folds away.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import engine

from .timing import Report, have, median_time, tf1

MLP = (784, 256, 10)


def _mlp_values(batch: int) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    a, h, c = MLP
    weights = [(rng.standard_normal((a, h)) / np.sqrt(a)).astype(np.float32),
               rng.standard_normal(h).astype(np.float32) * 0.1,
               (rng.standard_normal((h, c)) / np.sqrt(h)).astype(np.float32),
               rng.standard_normal(c).astype(np.float32) * 0.1]
    x = rng.random((batch, a), dtype=np.float32)
    labels = np.eye(c, dtype=np.float32)[rng.integers(0, c, batch)]
    return weights, x, labels


def _mlp_graph(ns: Any, x: Any, y: Any, weights: list[np.ndarray]) -> Any:
    """The forward pass in ``ns`` (``engine`` or TF1's ``tf.compat.v1``)."""
    w1, b1, w2, b2 = (ns.constant(w) for w in weights)
    h = ns.nn.relu(ns.nn.bias_add(ns.matmul(x, w1), b1))
    logits = ns.nn.bias_add(ns.matmul(h, w2), b2)
    return ns.reduce_mean(ns.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))


def case_mlp(report: Report, batch: int, repeat: int) -> None:
    weights, xv, yv = _mlp_values(batch)
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, MLP[0]], name="x")
        y = engine.placeholder(engine.float32, [None, MLP[2]], name="y")
        loss = _mlp_graph(engine, x, y, weights)
    sess = engine.Session(graph=g, device="cpu")
    feed = {x: xv, y: yv}
    steady(lambda: sess.run(loss, feed))
    ours = median_time(lambda: sess.run(loss, feed), repeat * 20, warmup=20)
    base: dict[str, float | None] = {}
    if have("tensorflow"):
        tf = tf1()
        v1 = tf.compat.v1
        tg = tf.Graph()
        with tg.as_default():
            tx = v1.placeholder(tf.float32, [None, MLP[0]])
            ty = v1.placeholder(tf.float32, [None, MLP[2]])
            tloss = _mlp_graph(v1, tx, ty, weights)
        ts = v1.Session(graph=tg)
        tfeed = {tx: xv, ty: yv}
        base["TF1"] = median_time(lambda: ts.run(tloss, tfeed), repeat * 20, warmup=20)
        np.testing.assert_allclose(ts.run(tloss, tfeed), sess.run(loss, feed), rtol=1e-4)
    if have("jax"):
        import jax
        import jax.numpy as jnp

        def forward(xj: Any, yj: Any) -> Any:
            h = jnp.maximum(xj @ weights[0] + weights[1], 0)
            logits = h @ weights[2] + weights[3]
            return jnp.mean(-jnp.sum(yj * jax.nn.log_softmax(logits), axis=-1))

        f = jax.jit(forward)
        jx, jy = jax.device_put(xv), jax.device_put(yv)
        base["jax.jit"] = median_time(lambda: f(jx, jy).block_until_ready(), repeat * 20,
                                      warmup=20)
    note = _where_the_time_goes(g, sess, loss, feed) + "; " + _matmul_alone(
        xv, weights[0], repeat)
    report.case(f"MLP 784→256→10 forward, batch {batch}", ours, base, note)


def _matmul_alone(xv: np.ndarray, w: np.ndarray, repeat: int) -> str:
    """The first layer's product alone: the GEMM the engine's MatMul calls (onnxruntime's
    MLAS), numpy's BLAS, and jax's: how much of a gap is the matrix product's."""
    from engine.ops import _gemm

    parts = []
    if _gemm.matmul(xv, w) is not None:
        took = median_time(lambda: _gemm.matmul(xv, w), repeat * 20)
        parts.append(f"MLAS (the engine's) {took * 1e6:.0f} µs")
    parts.append(f"numpy {median_time(lambda: xv @ w, repeat * 20) * 1e6:.0f} µs")
    if have("jax"):
        import jax

        f = jax.jit(lambda a, b: a @ b)
        ja, jb = jax.device_put(xv), jax.device_put(w)
        took = median_time(lambda: f(ja, jb).block_until_ready(), repeat * 20, warmup=20)
        parts.append(f"jax {took * 1e6:.0f} µs")
    return "x@W1 alone: " + ", ".join(parts)


def steady(run: Any) -> None:
    """Run until the compiled kernels the runs ask for are ready (they compile in the
    background, a few runs after the first): the cases time the steady state, as TF's and
    jax's are timed after their first runs have built and compiled everything."""
    from engine.compiler import jit

    for _ in range(3):
        run()
        jit.wait()


def _where_the_time_goes(g: engine.Graph, sess: engine.Session, out: Any,
                         feed: dict[Any, Any]) -> str:
    """The two most expensive ops of one instrumented run, as a share of the total."""
    md = engine.RunMetadata()
    for _ in range(3):
        sess.run(out, feed, run_metadata=md)
    total = sum(s.time for s in md.ops.values()) or 1.0
    top = sorted(md.ops.items(), key=lambda kv: -kv[1].time)[:2]
    return ", ".join(f"{g.get_operation_by_name(n).type} {s.time / total:.0%}"
                     for n, s in top)


def _conv_values(batch: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return (rng.standard_normal((batch, 28, 28, 1)).astype(np.float32),
            rng.standard_normal((3, 3, 1, 32)).astype(np.float32))


def case_conv2d(report: Report, batch: int, repeat: int) -> None:
    xv, fv = _conv_values(batch)
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 28, 28, 1], name="x")
        y = engine.nn.conv2d(x, engine.constant(fv), strides=1, padding="SAME")
    sess = engine.Session(graph=g, device="cpu")
    ours = median_time(lambda: sess.run(y, {x: xv}), repeat * 4, warmup=3)
    base: dict[str, float | None] = {}
    if have("tensorflow"):
        tf = tf1()
        v1 = tf.compat.v1
        tg = tf.Graph()
        with tg.as_default():
            tx = v1.placeholder(tf.float32, [None, 28, 28, 1])
            ty = v1.nn.conv2d(tx, v1.constant(fv), strides=1, padding="SAME")
        ts = v1.Session(graph=tg)
        base["TF1"] = median_time(lambda: ts.run(ty, {tx: xv}), repeat * 4, warmup=3)
        np.testing.assert_allclose(ts.run(ty, {tx: xv}), sess.run(y, {x: xv}), rtol=1e-4,
                                   atol=1e-4)
    if have("jax"):
        import jax

        def conv(xj: Any) -> Any:
            return jax.lax.conv_general_dilated(xj, fv, (1, 1), "SAME",
                                                dimension_numbers=("NHWC", "HWIO", "NHWC"))

        f = jax.jit(conv)
        jx = jax.device_put(xv)
        base["jax.jit"] = median_time(lambda: f(jx).block_until_ready(), repeat * 4, warmup=3)
    report.case(f"conv2d 3×3×1→32 SAME on [{batch},28,28,1]", ours, base,
                _conv_split(xv, fv, repeat))


def _conv_split(xv: np.ndarray, fv: np.ndarray, repeat: int) -> str:
    """Where the kernel's time goes: laying out the taps (im2col) and the matrix product."""
    from engine.ops import _gemm
    from engine.ops.conv_pool import _pad, _taps

    padded = _pad(np, xv, (1, 1), (1, 1), 0)
    n = xv.shape[0]
    cols = np.concatenate(_taps(padded, 3, 3, 1, 1, 1, 1, 28, 28), axis=3)
    im2col = median_time(lambda: np.concatenate(_taps(padded, 3, 3, 1, 1, 1, 1, 28, 28),
                                                axis=3), repeat * 4)
    flat, kernel = cols.reshape(n * 784, 9), fv.reshape(9, 32)
    product = median_time(lambda: _gemm.product(flat, kernel), repeat * 4)
    return f"im2col {im2col * 1e3:.2f} ms + matmul {product * 1e3:.2f} ms"


#: the reductions timed over every axis of a vector, with numpy's function for each
_REDUCTIONS = {"reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max,
               "reduce_min": np.min, "reduce_prod": np.prod, "argmax": np.argmax}


def case_reductions(report: Report, n: int, repeat: int, bw: float) -> None:
    """Reductions over ``n`` float32 elements, fed: over a vector (every reduction, and TF1
    beside the common three), then over the last and the first axis of a matrix. The
    bandwidth share is the bytes read over the best copy's bytes moved per second."""
    xv = np.random.default_rng(2).random(n, dtype=np.float32)
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None], name="x")
        outs = {name: getattr(engine, name)(x) for name in _REDUCTIONS}
    sess = engine.Session(graph=g, device="cpu")
    for name, out in outs.items():
        ours = median_time(lambda o=out: sess.run(o, {x: xv}), repeat)
        func = _REDUCTIONS[name]
        base: dict[str, float | None] = {"numpy": median_time(lambda f=func: f(xv), repeat)}
        if have("tensorflow") and name in ("reduce_sum", "reduce_mean", "reduce_max"):
            base["TF1"] = _tf1_reduction(name, xv, repeat)
        report.case(f"{name} over {n:.0e} float32", ours, base,
                    f"{xv.nbytes / ours / bw:.0%} of copy bandwidth")
    _case_axes(report, xv, repeat, bw)


def _tf1_reduction(name: str, xv: np.ndarray, repeat: int) -> float:
    tf = tf1()
    v1 = tf.compat.v1
    tg = tf.Graph()
    with tg.as_default():
        tx = v1.placeholder(tf.float32, [None] * xv.ndim)
        ty = getattr(v1, name)(tx)
    ts = v1.Session(graph=tg)
    return median_time(lambda: ts.run(ty, {tx: xv}), repeat)


def _case_axes(report: Report, xv: np.ndarray, repeat: int, bw: float) -> None:
    """A sum and a max along the last and the first axis of a [n/1000, 1000] matrix."""
    mv = xv.reshape(-1, 1000)
    g = engine.Graph()
    with g.as_default():
        m = engine.placeholder(engine.float32, [None, 1000], name="m")
        outs = {(name, axis): getattr(engine, name)(m, axis=axis)
                for name in ("reduce_sum", "reduce_max") for axis in (-1, 0)}
    sess = engine.Session(graph=g, device="cpu")
    for (name, axis), out in outs.items():
        ours = median_time(lambda o=out: sess.run(o, {m: mv}), repeat)
        func = _REDUCTIONS[name]
        base: dict[str, float | None] = {
            "numpy": median_time(lambda f=func, a=axis: f(mv, axis=a), repeat)}
        report.case(f"{name}(axis={axis}) of [{mv.shape[0]},1000]", ours, base,
                    f"{mv.nbytes / ours / bw:.0%} of copy bandwidth")
