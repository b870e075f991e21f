"""Large float products on the CPU run through onnxruntime's MLAS GEMM, by a fixed rule,
with numpy's answers (to rounding) and the same bits every time."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import engine
from engine.ops import _gemm

pytest.importorskip("onnxruntime", reason="MLAS products need onnxruntime (a dependency)")

RNG = np.random.default_rng(7)


def _pair(m: int, k: int, n: int, dtype: type, ta: bool = False, tb: bool = False
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a = RNG.standard_normal((k, m) if ta else (m, k)).astype(dtype)
    b = RNG.standard_normal((n, k) if tb else (k, n)).astype(dtype)
    ref = (a.T if ta else a).astype(np.float64) @ (b.T if tb else b).astype(np.float64)
    return a, b, ref


@pytest.fixture
def fresh_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget which runtime was found, so a test can change what is found."""
    monkeypatch.setattr(_gemm, "_state", {})
    monkeypatch.setattr(_gemm, "_sessions", {})


@pytest.mark.parametrize("ta", [False, True])
@pytest.mark.parametrize("tb", [False, True])
def test_float32_product_with_each_transpose_matches_float64(ta: bool, tb: bool) -> None:
    a, b, ref = _pair(128, 784, 256, np.float32, ta, tb)
    out = _gemm.matmul(a, b, ta, tb)
    assert out is not None and out.dtype == np.float32 and out.shape == (128, 256)
    assert np.abs(out - ref).max() <= 1e-5 * np.abs(ref).max()


@pytest.mark.parametrize("ta", [False, True])
@pytest.mark.parametrize("tb", [False, True])
def test_float64_product_with_each_transpose_matches_numpy(ta: bool, tb: bool) -> None:
    a, b, ref = _pair(160, 200, 170, np.float64, ta, tb)
    out = _gemm.matmul(a, b, ta, tb)
    assert out is not None and out.dtype == np.float64
    assert np.abs(out - ref).max() <= 1e-12 * np.abs(ref).max()


def test_transposed_view_gives_the_bits_of_its_contiguous_copy() -> None:
    a, b, _ = _pair(256, 300, 128, np.float32)
    view = np.ascontiguousarray(a.T).T  # Fortran order: a transposed view of a C array
    assert not view.flags.c_contiguous
    np.testing.assert_array_equal(_gemm.matmul(view, b), _gemm.matmul(a, b))


def test_same_product_gives_the_same_bits_every_time() -> None:
    a, b, _ = _pair(128, 784, 256, np.float32)
    first = _gemm.matmul(a, b)
    for _ in range(10):
        np.testing.assert_array_equal(_gemm.matmul(a, b), first)


def test_product_numpy_runs_on_one_thread_is_left_to_numpy() -> None:
    a, b, _ = _pair(64, 64, 64, np.float32)
    assert 64 ** 3 == _gemm.BLAS_THREADED
    assert _gemm.matmul(a, b) is None


def test_product_openblas_would_share_runs_through_mlas() -> None:
    a, b, ref = _pair(128, 256, 10, np.float32)
    assert _gemm.BLAS_THREADED < 128 * 256 * 10 < 128 ** 3  # below where MLAS is faster
    out = _gemm.matmul(a, b)
    assert out is not None and np.abs(out - ref).max() <= 1e-5 * np.abs(ref).max()


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float16, np.complex64])
def test_other_dtypes_are_left_to_numpy(dtype: type) -> None:
    a = np.ones((200, 200), dtype)
    assert _gemm.matmul(a, a) is None


def test_strided_operand_is_left_to_numpy() -> None:
    a, b, _ = _pair(256, 512, 256, np.float32)
    assert _gemm.matmul(a[:, ::2], b[::2]) is None


def test_nan_and_inf_propagate_as_numpy_does() -> None:
    a, b, _ = _pair(128, 256, 128, np.float32)
    a[3, 5] = np.nan
    a[7, 0] = np.inf
    out = _gemm.matmul(a, b)
    expected = a @ b
    np.testing.assert_array_equal(np.isnan(out), np.isnan(expected))
    np.testing.assert_array_equal(np.isinf(out), np.isinf(expected))


