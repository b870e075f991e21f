"""Optimized execution gives exactly the unoptimized results, and does less work.

Fusion, folding, buffer reuse and the value cache are only worth having if nobody can tell
them apart from op-by-op execution except by the clock: a property test compares the two on
random elementwise graphs, dtypes and broadcasting shapes, also with numexpr forced on.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.client.run_metadata import RunMetadata
from engine.compiler import chunks, fusion

BINARY = ["AddV2", "Sub", "Mul", "RealDiv"]
UNARY = ["Neg", "Square"]
FLOATS = [engine.float32, engine.float64, engine.float16]
SHAPES = [(), (1,), (3,), (2, 3), (2, 1), (1, 3)]
CAST_SOURCES = [engine.int32, engine.int64, engine.uint8, engine.uint64, engine.bool,
                engine.float32, engine.float64]


@st.composite
def elementwise_graphs(draw: Any) -> tuple[engine.Graph, list[Any], dict[Any, np.ndarray]]:
    """A random DAG of elementwise ops over placeholders and consts of broadcastable shapes."""
    dtype = draw(st.sampled_from(FLOATS))
    g = engine.Graph()
    feeds: dict[Any, np.ndarray] = {}
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    with g.as_default():
        pool: list[Any] = []
        for i in range(draw(st.integers(1, 4))):
            shape = draw(st.sampled_from(SHAPES))
            value = rng.uniform(-3, 3, size=shape).astype(dtype.np_dtype)
            if draw(st.booleans()):
                p = engine.placeholder(dtype, shape=shape, name=f"p{i}")
                feeds[p] = value
                pool.append(p)
            else:
                pool.append(engine.constant(value, name=f"c{i}"))
        for i in range(draw(st.integers(0, 2))):  # inputs of other dtypes, through a Cast
            source = draw(st.sampled_from(CAST_SOURCES))
            shape = draw(st.sampled_from(SHAPES))
            value = _values_of(rng, source, shape)
            if draw(st.booleans()):
                x = engine.placeholder(source, shape=shape, name=f"q{i}")
                feeds[x] = value
            else:
                x = engine.constant(value, dtype=source, name=f"k{i}")
            if source is not dtype:
                pool.append(engine.cast(x, dtype))
        for _ in range(draw(st.integers(1, 12))):
            if draw(st.booleans()):
                a, b = draw(st.sampled_from(pool)), draw(st.sampled_from(pool))
                try:
                    pool.append(getattr(engine.raw_ops, draw(st.sampled_from(BINARY)))(x=a, y=b))
                except ValueError:
                    continue  # shapes that do not broadcast: not a graph to run
            else:
                a = draw(st.sampled_from(pool))
                pool.append(getattr(engine.raw_ops, draw(st.sampled_from(UNARY)))(x=a))
    fetches = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
    return g, fetches, feeds


def _values_of(rng: np.random.Generator, dtype: Any, shape: Any) -> np.ndarray:
    """Values that exercise a cast from ``dtype``: extremes, and floats past float32's range."""
    if dtype is engine.bool:
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.is_integer:
        info = np.iinfo(dtype.np_dtype)
        return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype.np_dtype)
    with np.errstate(over="ignore"):  # past float32's range on purpose: inf
        return (rng.standard_normal(size=shape) * 10.0 ** rng.integers(0, 40)).astype(
            dtype.np_dtype)


def _same(a: Any, b: Any) -> None:
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(a, b)  # NaN-aware, exact


def _check(g: engine.Graph, fetches: list[Any], feeds: dict[Any, np.ndarray]) -> None:
    plain = engine.Session(graph=g, device="cpu", optimize=False).run(fetches, feeds)
    fused = engine.Session(graph=g, device="cpu", optimize=True).run(fetches, feeds)
    for x, y, t in zip(plain, fused, fetches):
        _same(x, y)
        # and inference said what the kernels give: the static shape and dtype
        assert t.shape.as_list() == list(np.shape(x)), t
        assert t.dtype.np_dtype == np.asarray(x).dtype, t


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elementwise_graphs())
def test_fused_and_unfused_runs_give_identical_results(case: Any) -> None:
    _check(*case)


