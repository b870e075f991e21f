"""What the machine-learning ops need of the framework: list inputs (``N * T``), several
outputs, ``Tensor.set_shape``, input values that inference reads on demand, the new
attribute kinds in graph files, and room for each op's gradient."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import engine
from engine import GraphEditError


def test_a_list_input_op_made_in_the_editor_has_n_inputs_named_by_index() -> None:
    g = engine.Graph()
    op = g.add_op("ConcatV2", attrs={"N": 3})
    assert op.input_names == ("values[0]", "values[1]", "values[2]", "axis")
    assert op.inputs == [None] * 4
    assert op.error_kind == "unwired"


def test_wiring_a_list_input_op_in_the_editor_infers_it() -> None:
    g = engine.Graph()
    a = g.add_op("Const", attrs={"value": np.ones((2, 3), np.float32)}).outputs[0]
    b = g.add_op("Const", attrs={"value": np.zeros((1, 3), np.float32)}).outputs[0]
    axis = g.add_op("Const", attrs={"value": np.int32(0)}).outputs[0]
    op = g.add_op("ConcatV2", attrs={"N": 2})
    for i, t in enumerate((a, b, axis)):
        g.connect(t, op, i)
    assert op.error is None and op.outputs[0].shape.as_list() == [3, 3]


def test_the_length_of_a_list_input_cannot_be_edited() -> None:
    g = engine.Graph()
    op = g.add_op("AddN", attrs={"N": 2})
    with pytest.raises(GraphEditError, match="keeps the 2 inputs"):
        g.set_attrs(op, {"N": 3})
    assert len(op.inputs) == 2 and op.get_attr("N") == 2


def test_both_outputs_of_a_loss_op_can_be_fetched() -> None:
    g = engine.Graph()
    with g.as_default():
        logits = engine.constant([[1.0, 2.0, 3.0]])
        labels = engine.constant([[0.0, 0.0, 1.0]])
        op = engine.raw_ops.SoftmaxCrossEntropyWithLogits(features=logits, labels=labels).op
    loss, backprop = engine.Session(graph=g).run(op.outputs)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(loss, [-np.log(e[2] / e.sum())], rtol=1e-6)
    np.testing.assert_allclose(backprop, [e / e.sum() - [0, 0, 1]], rtol=1e-6)


def test_only_the_backprop_output_of_a_loss_op_can_be_fetched_alone() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 2])
        op = engine.raw_ops.SparseSoftmaxCrossEntropyWithLogits(
            features=x, labels=engine.constant([1, 0])).op
    for optimize in (True, False):
        got = engine.Session(graph=g, optimize=optimize).run(op.outputs[1], {x: np.zeros((2, 2))})
        np.testing.assert_allclose(got, [[0.5, -0.5], [-0.5, 0.5]])


def test_set_shape_merges_into_the_static_shape_and_refuses_what_does_not_fit() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, None])
        x.set_shape([None, 3])
        assert x.shape.as_list() == [None, 3]
        with pytest.raises(ValueError, match=r"^Dimension 1 in both shapes must be equal, but "
                           r"are 3 and 4\. Shapes are \[\?,3\] and \[2,4\]\.$"):
            x.set_shape([2, 4])
        assert (x + 1.0).shape.as_list() == [None, 3]


def test_set_shape_holds_when_the_op_is_inferred_again() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 6])
        y = engine.reshape(x, engine.placeholder(engine.int32, [2], name="s"))
        y.set_shape([None, 3])
    g.set_attrs(x.op, {"shape": [None, 6]})  # an edit upstream infers y again
    assert y.shape.as_list() == [None, 3]


def test_a_reshape_to_a_computed_constant_knows_its_shape_and_follows_an_edit() -> None:
    g = engine.Graph()
    with g.as_default():
        n = engine.constant(2, name="n")
        y = engine.reshape(engine.ones([6]), engine.stack([n, -1]))
    assert y.shape.as_list() == [2, 3]
    g.set_attrs(n.op, {"value": 3})
    assert y.shape.as_list() == [3, 2]


def test_inference_computes_a_constant_only_when_a_shape_needs_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = engine.get_op_def("Mul").kernel

    def counting(xp: object, *arrays: object, **attrs: object) -> object:
        calls.append("Mul")
        return real(xp, *arrays, **attrs)

    from engine.framework import registry

    op_def = registry.get_op_def("Mul")
    monkeypatch.setitem(registry._REGISTRY, "Mul", type(op_def)(
        **{**op_def.__dict__, "kernel": counting}))
    g = engine.Graph()
    with g.as_default():
        product = engine.constant(2) * 3
        assert calls == []  # nobody asked for its value
        assert engine.fill([product], 1.0).shape.as_list() == [6]
    assert calls == ["Mul"]


def test_graph_files_keep_list_lengths_and_the_new_attribute_kinds(tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [1, 5, 5, 2], name="x")
        y = engine.nn.conv2d(x, engine.ones([3, 3, 2, 4]), strides=[1, 2, 2, 1], padding="SAME")
        z = engine.nn.leaky_relu(engine.concat([y, y], 3), alpha=0.1)
        engine.squeeze(engine.reduce_sum(z, [1, 2], keepdims=True), [1, 2], name="out")
    path = tmp_path / "g.json"
    engine.save_graph(path, g)
    loaded, _ = engine.load_graph(path)
    conv = loaded.get_operation_by_name("Conv2D")
    assert conv.get_attr("strides") == [1, 2, 2, 1] and conv.get_attr("padding") == "SAME"
    assert loaded.get_operation_by_name("concat").get_attr("N") == 2
    assert loaded.get_operation_by_name("LeakyRelu").get_attr("alpha") == pytest.approx(0.1)
    out = loaded.get_tensor_by_name("out:0")
    assert out.shape.as_list() == [1, 8]
    feed = {"x:0": np.ones((1, 5, 5, 2), np.float32)}
    np.testing.assert_array_equal(engine.Session(graph=loaded).run(out, feed),
                                  engine.Session(graph=g).run("out:0", feed))


def test_every_op_declares_its_gradient_or_that_it_has_none() -> None:
    from tests.engine.test_gradient_registry import NO_GRADIENT_OPS  # TF registers none

    assert [d.type for d in engine.op_defs()
            if d.gradient is None and d.type not in NO_GRADIENT_OPS] == []


def test_a_node_def_prints_string_list_and_float_attributes_as_tf_does() -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.ones([1, 5, 5, 2])
        with pytest.raises(ValueError) as info:
            engine.nn.max_pool(x, ksize=7, strides=1, padding="VALID")
    assert ('MaxPool[T=DT_FLOAT, data_format="NHWC", explicit_paddings=[], '
            'ksize=[1, 7, 7, 1], padding="VALID", strides=[1, 1, 1, 1]](ones)') in str(info.value)


def test_shape_ops_of_fed_tensors_fold_per_fed_shape_and_follow_a_new_one() -> None:
    """The plan folds Shape (and what depends only on it) for the fed shape; another
    shape gets its own plan, so nothing stale is reused."""
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, [None, 6], name="x")
        y = engine.reshape(x * 2.0, engine.concat([engine.shape(x)[:1], [-1, 2]], 0))
    sess = engine.Session(graph=g)
    md = engine.RunMetadata()
    for batch in (2, 5, 2):
        got = sess.run(y, {x: np.ones((batch, 6), np.float32)}, run_metadata=md)
        assert got.shape == (batch, 3, 2) and float(got.sum()) == 12.0 * batch
    assert "Shape" not in md.executed and "Reshape" in md.executed
    plain = engine.Session(graph=g, optimize=False)
    assert plain.run(y, {x: np.ones((5, 6), np.float32)}).shape == (5, 3, 2)
