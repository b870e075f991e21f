"""How links look: dashed out of an invalid node from the start, labels kept on steep and
long links, and one label where one output feeds several inputs."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt

import engine
from editor import style
from editor.canvas import Canvas
from editor.edge_item import EdgeItem


def _edge(canvas: Canvas, dst: str, index: int = 0) -> EdgeItem:
    edge = canvas.scene.edge_into(dst, index)
    assert edge is not None, (dst, index)
    return edge


def _open(canvas: Canvas, graph: engine.Graph, positions: dict[str, tuple[float, float]]) -> None:
    """Open ``graph`` as a file with these node positions is opened."""
    nodes = {name: {"x": x, "y": y} for name, (x, y) in positions.items()}
    canvas.set_graph(graph, {"nodes": nodes})


def _invalid_pen(edge: EdgeItem) -> bool:
    pen = edge.pen
    return pen.style() == Qt.PenStyle.DashLine and pen.color() == style.EDGE_INVALID


def test_a_link_out_of_an_invalid_node_is_dashed_when_the_file_opens(canvas: Canvas) -> None:
    g = engine.Graph()
    bad = g.add_op("AddV2", name="bad")  # unwired: it has an error
    g.add_op("Square", name="after", inputs=[bad.outputs[0]])
    _open(canvas, g, {"bad": (0, 0), "after": (260, 0)})
    assert _invalid_pen(_edge(canvas, "after"))


def test_a_new_link_out_of_an_invalid_node_is_dashed(canvas: Canvas) -> None:
    bad = canvas.add_node("AddV2", QPointF(0, 0))
    after = canvas.add_node("Square", QPointF(260, 0))
    canvas.connect(f"{bad}:0", after, 0)
    assert _invalid_pen(_edge(canvas, after))


def test_a_valid_link_is_solid(canvas: Canvas) -> None:
    const = canvas.add_node("Const", QPointF(0, 0))
    after = canvas.add_node("Square", QPointF(260, 0))
    canvas.connect(f"{const}:0", after, 0)
    pen = _edge(canvas, after).pen
    assert pen.style() == Qt.PenStyle.SolidLine and pen.color() == style.EDGE


def _chain(canvas: Canvas, dst_at: tuple[float, float]) -> EdgeItem:
    g = engine.Graph()
    c = g.add_op("Const", name="c", attrs={"value": 1.0})
    g.add_op("Neg", name="n", inputs=[c.outputs[0]])
    _open(canvas, g, {"c": (0, 0), "n": dst_at})
    return _edge(canvas, "n")


def test_a_steep_link_keeps_its_label(canvas: Canvas) -> None:
    edge = _chain(canvas, (154, 300))  # its input 30 units right of the output, far below
    assert edge.label_text == "scalar float32" and edge.label_shown


def test_a_long_link_keeps_its_whole_label(canvas: Canvas) -> None:
    edge = _chain(canvas, (195, 560))
    assert edge.label_text == "scalar float32"


def test_a_short_level_link_still_elides_its_label(canvas: Canvas) -> None:
    edge = _chain(canvas, (150, 0))  # 26 units between the nodes, side by side
    assert edge.label_text == ""


def test_one_output_into_both_inputs_of_a_node_shows_its_label_once(canvas: Canvas) -> None:
    g = engine.Graph()
    c = g.add_op("Const", name="c", attrs={"value": 1.0})
    g.add_op("Mul", name="sq", inputs=[c.outputs[0], c.outputs[0]])
    _open(canvas, g, {"c": (0, 0), "sq": (250, -10)})
    shown = [_edge(canvas, "sq", i).label_shown for i in (0, 1)]
    assert shown == [True, False]
    assert "scalar float32" in _edge(canvas, "sq", 1).toolTip()  # still on hover
    canvas.disconnect("sq", 0)
    assert _edge(canvas, "sq", 1).label_shown  # alone again: it shows


def test_links_of_one_output_to_nodes_stacked_close_show_the_label_once(
    canvas: Canvas,
) -> None:
    g = engine.Graph()
    c = g.add_op("Const", name="c", attrs={"value": 1.0})
    for i in range(3):
        g.add_op("Square", name=f"s{i}", inputs=[c.outputs[0]])
    _open(canvas, g, {"c": (0, 0), "s0": (250, 0), "s1": (250, 46), "s2": (250, 92)})
    shown = [_edge(canvas, f"s{i}").label_shown for i in range(3)]
    assert shown == [True, False, True]  # s1's label would sit right under s0's
