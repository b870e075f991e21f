"""What a conversion would change about a typed value (``editor.lossy``), against the
engine's own conversion of feeds."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

import engine
from editor.lossy import describe_change


def _fed(dtype: engine.DType, value: Any) -> str | None:
    """Feed ``value`` (as ``parse_value`` reads it) to a placeholder of ``dtype``, as the
    feed dialog does, and describe what the conversion changed."""
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(dtype, shape=None, name="x")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy's "overflow encountered in cast"
        converted = engine.convert_feed(x, value)
    return describe_change(value, converted, dtype.name, dtype.kind)


@pytest.mark.parametrize(
    ("dtype", "value", "said"),
    [
        (engine.int32, 1.5, "1.5 would become 1 as int32"),
        (engine.float16, 70000.0, "70000.0 would become inf as float16"),
        (engine.bool, "False", '"False" would become true as bool'),
        (engine.float32, 1e39, "1e+39 would become inf as float32"),
        (engine.float32, 1e-50, "1e-50 would become 0.0 as float32"),
        (engine.float32, 16777217, "16777217 would become 1.6777216e+07 as float32"),
        (engine.int32, [1, 2.5, 3.5], "[1]: 2.5 would become 2 as int32 (and 1 more value)"),
    ],
)
def test_a_changed_value_is_said_with_what_it_becomes(
    dtype: engine.DType, value: Any, said: str
) -> None:
    assert _fed(dtype, value) == said


@pytest.mark.parametrize(
    ("dtype", "value"),
    [
        (engine.float32, 0.1),  # rounding to float32's precision is what float32 means
        (engine.int32, 2.0),
        (engine.float64, [1, 2, 3]),
        (engine.float32, float("nan")),
        (engine.float32, float("-inf")),
        (engine.bool, [True, False]),
        (engine.complex64, [1, 2.5]),
        (engine.int64, 2**40),
        (engine.string, ["a", "b"]),
    ],
)
def test_a_value_the_dtype_holds_is_not_a_change(dtype: engine.DType, value: Any) -> None:
    assert _fed(dtype, value) is None


def test_a_dropped_imaginary_part_is_a_change() -> None:
    converted = np.asarray([1.0, 2.0], np.float32)
    assert describe_change([1, 2 + 1j], converted, "float32", "float") == (
        "[1]: 2+1j would become 2.0 as float32"
    )


def test_a_number_stored_as_text_is_a_change() -> None:
    converted = np.asarray([b"5"], dtype=object)
    assert describe_change([5], converted, "string", "string") == (
        '[0]: 5 would become "5" as string'
    )


def test_a_broadcast_value_is_not_compared() -> None:
    assert describe_change([1.5], np.zeros((2, 2), np.int32), "int32", "int") is None
