"""Feeding values into placeholders (and other tensors): converted as TF converts them
(numpy's casts: complex into float keeps the real part, ints wrap), refused where TF refuses
them, with TF's exception classes and messages."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("feeds")


def _feed(name: str, dtype: str, shape: Any, value: Any) -> None:
    @cases.case(name)
    def _(tf: Any) -> Any:
        x = tf.placeholder(tf.as_dtype(dtype), shape, name="x")
        return Fetch(tf.identity(x), feed={x: value})


_feed("a complex into float32 keeps the real part", "float32", [2], [1 + 2j, 3 - 1j])
_feed("a numpy complex into float64", "float64", [2], np.array([1.5 + 2j, -3j]))
_feed("a complex into int32", "int32", [1], [2.7 + 1j])
_feed("floats into int32 truncate", "int32", [3], [1.9, -1.9, 2.5])
_feed("an int past int32 into int32 wraps", "int32", [2], [2**31, -2**31 - 1])
_feed("an int past int64 into int32", "int32", [1], [2**64])
_feed("an int past uint64 into int64", "int64", [], 2**70)
_feed("-1 into uint8 wraps", "uint8", [2], [-1, 256])
_feed("a big float into float16 is inf", "float16", [2], [1e6, -1e6])
_feed("a big float into int8", "int8", [1], [1e10])
_feed("nan into int32", "int32", [1], [float("nan")])
_feed("bools into float32", "float32", [2], [True, False])
_feed("ints into bool", "bool", [3], [0, 1, 2])
_feed("floats into bool", "bool", [2], [0.0, 0.5])
_feed("strings into float32", "float32", [2], ["1.5", "2"])
_feed("a bad string into float32", "float32", [1], ["abc"])
_feed("strings into int32", "int32", [1], ["7"])
_feed("strings into a string placeholder", "string", [2], ["ab", b"c"])
_feed("ints into a string placeholder", "string", [2], [1, 2])
_feed("floats into a string placeholder", "string", [1], [1.5])
_feed("an object into a string placeholder", "string", [], object())
_feed("a list of objects into a string placeholder", "string", [2], [object(), object()])
_feed("None into a string placeholder", "string", [], None)
_feed("None into float32", "float32", [], None)
_feed("an object into float32", "float32", [], object())
_feed("a ragged list into float32", "float32", None, [[1.0, 2.0], [3.0]])
_feed("a dict into int32", "int32", None, {"a": 1})
_feed("a numpy string array into a string placeholder", "string", [2], np.array(["x", "yz"]))
_feed("a numpy bytes array into a string placeholder", "string", [2], np.array([b"x", b"yz"]))
_feed("a numpy float array into a string placeholder", "string", [2], np.array([1.5, 2.5]))
_feed("a numpy float64 array into float32", "float32", [2], np.array([0.1, 1e39]))
_feed("a numpy int64 array into uint8", "uint8", [2], np.array([300, -1]))
_feed("a numpy bool array into int32", "int32", [2], np.array([True, False]))
_feed("a scalar into a [1] placeholder", "float32", [1], 2.0)
_feed("a [2] value into a [3] placeholder", "float32", [3], [1.0, 2.0])
_feed("a [2, 3] value into a [None, 3] placeholder", "float32", [None, 3], [[1.0, 2.0, 3.0]] * 2)
_feed("a [2, 2] value into a [None, 3] placeholder", "float32", [None, 3], [[1.0, 2.0]] * 2)
_feed("a [3] value into a [] placeholder", "int32", [], [1, 2, 3])
_feed("anything into an unknown rank", "int64", None, [[[1]], [[2]]])
_feed("bfloat16 rounds", "bfloat16", [2], [1.00390625, 3.14159])
_feed("a Python int into float16", "float16", [], 65519)
_feed("a tuple is a list", "int32", [2], (4, 5))


@cases.case("a tensor is not a feed value")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [1], name="x")
    return Fetch(tf.identity(x), feed={x: tf.constant([1.0])})


@cases.case("feeding a Const")
def _(tf: Any) -> Any:
    c = tf.constant([1, 2], name="c")
    return Fetch(c * 2, feed={c: [5, 6]})


@cases.case("feeding a Const a value of another shape")
def _(tf: Any) -> Any:
    c = tf.constant([1, 2], name="c")
    return Fetch(c * 2, feed={c: [5, 6, 7]})


@cases.case("feeding by name")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [2], name="x")
    return Fetch(x + 1, feed={"x:0": [1, 2]})


@cases.case("feeding by an op name")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [2], name="x")
    return Fetch(x + 1, feed={"x": [1, 2]})


@cases.case("feeding a name that is not in the graph")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [2], name="x")
    return Fetch(x + 1, feed={"y:0": [1, 2]})


@cases.case("a feed key that is not a tensor")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [2], name="x")
    return Fetch(x + 1, feed={3: [1, 2]})


@cases.case("feeding an operation")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [2], name="x")
    return Fetch(x + 1, feed={x.op: [1, 2]})


@cases.case("feeding a placeholder_with_default")
def _(tf: Any) -> Any:
    x = tf.placeholder_with_default(tf.constant([1.0, 2.0]), [None], name="x")
    return Fetch(x * 2, feed={x: [3.0, 4.0, 5.0]})


@cases.case("a placeholder_with_default not fed")
def _(tf: Any) -> Any:
    x = tf.placeholder_with_default(tf.constant([1.0, 2.0]), [None], name="x")
    return x * 2


@cases.case("feeding a placeholder_with_default a value that does not fit its shape")
def _(tf: Any) -> Any:
    x = tf.placeholder_with_default(tf.constant([1.0, 2.0]), [2], name="x")
    return Fetch(x * 2, feed={x: [3.0]})


@cases.case("a fed value is what comes out")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None], name="x")
    return Fetch(x, feed={x: [0.1, -0.0]})


_feed("a Python int scalar past int32 is refused", "int32", [], 2**31)
_feed("a Python int scalar -1 into uint8 is refused", "uint8", [], -1)
_feed("a Python int scalar that float32 cannot hold is refused", "float32", [], 2**24 + 1)
_feed("a Python int scalar float32 holds", "float32", [], 2**24)
_feed("a Python int scalar into a string placeholder is refused", "string", [], 5)
_feed("a Python bool scalar into int32", "int32", [], True)
_feed("a Python int scalar past int64 into int64", "int64", [], 2**63)
_feed("a Python int scalar into bool", "bool", [], 2)


def _each(dtype: str) -> None:
    for label, value in (("[1, 2]", [1, 2]), ("[1.5, -2.5]", [1.5, -2.5]), ("[1+2j]", [1 + 2j]),
                         ("[True, False]", [True, False]), ("['a', 'b']", ["a", "b"]),
                         ("3", 3), ("2.5", 2.5), ("int64 [1, 2]", np.array([1, 2], np.int64)),
                         ("[[1], [2]]", [[1], [2]]), ("[]", []), ("2**40", 2**40), ("-1", -1)):
        _feed(f"{dtype} fed {label}", dtype, None, value)


for _dtype in ("int8", "uint16", "float16", "bfloat16", "complex64", "bool", "string", "int64"):
    _each(_dtype)


@cases.case("a feed of a partly known shape")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 2, None], name="x")
    return Fetch(x * 2, feed={x: np.ones((3, 2, 1))})
