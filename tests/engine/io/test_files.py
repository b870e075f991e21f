"""Graph files: the document, exact tensors, validation with the field's path, atomic saves."""

from __future__ import annotations

import base64
import copy
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.io import graph_files as files
from engine.io.graph_files import (
    graph_from_document,
    graph_to_document,
    load_graph,
    save_graph,
)
from engine.io.json_text import format_document
from engine.io.tensor_codec import decode_tensor, encode_tensor

REPO_ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = REPO_ROOT / "resources" / "examples"


def seed_graph() -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        a = engine.constant(5)
        b = engine.constant(6)
        c = engine.constant(7)
        _ = (a + b) * c
    return g


def seed_doc() -> dict[str, Any]:
    return graph_to_document(seed_graph())


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def load_error(tmp_path: Path, doc: Any) -> str:
    path = write(tmp_path / "graph.json", doc)
    with pytest.raises(engine.GraphFileError) as info:
        load_graph(path)
    return str(info.value).replace(str(tmp_path) + os.sep, "")


def same_array(a: np.ndarray, b: np.ndarray) -> bool:
    """Bit-for-bit equality (NaN payloads and -0.0 included); bytes for strings."""
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype == object:
        return [bytes(x) for x in a.reshape(-1)] == [bytes(x) for x in b.reshape(-1)]
    return a.tobytes() == b.tobytes()


# --- the document --------------------------------------------------------------------------------
def test_the_seed_graph_document_lists_ops_in_graph_order_with_attrs_and_inputs() -> None:
    assert seed_doc() == {
        "format": "tensorcanvas-graph",
        "version": 1,
        "ops": [
            {"name": "Const", "type": "Const",
             "attrs": {"value": {"dtype": "int32", "shape": [], "data": 5}, "dtype": "int32"},
             "inputs": []},
            {"name": "Const_1", "type": "Const",
             "attrs": {"value": {"dtype": "int32", "shape": [], "data": 6}, "dtype": "int32"},
             "inputs": []},
            {"name": "Const_2", "type": "Const",
             "attrs": {"value": {"dtype": "int32", "shape": [], "data": 7}, "dtype": "int32"},
             "inputs": []},
            {"name": "add", "type": "AddV2", "attrs": {}, "inputs": ["Const:0", "Const_1:0"]},
            {"name": "mul", "type": "Mul", "attrs": {}, "inputs": ["add:0", "Const_2:0"]},
        ],
    }


def test_derived_attrs_are_not_saved_but_hidden_ones_are() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.matmul(engine.constant([[1.0]]), engine.constant([[2.0]]), transpose_b=True)
    attrs = graph_to_document(g)["ops"][2]["attrs"]
    assert attrs == {"grad_a": False, "grad_b": False, "transpose_a": False, "transpose_b": True}


def test_a_placeholder_shape_saves_null_for_unknown_dims_and_unknown_rank() -> None:
    g = engine.Graph()
    g.add_op("Placeholder", "p", attrs={"shape": [None, 3]})
    g.add_op("Placeholder", "q", attrs={"shape": None})
    ops = graph_to_document(g)["ops"]
    assert ops[0]["attrs"] == {"dtype": "float32", "shape": [None, 3], "default_value": None}
    assert ops[1]["attrs"]["shape"] is None


def test_the_editor_section_is_saved_as_given_and_returned_on_load(tmp_path: Path) -> None:
    editor = {"nodes": {"Const": {"x": 1.5, "y": -2}}, "view": {"center": [0, 0], "zoom": 2.0},
              "anything": ["the", "editor", {"wants": None}]}
    save_graph(tmp_path / "g.json", seed_graph(), editor)
    _, loaded = load_graph(tmp_path / "g.json")
    assert loaded == editor


def test_without_an_editor_section_load_returns_none(tmp_path: Path) -> None:
    save_graph(tmp_path / "g.json", seed_graph())
    assert "editor" not in json.loads((tmp_path / "g.json").read_text())
    assert load_graph(tmp_path / "g.json")[1] is None


def test_the_document_copies_the_editor_section() -> None:
    editor: dict[str, Any] = {"nodes": {}}
    doc = graph_to_document(seed_graph(), editor)
    editor["nodes"]["x"] = 1
    assert doc["editor"] == {"nodes": {}}


def test_the_file_is_readable_json_with_one_small_op_per_line(tmp_path: Path) -> None:
    save_graph(tmp_path / "g.json", seed_graph())
    text = (tmp_path / "g.json").read_text(encoding="utf-8")
    assert text.startswith('{\n  "format": "tensorcanvas-graph",\n  "version": 1,\n')
    assert (
        '    {"name": "add", "type": "AddV2", "attrs": {}, "inputs": ["Const:0", "Const_1:0"]},\n'
        in text
    )
    assert text.endswith("}\n")
    assert json.loads(text) == seed_doc()


def test_loading_the_seed_rebuilds_names_types_wiring_and_values(tmp_path: Path) -> None:
    save_graph(tmp_path / "g.json", seed_graph())
    g, _ = load_graph(tmp_path / "g.json")
    assert [(op.name, op.type) for op in g.get_operations()] == [
        ("Const", "Const"), ("Const_1", "Const"), ("Const_2", "Const"), ("add", "AddV2"),
        ("mul", "Mul"),
    ]
    mul = g.get_operation_by_name("mul")
    assert [t.name for t in mul.inputs if t is not None] == ["add:0", "Const_2:0"]
    assert engine.Session(graph=g, device="cpu").run("mul:0") == 77


