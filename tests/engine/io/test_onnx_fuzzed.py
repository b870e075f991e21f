"""Programs the ONNX fuzzer (``tools/fuzz_onnx.py``) drew on which the export once went wrong
(a model the checker refused, one onnxruntime failed on, or one computing something else),
kept as specs so that CI exports each, checks it and compares onnxruntime's run with the
engine's, value, dtype and shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import engine  # noqa: E402
from engine.io.onnx_export import graph_to_onnx  # noqa: E402
from tests.engine.tf_cases import fuzzed  # noqa: E402

SPECS: dict[str, Any] = {k: v for k, v in json.loads(
    (Path(__file__).parent / "onnx_fuzzed_specs.json").read_text()).items() if k != "_doc"}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_fuzzed_program_exports_as_the_engine_runs_it(name: str) -> None:
    graph = engine.Graph()
    with graph.as_default():
        fetch = fuzzed.build(engine, SPECS[name])
        flat = [t for t in fuzzed._flat(fetch.fetches) if hasattr(t, "value_index")]
        with engine.Session(graph=graph) as sess:
            expected = sess.run(flat, feed_dict=fetch.feed or None)
        model = graph_to_onnx(graph, flat)
    onnx.checker.check_model(model, full_check=True)
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    inputs = {i.name for i in model.graph.input}
    feeds = {ph.name: np.asarray(v) for ph, v in fetch.feed.items() if ph.name in inputs}
    names = list(dict.fromkeys(t.name for t in flat))
    got = dict(zip(names, session.run(names, feeds)))
    for t, want in zip(flat, expected):
        have = got[t.name]
        want = np.asarray(want)
        assert (have.dtype, have.shape) == (want.dtype, want.shape), t.name
        np.testing.assert_array_equal(have, want, err_msg=t.name)
