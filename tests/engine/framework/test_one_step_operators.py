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
from engine.ops import one_step_operators

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


Built = tuple[list[Any], list[str], list[str]]


def _recorded(build: Callable[[Graph, Callable[..., None]], None]) -> Built:
    """What ``build(graph, attempt)`` leaves: the graph, the errors of the calls it made
    through ``attempt(func, *args)``, the events a listener heard."""
    g = Graph()
    errors: list[str] = []
    events: list[str] = []

    def attempt(func: Callable[..., Any], *args: Any) -> None:
        try:
            func(*args)
        except (TypeError, ValueError) as e:
            errors.append(f"{type(e).__name__}: {e}")

    g.subscribe(lambda e: events.append(f"{e.kind} {e.op.name}"))
    with g.as_default():
        build(g, attempt)
    return _describe(g), errors, events


def _build(dtype: str) -> Built:
    """Every operator with every literal on a ``dtype`` placeholder, both ways, in a scope
    and at the root, twice (the names made unique), and in a control-dependency block."""

    def build(g: Graph, attempt: Callable[..., None]) -> None:
        x = engine.placeholder(getattr(engine, dtype), shape=[None, 3], name="x")
        for scope in ("", "outer"):
            with g.name_scope(scope or None):
                for literal in LITERALS:
                    for func in OPERATORS.values():
                        for _ in range(2):
                            attempt(func, x, literal)
                            attempt(func, literal, x)
        with g.control_dependencies([x.op]):
            attempt(OPERATORS["add"], x, 1)

    return _recorded(build)


@pytest.mark.parametrize("dtype", DTYPES)
def test_one_step_operators_build_what_the_general_path_builds(
        dtype: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _build(dtype)
    monkeypatch.setattr(one_step_operators, "build", lambda *args: None)
    general = _build(dtype)
    assert fast == general


def test_a_float_literal_on_a_float_tensor_is_built_in_one_step() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        out = one_step_operators.build("add", x, 1.0, False)
    assert out is not None
    assert [(op.name, op.type) for op in g.get_operations()] == [
        ("x", "Placeholder"), ("add/y", "Const"), ("add", "AddV2")]
    assert out.op.inputs == [x, g.get_tensor_by_name("add/y:0")]


def test_a_literal_that_does_not_convert_is_left_to_the_general_path() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.int32, shape=[2], name="x")
        assert one_step_operators.build("sub", x, 1.5, False) is None
    assert [op.name for op in g.get_operations()] == ["x"]
    assert dict(g._names_in_use) == {"x": 1}


def test_a_scope_entered_as_an_invalid_name_is_refused_as_the_general_path_does() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        with g.name_scope("-bad/"):
            assert one_step_operators.build("add", x, 1.0, False) is None
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


def _build_pairs(dtype: str) -> Built:
    """Every operator between tensors of ``dtype`` (and of another dtype, of shapes that
    broadcast and that do not, one with a known value), in a scope and at the root."""

    def build(g: Graph, attempt: Callable[..., None]) -> None:
        kind = getattr(engine, dtype)
        x = engine.placeholder(kind, shape=[None, 3], name="x")
        others = [engine.placeholder(kind, shape=[3], name="row"),
                  engine.placeholder(kind, shape=[2], name="bad"),
                  engine.placeholder(engine.float32 if dtype != "float32" else engine.int32,
                                     shape=[3], name="other")]
        attempt(lambda: others.append(engine.constant(np.ones(3), dtype=kind, name="known")))
        for scope in ("", "outer"):
            with g.name_scope(scope or None):
                for y in others:
                    for func in OPERATORS.values():
                        for a, b in ((x, y), (y, x), (x, x)):
                            for _ in range(2):
                                attempt(func, a, b)

    return _recorded(build)


@pytest.mark.parametrize("dtype", DTYPES)
def test_one_step_operators_on_two_tensors_build_what_the_general_path_builds(
        dtype: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _build_pairs(dtype)
    monkeypatch.setattr(one_step_operators, "build_pair", lambda *args: None)
    general = _build_pairs(dtype)
    assert fast == general


def test_two_float_tensors_are_added_in_one_step() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        y = engine.placeholder(engine.float32, shape=[2], name="y")
        out = one_step_operators.build_pair("add", x, y)
    assert out is not None
    assert (out.op.name, out.op.type, out.op.inputs) == ("add", "AddV2", [x, y])


def test_two_tensors_whose_shapes_do_not_broadcast_are_left_to_the_general_path() -> None:
    g = Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[2], name="x")
        y = engine.placeholder(engine.float32, shape=[3], name="y")
        assert one_step_operators.build_pair("add", x, y) is None
    assert [op.name for op in g.get_operations()] == ["x", "y"]
