"""Python literals as operands: the Consts TF makes for them on either side of an operator
(``sub/x``, ``matmul/x``), their dtype (the tensor's, or their own when that cannot be), the
message for a literal that does not convert, and the ops and names a failed call leaves."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("literals")


def _int(tf: Any) -> Any:
    return tf.constant([5, 7], name="a")


def _float(tf: Any) -> Any:
    return tf.constant([1.5, 2.5], dtype=tf.float64, name="b")


def _names_after(tf: Any, make: Any) -> Any:
    """Call ``make`` (which fails), then build the same kinds of ops again: their names show
    which names the failed call consumed."""
    try:
        make()
    except (TypeError, ValueError) as e:
        error = f"{type(e).__name__}: {e}"
    else:
        error = None
    return error


@cases.case("3 - a makes sub/x")
def _(tf: Any) -> Any:
    return 3 - _int(tf)


@cases.case("a - 3 makes sub/y")
def _(tf: Any) -> Any:
    return _int(tf) - 3


@cases.case("3 + a makes add/x")
def _(tf: Any) -> Any:
    return 3 + _int(tf)


@cases.case("2 ** a and a ** 2")
def _(tf: Any) -> Any:
    a = _int(tf)
    return [2 ** a, a ** 2]


@cases.case("10 // a and 10 % a")
def _(tf: Any) -> Any:
    a = _int(tf)
    return [10 // a, 10 % a, a // 2, a % 3]


@cases.case("a nested list on the left of @ makes matmul/x")
def _(tf: Any) -> Any:
    m = tf.constant([[1, 2], [3, 4]], name="m")
    return [[1, 0], [0, 1]] @ m


@cases.case("a nested list on the right of @ makes matmul/b")
def _(tf: Any) -> Any:
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="m")
    return m @ [[1.0], [2.0]]


@cases.case("tf.matmul of two lists makes MatMul/a and MatMul/b")
def _(tf: Any) -> Any:
    return tf.matmul([[1, 2]], [[3], [4]])


@cases.case("a literal left of @ that does not convert")
def _(tf: Any) -> Any:
    m = tf.constant([[1, 2], [3, 4]], name="m")
    return [[1.5, 0.0]] @ m


@cases.case("a literal right of @ whose shape does not fit is made first")
def _(tf: Any) -> Any:
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]], name="m")
    return m @ [[1.0, 2.0, 3.0]]


@cases.case("a float literal right of - on an int tensor")
def _(tf: Any) -> Any:
    return _int(tf) - 0.5


@cases.case("a float literal left of - on an int tensor")
def _(tf: Any) -> Any:
    return 0.5 - _int(tf)


@cases.case("a float literal right of + on an int tensor makes add/y first")
def _(tf: Any) -> Any:
    return _int(tf) + 0.5


@cases.case("a float literal left of + on an int tensor")
def _(tf: Any) -> Any:
    return 0.5 + _int(tf)


@cases.case("a float literal right of * on an int tensor")
def _(tf: Any) -> Any:
    return _int(tf) * 0.5


@cases.case("a float literal right of // on an int tensor")
def _(tf: Any) -> Any:
    return _int(tf) // 0.5


@cases.case("an int literal on a float tensor becomes a float")
def _(tf: Any) -> Any:
    b = _float(tf)
    return [b + 1, 2 * b, b - 3, 4 / b]


@cases.case("a bool literal on an int tensor is an int")
def _(tf: Any) -> Any:
    return _int(tf) - True


@cases.case("an int literal past int32 on an int32 tensor wraps (+)")
def _(tf: Any) -> Any:
    return _int(tf) + 2**32


@cases.case("an int literal past int32 on an int32 tensor wraps (*)")
def _(tf: Any) -> Any:
    return _int(tf) * (2**32 + 3)


@cases.case("an int literal past int64 on an int32 tensor overflows")
def _(tf: Any) -> Any:
    return _int(tf) + 2**70


@cases.case("an int literal past int64 on an int32 tensor overflows (-)")
def _(tf: Any) -> Any:
    return _int(tf) - 2**70


@cases.case("a numpy float64 scalar right of + on an int tensor is cast")
def _(tf: Any) -> Any:
    return _int(tf) + np.float64(1.5)


@cases.case("a numpy float64 scalar right of - on an int tensor is cast")
def _(tf: Any) -> Any:
    return _int(tf) - np.float64(1.5)


@cases.case("a list literal right of +")
def _(tf: Any) -> Any:
    return _int(tf) + [1, 2]


@cases.case("a string literal right of + on an int tensor")
def _(tf: Any) -> Any:
    return _int(tf) + "s"


@cases.case("string tensors add with Add")
def _(tf: Any) -> Any:
    s = tf.constant(["a", "b"])
    return [s + "!", tf.add("x", s)]


@cases.case("in function form the first argument fixes the type: add(1, b_float64)")
def _(tf: Any) -> Any:
    return tf.add(1, _float(tf))


@cases.case("subtract(1, b_float64)")
def _(tf: Any) -> Any:
    return tf.subtract(1, _float(tf))


@cases.case("multiply(1.5, a_int32)")
def _(tf: Any) -> Any:
    return tf.multiply(1.5, _int(tf))


@cases.case("maximum(2, b_float64)")
def _(tf: Any) -> Any:
    return tf.maximum(2, _float(tf))


@cases.case("add(b_float64, 1) converts the literal")
def _(tf: Any) -> Any:
    return tf.add(_float(tf), 1)


@cases.case("add(1, 2) makes Add/x and Add/y")
def _(tf: Any) -> Any:
    return tf.add(1, 2)


@cases.case("divide(1, b_float64)")
def _(tf: Any) -> Any:
    return tf.divide(1, _float(tf))


@cases.case("floordiv(7, a_int32)")
def _(tf: Any) -> Any:
    return tf.floordiv(7, _int(tf))


@cases.case("pow(b_float64, 2)")
def _(tf: Any) -> Any:
    return tf.pow(_float(tf), 2)


@cases.case("less(1.5, a_int32)")
def _(tf: Any) -> Any:
    return tf.less(1.5, _int(tf))


@cases.case("a / b of different dtypes")
def _(tf: Any) -> Any:
    return _int(tf) / _float(tf)


@cases.case("a / 0.5 on an int tensor leaves truediv/y")
def _(tf: Any) -> Any:
    return _int(tf) / 0.5


@cases.case("0.5 / a on an int tensor")
def _(tf: Any) -> Any:
    return 0.5 / _int(tf)


@cases.case("a failed a / b consumes the names truediv and truediv_1")
def _(tf: Any) -> Any:
    a, b = _int(tf), _float(tf)
    error = _names_after(tf, lambda: a / b)
    return Fetch(a / a, probe=error)


@cases.case("a failed a + b consumes add and add_1")
def _(tf: Any) -> Any:
    a, b = _int(tf), _float(tf)
    error = _names_after(tf, lambda: a + b)
    return Fetch(a + a, probe=error)


@cases.case("a failed a - 0.5 consumes only sub")
def _(tf: Any) -> Any:
    a = _int(tf)
    error = _names_after(tf, lambda: a - 0.5)
    return Fetch(a - a, probe=error)


@cases.case("a failed a @ b consumes matmul and matmul_1")
def _(tf: Any) -> Any:
    m = tf.constant([[1, 2]], name="m")
    n = tf.constant([[1.0], [2.0]], name="n")
    error = _names_after(tf, lambda: m @ n)
    return Fetch(m @ tf.constant([[1], [2]]), probe=error)


@cases.case("an int tensor and a float tensor under +")
def _(tf: Any) -> Any:
    return _int(tf) + _float(tf)


@cases.case("an int tensor and a float tensor under -")
def _(tf: Any) -> Any:
    return _int(tf) - _float(tf)


@cases.case("an int tensor and a float tensor under <")
def _(tf: Any) -> Any:
    return _int(tf) < _float(tf)


@cases.case("a float literal under < on an int tensor")
def _(tf: Any) -> Any:
    return _int(tf) < 2.5


@cases.case("a literal left of < on an int tensor")
def _(tf: Any) -> Any:
    return 6 < _int(tf)


@cases.case("negative of a list")
def _(tf: Any) -> Any:
    return tf.negative([1, -2])


@cases.case("abs and square of literals")
def _(tf: Any) -> Any:
    return [tf.abs(-3.5), tf.square(4), tf.sqrt(2.0)]


@cases.case("identity of a literal")
def _(tf: Any) -> Any:
    return tf.identity([1, 2])


@cases.case("cast of a literal")
def _(tf: Any) -> Any:
    return [tf.cast(1.7, tf.int32), tf.cast([1, 2], tf.int32), tf.cast(3, tf.float32)]


@cases.case("an operation is not an operand")
def _(tf: Any) -> Any:
    a = _int(tf)
    return a + a.op


@cases.case("an int literal past uint8 on a uint8 tensor wraps")
def _(tf: Any) -> Any:
    return tf.constant([1], dtype=tf.uint8) - 300


@cases.case("a negative int literal on a uint8 tensor wraps")
def _(tf: Any) -> Any:
    return tf.constant([1], dtype=tf.uint8) + (-1)


@cases.case("a complex literal on a float tensor")
def _(tf: Any) -> Any:
    return tf.constant([1.0]) + 1j


@cases.case("a float literal on a complex tensor")
def _(tf: Any) -> Any:
    return tf.constant([1j]) + 1.5


@cases.case("a list on the left of +")
def _(tf: Any) -> Any:
    return [1.0, 2.0] + tf.constant([1.0, 2.0])


@cases.case("a numpy float64 array right of + on a float32 tensor")
def _(tf: Any) -> Any:
    return tf.constant([1.0, 2.0]) + np.array([1.0, 2.0])


@cases.case("None as an operand")
def _(tf: Any) -> Any:
    return tf.constant(1) - None


@cases.case("None right of +")
def _(tf: Any) -> Any:
    return tf.constant(1) + None


@cases.case("tf.divide of two literals")
def _(tf: Any) -> Any:
    return tf.divide(7, 2)


@cases.case("tf.divide named")
def _(tf: Any) -> Any:
    return tf.divide(tf.constant([7]), tf.constant([2]), name="q")


@cases.case("matmul of a float64 tensor and an int literal")
def _(tf: Any) -> Any:
    return tf.matmul(tf.constant([[1.0]], dtype=tf.float64), [[2]])


@cases.case("a float literal left of @ on a float tensor is made with its dtype")
def _(tf: Any) -> Any:
    return [[2]] @ tf.constant([[1.5]])


@cases.case("a literal an op without a default type refuses leaves one Const")
def _(tf: Any) -> Any:
    return tf.nn.elu([1, 2])


@cases.case("a bool literal a float op refuses leaves one Const")
def _(tf: Any) -> Any:
    return tf.cos(False)


@cases.case("a nested list without tensors beside a tensor opens its scope first")
def _(tf: Any) -> Any:
    return tf.stack([tf.constant([[1.0]]), [[2.0]]])


@cases.case("convert_to_tensor packs a list holding tensors")
def _(tf: Any) -> Any:
    return [tf.convert_to_tensor([[tf.constant(1.0), 2.0], [3.0, 4.0]]),
            tf.convert_to_tensor([tf.constant(1), 2], name="v")]
