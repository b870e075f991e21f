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


def _graph_with_variable(n: int) -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        engine.Variable(np.zeros(n, np.float32), name="w")
    return g


def test_trained_values_larger_than_the_editor_text_limit_save_and_reopen(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.io import editor_section

    monkeypatch.setattr(editor_section, "MAX_EDITOR_CHARS", 1000)
    value = np.random.default_rng(1).standard_normal(4000).astype(np.float32)  # 21 KB base64
    path = tmp_path / "trained.json"
    engine.save_graph(path, _graph_with_variable(4000),
                      editor={"variables": engine.encode_variable_values({"w": value})})
    _, editor = engine.load_graph(path)
    assert editor is not None
    assert engine.decode_variable_values(editor["variables"])["w"].tobytes() == value.tobytes()


def test_other_editor_text_over_the_limit_is_still_refused(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.io import editor_section

    monkeypatch.setattr(editor_section, "MAX_EDITOR_CHARS", 1000)
    path = tmp_path / "notes.json"
    with pytest.raises(engine.GraphFileError,
                       match=r"editor\.notes: the editor section holds more than 1000 characters"):
        engine.save_graph(path, _graph_with_variable(2), editor={"notes": "x" * 2000})
    assert not path.exists()
