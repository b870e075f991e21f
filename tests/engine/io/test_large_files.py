"""Large valid files (``pytest -m slow``): what the issue measured hanging or taking gigabytes
is refused at once with a placed message, and files at the limits load and save back."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

import engine
from engine.io.document_reader import MAX_OP_VALUES
from engine.io.graph_files import load_graph, save_graph
from engine.io.tensor_codec import MAX_STRING_ELEMENTS

pytestmark = pytest.mark.slow

HEAD = '{"format": "tensorcanvas-graph", "version": 1, "ops": ['


def refused_quickly(path: Path) -> engine.GraphFileError:
    started = time.perf_counter()
    with pytest.raises(engine.GraphFileError) as info:
        load_graph(path)
    assert time.perf_counter() - started < 5  # refused, not parsed: a hang check
    return info.value


def test_an_int8_const_of_50_million_json_numbers_is_refused_at_once(tmp_path: Path) -> None:
    n = 50_000_000
    path = tmp_path / "g.json"
    with path.open("w", encoding="utf-8") as f:
        f.write(HEAD + '{"name": "c", "type": "Const", "attrs": {"value": {"dtype": "int8", '
                f'"shape": [{n}], "data": [')
        f.write("1, " * (n - 1) + "1]}}, \"inputs\": []}]}")
    error = refused_quickly(path)
    assert error.field == "ops[0]"
    assert error.reason.startswith(f"the op holds more than {MAX_OP_VALUES} JSON values")
    assert 'write large tensors with "encoding": "base64"' in error.reason


def test_an_editor_section_of_50_million_zeros_is_refused_before_it_is_parsed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "g.json"
    with path.open("w", encoding="utf-8") as f:
        f.write(HEAD + '], "editor": {"junk": [' + "0," * 49_999_999 + "0]}}")
    error = refused_quickly(path)
    assert error.field == "editor"
    assert "the editor section holds more than" in error.reason


def test_a_string_tensor_at_the_element_limit_saves_and_loads_back(tmp_path: Path) -> None:
    g = engine.Graph()
    value = np.array([b"ab"] * MAX_STRING_ELEMENTS, dtype=object)
    with g.as_default():
        engine.constant(value, name="s")
    save_graph(tmp_path / "g.json", g)
    loaded = load_graph(tmp_path / "g.json")[0].get_operation_by_name("s").get_attr("value")
    assert loaded.shape == (MAX_STRING_ELEMENTS,) and loaded[-1] == b"ab"


def test_a_256_mib_tensor_loads_back_bit_for_bit(tmp_path: Path) -> None:
    g = engine.Graph()
    value = np.random.default_rng(0).random(2**25)  # float64: 256 MiB
    with g.as_default():
        engine.constant(value, name="big")
    save_graph(tmp_path / "g.json", g)
    loaded = load_graph(tmp_path / "g.json")[0].get_operation_by_name("big").get_attr("value")
    assert loaded.tobytes() == value.tobytes()


def test_a_json_tensor_just_under_the_op_limit_loads(tmp_path: Path) -> None:
    n = MAX_OP_VALUES - 100
    path = tmp_path / "g.json"
    path.write_text(HEAD + '{"name": "c", "type": "Const", "attrs": {"value": {"dtype": '
                    f'"float32", "shape": [{n}], "data": [' + "0.5, " * (n - 1) + "0.5]}}, "
                    '"inputs": []}]}', encoding="utf-8")
    value = load_graph(path)[0].get_operation_by_name("c").get_attr("value")
    assert value.shape == (n,) and float(value[-1]) == 0.5
