"""Shapes given as values: a ``TensorShape`` converted into a tensor (``shape_as_tensor``, as
TF's registered conversion makes it), and the Consts ``zeros``/``ones`` fall back to when the
small-constant shortcut does not apply or fails."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("shape_tensors")


@cases.case("convert_to_tensor of a TensorShape makes shape_as_tensor")
def _(tf: Any) -> Any:
    s = tf.TensorShape([2, 3])
    return [tf.convert_to_tensor(s), tf.convert_to_tensor(s, name="x"),
            tf.convert_to_tensor(s, dtype=tf.int64)]


@cases.case("a TensorShape as an op's input is a Const named for the input")
def _(tf: Any) -> Any:
    return [tf.reshape(tf.ones([6]), tf.TensorShape([2, 3])),
            tf.fill(tf.TensorShape([2]), 1.0), tf.tile(tf.ones([2]), tf.TensorShape([2]))]


@cases.case("a partly known TensorShape does not convert")
def _(tf: Any) -> Any:
    return tf.convert_to_tensor(tf.TensorShape([2, None]))


@cases.case("a TensorShape of unknown rank does not convert")
def _(tf: Any) -> Any:
    return tf.convert_to_tensor(tf.TensorShape(None))


@cases.case("a TensorShape converts only to int32 or int64")
def _(tf: Any) -> Any:
    return tf.convert_to_tensor(tf.TensorShape([2]), dtype=tf.float32)


@cases.case("a TensorShape with a dimension past int32 converts to int64")
def _(tf: Any) -> Any:
    return Fetch(probe=str(tf.convert_to_tensor(tf.TensorShape([2**31]))))


@cases.case("zeros of a partly known TensorShape")
def _(tf: Any) -> Any:
    return tf.zeros(tf.TensorShape([2, None]))


@cases.case("zeros of a TensorShape")
def _(tf: Any) -> Any:
    return [tf.zeros(tf.TensorShape([2, 3])), tf.ones(tf.TensorShape([2000, 1]), tf.int32)]


@cases.case("ones of strings with a negative dimension converts the shape as Const")
def _(tf: Any) -> Any:
    return tf.ones([-1], dtype=tf.string, name="n")


@cases.case("ones of strings with a float dimension")
def _(tf: Any) -> Any:
    return tf.ones([2.0], dtype=tf.string)


@cases.case("zeros named 'sc/' twice: the second one's small Const fails and its shape is Const")
def _(tf: Any) -> Any:
    tf.zeros([2], name="sc/")
    return tf.zeros([2], name="sc/")


@cases.case("zeros named 'sc/' twice with a TensorShape: the fallback is shape_as_tensor")
def _(tf: Any) -> Any:
    tf.zeros(tf.TensorShape([2, 3]), name="sc/")
    return tf.zeros(tf.TensorShape([2, 3]), name="sc/")


@cases.case("large zeros and ones make shape_as_tensor and a Fill")
def _(tf: Any) -> Any:
    return Fetch(probe=[str(tf.zeros([2000, 2000])), str(tf.ones(3000, name="q"))])
