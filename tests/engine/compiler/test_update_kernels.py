"""The optimizers' compiled updates (``engine/compiler/update_kernels.py``): bit-identical to
the apply ops' numpy expressions, written into recycled buffers only when nobody else can
see them (``engine/ops/update_buffers.py``).

These tests compile with numba; without numba installed they skip, saying so.
"""

from __future__ import annotations

import importlib
import json
import sys
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.compiler import update_kernels
from engine.framework import pieces
from engine.framework.registry import get_op_def
from engine.ops import adaptive_apply, state, update_buffers

#: compiled in the foreground; skipped where numba is not installed (see conftest.py)
pytestmark = pytest.mark.usefixtures("compiled_in_foreground")

RNG = np.random.default_rng(7)
ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "resources" / "examples"
RECORDED = ROOT / "tests" / "data" / "training.json"
#: (kernel, scalar hyper-parameters, number of slots) per apply op
UPDATES: dict[str, tuple[Any, tuple[float, ...], int]] = {
    "ApplyAdagrad": (adaptive_apply._adagrad, (0.05,), 1),
    "ApplyAdadelta": (adaptive_apply._adadelta, (1.0, 0.95, 1e-6), 2),
    "ApplyGradientDescent": (state._gd, (0.05,), 0),
    "ApplyMomentum": (state._momentum, (0.05, 0.9), 1),
    "ApplyAdam": (state._adam, (0.9 ** 3, 0.999 ** 3, 0.01, 0.9, 0.999, 1e-7), 2),
    "ApplyRMSProp": (state._rmsprop, (0.01, 0.9, 0.5, 1e-6), 2),
    "ApplyCenteredRMSProp": (state._centered_rmsprop, (0.01, 0.9, 0.5, 1e-6), 3),
}


def _update(op_type: str, dtype: Any, nesterov: bool, fused: bool,
            n: int = 1000) -> list[np.ndarray]:
    kernel, scalars, slots = UPDATES[op_type]
    rng = np.random.default_rng(n)
    values = [rng.random(n).astype(dtype) + 0.1 for _ in range(slots + 2)]
    refs = [{"value": v, "name": f"v{i}"} for i, v in enumerate(values[:-1])]
    kwargs = {"use_nesterov": nesterov} if op_type in ("ApplyMomentum", "ApplyAdam") else {}
    args = [dtype(s) for s in scalars]
    if op_type == "ApplyAdam":
        args = [*args, values[-1]]
    elif op_type == "ApplyMomentum":
        args = [args[0], values[-1], args[1]]
    else:
        args = [*args, values[-1]]
    saved = update_buffers.FUSED.pop(op_type)
    try:
        if fused:
            update_buffers.FUSED[op_type] = saved
        kernel(np, *args, _refs=refs, **kwargs)
    finally:
        update_buffers.FUSED[op_type] = saved
    return [r["value"] for r in refs]


