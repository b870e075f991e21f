"""Compiled fused kernels (``engine/compiler/jit.py``): bit-identical to op-by-op runs,
compiled once per group shape, never in the way of a run.

These tests compile with numba (about half a second per kernel); without numba installed
they skip, saying so.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.client.run_metadata import RunMetadata
from engine.compiler import fusion, jit, routes
from engine.compiler import launches as launch_module
from engine.framework import pieces

from .test_optimizations import BINARY, CAST_SOURCES, UNARY, _values_of

pytestmark = pytest.mark.skipif(not jit.ENABLED, reason="numba is not installed (or "
                                "TENSORCANVAS_JIT=0): fused groups run on the numpy path")


@pytest.fixture(autouse=True)
def small_arrays_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' arrays stay small (fast tests): groups compile from 65,536 elements × ops
    here, whatever the measured threshold is (``fusion.JIT_MIN_WORK``)."""
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 1 << 16)


@pytest.fixture
def foreground(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Kernels compiled in the run that first needs them, and used from then on."""
    jit.wait()
    monkeypatch.setattr(jit, "BACKGROUND", False)
    yield
    jit.wait()


@pytest.fixture(params=["one piece", "many pieces"])
def pieces_of(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Kernels run as one piece, or as many pieces shared over four threads."""
    if request.param == "many pieces":
        monkeypatch.setattr(jit, "MIN_PIECE", 512)
        monkeypatch.setattr(pieces, "THREADS", 4)
        monkeypatch.setattr(pieces, "_pool", None)
        monkeypatch.setattr(pieces, "ADAPTIVE", False)
    return str(request.param)


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every kernel launch, as (kernel, out size)."""
    seen: list[Any] = []
    real = launch_module.launch

    def spy(kernel: Any, out: np.ndarray, ins: Any, cols: int, width: int) -> None:
        seen.append((kernel, out.size))
        real(kernel, out, ins, cols, width)

    def spy_call(kernel: Any, out: np.ndarray, arrays: Any, size: int) -> None:
        real_call(kernel, out, arrays, size)  # a call its dispatcher refuses is no launch
        seen.append((kernel, out.size))

    real_call = launch_module.call
    monkeypatch.setattr(launch_module, "launch", spy)
    monkeypatch.setattr(launch_module, "call", spy_call)  # a rerun on 1-D arrays, one piece
    return seen


def _graph(size: int, dtype: Any = engine.float32) -> tuple[engine.Graph, list[Any], Any]:
    g = engine.Graph()
    with g.as_default():
        a, b, c = (engine.placeholder(dtype, shape=[None], name=k) for k in "abc")
        y = engine.square(((a + b) * c - a) / (b - 0.5)) + (-c)
    return g, [a, b, c], y


def _feeds(inputs: list[Any], size: int, dtype: Any = np.float32) -> dict[Any, np.ndarray]:
    rng = np.random.default_rng(7)
    values = [rng.uniform(-2, 2, size).astype(dtype) for _ in inputs]
    values[1][:5] = 0.5  # division by zero: inf and nan, as numpy gives them
    values[0][:5] = [0.0, 1.0, -1.0, np.inf, np.nan]
    return dict(zip(inputs, values))


def _plain(g: engine.Graph, y: Any, feeds: dict[Any, Any]) -> Any:
    return engine.Session(graph=g, device="cpu", optimize=False).run(y, feeds)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_compiled_group_gives_bit_identical_results(
    foreground: None, launches: list[Any], dtype: Any, pieces_of: str
) -> None:
    g, inputs, y = _graph(50_000, engine.as_dtype(dtype))
    feeds = _feeds(inputs, 50_000, dtype)
    got = engine.Session(graph=g, device="cpu").run(y, feeds)
    assert len(launches) == 1 and launches[0][1] == 50_000
    want = _plain(g, y, feeds)
    assert got.dtype == want.dtype == dtype
    np.testing.assert_array_equal(got, want)  # exact, NaN-aware
    assert np.isinf(got[1]) and np.isnan(got[0:5]).any()


def test_a_one_element_input_is_broadcast_by_the_kernel(
    foreground: None, launches: list[Any]
) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[None], name="a")
        s = engine.placeholder(engine.float32, shape=[1], name="s")
        y = (a * s - s) * a
    feeds = {a: np.linspace(-1, 1, 80_000, dtype=np.float32), s: np.float32([3.0])}
    got = engine.Session(graph=g, device="cpu").run(y, feeds)
    assert len(launches) == 1
    np.testing.assert_array_equal(got, _plain(g, y, feeds))


def test_a_kernel_is_compiled_once_per_group_shape_across_sessions_and_sizes(
    foreground: None, launches: list[Any]
) -> None:
    g, inputs, y = _graph(0)
    before = jit.compiled()
    for size in (20_000, 30_000):
        feeds = _feeds(inputs, size)
        engine.Session(graph=g, device="cpu").run(y, feeds)
    assert jit.compiled() - before <= 1
    assert launches[0][0] is launches[1][0]


def test_first_runs_do_not_wait_for_the_compiler(launches: list[Any]) -> None:
    jit.clear()
    g, inputs, y = _graph(0)
    feeds = _feeds(inputs, 30_000)
    sess = engine.Session(graph=g, device="cpu")
    first = sess.run(y, feeds)  # the kernel is still compiling: the numpy path runs
    assert launches == []
    assert jit.wait(timeout=120)
    second = sess.run(y, feeds)
    assert len(launches) == 1
    np.testing.assert_array_equal(first, second)


def test_read_only_inputs_from_the_value_cache_run_compiled_too(
    foreground: None, launches: list[Any]
) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.constant(np.linspace(0, 1, 60_000, dtype=np.float32), name="a")
        b = engine.sqrt(a, name="b")  # not fusible: its cached value is a read-only input
        y = (b + a) * b - a
    sess = engine.Session(graph=g, device="cpu", cache=True, fold=False)
    first = sess.run(y)
    g.set_attrs(g.get_operation_by_name("a"), {"value": np.linspace(0, 2, 60_000,
                                                                     dtype=np.float32)})
    second = sess.run(y)
    assert launches and all(size == 60_000 for _, size in launches)
    plain = _plain(g, y, {})
    np.testing.assert_array_equal(second, plain)
    assert not np.array_equal(first, second)


def test_small_groups_and_float16_never_compile(foreground: None, launches: list[Any]) -> None:
    g, inputs, y = _graph(0)
    engine.Session(graph=g, device="cpu").run(y, _feeds(inputs, 100))
    g16, inputs16, y16 = _graph(0, engine.float16)
    engine.Session(graph=g16, device="cpu").run(y16, _feeds(inputs16, 50_000, np.float16))
    assert launches == []


def test_a_group_that_cannot_compile_runs_on_numpy_and_says_why(
    foreground: None, launches: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    jit.clear()

    def broken(*args: Any) -> Any:
        raise RuntimeError("no compiler today")

    monkeypatch.setattr(jit, "_build", broken)
    g, inputs, y = _graph(0)
    feeds = _feeds(inputs, 30_000)
    got = engine.Session(graph=g, device="cpu").run(y, feeds)
    np.testing.assert_array_equal(got, _plain(g, y, feeds))
    assert launches == []
    assert any("no compiler today" in why for why in jit.failures().values())
    jit.clear()


def test_with_jit_off_groups_run_on_numpy(launches: list[Any],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jit, "ENABLED", False)
    g, inputs, y = _graph(0)
    feeds = _feeds(inputs, 30_000)
    np.testing.assert_array_equal(engine.Session(graph=g, device="cpu").run(y, feeds),
                                  _plain(g, y, feeds))
    assert launches == []


def test_run_metadata_still_reports_the_group_and_its_bytes(foreground: None) -> None:
    g, inputs, y = _graph(0)
    meta = RunMetadata()
    engine.Session(graph=g, device="cpu").run(y, _feeds(inputs, 30_000), run_metadata=meta)
    assert meta.ops[y.op.name].bytes == 30_000 * 4
    assert meta.ops[y.op.name].kernel == "compiled loop"
    assert meta.peak_bytes == 30_000 * 4


@st.composite
def fusible_trees(draw: Any) -> tuple[engine.Graph, Any, dict[Any, np.ndarray], int, bool]:
    """A random tree of fusible ops over placeholders that are whole arrays or one-element
    broadcasts, with zeros, infinities and NaNs among the values."""
    dtype = draw(st.sampled_from([engine.float32, engine.float64]))
    shape = draw(st.sampled_from([(7,), (2, 3), (4, 1, 2), (3, 2, 5)]))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    g = engine.Graph()
    feeds: dict[Any, np.ndarray] = {}
    whole = False
    with g.as_default():
        inputs = []
        for i in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["whole", "one", "row", "column"]))
            k = draw(st.integers(1, len(shape)))
            in_shape = {"whole": shape, "one": draw(st.sampled_from([(), (1,) * len(shape)])),
                        "row": shape[k:] or (1,),
                        "column": shape[:k] + (1,) * (len(shape) - k)}[kind]
            whole = whole or kind == "whole"
            value = rng.uniform(-3, 3, size=in_shape).astype(dtype.np_dtype)
            if draw(st.booleans()) and value.size > 2:
                value.flat[:3] = [0.0, np.inf, np.nan]
            p = engine.placeholder(dtype, shape=in_shape, name=f"p{i}")
            feeds[p] = value
            inputs.append(p)
        others = []  # inputs of other dtypes, read through a fresh Cast at each use
        for i in range(draw(st.integers(0, 2))):
            source = draw(st.sampled_from(CAST_SOURCES))
            in_shape = shape if draw(st.booleans()) else ()
            whole = whole or in_shape == shape
            q = engine.placeholder(source, shape=in_shape, name=f"q{i}")
            feeds[q] = _values_of(rng, source, in_shape)
            others.append(q)
        count = [0]

        def tree(depth: int) -> Any:
            if depth == 0 or draw(st.integers(0, 3)) == 0:
                if others and draw(st.booleans()):
                    source = draw(st.sampled_from(others))
                    if source.dtype is not dtype:
                        count[0] += 1
                        return engine.cast(source, dtype)
                return draw(st.sampled_from(inputs))
            count[0] += 1
            if draw(st.booleans()):
                op = draw(st.sampled_from(UNARY))
                return getattr(engine.raw_ops, op)(x=tree(depth - 1))
            op = draw(st.sampled_from(BINARY))
            return getattr(engine.raw_ops, op)(x=tree(depth - 1), y=tree(depth - 1))

        y = tree(4)
    return g, y, feeds, count[0], whole


@pytest.fixture
def jit_everywhere(foreground: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 0)
    monkeypatch.setattr(fusion, "SMALL_ELEMENTS", -1)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=fusible_trees())
def test_compiled_and_unfused_runs_give_identical_results(
    jit_everywhere: None, launches: list[Any], case: Any
) -> None:
    g, y, feeds, _, _ = case
    launches.clear()
    got = engine.Session(graph=g, device="cpu").run(y, feeds)
    want = _plain(g, y, feeds)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    np.testing.assert_array_equal(got, want)
    assert len(launches) <= 1  # broadcasts no row/column split describes run on numpy


def _scalar_chain(n: int, dtype: Any) -> tuple[engine.Graph, Any, Any]:
    rng = np.random.default_rng(3)
    g = engine.Graph()
    with g.as_default():
        p = engine.placeholder(dtype, shape=[], name="p")
        x = p
        for i in range(n):
            c = engine.constant(dtype.np_dtype.type(0.0 if i == 103 else rng.uniform(0.5, 2)))
            x = [x + c, x - c, x * c, x / c][i % 4]
    return g, p, x


@pytest.mark.parametrize("dtype", [engine.float32, engine.float64])
def test_a_long_scalar_chain_runs_as_one_compiled_call_with_identical_results(
    foreground: None, monkeypatch: pytest.MonkeyPatch, dtype: Any
) -> None:
    calls: list[Any] = []
    real = jit.chain_kernel

    def spy(np_dtype: Any) -> Any:
        kernel = real(np_dtype)
        calls.append(kernel)
        return kernel

    monkeypatch.setattr(jit, "chain_kernel", spy)
    g, p, x = _scalar_chain(200, dtype)
    for value in (0.75, -3.0, np.inf):
        got = engine.Session(graph=g, device="cpu").run(x, {p: value})
        want = _plain(g, x, {p: value})
        assert type(got) is type(want) is dtype.np_dtype.type
        np.testing.assert_array_equal(got, want)  # bit for bit, inf and nan included
        assert not np.isfinite(got)  # x / 0 at op 103
    assert len(calls) == 3 and all(k is not None for k in calls)


def test_a_scalar_chain_under_the_chain_kernel_s_length_is_interpreted(
    foreground: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(jit, "chain_kernel", lambda d: calls.append(d))
    g, p, x = _scalar_chain(fusion.JIT_CHAIN_MIN_OPS - 1, engine.float32)
    meta = RunMetadata()
    got = engine.Session(graph=g, device="cpu").run(x, {p: 1.5}, run_metadata=meta)
    assert got == _plain(g, x, {p: 1.5})
    assert calls == [] and meta.ops[x.op.name].kernel == "compiled interpreter"


def test_only_numpy_scalar_chains_are_encoded_for_the_compiled_interpreter() -> None:
    import operator

    f32 = np.float32
    assert jit.encode_chain([(operator.add, f32(1)), (operator.truediv, f32(2))], f32) is not None
    assert jit.encode_chain([(operator.add, np.array(f32(1)))], f32) is None  # a 0-d array
    assert jit.encode_chain([(operator.add, np.float64(1))], f32) is None  # another dtype
    assert jit.encode_chain([(operator.pow, f32(1))], f32) is None  # not an operator it knows
    codes, operands = jit.encode_chain([(operator.sub, f32(3)), (operator.mul, f32(4))], f32)
    assert codes.tolist() == [1, 2] and operands.dtype == f32 and operands.tolist() == [3, 4]


def test_a_long_array_chain_is_split_into_groups_that_compile(
    foreground: None, launches: list[Any]
) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[None], name="a")
        b = engine.placeholder(engine.float32, shape=[None], name="b")
        x = a
        for i in range(60):
            x = [x + b, x * b, x - a, -x][i % 4]
    feeds = {a: np.linspace(-1, 1, 20_000, dtype=np.float32),
             b: np.linspace(0.5, 1.5, 20_000, dtype=np.float32)}
    meta = RunMetadata()
    got = engine.Session(graph=g, device="cpu").run(x, feeds, run_metadata=meta)
    groups = {s.group for s in meta.ops.values()}
    assert len(groups) == 3  # 60 ops: 24 + 24 + 12
    assert len(launches) == 3 and not jit.failures()
    np.testing.assert_array_equal(got, _plain(g, x, feeds))



@pytest.mark.parametrize(("x_shape", "y_shape", "z_shape"), [
    ((300, 200), (200,), (300, 200)),  # a bias added to every row
    ((300, 200), (300, 1), (1,)),  # each row scaled by its own value
    ((300, 1), (1, 200), ()),  # an outer product
    ((3, 100, 200), (100, 200), (3, 100, 200)),  # one matrix for every batch
    ((2, 30000), (30000,), (2, 30000)),  # few long rows: cut into pieces for the threads
])
def test_a_broadcast_by_rows_or_columns_runs_compiled_and_exact(
    foreground: None, launches: list[Any], x_shape: Any, y_shape: Any, z_shape: Any,
    pieces_of: str
) -> None:
    g = engine.Graph()
    with g.as_default():
        x, y, z = (engine.placeholder(engine.float32, shape=s, name=n)
                   for s, n in ((x_shape, "x"), (y_shape, "y"), (z_shape, "z")))
        out = (x * y - z) / (y + 0.5)
    rng = np.random.default_rng(2)
    feeds = {t: rng.uniform(-1, 1, s).astype(np.float32)
             for t, s in ((x, x_shape), (y, y_shape), (z, z_shape))}
    meta = RunMetadata()
    got = engine.Session(graph=g, device="cpu").run(out, feeds, run_metadata=meta)
    assert len(launches) == 1 and meta.ops[out.op.name].kernel == "compiled loop"
    want = _plain(g, out, feeds)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)


def test_a_broadcast_that_no_single_split_describes_runs_on_numpy(
    foreground: None, launches: list[Any]
) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[40, 30, 20], name="x")
        y = engine.placeholder(engine.float32, shape=[30, 20], name="y")
        z = engine.placeholder(engine.float32, shape=[40, 1, 1], name="z")
        w = engine.placeholder(engine.float32, shape=[20], name="w")
        out = (x + y) * z - w  # y splits after dim 0, w after dim 1
    rng = np.random.default_rng(4)
    feeds = {t: rng.random(t.shape.as_list(), dtype=np.float32) for t in (x, y, z, w)}
    got = engine.Session(graph=g, device="cpu").run(out, feeds)
    assert launches == []
    np.testing.assert_array_equal(got, _plain(g, out, feeds))


# --- the compiled interpreter, for long groups of small arrays -------------------------------
def _tree(leaves: int) -> tuple[engine.Graph, Any, Any, np.ndarray]:
    rng = np.random.default_rng(2)
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[100], name="x")
        level = [x * engine.constant(rng.uniform(-2, 2, 100).astype(np.float32))
                 for _ in range(leaves)]
        level[3] = -engine.square(level[3]) / engine.constant(np.float32(0.0))  # inf, nan
        while len(level) > 1:
            level = [level[i] - level[i + 1] if i + 1 < len(level) else level[i]
                     for i in range(0, len(level), 2)]
    return g, x, level[0], rng.uniform(-1, 1, 100).astype(np.float32)


@pytest.mark.parametrize("fold", [True, False])
def test_a_long_group_of_small_arrays_runs_in_the_compiled_interpreter(
    foreground: None, fold: bool
) -> None:
    g, x, y, xv = _tree(300)
    meta = RunMetadata()
    got = engine.Session(graph=g, device="cpu", fold=fold).run(y, {x: xv}, run_metadata=meta)
    assert meta.ops[y.op.name].kernel == "compiled interpreter"
    assert len({s.group for s in meta.ops.values() if s.group}) == 1
    want = _plain(g, y, {x: xv})
    assert got.dtype == want.dtype and got.shape == want.shape == (100,)
    np.testing.assert_array_equal(got, want)
    assert not np.isfinite(got).all()


def test_the_interpreter_sees_a_folded_constant_s_new_value(foreground: None) -> None:
    g, x, y, xv = _tree(40)
    sess = engine.Session(graph=g, device="cpu")
    sess.run(y, {x: xv})
    const = next(op for op in g.get_operations() if op.type == "Const")
    g.set_attrs(const, {"value": np.full(100, 7.0, np.float32)})
    meta = RunMetadata()
    got = sess.run(y, {x: xv}, run_metadata=meta)
    assert meta.ops[y.op.name].kernel == "compiled interpreter"
    np.testing.assert_array_equal(got, _plain(g, y, {x: xv}))


@pytest.fixture
def interpreter_everywhere(foreground: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fusion, "VM_MIN_OPS", 2)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=fusible_trees())
def test_interpreted_and_unfused_runs_give_identical_results(
    interpreter_everywhere: None, case: Any
) -> None:
    g, y, feeds, _, _ = case
    for fold in (True, False):
        got = engine.Session(graph=g, device="cpu", fold=fold).run(y, feeds)
        want = _plain(g, y, feeds)
        assert np.asarray(got).dtype == np.asarray(want).dtype
        assert np.shape(got) == np.shape(want)
        np.testing.assert_array_equal(got, want)


def test_kernels_still_queued_at_exit_are_dropped_not_compiled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from concurrent.futures import Future

    monkeypatch.setattr(jit, "_exiting", True)
    done: Future[None] = Future()
    key = ("a kernel nobody will run",)
    jit._compile(key, lambda numba: None, (), done)
    assert done.done() and key not in jit._kernels
    assert "exiting" in jit.failures()[key]
    jit._failed.pop(key)


def test_a_numba_that_cannot_be_imported_turns_compiled_kernels_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins
    from concurrent.futures import Future

    real_import = builtins.__import__

    def no_numba(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "numba":
            raise ImportError("numba needs a newer numpy")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_numba)
    monkeypatch.setattr(jit, "ENABLED", True)
    key = ("a kernel numba cannot build",)
    jit._compile(key, lambda numba: None, (), Future())
    assert jit.ENABLED is False
    assert "numba needs a newer numpy" in jit.failures()[key]
    jit._failed.pop(key)


def test_a_group_compiles_only_with_enough_work_elements_times_ops(
    foreground: None, launches: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 1600)  # measured from 100 (routes.py)
    g = engine.Graph()
    with g.as_default():
        a, b = (engine.placeholder(engine.float32, shape=[None], name=n) for n in "ab")
        y = (a + b) * a  # 2 ops
    sess = engine.Session(graph=g, device="cpu")
    for size, compiled in ((49, False), (800, True), (800, True)):
        meta = RunMetadata()
        feeds = {a: np.ones(size, np.float32), b: np.ones(size, np.float32)}
        sess.run(y, feeds, run_metadata=meta)
        assert (meta.ops[y.op.name].kernel == "compiled loop") is compiled, size
    assert len(launches) == 2


def _measured_kernels(monkeypatch: pytest.MonkeyPatch, ops_seconds: float,
                      compiled_seconds: float, runs: int) -> list[str | None]:
    """The kernel each run of a 2-op group in the measured band names, where each path's
    measurement is made to take the given time."""
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 1600)
    record = routes.Route.record

    def timed(route: routes.Route, ops: bool, seconds: float) -> None:
        record(route, ops, ops_seconds if ops else compiled_seconds)

    monkeypatch.setattr(routes.Route, "record", timed)
    g = engine.Graph()
    with g.as_default():
        a, b = (engine.placeholder(engine.float32, shape=[None], name=n) for n in "ab")
        y = (a + b) * a
    sess = engine.Session(graph=g, device="cpu")
    feeds = {a: np.arange(400, dtype=np.float32), b: np.ones(400, np.float32)}
    kernels = []
    for _ in range(runs):
        meta = RunMetadata()
        np.testing.assert_array_equal(sess.run(y, feeds, run_metadata=meta),
                                      (feeds[a] + 1) * feeds[a])
        kernels.append(meta.ops[y.op.name].kernel)
    return kernels


@pytest.mark.parametrize(("ops_seconds", "chosen"), [(1e-6, "op by op"),
                                                     (1e-3, "compiled loop")])
def test_a_group_in_the_measured_band_times_both_paths_then_keeps_the_faster(
    foreground: None, monkeypatch: pytest.MonkeyPatch, ops_seconds: float, chosen: str
) -> None:
    trials = routes.TRIALS
    kernels = _measured_kernels(monkeypatch, ops_seconds, 1e-4, 1 + 2 * trials + 3)
    measuring = kernels[1:1 + 2 * trials]  # after the run that compiled the kernel
    assert measuring.count("op by op") == measuring.count("compiled loop") == trials
    assert kernels[1 + 2 * trials:] == [chosen] * 3


def test_a_run_on_inputs_of_other_flags_or_shape_does_not_reuse_the_last_kernel(
    foreground: None, launches: list[Any]
) -> None:
    g, inputs, y = _graph(0)
    sess = engine.Session(graph=g, device="cpu")
    feeds = _feeds(inputs, 40_000)
    sess.run(y, feeds)
    read_only = dict(feeds)
    frozen = feeds[inputs[0]].copy()
    frozen.flags.writeable = False
    read_only[inputs[0]] = frozen
    longer = _feeds(inputs, 50_000)
    for case in (read_only, longer, feeds):
        np.testing.assert_array_equal(sess.run(y, case), _plain(g, y, case))
    kernels = [k for k, _ in launches]
    assert kernels[0] is kernels[2] is kernels[3] and kernels[1] is not kernels[0]
    assert [n for _, n in launches] == [40_000, 40_000, 50_000, 40_000]


def test_a_rerun_on_whole_arrays_of_other_flags_computes_them_all_the_same(
    foreground: None, launches: list[Any]
) -> None:
    g = engine.Graph()
    with g.as_default():
        a, b, c = (engine.placeholder(engine.float32, shape=[None], name=k) for k in "abc")
        y = (a + b) * c - a
    sess = engine.Session(graph=g, device="cpu")
    rng = np.random.default_rng(3)
    feeds = {t: rng.random(40_000, dtype=np.float32) for t in (a, b, c)}
    sess.run(y, feeds)
    frozen = feeds[a].copy()
    frozen.flags.writeable = False
    strided = rng.random(80_000, dtype=np.float32)[::2]  # same shape, every other element
    for case in ({**feeds, a: frozen}, {**feeds, b: strided}, feeds):
        expected = (case[a] + case[b]) * case[c] - case[a]
        np.testing.assert_array_equal(sess.run(y, case), expected)
    before = len(launches)
    np.testing.assert_array_equal(sess.run(y, feeds), (feeds[a] + feeds[b]) * feeds[c] - feeds[a])
    assert len(launches) == before + 1  # compiled again, on whole arrays


def test_a_cleared_pool_keeps_no_buffer_a_rerun_would_reuse(foreground: None) -> None:
    g, inputs, y = _graph(0)
    with g.as_default():
        z = (inputs[0] + inputs[1]) * inputs[2]
    sess = engine.Session(graph=g, device="cpu")
    feeds = _feeds(inputs, 40_000)
    sess.run(z, feeds)
    result = sess.run(z, feeds)  # a rerun, its output taken from the pool
    buffer = weakref.ref(result)
    del result
    assert buffer() is not None  # the pool keeps it for the next run
    sess._executor.pool.clear()
    assert buffer() is None  # nothing keeps it now, not even the rerun's own list
    np.testing.assert_array_equal(sess.run(z, feeds), (feeds[inputs[0]] + feeds[inputs[1]])
                                  * feeds[inputs[2]])


def test_a_kernel_asked_for_in_the_background_starts_the_compiler_thread_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    jit.wait()
    monkeypatch.setattr(jit, "BACKGROUND", True)
    monkeypatch.setattr(jit, "_compiler", None)
    key = ("a kernel asked for, never handed over",)
    try:
        assert jit.kernel_for(key, lambda numba: None, lambda: ()) is None
        assert jit._compiler is not None  # started while the run is still on numpy
        assert any(job[0] == key for job in jit._queued)  # handed over only when it ends
    finally:
        with jit._lock:
            jit._queued[:] = [job for job in jit._queued if job[0] != key]
            jit._pending.pop(key, None)
        if jit._compiler is not None:
            jit._compiler.shutdown(wait=True)


@pytest.mark.parametrize("size", [40_000, 300_000])  # one piece, and pieces over the cores
def test_a_rerun_reads_a_folded_scalar_as_it_is_and_its_new_value_after_an_edit(
    foreground: None, launches: list[Any], size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    splits: list[int] = []
    real_split = jit.split

    def split(inputs: Any, shape: Any) -> Any:
        splits.append(len(inputs))
        return real_split(inputs, shape)

    monkeypatch.setattr(jit, "split", split)
    g = engine.Graph()
    with g.as_default():
        a, b = (engine.placeholder(engine.float32, shape=[size], name=k) for k in "ab")
        half = engine.constant(np.float32(0.5), name="half")
        y = ((a + b) * half - a) * b
    sess = engine.Session(graph=g, device="cpu")
    rng = np.random.default_rng(5)
    feeds = {a: rng.random(size, dtype=np.float32), b: rng.random(size, dtype=np.float32)}
    for scale in (0.5, 0.5, 0.25):
        if scale != 0.5:
            g.set_attrs(half.op, {"value": scale})
        expected = ((feeds[a] + feeds[b]) * np.float32(scale) - feeds[a]) * feeds[b]
        np.testing.assert_array_equal(sess.run(y, feeds), expected)
    assert len(launches) == 3 and len({k for k, _ in launches}) == 1  # one kernel, rerun
    assert splits == [3]  # a, b, half: how they are read is worked out on the first run only
    assert sess.run(y, feeds, run_metadata=(meta := RunMetadata())) is not None
    assert meta.ops[y.op.name].kernel == "compiled loop"


def test_a_one_element_array_read_as_a_scalar_takes_the_full_path_on_a_rerun(
    foreground: None
) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[40_000], name="a")
        s = engine.placeholder(engine.float32, shape=[1], name="s")
        y = (a + s) * a
    sess = engine.Session(graph=g, device="cpu")
    x = np.linspace(-1, 1, 40_000, dtype=np.float32)
    for value in (2.0, 3.0):
        scale = np.array([value], np.float32)
        np.testing.assert_array_equal(sess.run(y, {a: x, s: scale}), (x + scale) * x)
