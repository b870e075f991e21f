"""Pictures of the canvas: PNG sizes at each scale, SVG with the texts as text, the
background and theme choices, the selection only, and the canvas left as it was."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

import engine
from editor import image_export, style
from editor.canvas import Canvas
from editor.image_export import (
    MARGIN,
    PRINT_THEME,
    ExportError,
    ImageOptions,
    picture_rect,
    render_image,
    save_picture,
)

SEED = Path(__file__).resolve().parents[2] / "resources" / "examples" / "seed.json"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def seed_canvas(canvas: Canvas) -> Canvas:
    graph, editor_section = engine.load_graph(SEED)
    canvas.set_graph(graph, editor_section)
    return canvas


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("scale", [1, 2, 4])
def test_a_png_is_the_pictures_rectangle_times_the_scale(
    seed_canvas: Canvas, tmp_path: Path, scale: int
) -> None:
    rect = picture_rect(seed_canvas.scene)
    out = tmp_path / "g.png"
    size = save_picture(seed_canvas.scene, out, ImageOptions(scale=scale))
    image = QImage(str(out))
    assert image.size() == size == QSize(round(rect.width() * scale),
                                         round(rect.height() * scale))
    assert image.dotsPerMeterX() == round(96 * scale / 0.0254)


def test_the_picture_holds_every_node_with_a_margin(seed_canvas: Canvas) -> None:
    rect = picture_rect(seed_canvas.scene)
    nodes = seed_canvas.scene.content_rect()
    assert rect.contains(nodes)
    node_items = seed_canvas.scene.nodes()
    assert rect.left() <= min(n.sceneBoundingRect().left() for n in node_items) - MARGIN
    assert rect.top() <= min(n.sceneBoundingRect().top() for n in node_items) - MARGIN


def test_an_svg_parses_and_has_node_names_types_and_edge_labels_as_text(
    seed_canvas: Canvas, tmp_path: Path
) -> None:
    out = tmp_path / "g.svg"
    save_picture(seed_canvas.scene, out, ImageOptions(), title="seed")
    texts = _svg_texts(out)
    for name in ("Const", "Const_1", "Const_2", "add", "mul", "AddV2", "Mul"):
        assert name in texts
    assert texts.count("scalar int32") == 4  # one label per link
    root = ET.parse(out).getroot()
    assert root.findtext(f"{SVG}title") == "seed"
    assert not list(root.iter(f"{SVG}image"))  # vector: no item drawn as a bitmap


def test_tensor_names_reach_the_svg_when_shown(seed_canvas: Canvas, tmp_path: Path) -> None:
    seed_canvas.set_show_tensor_names(True)
    out = tmp_path / "g.svg"
    save_picture(seed_canvas.scene, out, ImageOptions())
    assert any("mul:0" in t or "add:0" in t for t in _svg_texts(out))


def test_the_themed_background_is_the_canvas_colour(seed_canvas: Canvas) -> None:
    image = render_image(seed_canvas.scene, ImageOptions())
    assert image.pixelColor(1, 1) == style.BACKGROUND


def test_a_transparent_background_leaves_the_corners_clear(seed_canvas: Canvas) -> None:
    image = render_image(seed_canvas.scene, ImageOptions(transparent=True))
    assert image.pixelColor(1, 1).alpha() == 0


def test_the_print_theme_draws_on_white_and_puts_the_colours_back(
    seed_canvas: Canvas,
) -> None:
    before = QColor(style.NODE_BODY)
    image = render_image(seed_canvas.scene, ImageOptions(print_theme=True))
    assert image.pixelColor(1, 1) == PRINT_THEME["BACKGROUND"] == QColor("#ffffff")
    node = seed_canvas.scene.node_named("Const")
    assert node is not None
    rect = picture_rect(seed_canvas.scene)
    inside = node.sceneBoundingRect().center() - rect.topLeft()
    assert image.pixelColor(int(inside.x()), int(inside.y() + 12)).lightness() > 200
    assert style.NODE_BODY == before


def test_the_selection_alone_is_smaller_and_has_only_its_nodes(
    seed_canvas: Canvas, tmp_path: Path
) -> None:
    seed_canvas.select_names(["add", "mul"])
    out = tmp_path / "sel.svg"
    save_picture(seed_canvas.scene, out, ImageOptions(selection_only=True))
    texts = _svg_texts(out)
    assert "add" in texts and "mul" in texts and "Const_1" not in texts
    assert texts.count("scalar int32") == 1  # the add → mul link only
    whole = picture_rect(seed_canvas.scene)
    assert picture_rect(seed_canvas.scene, selection_only=True).width() < whole.width()


def test_exporting_leaves_selection_visibility_and_cache_as_they_were(
    seed_canvas: Canvas, tmp_path: Path
) -> None:
    seed_canvas.select_names(["add"])
    items = seed_canvas.scene.items()
    before = [(i.isVisible(), i.cacheMode()) for i in items]
    save_picture(seed_canvas.scene, tmp_path / "sel.svg", ImageOptions(selection_only=True))
    assert seed_canvas.selected_op_names() == ["add"]
    assert [(i.isVisible(), i.cacheMode()) for i in items] == before


def test_nothing_selected_is_refused_with_the_reason(seed_canvas: Canvas) -> None:
    with pytest.raises(ExportError, match="No nodes are selected"):
        render_image(seed_canvas.scene, ImageOptions(selection_only=True))


def test_an_empty_graph_is_refused(canvas: Canvas, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="empty"):
        save_picture(canvas.scene, tmp_path / "x.png", ImageOptions())
    assert not (tmp_path / "x.png").exists()


def test_an_unknown_suffix_is_refused(seed_canvas: Canvas, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\.png or \.svg"):
        save_picture(seed_canvas.scene, tmp_path / "x.jpg", ImageOptions())


def test_a_missing_folder_is_said(seed_canvas: Canvas, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write the PNG file"):
        save_picture(seed_canvas.scene, tmp_path / "missing-dir" / "g.png", ImageOptions())


def test_a_failed_write_leaves_the_old_picture_intact(
    seed_canvas: Canvas, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.svg"
    old.write_text("old")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(image_export.os, "fsync", disk_full)
    with pytest.raises(ExportError, match="No space left on device"):
        save_picture(seed_canvas.scene, old, ImageOptions())
    assert old.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["old.svg"]  # no temporary file left


def test_a_new_picture_gets_the_usual_permissions(seed_canvas: Canvas, tmp_path: Path) -> None:
    out = tmp_path / "g.png"
    save_picture(seed_canvas.scene, out, ImageOptions())
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