LARGE_PATHS = {
    # every group takes the numexpr path, whatever its size
    "numexpr": {"NUMEXPR_MIN_ELEMENTS": 0, "CHUNKED_MIN_BYTES": 0, "SMALL_ELEMENTS": -1,
                "USE_CHUNKS": False},
    # every group runs chunk by chunk, in tiny chunks shared out over threads
    "chunked": {"CHUNKED_MIN_BYTES": 0, "SMALL_ELEMENTS": -1, "chunks.CHUNK": 2,
                "chunks.THREADED_MIN_ELEMENTS": 0, "NUMEXPR_MIN_ELEMENTS": 0},
}


def _setting(name: str) -> tuple[Any, str]:
    """The module and attribute a LARGE_PATHS setting names (fusion's, unless qualified)."""
    if name.startswith("chunks."):
        return chunks, name.removeprefix("chunks.")
    assert hasattr(fusion, name), name
    return fusion, name


@pytest.fixture(params=sorted(LARGE_PATHS))
def large_path(request: pytest.FixtureRequest) -> Any:
    targets = {k: _setting(k) for k in LARGE_PATHS[request.param]}
    saved = {k: getattr(*targets[k]) for k in targets}
    for k, v in LARGE_PATHS[request.param].items():
        setattr(*targets[k], v)
    yield request.param
    for k, v in saved.items():
        setattr(*targets[k], v)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=elementwise_graphs())
def test_large_array_paths_give_identical_results(large_path: str, case: Any) -> None:
    _check(*case)


