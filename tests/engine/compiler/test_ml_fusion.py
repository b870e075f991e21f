"""Fusion of the machine-learning elementwise ops (Relu, Relu6, Sigmoid, Tanh, Reciprocal,
SquaredDifference, Select, SelectV2): fused runs, on every path (op by op, chunked, compiled),
give exactly what op-by-op runs give, and inference says the shape and dtype they return.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.client.run_metadata import RunMetadata
from engine.compiler import chunks, fusion, jit

from .test_optimizations import _check

FLOATS = [engine.float32, engine.float64, engine.float16]
SHAPES = [(), (1,), (3,), (2, 3), (2, 1), (1, 3)]
UNARY = ["Relu", "Relu6", "Sigmoid", "Tanh", "Reciprocal", "Neg", "Square", "Sqrt"]
BINARY = ["SquaredDifference", "AddV2", "Mul", "Sub"]
SPECIAL = [0.0, -0.0, 6.0, -6.0, 1e-30, np.inf, -np.inf, np.nan]


def _values(rng: np.random.Generator, dtype: Any, shape: Any) -> np.ndarray:
    """Values around the activations' edges: zeros of both signs, 6, infinities, nan."""
    values = rng.uniform(-8, 8, size=shape)
    mask = rng.random(size=shape) < 0.3
    specials = rng.choice(SPECIAL, size=shape)
    return np.where(mask, specials, values).astype(dtype.np_dtype)


@st.composite
def ml_graphs(draw: Any) -> tuple[engine.Graph, list[Any], dict[Any, np.ndarray]]:
    """A random DAG of the elementwise ops, conditions from comparisons included."""
    dtype = draw(st.sampled_from(FLOATS))
    g = engine.Graph()
    feeds: dict[Any, np.ndarray] = {}
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    with g.as_default():
        pool: list[Any] = []
        for i in range(draw(st.integers(1, 4))):
            shape = draw(st.sampled_from(SHAPES))
            value = _values(rng, dtype, shape)
            if draw(st.integers(0, 3)):  # mostly fed: constants fold away before fusion
                p = engine.placeholder(dtype, shape=shape, name=f"p{i}")
                feeds[p] = value
                pool.append(p)
            else:
                pool.append(engine.constant(value, name=f"c{i}"))
        for _ in range(draw(st.integers(2, 14))):
            kind = draw(st.sampled_from(["unary", "binary", "select", "select_v2"]))
            try:
                if kind == "unary":
                    op = draw(st.sampled_from(UNARY))
                    param = "features" if op.startswith("Relu") else "x"
                    pool.append(getattr(engine.raw_ops, op)(**{param: draw(st.sampled_from(pool))}))
                elif kind == "binary":
                    a, b = draw(st.sampled_from(pool)), draw(st.sampled_from(pool))
                    pool.append(getattr(engine.raw_ops, draw(st.sampled_from(BINARY)))(x=a, y=b))
                else:
                    a, b = draw(st.sampled_from(pool)), draw(st.sampled_from(pool))
                    c = draw(st.sampled_from(pool)) > draw(st.sampled_from(pool))
                    if kind == "select":
                        pool.append(engine.where(c, a, b))
                    else:
                        pool.append(engine.where_v2(c, a, b))
            except ValueError:
                continue  # shapes that do not fit: not a graph to run
    fetches = [pool[-1]] + draw(st.lists(st.sampled_from(pool), max_size=2))
    return g, fetches, feeds


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ml_graphs())
def test_fused_and_unfused_ml_ops_give_identical_results(case: Any) -> None:
    _check(*case)