@pytest.mark.parametrize("op_type", sorted(UPDATES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("nesterov", [False, True])
def test_the_compiled_update_equals_the_numpy_expression_bit_for_bit(
        op_type: str, dtype: Any, nesterov: bool) -> None:
    expected = _update(op_type, dtype, nesterov, fused=False)
    got = _update(op_type, dtype, nesterov, fused=True)
    for e, g in zip(expected, got):
        assert g.dtype == e.dtype
        np.testing.assert_array_equal(g, e)


def test_an_update_shared_over_threads_equals_one_piece(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    one = _update("ApplyAdam", np.float32, False, fused=True, n=5000)
    monkeypatch.setattr(update_kernels, "MIN_PIECE", 256)
    monkeypatch.setattr(pieces, "THREADS", 4)
    monkeypatch.setattr(pieces, "_pool", None)
    monkeypatch.setattr(pieces, "ADAPTIVE", False)
    shared = _update("ApplyAdam", np.float32, False, fused=True, n=5000)
    for a, b in zip(one, shared):
        np.testing.assert_array_equal(a, b)


def test_a_long_update_is_shared_by_its_twin_with_the_same_bits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.compiler import jit, together

    n = 2 * update_kernels.MIN_PIECE + 3
    found = together.twin
    monkeypatch.setattr(together, "twin", lambda kernel, args: None)
    alone = _update("ApplyAdam", np.float32, False, fused=True, n=n)  # in pieces, no twin
    twins: list[Any] = []

    def recorded(kernel: Any, args: tuple[Any, ...]) -> Any:
        twin = found(kernel, args)
        twins.append(twin)
        return twin

    monkeypatch.setattr(jit, "BACKGROUND", False)
    monkeypatch.setattr(pieces, "ADAPTIVE", False)  # shared whenever it can be
    monkeypatch.setattr(together, "twin", recorded)
    shared = _update("ApplyAdam", np.float32, False, fused=True, n=n)
    assert twins and twins[-1] is not None and twins[-1].py_func.__name__ == "together"
    for a, b in zip(alone, shared):
        np.testing.assert_array_equal(a, b)


def _adam_session() -> tuple[engine.Session, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        w = engine.Variable(RNG.random((64, 32)).astype(np.float32), name="w")
        x = engine.constant(RNG.random((8, 64)).astype(np.float32))
        loss = engine.reduce_mean(engine.square(engine.matmul(x, w)))
        train = engine.train.AdamOptimizer(0.01).minimize(loss)
        init = engine.global_variables_initializer()
    sess = engine.Session(graph=g, device="cpu")
    sess.run(init)
    return sess, w, train


def _state_of(sess: engine.Session, name: str) -> dict[str, Any]:
    op = sess.graph.get_operation_by_name(name)
    return sess._op_states[op]


def test_a_step_writes_into_the_buffer_of_two_steps_before() -> None:
    sess, w, train = _adam_session()
    sess.run(train)
    first = weakref.ref(_state_of(sess, "w")["value"])  # held by nobody but the state
    sess.run(train)
    sess.run(train)
    assert _state_of(sess, "w")["value"] is first()  # recycled: no new memory per step
    assert not _state_of(sess, "w")["value"].flags.writeable


def test_an_assign_copies_into_the_buffer_of_two_assigns_before() -> None:
    g = engine.Graph()
    with g.as_default():
        w = engine.Variable(np.zeros((64, 32), np.float32), name="w")
        x = engine.placeholder(engine.float32, [64, 32])
        assign = engine.assign(w, x * 2.0)
        init = engine.global_variables_initializer()
    sess = engine.Session(graph=g, device="cpu")
    sess.run(init)
    held = sess.run(w)
    sess.run(assign.op, {x: np.ones((64, 32), np.float32)})
    first = weakref.ref(_state_of(sess, "w")["value"])
    for k in (2, 3):
        sess.run(assign.op, {x: np.full((64, 32), k, np.float32)})
    assert _state_of(sess, "w")["value"] is first()  # recycled: no fresh memory per assign
    np.testing.assert_array_equal(sess.run(w), np.full((64, 32), 6, np.float32))
    np.testing.assert_array_equal(held, np.zeros((64, 32), np.float32))  # what we saw stays


@pytest.mark.parametrize("update", ["assign_add", "assign_sub"])
def test_an_assign_add_or_sub_writes_into_the_buffer_of_two_updates_before(update: str
                                                                           ) -> None:
    g = engine.Graph()
    with g.as_default():
        w = engine.Variable(np.full((64, 32), 10, np.int32), name="w")
        step = getattr(engine, update)(w, np.ones((64, 32), np.int32))
        init = engine.global_variables_initializer()
    sess = engine.Session(graph=g, device="cpu")
    sess.run(init)
    sess.run(step.op)
    held = sess.run(w)
    first = weakref.ref(_state_of(sess, "w")["value"])
    sess.run(step.op)
    sess.run(step.op)
    assert _state_of(sess, "w")["value"] is first()
    sign = 1 if update == "assign_add" else -1
    np.testing.assert_array_equal(sess.run(w), np.full((64, 32), 10 + 3 * sign, np.int32))
    np.testing.assert_array_equal(held, np.full((64, 32), 10 + sign, np.int32))


def test_a_fetched_value_never_changes_when_training_goes_on() -> None:
    sess, w, train = _adam_session()
    sess.run(train)
    fetched = sess.run(w)
    kept = fetched.copy()
    for _ in range(4):
        sess.run(train)
    np.testing.assert_array_equal(fetched, kept)
    assert not np.array_equal(sess.run(w), kept)


def test_a_buffer_someone_still_holds_is_not_reused() -> None:
    sess, w, train = _adam_session()
    sess.run(train)
    held = _state_of(sess, "w")["value"]  # as a cached read-only view would hold it
    kept = held.copy()
    for _ in range(4):
        sess.run(train)
    np.testing.assert_array_equal(held, kept)
    assert _state_of(sess, "w")["value"] is not held


@pytest.mark.parametrize("optimizer", sorted(
    json.loads(RECORDED.read_text())["curves"]["mlp"]))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_mlp_example_trains_to_tensorflows_curve_with_the_compiled_kernels(
        optimizer: str, dtype: str) -> None:
    from engine.compiler import loss_kernels

    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    common = importlib.import_module("training_common")
    build = importlib.import_module("train_mlp").build
    seen: list[str] = []
    real = dict(update_buffers.FUSED)

    def recording(op: str, fused: Any) -> Any:
        def run(*args: Any) -> bool:
            done = bool(fused(*args))
            if done:
                seen.append(op)
            return done
        return run

    try:
        for op, fused in real.items():  # record which updates ran compiled
            update_buffers.FUSED[op] = recording(op, fused)
        losses = common.train(engine, build, optimizer, np.dtype(dtype).type)
    finally:
        update_buffers.FUSED.update(real)
    assert seen  # the compiled updates ran (compiled in the foreground)
    assert loss_kernels._ready  # and the cross-entropy pass was asked for
    expected = json.loads(RECORDED.read_text())["curves"]["mlp"][optimizer][dtype]
    np.testing.assert_allclose(losses, expected, rtol=1e-3 if dtype == "float32" else 1e-6)


def _ftrl_update(op_type: str, dtype: Any, lr_power: float, fused: bool) -> list[np.ndarray]:
    """One ``ApplyFtrl``/``ApplyFtrlV2`` step over 1000 elements, about a third of them
    left at zero by L1."""
    rng = np.random.default_rng(3)
    var, accum, grad = (rng.standard_normal(1000).astype(dtype) for _ in range(3))
    accum = np.abs(accum) + dtype(0.1)
    linear = rng.standard_normal(1000).astype(dtype)
    refs = [{"value": v, "name": f"v{i}"} for i, v in enumerate((var, accum, linear))]
    hypers = [dtype(0.05), dtype(0.5), dtype(0.1)]  # lr, l1, l2
    if op_type == "ApplyFtrlV2":
        hypers.append(dtype(0.2))
    saved = update_buffers.FUSED.pop(op_type)
    try:
        if fused:
            update_buffers.FUSED[op_type] = saved
        get_op_def(op_type).kernel(np, grad, *hypers, dtype(lr_power), _refs=refs)
    finally:
        update_buffers.FUSED[op_type] = saved
    return [r["value"] for r in refs]


@pytest.mark.parametrize("op_type", ["ApplyFtrl", "ApplyFtrlV2"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_ftrls_compiled_update_equals_the_numpy_expression_bit_for_bit(
        op_type: str, dtype: Any) -> None:
    expected = _ftrl_update(op_type, dtype, -0.5, fused=False)
    got = _ftrl_update(op_type, dtype, -0.5, fused=True)
    assert 0 < np.count_nonzero(expected[0] == 0) < expected[0].size  # both branches ran
    for e, g in zip(expected, got):
        assert g.dtype == e.dtype
        np.testing.assert_array_equal(g, e)


def test_ftrl_with_another_learning_rate_power_runs_in_numpy() -> None:
    """Powers other than a square root differ in their last bits between numba and numpy:
    the compiled pass is not asked for them."""
    calls: list[Any] = []
    real = update_buffers.FUSED["ApplyFtrl"]
    update_buffers.FUSED["ApplyFtrl"] = lambda *args: calls.append(args) or real(*args)
    try:
        new = _ftrl_update("ApplyFtrl", np.float64, -0.25, fused=True)
    finally:
        update_buffers.FUSED["ApplyFtrl"] = real
    assert calls == []
    np.testing.assert_array_equal(new[0], _ftrl_update("ApplyFtrl", np.float64, -0.25,
                                                       fused=False)[0])


def test_ftrls_compiled_update_runs_in_a_training_step() -> None:
    seen: list[int] = []
    real = update_buffers.FUSED["ApplyFtrl"]

    def recording(*args: Any) -> bool:
        done = bool(real(*args))
        seen.append(done)
        return done

    update_buffers.FUSED["ApplyFtrl"] = recording
    try:
        g = engine.Graph()
        with g.as_default():
            w = engine.Variable(np.ones((8, 4), np.float32))
            loss = engine.reduce_sum(engine.square(w))
            step = engine.train.FtrlOptimizer(0.1).minimize(loss)
            sess = engine.Session(graph=g, device="cpu")
            sess.run(engine.global_variables_initializer())
            sess.run(step)
    finally:
        update_buffers.FUSED["ApplyFtrl"] = real
    assert seen == [True]
