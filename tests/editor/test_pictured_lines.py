"""In a large (virtual) graph the lines of the link items near the view are drawn by the
overview layer's picture, not by the items (``EdgeItem.pictured``: the item's line child
hidden): a frame then strokes no curve of the hundreds of links in view. A link draws
its own line again, over the picture, while it is selected, and while a drag moves one
of its nodes; after the drop the layer's next picture takes it back. A link moved
outside a drag has the picture made again (``lines_version``); an image export
(``every_item``) has every link draw its own line. Their labels are the picture's as
well, but for a selected link's accented one. A small graph's links always draw their own
lines and labels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from benchmarks.editor_scale import build_chain, build_dag
from editor import scene_virtual, style
from editor.canvas import Canvas
from editor.edge_item import EdgeItem
from tests.editor.canvas_helpers import (
    Left,
    canvas_forgetting_its_graph,
    move,
    node_header,
    press,
    release,
)

N = scene_virtual.BUDGET + 500


@pytest.fixture
def canvas(qtbot: QtBot) -> Canvas:
    """The shared fixture's canvas; its large graph goes as the test ends."""
    return canvas_forgetting_its_graph(qtbot)


def _large_at(canvas: Canvas, qtbot: QtBot, zoom: float = 1.0) -> None:
    """A virtual DAG at ``zoom``, centred on the graph, every item of its region made and
    the overview layer's picture made for them."""
    canvas.set_graph(build_dag(N), None)
    view, scene = canvas.view, canvas.scene
    view.set_zoom(zoom)
    view.center_on(canvas.items_rect().center())
    view.viewport().repaint()
    qtbot.waitUntil(lambda: not scene._idle_queued and not scene._pending_items)
    assert scene.virtual and scene.layer is not None
    scene.layer._sharpen.stop()
    scene.layer.forget_pictures()
    view.viewport().repaint()


def _line_shown(edge: EdgeItem) -> bool:
    return edge._line.isVisible()


def _edge_in_view(canvas: Canvas) -> EdgeItem:
    """A link whose whole curve is in view, away from the view's edges."""
    shown = canvas.view.shown_rect()
    inner = shown.adjusted(50.0, 50.0, -50.0, -50.0)
    return next(e for e in canvas.scene.edges() if inner.contains(e.curve.boundingRect()))


def _busiest_node_in_view(canvas: Canvas) -> str:
    """The op in the middle part of the view with the most link items."""
    shown = canvas.view.shown_rect()
    inner = shown.adjusted(shown.width() / 4, shown.height() / 4, -shown.width() / 4,
                           -shown.height() / 4)
    scene = canvas.scene
    nodes = [n for n in scene.nodes() if inner.contains(n.sceneBoundingRect())]
    assert nodes
    return max(nodes, key=lambda n: len(scene._edges.at(n.op))).op.name


def _edges_at(canvas: Canvas, name: str) -> list[EdgeItem]:
    node = canvas.scene.node_named(name)
    assert node is not None
    return list(canvas.scene._edges.at(node.op))


# --- which links are pictured ------------------------------------------------------------------
def test_the_links_items_made_near_the_view_are_pictured(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot, 0.5)
    edges = canvas.scene.edges()
    assert len(edges) > 50
    assert all(edge.pictured for edge in edges)
    assert not any(_line_shown(edge) for edge in edges)


def test_a_small_graphs_links_draw_their_own_lines(canvas: Canvas) -> None:
    canvas.set_graph(build_chain(6), None)
    canvas.view.viewport().repaint()
    edges = canvas.scene.edges()
    assert len(edges) == 5
    assert not any(edge.pictured for edge in edges)
    assert all(_line_shown(edge) for edge in edges)


