"""A damaged or hostile GraphDef is a GraphFileError (naming the file) or a graph, never
another exception: bytes flipped in real TF files, and nodes with odd attributes."""

from __future__ import annotations

import pytest
from google.protobuf import text_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tensorboard.compat.proto import graph_pb2

import engine
from engine.io.graphdef_read import graph_from_graphdef, parse_graphdef

from .graphdef_fixtures import path

_FILES = [path("small_cnn"), path("frozen_keras")]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_FILES), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)),
                                         min_size=1, max_size=8))
def test_flipped_bytes_are_a_file_error_or_a_graph(source: str, edits: list) -> None:
    data = bytearray(open(source, "rb").read())
    for at, value in edits:
        data[at % len(data)] = value
    try:
        graph, _ = graph_from_graphdef(parse_graphdef(bytes(data), "m.pb"), "m.pb")
    except engine.GraphFileError as e:
        assert str(e).startswith("m.pb: ")
        return
    assert isinstance(graph, engine.Graph)


@pytest.mark.parametrize("attr", [
    'attr { key: "dtype" value { type: DT_RESOURCE } }',
    'attr { key: "dtype" value { i: 3 } }',
    'attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { '
    'dtype: DT_FLOAT tensor_shape { dim { size: 3 } } tensor_content: "ab" } } }',
    'attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { '
    'dtype: DT_FLOAT tensor_shape { dim { size: -1 } } } } }',
    'attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { '
    'dtype: DT_FLOAT tensor_shape { dim { size: 100000000000 } } } } }',
    'attr { key: "unheard_of" value { b: true } }',
])
def test_a_const_the_registry_refuses_becomes_opaque_with_the_reason(attr: str) -> None:
    gd = text_format.Parse(f'node {{ name: "c" op: "Const" {attr} }}', graph_pb2.GraphDef())
    graph, report = graph_from_graphdef(gd)
    assert [(name, op_type) for name, op_type, _ in report.opaque] == [("c", "Const")]
    assert graph.get_operation_by_name("c").op_def.category == "Opaque"
