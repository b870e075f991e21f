"""Ops whose dtype TF's op definition accepts but for which TF registers no CPU kernel (or
whose kernel refuses the attributes): the op builds as in TF, and the run fails with TF's
class and text — also a run that does not need the op, where TF's placer refuses the graph."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("kernels")

UNSIGNED = ("uint8", "uint16", "uint32", "uint64")
ALL = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
       "float16", "bfloat16", "float32", "float64", "complex64", "complex128")


def _matmul(dtype: str, batched: bool) -> None:
    @cases.case(f"{'batched ' if batched else ''}matmul of {dtype}")
    def _(tf: Any) -> Any:
        d = tf.as_dtype(dtype)
        shape = (2, 2, 2) if batched else (2, 2)
        a = tf.constant(np.ones(shape, dtype=d.as_numpy_dtype), name="a")
        return tf.matmul(a, a)


for _dtype in UNSIGNED:
    _matmul(_dtype, batched=False)
    _matmul(_dtype, batched=True)


def _complex_floordiv(dtype: str) -> None:
    @cases.case(f"floordiv of {dtype}")
    def _(tf: Any) -> Any:
        d = tf.as_dtype(dtype)
        return tf.constant([1 + 2j], dtype=d) // tf.constant([1 + 1j], dtype=d)


_complex_floordiv("complex64")
_complex_floordiv("complex128")


def _cast(src: str, dst: str) -> None:
    @cases.case(f"cast {src} to {dst}")
    def _(tf: Any) -> Any:
        value = "7" if src == "string" else (True if src == "bool" else 1)
        return tf.cast(tf.constant([value], dtype=tf.as_dtype(src)), tf.as_dtype(dst))


for _dtype in ALL:
    _cast(_dtype, "string")
    _cast("string", _dtype)


@cases.case("cast string to string is the identity")
def _(tf: Any) -> Any:
    return tf.raw_ops.Cast(x=tf.constant(["a"]), DstT=tf.string)


@cases.case("a cast to string the run does not need")
def _(tf: Any) -> Any:
    tf.cast(tf.constant([1]), tf.string)
    return tf.constant(3, name="other")


@cases.case("a fed cast to string")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [1], name="x")
    return Fetch(tf.cast(x, tf.string), feed={x: [1]})


@cases.case("an op without a kernel that the run does not need")
def _(tf: Any) -> Any:
    a = tf.constant([[1]], dtype=tf.uint8, name="a")
    tf.matmul(a, a)
    return tf.constant(3, name="other")


@cases.case("an op without a kernel upstream of the fetch")
def _(tf: Any) -> Any:
    a = tf.constant([[1.0]], name="a")
    q = tf.raw_ops.RealDiv(x=tf.constant([4]), y=tf.constant([2]))
    return [a * 2, q]


@cases.case("of two ops without kernels the first is named")
def _(tf: Any) -> Any:
    z = tf.raw_ops.RealDiv(x=tf.constant([4]), y=tf.constant([2]), name="z")
    a = tf.raw_ops.RealDiv(x=tf.constant([4]), y=tf.constant([2]), name="a")
    return [a, z]


@cases.case("an op without a kernel is refused before an unfed placeholder")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [1], name="x")
    tf.raw_ops.RealDiv(x=tf.constant([4]), y=tf.constant([2]))
    return x * 2


@cases.case("a cast to string is refused before an unfed placeholder")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [1], name="x")
    return [x * 2, tf.cast(tf.constant([1]), tf.string)]


@cases.case("truncatemod of float16 has no kernel")
def _(tf: Any) -> Any:
    c = tf.constant([5.0], dtype=tf.float16)
    return tf.truncatemod(c, c)


@cases.case("truncatemod of bfloat16 has no kernel")
def _(tf: Any) -> Any:
    c = tf.constant([5.0], dtype=tf.bfloat16)
    return tf.truncatemod(c, c)


@cases.case("truncatediv of complex has no kernel")
def _(tf: Any) -> Any:
    c = tf.constant([1 + 1j], dtype=tf.complex64)
    return tf.truncatediv(c, c)


@cases.case("realdiv of int64 has no kernel")
def _(tf: Any) -> Any:
    c = tf.constant([5], dtype=tf.int64)
    return tf.raw_ops.RealDiv(x=c, y=c)


@cases.case("casts of values at the edges of integers")
def _(tf: Any) -> Any:
    inf, nan = float("inf"), float("nan")
    f = tf.constant([1e10, -1e10, inf, -inf, nan, 2.9, -2.9], dtype=tf.float64)
    return [tf.cast(f, tf.int32), tf.cast(f, tf.int64), tf.cast(f, tf.uint8),
            tf.cast(f, tf.int8), tf.cast(f, tf.bool)]


@cases.case("casts of float32 at the edges of integers")
def _(tf: Any) -> Any:
    f = tf.constant([3e9, -3e9, 300.0, -1.0, 2**31], dtype=tf.float32)
    return [tf.cast(f, tf.int32), tf.cast(f, tf.uint32), tf.cast(f, tf.uint8),
            tf.cast(f, tf.uint64), tf.cast(f, tf.int16)]


@cases.case("casts of integers that wrap")
def _(tf: Any) -> Any:
    i = tf.constant([300, -1, 2**31 - 1, -2**31], dtype=tf.int64)
    return [tf.cast(i, tf.uint8), tf.cast(i, tf.int8), tf.cast(i, tf.uint32),
            tf.cast(i, tf.float16), tf.cast(i, tf.bool)]


@cases.case("casts of complex")
def _(tf: Any) -> Any:
    c = tf.constant([1.5 + 2j, -2.5 - 1j, 1e10 + 1j])
    return [tf.cast(c, tf.float32), tf.cast(c, tf.int32), tf.cast(c, tf.bool),
            tf.cast(c, tf.complex64), tf.cast(tf.constant([3.0]), tf.complex64)]


@cases.case("casts to float16 and bfloat16 round")
def _(tf: Any) -> Any:
    f = tf.constant([1e5, 65519.0, 1.00390625, 3.0e38, 1e-8], dtype=tf.float32)
    return [tf.cast(f, tf.float16), tf.cast(f, tf.bfloat16)]


@cases.case("bool casts")
def _(tf: Any) -> Any:
    b = tf.constant([True, False])
    return [tf.cast(b, tf.float32), tf.cast(b, tf.int8), tf.cast(b, tf.complex64),
            tf.cast(tf.constant([0.0, -0.0, 0.1, float("nan")]), tf.bool)]


@cases.case("casts of float32 to float16 and bfloat16 at the edges")
def _(tf: Any) -> Any:
    return [tf.cast(tf.constant([float("nan"), 70000.0]), tf.float16),
            tf.cast(tf.constant([1.00390625, 1.01171875]), tf.bfloat16)]


@cases.case("casts to unsigned integers out of range")
def _(tf: Any) -> Any:
    return [tf.cast(tf.constant([1e19, -1.0, 1.5e19]), tf.uint64),
            tf.cast(tf.constant([-1.0, 4.3e9, -3e9], dtype=tf.float64), tf.uint32),
            tf.cast(tf.constant([-1.0, 70000.0, 65535.9]), tf.uint16)]


@cases.case("casts of big floats to int64 and of ints to complex")
def _(tf: Any) -> Any:
    return [tf.cast(tf.constant([9.3e18, -9.3e18], dtype=tf.float64), tf.int64),
            tf.cast(tf.constant([2**40], dtype=tf.int64), tf.complex64),
            tf.cast(tf.constant([0j, 1j, 1 + 0j]), tf.bool)]