def test_a_loaded_graph_names_new_ops_after_the_loaded_ones(tmp_path: Path) -> None:
    save_graph(tmp_path / "g.json", seed_graph())
    g, _ = load_graph(tmp_path / "g.json")
    assert g.add_op("Const").name == "Const_3"


def test_inputs_may_name_ops_later_in_the_list() -> None:
    doc = seed_doc()
    doc["ops"].reverse()
    g, _ = graph_from_document(doc)
    assert [op.name for op in g.get_operations()] == ["mul", "add", "Const_2", "Const_1", "Const"]
    assert engine.Session(graph=g, device="cpu").run("mul:0") == 77


def test_ops_in_an_error_state_save_and_load_with_the_same_errors(tmp_path: Path) -> None:
    g = engine.Graph()
    x = g.add_op("Const", "x", attrs={"value": 1.0})
    i = g.add_op("Const", "i", attrs={"value": 1})
    g.add_op("AddV2", "unwired", inputs=[x.outputs[0]])
    g.add_op("Mul", "mixed", inputs=[x.outputs[0], i.outputs[0]])
    g.add_op("Neg", "downstream", inputs=[g.get_operation_by_name("mixed").outputs[0]])
    errors = {op.name: op.error for op in g.get_operations()}
    assert errors["unwired"] and errors["mixed"] and errors["downstream"]
    save_graph(tmp_path / "g.json", g)
    loaded, _ = load_graph(tmp_path / "g.json")
    assert {op.name: op.error for op in loaded.get_operations()} == errors
    assert loaded.get_operation_by_name("unwired").inputs[1] is None


def test_a_missing_attr_takes_its_default_and_a_const_dtype_follows_its_value() -> None:
    doc = {"format": "tensorcanvas-graph", "version": 1, "ops": [
        {"name": "c", "type": "Const",
         "attrs": {"value": {"dtype": "int64", "shape": [2], "data": [1, 2]}}, "inputs": []},
        {"name": "p", "type": "Placeholder", "attrs": {}, "inputs": []},
    ]}
    g, _ = graph_from_document(doc)
    assert g.get_operation_by_name("c").get_attr("dtype") is engine.int64
    p = g.get_operation_by_name("p")
    assert p.get_attr("dtype") is engine.float32 and p.get_attr("shape").dims is None


def test_the_package_exports_the_file_functions() -> None:
    assert engine.save_graph is save_graph
    assert engine.load_graph is load_graph
    assert engine.graph_to_document is graph_to_document
    assert engine.graph_from_document is graph_from_document


# --- tensor encodings -----------------------------------------------------------------------------
def test_small_tensors_are_json_values_with_nan_and_inf_as_strings() -> None:
    arr = np.array([[np.nan, -0.0, 0.1], [np.inf, -np.inf, 1e-40]], np.float32)
    enc = encode_tensor(arr)
    assert enc == {"dtype": "float32", "shape": [2, 3],
                   "data": [["nan", -0.0, 0.1], ["inf", "-inf", 1e-40]]}
    assert same_array(decode_tensor(enc), arr)


def test_floats_are_written_as_their_shortest_decimal() -> None:
    assert encode_tensor(np.float32(0.1))["data"] == 0.1
    assert encode_tensor(np.float16(0.1))["data"] == 0.1
    assert encode_tensor(np.float64(0.1))["data"] == 0.1


def test_integer_extremes_are_exact_json_integers() -> None:
    enc = encode_tensor(np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max], np.int64))
    assert enc["data"] == [-(2**63), 2**63 - 1]
    enc = encode_tensor(np.array([0, 2**64 - 1], np.uint64))
    assert enc["data"] == [0, 2**64 - 1]
    assert same_array(decode_tensor(enc), np.array([0, 2**64 - 1], np.uint64))


def test_bool_complex_and_utf8_strings_are_json_values() -> None:
    assert encode_tensor(np.array([True, False]))["data"] == [True, False]
    assert encode_tensor(np.array([1 + 2j, -0.5j], np.complex64))["data"] == [[1.0, 2.0],
                                                                              [0.0, -0.5]]
    strings = np.array([b"caf\xc3\xa9", b""], dtype=object)
    assert encode_tensor(strings) == {"dtype": "string", "shape": [2], "data": ["café", ""]}


def test_a_nan_with_a_payload_or_a_sign_falls_back_to_exact_base64() -> None:
    odd = np.array([0x7FC00001, 0xFFC00000], np.uint32).view(np.float32)  # payload, -nan
    enc = encode_tensor(odd)
    assert enc["encoding"] == "base64"
    assert base64.b64decode(enc["data"]) == odd.tobytes()
    assert same_array(decode_tensor(enc), odd)


