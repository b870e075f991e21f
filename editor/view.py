"""The view: zoom around the cursor, pan, fit, and a grid.

Why the view scrolls over a fixed, very large area of its own (``setSceneRect`` on
the view, not the scene): panning and zooming must never stop at the edge of the
current items, and zooming "around the cursor" needs room to scroll in every
direction. The scene's own rect stays tight, for its item index.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

from editor import style
from editor.bounds import WORLD
from editor.heap import return_freed_heap
from editor.i18n import is_language_change
from editor.modes import Mode
from editor.scene import GraphScene
from editor.zoom_picture import ZoomPicture

MIN_ZOOM = 0.05
MAX_ZOOM = 4.0
#: the zoom factor of one wheel notch (120 units of angle delta)
WHEEL_STEP = 1.2
#: how far an arrow key moves the selected nodes (scene units); with Shift, NUDGE_BIG times
NUDGE_STEP = 10.0
NUDGE_BIG = 5
_ARROWS = {
    Qt.Key.Key_Left: (-1.0, 0.0), Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Up: (0.0, -1.0), Qt.Key.Key_Down: (0.0, 1.0),
}


class GraphView(QGraphicsView):
    """The canvas widget (object name ``canvas``)."""

    zoomChanged = Signal(float)
    #: while a zoom scrolls to keep its anchor still (that scroll is no pan)
    _zoom_scrolling = False
    #: an arrow key with nodes selected: move them by this (scene units)
    nudgeRequested = Signal(QPointF)

    def __init__(self, scene: GraphScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        #: what a zoom in progress on a large graph draws scaled (``zoom_picture``)
        self.zoom_picture = ZoomPicture(self)
        self.setObjectName("canvas")
        self.graph_scene = scene
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        # many small updates (labels after an edit, a selection of thousands) are merged
        # into one rectangle as they come: Smart and Minimal add each item's rect to a
        # region, which at 15,000 dirty items takes a second of region arithmetic
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setSceneRect(WORLD)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self._space_held = False
        self._pan_from: QPoint | None = None
        self._last_mouse = QPoint(-1, -1)
        #: whether the mouse is over the canvas now (Enter and Leave of the viewport)
        self._pointer_inside = False
        #: a fit or view to apply once the widget has its real size
        self._pending: Callable[[], None] | None = None
        self._pending_view: tuple[QPointF, float, bool] | None = None
        #: the rubber band's last rectangle (scene), for the nodes without items it meets
        self._band = QRectF()
        self.rubberBandChanged.connect(self._on_band)
        self.centerOn(0.0, 0.0)

    def _on_band(self, view_rect: QRect, from_scene: QPointF, to_scene: QPointF) -> None:
        """Qt selects the items a rubber band meets; at its end the nodes of a virtual
        scene that have no items are selected in their rows. (The band's rectangle in
        the viewport is the current one: Qt's scene points lag one move behind.)"""
        if view_rect.isNull():  # the band is done
            if not self._band.isEmpty():
                self.graph_scene.select_rows_in(self._band)
            self._band = QRectF()
        else:
            self._band = self.mapToScene(view_rect).boundingRect()

    # --- coordinates -------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def to_scene(self, view_pos: QPointF) -> QPointF:
        """Viewport pixel → scene point, without rounding to whole pixels."""
        inverse, _ = self.viewportTransform().inverted()
        return inverse.map(view_pos)

    def to_view(self, scene_pos: QPointF) -> QPointF:
        return self.viewportTransform().map(scene_pos)

    def center(self) -> QPointF:
        """The scene point at the middle of the viewport."""
        return self.to_scene(QPointF(self.viewport().rect().center()))

    def cursor_scene_pos(self) -> QPointF:
        """Where the mouse last was over the canvas (the centre if it never was)."""
        if self.viewport().rect().contains(self._last_mouse):
            return self.to_scene(QPointF(self._last_mouse))
        return self.center()

    def pointer_scene_pos(self) -> QPointF | None:
        """The scene point under the mouse while it is over the canvas, else None (a menu
        or another widget has it): where Paste puts nodes."""
        if self._pointer_inside and self.viewport().rect().contains(self._last_mouse):
            return self.to_scene(QPointF(self._last_mouse))
        return None

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Enter:
            self._pointer_inside = True
            if isinstance(event, QEnterEvent):
                self._last_mouse = event.position().toPoint()
        elif kind == QEvent.Type.Leave:
            self._pointer_inside = False
        return super().viewportEvent(event)

    # --- zoom and pan ------------------------------------------------------------------------
    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` (clamped), keeping the scene point under ``anchor`` (a viewport
        position; the centre by default) where it is."""
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        if anchor is None:
            anchor = QPointF(self.viewport().rect().center())
        fixed = self.to_scene(anchor)
        if zoom != self.zoom():
            self.zoom_picture.zooming(self.zoom(), zoom)
        self.setTransform(QTransform.fromScale(zoom, zoom))
        self._zoom_scrolling = True
        try:
            self.scroll_by(self.to_view(fixed) - anchor)
        finally:
            self._zoom_scrolling = False
        self.zoomChanged.emit(zoom)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_zoom(self.zoom() * factor, anchor)

    def zoom_in(self) -> None:
        self.zoom_by(WHEEL_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1.0 / WHEEL_STEP)

    def scroll_by(self, delta: QPointF) -> None:
        """Move the view by ``delta`` viewport pixels (the content moves the other way)."""
        for bar, step in ((self.horizontalScrollBar(), delta.x()),
                          (self.verticalScrollBar(), delta.y())):
            if math.isfinite(step):  # clamped first: a bar holds a 32-bit int only
                bar.setValue(min(bar.maximum(), max(bar.minimum(), bar.value() + round(step))))

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's name
        if not self._zoom_scrolling:  # a pan: what comes into view is painted sharp
            self.zoom_picture.drop()
        super().scrollContentsBy(dx, dy)

    def center_on(self, scene_pos: QPointF) -> None:
        self.scroll_by(self.to_view(scene_pos) - QPointF(self.viewport().rect().center()))

    def set_view(self, center: QPointF, zoom: float) -> None:
        self.set_zoom(zoom)
        self.center_on(center)

    def fit_rect(self, rect: QRectF, max_zoom: float = 1.5) -> None:
        """Show all of ``rect`` with a margin, at most at ``max_zoom``."""
        if rect.isEmpty():
            return
        rect = rect.adjusted(-40.0, -40.0, 40.0, 40.0)
        port = self.viewport().rect()
        zoom = min(port.width() / rect.width(), port.height() / rect.height(), max_zoom)
        self.set_zoom(zoom)
        self.center_on(rect.center())

    def fit_all(self) -> None:
        """Everything in view (the F key); an empty graph shows its origin at 100 %."""
        rect = self.graph_scene.content_rect()
        if rect.isEmpty():
            self.set_view(QPointF(0.0, 0.0), 1.0)
        else:
            self.fit_rect(rect)

    def zoom_to_selection(self) -> None:
        """Frame the selected nodes (Shift+F). A rubber band also selects the links it
        crosses, which may run far off to unselected nodes: they count only when no node
        is selected."""
        scene = self.graph_scene
        rect = QRectF()
        rects = [scene.node_rect(name) for name in scene.selected_names()]  # items or rows
        for part in [r for r in rects if r is not None] or [
                item.sceneBoundingRect() for item in scene.selectedItems()]:
            rect = rect.united(part)
        if rect.isEmpty():
            self.fit_all()
        else:
            self.fit_rect(rect)

    def fit_all_when_shown(self) -> None:
        """Fit now if the view is on screen, else as soon as it is (a fit needs the
        viewport's real size, which a window being built does not have yet)."""
        self._when_shown(self.fit_all)

    def set_view_when_shown(self, center: QPointF, zoom: float, shows_all: bool = False) -> None:
        stored = (QPointF(center), zoom, shows_all)
        self._when_shown(lambda: self.show_stored_view(center, zoom, shows_all), stored)

    def show_stored_view(self, center: QPointF, zoom: float, shows_all: bool = False) -> None:
        """A file's stored view, centre and zoom as they were saved, also where that shows
        only part of the graph (zoomed in on a part is what the user saved). The graph is
        fitted in instead where the stored view would show none of it, or where it showed
        all of it when saved (``shows_all``: a file saved in a larger window) and would
        not in this window."""
        self.set_view(center, zoom)
        if not self.isVisible():
            return
        content = self.graph_scene.content_rect()
        if content.isEmpty():
            return
        shown = self.shown_rect()
        if not shown.intersects(content) or (shows_all and not shown.contains(content)):
            self.fit_all()

    def shown_rect(self) -> QRectF:
        """The part of the scene the viewport shows."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def shows_all(self) -> bool:
        """Whether every node is in view (saved with the view: see ``show_stored_view``)."""
        stored = self.stored_view()
        if stored is not None:
            return stored[2]
        content = self.graph_scene.content_rect()
        return content.isEmpty() or self.shown_rect().contains(content)

    def stored_view(self) -> tuple[QPointF, float, bool] | None:
        """The stored view (centre, zoom, shows_all) waiting for the view's first show, if
        any: what a save or autosave before then must write, rather than the view of a
        widget that has no real size yet (which would shift it)."""
        return self._pending_view if self._pending is not None else None

    def _when_shown(
        self, action: Callable[[], None], view: tuple[QPointF, float, bool] | None = None
    ) -> None:
        if self.isVisible():
            self._pending, self._pending_view = None, None
            action()
        else:
            self._pending, self._pending_view = action, view
            action()  # right for a view that never shows; redone at the first show

    def _apply_pending(self) -> None:
        if self._pending is not None and self.isVisible():
            action, self._pending, self._pending_view = self._pending, None, None
            action()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_pending()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.zoom_picture.drop()
        super().resizeEvent(event)
        self._apply_pending()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):  # the nodes' run rows say "done" in the new words
            scene = self.scene()
            if isinstance(scene, GraphScene):
                for node in scene.nodes():
                    node.retranslate()
        super().changeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if delta.y():
            self.zoom_by(WHEEL_STEP ** (delta.y() / 120.0), event.position())
        elif delta.x():
            self.scroll_by(QPointF(-delta.x(), 0.0))
        event.accept()

    def _start_pan(self, pos: QPoint) -> bool:
        if not self.graph_scene.modes.enter(Mode.PAN):
            return False
        self._pan_from = pos
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        return True

    def _end_pan(self) -> None:
        self._pan_from = None
        self.graph_scene.modes.leave(Mode.PAN)
        if self._space_held:
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.viewport().unsetCursor()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        wants_pan = button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space_held
        )
        if wants_pan and self._start_pan(event.position().toPoint()):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._last_mouse = event.position().toPoint()
        self._pointer_inside = True  # a move over the viewport: it is there
        if self._pan_from is not None:
            pos = event.position().toPoint()
            delta = pos - self._pan_from
            self._pan_from = pos
            self.scroll_by(QPointF(-delta.x(), -delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._end_pan()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        arrow = _ARROWS.get(Qt.Key(event.key()))
        scene = self.graph_scene
        if arrow is not None and scene.selected_names() and scene.focusItem() is None:
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            step = NUDGE_STEP * (NUDGE_BIG if shift else 1)
            self.nudgeRequested.emit(QPointF(arrow[0] * step, arrow[1] * step))
            event.accept()  # not a scroll: the view stays, the nodes move
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            if self._pan_from is None:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            if self._pan_from is None:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event: object) -> None:  # type: ignore[override]
        self._space_held = False
        super().focusOutEvent(event)  # type: ignore[arg-type]

    # --- background --------------------------------------------------------------------------
    #: hand freed heap back to the system after the next paint (set after a large load)
    trim_heap_after_paint = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Labels left stale by an edit are brought up to date first, for the part of the
        scene this paint shows (``GraphScene.flush_stale``): never painted stale. A zoom
        in progress on a large graph draws its picture instead (``zoom_picture``)."""
        if self.zoom_picture.paint():
            return
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        if not self.zoom_picture.rendering:  # items for what is in view
            self.graph_scene.sync_viewport(shown, self.zoom())
        self.graph_scene.flush_stale(shown)
        super().paintEvent(event)
        if self.trim_heap_after_paint:  # the first frame of a large graph (``heap``)
            self.trim_heap_after_paint = False
            return_freed_heap()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, style.BACKGROUND)
        zoom = self.zoom()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        step = style.GRID_STEP
        major = step * style.GRID_MAJOR_EVERY
        if step * zoom >= 8.0:
            self._grid(painter, rect, step, style.GRID_MINOR, skip=major)
        if major * zoom >= 8.0:
            self._grid(painter, rect, major, style.GRID_MAJOR)

    @staticmethod
    def _grid(
        painter: QPainter, rect: QRectF, step: float, color: QColor, skip: float | None = None
    ) -> None:
        """Lines every ``step`` scene units across ``rect``, one pixel wide at every zoom,
        as pixel rows and columns filled in device space (a list of lines drawn through
        the view's transform costs five times as long: the grid is under every frame)."""
        transform = painter.worldTransform()
        device = transform.mapRect(rect)
        sx, dx, sy, dy = transform.m11(), transform.dx(), transform.m22(), transform.dy()
        top, left = math.floor(device.top()), math.floor(device.left())
        height, width = math.ceil(device.height()) + 1, math.ceil(device.width()) + 1
        fill = painter.fillRect
        painter.save()
        painter.resetTransform()
        x = math.floor(rect.left() / step) * step
        while x <= rect.right():
            if skip is None or x % skip:
                fill(math.floor(x * sx + dx), top, 1, height, color)
            x += step
        y = math.floor(rect.top() / step) * step
        while y <= rect.bottom():
            if skip is None or y % skip:
                fill(left, math.floor(y * sy + dy), width, 1, color)
            y += step
        painter.restore()