def test_the_layer_is_given_the_pictured_links_in_a_rect(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    layer = canvas.scene.layer
    assert layer is not None
    shown = canvas.view.shown_rect()
    given = layer.pictured_lines(shown)
    assert given and all(edge.pictured for edge in given)
    assert set(given) == {e for e in canvas.scene.edges()
                          if e.boundingRect().intersects(shown)}
    assert not layer.pictured_lines(QRectF(-1e6, -1e6, 10.0, 10.0))


# --- a selection --------------------------------------------------------------------------------
def test_a_selected_pictured_link_draws_its_line_over_the_picture(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    edge = _edge_in_view(canvas)
    edge.setSelected(True)
    assert edge.pictured and _line_shown(edge)
    assert edge.pen.color() == style.EDGE_SELECTED


def test_a_deselected_link_leaves_its_line_to_the_picture_again(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    edge = _edge_in_view(canvas)
    edge.setSelected(True)
    edge.setSelected(False)
    assert edge.pictured and not _line_shown(edge)


def _point_hovering(canvas: Canvas, edge: EdgeItem) -> QPointF:
    """A viewport point on ``edge``'s curve where it is the topmost item."""
    for t in (0.5, 0.3, 0.6, 0.4, 0.7):
        at = edge.curve.pointAtPercent(t)
        top = canvas.scene.items(at)[0]
        if top is edge or top.parentItem() is edge:
            return canvas.view.to_view(at)
    raise AssertionError("the link is covered along its curve")


def test_a_hovered_pictured_link_draws_its_line(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    edge = _edge_in_view(canvas)
    move(canvas.view, _point_hovering(canvas, edge))
    assert edge.pictured and _line_shown(edge)


def test_a_link_the_mouse_left_leaves_its_line_to_the_picture_again(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    edge = _edge_in_view(canvas)
    move(canvas.view, _point_hovering(canvas, edge))
    move(canvas.view, QPointF(2.0, 2.0))
    assert edge.pictured and not _line_shown(edge)


# --- a drag -------------------------------------------------------------------------------------
def _drag_started(canvas: Canvas, name: str, by: QPointF) -> QPointF:
    """Press on ``name``'s header and move by ``by`` in three steps, the button held:
    where the mouse is now."""
    view = canvas.view
    start = node_header(canvas, name)
    press(view, start)
    for i in (1, 2, 3):
        move(view, start + by * (i / 3), Left)
    return start + by


def test_dragging_a_node_has_its_links_draw_their_own_lines(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    name = _busiest_node_in_view(canvas)
    edges = _edges_at(canvas, name)
    assert edges and all(edge.pictured for edge in edges)
    _drag_started(canvas, name, QPointF(0.0, 60.0))
    assert canvas.scene._press_positions
    assert not any(edge.pictured for edge in edges)
    assert all(_line_shown(edge) for edge in edges)


def test_a_paint_during_a_drag_leaves_the_links_lines_to_their_items(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    name = _busiest_node_in_view(canvas)
    edges = _edges_at(canvas, name)
    _drag_started(canvas, name, QPointF(0.0, 60.0))
    canvas.view.viewport().repaint()
    assert not any(edge.pictured for edge in edges)
    assert all(_line_shown(edge) for edge in edges)


def test_the_links_of_a_dragged_node_other_than_its_own_stay_pictured(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    name = _busiest_node_in_view(canvas)
    mine = set(_edges_at(canvas, name))
    _drag_started(canvas, name, QPointF(0.0, 60.0))
    others = [edge for edge in canvas.scene.edges() if edge not in mine]
    assert others and all(edge.pictured and not _line_shown(edge) for edge in others)


def test_a_drag_makes_the_layers_picture_again(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    layer = canvas.scene.layer
    assert layer is not None
    version = layer.lines_version
    _drag_started(canvas, _busiest_node_in_view(canvas), QPointF(0.0, 60.0))
    assert layer.lines_version != version


def test_after_the_drop_the_layers_next_paint_pictures_the_links_again(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    name = _busiest_node_in_view(canvas)
    edges = _edges_at(canvas, name)
    end = _drag_started(canvas, name, QPointF(0.0, 60.0))
    canvas.view.viewport().repaint()
    release(canvas.view, end)
    canvas.view.viewport().repaint()
    assert canvas.scene.position(name) is not None
    assert all(edge.pictured for edge in edges)
    assert not any(_line_shown(edge) for edge in edges)


def test_after_a_drag_back_to_its_start_the_links_are_pictured_again(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    name = _busiest_node_in_view(canvas)
    edges = _edges_at(canvas, name)
    start = node_header(canvas, name)
    press(canvas.view, start)
    move(canvas.view, start + QPointF(0.0, 40.0), Left)
    canvas.view.viewport().repaint()  # (the layer's picture, made during the drag)
    move(canvas.view, start, Left)
    release(canvas.view, start)
    canvas.view.viewport().repaint()
    assert all(edge.pictured for edge in edges)


# --- moves outside a drag, image export --------------------------------------------------------
def test_a_pictured_link_moved_outside_a_drag_makes_the_layers_picture_again(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    name = _busiest_node_in_view(canvas)
    edges = _edges_at(canvas, name)
    layer = canvas.scene.layer
    assert layer is not None
    version = layer.lines_version
    old = canvas.scene.position(name)
    assert old is not None
    canvas.scene.set_node_positions({name: old + QPointF(0.0, 50.0)})
    assert layer.lines_version != version
    assert all(edge.pictured and not _line_shown(edge) for edge in edges)


def _far_names(canvas: Canvas) -> list[str]:
    """The first ops of the DAG (its Consts and first layers), far from its middle."""
    return [op.name for op in canvas.graph.get_operations()[:120]]


def test_an_image_export_has_every_link_draw_its_own_line(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot, 0.5)
    scene = canvas.scene
    near = scene.edges()
    canvas.select_names(_far_names(canvas))
    with scene.every_item(selection_only=True):
        edges = scene.edges()
        assert set(near) < set(edges)  # (the links among the far ops' items too)
        assert not any(edge.pictured for edge in edges)
        assert all(_line_shown(edge) for edge in edges)
        assert scene.layer is not None and not scene.layer.isVisible()


def test_after_an_image_export_the_links_that_stay_are_pictured_again(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot, 0.5)
    scene = canvas.scene
    before = set(scene.edges())
    canvas.select_names(_far_names(canvas))
    with scene.every_item(selection_only=True):
        pass
    after = scene.edges()
    assert set(after) == before
    assert all(edge.pictured and not _line_shown(edge) for edge in after)
    assert scene.layer is not None and scene.layer.isVisible()


# --- the pixels ---------------------------------------------------------------------------------
def _linked(image: QImage, at: QPointF) -> bool:
    """Whether a pixel within two of ``at`` is nearer a link's colour than the
    background's (a one-pixel antialiased curve)."""
    link, back = style.EDGE, style.BACKGROUND

    def distance(c: QColor, d: QColor) -> int:
        return abs(c.red() - d.red()) + abs(c.green() - d.green()) + abs(c.blue() - d.blue())

    x0, y0 = round(at.x()), round(at.y())
    for x in range(x0 - 2, x0 + 3):
        for y in range(y0 - 2, y0 + 3):
            colour = image.pixelColor(x, y)
            if distance(colour, link) < distance(colour, back):
                return True
    return False


def _points_on_pictured_links(canvas: Canvas) -> list[QPointF]:
    """A viewport point a quarter along each pictured link in view (off its label and,
    mostly, off its nodes)."""
    view = canvas.view
    inner = view.shown_rect().adjusted(20.0, 20.0, -20.0, -20.0)
    return [view.to_view(edge.curve.pointAtPercent(0.25)) for edge in canvas.scene.edges()
            if edge.pictured and not _line_shown(edge) and edge.valid
            and inner.contains(edge.curve.boundingRect())]


def test_the_picture_shows_the_lines_of_pictured_links(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    points = _points_on_pictured_links(canvas)
    assert len(points) >= 5
    image = canvas.view.viewport().grab().toImage()
    drawn = [_linked(image, point) for point in points]
    assert sum(drawn) >= 0.8 * len(drawn)


def test_the_lines_of_pictured_links_are_the_layers_to_draw(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _large_at(canvas, qtbot)
    points = _points_on_pictured_links(canvas)
    layer = canvas.scene.layer
    assert layer is not None and len(points) >= 5
    monkeypatch.setattr(layer, "pictured_lines", lambda rect: [])
    layer.forget_pictures()
    image = canvas.view.viewport().grab().toImage()
    drawn = [_linked(image, point) for point in points]
    assert sum(drawn) <= 0.2 * len(drawn)


# --- labels -------------------------------------------------------------------------------------
def _labelled_edge_in_view(canvas: Canvas) -> EdgeItem:
    shown = canvas.view.shown_rect().adjusted(50.0, 50.0, -50.0, -50.0)
    return next(e for e in canvas.scene.edges() if e.label_shown
                and shown.contains(e.label_rect()) and e.pictured)


def test_a_pictured_links_label_is_the_layers_to_draw(canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    edge = _labelled_edge_in_view(canvas)
    assert not edge._label_item.isVisible()
    rect, text = edge.pictured_label()
    assert rect == edge.label_rect() and text == edge.label_text == "2×3 float32"


def test_a_selected_links_accented_label_is_drawn_by_its_item(
        canvas: Canvas, qtbot: QtBot) -> None:
    _large_at(canvas, qtbot)
    edge = _labelled_edge_in_view(canvas)
    edge.setSelected(True)
    assert edge._label_item.isVisible() and edge.pictured_label() is None
    edge.setSelected(False)
    assert not edge._label_item.isVisible() and edge.pictured_label() is not None


def _label_pixels(image: QImage, rect: QRectF) -> int:
    """How many pixels inside a label's pill have the label's fill colour."""
    fill = style.LABEL_FILL.rgb() & 0xFFFFFF
    inner = rect.adjusted(3.0, 2.0, -3.0, -2.0).toAlignedRect()
    return sum((image.pixel(x, y) & 0xFFFFFF) == fill
               for x in range(inner.left(), inner.right(), 2)
               for y in range(inner.top(), inner.bottom()))


def test_the_picture_shows_the_labels_of_pictured_links(
        canvas: Canvas, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    _large_at(canvas, qtbot)
    edge = _labelled_edge_in_view(canvas)
    view = canvas.view
    rect = view.viewportTransform().mapRect(edge.label_rect())
    layer = canvas.scene.layer
    assert layer is not None
    # (a long link without items may have its label here too: those are left out)
    monkeypatch.setattr(layer, "_draw_labels", lambda painter, exposed: None)
    layer.forget_pictures()
    shown = _label_pixels(view.viewport().grab().toImage(), rect)
    monkeypatch.setattr(layer, "pictured_lines", lambda rect: [])
    layer.forget_pictures()
    gone = _label_pixels(view.viewport().grab().toImage(), rect)
    assert shown > 10 and gone < shown / 4