def _chain(n: int, shape: Any = ()) -> tuple[engine.Graph, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        p = engine.placeholder(engine.float32, shape=shape, name="p")
        x = p
        for i in range(n):
            x = x * 1.5 if i % 3 == 0 else x - 0.25
    return g, p, x


def test_an_elementwise_chain_runs_as_one_fused_step() -> None:
    g, p, x = _chain(30)
    sess = engine.Session(graph=g, device="cpu")
    meta = RunMetadata()
    value = sess.run(x, {p: 2.0}, run_metadata=meta)
    plain = engine.Session(graph=g, device="cpu", optimize=False).run(x, {p: 2.0})
    assert value == plain
    groups = {s.group for s in meta.ops.values()}
    assert groups == {x.op.name}
    plan = next(iter(sess._plans.values()))
    assert len(plan.steps) == 1 and plan.steps[0].group is not None


def test_a_fetched_intermediate_is_not_fused_away() -> None:
    g, p, x = _chain(6)
    middle = g.get_operations()[6].outputs[0]
    sess = engine.Session(graph=g, device="cpu")
    got = sess.run([middle, x], {p: 1.0})
    want = engine.Session(graph=g, device="cpu", optimize=False).run([middle, x], {p: 1.0})
    assert got == want


def test_large_fused_results_reuse_buffers_only_when_released() -> None:
    g, p, x = _chain(8, shape=[None])
    sess = engine.Session(graph=g, device="cpu")
    saved = fusion.CHUNKED_MIN_BYTES
    fusion.CHUNKED_MIN_BYTES = 0
    try:
        data = np.arange(1000, dtype=np.float32)
        first = sess.run(x, {p: data})
        kept = first.copy()
        second = sess.run(x, {p: data + 1})
        assert second is not first
        np.testing.assert_array_equal(first, kept)  # the held result was not overwritten
        address = second.__array_interface__["data"][0]
        del second
        third = sess.run(x, {p: data})
        np.testing.assert_array_equal(third, kept)
        assert third.__array_interface__["data"][0] == address  # the released buffer came back
    finally:
        fusion.CHUNKED_MIN_BYTES = saved


def test_a_const_value_edit_keeps_the_plan_and_updates_the_result() -> None:
    g = engine.Graph()
    a = g.add_op("Const", "a", attrs={"value": [1.0, 2.0]})
    b = g.add_op("Const", "b", attrs={"value": [10.0, 20.0]})
    add = g.add_op("AddV2", "add", inputs=[a.outputs[0], b.outputs[0]])
    sess = engine.Session(graph=g, device="cpu")
    assert sess.run(add.outputs[0]).tolist() == [11.0, 22.0]
    plan = next(iter(sess._plans.values()))
    g.set_attrs(a, {"value": [5.0, 6.0]})
    assert sess.run(add.outputs[0]).tolist() == [15.0, 26.0]
    assert next(iter(sess._plans.values())) is plan
    g.set_attrs(a, {"value": [1.0, 2.0, 3.0]})  # a new shape: a new plan
    g.set_attrs(b, {"value": 1.0})
    assert sess.run(add.outputs[0]).tolist() == [2.0, 3.0, 4.0]
    assert next(iter(sess._plans.values())) is not plan


def _branches(n: int) -> tuple[engine.Graph, list[Any], list[Any]]:
    """n independent branches, each a placeholder-fed chain ending in an output."""
    g = engine.Graph()
    consts, outs = [], []
    p = g.add_op("Placeholder", "p", attrs={"dtype": engine.float32, "shape": [4],
                                             "default_value": [1.0, 2.0, 3.0, 4.0]})
    for i in range(n):
        c = g.add_op("Const", f"c{i}", attrs={"value": float(i)})
        m = g.add_op("Mul", f"m{i}", inputs=[p.outputs[0], c.outputs[0]])
        out = g.add_op("Sqrt", f"out{i}", inputs=[g.add_op("Square", f"q{i}",
                                                             inputs=[m.outputs[0]]).outputs[0]])
        consts.append(c)
        outs.append(out.outputs[0])
    return g, consts, outs


def test_the_value_cache_recomputes_only_downstream_of_an_edit() -> None:
    g, consts, outs = _branches(5)
    sess = engine.Session(graph=g, device="cpu", cache=True, optimize=False)
    first = RunMetadata()
    sess.run(outs, run_metadata=first)
    assert len(first.executed) == 1 + 5 * 4  # p, then c, m, q, out per branch
    again = RunMetadata()
    sess.run(outs, run_metadata=again)
    assert again.executed == [] and len(again.cached) == 21
    g.set_attrs(consts[2], {"value": 7.0})
    edited = RunMetadata()
    values = sess.run(outs, run_metadata=edited)
    assert sorted(edited.executed) == ["c2", "m2", "out2", "q2"]
    assert values[2].tolist() == [7.0, 14.0, 21.0, 28.0]
    g.set_attrs(consts[2], {"value": 2.0})  # undo: the old values come back from the cache
    undone = RunMetadata()
    values = sess.run(outs, run_metadata=undone)
    assert undone.executed == [] and values[2].tolist() == [2.0, 4.0, 6.0, 8.0]


def test_cached_values_are_keyed_by_fed_values() -> None:
    g, _, outs = _branches(2)
    p = g.get_tensor_by_name("p:0")
    sess = engine.Session(graph=g, device="cpu", cache=True)
    a = sess.run(outs[1], {p: [1.0, 1.0, 1.0, 1.0]})
    b = sess.run(outs[1], {p: [2.0, 2.0, 2.0, 2.0]})
    assert a.tolist() == [1.0] * 4 and b.tolist() == [2.0] * 4
    meta = RunMetadata()
    c = sess.run(outs[1], {p: [1.0, 1.0, 1.0, 1.0]}, run_metadata=meta)
    assert c.tolist() == [1.0] * 4 and meta.executed == []


def test_a_cached_result_is_handed_out_read_only_and_cannot_be_changed() -> None:
    g, _, outs = _branches(1)
    sess = engine.Session(graph=g, device="cpu", cache=True, optimize=False)  # no folding
    first = sess.run(outs[0])
    assert not first.flags.writeable
    with pytest.raises(ValueError):
        first[:] = -1
    again = sess.run(outs[0])
    assert again is not first and again.tolist() == [0.0, 0.0, 0.0, 0.0]


def test_without_the_cache_results_are_writeable_copies() -> None:
    g, _, outs = _branches(1)
    sess = engine.Session(graph=g, device="cpu")
    first = sess.run(outs[0])
    first[:] = -1
    assert sess.run(outs[0]).tolist() == [0.0, 0.0, 0.0, 0.0]


def test_a_runtime_error_inside_a_fused_group_names_the_failing_op() -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[None], name="a")
        b = engine.placeholder(engine.float32, shape=[None], name="b")
        y = (a * 2.0 + b) * 3.0
    with pytest.raises(engine.InvalidArgumentError) as info:
        engine.Session(graph=g, device="cpu").run(y, {a: [1.0, 2.0], b: [1.0, 2.0, 3.0]})
    assert info.value.op.name == "add"
    # TF's optimizer sorts a commutative op's inputs by name: b before mul
    assert info.value.detail == "Incompatible shapes: [3] vs. [2]"


def test_peak_bytes_of_a_fused_chain_hold_only_its_output() -> None:
    g, p, x = _chain(8, shape=[100_000])
    meta = RunMetadata()
    engine.Session(graph=g, device="cpu").run(x, {p: np.ones(100_000, np.float32)},
                                              run_metadata=meta)
    assert meta.peak_bytes == 400_000
    plain = RunMetadata()
    engine.Session(graph=g, device="cpu", optimize=False).run(
        x, {p: np.ones(100_000, np.float32)}, run_metadata=plain)
    # one live intermediate plus the output (and the scalar consts)
    assert 2 * 400_000 <= plain.peak_bytes <= 2 * 400_000 + 1024


