"""The engine's own code reads a shape's plain sizes, never TF1's ``Dimension`` forms.

``shape[i]``, ``shape.dims``, iteration and ``repr`` give ``Dimension`` objects for users'
TF1 code (checked against TF in ``tf_cases/dimensions.py``). Here those forms are made to
fail, and building, inferring, training, saving and exporting real graphs must not notice:
so nothing inside the engine depends on them (they would be slower, and ``Dimension(None)
is None`` is False)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine import TensorShape

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "resources" / "examples").glob("*.json"))


class _PublicFormUsed(AssertionError):
    pass


@pytest.fixture
def no_dimension_forms(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """TensorShape's Dimension-giving forms raise for the duration of a test."""
    get = TensorShape.__getitem__

    def getitem(self: TensorShape, key: Any) -> Any:
        if not isinstance(key, slice):
            raise _PublicFormUsed(f"shape[{key!r}] read inside the engine")
        return get(self, key)

    def refuse(name: str) -> Any:
        def fail(self: TensorShape, *args: Any) -> Any:
            raise _PublicFormUsed(f"TensorShape.{name} read inside the engine")
        return fail

    monkeypatch.setattr(TensorShape, "__getitem__", getitem)
    monkeypatch.setattr(TensorShape, "__iter__", refuse("__iter__"))
    monkeypatch.setattr(TensorShape, "__repr__", refuse("__repr__"))
    monkeypatch.setattr(TensorShape, "dims", property(refuse("dims")))
    yield


def test_no_source_of_the_engine_editor_or_app_reads_dims() -> None:
    """``shape.dims`` is TF1's list of Dimensions: code inside reads ``shape.sizes``."""
    uses = [f"{path.relative_to(ROOT)}:{n}"
            for top in ("engine", "editor", "app") for path in sorted((ROOT / top).rglob("*.py"))
            if path != ROOT / "engine" / "framework" / "shapes.py"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"\.dims\b", line)]
    assert uses == []


def test_sizes_are_plain_ints_and_none() -> None:
    shape = TensorShape([engine.Dimension(2), None, 3])
    assert shape.sizes == (2, None, 3)
    assert all(type(d) is int or d is None for d in shape.sizes)
    assert TensorShape(None).sizes is None


def test_the_guard_refuses_each_dimension_form(no_dimension_forms: None) -> None:
    shape = TensorShape([2, None])
    for read in (lambda: shape[0], lambda: list(shape), lambda: repr(shape),
                 lambda: shape.dims):
        with pytest.raises(_PublicFormUsed):
            read()
    assert shape[1:].sizes == (None,) and str(shape) == "(2, ?)"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_an_example_loads_saves_and_exports_without_dimension_forms(
        path: Path, tmp_path: Path, no_dimension_forms: None) -> None:
    graph, editor = engine.load_graph(path)
    engine.save_graph(tmp_path / "again.json", graph, editor)
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()
    for suffix in (".pbtxt", ".pb", ".py"):
        engine.export_graph(tmp_path / f"x{suffix}", graph)
        assert (tmp_path / f"x{suffix}").stat().st_size > 0


def test_a_model_builds_trains_and_exports_without_dimension_forms(
        tmp_path: Path, no_dimension_forms: None) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 4, 4, 1], name="x")
        labels = engine.placeholder(engine.int32, [None], name="labels")
        k = engine.Variable(engine.ones([3, 3, 1, 2]) * 0.1, name="k")
        h = engine.nn.relu(engine.nn.conv2d(x, k, strides=[1, 1, 1, 1], padding="SAME"))
        h = engine.reshape(h, [-1, 32])
        w = engine.Variable(engine.ones([32, 3]) * 0.01, name="w")
        logits = engine.matmul(h, w) + engine.zeros([3])
        loss = engine.reduce_mean(engine.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits))
        step = engine.train.GradientDescentOptimizer(0.1).minimize(loss)
        init = engine.global_variables_initializer()
    assert logits.shape.sizes == (None, 3)
    feed = {x: np.ones((2, 4, 4, 1), np.float32), labels: np.array([0, 2], np.int32)}
    with engine.Session(graph=g) as sess:
        sess.run(init)
        before = sess.run(loss, feed)
        sess.run(step, feed)
        assert sess.run(loss, feed) < before
    engine.save_graph(tmp_path / "model.json", g)
    engine.export_graph(tmp_path / "model.pbtxt", g)
    assert engine.load_graph(tmp_path / "model.json")[0].get_tensor_by_name(
        logits.name).shape.sizes == (None, 3)