def test_large_tensors_are_base64_of_little_endian_bytes() -> None:
    arr = np.arange(300, dtype=np.float32)
    enc = encode_tensor(arr)
    assert enc["encoding"] == "base64"
    assert base64.b64decode(enc["data"]) == arr.astype("<f4").tobytes()
    assert same_array(decode_tensor(enc), arr)


def test_non_utf8_strings_are_base64_one_per_element() -> None:
    arr = np.array([b"\xff\x00", b"ok"], dtype=object)
    enc = encode_tensor(arr)
    assert enc == {"dtype": "string", "shape": [2], "encoding": "base64",
                   "data": ["/wA=", "b2s="]}
    assert same_array(decode_tensor(enc), arr)


@pytest.mark.parametrize("dtype", [d.name for d in engine.ALL_DTYPES])
def test_every_dtype_round_trips_bit_for_bit(dtype: str) -> None:
    d = engine.as_dtype(dtype)
    rng = np.random.default_rng(0)
    if d.is_string:
        arr = np.array([bytes(rng.integers(0, 256, 5, dtype=np.uint8)) for _ in range(6)],
                       dtype=object).reshape(2, 3)
    elif d.is_bool:
        arr = rng.integers(0, 2, (2, 3)).astype(bool)
    else:
        raw = rng.integers(0, 256, 6 * d.np_dtype.itemsize, dtype=np.uint8).tobytes()
        arr = np.frombuffer(raw, dtype=d.np_dtype).reshape(2, 3)
    for value in (arr, arr[:1, :1].reshape(()), arr[:0]):
        back = decode_tensor(json.loads(json.dumps(encode_tensor(value))))
        assert same_array(back, value)


def test_empty_tensors_keep_their_shape() -> None:
    arr = np.zeros((3, 0, 2), np.int32)
    enc = encode_tensor(arr)
    assert enc["data"] == [[], [], []]
    assert decode_tensor(enc).shape == (3, 0, 2)


def test_decoded_tensors_are_read_only() -> None:
    assert not decode_tensor(encode_tensor(np.arange(3))).flags.writeable


def test_decode_tensor_reports_the_bad_field_as_a_graph_file_error() -> None:
    with pytest.raises(engine.GraphFileError) as info:
        decode_tensor({"dtype": "int8", "shape": [1], "data": [300]}, field="value")
    assert info.value.field == "value.data[0]"
    assert str(info.value) == "value.data[0]: 300 is out of range for int8 (-128 to 127)"


# --- save -> load -> save is the identity ---------------------------------------------------------
DTYPES = list(engine.ALL_DTYPES)
SPECIAL_FLOATS = [0.0, -0.0, 1.0, -1.5, 0.1, 1e-40, 3.4e38, 65504.0, math.nan, math.inf,
                  -math.inf]


@st.composite
def arrays(draw: Any, dtype: engine.DType, shape: tuple[int, ...]) -> np.ndarray:
    n = int(np.prod(shape, dtype=np.int64))
    if dtype.is_string:
        items = draw(st.lists(st.binary(max_size=6) | st.text(max_size=4).map(str.encode),
                              min_size=n, max_size=n))
        out = np.empty(n, dtype=object)
        out[:] = items
        return out.reshape(shape)
    if dtype.is_bool:
        return np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)),
                        dtype=bool).reshape(shape)
    if draw(st.booleans()):  # any bit pattern: NaN payloads, denormals, extremes
        raw = draw(st.binary(min_size=n * dtype.itemsize, max_size=n * dtype.itemsize))
        return np.frombuffer(raw, dtype=dtype.np_dtype).reshape(shape).copy()
    if dtype.is_integer:
        info = np.iinfo(dtype.np_dtype)
        values = draw(st.lists(st.sampled_from([int(info.min), int(info.max), 0, 1])
                               | st.integers(int(info.min), int(info.max)),
                               min_size=n, max_size=n))
        return np.array(values, dtype=dtype.np_dtype).reshape(shape)
    floats = st.sampled_from(SPECIAL_FLOATS) | st.floats(width=32)
    if dtype.is_complex:
        values = draw(st.lists(st.tuples(floats, floats), min_size=n, max_size=n))
        with np.errstate(over="ignore"):
            return np.array([complex(a, b) for a, b in values],
                            dtype=dtype.np_dtype).reshape(shape)
    values = draw(st.lists(floats, min_size=n, max_size=n))
    with np.errstate(over="ignore"):
        return np.array(values, dtype=np.float64).astype(dtype.np_dtype).reshape(shape)


shapes = st.lists(st.integers(0, 4), max_size=3).map(tuple) | st.sampled_from([(17, 17), (300,)])
static_shapes = st.none() | st.lists(st.none() | st.integers(0, 4), max_size=3)
names = st.from_regex(r"[A-Za-z][A-Za-z0-9_.\-/]{0,6}", fullmatch=True)


