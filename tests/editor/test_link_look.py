"""A link's label pill drawn by the overview layer is stamped from an image made once
per text and zoom (``link_look.stamp_labels``): it must look as the pill drawn directly
(``paint_label``), where it lies, and leave the painter as it was."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from editor import style
from editor.link_look import label_rect, paint_label, stamp_labels

BACKGROUND = style.BACKGROUND.rgb() & 0xFFFFFF


def _canvas_image() -> QImage:
    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(style.BACKGROUND)
    return image


def _pixels(image: QImage) -> np.ndarray:
    rows = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return rows.reshape(image.height(), image.width(), 4)[:, :, :3].astype(int)


def _drawn(zoom: float, rect: QRectF, text: str, stamped: bool) -> QImage:
    image = _canvas_image()
    painter = QPainter(image)
    painter.translate(20.0, 10.0)
    painter.scale(zoom, zoom)
    if stamped:
        stamp_labels(painter, [(rect, text)])
    else:
        paint_label(painter, rect, style.static_text(text), False)
    painter.end()
    return image


@pytest.mark.parametrize("zoom", [0.5, 1.0, 2.0])
def test_a_stamped_label_looks_as_one_drawn_directly(qapp: QApplication, zoom: float) -> None:
    text = "2×3 float32"
    corner = QPointF(round(60.0 * zoom) / zoom, round(40.0 * zoom) / zoom)  # whole pixels
    rect = QRectF(corner, label_rect(text).size())
    drawn = _pixels(_drawn(zoom, rect, text, False))
    stamped = _pixels(_drawn(zoom, rect, text, True))
    painted = (np.abs(drawn - _pixels(_canvas_image())).max(axis=2) > 0).sum()
    differing = (np.abs(drawn - stamped).max(axis=2) > 48).sum()
    assert painted > 100  # the pill is there at all
    assert differing <= 0.05 * painted


def test_labels_are_stamped_where_their_rects_lie(qapp: QApplication) -> None:
    text = "scalar int32"
    rects = [label_rect(text).translated(QPointF(x, 50.0)) for x in (60.0, 200.0, 320.0)]
    image = _canvas_image()
    painter = QPainter(image)
    stamp_labels(painter, [(rect, text) for rect in rects])
    painter.end()
    fill = style.LABEL_FILL.rgb() & 0xFFFFFF
    for rect in rects:  # the pill's fill just inside its left end, on its middle line
        inside = QPointF(rect.left() + 4.0, rect.center().y()).toPoint()
        assert image.pixel(inside) & 0xFFFFFF == fill
    assert image.pixel(QPointF(130.0, 50.0).toPoint()) & 0xFFFFFF == BACKGROUND


def test_stamping_leaves_the_painters_transform_as_it_was(qapp: QApplication) -> None:
    image = _canvas_image()
    painter = QPainter(image)
    painter.translate(5.0, 7.0)
    painter.scale(0.5, 0.5)
    before = painter.worldTransform()
    stamp_labels(painter, [(label_rect("x"), "x")])
    after = painter.worldTransform()
    painter.end()
    assert after == before
