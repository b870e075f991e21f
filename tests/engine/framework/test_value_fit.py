"""A value set through the editing API (what the inspector, paste and a file load call) must
fit its node's dtype exactly: nothing wraps, overflows to infinity, loses its fraction or its
imaginary part. The refusal is an AttrError saying what the value would have become, and the
graph is left as it was. (The builder's ``engine.constant`` wraps as ``tf.constant`` does:
tests/data/tf_cases/constants.json.)"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import engine
from engine import Graph, GraphFileError
from engine.framework import dtypes as dt
from engine.framework.errors import AttrError

from ..conftest import const


def _refused(g: Graph, op: engine.Operation, changes: dict[str, Any]) -> str:
    before = (op.get_attr("value").tolist(), op.get_attr("dtype"), g.version)
    events: list[Any] = []
    g.subscribe(events.append)
    with pytest.raises(AttrError) as info:
        g.set_attrs(op, changes)
    assert (op.get_attr("value").tolist(), op.get_attr("dtype"), g.version) == before
    assert events == []
    return str(info.value)


def test_an_int_too_large_for_any_integer_is_refused_with_tfs_error() -> None:
    g = Graph()
    c = const(g, "c", 5, dt.int32)
    message = _refused(g, c, {"value": 99999999999999999999})
    assert message == (
        "value: 99999999999999999999 is out of range for int32 (-2147483648 to 2147483647): "
        "tf.constant raises OverflowError: Python int too large to convert to C long"
    )


def test_2_to_the_31_into_an_int32_const_is_refused_not_wrapped() -> None:
    g = Graph()
    c = const(g, "c", 5, dt.int32)
    message = _refused(g, c, {"value": 2**31})
    assert message == ("value: 2147483648 is out of range for int32 (-2147483648 to "
                       "2147483647): tf.constant would wrap it to -2147483648")


def test_the_element_that_does_not_fit_is_named() -> None:
    g = Graph()
    c = const(g, "c", [1, 2], dt.uint8)
    message = _refused(g, c, {"value": [[1, 2], [300, 4]]})
    assert message == ("value[1][0]: 300 is out of range for uint8 (0 to 255): tf.constant "
                       "would wrap it to 44")


def test_a_negative_int_into_an_unsigned_const_is_refused() -> None:
    g = Graph()
    c = const(g, "c", 1, dt.uint64)
    assert "-1 is out of range for uint64" in _refused(g, c, {"value": -1})


def test_a_finite_float_that_would_become_inf_is_refused() -> None:
    g = Graph()
    c = const(g, "c", 1.0, dt.float32)
    assert _refused(g, c, {"value": [1.0, 1e39]}) == (
        "value[1]: 1e+39 is too large for float32: it would become inf")
    g.set_attrs(c, {"value": [0.1, float("inf")]})  # rounding and a typed inf are fine
    assert c.get_attr("value").tolist() == [np.float32(0.1), np.inf]


def test_an_int_a_float_dtype_cannot_hold_exactly_is_refused() -> None:
    g = Graph()
    c = const(g, "c", 1.0, dt.float32)
    assert _refused(g, c, {"value": 16777217}) == (
        "value: 16777217 does not fit float32 exactly: it would become 16777216.0")
    g.set_attrs(c, {"value": 16777216})
    assert c.get_attr("value") == 16777216.0


def test_an_int_past_float16_is_refused() -> None:
    g = Graph()
    c = const(g, "c", 1.0, dt.float16)
    assert "70000 does not fit float16 exactly: it would become inf" in _refused(
        g, c, {"value": 70000})


def test_a_float_array_into_an_int_const_keeps_only_whole_numbers() -> None:
    g = Graph()
    c = const(g, "c", 1, dt.int32)
    assert _refused(g, c, {"value": np.array([1.0, 1.5])}) == (
        "value[1]: 1.5 does not fit int32 exactly: it would become 1")
    g.set_attrs(c, {"value": np.array([1.0, -2.0])})
    assert c.get_attr("value").tolist() == [1, -2]


def test_changing_a_consts_dtype_never_truncates_its_value() -> None:
    g = Graph()
    c = const(g, "c", [1.5, 2.0], dt.float32)
    assert "1.5 does not fit int32 exactly" in _refused(g, c, {"dtype": dt.int32})
    c2 = const(g, "c2", [3.0, 2.0], dt.float32)
    g.set_attrs(c2, {"dtype": dt.int32})
    assert c2.get_attr("value").tolist() == [3, 2] and c2.get_attr("dtype") is dt.int32


def test_a_complex_into_a_float_const_would_lose_its_imaginary_part() -> None:
    g = Graph()
    c = const(g, "c", 1.0, dt.float64)
    assert _refused(g, c, {"value": np.array([1 + 2j])}) == (
        "value[0]: (1+2j) does not fit float64: it would lose its imaginary part")


def test_a_number_into_a_bool_const_must_be_0_or_1() -> None:
    g = Graph()
    c = const(g, "c", True, dt.bool_)
    assert "value" in _refused(g, c, {"value": np.array([0, 2])})
    g.set_attrs(c, {"value": np.array([0, 1])})
    assert c.get_attr("value").tolist() == [False, True]


def test_ints_tf_constant_would_turn_into_floats_are_refused() -> None:
    g = Graph()
    c = const(g, "c", 1, dt.int64)
    # tf.constant([1, 2**63 + 1]) goes through float64 and is float32 [1.0, 9.223372e18]
    message = _refused(g, c, {"value": [1, 2**63 + 1], "dtype": None})
    assert message == ("value[1]: 9223372036854775809 does not fit float32 exactly: it "
                       "would become 9.223372036854776e+18")


def test_a_value_that_fits_is_stored_exactly() -> None:
    g = Graph()
    c = const(g, "c", 1, dt.int64)
    g.set_attrs(c, {"value": [2**63 - 1, -2**63]})
    assert c.get_attr("value").tolist() == [2**63 - 1, -2**63]
    g.set_attrs(c, {"value": [True, 2], "dtype": dt.uint8})
    assert c.get_attr("value").tolist() == [1, 2]


def test_add_op_refuses_a_value_that_does_not_fit_and_adds_nothing() -> None:
    g = Graph()
    with pytest.raises(AttrError, match="300 is out of range for uint8"):
        g.add_op("Const", "c", {"value": 300, "dtype": dt.uint8})
    assert g.get_operations() == []


def test_a_placeholder_default_that_does_not_fit_is_refused() -> None:
    g = Graph()
    with pytest.raises(AttrError, match=r"default_value\[1\]: 128 is out of range for int8"):
        g.add_op("Placeholder", "p", {"dtype": dt.int8, "shape": [2],
                                      "default_value": [1, 128]})
    assert g.get_operations() == []


def test_a_file_whose_value_does_not_fit_its_dtype_does_not_load() -> None:
    doc = {"format": "tensorcanvas-graph", "version": 1, "ops": [
        {"name": "c", "type": "Const", "inputs": [],
         "attrs": {"value": {"dtype": "int32", "shape": [], "data": 2**31}, "dtype": "int32"}},
    ]}
    with pytest.raises(GraphFileError, match="2147483648 is out of range for int32"):
        engine.graph_from_document(doc)


def test_the_builder_still_wraps_as_tf_constant_does() -> None:
    g = Graph()
    with g.as_default():
        c = engine.constant(2**31, dtype=engine.int32)
    assert engine.Session(graph=g).run(c) == -2**31


def _fed(dtype: dt.DType, value: Any, exact: bool) -> Any:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(dtype, None, name="x")
    return engine.convert_feed(x, value, exact=exact)


def test_a_typed_feed_that_would_wrap_is_refused() -> None:
    assert _fed(dt.uint8, [300, 1], exact=False).tolist() == [44, 1]  # TF's session wraps
    with pytest.raises(ValueError) as info:
        _fed(dt.uint8, [300, 1], exact=True)
    assert str(info.value) == ("Cannot feed this value for Tensor x:0: value[0]: 300 is out of "
                               "range for uint8 (0 to 255): the feed would wrap it to 44")


def test_a_typed_feed_that_would_overflow_to_inf_is_refused() -> None:
    with pytest.raises(ValueError, match="1e\\+39 is too large for float32"):
        _fed(dt.float32, [1e39], exact=True)
    assert _fed(dt.float32, [0.1, float("nan")], exact=True).dtype == np.float32


def test_a_typed_feed_past_int64_is_a_value_error_and_tfs_overflow_error() -> None:
    with pytest.raises(ValueError) as info:
        _fed(dt.int64, [2**70], exact=False)
    assert isinstance(info.value, OverflowError)
    assert str(info.value) == "Python int too large to convert to C long"


def test_numbers_fed_to_a_string_placeholder_are_a_type_error_too() -> None:
    with pytest.raises(TypeError, match="Unsupported object type int"):
        _fed(dt.string, [1, 2], exact=True)
