"""Variables on the canvas: their initializers (values as TF's initializers make them) and
the inspector's Variable section, whose Apply is one undo step."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

import engine
from editor.canvas import Canvas
from editor.initializers import Initializer, fans, guess, initial_value
from editor.variable_panel import VariablePanel, initial_value_op


def _graph() -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        engine.Variable(np.zeros((4, 6), np.float32), name="W")
    return g


def test_glorot_uniform_stays_within_tfs_limit() -> None:
    value = initial_value(Initializer("glorot_uniform", seed=1), (40, 60), engine.float32)
    limit = math.sqrt(6 / 100)
    assert value.dtype == np.float32 and value.shape == (40, 60)
    assert np.abs(value).max() <= limit and np.abs(value).max() > 0.9 * limit


def test_a_seed_gives_the_engines_random_normal_stream() -> None:
    value = initial_value(Initializer("random_normal", seed=5, scale=0.5), (3,), engine.float64)
    g = engine.Graph()
    with g.as_default():
        t = engine.random_normal([3], stddev=0.5, dtype=engine.float64, seed=5)
    assert value.tolist() == engine.Session(graph=g).run(t).tolist()


def test_truncated_normal_has_no_value_beyond_two_scales() -> None:
    value = initial_value(Initializer("truncated_normal", seed=2, scale=0.1), (1000,),
                          engine.float32)
    assert np.abs(value).max() <= 0.2


def test_constant_fills_the_shape() -> None:
    assert initial_value(Initializer("constant", value=2.5), (2, 2), engine.float64).tolist() \
        == [[2.5, 2.5], [2.5, 2.5]]


def test_random_initializer_of_an_integer_variable_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a float variable, this one is int32"):
        initial_value(Initializer("random_uniform"), (2,), engine.int32)


def test_fans_count_a_conv_kernels_receptive_field() -> None:
    assert fans((3, 3, 1, 8)) == (9, 72) and fans((5, 7)) == (5, 7) and fans(()) == (1, 1)


def test_guess_reads_zeros_ones_and_constants_back() -> None:
    assert guess(np.zeros(3)).kind == "zeros" and guess(np.ones(3)).kind == "ones"
    assert guess(np.full(3, 4.0)) == Initializer("constant", value=4.0)


def test_inspector_shows_a_variable_section_with_its_initializer(qtbot: QtBot) -> None:
    canvas = Canvas(graph=_graph())
    canvas.set_graph(_graph(), None)
    panel = VariablePanel(canvas.graph.get_operation_by_name("W"), canvas.set_attrs,
                          lambda name: None)
    qtbot.addWidget(panel)
    assert panel.kind.currentData() == "zeros"
    assert panel.session_value.text().startswith("none yet")


def test_applying_an_initializer_is_one_undo_step_on_the_initial_value(qtbot: QtBot) -> None:
    canvas = Canvas()
    canvas.set_graph(_graph(), None)
    op = canvas.graph.get_operation_by_name("W")
    panel = VariablePanel(op, canvas.set_attrs, lambda name: None)
    qtbot.addWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData("glorot_uniform"))
    panel.seed.setValue(3)
    panel.scale.setValue(1.0)
    assert panel.apply()
    const = initial_value_op(op)
    assert const is not None and const.name == "W/initial_value"
    value = np.asarray(const.get_attr("value"))
    assert value.shape == (4, 6) and value.dtype == np.float32 and np.abs(value).max() > 0
    canvas.undo_stack.undo()
    assert np.asarray(initial_value_op(op).get_attr("value")).tolist() == [[0.0] * 6] * 4


def test_session_value_is_shown_when_the_session_has_one(qtbot: QtBot) -> None:
    canvas = Canvas()
    canvas.set_graph(_graph(), None)
    panel = VariablePanel(canvas.graph.get_operation_by_name("W"), canvas.set_attrs,
                          lambda name: np.full((1, 2), 7.0, np.float32))
    qtbot.addWidget(panel)
    assert panel.session_value.text() == "[[7. 7.]]"


def _left_edge_colors(canvas: Canvas, name: str) -> set[tuple[int, int, int]]:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    node = next(n for n in canvas.scene.nodes() if n.op.name == name)
    rect = node.body_rect()
    image = QImage(int(rect.width()) + 4, int(rect.height()) + 4, QImage.Format.Format_RGB32)
    image.fill(0)
    painter = QPainter(image)
    node.paint(painter, QStyleOptionGraphicsItem())
    painter.end()
    y = int(rect.height() * 0.75)  # below the header, on the body
    return {image.pixelColor(x, y).getRgb()[:3] for x in (2, 3)}


def test_a_variable_is_drawn_with_an_inner_border_a_const_is_not(qtbot: QtBot) -> None:
    from editor import style

    g = _graph()
    with g.as_default():
        engine.constant(1.0, name="c")
    canvas = Canvas()
    canvas.set_graph(g, None)
    body = style.NODE_BODY.getRgb()[:3]
    assert _left_edge_colors(canvas, "c") == {body}
    assert _left_edge_colors(canvas, "W") != {body}