def test_product_is_written_into_the_given_buffer() -> None:
    a, b, ref = _pair(128, 256, 128, np.float32)
    buffer = np.zeros((128, 128), np.float32)
    assert _gemm.matmul(a, b, out=buffer) is buffer
    assert np.abs(buffer - ref).max() <= 1e-5 * np.abs(ref).max()


def test_environment_switch_turns_the_path_off(fresh_runtime: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENSORCANVAS_GEMM", "numpy")
    a, b, _ = _pair(128, 784, 256, np.float32)
    assert _gemm.matmul(a, b) is None


def test_without_onnxruntime_numpy_runs_every_product(fresh_runtime: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails
    a, b, ref = _pair(128, 784, 256, np.float32)
    assert _gemm.matmul(a, b) is None
    g = engine.Graph()
    with g.as_default():
        y = engine.matmul(engine.constant(a), engine.constant(b))
    out = engine.Session(graph=g).run(y)
    assert np.abs(out - ref).max() <= 1e-5 * np.abs(ref).max()


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    calls: list[tuple[int, ...]] = []
    real = _gemm.matmul

    def spy(a: np.ndarray, b: np.ndarray, *args: object, **kw: object) -> np.ndarray | None:
        out = real(a, b, *args, **kw)  # type: ignore[arg-type]
        if out is not None:
            calls.append(out.shape)
        return out

    monkeypatch.setattr(_gemm, "matmul", spy)
    return calls


def test_session_runs_a_large_matmul_and_its_gradients_through_mlas(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch)
    xv, wv, ref = _pair(128, 784, 256, np.float32)
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 784])
        w = engine.constant(wv)
        y = engine.matmul(x, w)
        dx, dw = engine.gradients(engine.reduce_sum(y), [x, w])
    out, gx, gw = engine.Session(graph=g).run([y, dx, dw], {x: xv})
    assert np.abs(out - ref).max() <= 1e-5 * np.abs(ref).max()
    np.testing.assert_allclose(gx, np.broadcast_to(wv.sum(axis=1), (128, 784)), rtol=1e-5,
                               atol=1e-4)
    np.testing.assert_allclose(gw, np.broadcast_to(xv.sum(axis=0)[:, None], (784, 256)),
                               rtol=1e-5, atol=1e-4)
    assert sorted(calls) == [(128, 256), (128, 784), (784, 256)]  # dx: 128·256·784


def test_batch_of_matrices_times_a_matrix_is_one_product(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch)
    xv = RNG.standard_normal((4, 64, 300)).astype(np.float32)
    wv = RNG.standard_normal((300, 200)).astype(np.float32)
    g = engine.Graph()
    with g.as_default():
        y = engine.matmul(engine.constant(xv), engine.constant(wv))
    assert y.op.type == "BatchMatMulV2"
    out = engine.Session(graph=g).run(y)
    np.testing.assert_allclose(out, xv @ wv, rtol=1e-4, atol=1e-4)
    assert calls == [(256, 200)]


