"""``tf.compat.v1.constant``: the dtype TF infers, what a requested dtype does to a value (Python
ints wrap, huge ones overflow), v1's ``shape=`` (fewer values fill with the last one), and
TF's exception class and message for every value it refuses."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases

cases = Cases("constants")


def _const(name: str, value: Any, **kwargs: Any) -> None:
    @cases.case(name)
    def _(tf: Any) -> Any:
        if "dtype" in kwargs and isinstance(kwargs["dtype"], str):
            kwargs["dtype"] = tf.as_dtype(kwargs["dtype"])
        return tf.constant(value, **kwargs)


# --- the dtype TF infers ---------------------------------------------------------------------
_const("a Python int is int32", 5)
_const("an int past int32 is int64", 2**31)
_const("a list with one int past int32 is int64", [1, 2**31, -3])
_const("the int32 edges stay int32", [-2**31, 2**31 - 1])
_const("2**63 alone is uint64", 2**63)
_const("a list of ints from 2**63 is uint64", [2**63, 2**64 - 1])
_const("2**63 beside a small int goes through float64", [1, 2**63])
_const("2**63 beside a negative int goes through float64", [-1, 2**63])
_const("a Python float is float32", 2.5)
_const("a float past float32 is inf in float32", 1e300)
_const("ints and floats mixed are float32", [1, 2.5])
_const("bools are bool", [True, False])
_const("bools and ints mixed are int32", [True, 2])
_const("a complex is complex128", 1 + 2j)
_const("ints and complex mixed are complex128", [1, 2j])
_const("a str is string", "text")
_const("bytes and str mixed are string", [b"a", "b"])
_const("an empty list is float32", [])
_const("nested empty lists are float32", [[], []])
_const("a numpy float64 scalar stays float64", np.float64(1.5))
_const("a numpy float64 in a list is float32", [np.float64(1.5)])
_const("numpy float64 and a Python int in a list are float32", [np.float64(1.5), 2])
_const("numpy int64 and a Python int in a list are int32", [np.int64(7), 2])
_const("a numpy int64 scalar stays int64", np.int64(7))
_const("numpy int16 scalars in a list stay int16", [np.int16(1), np.int16(2)])
_const("a numpy float32 and a Python float are float32", [np.float32(1.5), 2.25])
_const("a numpy int8 array keeps int8", np.array([1, 2], dtype=np.int8))
_const("a numpy uint64 array keeps uint64", np.array([2**64 - 1], dtype=np.uint64))
_const("a numpy bool and an int in a list", [np.bool_(True), 3])
_const("a tuple is a list", (1, 2, 3))
_const("a numpy str array is string", np.array(["ab", "c"]))

# --- a requested dtype ---------------------------------------------------------------------------
_const("2**31 into int32 wraps", 2**31, dtype="int32")
_const("-2**31 - 1 into int32 wraps", -2**31 - 1, dtype="int32")
_const("300 into uint8 wraps", [300, -1], dtype="uint8")
_const("2**64 - 1 into int64 wraps", 2**64 - 1, dtype="int64")
_const("1e20 as an int into int32 overflows", 99999999999999999999, dtype="int32")
_const("2**64 into uint64 overflows", 2**64, dtype="uint64")
_const("a list with 2**64 into int64 overflows", [1, 2**64], dtype="int64")
_const("-1 into uint64 wraps", -1, dtype="uint64")
_const("an int into float16 rounds", 65519, dtype="float16")
_const("an int past float16 is inf", 70000, dtype="float16")
_const("a float past float32 into float32 is inf", [1e39, -1e39], dtype="float32")
_const("a float into int32 is refused", 1.5, dtype="int32")
_const("a whole float into int32 is refused", 2.0, dtype="int32")
_const("a float in a list into int64 is refused", [1, 2, 3.0], dtype="int64")
_const("a bool into int32 is an int", [True, False], dtype="int32")
_const("an int into bool is refused", 1, dtype="bool")
_const("a bool into float32", True, dtype="float32")
_const("a complex into float32 is refused", 1 + 2j, dtype="float32")
_const("an int into complex64", 3, dtype="complex64")
_const("a str into int32 is refused", "5", dtype="int32")
_const("an int into string is refused", 5, dtype="string")
_const("a numpy float64 scalar into int32 is cast", np.float64(1.5), dtype="int32")
_const("a numpy float64 array into int32 is cast", np.array([1.7, -1.7]), dtype="int32")
_const("a numpy int64 array into int8 wraps", np.array([300, -300]), dtype="int8")
_const("a numpy complex array into float32 keeps the real part",
       np.array([1.5 + 2j]), dtype="float32")
_const("a numpy int into float32", np.int64(3), dtype="float32")
_const("a numpy float in a list into int32 is refused", [np.float32(1.0)], dtype="int32")
_const("a numpy int in a list into int8", [np.int64(300)], dtype="int8")
_const("a numpy bool into int32 is refused", [np.bool_(True)], dtype="int32")
_const("floats into bfloat16 round", [1.00390625, 3.14159], dtype="bfloat16")
_const("a float into float64 keeps every bit", 0.1, dtype="float64")

# --- v1's shape= ---------------------------------------------------------------------------------
_const("a scalar fills the shape", 7, shape=[2, 3])
_const("fewer values fill with the last one (v1)", [1, 2], shape=[5])
_const("fewer values of a matrix fill with the last one (v1)", [[1, 2], [3, 4]], shape=[3, 2])
_const("the right number of values is reshaped", [1, 2, 3, 4, 5, 6], shape=[3, 2])
_const("too many values are refused", [1, 2, 3], shape=[2])
_const("an empty list fills with zeros", [], shape=[3])
_const("a zero-size shape is empty, float32 without a dtype", [1, 2], shape=[0])
_const("a zero-size shape with a dtype", [1, 2], shape=[2, 0], dtype="int64")
_const("verify_shape refuses a different shape", [1, 2], shape=[2, 1], verify_shape=True)
_const("verify_shape accepts the same shape", [[1], [2]], shape=[2, 1], verify_shape=True)
_const("a shape with None is refused", [1, 2], shape=[None])
_const("strings fill with the last one", ["a", "b"], shape=[3])
_const("a shape given as a tuple", 1.5, shape=(2,))
_const("a scalar shape", [4], shape=[])

# --- values TF refuses ---------------------------------------------------------------------------
_const("None is refused", None)
_const("an int past uint64 is refused", 99999999999999999999)
_const("an int past uint64 beside small ints is refused", [1, 2**64])
_const("a negative int past int64 is refused", -2**63 - 1)
_const("a huge float beside a huge int", [1.5, 2**70])
_const("a bytearray is a uint8 vector", bytearray(b"ab"))
_const("a ragged list is refused", [[1, 2], [3]])
_const("a list of None is refused", [None, None])
_const("a str beside an int is refused", ["a", 1])
_const("an object is refused", object)


@cases.case("a tensor is not a constant's value")
def _(tf: Any) -> Any:
    return tf.constant(tf.constant(1))


@cases.case("a list holding a tensor is refused")
def _(tf: Any) -> Any:
    return tf.constant([tf.constant(1), 2])


@cases.case("a bad dtype name is refused")
def _(tf: Any) -> Any:
    return tf.constant(1, dtype="int33")


@cases.case("the name of a constant")
def _(tf: Any) -> Any:
    return [tf.constant(1, name="seven"), tf.constant(2, name="seven"), tf.constant(3)]


@cases.case("a refused value consumes no name")
def _(tf: Any) -> Any:
    try:
        tf.constant(1.5, dtype=tf.int32, name="c")
    except TypeError:
        pass
    return tf.constant(2, name="c")


_const("a tuple of numpy int8 scalars", (np.int8(1), np.int8(2)))
_const("a list of numpy arrays is refused", [np.array([1, 2]), np.array([3, 4])])
_const("a 0-d array beside a float", [np.array(1.5), 2.0])
_const("numpy int8 and float16 scalars", [np.int8(1), np.float16(2.5)])
_const("a numpy bool array into int32", np.array([True, False]), dtype="int32")
_const("a numpy str array into int32", np.array(["1", "2"]), dtype="int32")
_const("a str into float32 is refused", ["1.5"], dtype="float32")
_const("bytes that are not UTF-8", b"\xff\x00")
_const("a non-ASCII str", "é")
_const("a shape as a numpy array", 1, shape=np.array([2, 2]))
_const("a negative shape", [1], shape=[-1])
_const("a float shape", [1], shape=[2.0])
_const("dtype given as a Python type", 1, dtype=float)
_const("dtype given as a numpy type", 1, dtype=np.float64)
_const("a huge complex into complex64 is inf", 1e300 + 1e300j, dtype="complex64")
_const("nan into int32 is refused", float("nan"), dtype="int32")
_const("a numpy nan and inf into int32", np.array([np.nan, np.inf]), dtype="int32")
_const("300 into bfloat16", 300, dtype="bfloat16")
_const("ragged strings are refused", [["a"], ["b", "c"]])
_const("a dict is refused", {"a": 1})
_const("a set is refused", {1, 2})
_const("a range is refused", range(3))
_const("a numpy object array of ints", np.array([1, 2], dtype=object))
