"""Reading a session's variable values out and putting them back."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def _session() -> tuple[engine.Session, engine.Tensor]:
    g = engine.Graph()
    with g.as_default():
        w = engine.Variable(np.ones((2, 2), np.float32), name="w")
        read = engine.identity(w, name="r")
    return engine.Session(graph=g), read


def test_uninitialized_until_a_value_is_set() -> None:
    session, read = _session()
    assert [op.name for op in engine.uninitialized(session)] == ["w"]
    assert engine.variable_values(session) == {}
    engine.set_variable_values(session, {"w": np.full((2, 2), 3, np.float32)})
    assert engine.uninitialized(session) == []
    assert session.run(read).tolist() == [[3, 3], [3, 3]]


def test_values_read_out_are_copies() -> None:
    session, _read = _session()
    engine.set_variable_values(session, {"w": np.zeros((2, 2), np.float32)})
    out = engine.variable_values(session)["w"]
    out[0, 0] = 9
    assert engine.variable_values(session)["w"][0, 0] == 0


@pytest.mark.parametrize("values, message", [
    ({"v": np.zeros((2, 2), np.float32)}, "no variable named 'v'"),
    ({"w": np.zeros((2, 2), np.float64)}, "is float64, the variable is float32"),
    ({"w": np.zeros((3,), np.float32)}, "has shape \\(3,\\)"),
])
def test_a_value_that_does_not_fit_is_refused_and_nothing_set(values: dict,
                                                              message: str) -> None:
    session, _read = _session()
    with pytest.raises(ValueError, match=message):
        engine.set_variable_values(session, values)
    assert engine.variable_values(session) == {}