def test_fold_false_runs_constant_ops_in_the_run_and_still_fuses() -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.constant([1.0, 2.0], name="a")
        y = (a * 2.0 + 1.0) * 3.0
    seen: list[str] = []
    meta = RunMetadata()
    sess = engine.Session(graph=g, device="cpu", fold=False)
    value = sess.run(y, run_metadata=meta, on_op=lambda s, op, t: seen.append(f"{s} {op.name}"))
    assert value.tolist() == [9.0, 15.0]
    assert "done a" in seen  # the Const ran in the run, where the callback sees it
    assert meta.ops["mul"].group == y.op.name  # the elementwise chain is one fused group
    folded = RunMetadata()
    engine.Session(graph=g, device="cpu").run(y, run_metadata=folded)
    assert folded.executed == []  # with folding, nothing is left to run


def test_a_chain_reading_a_folded_constant_sees_the_constant_s_new_value() -> None:
    g = engine.Graph()
    p = g.add_op("Placeholder", "p", attrs={"dtype": engine.float32, "shape": []})
    c = g.add_op("Const", "c", attrs={"value": np.float32(2.0)})
    h = p.outputs[0]
    for i in range(4):
        h = g.add_op("Mul" if i % 2 else "AddV2", f"op{i}", inputs=[h, c.outputs[0]]).outputs[0]
    sess = engine.Session(graph=g, device="cpu")
    assert sess.run(h, {p.outputs[0]: 1.0}) == ((1.0 + 2.0) * 2.0 + 2.0) * 2.0
    plan = next(iter(sess._plans.values()))
    assert len(plan.steps) == 1 and plan.steps[0].group is not None
    g.set_attrs(c, {"value": np.float32(3.0)})
    assert sess.run(h, {p.outputs[0]: 1.0}) == ((1.0 + 3.0) * 3.0 + 3.0) * 3.0
    assert next(iter(sess._plans.values())) is plan  # refreshed, not recompiled


@pytest.mark.parametrize(("settings_", "kernel"), [
    ({}, "op by op"),
    ({"CHUNKED_MIN_BYTES": 0, "JIT_MIN_WORK": 1 << 30}, "numpy, in chunks"),
    ({"CHUNKED_MIN_BYTES": 0, "JIT_MIN_WORK": 1 << 30, "USE_CHUNKS": False,
      "NUMEXPR_MIN_ELEMENTS": 0}, "numexpr"),
])
def test_run_metadata_says_how_a_fused_group_ran(
    monkeypatch: pytest.MonkeyPatch, settings_: dict[str, Any], kernel: str
) -> None:
    for name, value in settings_.items():
        monkeypatch.setattr(*_setting(name), value)
    g, p, x = _chain(8, shape=[None])
    meta = RunMetadata()
    engine.Session(graph=g, device="cpu").run(x, {p: np.ones(100, np.float32)},
                                              run_metadata=meta)
    assert meta.ops[x.op.name].kernel == kernel
    assert all(s.kernel is None for n, s in meta.ops.items() if n != x.op.name)


def test_a_fused_chain_matches_the_unfused_run_on_every_backend(backend: Any) -> None:
    """On a GPU the group is one generated cupy kernel, compiled without FMA contraction."""
    g, p, x = _chain(9, shape=[None])
    data = np.linspace(-2, 2, 5000, dtype=np.float32)
    fused = backend.session(g).run(x, {p: data})
    plain = backend.session(g, optimize=False).run(x, {p: data})
    assert fused.dtype == plain.dtype == np.float32
    np.testing.assert_array_equal(fused, plain)


@pytest.mark.parametrize("source", [engine.int32, engine.int64, engine.uint64, engine.bool,
                                    engine.float64])
