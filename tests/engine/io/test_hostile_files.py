"""Graph files a person or a broken tool may bring: every one is a GraphFileError that says
where, in a short message, found at once and without building what the file describes."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.io import document_reader, editor_section, graph_builder, tensor_codec
from engine.io.graph_files import load_graph, save_graph

HEAD = '{"format": "tensorcanvas-graph", "version": 1, "ops": [%s]%s}'
CONST = ('{"name": "c", "type": "Const", "attrs": {"value": {"dtype": "%s", "shape": %s, '
         '"data": %s}}, "inputs": []}')


def doc_text(ops: str = "", extra: str = "") -> str:
    return HEAD % (ops, extra)


def const(data: str, dtype: str = "float32", shape: str = "[2]") -> str:
    return CONST % (dtype, shape, data)


def error_of(tmp_path: Path, text: str) -> engine.GraphFileError:
    path = tmp_path / "graph.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(engine.GraphFileError) as info:
        load_graph(path)
    return info.value


def message(tmp_path: Path, text: str) -> str:
    return str(error_of(tmp_path, text)).replace(str(tmp_path) + os.sep, "")


# --- numbers Python cannot read, or the dtype cannot hold -----------------------------------------
def test_an_integer_of_5000_digits_in_data_is_a_file_error_with_its_line_and_column(
    tmp_path: Path,
) -> None:
    text = doc_text(const("[1, " + "7" * 5000 + "]", dtype="int8"))
    column = text.index("7" * 5000) + 1
    assert message(tmp_path, text) == (
        "graph.json: ops[0]: an integer of more than 4300 digits is not a number any field can "
        f"hold (line 1, column {column})"
    )


def test_an_integer_of_5000_digits_as_the_version_is_a_file_error(tmp_path: Path) -> None:
    text = '{"format": "tensorcanvas-graph", "version": %s, "ops": []}' % ("9" * 5000)
    assert message(tmp_path, text).startswith("graph.json: version: an integer of more than "
                                              "4300 digits")


def test_an_input_index_of_5000_digits_is_named_in_short(tmp_path: Path) -> None:
    neg = '{"name": "n", "type": "Neg", "attrs": {}, "inputs": ["c:%s"]}' % ("1" * 5000)
    msg = message(tmp_path, doc_text(const("[1, 2]") + ", " + neg))
    assert msg == (f'graph.json: ops[1].inputs[0]: no tensor named "c:{"1" * 58}…" (5002 '
                   'characters): op "c" has 1 output')


def test_1e400_in_float32_data_is_refused_not_loaded_as_inf(tmp_path: Path) -> None:
    assert message(tmp_path, doc_text(const("[1.0, 1e400]"))) == (
        'graph.json: ops[0].attrs.value.data[1]: the number is beyond the range of any float '
        '(±1.8e308); write "inf" or "-inf" for an infinity'
    )


def test_the_string_inf_in_float_data_is_still_an_infinity(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(doc_text(const('[1.0, "-inf"]')), encoding="utf-8")
    value = load_graph(path)[0].get_operation_by_name("c").get_attr("value")
    assert value.tolist() == [1.0, -np.inf]


def test_a_number_literal_nan_is_placed_by_line_and_column(tmp_path: Path) -> None:
    text = doc_text(const("[1.0,\n NaN]"))
    assert message(tmp_path, text) == (
        'graph.json: ops[0]: not JSON: NaN is not a JSON value (write the string "nan", "inf" '
        'or "-inf" in tensor data) (line 2, column 2)'
    )


# --- text ----------------------------------------------------------------------------------------
def test_a_lone_surrogate_in_string_data_is_a_file_error_naming_the_element(
    tmp_path: Path,
) -> None:
    text = doc_text(const('["ok", "a\\ud800"]', dtype="string"))
    assert message(tmp_path, text) == (
        'graph.json: ops[0].attrs.value.data[1]: the string "a\\ud800" has a lone surrogate '
        '(\\ud800 at character 1): not Unicode text; write such bytes in the "base64" encoding'
    )


def test_a_tensor_name_with_a_trailing_newline_is_not_a_tensor_name(tmp_path: Path) -> None:
    neg = '{"name": "n", "type": "Neg", "attrs": {}, "inputs": ["c:0\\n"]}'
    assert message(tmp_path, doc_text(const("[1, 2]") + ", " + neg)) == (
        'graph.json: ops[1].inputs[0]: "c:0\\n" is not a tensor name: write '
        '"op_name:output_index", such as "add:0"'
    )


def test_an_op_named_with_a_newline_as_tf_allows_saves_and_loads_back(tmp_path: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.negative(engine.constant(1.0, name="a\n"))
    save_graph(tmp_path / "g.json", g)
    loaded, _ = load_graph(tmp_path / "g.json")
    assert loaded.get_operation_by_name("Neg").inputs[0].name == "a\n:0"


def test_a_value_of_200000_characters_is_quoted_as_a_prefix_and_its_length(
    tmp_path: Path,
) -> None:
    op = '{"name": "a", "type": "%s", "attrs": {}, "inputs": []}' % ("X" * 200_000)
    msg = message(tmp_path, doc_text(op))
    assert msg == f'graph.json: ops[0].type: unknown op type "{"X" * 60}…" (200000 characters)'


def test_a_key_of_100000_characters_is_cut_in_the_field_path(tmp_path: Path) -> None:
    op = const("[1, 2]").replace('"inputs"', '"%s": 1, "inputs"' % ("k" * 100_000))
    error = error_of(tmp_path, doc_text(op))
    assert error.field == f'ops[0]["{"k" * 40}…" (100000 characters)]'
    assert len(str(error)) < 300


# --- where: duplicate keys, nesting, the top level -----------------------------------------------
def test_a_key_twice_inside_an_op_is_named_by_its_json_path(tmp_path: Path) -> None:
    op = const("[1, 2]").replace('"shape": [2]', '"shape": [2], "shape": [2]')
    assert message(tmp_path, doc_text(op)) == (
        'graph.json: ops[0].attrs.value: the key "shape" appears twice in this object'
    )


def test_nesting_3000_deep_is_placed_by_line_and_column(tmp_path: Path) -> None:
    msg = message(tmp_path, doc_text("[" * 3000 + "]" * 3000))
    column = len('{"format": "tensorcanvas-graph", "version": 1, "ops": [') + 63
    assert msg == ("graph.json: ops[0]: nested more than 64 levels deep, counting the top-level "
                   f"object (line 1, column {column})")


def test_an_editor_section_nested_900_deep_is_refused_on_load(tmp_path: Path) -> None:
    editor = '{"a": ' * 900 + "1" + "}" * 900
    assert message(tmp_path, doc_text("", ', "editor": ' + editor)).startswith(
        "graph.json: editor: nested more than 64 levels deep")


def test_a_top_level_that_is_not_an_object_names_the_top_level(tmp_path: Path) -> None:
    error = error_of(tmp_path, "[" * 100_000)
    assert error.field == "top level"
    assert error.reason == ("not a TensorCanvas graph file: expected a JSON object, got a list")


def test_format_and_version_written_after_the_ops_are_still_checked_first(
    tmp_path: Path,
) -> None:
    text = '{"ops": [{"bad": 1}], "version": 3, "format": "tensorcanvas-graph"}'
    assert message(tmp_path, text) == (
        "graph.json: version: was written by a newer TensorCanvas (version 3); this one reads "
        "version 2"
    )


def test_ops_written_before_the_header_load(tmp_path: Path) -> None:
    text = '{"ops": [' + const("[1, 2]") + '], "version": 1, "format": "tensorcanvas-graph"}'
    (tmp_path / "g.json").write_text(text, encoding="utf-8")
    assert load_graph(tmp_path / "g.json")[0].get_operation_by_name("c").type == "Const"


def test_a_byte_that_is_not_utf8_is_placed_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_bytes(b'{\n  "format": "\xc3\xa9\xff"}')
    with pytest.raises(engine.GraphFileError) as info:
        load_graph(path)
    assert info.value.reason == "not UTF-8 text (line 2, column 15: byte 17)"


# --- files that are not files --------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_graph(fifo)
        except BaseException as e:  # noqa: BLE001 - the thread reports what it got
            outcome.append(e)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the open() so the thread can end, then fail
        with open(fifo, "w"):
            pass
        pytest.fail("load_graph blocked on a named pipe")
    assert isinstance(outcome[0], engine.GraphFileError)
    assert outcome[0].reason == ("not a regular file but a named pipe (FIFO): graph files are "
                                 "read from regular files only")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_refused_before_reading_anything() -> None:
    with pytest.raises(engine.GraphFileError) as info:
        load_graph("/dev/zero")
    assert info.value.reason == ("not a regular file but a character device: graph files are "
                                 "read from regular files only")


def test_a_directory_is_refused_as_a_directory(tmp_path: Path) -> None:
    with pytest.raises(engine.GraphFileError, match="not a regular file but a directory"):
        load_graph(tmp_path)


# --- what a document may hold --------------------------------------------------------------------
def test_an_op_over_the_value_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_reader, "MAX_OP_VALUES", 100)
    parsed: list[str | None] = []
    real = document_reader.decode_at

    def spy(text: str, start: int, field: str | None) -> tuple[Any, int]:
        parsed.append(field)
        return real(text, start, field)

    monkeypatch.setattr(document_reader, "decode_at", spy)
    text = doc_text(const("[" + ", ".join(["1"] * 500) + "]", dtype="int8", shape="[500]"))
    msg = message(tmp_path, text)
    assert msg.startswith("graph.json: ops[0]: the op holds more than 100 JSON values")
    assert "(line 1, column" not in msg and "by line 1, column" in msg
    assert "ops[0]" not in parsed


def test_an_editor_section_over_its_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_reader, "MAX_EDITOR_VALUES", 50)
    text = doc_text("", ', "editor": {"junk": [' + ",".join(["0"] * 1000) + "]}")
    assert message(tmp_path, text).startswith(
        "graph.json: editor: the editor section holds more than 100 JSON values")


def test_a_file_over_the_op_limit_is_refused_at_the_first_op_too_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graph_builder, "MAX_OPS", 3)
    ops = ", ".join(const("[1, 2]").replace('"c"', f'"c{i}"') for i in range(5))
    assert message(tmp_path, doc_text(ops)) == (
        "graph.json: ops[3]: a graph file may hold at most 3 ops"
    )


def test_an_editor_position_of_1e400_is_refused_on_load(tmp_path: Path) -> None:
    text = doc_text("", ', "editor": {"nodes": {"c": {"x": 1e400, "y": 0}}}')
    assert message(tmp_path, text) == (
        "graph.json: editor.nodes.c.x: a number beyond ±1.8e308 is not a JSON number "
        "(positions and sizes must be finite)"
    )


def test_a_loaded_editor_section_always_saves_back(tmp_path: Path) -> None:
    text = doc_text(const("[1, 2]"), ', "editor": {"nodes": {"c": {"x": 1e300, "y": -0.0}}, '
                                     '"deep": [[[[[[1]]]]]], "k": "\\u00e9"}')
    (tmp_path / "g.json").write_text(text, encoding="utf-8")
    graph, editor = load_graph(tmp_path / "g.json")
    save_graph(tmp_path / "again.json", graph, editor)
    assert load_graph(tmp_path / "again.json")[1] == editor


# --- saving what the loader would refuse fails, and leaves the old file -------------------------
@pytest.mark.parametrize(
    ("editor", "field", "reason"),
    [
        ({"nodes": {"c": {"x": float("inf")}}}, "editor.nodes.c.x",
         "a number beyond ±1.8e308 is not a JSON number (positions and sizes must be finite)"),
        ({"nodes": {"\udc80": {"x": 0}}}, "editor.nodes",
         'a key "\\udc80" has a lone surrogate (\\udc80 at character 0): not Unicode text'),
        ({"x": 10**5000}, "editor.x", "an integer of more than 4,000 digits"),
    ],
)
def test_an_editor_section_the_loader_would_refuse_is_not_saved(
    tmp_path: Path, editor: dict[str, Any], field: str, reason: str
) -> None:
    path = tmp_path / "g.json"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(engine.GraphFileError) as info:
        save_graph(path, engine.Graph(), editor)
    assert (info.value.field, info.value.reason) == (field, reason)
    assert path.read_text(encoding="utf-8") == "old\n"


def test_an_editor_section_nested_900_deep_is_not_saved(tmp_path: Path) -> None:
    editor: dict[str, Any] = {}
    inner = editor
    for _ in range(900):
        inner["a"] = {}
        inner = inner["a"]
    with pytest.raises(engine.GraphFileError, match="nested more than 64 levels deep"):
        save_graph(tmp_path / "g.json", engine.Graph(), editor)


def test_a_string_tensor_over_the_file_limit_is_not_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tensor_codec, "MAX_STRING_ELEMENTS", 4)
    g = engine.Graph()
    with g.as_default():
        engine.constant(["a", "b", "c", "d", "e"], name="s")
    with pytest.raises(engine.GraphFileError) as info:
        save_graph(tmp_path / "g.json", g)
    assert info.value.field == "ops[0].attrs.value"
    assert "a string tensor in a file may have at most 4" in info.value.reason
    assert not (tmp_path / "g.json").exists()


def test_the_editor_limits_are_the_same_on_save_and_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(editor_section, "MAX_EDITOR_VALUES", 20)
    with pytest.raises(engine.GraphFileError, match="holds more than 20 values"):
        save_graph(tmp_path / "g.json", engine.Graph(), {"v": list(range(30))})
    text = doc_text("", ', "editor": {"v": ' + json.dumps(list(range(30))) + "}")
    assert "holds more than 20 values" in message(tmp_path, text)


# --- progress ------------------------------------------------------------------------------------
def big_file(tmp_path: Path, n_ops: int = 400) -> Path:
    g = engine.Graph()
    with g.as_default():
        x = engine.constant(np.arange(1000, dtype=np.float32))
        for _ in range(n_ops):
            x = engine.negative(x)
    save_graph(tmp_path / "big.json", g, {"nodes": {}})
    return tmp_path / "big.json"


def test_progress_hears_increasing_fractions_ending_with_one(tmp_path: Path) -> None:
    heard: list[float] = []
    load_graph(big_file(tmp_path), progress=heard.append)
    assert len(heard) > 10
    assert heard == sorted(heard) and heard[0] < 0.2 and heard[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in heard)


def test_an_exception_from_progress_stops_the_load_and_propagates(tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def stop(fraction: float) -> None:
        if fraction > 0.5:
            raise Stop

    with pytest.raises(Stop):
        load_graph(big_file(tmp_path), progress=stop)


def test_graph_from_text_applies_the_file_checks() -> None:
    with pytest.raises(engine.GraphFileError) as info:
        engine.graph_from_text(doc_text(const("[1.0, 1e400]")), source="clipboard")
    assert str(info.value).startswith("clipboard: ops[0].attrs.value.data[1]: ")
    graph, _ = engine.graph_from_text(doc_text(const("[1.0, 2.0]")))
    assert graph.get_operation_by_name("c").get_attr("value").tolist() == [1.0, 2.0]


def test_an_in_memory_document_with_an_infinite_position_is_refused() -> None:
    doc = {"format": "tensorcanvas-graph", "version": 1, "ops": [],
           "editor": {"nodes": {"c": {"x": float("inf"), "y": 0}}}}
    with pytest.raises(engine.GraphFileError, match=r"editor\.nodes\.c\.x: "):
        engine.graph_from_document(doc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("not json", "graph.json: not JSON: Expecting value (line 1, column 1)"),
     ("nul", "graph.json: not JSON: Expecting value (line 1, column 1)"),
     ("null", "graph.json: top level: not a TensorCanvas graph file: expected a JSON object, "
              "got null"),
     ("12", "graph.json: top level: not a TensorCanvas graph file: expected a JSON object, "
            "got an integer")],
)
def test_text_that_is_not_an_object_says_whether_it_is_json_at_all(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert message(tmp_path, text) == expected
