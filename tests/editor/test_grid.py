"""The canvas's grid: one-pixel lines every ``GRID_STEP`` scene units (every fifth in the
major colour), drawn where the scene's multiples of the step fall at every zoom, and
left out where they would be under eight pixels apart."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from editor import style
from editor.canvas import Canvas
from engine import Graph

STEP = style.GRID_STEP
MAJOR = STEP * style.GRID_MAJOR_EVERY


def _empty_at(canvas: Canvas, zoom: float) -> QImage:
    canvas.set_graph(Graph(), None)
    canvas.view.set_zoom(zoom)
    canvas.view.center_on(QPointF(0.0, 0.0))
    return canvas.view.viewport().grab().toImage()


def _row_colours(canvas: Canvas, image: QImage, y_scene: float) -> dict[int, int]:
    """The colour of each pixel of the viewport row through ``y_scene`` (off the lines)."""
    y = round(canvas.view.to_view(QPointF(0.0, y_scene)).y())
    return {x: image.pixel(x, y) & 0xFFFFFF for x in range(image.width())}


def _columns_of(colours: dict[int, int], colour: int) -> list[int]:
    return [x for x, c in colours.items() if c == colour]


def test_minor_lines_fall_on_the_multiples_of_the_step(canvas: Canvas) -> None:
    image = _empty_at(canvas, 1.0)
    row = _row_colours(canvas, image, STEP / 2)  # between two horizontal lines
    minor = _columns_of(row, style.GRID_MINOR.rgb() & 0xFFFFFF)
    view = canvas.view
    expected = {int(view.to_view(QPointF(k * STEP, 0.0)).x())
                for k in range(-200, 200) if k % style.GRID_MAJOR_EVERY}
    assert minor and set(minor) <= {x + d for x in expected for d in (-1, 0, 1)}
    assert all(b - a >= STEP - 1 for a, b in zip(minor, minor[1:], strict=False))


def test_the_lines_are_one_pixel_wide_at_half_zoom(canvas: Canvas) -> None:
    image = _empty_at(canvas, 0.5)
    row = _row_colours(canvas, image, STEP / 2)
    minor = set(_columns_of(row, style.GRID_MINOR.rgb() & 0xFFFFFF))
    assert minor and not any(x + 1 in minor for x in minor)


def test_every_fifth_line_is_major(canvas: Canvas) -> None:
    image = _empty_at(canvas, 1.0)
    row = _row_colours(canvas, image, STEP / 2)
    major = _columns_of(row, style.GRID_MAJOR.rgb() & 0xFFFFFF)
    assert len(major) >= 2
    assert all(abs((b - a) - MAJOR) <= 1 for a, b in zip(major, major[1:], strict=False))


def test_far_zoomed_out_the_minor_lines_are_left_out(canvas: Canvas) -> None:
    image = _empty_at(canvas, 0.3)  # minor lines 6 px apart: under eight
    row = _row_colours(canvas, image, STEP / 2)
    assert not _columns_of(row, style.GRID_MINOR.rgb() & 0xFFFFFF)
    assert _columns_of(row, style.GRID_MAJOR.rgb() & 0xFFFFFF)
