"""Names as ``tf.compat.v1`` gives them: ``name=""`` (the root scope, the op's type as its
name), invalid names checked as the scope TF's function opens, names ending in ``/``."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("names")


def _empty_name(label: str, build: Any) -> None:
    """``name=""`` on a function, at the root and inside a scope ``s``."""
    @cases.case(f"name='' on {label}")
    def _(tf: Any) -> Any:
        x = tf.placeholder(tf.float32, [1, 2], name="x")
        with tf.name_scope("s"):
            inner = build(tf, x)
        return Fetch(probe=[str(build(tf, x)), str(inner)])  # built, not run


_empty_name("concat", lambda tf, x: tf.concat([x, [[1.0, 2.0]]], 0, name=""))
_empty_name("stack", lambda tf, x: tf.stack([x, [[1.0, 2.0]]], name=""))
_empty_name("unstack", lambda tf, x: tf.unstack(x, name="")[0])
_empty_name("transpose", lambda tf, x: tf.transpose(x, name=""))
_empty_name("zeros", lambda tf, x: tf.zeros([2], name=""))
_empty_name("ones of a tensor shape", lambda tf, x: tf.ones(tf.shape(x), name=""))
_empty_name("zeros_like", lambda tf, x: tf.zeros_like(x, name=""))
_empty_name("range", lambda tf, x: tf.range(3, name=""))
_empty_name("one_hot", lambda tf, x: tf.one_hot([1, 0], 3, name=""))
_empty_name("random_normal", lambda tf, x: tf.random_normal([2], mean=1.0, stddev=2.0, name=""))
_empty_name("reduce_logsumexp", lambda tf, x: tf.reduce_logsumexp(x, name=""))
_empty_name("max_pool", lambda tf, x: tf.nn.max_pool(tf.ones([1, 3, 3, 1]), 2, 1, "SAME",
                                                    name=""))
_empty_name("bias_add", lambda tf, x: tf.nn.bias_add(x, [1.0, 2.0], name=""))
_empty_name("moments", lambda tf, x: tf.nn.moments(x, [0], name="")[1])
_empty_name("softmax_cross_entropy_with_logits_v2",
            lambda tf, x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=x, logits=x, name=""))
_empty_name("sigmoid_cross_entropy_with_logits",
            lambda tf, x: tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=x, name=""))
_empty_name("sparse_softmax_cross_entropy_with_logits",
            lambda tf, x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0], logits=x,
                                                                         name=""))
_empty_name("xw_plus_b", lambda tf, x: tf.nn.xw_plus_b(x, tf.ones([2, 3]), tf.ones([3]), name=""))


def _bad_placeholder_name(name: str) -> None:
    @cases.case(f"placeholder named {name!r} fails as a root scope name")
    def _(tf: Any) -> Any:
        return tf.placeholder(tf.float32, [2], name=name)

    @cases.case(f"placeholder named {name!r} in a scope fails as a scope name")
    def _(tf: Any) -> Any:
        with tf.name_scope("s"):
            return tf.placeholder(tf.float32, [2], name=name)


for _name in ("a b", "_a", "a:0", "-a"):
    _bad_placeholder_name(_name)


@cases.case("placeholders named 'a/' re-enter the scope a as the op's name")
def _(tf: Any) -> Any:
    tf.placeholder(tf.float32, [2], name="a/")
    return Fetch(probe=[op.name for op in tf.get_default_graph().get_operations()])


@cases.case("placeholders named alike are made unique case-insensitively")
def _(tf: Any) -> Any:
    return Fetch(probe=[tf.placeholder(tf.float32, [2], name=n).name
                        for n in ("x", "x", "X", "x_1")])


@cases.case("name_scope(name, default_name, values) as tf.compat.v1 has it")
def _(tf: Any) -> Any:
    out = []
    with tf.name_scope(None, "default") as s:
        out += [s, tf.constant(1).name]
    with tf.name_scope(None, "default") as s:
        out.append(s)
    with tf.name_scope("a", "b", [tf.placeholder(tf.float32, [2])]) as s:
        out += [s, tf.constant(1, name=s).name]
    with tf.name_scope("a") as s:
        with tf.name_scope(s) as again:
            out += [s, again, tf.add(1, 2).name]
    with tf.name_scope("A") as s:
        out.append(s)
    with tf.name_scope("a_1") as s:
        out.append(s)
    return Fetch(probe=out)


@cases.case("name_scope with values but neither name nor default_name fails")
def _(tf: Any) -> Any:
    with tf.name_scope(None, None, [tf.placeholder(tf.float32, [2])]):
        pass


@cases.case("TensorShape's concatenate and with_rank")
def _(tf: Any) -> Any:
    s = tf.placeholder(tf.float32, [2, None]).shape
    return Fetch(probe=[str(s.concatenate([4])), str(s.concatenate(tf.TensorShape(None))),
                        str(s.with_rank(2)), str(s.with_rank_at_least(1)),
                        str(s.with_rank_at_most(2)), str(tf.TensorShape(None).with_rank(3))])


@cases.case("TensorShape.with_rank of another rank fails in TF's words")
def _(tf: Any) -> Any:
    tf.placeholder(tf.float32, [2, None]).shape.with_rank(3)


@cases.case("TensorShape.with_rank_at_least fails in TF's words")
def _(tf: Any) -> Any:
    tf.placeholder(tf.float32, [2, None]).shape.with_rank_at_least(3)
