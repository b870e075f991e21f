"""Re-inference answered from the memo of earlier results, and where it must not be.

An edit at the top of a chain of ops over a constant gives every op below it a new lazy
value (computed only when a consumer's shape function asks), so the memo's key says only
that a lazy value is there; a result that read one must never answer for another.
"""

from __future__ import annotations

import gc
from typing import Any

import numpy as np
import pytest

import engine
from engine.framework import inference, input_values
from engine.framework.graph import Graph
from engine.framework.shapes import TensorShape


def _chain_over_a_constant(length: int) -> tuple[Graph, Any, list[Any]]:
    g = Graph()
    top = g.add_op("Const", "top", attrs={"value": np.float32(1.0)})
    chain, prev = [], top
    for _ in range(length):
        prev = g.add_op("Neg", inputs=[prev.outputs[0]])
        chain.append(prev)
    return g, top, chain


def _counting_runs(monkeypatch: pytest.MonkeyPatch, op_type: str) -> list[int]:
    """How many times ``op_type``'s infer function really runs (not answered by the memo),
    from an empty memo on."""
    runs = [0]
    real = inference._run

    def counting(op_def: Any, specs: Any, attrs: Any) -> Any:
        if op_def.type == op_type:
            runs[0] += 1
        return real(op_def, specs, attrs)

    monkeypatch.setattr(inference, "_run", counting)
    monkeypatch.setattr(inference, "_MEMO", {})
    return runs


def test_a_chain_over_a_constant_runs_its_infer_once_for_a_new_shape(
        monkeypatch: pytest.MonkeyPatch) -> None:
    g, top, chain = _chain_over_a_constant(50)
    runs = _counting_runs(monkeypatch, "Neg")
    g.set_attrs(top, {"value": np.zeros((4, 7), np.float32)})
    assert runs == [2]  # the first Neg (a known value) and the rest (a lazy one): two keys
    assert all(op.outputs[0].shape == TensorShape([4, 7]) for op in chain)


def test_each_op_of_a_reinferred_chain_keeps_its_own_lazy_value() -> None:
    g, top, chain = _chain_over_a_constant(5)
    g.set_attrs(top, {"value": np.array([1.0, 2.0], np.float32)})
    lazies = [op.output_specs[0].lazy for op in chain[1:]]
    assert len({id(lazy) for lazy in lazies}) == 4
    with g.as_default():
        folded = engine.reshape(engine.zeros([2, 1]), engine.cast(chain[-1].outputs[0],
                                                                   engine.int32) * -1)
    assert folded.shape.as_list() == [1, 2]  # -(-(-(-(-[1, 2])))) * -1


def test_a_shape_read_from_a_lazy_value_is_not_answered_for_another_value() -> None:
    g = Graph()
    with g.as_default():
        x = engine.zeros([6])
        first = engine.reshape(x, engine.negative(engine.negative(engine.constant([2, 3]))))
        second = engine.reshape(x, engine.negative(engine.negative(engine.constant([3, 2]))))
    assert first.shape.as_list() == [2, 3]
    assert second.shape.as_list() == [3, 2]


def test_an_edit_below_a_lazy_value_reinfers_the_reshape_that_reads_it() -> None:
    g = Graph()
    top = g.add_op("Const", "dims", attrs={"value": np.array([-2, -3], np.int32)})
    dims = g.add_op("Neg", inputs=[top.outputs[0]])
    x = g.add_op("Const", "x", attrs={"value": np.zeros(6, np.float32)})
    reshape = g.add_op("Reshape", inputs=[x.outputs[0], dims.outputs[0]])
    assert reshape.outputs[0].shape.as_list() == [2, 3]
    g.set_attrs(top, {"value": np.array([-3, -2], np.int32)})
    assert reshape.outputs[0].shape.as_list() == [3, 2]
    g.set_attrs(top, {"value": np.array([-6], np.int32)})
    assert reshape.outputs[0].shape.as_list() == [6]


def test_a_chain_edit_tells_each_listener_of_every_op_whose_shape_changed() -> None:
    g, top, chain = _chain_over_a_constant(30)
    heard: list[tuple[str, str]] = []
    g.subscribe(lambda e: heard.append((e.kind, e.op.name)))
    g.set_attrs(top, {"value": np.zeros(3, np.float32)})
    assert heard == [("attrs_changed", "top"), ("inferred", "top")] + [
        ("inferred", op.name) for op in chain]


def test_a_later_output_of_an_op_over_constants_has_its_own_lazy_value() -> None:
    g = Graph()
    logits = g.add_op("Const", "logits", attrs={"value": np.zeros((1, 2), np.float32)})
    labels = g.add_op("Const", "labels", attrs={"value": np.array([[1, 0]], np.float32)})
    xent = g.add_op("SoftmaxCrossEntropyWithLogits",
                    inputs=[logits.outputs[0], labels.outputs[0]])
    assert xent.output_specs[1].lazy is not None
    with g.as_default():
        # backprop = softmax - labels = [[-0.5, 0.5]], so the dims are [1, 5]; the loss
        # (output 0) is [log 2], which would make them [5]
        backprop = engine.reshape(xent.outputs[1], [2])
        dims = engine.cast(backprop * 4.0 + 3.0, engine.int32)
        reshaped = engine.reshape(engine.zeros([5]), dims)
    assert reshaped.shape.as_list() == [1, 5]



def test_an_edit_at_the_top_of_a_chain_lets_the_old_lazy_values_go_as_it_goes() -> None:
    """Each old lazy value held the one before it: the whole old chain stayed alive until
    the edit's end, and the collector ran dozens of times per edit over it."""
    g, top, _ = _chain_over_a_constant(3000)
    top.consumers()  # the graph notes the links it made (objects of their own) first
    gc.collect()
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        before = sum(s["collections"] for s in gc.get_stats())
        g.set_attrs(top, {"value": np.zeros((2, 3), np.float32)})
        ran = sum(s["collections"] for s in gc.get_stats()) - before
    finally:
        if not was_enabled:
            gc.disable()
    assert ran <= 1  # 3,000 ops, each leaving four objects alive, made 17 or more


def test_a_spec_kept_from_before_an_edit_knows_no_value() -> None:
    g, top, chain = _chain_over_a_constant(2)
    kept = chain[1].output_specs[0]
    g.set_attrs(top, {"value": np.float32(2.0)})
    assert input_values.value_of(kept) is None
    assert input_values.value_of(chain[1].output_specs[0]) == np.float32(2.0)
