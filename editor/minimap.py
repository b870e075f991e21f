"""The minimap (View → Minimap): the whole graph in a corner of the canvas, with the
part the canvas shows outlined; a click or drag there moves the canvas to that spot.

Why a second view of the same scene: Qt draws the scene again at the minimap's scale,
and at that scale the items draw themselves as plain boxes (their level of detail), so
the map costs little and is never out of date. It takes no input of its own besides
panning: items in it cannot be selected or moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView

if TYPE_CHECKING:
    from editor.canvas import Canvas

SIZE = (240, 160)
VIEWPORT_PEN = QColor("#f2b84b")


class Minimap(QGraphicsView):
    """A small view of ``canvas.scene`` over the bottom-right corner of the canvas."""

    def __init__(self, canvas: Canvas) -> None:
        super().__init__(canvas.scene, canvas.view)
        self.canvas = canvas
        self.setObjectName("minimap")
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.Box)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setToolTip(self.tr("Minimap: click or drag to move the canvas"))
        self.resize(*SIZE)
        self._dragging = False
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(50)
        self._refit.timeout.connect(self.fit)
        canvas.scene.changed.connect(self._on_scene_changed)
        main = canvas.view
        main.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        main.verticalScrollBar().valueChanged.connect(self.viewport().update)
        main.zoomChanged.connect(lambda _z: self.viewport().update())
        main.installEventFilter(self)
        self.setVisible(False)

    def set_shown(self, on: bool) -> None:
        self.setVisible(on)
        if on:
            self.place()
            self.fit()
            self.raise_()

    def place(self) -> None:
        main = self.canvas.view.viewport()
        self.move(max(0, main.width() - self.width() - 12),
                  max(0, main.height() - self.height() - 12))

    def fit(self) -> None:
        rect = self.canvas.items_rect()
        if rect.isEmpty():
            rect = QRectF(-100.0, -100.0, 200.0, 200.0)
        self.fitInView(rect.adjusted(-40.0, -40.0, 40.0, 40.0), Qt.AspectRatioMode.KeepAspectRatio)

    def shown_rect(self) -> QRectF:
        """What the canvas shows, in scene coordinates (the outlined rectangle)."""
        return self.canvas.view.shown_rect()

    def _on_scene_changed(self, _regions: object) -> None:
        if self.isVisible() and not self._refit.isActive():
            self._refit.start()

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if watched is self.canvas.view and isinstance(event, QEvent) and \
                event.type() == QEvent.Type.Resize and self.isVisible():
            self.place()
        return False

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        pen = QPen(VIEWPORT_PEN, 2.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        fill = QColor(VIEWPORT_PEN)
        fill.setAlpha(30)
        painter.setBrush(fill)
        painter.drawRect(self.shown_rect())

    def _pan_to(self, pos: QPointF) -> None:
        self.canvas.view.center_on(self.mapToScene(pos.toPoint()))
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = True
            self._pan_to(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._dragging:
            self._pan_to(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            event.accept()

    def wheelEvent(self, event: object) -> None:  # type: ignore[override]  # noqa: N802
        pass  # the map always shows the whole graph


def minimap_for(canvas: Canvas) -> Minimap:
    """The canvas's minimap, made on first use."""
    found = canvas.view.findChild(Minimap)
    return found if isinstance(found, Minimap) else Minimap(canvas)
