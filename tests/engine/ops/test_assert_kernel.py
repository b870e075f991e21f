"""Assert: nothing when its condition holds; TF's message, each data tensor summarised as
TF's ``SummarizeValue`` prints it, when it does not."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.ops.assert_ops import assert_, summarize

COVERED = {"Assert"}


def _run_assert(condition: bool, data: list[object], summarize_: int | None = None) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.int32, [None])
        op = assert_(engine.constant(condition), [*data, x], summarize=summarize_)
        with engine.Session() as sess:
            sess.run(op, {x: np.arange(5, dtype=np.int32)})


def test_a_holding_assert_lets_the_run_go_on() -> None:
    _run_assert(True, ["never shown"])


def test_a_failing_assert_names_its_data_in_tf_words() -> None:
    with pytest.raises(engine.errors.InvalidArgumentError,
                       match=r"assertion failed: \[text\] \[0 1 2\.\.\.\]"):
        _run_assert(False, ["text"])


def test_summarize_prints_as_many_elements_as_asked() -> None:
    assert summarize(np.arange(5), 5) == "0 1 2 3 4"
    assert summarize(np.arange(6).reshape(2, 3), 6) == "[0 1 2][3 4 5]"
    assert summarize(np.array(b"words", dtype=object), 3) == "words"
