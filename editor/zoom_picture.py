"""While a wheel zoom is in progress on a large graph, the view draws one picture of what
it showed when the zoom began, scaled; when the zoom pauses, it paints sharp again.

Why one picture for the whole view: a large graph at half zoom has several hundred node
and label items in view. Each zoom step throws away their device pixmaps, so Qt would
call every item's Python ``paint`` again, and even a scaled snapshot per item
(``zoom_cache``, which small graphs still use) costs a Python call per item and frame.
The viewport as it was painted is rendered once into an image at the gesture's first
step (the items draw from their still-valid device pixmaps, so this costs one ordinary
frame); every later step draws that image scaled, one ``drawImage`` however many items
are in view. Zooming out shows more than the picture holds: around it the overview
layer draws its own scaled picture, and the nodes with items there without their texts, until
the zoom pauses (``SETTLE_MS``), as a map draws coarse tiles at its edges.

The picture is dropped, and the view paints as it is now, when anything it shows may
have changed: an edit, a relabelled link, a selection, a move (the scene's
``look_version`` and the overview layer's key), a pan or a resize of the view, or a jump
of zoom too large for a scaled picture to stand in (a fit, a zoom to the selection).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPoint, QRectF, QTimer
from PySide6.QtGui import QImage, QPainter, QPolygonF, QRegion, QTransform
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from editor.scene import GraphScene


class ZoomingView(Protocol):
    """What the picture needs of the canvas's view (a ``view.GraphView``)."""

    graph_scene: GraphScene

    def viewport(self) -> QWidget: ...

    def viewportTransform(self) -> QTransform: ...  # noqa: N802 - Qt's name

    def mapToScene(self, rect: object) -> QPolygonF: ...  # noqa: N802 - Qt's name

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None: ...  # noqa: N802

#: a zoom draws the picture scaled until no zoom came for this long
SETTLE_MS = 150
#: a zoom step by more than this factor (either way) paints sharp at once
MAX_STEP = 1.6
SMOOTH = QPainter.RenderHint.SmoothPixmapTransform


def _small(after: float, before: float) -> bool:
    """Whether going from zoom ``before`` to ``after`` is a step a scaled picture of
    ``before`` can stand in for (at most ``MAX_STEP`` either way)."""
    return before > 0 and 1.0 / MAX_STEP <= after / before <= MAX_STEP


class ZoomPicture:
    """The picture of ``view`` a zoom gesture draws scaled (``paint``)."""

    def __init__(self, view: ZoomingView) -> None:
        self.view = view
        self.image: QImage | None = None
        #: the part of the scene the picture shows
        self.rect = QRectF()
        self.zoom = 1.0
        self._key: tuple[object, ...] = ()
        #: while the picture is being rendered, the view paints as usual
        self.rendering = False
        self._timer = QTimer(view)  # type: ignore[arg-type]  # (it goes with the view)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.settle)

    @property
    def active(self) -> bool:
        """Whether a zoom is in progress and the view draws the picture."""
        return self.image is not None

    def _content_key(self) -> tuple[object, ...]:
        scene = self.view.graph_scene
        layer = scene.layer
        return (scene.look_version, scene.item_counts(),
                None if layer is None else layer.content_key())

    def zooming(self, before: float, after: float) -> None:
        """The view's zoom goes from ``before`` to ``after`` now (called before the change):
        at a gesture's first step the picture is rendered at ``before``."""
        if not self.view.graph_scene.virtual:
            self.drop()
            return
        if self.image is not None and self._key != self._content_key():
            self.drop()
        if not _small(after, before) or (self.image is not None
                                         and not _small(after, self.zoom)):
            self.drop()  # (a jump: the next paint is sharp; a later step begins afresh)
            return
        if self.image is None:
            self._render(before)
        self._timer.start()

    def _render(self, zoom: float) -> None:
        viewport = self.view.viewport()
        ratio = viewport.devicePixelRatioF()
        image = QImage(viewport.size() * ratio, QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(ratio)
        self.rendering = True  # (the view paints what it has: no item is made or released)
        try:
            viewport.render(image, QPoint(), QRegion(),
                            QWidget.RenderFlag.DrawWindowBackground
                            | QWidget.RenderFlag.DrawChildren)
        finally:
            self.rendering = False
        self.image = image
        self.rect = self.view.mapToScene(viewport.rect()).boundingRect()
        self.zoom = zoom
        self._key = self._content_key()

    def drop(self) -> None:
        """Paint as the view is now from the next frame on (a pan, an edit, a jump)."""
        if not isValid(self.view):  # (the view went while a zoom was in progress)
            self.image = None
            return
        self._timer.stop()
        if self.image is not None:
            self.image = None
            self.view.viewport().update()

    def settle(self) -> None:
        """The zoom paused: paint sharp at the new zoom."""
        self.drop()

    def paint(self) -> bool:
        """Paint the viewport from the picture; False (nothing painted) when there is none
        or what it shows has changed since."""
        if self.image is None or self.rendering:
            return False
        if self._key != self._content_key():
            self.drop()
            return False
        view = self.view
        viewport = view.viewport()
        transform = view.viewportTransform()
        target = transform.mapRect(self.rect)
        port = QRectF(viewport.rect())
        painter = QPainter(viewport)
        painter.setRenderHint(SMOOTH, False)  # (for the moment a zoom lasts: faster)
        if not target.adjusted(-1.0, -1.0, 1.0, 1.0).contains(port):
            around = QRegion(viewport.rect()).subtracted(QRegion(target.toAlignedRect()))
            painter.setClipRegion(around)
            self._paint_around(painter, view.mapToScene(viewport.rect()).boundingRect(),
                               around)
            painter.setClipping(False)
            painter.resetTransform()
        painter.drawImage(target, self.image)
        painter.end()
        return True

    def _paint_around(self, painter: QPainter, shown: QRectF, around: QRegion) -> None:
        """What the view shows beyond the picture (``around``, in viewport pixels): the
        grid, the overview layer's scaled picture, and the nodes with items there as
        bodies with headers, with their links (``OverviewLayer.draw_itemised``)."""
        view = self.view
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setWorldTransform(view.viewportTransform())
        view.drawBackground(painter, shown)
        layer = view.graph_scene.layer
        if layer is None:
            return
        option = QStyleOptionGraphicsItem()
        option.exposedRect = shown  # type: ignore[attr-defined]
        layer.paint(painter, option, view.viewport())
        to_scene = view.viewportTransform().inverted()[0]
        layer.draw_itemised(painter, [to_scene.mapRect(QRectF(rect)) for rect in around])
