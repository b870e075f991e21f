"""Ops TF builds but cannot run on its CPU, built through the editing API as the canvas does:
they infer (no red node), and a run fails as TF's does — an op without a kernel fails every run
of the graph (TF's placer), a kernel that refuses its attrs fails the runs that need it."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Graph, InvalidArgumentError, Session, UnimplementedError
from engine.framework import dtypes as dt


def _uint8_matmul(g: Graph) -> tuple[object, object]:
    a = g.add_op("Placeholder", "a", {"dtype": dt.uint8, "shape": [2, 2]})
    m = g.add_op("MatMul", "m", inputs=[a.outputs[0], a.outputs[0]])
    return a, m


def test_an_op_without_a_kernel_infers_and_fails_at_run_time() -> None:
    g = Graph()
    a, m = _uint8_matmul(g)
    assert m.is_valid and m.outputs[0].dtype is dt.uint8
    with pytest.raises(InvalidArgumentError) as info:
        Session(graph=g).run(m.outputs[0], {a.outputs[0]: np.ones((2, 2), np.uint8)})
    assert info.value.op is m
    assert info.value.detail.startswith("No OpKernel was registered to support Op 'MatMul' "
                                        "used by {{node m}} with these attrs: [T=DT_UINT8,")
    assert str(info.value).endswith("\n\t [[m]]")


def test_an_op_without_a_kernel_fails_runs_that_do_not_need_it() -> None:
    g = Graph()
    _uint8_matmul(g)
    other = g.add_op("Const", "other", {"value": 1.0, "dtype": dt.float32})
    with pytest.raises(InvalidArgumentError) as info:
        Session(graph=g).run(other.outputs[0])
    assert info.value.op.name == "m"


def test_removing_the_op_lets_the_graph_run_again() -> None:
    g = Graph()
    _, m = _uint8_matmul(g)
    other = g.add_op("Const", "other", {"value": 1.0, "dtype": dt.float32})
    sess = Session(graph=g)
    with pytest.raises(InvalidArgumentError):
        sess.run(other.outputs[0])
    g.remove_op(m)
    assert sess.run(other.outputs[0]) == 1.0


def test_a_cast_to_string_infers_and_fails_only_the_runs_that_need_it() -> None:
    g = Graph()
    c = g.add_op("Const", "c", {"value": [1, 2], "dtype": dt.int32})
    cast = g.add_op("Cast", "cast", {"DstT": dt.string}, inputs=[c.outputs[0]])
    assert cast.is_valid and cast.outputs[0].dtype is dt.string
    sess = Session(graph=g)
    assert sess.run(c.outputs[0]).tolist() == [1, 2]
    with pytest.raises(UnimplementedError) as info:
        sess.run(cast.outputs[0])
    assert info.value.op is cast and info.value.detail == "Cast int32 to string is not supported"
