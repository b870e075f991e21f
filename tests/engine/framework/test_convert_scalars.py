"""Python scalars take a direct path to their array (``x + 1.0``); it must give exactly the
array ``tf.constant``'s general rules give, and leave every other value to those rules."""

from __future__ import annotations

import numpy as np
import pytest

from engine.framework import convert
from engine.framework import dtypes as dt

VALUES = [0.0, -0.0, 1.0, -2.5, 1e-45, 3.4028234663852886e38, -3.4028234663852886e38,
          3.5e38, 1e300, float("inf"), float("-inf"), float("nan"),
          0, 1, -1, 2**24, 2**24 + 1, 2**31 - 1, -2**31, 2**31, 2**40, -2**63]
DTYPES = [None, dt.float32, dt.float64, dt.int32, dt.int64]


def _general(value: object, dtype: dt.DType | None) -> np.ndarray:
    """The array the general path makes (a shape given keeps the direct path out)."""
    return convert.make_array(value, dtype, shape=())


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: "none" if d is None else d.name)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_python_scalar_makes_the_array_of_the_general_rules(
        value: object, dtype: dt.DType | None) -> None:
    try:
        expected = _general(value, dtype)
    except (TypeError, ValueError, OverflowError) as e:
        with pytest.raises(type(e)):
            convert.make_array(value, dtype)
        return
    got = convert.make_array(value, dtype)
    assert got.dtype == expected.dtype
    assert got.shape == ()
    np.testing.assert_array_equal(got, expected)
    assert np.signbit(got) == np.signbit(expected)


def test_the_direct_path_leaves_a_value_it_cannot_make_exactly_to_the_general_rules() -> None:
    assert convert._plain_scalar(1e300, dt.float32) is None  # overflows to inf: warned there
    assert convert._plain_scalar(2**31, None) is None  # int64 or wrapped: the general rules
    assert convert._plain_scalar(2**24 + 1, dt.float32) is None  # rounds
    assert convert._plain_scalar(True, None) is None  # bool is not int here
    assert convert._plain_scalar(1.0, dt.int32) is None  # TF's TypeError, raised there


LISTS = [[0], [1, 2, 3], (4, 5), [-2**31, 2**31 - 1], [0, 2**31], [1.0, 2.5], (0.5,),
         [1.0, 3.5e38], [1.0, float("nan")], [float("nan"), 1.0], [1.0, float("inf")],
         [2**24, 2**24 + 1], [1, 2.0], [1, True], [], [[1, 2]], [-0.0, 0.0]]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: "none" if d is None else d.name)
@pytest.mark.parametrize("value", LISTS, ids=repr)
def test_a_flat_list_of_numbers_makes_the_array_of_the_general_rules(
        value: object, dtype: dt.DType | None) -> None:
    try:
        expected = convert.make_array(value, dtype, shape=np.shape(value))
    except (TypeError, ValueError, OverflowError) as e:
        with pytest.raises(type(e)):
            convert.make_array(value, dtype)
        return
    got = convert.make_array(value, dtype)
    assert got.dtype == expected.dtype
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))


def test_a_list_of_mixed_or_nested_values_takes_the_general_rules() -> None:
    assert convert._plain_scalar([1, 2.0], None) is None
    assert convert._plain_scalar([[1, 2]], None) is None
    assert convert._plain_scalar([], None) is None
    assert convert._plain_scalar([0, 2**31], None) is None
