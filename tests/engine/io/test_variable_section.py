"""Variable values in the editor section: exact for every dtype, and checked when read."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest

import engine


@pytest.mark.parametrize("value", [
    np.array([1.5, -0.0, np.inf], np.float32),
    np.frombuffer(np.array([0x7FC00001], np.uint32).tobytes(), np.float32),  # NaN payload
    np.arange(300, dtype=np.float64).reshape(15, 20) / 7,  # base64
    np.array([[1, 2]], ml_dtypes.bfloat16),
    np.array([1 + 2j], np.complex64),
    np.array([True, False]),
    np.array([np.iinfo(np.int64).min], np.int64),
    np.array(3.25, np.float16),
])
def test_values_come_back_bit_for_bit(value: np.ndarray) -> None:
    encoded = engine.encode_variable_values({"v": value})
    back = engine.decode_variable_values(encoded)["v"]
    assert back.dtype == value.dtype and back.shape == value.shape
    assert back.tobytes() == value.tobytes()


def test_a_bad_tensor_is_named_by_its_field() -> None:
    with pytest.raises(engine.GraphFileError, match=r"editor\.variables\.w\.shape"):
        engine.decode_variable_values({"w": {"dtype": "float32", "shape": "x", "data": 1}})


def test_no_section_is_no_values() -> None:
    assert engine.decode_variable_values(None) == {}
