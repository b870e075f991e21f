"""The texts the canvas shows, as pure functions (no QApplication needed)."""

from __future__ import annotations

import numpy as np

import engine
from editor.labels import (
    attrs_preview,
    edge_tooltip,
    elide,
    node_tooltip,
    shape_label,
    tensor_label,
    value_preview,
)
from engine import TensorShape, TensorSpec


def spec(dims: object, dtype: engine.DType = engine.float32) -> TensorSpec:
    return TensorSpec(TensorShape(dims), dtype)


def test_shape_labels() -> None:
    assert shape_label(TensorShape([2, 3])) == "2×3"
    assert shape_label(TensorShape([None, 3])) == "?×3"
    assert shape_label(TensorShape([7])) == "7"
    assert shape_label(TensorShape([])) == "scalar"
    assert shape_label(TensorShape(None)) == "<unknown>"
    assert shape_label(None) == "<unknown>"


def test_tensor_labels() -> None:
    assert tensor_label(spec([2, 3])) == "2×3 float32"
    assert tensor_label(spec([], engine.int32)) == "scalar int32"
    assert tensor_label(spec(None)) == "<unknown> float32"
    assert tensor_label(None) == "?"


def test_tensor_names_come_first_only_when_asked() -> None:
    assert tensor_label(spec([2, 3]), "mul:0") == "2×3 float32"
    assert tensor_label(spec([2, 3]), "mul:0", show_names=True) == "mul:0 · 2×3 float32"
    assert tensor_label(None, "add:0", show_names=True) == "add:0 · ?"


def test_elide() -> None:
    assert elide("short", 10) == "short"
    assert elide("exactly10!", 10) == "exactly10!"
    assert elide("a long label text", 8) == "a long…"
    assert len(elide("x" * 50, 12)) == 12
    assert elide("abc", 1) == "…"
    assert elide("abc", 0) == ""


def test_node_tooltip_names_the_op_its_outputs_and_its_error() -> None:
    g = engine.Graph()
    a = g.add_op("Const", attrs={"value": [1.0, 2.0, 3.0]})
    b = g.add_op("Const", attrs={"value": [1.0, 2.0, 3.0, 4.0]})
    add = g.add_op("AddV2", inputs=[a.outputs[0], b.outputs[0]])
    text = node_tooltip(a)
    assert text.splitlines()[0] == "Const (Const)"
    assert "Const:0  3 float32" in text
    bad = node_tooltip(add)
    assert bad.splitlines()[0] == "add (AddV2)"
    assert "add:0  ?" in bad
    assert add.error is not None and "{{node add}}" in add.error  # TF's text, in full
    assert bad.splitlines()[-1] == (
        "Shape error: Dimensions must be equal, but are 3 and 4 (input shapes: [3], [4]).")


def test_edge_tooltip_carries_the_full_label() -> None:
    text = edge_tooltip("mul:0", spec([2, 3]), "out", "x")
    assert text == "mul:0 → out.x\n2×3 float32"


def test_value_previews_fit_on_one_short_line() -> None:
    assert value_preview(np.int32(5), 20) == "5"
    assert value_preview(np.array([1.0, 2.0, 3.0], np.float32), 20) == "[1. 2. 3.]"
    long = value_preview(np.arange(1000, dtype=np.float32).reshape(10, 100), 24)
    assert len(long) <= 24 and "\n" not in long
    assert value_preview(None, 10) == ""


def test_nodes_preview_their_defining_attributes() -> None:
    g = engine.Graph()
    const = g.add_op("Const", attrs={"value": 7, "dtype": "int32"})
    feed = g.add_op("Placeholder", attrs={"shape": [None, 3]})
    fed = g.add_op("Placeholder", attrs={"shape": [2], "dtype": "int32", "default_value": [1, 2]})
    assert attrs_preview("Const", const.attrs, 20) == "7"
    assert attrs_preview("Placeholder", feed.attrs, 20) == "?×3 float32"
    assert attrs_preview("Placeholder", fed.attrs, 30) == "2 int32 = [1 2]"
    assert attrs_preview("AddV2", {}, 20) == ""
