"""What the recorded TF cases cannot compare: where TF's refusal of a second get_variable
says the first was made (the user's own frames, innermost first)."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine


def _make(name: str) -> engine.Variable:
    return engine.get_variable(name, [1])


def test_a_second_get_variable_is_refused_naming_where_the_first_was_made() -> None:
    g = engine.Graph()
    with g.as_default():
        _make("w")
        with pytest.raises(ValueError) as caught:
            _make("w")
    message = str(caught.value)
    first, _, frames = message.partition(" Originally defined at:\n\n")
    assert first == ("Variable w already exists, disallowed. Did you mean to set reuse=True or "
                     "reuse=tf.AUTO_REUSE in VarScope?")
    lines = [line for line in frames.splitlines() if line.startswith("  File ")]
    assert 1 <= len(lines) <= 5
    assert __file__ in lines[0] and "in _make" in lines[0]
    library = str(Path(engine.__file__).resolve().parent)
    assert all(library not in line for line in lines)


def test_each_graph_keeps_its_own_variables() -> None:
    for _ in range(2):
        with engine.Graph().as_default():
            assert _make("w").name == "w:0"


@pytest.mark.parametrize("arg", ["regularizer", "partitioner", "custom_getter"])
def test_an_argument_the_engine_does_not_carry_out_is_refused_by_name(arg: str) -> None:
    with engine.Graph().as_default():
        with pytest.raises(ValueError, match=f"`{arg}` is not supported"):
            engine.get_variable("w", [1], **{arg: lambda *a, **k: None})
        with pytest.raises(ValueError, match=f"`{arg}` is not supported"):
            with engine.variable_scope("s", **{arg: lambda *a, **k: None}):
                pass
        assert engine.global_variables() == []