def test_conv2d_patches_go_through_the_rule_with_numpy_values(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch)
    xv = RNG.standard_normal((16, 28, 28, 1)).astype(np.float32)
    fv = RNG.standard_normal((3, 3, 1, 32)).astype(np.float32)
    g = engine.Graph()
    with g.as_default():
        y = engine.nn.conv2d(engine.constant(xv), engine.constant(fv), [1, 1, 1, 1], "VALID")
    out = engine.Session(graph=g).run(y)
    windows = np.lib.stride_tricks.sliding_window_view(xv[..., 0], (3, 3), axis=(1, 2))
    expected = np.einsum("nhwij,ijo->nhwo", windows, fv[:, :, 0, :])
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)
    assert calls == [(16 * 26 * 26, 32)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_model_bytes_are_the_model_onnx_builds(dtype: type) -> None:
    onnx = pytest.importorskip("onnx", reason="onnx builds the reference model")
    from onnx import TensorProto, helper

    elem = helper.np_dtype_to_tensor_dtype(np.dtype(dtype))

    def out(name: str) -> object:
        return helper.make_tensor_value_info(name, elem, ["m", "n"])

    def gemm(ta: int, tb: int) -> object:
        node = helper.make_node("Gemm", ["a", "b"], [f"y{ta}{tb}"], transA=ta, transB=tb)
        return helper.make_graph([node], f"gemm{ta}{tb}", [], [out(f"y{ta}{tb}")])

    def choose_b(ta: int) -> object:
        node = helper.make_node("If", ["tb"], [f"z{ta}"], else_branch=gemm(ta, 0),
                                then_branch=gemm(ta, 1))
        return helper.make_graph([node], f"choose_b{ta}", [], [out(f"z{ta}")])

    top = helper.make_node("If", ["ta"], ["y"], else_branch=choose_b(0),
                           then_branch=choose_b(1))
    graph = helper.make_graph(
        [top], "matmul",
        [helper.make_tensor_value_info("a", elem, ["p", "q"]),
         helper.make_tensor_value_info("b", elem, ["r", "s"]),
         helper.make_tensor_value_info("ta", TensorProto.BOOL, []),
         helper.make_tensor_value_info("tb", TensorProto.BOOL, [])],
        [out("y")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    ours = onnx.load_from_string(_gemm._model(np.dtype(dtype)))
    assert ours == model
    onnx.checker.check_model(ours, full_check=True)


def test_one_session_serves_every_transpose() -> None:
    for ta in (False, True):
        for tb in (False, True):
            a, b, ref = _pair(128, 300, 200, np.float32, ta, tb)
            out = _gemm.matmul(a, b, ta, tb)
            assert out is not None and np.abs(out - ref).max() <= 1e-5 * np.abs(ref).max()
    assert {key[0] for key in _gemm._sessions} <= {"<f4", "<f8"}
    assert len({key for key in _gemm._sessions if key[0] == "<f4"}) <= 2  # spinning, sleeping


def test_spinning_and_sleeping_pools_give_the_same_bits() -> None:
    a, b, _ = _pair(128, 784, 256, np.float32)
    out = {}
    for spin in (True, False):
        session = _gemm._session(np.dtype(np.float32), spin)
        out[spin] = session.run(None, {"a": a, "b": b, "ta": _gemm._FLAGS[0],
                                       "tb": _gemm._FLAGS[0]})[0]
    np.testing.assert_array_equal(out[True], out[False])


def test_each_pool_is_measured_before_the_faster_is_kept() -> None:
    a, b, _ = _pair(128, 300, 200, np.float32)
    for _ in range(4):
        _gemm.matmul(a, b)
    shared, alone = _gemm._choices[("<f4", False, False, 128, 300, 200)].cost
    assert shared > 0 and alone > 0


def test_warm_up_loads_the_runtime_and_float32_sessions_in_the_background(
        fresh_runtime: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from engine.compiler import warm

    monkeypatch.setattr(warm, "_started", threading.Event())
    engine.warm_up_kernels()
    for thread in threading.enumerate():
        if thread.name == "tensorcanvas-gemm-preload":
            thread.join(30)
    assert _gemm._state["ort"] is not None
    assert set(_gemm._sessions) == {("<f4", True), ("<f4", False)}


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_forked_child_builds_its_own_sessions() -> None:
    import os

    a, b, ref = _pair(128, 784, 256, np.float32)
    parent = _gemm.matmul(a, b)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its parent's pool threads are gone
        try:
            out = _gemm.matmul(a, b)
            ok = out is not None and np.abs(out - ref).max() <= 1e-5 * np.abs(ref).max()
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1" and status == 0
    assert parent is not None
