"""Matrix products as TF builds and runs them: ``transpose_a/b`` transpose complex matrices
without conjugating, ``adjoint_a/b`` conjugate (TF inserts ``Conj``); inputs of rank above
2 use BatchMatMulV2 (where TF also inserts ``Conj`` for a transpose); shape errors at build
time and at run time in TF's words."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("matmul")

A = [[1 + 2j, 3 - 1j], [0.5j, -2 + 0j]]
B = [[2 - 1j, 1j], [1 + 1j, 3 + 0j]]


def _complex(tf: Any, dtype: str = "complex128") -> tuple[Any, Any]:
    d = tf.as_dtype(dtype)
    return tf.constant(A, dtype=d, name="a"), tf.constant(B, dtype=d, name="b")


def _flags(label: str, dtype: str = "complex128", rank3: bool = False, **flags: Any) -> None:
    @cases.case(f"{dtype} {'batched ' if rank3 else ''}matmul {label}")
    def _(tf: Any) -> Any:
        a, b = _complex(tf, dtype)
        if rank3:
            a = tf.constant([A, B], dtype=tf.as_dtype(dtype), name="a3")
            b = tf.constant([B, A], dtype=tf.as_dtype(dtype), name="b3")
        return tf.matmul(a, b, **flags)


for _dtype in ("complex128", "complex64"):
    for _rank3 in (False, True):
        _flags("plain", _dtype, _rank3)
        _flags("transpose_a", _dtype, _rank3, transpose_a=True)
        _flags("transpose_b", _dtype, _rank3, transpose_b=True)
        _flags("adjoint_a", _dtype, _rank3, adjoint_a=True)
        _flags("adjoint_b", _dtype, _rank3, adjoint_b=True)
        _flags("transpose_a adjoint_b", _dtype, _rank3, transpose_a=True, adjoint_b=True)
_flags("transpose_a and adjoint_a", transpose_a=True, adjoint_a=True)
_flags("transpose_b and adjoint_b", transpose_b=True, adjoint_b=True)


@cases.case("float matmul adjoint_a is a transpose (no Conj op)")
def _(tf: Any) -> Any:
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="a")
    return [tf.matmul(a, a, adjoint_a=True), tf.matmul(a, a, adjoint_b=True)]


@cases.case("float batched matmul transpose_b")
def _(tf: Any) -> Any:
    a = tf.constant(np.arange(12.0).reshape(2, 2, 3), name="a")
    return tf.matmul(a, a, transpose_b=True)


@cases.case("int32 batched matmul adjoint_a")
def _(tf: Any) -> Any:
    a = tf.constant(np.arange(8).reshape(2, 2, 2).astype(np.int32), name="a")
    return tf.matmul(a, a, adjoint_a=True)


@cases.case("the @ operator on complex")
def _(tf: Any) -> Any:
    a, b = _complex(tf)
    return a @ b


@cases.case("conj of a complex tensor")
def _(tf: Any) -> Any:
    a, _ = _complex(tf)
    return [tf.conj(a), tf.conj(tf.constant([1.0, 2.0]))]


@cases.case("conj of a string is refused")
def _(tf: Any) -> Any:
    return tf.conj(tf.constant("s"))


@cases.case("conj of a literal")
def _(tf: Any) -> Any:
    return [tf.conj(1 + 2j), tf.conj([1.5])]


@cases.case("batch dimensions broadcast")
def _(tf: Any) -> Any:
    a = tf.constant(np.arange(12.0).reshape(2, 1, 2, 3), name="a")
    b = tf.constant(np.arange(24.0).reshape(4, 3, 2), name="b")
    return tf.matmul(a, b)


@cases.case("a rank-3 by a rank-2 matrix")
def _(tf: Any) -> Any:
    a = tf.constant(np.arange(12).reshape(2, 2, 3).astype(np.int64), name="a")
    b = tf.constant(np.arange(6).reshape(3, 2).astype(np.int64), name="b")
    return a @ b


@cases.case("batch dimensions that do not broadcast (static)")
def _(tf: Any) -> Any:
    a = tf.constant(np.ones((2, 2, 3)), name="a")
    b = tf.constant(np.ones((3, 3, 2)), name="b")
    return tf.matmul(a, b)


@cases.case("batched inner dimensions that differ (static)")
def _(tf: Any) -> Any:
    a = tf.constant(np.ones((2, 2, 3)), name="a")
    b = tf.constant(np.ones((2, 2, 2)), name="b")
    return tf.matmul(a, b)


@cases.case("a rank-1 operand of a batched matmul (static)")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant(np.ones((2, 2, 3)), dtype=tf.float32, name="b")
    return tf.matmul(a, b)


@cases.case("a rank-1 operand of matmul (static)")
def _(tf: Any) -> Any:
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([[1.0], [2.0]], name="b")
    return tf.matmul(a, b)


@cases.case("inner dimensions that differ (static)")
def _(tf: Any) -> Any:
    a = tf.constant(np.ones((2, 3)), name="a")
    return tf.matmul(a, a)


@cases.case("inner dimensions that differ after transpose_a (static)")
def _(tf: Any) -> Any:
    a = tf.constant(np.ones((2, 3)), name="a")
    b = tf.constant(np.ones((3, 3)), name="b")
    return tf.matmul(a, b, transpose_a=True)


def _fed(label: str, xs: Any, ys: Any, xv: Any, yv: Any, **flags: Any) -> None:
    @cases.case(f"run time: {label}")
    def _(tf: Any) -> Any:
        x = tf.placeholder(tf.float32, xs, name="x")
        y = tf.placeholder(tf.float32, ys, name="y")
        return Fetch(tf.matmul(x, y, **flags),
                     feed={x: np.ones(xv, np.float32), y: np.ones(yv, np.float32)})


_fed("a rank-1 operand of unknown rank", None, None, (3,), (3, 2))
_fed("a rank-1 second operand of unknown rank", None, None, (2, 3), (3,))
_fed("batch dimensions that do not broadcast", None, None, (2, 2, 3), (3, 3, 2))
_fed("batch dimensions of different ranks that do not broadcast", None, None,
     (2, 4, 2, 3), (3, 3, 2))
_fed("batched inner dimensions that differ", None, None, (2, 2, 3), (2, 2, 2))
_fed("inner dimensions that differ", [None, None], [None, None], (2, 3), (2, 3))
_fed("inner dimensions that differ with transpose_b", [None, None], [None, None], (2, 3),
     (2, 2), transpose_b=True)
_fed("rank-2 operands of unknown rank", None, None, (2, 3), (3, 4))
_fed("a batch of unknown rank", None, [3, 2], (4, 2, 3), (3, 2))
_fed("a rank-3 operand into rank-2 placeholders", [None, None], [None, None], (1, 2, 3),
     (3, 2))


@cases.case("matmul of unknown rank is BatchMatMulV2")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, name="x")
    y = tf.placeholder(tf.float32, [2, 2], name="y")
    out = tf.matmul(x, y)
    return Fetch(out, feed={x: np.eye(2, dtype=np.float32), y: np.ones((2, 2), np.float32)},
                 probe=str(out))


@cases.case("matmul of mixed dtypes")
def _(tf: Any) -> Any:
    return tf.matmul(tf.constant([[1.0]]), tf.constant([[1]]))


@cases.case("float16 matmul")
def _(tf: Any) -> Any:
    a = tf.constant([[1.5, 2.0], [0.25, 4.0]], dtype=tf.float16)
    return tf.matmul(a, a, transpose_b=True)


@cases.case("int64 matmul with transposes")
def _(tf: Any) -> Any:
    a = tf.constant([[1, 2, 3], [4, 5, 6]], dtype=tf.int64)
    return [tf.matmul(a, a, transpose_b=True), tf.matmul(a, a, transpose_a=True)]


@cases.case("batched matmul transpose_a and transpose_b of floats")
def _(tf: Any) -> Any:
    x = tf.constant(np.arange(12.0).reshape(2, 3, 2))
    y = tf.constant(np.arange(12.0).reshape(2, 2, 3))
    return tf.matmul(x, y, transpose_a=True, transpose_b=True)


@cases.case("batched matmul adjoint_a and adjoint_b of complex")
def _(tf: Any) -> Any:
    x = tf.constant((np.arange(8.0) + 1j * np.arange(8.0)[::-1]).reshape(2, 2, 2))
    return tf.matmul(x, x, adjoint_a=True, adjoint_b=True)


@cases.case("a rank-2 by a rank-3 of unknown dims")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float64, [None, None], name="x")
    y = tf.placeholder(tf.float64, [None, None, None], name="y")
    out = x @ y
    return Fetch(out, feed={x: np.ones((2, 3)), y: np.ones((4, 3, 1))}, probe=str(out))


@cases.case("int16 batched matmul runs, int16 matmul is refused")
def _(tf: Any) -> Any:
    x = tf.constant(np.ones((2, 2, 2), np.int16))
    return tf.matmul(x, x)


@cases.case("int16 matmul is not in MatMul's list")
def _(tf: Any) -> Any:
    x = tf.constant(np.ones((2, 2), np.int16))
    return tf.matmul(x, x)


@cases.case("batched inner dimensions that differ with adjoint_a (run time)")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, None, name="x")
    y = tf.placeholder(tf.float32, None, name="y")
    return Fetch(tf.matmul(x, y, adjoint_a=True),
                 feed={x: np.ones((2, 2, 3), np.float32), y: np.ones((2, 2, 2), np.float32)})


def _raw_matmul(label: str, xs: Any, ys: Any) -> None:
    @cases.case(f"run time: a raw MatMul of unknown ranks fed {label}")
    def _(tf: Any) -> Any:
        x = tf.placeholder(tf.float32, None, name="x")
        y = tf.placeholder(tf.float32, None, name="y")
        return Fetch(tf.raw_ops.MatMul(a=x, b=y),
                     feed={x: np.ones(xs, np.float32), y: np.ones(ys, np.float32)})


_raw_matmul("a rank-3 first operand", (1, 2, 2), (2, 2))
_raw_matmul("a rank-1 first operand", (2,), (2, 2))
_raw_matmul("a rank-1 second operand", (2, 2), (2,))
_raw_matmul("a rank-3 second operand", (2, 2), (1, 2, 2))
_raw_matmul("matrices that fit", (2, 3), (3, 1))


@cases.case("a batch matmul of integers that do not fit prints no adjoint flags")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32)
    return Fetch(tf.matmul(x, tf.ones([2, 4, 3], tf.int32), adjoint_a=True),
                 {x: [[[1] * 3] * 2] * 2})


@cases.case("batched: inner dimensions are checked before the batch dimensions")
def _(tf: Any) -> Any:
    return tf.matmul(tf.placeholder(tf.float32, [2, 3, 4]),
                     tf.placeholder(tf.float32, [5, 4, 3]), transpose_b=True)


@cases.case("batched with an unknown dimension: inner ones first under adjoint_b")
def _(tf: Any) -> Any:
    return tf.matmul(tf.placeholder(tf.float32, [2, None, 3]),
                     tf.placeholder(tf.float32, [7, 3, 4]), adjoint_b=True, name="mm")


@cases.case("batched: batch dimensions that do not broadcast, inner ones fitting")
def _(tf: Any) -> Any:
    return tf.matmul(tf.placeholder(tf.float32, [2, 3, 4]), tf.placeholder(tf.float32, [5, 4, 3]))
