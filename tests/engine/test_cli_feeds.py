"""The command line refuses a ``--feed`` value that its tensor's dtype would change (there is
no confirm on a command line), saying what it would become and what to type; and files the
loader refuses are usage errors (exit 2) in one short line, whatever they hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import engine
from engine import cli
from engine.io.exact_values import lossy_conversion

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = str(REPO_ROOT / "resources" / "examples" / "seed.json")
PLACEHOLDER = str(REPO_ROOT / "resources" / "examples" / "placeholder_default.json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_fraction_fed_to_an_int32_tensor_is_refused_saying_what_it_would_become(
    capsys: Any,
) -> None:
    status, out, err = run(capsys, SEED, "--device", "cpu", "--feed", "Const=1.5")
    assert (status, out) == (2, "")
    assert err == ("error: --feed Const=1.5: Const:0 is int32, and 1.5 would become 1: type an "
                   "integer (1 or 2), or feed a float tensor\n")


def test_an_integral_float_fed_to_an_int32_tensor_is_exact_and_runs(capsys: Any) -> None:
    status, out, _ = run(capsys, SEED, "--device", "cpu", "--feed", "Const=2.0")
    assert (status, out) == (0, "mul:0  int32  shape=[]  = 56\n")


def test_the_element_that_would_change_is_named_by_its_index(capsys: Any) -> None:
    status, _, _ = run(capsys, PLACEHOLDER, "--device", "cpu", "--feed",
                       "Placeholder=[[1, 2, 70000.0], [1, 2, 3]]")
    assert status == 0  # float32 holds 70000.0 (float16 would not)
    status, _, err = run(capsys, PLACEHOLDER, "--device", "cpu", "--feed",
                         "Placeholder=[[1, 2, 3], [1, 1e39, 3]]")
    assert status == 2
    assert err == ("error: --feed Placeholder=[[1, 2, 3], [1, 1e39, 3]]: Placeholder:0 is "
                   "float32, and 1e+39 at [1][1] would become inf (float32 holds at most "
                   "±3.40282e+38): use a wider float dtype\n")


@pytest.mark.parametrize(
    ("value", "dtype", "expected"),
    [
        (1.5, engine.int32, "1.5 would become 1: type an integer (1 or 2), or feed a float "
                            "tensor"),
        (70000.0, engine.float16, "70000.0 would become inf (float16 holds at most ±65504): "
                                  "use a wider float dtype"),
        ("False", engine.bool, 'the text "False" would become true (any text but the empty one '
                               "is true): type true or false, without quotes"),
        (None, engine.float32, "None is not a float32 value: type a value"),
        (1e39, engine.float32, "1e+39 would become inf (float32 holds at most ±3.40282e+38): "
                               "use a wider float dtype"),
        (300, engine.uint8, "300 is out of range for uint8 (0 to 255)"),
        (5, engine.string, '5 is not text; a string takes text in quotes: "5"'),
        (1, engine.bool, "1 would become true: type true or false"),
        (2**24 + 1, engine.float32, "16777217 would become 16777216 (float32 does not hold "
                                    "every integer that large): use a wider dtype"),
        (1e-50, engine.float32, "1e-50 would become 0.0 (the smallest nonzero float32 is "
                                "1.4013e-45): use a wider float dtype"),
        (1 + 2j, engine.float64, "(1+2j) would lose its imaginary part: use a complex dtype"),
    ],
)
def test_a_value_the_dtype_would_change_is_reported(value: Any, dtype: engine.DType,
                                                     expected: str) -> None:
    assert lossy_conversion(value, dtype) == expected


@pytest.mark.parametrize(
    ("value", "dtype"),
    [(0.1, engine.float32), (3, engine.float16), (2.0, engine.int8),
     (float("nan"), engine.float16), (float("-inf"), engine.bfloat16), (True, engine.bool),
     ("text", engine.string), ([[1, 2], [3, 4]], engine.int64), (1 + 2j, engine.complex64),
     (-128, engine.int8)],
)
def test_a_value_the_dtype_holds_as_typed_is_not_reported(value: Any, dtype: engine.DType) -> None:
    assert lossy_conversion(value, dtype) is None


# --- files the loader refuses ------------------------------------------------------------------
@pytest.mark.parametrize(
    "content",
    [
        '{"format": "tensorcanvas-graph", "version": 1, "ops": [{"name": "c", "type": "Const", '
        '"attrs": {"value": {"dtype": "int8", "shape": [1], "data": [' + "1" * 5000 + ']}}, '
        '"inputs": []}]}',
        '{"format": "tensorcanvas-graph", "version": 1, "ops": [{"name": "c", "type": "Const", '
        '"attrs": {"value": {"dtype": "string", "shape": [], "data": "\\ud800"}}, "inputs": []}]}',
        '{"format": "tensorcanvas-graph", "version": 1, "ops": [{"name": "' + "a b" * 100_000
        + '", "type": "Const", "attrs": {}, "inputs": []}]}',
    ],
    ids=["integer of 5000 digits", "lone surrogate", "name of 300000 characters"],
)
def test_a_file_the_loader_refuses_is_a_usage_error_in_one_short_line(
    capsys: Any, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, str(path), "--device", "cpu")
    assert (status, out) == (2, "")
    assert err.startswith(f"error: {path}: ops[0]") and err.count("\n") == 1
    assert "internal error" not in err and len(err) < 1000
