"""Sizes are checked before allocating: a tensor over the engine's limit is refused with an
engine error naming the op and the size (and how to raise the limit), an allocation that
fails at run time is a ResourceExhaustedError on the op, and the session and graph stay
usable after either."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

import engine
from engine.framework import allocation

MIB = 1 << 20


@pytest.fixture
def one_mib_limit() -> Iterator[None]:
    previous = engine.set_max_tensor_bytes(MIB)
    yield
    engine.set_max_tensor_bytes(previous)


def test_a_huge_constant_is_refused_before_numpy_tries_naming_the_op_and_size() -> None:
    with engine.Graph().as_default(), pytest.raises(engine.TensorSizeError) as info:
        engine.constant(0, shape=[10**6, 10**6], name="zeros")
    assert str(info.value).startswith(
        "Const 'zeros' of shape [1000000, 1000000] and dtype int32 needs 3.64 TiB "
        "(4000000000000 bytes), over the engine's limit of ")
    assert "engine.set_max_tensor_bytes()" in str(info.value)
    assert isinstance(info.value, ValueError)  # what TF raises for a constant too large


def test_the_limit_can_be_raised(one_mib_limit: None) -> None:
    g = engine.Graph()
    with g.as_default():
        with pytest.raises(engine.TensorSizeError, match=r"needs 4 MiB \(4194304 bytes\)"):
            engine.constant(0.0, shape=[1024, 1024])
        engine.set_max_tensor_bytes(8 * MIB)
        assert engine.constant(0.0, shape=[1024, 1024]).shape.as_list() == [1024, 1024]


def test_the_default_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    previous = engine.set_max_tensor_bytes(None)
    try:
        monkeypatch.setenv(allocation.ENV_VAR, "12345")
        engine.set_max_tensor_bytes(None)
        assert engine.max_tensor_bytes() == 12345
    finally:
        engine.set_max_tensor_bytes(previous)


def test_a_string_fed_as_an_integer_is_refused_before_anything_is_allocated(
    one_mib_limit: None,
) -> None:
    """TF's TypeError (tests/data/tf_cases/feeds.json), not ``bytes(10**10)``'s 10 GB."""
    g = engine.Graph()
    with g.as_default():
        p = engine.placeholder(engine.string, shape=[])
    session = engine.Session(graph=g, device="cpu")
    with pytest.raises(TypeError, match="Type of feed value 10000000000 with type <class 'int'> "
                                        "is not compatible with Tensor type <class 'object'>"):
        session.run(p, {p: 10**10})
    assert session.run(p, {p: "still usable"}) == b"still usable"


def matmul_graph() -> tuple[engine.Graph, Any, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[100_000, 1], name="a")
        b = engine.placeholder(engine.float32, shape=[1, 100_000], name="b")
        m = engine.matmul(a, b)
    return g, a, b, m


def test_a_run_whose_result_is_over_the_limit_fails_on_the_op_before_allocating() -> None:
    g, a, b, m = matmul_graph()
    session = engine.Session(graph=g, device="cpu")
    feeds = {a: np.ones((100_000, 1), np.float32), b: np.ones((1, 100_000), np.float32)}
    previous = engine.set_max_tensor_bytes(MIB)
    try:
        with pytest.raises(engine.errors.ResourceExhaustedError) as info:
            session.run(m, feeds)
    finally:
        engine.set_max_tensor_bytes(previous)
    assert info.value.op is m.op
    assert info.value.detail.startswith(
        "OOM when allocating tensor with shape[100000,100000] and type float on "
        "/job:localhost/replica:0/task:0/device:CPU:0: the output of 'MatMul' needs 37.3 GiB")
    assert "Matrix size-incompatible" not in str(info.value)
    assert session.run(a, feeds).shape == (100_000, 1)  # the session and graph stay usable


def test_an_allocation_that_fails_at_run_time_is_reported_as_out_of_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[None, 1], name="a")
        b = engine.placeholder(engine.float32, shape=[1, None], name="b")
        m = engine.matmul(a, b)
    session = engine.Session(graph=g, device="cpu")
    feeds = {a: np.ones((3, 1), np.float32), b: np.ones((1, 3), np.float32)}

    def no_memory(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("Unable to allocate 37.3 GiB for an array with shape (100000, 100000)")

    monkeypatch.setattr(np, "matmul", no_memory)
    with pytest.raises(engine.errors.ResourceExhaustedError) as info:
        session.run(m, feeds)
    assert info.value.op is m.op
    assert info.value.detail == ("not enough memory for its result (Unable to allocate 37.3 GiB "
                                 "for an array with shape (100000, 100000))")
    monkeypatch.undo()
    assert session.run(m, feeds).tolist() == [[1.0] * 3] * 3
