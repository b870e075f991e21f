"""The elementwise backprop ops (ReluGrad, TanhGrad …) fuse with the ops around them, and
every fused path (chunked, compiled loop) gives what op by op gives, NaN and inf included."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import engine
from engine.client.run_metadata import RunMetadata

from .test_ml_fusion import large_path  # noqa: F401  (the fixture: chunked, compiled)

#: LeakyReluGrad, like LeakyRelu, runs on its own (its alpha is an attribute the fused
#: paths' per-element operators do not take)
BACKPROPS = ["ReluGrad", "Relu6Grad", "EluGrad", "TanhGrad", "SigmoidGrad", "SqrtGrad",
             "RsqrtGrad", "ReciprocalGrad"]


def _group(op_type: str, n: int) -> tuple[engine.Graph, Any, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, [n], name="a")
        b = engine.placeholder(engine.float32, [n], name="b")
        first, second = engine.get_op_def(op_type).inputs
        out = getattr(engine.raw_ops, op_type)(**{first: a * 2.0 + 1.0, second: b * 3.0 - 0.5})
        out = out * 1.5
    return g, a, b, out


def _values(op_type: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    r = np.random.default_rng(5)
    a = (r.uniform(0.1, 8, n) * np.where(r.random(n) > 0.5, 1, -1)).astype(np.float32)
    b = (r.uniform(0.1, 8, n) * np.where(r.random(n) > 0.5, 1, -1)).astype(np.float32)
    if op_type in ("SqrtGrad", "RsqrtGrad"):
        a, b = np.abs(a), np.abs(b)
    a[:4] = [np.nan, np.inf, -np.inf, -0.0]
    b[4:8] = [np.nan, np.inf, -np.inf, 0.0]
    return a, b


@pytest.mark.parametrize("op_type", BACKPROPS)
def test_a_backprop_op_fuses_with_its_neighbours(op_type: str) -> None:
    g, a, b, out = _group(op_type, 16)
    meta = RunMetadata()
    av, bv = _values(op_type, 16)
    engine.Session(graph=g).run(out, {a: av, b: bv}, run_metadata=meta)
    backprop = next(op for op in g.get_operations() if op.type == op_type)
    assert meta.ops[backprop.name].group == out.op.name


@pytest.mark.parametrize("op_type", BACKPROPS)
def test_every_fused_path_of_a_backprop_op_matches_op_by_op(
        large_path: str, op_type: str) -> None:  # noqa: F811
    n = 4096
    g, a, b, out = _group(op_type, n)
    av, bv = _values(op_type, n)
    feed = {a: av, b: bv}
    meta = RunMetadata()
    fused = engine.Session(graph=g).run(out, feed, run_metadata=meta)
    plain = engine.Session(graph=g, optimize=False).run(out, feed)
    np.testing.assert_array_equal(fused, plain)
    expected = "compiled loop" if large_path == "compiled" else "numpy, in chunks"
    assert meta.ops[out.op.name].kernel == expected