def test_a_cast_to_float_joins_the_fused_group_it_feeds(
    monkeypatch: pytest.MonkeyPatch, source: Any
) -> None:
    monkeypatch.setattr(fusion, "CHUNKED_MIN_BYTES", 0)  # the chunked path, at any size
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 1 << 30)
    g = engine.Graph()
    with g.as_default():
        i = engine.placeholder(source, shape=[None], name="i")
        f = engine.placeholder(engine.float32, shape=[None], name="f")
        y = (engine.cast(i, engine.float32) * 2.5 + f) / 3.0
    rng = np.random.default_rng(5)
    feeds = {i: _values_of(rng, source, (1000,)), f: rng.random(1000, dtype=np.float32)}
    meta = RunMetadata()
    got = engine.Session(graph=g, device="cpu").run(y, feeds, run_metadata=meta)
    assert meta.ops["Cast"].group == y.op.name
    assert meta.ops[y.op.name].kernel == "numpy, in chunks"
    _same(got, engine.Session(graph=g, device="cpu", optimize=False).run(y, feeds))


def test_a_cast_s_input_of_another_float_dtype_is_not_fused_with_it() -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float64, shape=[None], name="a")
        y = engine.cast(a * 3.0 - 1.0, engine.float32) + 2.0
    meta = RunMetadata()
    feeds = {a: np.linspace(-1e39, 1e39, 101)}  # past float32's range: inf after the cast
    got = engine.Session(graph=g, device="cpu").run(y, feeds, run_metadata=meta)
    assert meta.ops["Cast"].group == y.op.name
    assert meta.ops["mul"].group == "sub" != meta.ops["Cast"].group  # float64 ops: their own
    _same(got, engine.Session(graph=g, device="cpu", optimize=False).run(y, feeds))
    assert np.isinf(got[0]) and np.isinf(got[-1])


def test_overflow_in_chunks_on_worker_threads_warns_nothing(monkeypatch: pytest.MonkeyPatch,
                                                            recwarn: Any) -> None:
    for name, value in LARGE_PATHS["chunked"].items():
        monkeypatch.setattr(*_setting(name), value)
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 1 << 30)
    g, p, x = _chain(4, shape=[None])
    got = engine.Session(graph=g, device="cpu").run(x, {p: np.full(64, 3e38, np.float32)})
    assert np.isinf(got).all()
    assert [w for w in recwarn if issubclass(w.category, RuntimeWarning)] == []


def test_a_group_s_cupy_kernel_declares_each_input_s_own_dtype() -> None:
    """Checked where cupy is installed, GPU or not: cupy parses a kernel's parameters when
    the kernel is made (CUDA compiles it at its first launch, which needs a GPU)."""
    pytest.importorskip("cupy", reason="cupy is not installed (the gpu extra)")
    g = engine.Graph()
    with g.as_default():
        flags = engine.placeholder(engine.bool, shape=[None], name="flags")
        counts = engine.placeholder(engine.uint64, shape=[None], name="counts")
        x = engine.placeholder(engine.float32, shape=[None], name="x")
        y = -engine.square(engine.cast(flags, engine.float32) * x
                           + engine.cast(counts, engine.float32)) / x
    sess = engine.Session(graph=g, device="cpu")
    sess.run(y, {flags: [True], counts: [3], x: [2.0]})
    group = next(iter(sess._plans.values())).steps[0].group
    assert group is not None and len(group.ops) == 7
    kernel = group.cupy_kernel()
    assert [(p.name, p.dtype.name) for p in kernel.in_params] == [
        ("v0", "bool"), ("v1", "float32"), ("v2", "uint64")]
    assert [(p.name, p.dtype.name) for p in kernel.out_params] == [("out", "float32")]
    assert kernel.operation == (
        "out = ((-(((((float)(v0)) * v1) + ((float)(v2))) * ((((float)(v0)) * v1) + "
        "((float)(v2))))) / v1)"
    )


def test_a_group_s_cuda_expression_is_valid_c(tmp_path: Any) -> None:
    """The expression a GPU kernel compiles, checked by the host's C compiler."""
    import shutil
    import subprocess

    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler on this machine")
    g = engine.Graph()
    with g.as_default():
        i = engine.placeholder(engine.int32, shape=[None], name="i")
        x = engine.placeholder(engine.float64, shape=[None], name="x")
        y = -(engine.cast(i, engine.float64) / x - x * x) + engine.square(x)
    sess = engine.Session(graph=g, device="cpu")
    sess.run(y, {i: [1], x: [2.0]})
    group = next(iter(sess._plans.values())).steps[0].group
    assert group is not None
    source = tmp_path / "kernel.c"
    source.write_text(f"double f(int v0, double v1) {{ return {group.expression}; }}\n")
    done = subprocess.run([cc, "-fsyntax-only", "-Wall", "-Werror", str(source)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
