"""Static broadcasting: the shape inference gives an elementwise op is the shape its kernel
returns, whichever side has the lower rank."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import engine
from engine.framework.shapes import TensorShape, broadcast_shapes

KNOWN = [
    ((), (1,)),
    ((), (1, 1, 1)),
    ((1,), (3,)),
    ((3, 1), (1, 4)),
    ((2, 3), (3,)),
    ((2, 3), (2, 3)),
    ((5, 1, 2), (1, 2)),
    ((0,), (1,)),
]


@pytest.mark.parametrize(("x", "y"), KNOWN)
def test_broadcast_of_known_shapes_is_numpy_s_in_either_order(x: Any, y: Any) -> None:
    want = np.broadcast_shapes(x, y)
    assert broadcast_shapes(TensorShape(x), TensorShape(y)).as_list() == list(want)
    assert broadcast_shapes(TensorShape(y), TensorShape(x)).as_list() == list(want)


@pytest.mark.parametrize(("x", "y"), KNOWN)
def test_an_op_s_static_shape_is_the_shape_it_computes(x: Any, y: Any) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=x, name="a")
        b = engine.placeholder(engine.float32, shape=y, name="b")
        ab, ba = a + b, b * a
    feeds = {a: np.ones(x, np.float32), b: np.ones(y, np.float32)}
    for t in (ab, ba):
        for optimize in (True, False):
            value = engine.Session(graph=g, device="cpu", optimize=optimize).run(t, feeds)
            assert t.shape.as_list() == list(np.shape(value))


@pytest.mark.parametrize(("x", "y", "want"), [
    ((None, 3), (3,), [None, 3]),
    ((), (None,), [None]),
    ((1,), (None,), [None]),
    ((None, 1), (1, 4), [None, 4]),
])
def test_unknown_dims_broadcast_as_tf_infers_them(x: Any, y: Any, want: Any) -> None:
    assert broadcast_shapes(TensorShape(x), TensorShape(y)).as_list() == want
    assert broadcast_shapes(TensorShape(y), TensorShape(x)).as_list() == want


def test_an_unknown_rank_gives_an_unknown_rank() -> None:
    assert broadcast_shapes(TensorShape(None), TensorShape((2, 3))).dims is None
    assert broadcast_shapes(TensorShape(()), TensorShape(None)).dims is None


def _binary_op_types() -> list[str]:
    """The broadcasting binary ops (those that explain a broadcast failure)."""
    from engine.framework.registry import op_defs
    from engine.ops._common import explain_broadcast

    return sorted(d.type for d in op_defs() if d.explain is explain_broadcast)


@pytest.mark.parametrize("op_type", _binary_op_types())
@pytest.mark.parametrize(("x", "y"), KNOWN[:-1])
def test_every_binary_op_infers_the_shape_its_kernel_returns(op_type: str, x: Any,
                                                             y: Any) -> None:
    for dtype in (engine.float32, engine.int32, engine.bool, engine.string):
        g = engine.Graph()
        a = g.add_op("Placeholder", "a", {"dtype": dtype, "shape": x})
        b = g.add_op("Placeholder", "b", {"dtype": dtype, "shape": y})
        op = g.add_op(op_type, "op", inputs=[a.outputs[0], b.outputs[0]])
        if op.error is None:
            break
    else:
        pytest.fail(f"{op_type} accepts none of the dtypes tried")
    values = {engine.float32: 1.5, engine.int32: 3, engine.bool: True, engine.string: b"s"}
    feeds = {t.outputs[0]: np.full(s, values[dtype], dtype=dtype.np_dtype)
             for t, s in ((a, x), (b, y))}
    result = engine.Session(graph=g, device="cpu").run(op.outputs[0], feeds)
    assert op.outputs[0].shape.as_list() == list(np.shape(result))
    assert op.outputs[0].dtype.np_dtype == np.asarray(result).dtype
