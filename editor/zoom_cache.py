"""While a zoom is in progress, the node and label items in view draw a snapshot of
themselves, scaled; when it pauses, they draw sharp device pixmaps again.

Why: at rest an item's pixmap is kept in device pixels (``DeviceCoordinateCache``): a pan
only copies it, but every zoom step throws it away and calls the item's Python ``paint``
again, a few hundred times a frame on a large graph at 50 %. At the first step of a zoom
each item in view is drawn once into a snapshot at the zoom the gesture started from
(what it looked like then, same level of detail); each later step draws the snapshot
scaled, one ``drawPixmap`` per item (unsmoothed, for the moment a zoom lasts: its
frames take two thirds of the time they take smoothed). Once no zoom came for
``SETTLE_MS`` the items go back to device pixmaps, redrawn sharp at the new zoom (as the
overview layer's picture does). Qt's own ``ItemCoordinateCache`` does not serve:
without a logical size it draws one pixel per scene unit (four times the pixels at 50 %,
and the level of detail of 100 %), and with one Qt draws the pixmap at that size, not
scaled to the item's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import NamedTuple, Protocol

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget
from shiboken6 import isValid

#: a zoom draws the items' snapshots scaled until no zoom came for this long
SETTLE_MS = 150
#: an item larger than this many pixels at the gesture's zoom keeps Qt's own drawing
MAX_PIXELS = 1_000_000
#: the width of the image a gesture's snapshots share
SHEET_WIDTH = 2048
NO_CACHE = QGraphicsItem.CacheMode.NoCache
DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
SMOOTH = QPainter.RenderHint.SmoothPixmapTransform


class Snapshotted(Protocol):
    """An item that draws ``snapshot`` (scaled into its bounding rect) when it has one."""

    snapshot: Snapshot | None

    def isSelected(self) -> bool: ...  # noqa: N802 - Qt's name

    def boundingRect(self) -> QRectF: ...  # noqa: N802 - Qt's name

    def scene(self) -> QGraphicsScene | None: ...

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None: ...


class Snapshot(NamedTuple):
    """An item's look at a zoom (its part of a sheet of snapshots), and whether it was
    selected then."""

    sheet: QImage
    source: QRectF
    selected: bool


def take_snapshots(items: list[Snapshotted], zoom: float) -> list[Snapshot | None]:
    """Each of ``items`` drawn at ``zoom`` into its part of one shared image (one image and
    one painter for all: a few hundred of each would cost more than the drawing); None for
    an item that is empty, or too large to be worth it."""
    places: list[tuple[QRectF, int, int, int, int] | None] = []
    x = y = row = 0
    for item in items:
        rect = item.boundingRect()
        width, height = math.ceil(rect.width() * zoom), math.ceil(rect.height() * zoom)
        if width < 1 or height < 1 or width * height > MAX_PIXELS or width > SHEET_WIDTH:
            places.append(None)
            continue
        if x and x + width > SHEET_WIDTH:  # shelves of items, a pixel apart
            x, y, row = 0, y + row + 1, 0
        places.append((rect, x, y, width, height))
        x, row = x + width + 1, max(row, height)
    if not any(places):
        return [None] * len(items)
    sheet = QImage(SHEET_WIDTH, y + row, QImage.Format.Format_ARGB32_Premultiplied)
    sheet.fill(Qt.GlobalColor.transparent)
    painter = QPainter(sheet)
    option = QStyleOptionGraphicsItem()
    out: list[Snapshot | None] = []
    for item, place in zip(items, places, strict=True):
        if place is None:
            out.append(None)
            continue
        rect, left, top, width, height = place
        sx, sy = width / rect.width(), height / rect.height()
        painter.save()
        painter.setTransform(QTransform(sx, 0.0, 0.0, sy, left - rect.left() * sx,
                                        top - rect.top() * sy))
        option.exposedRect = rect
        item.paint(painter, option, None)
        painter.restore()
        out.append(Snapshot(sheet, QRectF(left, top, width, height), item.isSelected()))
    painter.end()
    return out


def looks_changed(item: Snapshotted) -> None:
    """``item`` looks different from now on: its snapshot goes, and its scene's
    ``look_version`` moves on (a view's ``zoom_picture`` is then not drawn again)."""
    item.snapshot = None
    scene = item.scene()
    if scene is not None:
        scene.look_version = getattr(scene, "look_version", 0) + 1


def draw_snapshot(painter: QPainter, item: Snapshotted) -> bool:
    """Draw ``item``'s snapshot scaled into its bounding rect; whether it had one (its
    ``paint`` starts with this, and draws itself when not)."""
    snapshot = item.snapshot
    if snapshot is None or snapshot.selected != item.isSelected():
        return False  # (a selection changed since: drawn as it is now)
    painter.setRenderHint(SMOOTH, False)
    painter.drawImage(item.boundingRect(), snapshot.sheet, snapshot.source)
    return True


class ZoomCaches:
    """Gives the items ``items(rect)`` yields (those meeting a scene rect) snapshots for a
    zoom gesture, and device pixmaps again when it pauses. ``zoomed`` is told of every
    zoom of the view, with the part of the scene it shows."""

    def __init__(self, items: Callable[[QRectF], Iterable[QGraphicsItem]],
                 made: Callable[[], object], zoom: float = 1.0) -> None:
        self._items = items
        #: changes when items are made or released (the scene's counts of them)
        self._made = made
        self._looked: tuple[object, QRectF] | None = None
        self._zoom = zoom
        #: the items given snapshots for the gesture now in progress
        self._snapped: list[QGraphicsItem] = []
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.settle)

    @property
    def zooming(self) -> bool:
        """Whether a zoom is in progress (the items in view drawn from snapshots)."""
        return self._timer.isActive()

    def zoomed(self, zoom: float, shown: QRectF) -> None:
        """The view's zoom is now ``zoom``, showing ``shown``: the items there that have
        no snapshot yet (all of them at a gesture's first step; later, those made or come
        into view since) get one drawn at the zoom before it."""
        before, self._zoom = self._zoom, zoom
        if zoom == before:
            return
        made, looked = self._made(), self._looked
        if self._timer.isActive() and looked is not None and looked[0] == made:
            if looked[1].contains(shown):  # no item made, none come into view
                self._timer.start()
                return
            shown = shown.united(looked[1])  # (what was looked at stays looked at)
        self._looked = (made, shown)
        fresh = [item for item in self._items(shown) if hasattr(item, "snapshot")
                 and item.cacheMode() == DEVICE_CACHE and not item.flags() & NO_CONTENTS]
        for item, snapshot in zip(fresh, take_snapshots(fresh, before),  # type: ignore
                                  strict=True):
            if snapshot is not None:
                item.snapshot = snapshot
                item.setCacheMode(NO_CACHE)
                self._snapped.append(item)
        self._timer.start()

    def settle(self) -> None:
        """The zoom paused: sharp device pixmaps again (items released since, gone from
        the scene or deleted with it, are left alone)."""
        self._timer.stop()
        self._looked = None
        snapped, self._snapped = self._snapped, []
        for item in snapped:
            if isValid(item):
                item.snapshot = None  # type: ignore[attr-defined]
                if item.cacheMode() == NO_CACHE:
                    item.setCacheMode(DEVICE_CACHE)
