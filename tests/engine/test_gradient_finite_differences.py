"""Every differentiable op's gradient against central finite differences, in float64, on
shapes and values hypothesis draws (broadcasting ones for the binary ops): the symbolic
gradient of ``sum(w * op(x))`` (random weights ``w``) with respect to each float input must
match ``(f(x + h) - f(x - h)) / 2h`` element by element."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.framework.registry import NOT_DIFFERENTIABLE
from tests.engine.grad_cases import CASES, Built

DIFFERENTIABLE = sorted(d.type for d in engine.op_defs()
                        if d.gradient is not NOT_DIFFERENTIABLE and d.gradient is not None)


def test_every_differentiable_op_has_a_gradient_check() -> None:
    assert sorted(set(DIFFERENTIABLE) - set(CASES)) == []


def _as_list(x: Any) -> list[Any]:
    return list(x) if isinstance(x, (list, tuple)) else [x]


def check_gradients(op_type: str, built: Built, seed: int) -> None:
    g = engine.Graph()
    with g.as_default():
        xs = [engine.placeholder(engine.as_dtype(a.dtype), a.shape) for a in built.inputs]
        ys = [y for y in _as_list(built.build(*xs)) if y is not None]
        assert any(op.type == op_type for op in g.get_operations()), f"no {op_type} was built"
        feed = dict(zip(xs, built.inputs))
        with engine.Session(graph=g) as sess:
            shapes = [np.shape(v) for v in sess.run(ys, feed)]
        r = np.random.default_rng(seed)
        loss = engine.add_n([engine.reduce_sum(y * engine.constant(r.standard_normal(s)))
                             for y, s in zip(ys, shapes)]) if len(ys) > 1 else (
            engine.reduce_sum(ys[0] * engine.constant(r.standard_normal(shapes[0]))))
        grads = engine.gradients(loss, xs)
    with engine.Session(graph=g) as sess:
        symbolic = sess.run([gr if gr is not None else loss for gr in grads], feed)
        for i, (x, value) in enumerate(zip(xs, built.inputs)):
            analytic = np.zeros_like(value) if grads[i] is None else np.asarray(symbolic[i])
            numeric = np.zeros_like(value)
            flat = value.reshape(-1)
            for j in range(flat.size):
                up, down = flat.copy(), flat.copy()
                up[j] += built.h
                down[j] -= built.h
                f_up = sess.run(loss, {**feed, x: up.reshape(value.shape)})
                f_down = sess.run(loss, {**feed, x: down.reshape(value.shape)})
                numeric.reshape(-1)[j] = (f_up - f_down) / (2 * built.h)
            np.testing.assert_allclose(
                analytic, numeric, rtol=built.rtol, atol=built.atol,
                err_msg=f"{op_type}: d loss / d input {i} (shape {value.shape})")


@pytest.mark.parametrize("op_type", DIFFERENTIABLE)
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_gradient_matches_finite_differences(op_type: str, data: st.DataObject) -> None:
    built = CASES[op_type](data.draw)
    check_gradients(op_type, built, data.draw(st.integers(0, 2**31)))