@pytest.fixture(params=["chunked", "compiled"])
def large_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every group takes the chunked path (tiny chunks, threads) or, where numba is
    installed, the compiled loop (compiled in the foreground)."""
    monkeypatch.setattr(fusion, "SMALL_ELEMENTS", -1)
    if request.param == "chunked":
        monkeypatch.setattr(fusion, "CHUNKED_MIN_BYTES", 0)
        monkeypatch.setattr(fusion, "JIT_MIN_WORK", 1 << 40)
        monkeypatch.setattr(chunks, "CHUNK", 2)
        monkeypatch.setattr(chunks, "THREADED_MIN_ELEMENTS", 0)
    else:
        if not jit.ENABLED:
            pytest.skip("numba is not installed: no compiled loops")
        jit.wait()
        monkeypatch.setattr(jit, "BACKGROUND", False)
        monkeypatch.setattr(fusion, "JIT_MIN_WORK", 0)
    yield request.param
    jit.wait()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=ml_graphs())
def test_large_array_paths_give_identical_results_for_ml_ops(large_path: str, case: Any) -> None:
    _check(*case)


def _mlp_tail(n: int) -> tuple[engine.Graph, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, n], name="x")
        y = engine.where(x > 0.5, engine.nn.relu(x * 2.0 - 1.0), engine.nn.sigmoid(x))
    return g, x, y


def op_type(g: engine.Graph, name: str) -> str:
    return g.get_operation_by_name(name).type


def test_relu_sigmoid_and_where_run_as_one_fused_group() -> None:
    g, x, y = _mlp_tail(8)
    md = RunMetadata()
    engine.Session(graph=g).run(y, {x: np.ones((2, 8), np.float32)}, run_metadata=md)
    fused = {op_type(g, name) for name, stats in md.ops.items() if stats.group == y.op.name}
    assert fused == {"Mul", "Sub", "Relu", "Sigmoid", "Select"}  # one step (Greater is bool)


def test_select_with_a_vector_condition_over_rows_is_not_fused() -> None:
    g = engine.Graph()
    with g.as_default():
        c = engine.placeholder(engine.bool, [2], name="c")
        a = engine.placeholder(engine.float32, [2, 3], name="a")
        y = engine.where(c, engine.nn.relu(a), -a)
    md = RunMetadata()
    feed = {c: [True, False], a: np.arange(6, dtype=np.float32).reshape(2, 3) - 3}
    got = engine.Session(graph=g).run(y, feed, run_metadata=md)
    assert md.ops[y.op.name].group is None
    np.testing.assert_array_equal(got, [[0, 0, 0], [-0.0, -1, -2]])


@pytest.mark.usefixtures("compiled_loops")
def test_a_compiled_relu_group_keeps_negative_zero_and_nan() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None], name="x")
        y = engine.nn.relu6(engine.nn.relu(x) * 1.0)
    value = np.array([-0.0, -1.0, np.nan, 3.0, 7.0] * 1000, np.float32)
    md = RunMetadata()
    got = engine.Session(graph=g).run(y, {x: value}, run_metadata=md)
    assert md.ops[y.op.name].kernel == "compiled loop"
    np.testing.assert_array_equal(got, np.minimum(np.maximum(value, 0) * 1.0, 6))
    assert np.signbit(got[0])  # relu(-0.0) is -0.0, as TF and numpy give


def test_fused_ml_groups_name_their_c_helpers_for_the_gpu_kernel() -> None:
    g, x, y = _mlp_tail(8)
    sess = engine.Session(graph=g, device="cpu")
    sess.run(y, {x: np.ones((2, 8), np.float32)})
    group = next(s.group for s in next(iter(sess._plans.values())).steps if s.group)
    assert "tc_where(" in group.expression and "tc_relu(" in group.expression
    assert "tc_sigmoid" in group.c_helpers and "tc_where" in group.c_helpers
    assert not group.numexpr_ok  # numexpr has no tc_relu


def test_a_group_s_cuda_expression_and_helpers_are_valid_cpp(tmp_path: Any) -> None:
    """What a GPU kernel compiles for the new ops — the expression and its C helpers — is
    checked by the host's C++ compiler (``__device__`` defined away)."""
    import shutil
    import subprocess

    cxx = shutil.which("g++") or shutil.which("c++")
    if cxx is None:
        pytest.skip("no C++ compiler on this machine")
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float64, [None], name="x")
        y = engine.where(x > 0.5, engine.nn.relu6(engine.tanh(x) - 1.0),
                         engine.squared_difference(engine.nn.sigmoid(x), engine.reciprocal(x)))
    sess = engine.Session(graph=g, device="cpu")
    sess.run(y, {x: [0.25, 2.0]})
    group = next(s.group for s in next(iter(sess._plans.values())).steps if s.group)
    params = ", ".join(f"{'bool' if d is engine.bool else 'double'} {n}"
                       for d, n in zip(group.input_dtypes, group._names))
    source = tmp_path / "kernel.cpp"
    source.write_text("#include <cmath>\nusing std::exp; using std::tanh;\n#define __device__\n"
                      f"{group.c_helpers}\ndouble f({params}) {{ return {group.expression}; }}\n")
    done = subprocess.run([cxx, "-fsyntax-only", "-Wall", "-Werror", str(source)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr + source.read_text()


@pytest.mark.usefixtures("compiled_loops")
def test_a_bias_and_relu_group_reruns_its_row_loop_for_inputs_of_the_same_shapes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 64], name="x")
        b = engine.constant(rng.standard_normal(64).astype(np.float32))
        y = engine.nn.relu(engine.nn.bias_add(x, b))
    sess = engine.Session(graph=g)
    calls: list[str] = []
    real = jit.split
    monkeypatch.setattr(jit, "split", lambda *a: calls.append("split") or real(*a))
    for rows in (32, 32, 32, 7):  # a new shape reads the layout again
        value = rng.standard_normal((rows, 64)).astype(np.float32)
        md = RunMetadata()
        got = sess.run(y, {x: value}, run_metadata=md)
        assert md.ops[y.op.name].kernel == "compiled loop"
        np.testing.assert_array_equal(got, np.maximum(value + sess.run(b), 0))
    assert calls == ["split", "split"]


def test_elementwise_ops_reading_an_update_s_result_join_one_group() -> None:
    """Adam's sparse update reads its moments through ScatterAdd's reference results."""
    g = engine.Graph()
    with g.as_default():
        m = engine.Variable(np.ones((1000, 70), np.float32), name="m")
        add = engine.scatter_add(m, [3], np.full((1, 70), 2.0, np.float32))
        y = add * 0.5 / (add + 1.0)
        init = engine.global_variables_initializer()
    sess = engine.Session(graph=g)
    sess.run(init)
    md = RunMetadata()
    out = sess.run(y, run_metadata=md)
    groups = {s.group for name, s in md.ops.items() if name in ("mul", "add", "truediv")}
    assert groups == {"truediv"}
    expected = np.ones((1000, 70), np.float32)
    expected[3] = 3.0
    np.testing.assert_array_equal(out, expected * np.float32(0.5) / (expected + np.float32(1)))
