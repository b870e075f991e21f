"""Every recorded TF case (tests/data/tf_cases/*.json, written by tools/record_tf.py under
TensorFlow 2.21) run on the engine: the same ops, tensor names, shapes, dtypes and values,
or the same exception class and message."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import engine
from tests.engine.tf_cases import families
from tests.engine.tf_cases.harness import Case, run_case

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "tf_cases"
FAMILIES = families()


def _recorded(family: str) -> dict[str, Any]:
    path = DATA_DIR / f"{family}.json"
    if not path.is_file():
        return {}
    cases: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return cases


def _all_cases() -> list[Any]:
    return [
        pytest.param(family, case, id=f"{family}:{case.name}")
        for family, cases in FAMILIES.items()
        for case in cases.by_name.values()
    ]


def _same_number(expected: Any, actual: Any, rtol: float) -> bool:
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            _same_number(e, a, rtol) for e, a in zip(expected, actual))
    if expected == actual:
        return True
    if rtol and isinstance(expected, float) and isinstance(actual, float):
        return math.isclose(expected, actual, rel_tol=rtol, abs_tol=rtol)
    return False


def _check_values(expected: list[Any], actual: list[Any], rtol: float) -> None:
    assert len(actual) == len(expected)
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e is None:  # an Operation fetched: None
            assert a is None, f"fetch {i}: TF gives None, the engine {a}"
            continue
        assert a is not None, f"fetch {i}: TF gives {e}, the engine None"
        if "namedtuple" in e:  # an IndexedSlicesValue: its fields, each checked
            assert a.get("namedtuple") == e["namedtuple"], f"fetch {i}"
            assert list(a["fields"]) == list(e["fields"]), f"fetch {i}"
            _check_values(list(e["fields"].values()), list(a["fields"].values()), rtol)
            continue
        assert (a["dtype"], a["shape"]) == (e["dtype"], e["shape"]), f"fetch {i}"
        assert _same_number(e["data"], a["data"], rtol), (
            f"fetch {i}: TF gives {e['data']}, the engine {a['data']}")


@pytest.mark.parametrize(("family", "case"), _all_cases())
def test_the_engine_does_what_tf_did(family: str, case: Case) -> None:
    recorded = _recorded(family)
    assert case.name in recorded, (
        f"case {case.name!r} has no TF record: run `python tools/record_tf.py {family}` "
        "with the bench extra installed")
    expected = recorded[case.name]
    actual = run_case(engine, case)
    if "error" in expected:
        assert "error" in actual, f"TF raised {expected['error']}; the engine gave {actual}"
        e, a = expected["error"], actual["error"]
        assert a["stage"] == e["stage"], f"TF raised at {e['stage']} time: {e}; engine: {a}"
        assert e["class"] in (a["class"], *a["bases"]), f"TF raised {e}; the engine {a}"
        assert a["message"] == e["message"]
    else:
        assert "error" not in actual, f"TF gave {expected}; the engine raised {actual['error']}"
    assert actual["ops"] == expected["ops"]
    assert actual.get("probe") == expected.get("probe")
    assert actual.get("fetches") == expected.get("fetches")
    if "values" in expected:
        _check_values(expected["values"], actual["values"], case.rtol)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_record_belongs_to_a_case(family: str) -> None:
    stale = sorted(set(_recorded(family)) - set(FAMILIES[family].by_name))
    assert stale == [], f"recorded cases no longer defined: rerun tools/record_tf.py {family}"
