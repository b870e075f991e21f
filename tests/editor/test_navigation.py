"""Finding your way in a large graph: Find, the minimap, level of detail, placement."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from editor.canvas import Canvas
from editor.find_bar import find_bar_for, find_ops
from editor.minimap import minimap_for
from tests.editor.scoped_graphs import layered_model


def test_find_matches_names_types_and_scopes(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), None)
    assert find_ops(canvas, "tanh") == ["layer0/Tanh", "layer1/Tanh", "layer2/Tanh"]
    assert find_ops(canvas, "layer1/") == ["layer1/w", "layer1/MatMul", "layer1/Tanh"]
    assert find_ops(canvas, "placeholder") == ["x"]


def test_find_lists_the_matches(canvas: Canvas, qtbot: QtBot) -> None:
    canvas.set_graph(layered_model(), None)
    bar = find_bar_for(canvas)
    bar.open()
    qtbot.keyClicks(bar.field, "matmul")
    assert [bar.matches.item(i).text() for i in range(bar.matches.count())] == [
        "layer0/MatMul  ·  MatMul", "layer1/MatMul  ·  MatMul", "layer2/MatMul  ·  MatMul"]


def test_enter_jumps_to_the_next_match_expanding_its_group(
    canvas: Canvas, qtbot: QtBot
) -> None:
    canvas.set_graph(layered_model(), None)
    bar = find_bar_for(canvas)
    bar.open()
    qtbot.keyClicks(bar.field, "matmul")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert canvas.selected_op_names() == ["layer1/MatMul"]
    assert "layer1" not in canvas.groups.collapsed and "layer0" not in canvas.groups.collapsed
    node = canvas.scene.node_named("layer1/MatMul")
    assert node is not None and node.isVisible()
    assert canvas.view.shown_rect().contains(node.sceneBoundingRect().center())
    assert bar.count.text() == "2 of 3"


def test_escape_closes_the_find_bar(canvas: Canvas, qtbot: QtBot) -> None:
    bar = find_bar_for(canvas)
    bar.open()
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def _minimap_point(mini, scene_pos: QPointF) -> QPointF:  # noqa: ANN001
    return QPointF(mini.mapFromScene(scene_pos))


def test_a_click_on_the_minimap_centres_the_canvas_there(canvas: Canvas, qtbot: QtBot) -> None:
    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    canvas.view.set_zoom(1.0)
    mini = minimap_for(canvas)
    mini.set_shown(True)
    target = canvas.scene.node_named("loss/Sum").sceneBoundingRect().center()
    qtbot.mouseClick(mini.viewport(), Qt.MouseButton.LeftButton,
                     pos=_minimap_point(mini, target).toPoint())
    centre = canvas.view.center()
    assert abs(centre.x() - target.x()) < 20 and abs(centre.y() - target.y()) < 20


def test_dragging_on_the_minimap_pans_the_canvas(canvas: Canvas, qtbot: QtBot) -> None:
    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    canvas.view.set_zoom(1.0)
    mini = minimap_for(canvas)
    mini.set_shown(True)
    rect = canvas.items_rect()
    start, end = rect.topLeft() + QPointF(50, 50), rect.bottomRight() - QPointF(50, 50)
    qtbot.mousePress(mini.viewport(), Qt.MouseButton.LeftButton,
                     pos=_minimap_point(mini, start).toPoint())
    qtbot.mouseMove(mini.viewport(), _minimap_point(mini, end).toPoint())
    qtbot.mouseRelease(mini.viewport(), Qt.MouseButton.LeftButton,
                       pos=_minimap_point(mini, end).toPoint())
    centre = canvas.view.center()
    assert abs(centre.x() - end.x()) < 30


def test_the_minimap_outlines_what_the_canvas_shows(canvas: Canvas) -> None:
    mini = minimap_for(canvas)
    mini.set_shown(True)
    assert mini.shown_rect() == canvas.view.shown_rect()


def test_low_zoom_draws_nodes_as_plain_boxes_and_edges_without_labels(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    canvas.view.set_zoom(0.2)
    node = canvas.scene.node_named("layer0/MatMul")
    edge = canvas.scene.edge_into("layer0/MatMul", 0)
    assert node is not None and edge is not None
    assert node.in_overview and not edge.label_shown


def test_high_zoom_draws_everything_again(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    canvas.view.set_zoom(0.2)
    canvas.view.set_zoom(1.0)
    node = canvas.scene.node_named("layer0/MatMul")
    edge = canvas.scene.edge_into("layer0/MatMul", 0)
    assert node is not None and edge is not None
    assert not node.in_overview and edge.label_shown


def test_nodes_added_one_after_another_never_overlap(canvas: Canvas) -> None:
    for _ in range(6):
        canvas.add_node("Const", QPointF(0.0, 0.0), find_room=True)
    rects = [n.body_rect().translated(n.pos()) for n in canvas.scene.nodes()]
    assert not [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:] if a.intersects(b)]


def test_a_generated_graph_is_laid_out_without_overlaps(canvas: Canvas) -> None:
    canvas.set_graph(layered_model(5), {"groups": {"collapsed": []}})
    rects = [n.body_rect().translated(n.pos()) for n in canvas.scene.nodes()]
    assert not [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:] if a.intersects(b)]
    frames = [f.rect() for f in canvas.groups.frames.values()]
    assert not [(a, b) for i, a in enumerate(frames) for b in frames[i + 1:] if a.intersects(b)]




def _texts(menu) -> list[str]:  # noqa: ANN001
    return [a.text() for a in menu.actions() if a.text()]


def test_a_node_in_a_scope_has_group_entries_in_its_context_menu(canvas: Canvas) -> None:
    from editor.context_menu import build_menu

    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    menu = build_menu(canvas, canvas.scene.node_named("layer0/MatMul"))
    assert menu is not None
    assert _texts(menu) == ["Rename…", "Duplicate", "Delete", "Group", "Collapse layer0",
                            "Ungroup layer0"]


def test_collapse_from_a_node_context_menu_collapses_its_scope(canvas: Canvas) -> None:
    from editor.context_menu import build_menu

    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    menu = build_menu(canvas, canvas.scene.node_named("layer0/MatMul"))
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "Collapse layer0").trigger()
    assert "layer0" in canvas.groups.collapsed


def test_delete_link_from_a_link_context_menu(canvas: Canvas) -> None:
    from editor.context_menu import build_menu

    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    menu = build_menu(canvas, canvas.scene.edge_into("layer0/Tanh", 0))
    assert menu is not None
    assert _texts(menu) == ["Insert Op…", "Delete Link"]
    next(a for a in menu.actions() if a.text() == "Delete Link").trigger()
    assert canvas.graph.get_operation_by_name("layer0/Tanh").inputs[0] is None


def test_insert_op_puts_a_node_on_the_link_in_one_undo_step(canvas: Canvas) -> None:
    from editor.context_menu import insert_on_link

    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    name = insert_on_link(canvas, "Relu", "layer0/MatMul:0", "layer0/Tanh", 0,
                          QPointF(0.0, 0.0))
    g = canvas.graph
    assert name == "Relu"
    assert g.get_operation_by_name("Relu").inputs[0].name == "layer0/MatMul:0"
    assert g.get_operation_by_name("layer0/Tanh").inputs[0].name == "Relu:0"
    assert canvas.undo_stack.count() == 1
    canvas.undo_stack.undo()
    assert "Relu" not in g
    assert g.get_operation_by_name("layer0/Tanh").inputs[0].name == "layer0/MatMul:0"


def test_insert_op_from_the_link_menu_opens_the_op_search(canvas: Canvas) -> None:
    from editor.context_menu import build_menu
    from editor.search_popup import SearchPopup

    canvas.set_graph(layered_model(), {"groups": {"collapsed": []}})
    menu = build_menu(canvas, canvas.scene.edge_into("layer0/Tanh", 0))
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "Insert Op…").trigger()
    popup = canvas.view.findChild(SearchPopup, "insertOpPopup")
    assert popup is not None and popup.isVisible()


def test_with_snap_to_grid_a_dragged_node_lands_on_the_grid(canvas: Canvas) -> None:
    from editor import style
    from tests.editor.canvas_helpers import drag, node_header

    canvas.add_node("Const", QPointF(0.0, 0.0))
    canvas.scene.snap_to_grid = True
    start = node_header(canvas, "Const")
    drag(canvas.view, start, start + QPointF(37.0, 23.0))
    pos = canvas.node_position("Const")
    assert pos != QPointF(0.0, 0.0)
    assert pos.x() % style.GRID_STEP == 0 and pos.y() % style.GRID_STEP == 0


def test_without_snap_a_dragged_node_stays_where_dropped(canvas: Canvas) -> None:
    from editor import style
    from tests.editor.canvas_helpers import drag, node_header

    canvas.add_node("Const", QPointF(0.0, 0.0))
    canvas.view.set_zoom(1.0)
    start = node_header(canvas, "Const")
    drag(canvas.view, start, start + QPointF(37.0, 23.0))
    pos = canvas.node_position("Const")
    assert pos.x() % style.GRID_STEP != 0 or pos.y() % style.GRID_STEP != 0


def test_an_op_a_script_adds_is_moved_off_the_nodes_it_would_cover(
    canvas: Canvas, qtbot: QtBot
) -> None:
    first = canvas.graph.add_op("Const", attrs={"value": 1.0})
    second = canvas.graph.add_op("Const", attrs={"value": 2.0})
    qtbot.waitUntil(lambda: not canvas.scene.upkeep.unplaced)
    a = canvas.scene.node(first).sceneBoundingRect()
    b = canvas.scene.node(second).sceneBoundingRect()
    assert not a.intersects(b)


def test_an_op_placed_by_a_command_stays_where_it_was_put(canvas: Canvas, qtbot: QtBot) -> None:
    canvas.add_node("Const", QPointF(0.0, 0.0))
    canvas.scene.set_node_position("Const", QPointF(0.0, 0.0))
    canvas.add_node("Const", QPointF(300.0, 0.0))
    qtbot.wait(10)
    assert canvas.node_position("Const_1") == QPointF(300.0, 0.0)


def test_a_selected_overview_rectangle_is_outlined_in_the_selection_colour(
        canvas: Canvas) -> None:
    from benchmarks.editor_scale import build_chain
    from editor import style

    canvas.set_graph(build_chain(3), None)
    canvas.view.set_zoom(0.1)
    node = canvas.scene.node_named("Neg_1")
    assert node.in_overview and node._overview is not None
    canvas.select_names(["Neg_1"])
    assert node._overview.pen().color() == style.SELECTION
    canvas.select_names([])
    assert node._overview.pen().color() == style.NODE_BORDER
