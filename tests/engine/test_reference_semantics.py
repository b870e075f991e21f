"""Every case of tests/data/tf_semantics.json (measured on TensorFlow 2.21) as a test.

Each case builds its inputs (placeholders named ``a`` and ``b``, or the literal the case names)
in a fresh graph, applies the API the case names, and compares the result's shape, dtype and
tensor name — or the exception class and TF's exact message. Cases with a ``runtime`` part are
also run, fed with ones of the given shapes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine

DATA = json.loads((Path(__file__).parents[1] / "data" / "tf_semantics.json").read_text())

# Python and numpy literals the reference spells as source text: mapped here, never evaluated.
NUMPY_LITERALS: dict[str, Any] = {
    "np.float64(1.0)": np.float64(1.0),
    "np.ones(3, np.float64)": np.ones(3, np.float64),
    "np.ones(3, np.int64)": np.ones(3, np.int64),
    "np.int64(2)": np.int64(2),
}


def _python_literal(spec: dict[str, Any]) -> Any:
    text, kind = spec["value"], spec["dtype"]
    if kind == "python bool":
        return {"True": True, "False": False}[text]
    if kind == "python int":
        return int(text)
    if kind == "python float":
        return float(text)
    raise AssertionError(f"unmapped python literal {spec}")


def build_input(spec: dict[str, Any], name: str) -> Any:
    kind = spec["kind"]
    if kind == "placeholder":
        return engine.placeholder(engine.as_dtype(spec["dtype"]), shape=spec["shape"], name=name)
    if kind == "tf.constant":
        return engine.constant(json.loads(spec["value"]), name=name)
    if kind == "python":
        return _python_literal(spec)
    if kind == "python list":
        return json.loads(spec["value"])
    if kind == "numpy":
        return NUMPY_LITERALS[spec["value"]]
    raise AssertionError(f"unknown input kind {kind}")


def apply_api(api: str, x: Any, y: Any) -> engine.Tensor:
    calls = {
        "operator +": lambda: x + y,
        "operator -": lambda: x - y,
        "operator *": lambda: x * y,
        "operator /": lambda: x / y,
        "operator //": lambda: x // y,
        "operator **": lambda: x**y,
        "operator @": lambda: x @ y,
        "tf.add": lambda: engine.add(x, y),
        "tf.maximum": lambda: engine.maximum(x, y),
        "tf.matmul": lambda: engine.matmul(x, y),
        "tf.matmul(transpose_a=True)": lambda: engine.matmul(x, y, transpose_a=True),
        "tf.raw_ops.Add": lambda: engine.raw_ops.Add(x=x, y=y),
        "tf.raw_ops.AddV2": lambda: engine.raw_ops.AddV2(x=x, y=y),
        "tf.raw_ops.RealDiv": lambda: engine.raw_ops.RealDiv(x=x, y=y),
    }
    return calls[api]()


def case_id(case: dict[str, Any]) -> str:
    shapes = " ".join(
        f"{i['kind']}{i.get('shape')}{i['dtype']}".replace(" ", "") for i in case["inputs"]
    )
    return f"{case['api']}|{shapes}"


CASES = DATA["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{n}:{case_id(c)}" for n, c in enumerate(CASES)])
def test_case_matches_tensorflow(case: dict[str, Any]) -> None:
    g = engine.Graph()
    with g.as_default():
        x = build_input(case["inputs"][0], "a")
        y = build_input(case["inputs"][1], "b")
        error = case["result"].get("error")
        if error is not None:
            cls_name, _, message = error.partition(": ")
            expected_cls = {"ValueError": ValueError, "TypeError": TypeError}[cls_name]
            with pytest.raises(expected_cls) as info:
                apply_api(case["api"], x, y)
            assert str(info.value) == message
            return
        out = apply_api(case["api"], x, y)
    result = case["result"]
    assert out.name == result["tensor_name"]
    assert out.op.type == case["op"]
    expected_shape = result["shape"]
    if expected_shape is None:
        assert out.shape.rank is None
    else:
        assert out.shape.as_list() == expected_shape
    assert out.dtype.name == result["dtype"]
    if "ops_created" in case:
        made = [f"{op.name}:{op.type}" for op in g.get_operations() if op.type != "Placeholder"]
        assert made == case["ops_created"]
    if "runtime" in case:
        _check_runtime(g, case, x, y, out)


def _check_runtime(g: engine.Graph, case: dict[str, Any], x: Any, y: Any, out: Any) -> None:
    runtime = case["runtime"]
    feeds = {}
    for tensor, shape in zip((x, y), runtime["feed_shapes"]):
        if shape is not None:
            feeds[tensor] = np.ones(shape, dtype=tensor.dtype.np_dtype)
    with engine.Session(graph=g, device="cpu") as sess:
        if "error" in runtime:
            with pytest.raises(engine.InvalidArgumentError) as info:
                sess.run(out, feeds)
            assert runtime["error_detail"] in str(info.value)
            assert info.value.op is out.op
            assert info.value.detail == runtime["error_detail"]
            return
        value = sess.run(out, feeds)
    assert list(value.shape) == runtime["shape"]
    assert value.dtype == np.dtype(runtime["dtype"])
    assert type(value).__name__ == runtime["python_type"]
    if "value" in runtime:
        np.testing.assert_array_equal(value, np.array(runtime["value"], dtype=value.dtype))


CONSTANT_EXPRESSIONS: dict[str, Any] = {
    "tf.constant([])": [],
    "tf.constant(2**31-1)": 2**31 - 1,
    "tf.constant(np.ones(2, np.int16))": np.ones(2, np.int16),
    "tf.constant([1, 2])": [1, 2],
    "tf.constant(-2**31-1)": -(2**31) - 1,
    "tf.constant(2**63)": 2**63,
    "tf.constant('s')": "s",
    "tf.constant(np.float64(1))": np.float64(1),
    "tf.constant([1, 2.0])": [1, 2.0],
    "tf.constant([[1],[2]])": [[1], [2]],
    "tf.constant(np.int64(1))": np.int64(1),
    "tf.constant(2**40)": 2**40,
}


@pytest.mark.parametrize(
    "case", DATA["tf_constant_defaults"], ids=[c["expr"] for c in DATA["tf_constant_defaults"]]
)
def test_constant_default_dtype_and_shape_match_tensorflow(case: dict[str, Any]) -> None:
    g = engine.Graph()
    with g.as_default():
        t = engine.constant(CONSTANT_EXPRESSIONS[case["expr"]])
    assert t.dtype.name == case["result"]["dtype"]
    assert t.shape.as_list() == case["result"]["shape"]
    assert t.name == case["result"]["name"]


def test_reference_file_is_the_measured_one() -> None:
    assert DATA["tensorflow_version"] == "2.21.0"
    assert DATA["n_cases"] == len(DATA["cases"])
