"""parse_value, parse_shape and format_value: what a user types, and short previews."""

from __future__ import annotations

import math

import numpy as np
import pytest

import engine
from engine.io.parse import ValueParseError, format_shape, format_value, parse_shape, parse_value


# --- parse_value: what it accepts -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", 5),
        ("-2.5", -2.5),
        ("1e-3", 0.001),
        ("+7", 7),
        (".5", 0.5),
        ("  42  ", 42),
        ("true", True),
        ("True", True),
        ("false", False),
        ("False", False),
    ],
)
def test_a_scalar_is_read_as_the_python_number_or_bool(text: str, expected: object) -> None:
    value = parse_value(text)
    assert value == expected
    assert type(value) is type(expected)


def test_an_integer_keeps_every_digit() -> None:
    assert parse_value("18446744073709551615") == 2**64 - 1
    assert parse_value("-9223372036854775808") == -(2**63)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("nan", math.nan), ("NaN", math.nan), ("-nan", math.nan),
     ("inf", math.inf), ("Inf", math.inf), ("+inf", math.inf), ("infinity", math.inf),
     ("-inf", -math.inf), ("-Infinity", -math.inf)],
)
def test_nan_and_inf_are_read_in_any_case(text: str, expected: float) -> None:
    value = parse_value(text)
    assert isinstance(value, float)
    if math.isnan(expected):
        assert math.isnan(value)
    else:
        assert value == expected


def test_a_nested_list_is_read_as_nested_python_lists() -> None:
    assert parse_value("[[1, 2], [3, 4]]") == [[1, 2], [3, 4]]


def test_a_list_may_mix_ints_floats_and_specials() -> None:
    value = parse_value("[1, 2.5, -inf, nan]")
    assert value[:3] == [1, 2.5, -math.inf]
    assert math.isnan(value[3])


def test_a_trailing_comma_and_newlines_are_allowed() -> None:
    assert parse_value("[\n  [1, 2],\n  [3, 4],\n]") == [[1, 2], [3, 4]]


def test_empty_lists_are_values() -> None:
    assert parse_value("[]") == []
    assert parse_value("[[], []]") == [[], []]


def test_a_json_string_is_read_as_text() -> None:
    assert parse_value('"caf\\u00e9"') == "café"
    assert parse_value('["a", "b"]') == ["a", "b"]


def test_complex_numbers_are_written_as_python_writes_them() -> None:
    assert parse_value("2j") == 2j
    assert parse_value("1+2j") == 1 + 2j
    assert parse_value("[1-2.5j, -3e-1+0j]") == [1 - 2.5j, -0.3 + 0j]


def test_parse_value_never_evaluates_python() -> None:
    with pytest.raises(ValueParseError):
        parse_value("__import__('os').system('true')")
    with pytest.raises(ValueParseError):
        parse_value("2**10")


# --- parse_value: where and what is wrong -------------------------------------------------------
def test_an_unclosed_list_is_reported_at_the_end_of_the_text() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("[1, 2")
    assert str(info.value) == "column 6: the list opened at column 1 is not closed with ']'"
    assert info.value.column == 6


def test_a_missing_value_between_commas_is_reported_at_the_comma() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("[1,,2]")
    assert str(info.value) == "column 4: expected a value but found ','"


def test_a_word_that_is_not_a_number_is_named() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("[1, abc]")
    assert str(info.value) == "column 5: 'abc' is not a number, true/false, nan or inf"


def test_text_after_the_value_is_refused() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("1 2")
    assert str(info.value) == "column 3: unexpected '2' after the value"


def test_empty_text_is_refused_with_a_hint() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("   ")
    assert "empty" in str(info.value)
    assert info.value.column == 4


def test_none_is_not_a_value() -> None:
    with pytest.raises(ValueParseError, match="None is not a value"):
        parse_value("None")


def test_rows_of_different_lengths_are_refused_at_the_odd_row() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("[[1, 2], [3]]")
    assert str(info.value) == (
        "column 10: the rows have different lengths: this one has 1 item, the first has 2 items"
    )


def test_numbers_and_lists_cannot_be_mixed_in_one_list() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value("[1, [2]]")
    assert info.value.column == 5
    assert "mixes numbers and lists" in info.value.reason


def test_lists_nested_too_deep_are_refused() -> None:
    with pytest.raises(ValueParseError, match="nested more than 32 deep"):
        parse_value("[" * 40 + "1" + "]" * 40)