@st.composite
def graphs(draw: Any) -> engine.Graph:
    g = engine.Graph()
    defs = engine.op_defs()
    common = draw(st.sampled_from(DTYPES))  # most ops share one dtype, so many infer
    for _ in range(draw(st.integers(0, 7))):
        op_def = draw(st.sampled_from(defs))
        attrs: dict[str, Any] = {}
        for a in op_def.attrs:
            if a.derived:
                continue
            if a.kind == "type":
                attrs[a.name] = draw(st.just(common) | st.sampled_from(DTYPES))
            elif a.kind == "bool":
                attrs[a.name] = draw(st.booleans())
            elif a.kind == "shape":
                attrs[a.name] = draw(static_shapes)
        if op_def.type == "Const":
            attrs["value"] = draw(arrays(attrs["dtype"], draw(shapes)))
        if op_def.type == "Placeholder" and draw(st.booleans()):
            static = attrs["shape"]
            if static is None:
                shape = draw(shapes)
            else:
                shape = tuple(d if d is not None else draw(st.integers(0, 3)) for d in static)
            attrs["default_value"] = draw(arrays(attrs["dtype"], shape))
        name = draw(st.none() | names)
        g.add_op(op_def.type, name=name, attrs=attrs)
    ops = g.get_operations()
    sources = [op for op in ops if op.outputs]  # a NoOp has no output to wire
    for op in ops:
        for index in range(len(op.inputs)):
            src = draw(st.none() | st.sampled_from(sources)) if sources else None
            if src is not None:
                try:
                    g.connect(src.outputs[0], op, index)
                except engine.CycleError:
                    pass
    return g


def tensor_attrs(g: engine.Graph) -> list[tuple[str, str, np.ndarray]]:
    return [(op.name, key, value) for op in g.get_operations()
            for key, value in op.attrs.items() if isinstance(value, np.ndarray)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_save_load_save_gives_the_identical_document(g: engine.Graph) -> None:
    editor = {"nodes": {op.name: {"x": i, "y": -i} for i, op in enumerate(g.get_operations())}}
    doc = graph_to_document(g, editor)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.json"
        save_graph(path, g, editor)
        text = path.read_text(encoding="utf-8")
        loaded, loaded_editor = load_graph(path)
        save_graph(path, loaded, loaded_editor)
        assert path.read_text(encoding="utf-8") == text
    assert json.loads(text) == doc
    assert graph_to_document(loaded, loaded_editor) == doc
    mem, _ = graph_from_document(copy.deepcopy(doc))
    assert graph_to_document(mem, editor) == doc
    for (name, key, a), (name2, key2, b) in zip(tensor_attrs(g), tensor_attrs(loaded),
                                                strict=True):
        assert (name, key) == (name2, key2)
        assert same_array(a, b), (name, key)
    assert [(op.name, op.error) for op in loaded.get_operations()] == [
        (op.name, op.error) for op in g.get_operations()
    ]


# --- load errors: the first problem, with the file and the field ----------------------------------
def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(engine.GraphFileError) as info:
        load_graph(tmp_path / "nope.json")
    assert str(info.value) == f"{tmp_path / 'nope.json'}: cannot read the file: No such file or " \
                              "directory"


def test_text_that_is_not_json_is_reported_with_line_and_column(tmp_path: Path) -> None:
    msg = load_error(tmp_path, '{\n  "format": "tensorcanvas-graph",\n  "version": 1,,\n}')
    assert msg == (
        "graph.json: not JSON: Expecting property name enclosed in double quotes "
        "(line 3, column 16)"
    )


def test_error_carries_path_and_field_attributes(tmp_path: Path) -> None:
    doc = seed_doc()
    doc["ops"][3]["inputs"][1] = "ad:0"
    path = write(tmp_path / "graph.json", doc)
    with pytest.raises(engine.GraphFileError) as info:
        load_graph(path)
    assert info.value.path == str(path)
    assert info.value.field == "ops[3].inputs[1]"
    assert str(info.value) == f'{path}: ops[3].inputs[1]: no tensor named "ad:0" (no op is ' \
                              'named "ad")'


def test_json_nan_literals_are_refused(tmp_path: Path) -> None:
    assert "NaN is not a JSON value" in load_error(tmp_path, '{"format": NaN}')


def test_a_key_twice_in_one_object_is_refused(tmp_path: Path) -> None:
    msg = load_error(tmp_path, '{"format": "tensorcanvas-graph", "format": "x"}')
    assert msg == (
        'graph.json: top level: the key "format" appears twice in this object (line 1, column 34)'
    )


def test_bytes_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(b'{"format": "\xff"}')
    with pytest.raises(engine.GraphFileError,
                       match=r"not UTF-8 text \(line 1, column 13: byte 12\)"):
        load_graph(path)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ([1, 2], "top level: not a TensorCanvas graph file: expected a JSON object, got a list"),
        ({"version": 1, "ops": []}, 'top level: not a TensorCanvas graph file: missing field '
                                    '"format" (expected "tensorcanvas-graph")'),
        ({"format": "other", "version": 1, "ops": []},
         'format: not a TensorCanvas graph file: expected "tensorcanvas-graph", got "other"'),
        ({"format": "tensorcanvas-graph", "ops": []}, 'top level: missing field "version"'),
        ({"format": "tensorcanvas-graph", "version": "1", "ops": []},
         "version: expected an integer, got a string"),
        ({"format": "tensorcanvas-graph", "version": 0, "ops": []},
         "version: unknown version 0; this TensorCanvas reads version 2"),
        ({"format": "tensorcanvas-graph", "version": 1}, 'top level: missing field "ops"'),
        ({"format": "tensorcanvas-graph", "version": 1, "ops": {}},
         "ops: expected a list of ops, got an object"),
        ({"format": "tensorcanvas-graph", "version": 1, "ops": [], "extra": 1},
         "extra: unknown field (expected format, version, ops, editor)"),
        ({"format": "tensorcanvas-graph", "version": 1, "ops": [], "editor": []},
         "editor: expected an object, got a list"),
    ],
)
def test_the_header_is_checked(tmp_path: Path, doc: Any, expected: str) -> None:
    assert load_error(tmp_path, doc) == f"graph.json: {expected}"


