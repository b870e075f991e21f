"""What a Session run does at run time: the values it hands back, the errors it raises, the
plans it caches, the memory it frees, the constants it folds and the progress it reports."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

import engine
from engine import (
    Graph,
    InvalidArgumentError,
    Operation,
    RunMetadata,
    Session,
)
from engine.client import session as session_module
from engine.framework import dtypes as dt
from engine.framework import registry as op_registry

from ..conftest import KernelBackend, const


def placeholder(g: Graph, name: str, shape: Any, dtype: Any = dt.float32) -> Operation:
    return g.add_op("Placeholder", name, {"shape": shape, "dtype": dtype})


# --- results are the caller's to keep ------------------------------------------------------
def _assert_fresh_and_private(run: Any, expected: list[Any]) -> None:
    """Two runs give two writeable arrays; writing into one changes neither the other nor a
    third run."""
    first = run()
    assert isinstance(first, np.ndarray)
    assert first.flags.writeable
    assert first.tolist() == expected
    first[...] = -999
    second = run()
    assert second is not first
    assert second.flags.writeable
    assert second.tolist() == expected
    second[...] = 555
    assert run().tolist() == expected


def test_a_computed_result_is_fresh_and_writeable(backend: KernelBackend) -> None:
    g = Graph()
    a, b = const(g, "a", [1.0, 2.0]), const(g, "b", [3.0, 4.0])
    add = g.add_op("AddV2", inputs=[a.outputs[0], b.outputs[0]])
    sess = backend.session(g, optimize=False)  # the add runs in every run
    _assert_fresh_and_private(lambda: sess.run(add.outputs[0]), [4.0, 6.0])


def test_a_folded_result_is_fresh_and_writeable(backend: KernelBackend) -> None:
    g = Graph()
    a, b = const(g, "a", [1.0, 2.0]), const(g, "b", [3.0, 4.0])
    add = g.add_op("AddV2", inputs=[a.outputs[0], b.outputs[0]])
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    sess = backend.session(g, optimize=True)
    _assert_fresh_and_private(lambda: sess.run(neg.outputs[0]), [-4.0, -6.0])


@pytest.mark.parametrize("optimize", [True, False], ids=["folded", "unfolded"])
def test_a_fetched_const_is_a_fresh_writeable_copy(
    backend: KernelBackend, optimize: bool
) -> None:
    g = Graph()
    c = const(g, "c", [[1, 2], [3, 4]], dt.int32)
    sess = backend.session(g, optimize=optimize)
    _assert_fresh_and_private(lambda: sess.run(c.outputs[0]), [[1, 2], [3, 4]])
    assert c.get_attr("value").tolist() == [[1, 2], [3, 4]]


def test_a_fetched_fed_tensor_is_a_copy_of_the_caller_array(backend: KernelBackend) -> None:
    g = Graph()
    p = placeholder(g, "p", [2])
    fed = np.array([1.0, 2.0], dtype=np.float32)
    sess = backend.session(g)
    _assert_fresh_and_private(lambda: sess.run(p.outputs[0], {p.outputs[0]: fed}), [1.0, 2.0])
    assert fed.tolist() == [1.0, 2.0]


def test_identity_of_a_fed_array_is_a_copy_of_the_caller_array(backend: KernelBackend) -> None:
    g = Graph()
    p = placeholder(g, "p", [None])
    ident = g.add_op("Identity", inputs=[p.outputs[0]])
    fed = np.array([5.0, 6.0, 7.0], dtype=np.float32)
    sess = backend.session(g)
    result = sess.run(ident.outputs[0], {p.outputs[0]: fed})
    assert result is not fed
    result[0] = 0.0
    assert fed.tolist() == [5.0, 6.0, 7.0]
    _assert_fresh_and_private(lambda: sess.run(ident.outputs[0], {p.outputs[0]: fed}),
                              [5.0, 6.0, 7.0])


def test_placeholder_default_value_result_is_a_copy(backend: KernelBackend) -> None:
    g = Graph()
    p = g.add_op("Placeholder", "p", {"shape": [2], "default_value": [1.0, 2.0]})
    sess = backend.session(g, optimize=False)
    _assert_fresh_and_private(lambda: sess.run(p.outputs[0]), [1.0, 2.0])
    assert p.get_attr("default_value").tolist() == [1.0, 2.0]


def test_a_large_fused_result_is_not_overwritten_by_the_next_run() -> None:
    n = (1 << 21) + 1  # large enough for the CPU's fused path with reused buffers
    g = Graph()
    x = placeholder(g, "x", [n])
    neg = g.add_op("Neg", inputs=[x.outputs[0]])
    sq = g.add_op("Square", inputs=[neg.outputs[0]])
    out = g.add_op("Neg", inputs=[sq.outputs[0]])
    sess = Session(graph=g, optimize=True)
    first = sess.run(out.outputs[0], {x.outputs[0]: np.full(n, 2.0, np.float32)})
    second = sess.run(out.outputs[0], {x.outputs[0]: np.full(n, 3.0, np.float32)})
    assert not np.shares_memory(first, second)
    assert (first == -4.0).all() and (second == -9.0).all()


def test_a_scalar_comes_back_as_a_numpy_scalar(backend: KernelBackend) -> None:
    g = Graph()
    with g.as_default():
        d = (engine.constant(5) + engine.constant(6)) * engine.constant(7)
    result = backend.session(g).run(d)
    assert type(result) is np.int32
    assert result == np.int32(77)
    assert not isinstance(result, np.ndarray)


def test_a_fed_scalar_comes_back_as_a_numpy_scalar(backend: KernelBackend) -> None:
    g = Graph()
    p = placeholder(g, "p", [], dt.float64)
    sq = g.add_op("Square", inputs=[p.outputs[0]])
    result = backend.session(g).run([p.outputs[0], sq.outputs[0]], {p.outputs[0]: 1.5})
    assert [type(r) for r in result] == [np.float64, np.float64]
    assert result == [1.5, 2.25]


def test_results_mirror_the_fetch_structure() -> None:
    g = Graph()
    a, b = const(g, "a", 1.0), const(g, "b", 2.0)
    result = Session(graph=g).run({"a": a.outputs[0], "pair": (b.outputs[0], [a.outputs[0]])})
    assert result == {"a": np.float32(1.0), "pair": (np.float32(2.0), [np.float32(1.0)])}


def test_fetching_an_operation_gives_none() -> None:
    g = Graph()
    a = const(g, "a", [1.0])
    neg = g.add_op("Neg", inputs=[a.outputs[0]])
    assert Session(graph=g).run([neg, neg.outputs[0]])[0] is None


# --- run-time errors ------------------------------------------------------------------------
def _unknown_batch_add(g: Graph) -> tuple[Operation, Operation, Operation]:
    x = placeholder(g, "x", [None, 3])
    y = placeholder(g, "y", [None, 3])
    add = g.add_op("AddV2", inputs=[x.outputs[0], y.outputs[0]])
    return x, y, add


def test_a_runtime_shape_mismatch_is_an_invalid_argument_error_on_the_op(
    backend: KernelBackend,
) -> None:
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    assert add.is_valid  # [?,3] + [?,3] infers: the mismatch only shows at run time
    sess = backend.session(g)
    with pytest.raises(InvalidArgumentError) as info:
        sess.run(add.outputs[0], {x.outputs[0]: np.ones((2, 3)), y.outputs[0]: np.ones((4, 3))})
    assert "Incompatible shapes: [2,3] vs. [4,3]" in str(info.value)
    assert info.value.op.name == "add"
    assert info.value.op is add
    assert info.value.detail == "Incompatible shapes: [2,3] vs. [4,3]"
    assert str(info.value).endswith("[[{{node add}}]]")


def test_the_session_still_runs_after_a_runtime_error(backend: KernelBackend) -> None:
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    sess = backend.session(g)
    with pytest.raises(InvalidArgumentError):
        sess.run(add.outputs[0], {x.outputs[0]: np.ones((2, 3)), y.outputs[0]: np.ones((4, 3))})
    result = sess.run(add.outputs[0], {x.outputs[0]: np.ones((1, 3)),
                                       y.outputs[0]: np.ones((1, 3))})
    assert result.tolist() == [[2.0, 2.0, 2.0]]


def test_a_runtime_error_names_the_failing_op_not_the_fetch(backend: KernelBackend) -> None:
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    out = g.add_op("Neg", "out", inputs=[add.outputs[0]])  # fused with add (numpy, GPU)
    with pytest.raises(InvalidArgumentError) as info:
        backend.session(g).run(out.outputs[0], {x.outputs[0]: np.ones((2, 3)),
                                                y.outputs[0]: np.ones((4, 3))})
    assert info.value.op is add
    assert info.value.detail == "Incompatible shapes: [2,3] vs. [4,3]"


def test_a_fed_value_that_does_not_fit_the_static_shape_is_refused_before_running() -> None:
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2, 4\) for Tensor x:0, "
                                         r"which has shape \(\?, 3\)"):
        Session(graph=g).run(add.outputs[0], {x.outputs[0]: np.ones((2, 4)),
                                              y.outputs[0]: np.ones((2, 3))})


def test_an_unfed_placeholder_is_tf_missing_feed_error() -> None:
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    with pytest.raises(InvalidArgumentError) as info:
        Session(graph=g).run(add.outputs[0], {y.outputs[0]: np.ones((1, 3))})
    assert info.value.detail == (
        "You must feed a value for placeholder tensor 'x' with dtype float and shape [?,3]"
    )
    assert info.value.op is x


# --- plan caching ---------------------------------------------------------------------------
class CompileCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = session_module.compile_plan

        def counting(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(session_module, "compile_plan", counting)


def test_the_same_fetches_and_feeds_reuse_a_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    compiles = CompileCounter(monkeypatch)
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    sess = Session(graph=g)
    for n in (1, 2, 3):
        result = sess.run(add.outputs[0], {x.outputs[0]: np.ones((n, 3)),
                                           y.outputs[0]: np.ones((n, 3))})
        assert result.shape == (n, 3)
    assert compiles.calls == 1
    assert len(sess._plans) == 1


def test_feeds_named_differently_reuse_the_same_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    compiles = CompileCounter(monkeypatch)
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    sess = Session(graph=g)
    ones = np.ones((1, 3))
    sess.run(add.outputs[0], {x.outputs[0]: ones, y.outputs[0]: ones})
    sess.run("add:0", {"x:0": ones, "y:0": ones})
    assert compiles.calls == 1


def test_other_fetches_or_feeds_compile_another_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    compiles = CompileCounter(monkeypatch)
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    neg = g.add_op("Neg", inputs=[add.outputs[0]])
    sess = Session(graph=g)
    feeds = {x.outputs[0]: np.ones((1, 3)), y.outputs[0]: np.ones((1, 3))}
    sess.run(add.outputs[0], feeds)
    sess.run(neg.outputs[0], feeds)
    sess.run(neg.outputs[0], {**feeds, add.outputs[0]: np.zeros((1, 3))})
    assert compiles.calls == 3
    assert len(sess._plans) == 3


def test_a_graph_edit_invalidates_the_cached_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    compiles = CompileCounter(monkeypatch)
    g = Graph()
    a = const(g, "a", [1.0, 2.0])
    neg = g.add_op("Neg", inputs=[a.outputs[0]])
    sess = Session(graph=g)
    assert sess.run(neg.outputs[0]).tolist() == [-1.0, -2.0]
    g.set_attrs(a, {"value": [3.0]})
    assert sess.run(neg.outputs[0]).tolist() == [-3.0]
    assert compiles.calls == 2
    assert sess.run(neg.outputs[0]).tolist() == [-3.0]
    assert compiles.calls == 2
    b = const(g, "b", [10.0])
    g.connect(b.outputs[0], neg, 0)
    assert sess.run(neg.outputs[0]).tolist() == [-10.0]
    assert compiles.calls == 3


def test_a_removed_op_can_no_longer_be_fetched_even_after_an_earlier_run() -> None:
    g = Graph()
    a = const(g, "a", [1.0, 2.0])
    neg = g.add_op("Neg", inputs=[a.outputs[0]])
    sess = Session(graph=g)
    assert sess.run(neg.outputs[0]).tolist() == [-1.0, -2.0]
    g.remove_op(neg)
    with pytest.raises(ValueError, match="'Neg' was removed"):
        sess.run(neg.outputs[0])
    with pytest.raises(ValueError, match="'Neg' is not an element of this graph"):
        sess.run(neg)


def test_a_name_fetched_before_a_removal_finds_the_op_that_took_the_name() -> None:
    g = Graph()
    a = const(g, "a", [1.0, 2.0])
    neg = g.add_op("Neg", "y", inputs=[a.outputs[0]])
    sess = Session(graph=g)
    assert sess.run("y:0").tolist() == [-1.0, -2.0]
    g.remove_op(neg)
    g.add_op("Square", "y", inputs=[a.outputs[0]], exact_name=True)
    assert sess.run("y:0").tolist() == [1.0, 4.0]


def test_a_value_only_edit_gives_the_new_values() -> None:
    g = Graph()
    a = const(g, "a", [1.0, 2.0])
    b = const(g, "b", [10.0, 10.0])
    mul = g.add_op("Mul", inputs=[a.outputs[0], b.outputs[0]])
    p = placeholder(g, "p", [2])
    out = g.add_op("AddV2", inputs=[mul.outputs[0], p.outputs[0]])
    sess = Session(graph=g)
    feeds = {p.outputs[0]: [0.5, 0.5]}
    assert sess.run(out.outputs[0], feeds).tolist() == [10.5, 20.5]
    g.set_attrs(a, {"value": [3.0, 4.0]})  # same shape and dtype: the plan may be kept
    assert sess.run(out.outputs[0], feeds).tolist() == [30.5, 40.5]
    g.set_attrs(b, {"value": [-1.0, 1.0]})
    assert sess.run(out.outputs[0], feeds).tolist() == [-2.5, 4.5]
    assert len(sess._plans) == 1


# --- memory ---------------------------------------------------------------------------------
_N = 1_000_000  # float32: 4 MB per tensor
_MB4 = 4 * _N


def _chain_of_eight(g: Graph) -> tuple[Operation, Operation]:
    x = placeholder(g, "x", [_N])
    prev = x
    for op_type in ("Neg", "Abs", "Square", "Sqrt", "Exp", "Neg", "Exp", "Identity"):
        prev = g.add_op(op_type, inputs=[prev.outputs[0]])
    return x, prev


@pytest.mark.parametrize("optimize", [True, False], ids=["fused", "op-by-op"])
def test_intermediates_are_freed_after_their_last_use(optimize: bool) -> None:
    g = Graph()
    x, out = _chain_of_eight(g)
    fed = np.linspace(-1.0, 1.0, _N, dtype=np.float32)
    meta = RunMetadata()
    sess = Session(graph=g, optimize=optimize)
    result = sess.run(out.outputs[0], {x.outputs[0]: fed}, run_metadata=meta)
    assert meta.executed == [
        "Neg", "Abs", "Square", "Sqrt", "Exp", "Neg_1", "Exp_1", "Identity"
    ]
    assert meta.peak_bytes <= 3 * _MB4 + fed.nbytes
    assert meta.peak_bytes >= _MB4
    np.testing.assert_allclose(result, np.exp(-np.exp(np.abs(fed))), rtol=1e-6)


@pytest.mark.parametrize("optimize", [True, False], ids=["fused", "op-by-op"])
def test_intermediates_are_freed_without_metadata_too(optimize: bool) -> None:
    g = Graph()
    x, out = _chain_of_eight(g)
    fed = np.linspace(-1.0, 1.0, _N, dtype=np.float32)
    sess = Session(graph=g, optimize=optimize)
    sess.run(out.outputs[0], {x.outputs[0]: fed})  # compile outside the measurement
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = sess.run(out.outputs[0], {x.outputs[0]: fed})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.shape == (_N,)
    assert peak <= 3 * _MB4 + _MB4 // 2, f"peak {peak / 1e6:.1f} MB"


def test_a_fetched_intermediate_is_kept_while_others_are_freed() -> None:
    g = Graph()
    x, out = _chain_of_eight(g)
    middle = g.get_operation_by_name("Sqrt")
    fed = np.linspace(-1.0, 1.0, _N, dtype=np.float32)
    meta = RunMetadata()
    mid, last = Session(graph=g, optimize=False).run([middle.outputs[0], out.outputs[0]],
                                     {x.outputs[0]: fed}, run_metadata=meta)
    np.testing.assert_allclose(mid, np.abs(fed), rtol=1e-6)
    assert last.shape == (_N,)
    assert meta.peak_bytes <= 4 * _MB4


# --- constant folding -----------------------------------------------------------------------
class KernelCounter:
    """Counts kernel calls per op type, for ops created after it is installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *op_types: str) -> None:
        self.calls = dict.fromkeys(op_types, 0)
        for op_type in op_types:
            original = op_registry.get_op_def(op_type)
            monkeypatch.setitem(
                op_registry._REGISTRY, op_type,
                replace(original, kernel=self._counting(op_type, original.kernel)),
            )

    def _counting(self, op_type: str, kernel: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[op_type] += 1
            return kernel(*args, **kwargs)

        return counted


def _folding_graph() -> tuple[Graph, Operation, Operation]:
    g = Graph()
    a = const(g, "a", [1.0, 2.0])
    b = const(g, "b", [3.0, 4.0])
    mul = g.add_op("Mul", "mul", inputs=[a.outputs[0], b.outputs[0]])
    p = placeholder(g, "p", [2])
    out = g.add_op("AddV2", "out", inputs=[mul.outputs[0], p.outputs[0]])
    return g, p, out


def _run_three_times(sess: Session, p: Operation, out: Operation) -> list[list[float]]:
    return [sess.run(out.outputs[0], {p.outputs[0]: [k, k]}).tolist() for k in (0.0, 1.0, 2.0)]


def test_constant_subgraphs_are_folded_once_with_optimize(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counter = KernelCounter(monkeypatch, "Const", "Mul", "AddV2")
    g, p, out = _folding_graph()
    sess = Session(graph=g, optimize=True)
    results = _run_three_times(sess, p, out)
    assert results == [[3.0, 8.0], [4.0, 9.0], [5.0, 10.0]]
    assert counter.calls == {"Const": 2, "Mul": 1, "AddV2": 3}


def test_nothing_is_folded_without_optimize(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = KernelCounter(monkeypatch, "Const", "Mul", "AddV2")
    g, p, out = _folding_graph()
    sess = Session(graph=g, optimize=False)
    results = _run_three_times(sess, p, out)
    assert results == [[3.0, 8.0], [4.0, 9.0], [5.0, 10.0]]
    assert counter.calls == {"Const": 6, "Mul": 3, "AddV2": 3}


def test_folded_and_unfolded_runs_give_identical_results(backend: KernelBackend) -> None:
    g, p, out = _folding_graph()
    folded = _run_three_times(backend.session(g, optimize=True), p, out)
    unfolded = _run_three_times(backend.session(g, optimize=False), p, out)
    assert folded == unfolded


def test_folded_ops_are_not_executed_at_run_time() -> None:
    g, p, out = _folding_graph()
    folded, unfolded = RunMetadata(), RunMetadata()
    Session(graph=g, optimize=True).run(out.outputs[0], {p.outputs[0]: [0, 0]},
                                        run_metadata=folded)
    Session(graph=g, optimize=False).run(out.outputs[0], {p.outputs[0]: [0, 0]},
                                         run_metadata=unfolded)
    assert folded.executed == ["out"]
    assert unfolded.executed == ["a", "b", "mul", "out"]


def test_a_constant_subgraph_that_fails_reports_its_op_at_run_time() -> None:
    g = Graph()
    base = const(g, "base", [2, 3], dt.int32)
    exponent = const(g, "exponent", [-1, 2], dt.int32)
    bad = g.add_op("Pow", "bad", inputs=[base.outputs[0], exponent.outputs[0]])
    with pytest.raises(InvalidArgumentError) as info:
        Session(graph=g, optimize=True).run(bad.outputs[0])
    assert info.value.op is bad
    assert "Integers to negative integer powers are not allowed" in str(info.value)


def test_an_edit_refolds_the_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = KernelCounter(monkeypatch, "Mul")
    g, p, out = _folding_graph()
    sess = Session(graph=g, optimize=True)
    _run_three_times(sess, p, out)
    g.set_attrs(g.get_operation_by_name("a"), {"value": [10.0, 10.0]})
    assert sess.run(out.outputs[0], {p.outputs[0]: [0, 0]}).tolist() == [30.0, 40.0]
    assert counter.calls == {"Mul": 2}


# --- progress and cancelling ----------------------------------------------------------------
def _progress_graph() -> tuple[Graph, Operation, Operation]:
    g = Graph()
    p = placeholder(g, "p", [2])
    neg = g.add_op("Neg", "neg", inputs=[p.outputs[0]])
    sq = g.add_op("Square", "sq", inputs=[neg.outputs[0]])
    out = g.add_op("Identity", "out", inputs=[sq.outputs[0]])
    return g, p, out


def test_on_op_is_told_started_and_done_for_each_executed_op() -> None:
    g, p, out = _progress_graph()
    seen: list[tuple[str, str]] = []
    seconds: list[float] = []

    def on_op(state: str, op: Operation, secs: float) -> None:
        seen.append((state, op.name))
        if state == "done":
            seconds.append(secs)

    sess = Session(graph=g, optimize=False)  # one step per op
    result = sess.run(out.outputs[0], {p.outputs[0]: [1.0, 2.0]}, on_op=on_op)
    assert result.tolist() == [1.0, 4.0]
    assert seen == [
        ("started", "neg"), ("done", "neg"),
        ("started", "sq"), ("done", "sq"),
        ("started", "out"), ("done", "out"),
    ]
    assert len(seconds) == 3 and all(s >= 0.0 for s in seconds)


def test_on_op_is_told_of_every_op_of_a_fused_chain() -> None:
    g, p, out = _progress_graph()
    seen: list[tuple[str, str]] = []
    sess = Session(graph=g, optimize=True)  # neg -> sq -> out may run as one fused kernel
    result = sess.run(out.outputs[0], {p.outputs[0]: [1.0, 2.0]},
                      on_op=lambda s, op, t: seen.append((s, op.name)))
    assert result.tolist() == [1.0, 4.0]
    for name in ("neg", "sq", "out"):
        assert seen.count(("started", name)) == 1
        assert seen.count(("done", name)) == 1
        assert seen.index(("started", name)) < seen.index(("done", name))
    done = [name for state, name in seen if state == "done"]
    assert done == ["neg", "sq", "out"]


def test_on_op_is_not_told_of_folded_ops() -> None:
    g, p, out = _folding_graph()
    seen: list[str] = []
    Session(graph=g, optimize=True).run(
        out.outputs[0], {p.outputs[0]: [0, 0]}, on_op=lambda s, op, t: seen.append(op.name)
    )
    assert seen == ["out", "out"]


class Stop(Exception):
    pass


def test_raising_in_on_op_cancels_the_run_and_changes_nothing() -> None:
    g, p, out = _progress_graph()
    sess = Session(graph=g, optimize=False)
    fed = np.array([1.0, 2.0], dtype=np.float32)
    version = g.version
    seen: list[tuple[str, str]] = []

    def cancel_at_sq(state: str, op: Operation, secs: float) -> None:
        seen.append((state, op.name))
        if op.name == "sq" and state == "started":
            raise Stop("cancelled by the user")

    with pytest.raises(Stop, match="cancelled by the user"):
        sess.run(out.outputs[0], {p.outputs[0]: fed}, on_op=cancel_at_sq)
    assert seen == [("started", "neg"), ("done", "neg"), ("started", "sq")]  # out never ran
    assert g.version == version
    assert fed.tolist() == [1.0, 2.0]
    assert all(op.is_valid for op in g.get_operations())
    assert sess.run(out.outputs[0], {p.outputs[0]: fed}).tolist() == [1.0, 4.0]


@pytest.mark.parametrize("optimize", [True, False], ids=["optimized", "plain"])
def test_an_exception_from_on_op_propagates_unchanged(optimize: bool) -> None:
    g, p, out = _progress_graph()
    stop = Stop("stop here")

    def on_op(state: str, op: Operation, secs: float) -> None:
        if op.name == "sq":
            raise stop

    sess = Session(graph=g, optimize=optimize)
    with pytest.raises(Stop) as info:
        sess.run(out.outputs[0], {p.outputs[0]: [1.0, 2.0]}, on_op=on_op)
    assert info.value is stop  # not wrapped into an error of the op
    assert sess.run(out.outputs[0], {p.outputs[0]: [3.0, 4.0]}).tolist() == [9.0, 16.0]


def test_raising_in_on_op_after_the_last_op_still_cancels() -> None:
    g, p, out = _progress_graph()

    def cancel_at_end(state: str, op: Operation, secs: float) -> None:
        if op.name == "out" and state == "done":
            raise Stop

    with pytest.raises(Stop):
        Session(graph=g).run(out.outputs[0], {p.outputs[0]: [1.0, 2.0]}, on_op=cancel_at_end)


def test_cancelled_error_from_on_op_is_raised_as_is() -> None:
    g, p, out = _progress_graph()
    cancel = engine.errors.CancelledError(None, None, "Run cancelled")

    def on_op(state: str, op: Operation, secs: float) -> None:
        raise cancel

    with pytest.raises(engine.errors.CancelledError) as info:
        Session(graph=g).run(out.outputs[0], {p.outputs[0]: [1.0, 2.0]}, on_op=on_op)
    assert info.value is cancel


def test_a_kernel_error_during_a_run_with_on_op_is_still_an_op_error() -> None:
    g = Graph()
    x, y, add = _unknown_batch_add(g)
    states: list[str] = []
    with pytest.raises(InvalidArgumentError) as info:
        Session(graph=g).run(
            add.outputs[0], {x.outputs[0]: np.ones((2, 3)), y.outputs[0]: np.ones((4, 3))},
            on_op=lambda s, op, t: states.append(s),
        )
    assert info.value.op is add
    assert states == ["started"]