def test_value_parse_error_is_a_value_error() -> None:
    assert issubclass(ValueParseError, ValueError)


# --- parse_shape -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["None, 3", "[None, 3]", "(None, 3)", "?, 3", "[?,3]", "-1, 3"])
def test_unknown_dimensions_are_none_question_mark_or_minus_one(text: str) -> None:
    assert parse_shape(text) == engine.TensorShape([None, 3])


@pytest.mark.parametrize("text", ["unknown", "*", "<unknown>", "None", " Unknown "])
def test_unknown_rank_is_spelled_unknown_star_or_a_lone_none(text: str) -> None:
    assert parse_shape(text).sizes is None


@pytest.mark.parametrize("text", ["scalar", "()", "[]", "[ ]"])
def test_rank_zero_is_spelled_scalar_or_empty_brackets(text: str) -> None:
    assert parse_shape(text).sizes == ()


def test_a_trailing_comma_or_brackets_make_a_lone_none_rank_one() -> None:
    assert parse_shape("None,").sizes == (None,)
    assert parse_shape("[None]").sizes == (None,)


def test_a_fully_known_shape() -> None:
    assert parse_shape("2, 3, 4").sizes == (2, 3, 4)
    assert parse_shape("5").sizes == (5,)


def test_an_empty_shape_field_is_refused() -> None:
    with pytest.raises(ValueParseError, match="empty"):
        parse_shape("")


def test_a_negative_dimension_is_refused_with_its_column() -> None:
    with pytest.raises(ValueParseError) as info:
        parse_shape("2, -3")
    assert str(info.value) == (
        "column 4: dimension -3 is negative: use a size >= 0, or None for unknown"
    )


def test_a_non_integer_dimension_is_refused() -> None:
    with pytest.raises(ValueParseError, match="'2.5' is not a dimension"):
        parse_shape("[2.5]")


def test_an_unclosed_bracket_is_refused() -> None:
    with pytest.raises(ValueParseError, match="not closed"):
        parse_shape("[None, 3")


@pytest.mark.parametrize("dims", [None, [], [None], [2, None, 3], [0]])
def test_format_shape_is_read_back_by_parse_shape(dims: list[int | None] | None) -> None:
    shape = engine.TensorShape(dims)
    assert parse_shape(format_shape(shape)) == shape


def test_format_shape_spellings() -> None:
    assert format_shape(engine.TensorShape(None)) == "unknown"
    assert format_shape(engine.TensorShape([])) == "scalar"
    assert format_shape(engine.TensorShape([None, 3])) == "[None, 3]"


# --- format_value ----------------------------------------------------------------------------
def test_a_scalar_preview_is_numpys_printing() -> None:
    assert format_value(np.int32(77)) == "77"
    assert format_value(np.float32(2.5)) == "2.5"
    assert format_value(np.float32(np.nan)) == "nan"
    assert format_value(np.bool_(True)) == "True"


def test_a_short_vector_preview_is_on_one_line() -> None:
    assert format_value(np.array([1.0, 2.0, 3.0], np.float32)) == "[1. 2. 3.]"


def test_a_small_matrix_preview_folds_the_rows_onto_one_line() -> None:
    assert format_value(np.array([[1, 2], [3, 4]], np.int32)) == "[[1 2] [3 4]]"


def test_a_preview_that_does_not_fit_starts_with_shape_and_dtype() -> None:
    text = format_value(np.zeros((2, 3), np.float32), max_chars=20)
    assert text.startswith("2×3 float32 [[")
    assert text.endswith("…]]")
    assert len(text) <= 20


def test_a_preview_with_no_room_for_values_shows_only_the_brackets() -> None:
    assert format_value(np.zeros((2, 3), np.float32), max_chars=10) == "2×3 float32 [[…]]"


def test_a_large_array_preview_stays_short() -> None:
    text = format_value(np.arange(10_000, dtype=np.float64), max_chars=60)
    assert len(text) <= 60
    assert text.startswith("10000 float64 [")


def test_string_and_bfloat16_previews() -> None:
    assert format_value(np.array([b"a", b"bc"], dtype=object)) == "[b'a' b'bc']"
    assert format_value(np.array([1.5], engine.bfloat16.np_dtype)) == "[1.5]"