def test_a_newer_version_says_which_version_each_side_has(tmp_path: Path) -> None:
    doc = {"format": "tensorcanvas-graph", "version": 3, "ops": "whatever", "new": True}
    assert load_error(tmp_path, doc) == (
        "graph.json: version: was written by a newer TensorCanvas (version 3); this one reads "
        "version 2"
    )


def op_error(tmp_path: Path, op: Any, *before: Any) -> str:
    doc = {"format": "tensorcanvas-graph", "version": 1, "ops": [*before, op]}
    return load_error(tmp_path, doc).removeprefix("graph.json: ")


CONST = {"name": "c", "type": "Const",
         "attrs": {"value": {"dtype": "float32", "shape": [], "data": 1.0}, "dtype": "float32"},
         "inputs": []}


def with_(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``base`` with the dotted ``path`` set (or removed when value is ...)."""
    out = copy.deepcopy(base)
    keys = path.split(".")
    target = out
    for k in keys[:-1]:
        target = target[k]
    if value is ...:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return out


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        ("not an op", "ops[0]: expected an op object, got a string"),
        (with_(CONST, "inputs", ...), 'ops[0]: missing field "inputs"'),
        (with_(CONST, "device", "/gpu:0"),
         "ops[0].device: unknown field (expected name, type, attrs, inputs, control_inputs, "
         "opaque)"),
        (with_(CONST, "name", 3), "ops[0].name: expected a string, got an integer"),
        (with_(CONST, "name", "a b"), "ops[0].name: `a b` is not a valid node name."),
        (with_(CONST, "type", "Foo"), 'ops[0].type: unknown op type "Foo"'),
        (with_(CONST, "attrs", []), "ops[0].attrs: expected an object, got a list"),
        (with_(CONST, "attrs.shape", [1]),
         "ops[0].attrs.shape: Const has no attribute 'shape' (it has: value, dtype)"),
        (with_(CONST, "attrs.dtype", 1),
         'ops[0].attrs.dtype: expected a dtype name such as "float32", got an integer'),
        (with_(CONST, "attrs.dtype", "float"), 'ops[0].attrs.dtype: unknown dtype "float"'),
        (with_(CONST, "attrs.dtype", "int32"),
         "ops[0].attrs.dtype: int32 does not match the dtype of value (float32)"),
        (with_(CONST, "attrs.value", None), "ops[0].attrs.value: value cannot be null"),
        (with_(CONST, "attrs.value.encoding", "hex"),
         'ops[0].attrs.value.encoding: expected "json" or "base64", got "hex"'),
        (with_(CONST, "attrs.value.extra", 1),
         "ops[0].attrs.value.extra: unknown field (expected dtype, shape, encoding, data)"),
        (with_(CONST, "attrs.value.shape", [2, -1]),
         "ops[0].attrs.value.shape[1]: a size must be >= 0, got -1"),
        (with_(CONST, "attrs.value.shape", [2]),
         "ops[0].attrs.value.data: expected a list of 2 items (shape [2]), got a number"),
        (with_(CONST, "attrs.value.data", "1.0"),
         'ops[0].attrs.value.data: expected a number, "nan", "inf" or "-inf", got "1.0"'),
        (with_(CONST, "attrs.value.data", 1e300), "ops[0].attrs.value.data: 1e+300 is too large "
                                                  "for float32"),
        (with_(CONST, "inputs", ["x:0"]), "ops[0].inputs: Const has 0 inputs, the list has 1"),
    ],
)
def test_each_op_field_is_checked(tmp_path: Path, op: Any, expected: str) -> None:
    assert op_error(tmp_path, op).startswith(expected)


def test_rows_of_the_wrong_length_are_named_by_index(tmp_path: Path) -> None:
    op = with_(CONST, "attrs.value", {"dtype": "int32", "shape": [2, 2], "data": [[1, 2], [3]]})
    op["attrs"]["dtype"] = "int32"
    assert op_error(tmp_path, op) == (
        "ops[0].attrs.value.data[1]: has 1 items; shape [2, 2] needs 2 here"
    )


def test_an_integer_out_of_range_is_refused_not_wrapped(tmp_path: Path) -> None:
    op = with_(CONST, "attrs", {"value": {"dtype": "uint8", "shape": [2], "data": [1, 256]}})
    assert op_error(tmp_path, op) == (
        "ops[0].attrs.value.data[1]: 256 is out of range for uint8 (0 to 255)"
    )


def test_a_bool_tensor_takes_only_true_and_false(tmp_path: Path) -> None:
    op = with_(CONST, "attrs", {"value": {"dtype": "bool", "shape": [2], "data": [True, 1]}})
    assert op_error(tmp_path, op) == "ops[0].attrs.value.data[1]: expected true or false, got " \
                                     "an integer"


def test_base64_data_of_the_wrong_length_is_refused_before_decoding(tmp_path: Path) -> None:
    value = {"dtype": "float32", "shape": [3], "encoding": "base64", "data": "AAAAAAAA"}
    op = with_(CONST, "attrs", {"value": value})
    assert op_error(tmp_path, op) == (
        "ops[0].attrs.value.data: has 8 base64 characters; shape [3] of float32 (12 bytes) "
        "needs 16"
    )


def test_data_that_is_not_base64_is_refused(tmp_path: Path) -> None:
    value = {"dtype": "float32", "shape": [1], "encoding": "base64", "data": "AA*A+A=="}
    assert op_error(tmp_path, with_(CONST, "attrs", {"value": value})) == (
        "ops[0].attrs.value.data: not valid base64"
    )


def test_a_tensor_over_the_element_limit_is_refused_before_allocating(tmp_path: Path) -> None:
    value = {"dtype": "bool", "shape": [2**20, 2**20], "encoding": "base64", "data": ""}
    started = time.perf_counter()
    msg = op_error(tmp_path, with_(CONST, "attrs", {"value": value}))
    assert time.perf_counter() - started < 5
    assert msg == (
        "ops[0].attrs.value.shape: shape [1048576, 1048576] has 1099511627776 elements; a "
        "tensor in a file may have at most 268435456 (2**28)"
    )


def test_a_tensor_over_the_byte_limit_is_refused_before_allocating(tmp_path: Path) -> None:
    value = {"dtype": "float64", "shape": [2**14, 2**14], "encoding": "base64", "data": "AAAA"}
    assert op_error(tmp_path, with_(CONST, "attrs", {"value": value})) == (
        "ops[0].attrs.value.data: shape [16384, 16384] of float64 is 2147483648 bytes; a tensor "
        "in a file may have at most 1073741824 (1 GiB)"
    )


def test_a_placeholder_default_must_fit_its_shape(tmp_path: Path) -> None:
    op = {"name": "p", "type": "Placeholder", "inputs": [],
          "attrs": {"dtype": "float32", "shape": [None, 3],
                    "default_value": {"dtype": "float32", "shape": [2], "data": [1, 2]}}}
    assert op_error(tmp_path, op) == (
        "ops[0].attrs.default_value: a value of shape (2,) does not fit the placeholder's "
        "shape (?, 3)"
    )


def test_a_shape_attr_takes_null_or_a_list_of_sizes_and_nulls(tmp_path: Path) -> None:
    op = {"name": "p", "type": "Placeholder", "inputs": [], "attrs": {"shape": [None, 2.5]}}
    assert op_error(tmp_path, op) == (
        "ops[0].attrs.shape[1]: expected a size (an integer >= 0) or null, got a number"
    )


def test_derived_attrs_are_refused_in_files(tmp_path: Path) -> None:
    op = {"name": "n", "type": "Neg", "attrs": {"T": "float32"}, "inputs": [None]}
    assert op_error(tmp_path, op) == (
        "ops[0].attrs.T: T is derived from the inputs and is not written in files"
    )


def test_a_bool_attr_takes_only_json_booleans(tmp_path: Path) -> None:
    op = {"name": "m", "type": "MatMul", "attrs": {"transpose_a": "yes"}, "inputs": [None, None]}
    assert op_error(tmp_path, op) == "ops[0].attrs.transpose_a: expected true or false, got a " \
                                     "string"


def test_duplicate_op_names_are_refused_even_when_only_the_case_differs(tmp_path: Path) -> None:
    assert op_error(tmp_path, CONST, CONST) == 'ops[1].name: duplicate op name "c": ops[0] has it'
    upper = with_(CONST, "name", "C")
    assert op_error(tmp_path, upper, CONST) == (
        'ops[1].name: duplicate op name "C": ops[0] has it ("c"; names are compared ignoring '
        "case)"
    )


def test_the_number_of_inputs_must_match_the_op(tmp_path: Path) -> None:
    op = {"name": "a", "type": "AddV2", "attrs": {}, "inputs": ["c:0"]}
    assert op_error(tmp_path, op, CONST) == (
        "ops[1].inputs: AddV2 has 2 inputs (x, y), the list has 1"
    )


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (3, 'expected a tensor name such as "add:0" or null, got an integer'),
        ("c", '"c" is not a tensor name: write "op_name:output_index", such as "add:0"'),
        ("c:01", '"c:01" is not a tensor name'),
        ("d:0", 'no tensor named "d:0" (no op is named "d")'),
        ("c:1", 'no tensor named "c:1": op "c" has 1 output'),
    ],
)
def test_each_input_must_name_an_existing_tensor(tmp_path: Path, ref: Any, expected: str) -> None:
    op = {"name": "n", "type": "Neg", "attrs": {}, "inputs": [ref]}
    assert op_error(tmp_path, op, CONST).startswith(f"ops[1].inputs[0]: {expected}")


def test_a_cycle_is_refused_naming_its_ops(tmp_path: Path) -> None:
    doc = {"format": "tensorcanvas-graph", "version": 1, "ops": [
        CONST,
        {"name": "a", "type": "AddV2", "attrs": {}, "inputs": ["c:0", "b:0"]},
        {"name": "b", "type": "Neg", "attrs": {}, "inputs": ["a:0"]},
        {"name": "out", "type": "Neg", "attrs": {}, "inputs": ["b:0"]},
    ]}
    assert load_error(tmp_path, doc) == (
        "graph.json: ops[1].inputs[1]: this input makes a cycle: a ← b ← a (each op reads the "
        "next)"
    )


def test_an_op_reading_itself_is_a_cycle(tmp_path: Path) -> None:
    op = {"name": "n", "type": "Neg", "attrs": {}, "inputs": ["n:0"]}
    assert op_error(tmp_path, op) == (
        "ops[0].inputs[0]: this input makes a cycle: n ← n (each op reads the next)"
    )


def test_the_first_problem_in_file_order_is_reported(tmp_path: Path) -> None:
    doc = seed_doc()
    doc["ops"][1]["type"] = "Nope"
    doc["ops"][4]["inputs"] = []
    assert load_error(tmp_path, doc) == 'graph.json: ops[1].type: unknown op type "Nope"'


def test_graph_from_document_names_its_source() -> None:
    with pytest.raises(engine.GraphFileError) as info:
        graph_from_document({"format": "x"}, source="<clipboard>")
    assert str(info.value).startswith("<clipboard>: format: ")


def test_a_failed_load_leaves_the_default_graph_alone(tmp_path: Path) -> None:
    doc = seed_doc()
    doc["ops"][4]["inputs"][0] = "missing:0"
    before = len(engine.get_default_graph().get_operations())
    load_error(tmp_path, doc)
    assert len(engine.get_default_graph().get_operations()) == before


def test_a_file_over_the_size_limit_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    path = write(tmp_path / "graph.json", seed_doc())
    with pytest.raises(engine.GraphFileError, match="graph files may be at most 10"):
        load_graph(path)


# --- atomic saves -------------------------------------------------------------------------------
def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != "g.json")


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "g.json"
    path.write_text("the old contents\n", encoding="utf-8")
    return path


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temp_file(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(engine.GraphFileError) as info:
        save_graph(old_file, seed_graph())
    assert str(info.value) == f"{old_file}: cannot write the file: No space left on device"
    assert old_file.read_text(encoding="utf-8") == "the old contents\n"
    assert leftovers(old_file.parent) == []


def test_a_failed_fsync_keeps_the_old_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(engine.GraphFileError, match="Input/output error"):
        save_graph(old_file, seed_graph())
    assert old_file.read_text(encoding="utf-8") == "the old contents\n"
    assert leftovers(old_file.parent) == []


def test_an_interrupt_while_writing_removes_the_temp_file_and_propagates(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_graph(old_file, seed_graph())
    assert old_file.read_text(encoding="utf-8") == "the old contents\n"
    assert leftovers(old_file.parent) == []


def test_an_editor_section_that_is_not_json_fails_before_touching_the_disk(old_file: Path) -> None:
    with pytest.raises(engine.GraphFileError) as info:
        save_graph(old_file, seed_graph(), {"nodes": {"Const": object()}})
    assert str(info.value) == (
        f"{old_file}: editor.nodes.Const: cannot be written as JSON: object is not a JSON value"
    )
    assert old_file.read_text(encoding="utf-8") == "the old contents\n"
    assert leftovers(old_file.parent) == []


def test_saving_into_a_missing_directory_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(engine.GraphFileError, match="No such file or directory"):
        save_graph(tmp_path / "missing" / "g.json", seed_graph())


def test_saving_over_a_file_keeps_its_permissions(old_file: Path) -> None:
    old_file.chmod(0o640)
    save_graph(old_file, seed_graph())
    assert old_file.stat().st_mode & 0o777 == 0o640
    assert load_graph(old_file)[0].get_operation_by_name("mul").type == "Mul"


def test_saving_through_a_symlink_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save_graph(link, seed_graph())
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8")) == seed_doc()


KILLED_SAVE = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {root!r})
    import numpy as np
    import engine

    g = engine.Graph()
    with g.as_default():
        engine.constant(np.arange(2_000_000, dtype=np.float64))

    real_fsync = os.fsync
    def stall(fd):
        print("writing", flush=True)  # the temp file is written; the rename has not happened
        time.sleep(60)
        real_fsync(fd)
    os.fsync = stall
    engine.save_graph({path!r}, g)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_save_killed_midway_leaves_the_old_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    save_graph(path, seed_graph())
    before = path.read_bytes()
    script = KILLED_SAVE.format(root=str(REPO_ROOT), path=str(path))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "writing"
        assert any(p.suffix == ".tmp" for p in tmp_path.iterdir())
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
    assert path.read_bytes() == before
    assert engine.Session(graph=load_graph(path)[0], device="cpu").run("mul:0") == 77


# --- the examples -------------------------------------------------------------------------------
def run_example(name: str, fetch: str, feeds: dict[str, Any] | None = None) -> Any:
    g, editor = load_graph(EXAMPLES / name)
    assert editor is not None
    return g, editor, engine.Session(graph=g, device="cpu").run(fetch, feeds)


def test_the_seed_example_is_five_plus_six_times_seven_laid_out_left_to_right() -> None:
    g, editor, value = run_example("seed.json", "mul:0")
    assert value == 77 and value.dtype == np.int32
    assert [op.name for op in g.get_operations()] == ["Const", "Const_1", "Const_2", "add", "mul"]
    nodes = editor["nodes"]
    assert set(nodes) == {"Const", "Const_1", "Const_2", "add", "mul"}
    assert nodes["Const"]["x"] < nodes["add"]["x"] < nodes["mul"]["x"]
    # the view is centred on the nodes' middle (positions are their top-left corners)
    xs = [n["x"] for n in nodes.values()]
    assert editor["view"]["zoom"] == 1.0
    assert min(xs) < editor["view"]["center"][0] < max(xs) + 130


def test_the_broadcasting_example() -> None:
    _, _, value = run_example("broadcasting.json", "mul:0")
    np.testing.assert_array_equal(value, np.array([[22, 44, 66], [28, 50, 72]], np.float32))
    assert value.dtype == np.float32


def test_the_matmul_example() -> None:
    _, _, value = run_example("matmul.json", "MatMul:0")
    a = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
    np.testing.assert_array_equal(value, a @ np.arange(12, dtype=np.float32).reshape(3, 4))


def test_the_placeholder_example_uses_its_default_unless_fed() -> None:
    g, _, value = run_example("placeholder_default.json", "mul:0")
    np.testing.assert_array_equal(value, np.array([[2, 4, 6]], np.float32))
    p = g.get_operation_by_name("Placeholder")
    assert p.get_attr("shape").sizes == (None, 3)
    fed = engine.Session(graph=g, device="cpu").run("mul:0", {"Placeholder:0": [[1, 1, 1]] * 2})
    np.testing.assert_array_equal(fed, np.full((2, 3), 2, np.float32))


def test_the_committed_examples_are_what_make_examples_writes() -> None:
    sys.path.insert(0, str(REPO_ROOT / "tools"))
    try:
        import make_examples
    finally:
        sys.path.remove(str(REPO_ROOT / "tools"))
    built = make_examples.build_examples()
    training = make_examples.build_training_examples()  # checked in tests/app
    assert sorted([*built, *training]) == sorted(p.name for p in EXAMPLES.glob("*.json"))
    for name, (graph, editor) in built.items():
        expected = format_document(graph_to_document(graph, editor))
        assert (EXAMPLES / name).read_text(encoding="utf-8") == expected, name



# --- control inputs (version 2) -----------------------------------------------------------------
def _with_control_inputs() -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        a = engine.constant(1.0, name="a")
        b = engine.identity(a, name="b")
    g.add_control_input(b.op, a.op)
    return g


def test_control_inputs_are_saved_and_loaded(tmp_path: Path) -> None:
    save_graph(tmp_path / "g.json", _with_control_inputs())
    doc = json.loads((tmp_path / "g.json").read_text())
    assert doc["version"] == 2
    assert doc["ops"][1]["control_inputs"] == ["a"]
    loaded, _ = load_graph(tmp_path / "g.json")
    assert [op.name for op in loaded.get_operation_by_name("b").control_inputs] == ["a"]


def test_a_graph_without_control_inputs_is_still_written_as_version_1() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.constant(1.0)
    assert graph_to_document(g)["version"] == 1


def test_a_control_input_naming_no_op_is_refused_naming_the_field(tmp_path: Path) -> None:
    doc = graph_to_document(_with_control_inputs())
    doc["ops"][1]["control_inputs"] = ["nowhere"]
    assert load_error(tmp_path, doc) == ('graph.json: ops[1].control_inputs[0]: no op named '
                                         '"nowhere"')


def test_an_opaque_node_is_saved_and_loaded_byte_for_byte(tmp_path: Path) -> None:
    from engine.io.graphdef_write import graph_to_graphdef

    from .graphdef_fixtures import path as graphdef_path

    graph, _ = engine.read_graphdef(graphdef_path("unknown_op"))
    save_graph(tmp_path / "g.json", graph)
    doc = json.loads((tmp_path / "g.json").read_text())
    assert doc["version"] == 2
    saved = next(op for op in doc["ops"] if op["name"] == "running_total")
    assert (saved["type"], saved["attrs"], saved["opaque"]["outputs"]) == (
        "CumulativeLogsumexp", {}, 1)
    loaded, _ = load_graph(tmp_path / "g.json")
    op = loaded.get_operation_by_name("running_total")
    assert op.op_def.category == "Opaque"
    assert graph_to_graphdef(loaded) == graph_to_graphdef(graph)


def test_an_opaque_node_def_that_is_not_base64_names_the_field(tmp_path: Path) -> None:
    doc = {"format": "tensorcanvas-graph", "version": 2, "ops": [
        {"name": "c", "type": "CumulativeLogsumexp", "attrs": {}, "inputs": [],
         "opaque": {"node_def": "***", "outputs": 1}}]}
    assert load_error(tmp_path, doc) == "graph.json: ops[0].opaque.node_def: not a NodeDef in " \
                                        "base64"
