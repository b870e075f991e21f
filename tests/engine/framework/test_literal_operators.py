"""``x + 1.0`` made in one step builds exactly what the general path builds: the same ops,
names, attributes, specs, names in use, events and errors, for every operator, dtype and
literal, forward and reflected."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import engine
from engine.framework.graph import Graph
from engine.ops import literal_operators

DTYPES = ("float32", "float64", "float16", "int32", "int64", "uint8", "bool", "complex64",
          "string")
LITERALS: tuple[Any, ...] = (1.0, 2, 0.0, -0.0, math.nan, True, 1.5, 2**40, 1j, -3)
OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b, "truediv": lambda a, b: a / b,
}


def _attr(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return (value.dtype.str, value.shape, value.tobytes())
    return repr(value)


def _describe(g: Graph) -> list[Any]:
    ops = [
        (op.name, op.type, [t.name for t in op.inputs],
         sorted((k, _attr(v)) for k, v in op._attrs.items()),
         [(str(t.shape), t.dtype.name if t.dtype else None) for t in op.outputs],
         [c.name for c in op.control_inputs])
        for op in g.get_operations()
    ]
    return [ops, dict(g._names_in_use)]


def _build(dtype: str) -> tuple[list[Any], list[str], list[str]]:
    """Every operator with every literal on a ``dtype`` placeholder, both ways, in a scope
    and at the root, twice (the names made unique): the graph, the errors, the events."""
    g = Graph()
    errors: list[str] = []
    events: list[str] = []
    g.subscribe(lambda e: events.append(f"{e.kind} {e.op.name}"))
    with g.as_default():
        x = engine.placeholder(getattr(engine, dtype),
                               shape=[None, 3], name="x")
        for scope in ("", "outer"):
            with g.name_scope(scope or None):
                for literal in LITERALS:
                    for func in OPERATORS.values():
                        for reflected in (False, True):
                            for _ in range(2):
                                try:
                                    func(literal, x) if reflected else func(x, literal)
                                except (TypeError, ValueError) as e:
                                    errors.append(f"{type(e).__name__}: {e}")
        with g.control_dependencies([x.op]):
            try:
                x + 1
            except (TypeError, ValueError) as e:
                errors.append(f"{type(e).__name__}: {e}")
    return _describe(g), errors, events


@pytest.mark.parametrize("dtype", DTYPES)
def test_one_step_operators_build_what_the_general_path_builds(
        dtype: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _build(dtype)
    monkeypatch.setattr(literal_operators, "build", lambda *args: None)
    general = _build(dtype)
    assert fast == general


def test_a_float_literal_on_a_float_tensor_is_built_in_one_step() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        out = literal_operators.build("add", x, 1.0, False)
    assert out is not None
    assert [(op.name, op.type) for op in g.get_operations()] == [
        ("x", "Placeholder"), ("add/y", "Const"), ("add", "AddV2")]
    assert out.op.inputs == [x, g.get_tensor_by_name("add/y:0")]


def test_a_literal_that_does_not_convert_is_left_to_the_general_path() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.int32, shape=[2], name="x")
        assert literal_operators.build("sub", x, 1.5, False) is None
    assert [op.name for op in g.get_operations()] == ["x"]
    assert dict(g._names_in_use) == {"x": 1}


def test_a_scope_entered_as_an_invalid_name_is_refused_as_the_general_path_does() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        with g.name_scope("-bad/"):
            assert literal_operators.build("add", x, 1.0, False) is None
            with pytest.raises(ValueError, match="`-bad/add/y(_1)?` is not a valid node name"):
                x + 1.0


def test_a_negative_zero_literal_keeps_its_sign_in_one_step() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        x + 0.0
        x + -0.0
    signs = [math.copysign(1.0, float(g.get_operation_by_name(n)._attrs["value"]))
             for n in ("add/y", "add_1/y")]
    assert signs == [1.0, -1.0]
