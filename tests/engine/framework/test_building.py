"""What building an op leaves to be noted when first asked for (who consumes what), and what
the ops of one literal share."""

from __future__ import annotations

import engine
from engine.framework.graph import Graph


def test_consumers_of_built_ops_are_in_the_order_the_ops_were_built() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        first = engine.negative(x)
        second = x * 2.0
        third = engine.add(x, first)
    assert [op.name for op in x.consumers()] == [first.op.name, second.op.name, third.op.name]
    assert [op.name for op, _ in first.op.consumers()] == [third.op.name]


def test_a_connection_made_after_building_comes_after_the_built_links() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        built = engine.negative(x)
    wired = g.add_op("Abs")
    g.connect(x, wired, 0)
    with g.as_default():
        later = engine.square(x)
    assert [op.name for op in x.consumers()] == [built.op.name, "Abs", later.op.name]


def test_removing_a_built_op_before_its_links_were_asked_for_unlinks_it() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        doomed = engine.negative(x)
        kept = engine.square(x)
    g.remove_op(doomed.op)
    assert x.consumers() == [kept.op]
    assert [op.name for op in g.outputs()] == [kept.op.name]


def test_an_edit_reinfers_the_ops_built_below_it() -> None:
    g = Graph()
    with g.as_default():
        top = engine.constant([1.0, 2.0], name="top")
        below = engine.negative(engine.negative(top))
    g.set_attrs(top.op, {"value": [[1.0, 2.0, 3.0]]})
    assert below.shape.as_list() == [1, 3]


def test_consts_of_one_literal_share_its_value_and_an_edit_changes_only_its_own() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[], name="x")
        first, second = x + 1.0, x + 1.0
    one_a, one_b = first.op.inputs[1].op, second.op.inputs[1].op
    assert one_a.get_attr("value") is one_b.get_attr("value")
    g.set_attrs(one_a, {"value": 2.0})
    assert float(one_a.get_attr("value")) == 2.0
    assert float(one_b.get_attr("value")) == 1.0
    with engine.Session(graph=g) as sess:
        assert sess.run([first, second], {x: 0.5}) == [2.5, 1.5]


def test_negative_zero_is_not_shared_with_zero() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[], name="x")
        zero, negative = (x + 0.0).op.inputs[1].op, (x + -0.0).op.inputs[1].op
    assert str(zero.get_attr("value")) == "0.0"
    assert str(negative.get_attr("value")) == "-0.0"
