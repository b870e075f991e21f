"""One item that paints, from the node store's arrays, every node and link without items.

Why one item: a large graph has items only near the viewport (``scene_virtual``); the
rest must still be seen, at overview zoom all of it. Painted as Qt paints a node's
overview stand-in (a rectangle in its header colour, outlined by its state or
selection) and a link's line (the same curve and pen, without a label), the boxes look
the same as the items that replace them when the view comes close: no pop. The paths
are built once per change of the store (a move, a selection, items made or released)
and reused for every frame of a pan or zoom; a paint that exposes only a few nodes
builds paths of just those.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QRegion
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget
from shiboken6 import isValid

from editor import style
from editor.labels import tensor_label
from editor.link_look import fitted_label, label_rect, line_pen, stamp_labels
from editor.link_registry import LABEL_MARGIN, LABEL_STACK_GAP
from editor.node_item import overview_pen
from editor.node_store import STATES, NodeStore

if TYPE_CHECKING:
    from editor.edge_item import EdgeItem
    from engine import Graph

#: a paint that exposes more nodes than this, and more than this share of all, draws
#: the whole graph's cached paths (else paths of the exposed nodes only, made for it)
FEW_ROWS = 400
WHOLE_SHARE = 0.4
#: paths are built from this many rows at a time
CHUNK = 2048
#: how far (scene units) a link's curve may bulge beyond its ends' rows
CURVE_ROOM = 400.0
#: the picture covers this share of the view's size more on each side (for pans)
PICTURE_ROOM = 0.25
#: a zoom draws the old picture scaled until no zoom came for this long
SHARPEN_MS = 150


class LinkRows:
    """The graph's links as rows of the store: source row, output, consumer row, input."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.src = np.zeros(0, np.int64)
        self.out = np.zeros(0, np.int64)
        self.dst = np.zeros(0, np.int64)
        self.inp = np.zeros(0, np.int64)
        self.valid = np.zeros(0, bool)
        self.stale = True

    def refresh(self, store: NodeStore) -> None:
        """Read the links again from the graph if they changed (``stale``)."""
        if not self.stale:
            return
        index = store.index
        rows: list[tuple[int, int, int, int, bool]] = []
        for op in self.graph.get_operations():
            dst = index.get(op.name)
            if dst is None:
                continue
            for i, tensor in enumerate(op.inputs):
                if tensor is not None:
                    src = index.get(tensor.op.name)
                    if src is not None:
                        rows.append((src, tensor.value_index, dst, i, tensor.spec is not None))
        table = np.array(rows, np.int64).reshape(len(rows), 5)
        # contiguous 32-bit columns of their own: the table itself is not kept
        self.src, self.out, self.dst, self.inp = (table[:, k].astype(np.int32)
                                                  for k in range(4))
        self.valid = table[:, 4].astype(bool)
        self.stale = False

    def ends(self, store: NodeStore) -> tuple[np.ndarray, np.ndarray]:
        """Each link's start (its output port) and end (its input port), as (n, 2)."""
        start = store.xy[self.src] + np.stack(
            [store.wh[self.src, 0], style.HEADER_HEIGHT + (self.out + 0.5) * style.ROW_HEIGHT], 1)
        end = store.xy[self.dst] + np.stack(
            [np.zeros(len(self.dst)), style.HEADER_HEIGHT + (self.inp + 0.5) * style.ROW_HEIGHT],
            1)
        return start, end


class OverviewLayer(QGraphicsItem):
    """Paints the nodes and links of ``store`` that have no items."""

    def __init__(self, store: NodeStore, links: LinkRows) -> None:
        super().__init__()
        self.store = store
        self.links = links
        self.setZValue(-2.0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._bounds = QRectF()
        self._edge_px = style.edge_px(1.0)
        #: the whole graph's links' paths (built when first painted), and what for
        self._links: list[tuple[QPainterPath, bool]] = []
        self._links_key: tuple[int, int, int, float] | None = None
        self._links_version = 0
        #: bumped when a label may read differently (an inference, a rename, tensor names)
        self.labels_version = 0
        #: the link items whose lines the picture draws (``EdgeItem.pictured``) meeting a
        #: scene rect (None: anywhere), and a count bumped when one of them moved
        self.pictured_lines: Callable[[QRectF | None], list[EdgeItem]] = lambda rect: []
        self.lines_version = 0
        #: whether labels name their tensors (View → Show Tensor Names)
        self.show_names = False
        #: each view's picture of the layer (``paint``)
        self._pictures: dict[int, _Picture] = {}
        self._sharpen_now = False
        self._sharpen = QTimer()
        self._sharpen.setSingleShot(True)
        self._sharpen.setInterval(SHARPEN_MS)
        self._sharpen.timeout.connect(self._sharpen_views)

    def links_changed(self) -> None:
        if self.links.stale:
            return
        self.links.stale = True
        self._links_version += 1
        self.update()

    def refit(self) -> None:
        """The store changed: repaint, over the nodes' extent."""
        bounds = self.store.bounds().adjusted(-CURVE_ROOM, -CURVE_ROOM, CURVE_ROOM, CURVE_ROOM)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def set_edge_px(self, px: float) -> None:
        if px != self._edge_px:
            self._edge_px = px
            self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    # --- paths -------------------------------------------------------------------------------
    def _rows(self, exposed: QRectF | None) -> np.ndarray:
        store = self.store
        free = ~store.itemised[:len(store.alive)]
        if exposed is None:
            return np.flatnonzero(store.shown() & free[:len(store.shown())])
        return store.in_rect(exposed, free[:len(store.shown())])

    def _node_paths(self, rows: np.ndarray) -> list[tuple[QPainterPath, int, int]]:
        """One path of rectangles per (colour, outline): (path, rgb, outline code)."""
        store = self.store
        selected = store.selected
        names = store.names
        groups: dict[tuple[int, int], QPainterPath] = {}
        xy, wh, color, state = store.xy, store.wh, store.color, store.state
        for first in range(0, len(rows), CHUNK):  # few Python numbers alive at once
            part = rows[first:first + CHUNK]
            boxes = np.column_stack([xy[part], wh[part]]).tolist()
            for i, (x, y, w, h), rgb, code in zip(part.tolist(), boxes, color[part].tolist(),
                                                  state[part].tolist(), strict=True):
                key = (rgb, 3 if names[i] in selected else code)
                path = groups.get(key)
                if path is None:
                    path = groups[key] = QPainterPath()
                path.addRect(x, y, w, h)
        return [(path, rgb, outline) for (rgb, outline), path in groups.items()]

    def _link_paths(self, exposed: QRectF | None,
                    among: np.ndarray | None = None) -> list[tuple[QPainterPath, bool]]:
        """The curves of links with no item, paths for valid ones and for invalid ones
        (the curve ``link_look.curve_path`` draws, its control points worked out for all
        links at once); with ``among`` (a mask of rows with items), those with items
        that meet one of those rows instead."""
        store, links = self.store, self.links
        links.refresh(store)
        if not len(links.src):
            return []
        itemised, shown = store.itemised, store.shown()
        both = itemised[links.src] & itemised[links.dst]
        if among is not None:
            both &= among[links.src] | among[links.dst]
        keep = (both if among is not None else ~both) & shown[links.src] & shown[links.dst]
        start, end = links.ends(store)
        if exposed is not None:
            lo, hi = np.minimum(start, end), np.maximum(start, end)
            room = CURVE_ROOM / 2
            keep &= ((lo[:, 0] - room <= exposed.right()) & (hi[:, 0] + room >= exposed.left())
                     & (lo[:, 1] <= exposed.bottom()) & (hi[:, 1] >= exposed.top()))
        dx = end[:, 0] - start[:, 0]
        reach = np.where(dx >= 0, np.maximum(40.0, np.abs(dx) * 0.5),
                         np.maximum(80.0, np.minimum(-dx, 300.0) * 0.6))
        out: list[tuple[QPainterPath, bool]] = []
        for valid in (True, False):
            rows = np.flatnonzero(keep & (links.valid == valid))
            if not len(rows):
                continue
            table = np.column_stack([start[rows], start[rows, 0] + reach[rows], start[rows, 1],
                                     end[rows, 0] - reach[rows], end[rows, 1], end[rows]])
            # a path per chunk: few Python floats alive at once, and each stroke's buffers
            # (the rasteriser's) stay small
            for first in range(0, len(table), CHUNK):
                path = QPainterPath()
                move, cubic = path.moveTo, path.cubicTo
                for x1, y1, c1x, c1y, c2x, c2y, x2, y2 in table[first:first + CHUNK].tolist():
                    move(x1, y1)
                    cubic(c1x, c1y, c2x, c2y, x2, y2)
                out.append((path, valid))
        return out

    def _whole_paths(self) -> tuple[list[tuple[QPainterPath, int, int]],
                                    list[tuple[QPainterPath, bool]]]:
        """The whole graph's paths: the links' kept until nodes move or links change (a
        selection or a state changes only the boxes), the boxes' built for each picture
        (kept, they would hold 120 bytes a node)."""
        store = self.store
        links_key = (store.geometry, store.itemisation, self._links_version, self._edge_px)
        if links_key != self._links_key:
            self._links = self._link_paths(None)
            self._links_key = links_key
        return self._node_paths(self._rows(None)), self._links

    # --- painting ----------------------------------------------------------------------------
    def _draw(self, painter: QPainter, exposed: QRectF, zoom: float) -> None:
        """Draw the boxes and links meeting ``exposed`` (scene units) with ``painter``;
        at a readable ``zoom`` the links' labels too."""
        rows = self._rows(exposed)
        if len(rows) > FEW_ROWS and len(rows) > len(self._rows(None)) * WHOLE_SHARE:
            nodes, links = self._whole_paths()
        else:
            nodes, links = self._node_paths(rows), self._link_paths(exposed)
        items = self.pictured_lines(exposed)  # the link items left to the picture
        self._draw_paths(painter, nodes, links + _item_paths(items))
        if zoom >= style.DETAIL_LOD:
            self._draw_labels(painter, exposed)
            stamp_labels(painter, [label for edge in items
                                   if (label := edge.pictured_label()) is not None])

    def _draw_paths(self, painter: QPainter, nodes: list[tuple[QPainterPath, int, int]],
                    links: list[tuple[QPainterPath, bool]]) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for path, valid in links:
            painter.setPen(line_pen(False, False, valid, self._edge_px))
            painter.drawPath(path)
        # plain rectangles: without antialiasing, five times faster, and alike at this zoom
        # (where a plain outline would be under half a pixel wide, none is drawn: without
        # antialiasing it would be a whole one; a selection's or a state's still is)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        thin = painter.worldTransform().m11() < 0.5
        for path, rgb, outline in nodes:
            selected = outline == 3
            pen = overview_pen(selected, STATES[0 if selected else outline])
            painter.setPen(Qt.PenStyle.NoPen if thin and outline == 0 else pen)
            painter.setBrush(QBrush(QColor(rgb)))
            painter.drawPath(path)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """From a picture of the part of the scene around the view, made for the current
        content and zoom: a pan only copies it; a zoom draws it scaled, and a sharp one is
        made when the zoom pauses (``SHARPEN_MS``); a change of content makes it again.
        Items made or released near the view change it too, but the old picture is right
        where they are (an item covers its box and link; a released one is out of view):
        it is made again only when the view pauses as well."""
        transform = painter.worldTransform()
        if widget is None or transform.isRotating():
            self._draw(painter, option.exposedRect,  # type: ignore[attr-defined]
                       transform.m11())
            return
        zoom = transform.m11()
        inverse, _ = transform.inverted()
        visible = inverse.mapRect(QRectF(widget.rect()))
        key = self.content_key()
        cache = self._pictures.get(id(widget))
        needed = visible.intersected(self._bounds)
        itemised = self.store.itemisation
        if cache is not None and cache.key == key and cache.rect.contains(needed) and (
                cache.itemised == itemised or not self._sharpen_now):
            if cache.itemised != itemised:
                self._sharpen.start()
            if cache.zoom == zoom:
                corner = transform.map(cache.rect.topLeft())
                painter.save()
                painter.resetTransform()
                painter.drawImage(QPointF(round(corner.x()), round(corner.y())), cache.image)
                painter.restore()
                return
            if not self._sharpen_now:
                painter.drawImage(cache.rect, cache.image)
                self._sharpen.start()
                return
        self._sharpen_now = False
        room_x, room_y = visible.width() * PICTURE_ROOM, visible.height() * PICTURE_ROOM
        rect, size = _on_pixels(
            visible.adjusted(-room_x, -room_y, room_x, room_y).intersected(self._bounds), zoom)
        if size.width() < 1 or size.height() < 1:
            return
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        inner = QPainter(image)
        if cache is not None and cache.key == key and cache.zoom == zoom:
            self._draw_moved(inner, cache, rect, zoom)
        else:
            inner.scale(zoom, zoom)
            inner.translate(-rect.topLeft())
            self._draw(inner, rect, zoom)
        inner.end()
        self._pictures[id(widget)] = _Picture(key, rect, zoom, image, itemised)
        corner = transform.map(rect.topLeft())
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPointF(round(corner.x()), round(corner.y())), image)
        painter.restore()

    def _draw_moved(self, inner: QPainter, old: _Picture, rect: QRectF, zoom: float) -> None:
        """A picture of ``rect`` for a view that panned beyond ``old`` (same content and
        zoom): the part the two share is copied, only the rest is drawn (a pan then
        draws a strip of the graph, not all of it). Both lie on the zoom's pixel grid,
        so the copy is exact."""
        dx = round((old.rect.left() - rect.left()) * zoom)
        dy = round((old.rect.top() - rect.top()) * zoom)
        inner.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        inner.drawImage(QPointF(dx, dy), old.image)
        inner.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        fresh = QRegion(inner.device().rect()).subtracted(
            QRegion(dx, dy, old.image.width(), old.image.height()))
        inner.scale(zoom, zoom)
        inner.translate(-rect.topLeft())
        for strip in fresh:
            part = QRectF(rect.left() + strip.x() / zoom, rect.top() + strip.y() / zoom,
                          strip.width() / zoom, strip.height() / zoom)
            inner.save()
            inner.setClipRect(part)
            self._draw(inner, part, zoom)
            inner.restore()

    def _draw_labels(self, painter: QPainter, exposed: QRectF) -> None:
        """The labels of the links drawn here whose middles are in ``exposed``, fitted and
        decluttered as a link item's are (``EdgeItem._fit_label``, ``LinkRegistry``)."""
        store, links = self.store, self.links
        if not len(links.src):
            return
        itemised, shown = store.itemised, store.shown()
        start, end = links.ends(store)
        mid = (start + end) / 2.0  # the curve is symmetric about the middle of its ends
        room = style.LABEL_MAX_CHARS * 4.0
        keep = (~(itemised[links.src] & itemised[links.dst]) & shown[links.src]
                & shown[links.dst] & (mid[:, 0] + room >= exposed.left())
                & (mid[:, 0] - room <= exposed.right()) & (mid[:, 1] + 20.0 >= exposed.top())
                & (mid[:, 1] - 20.0 <= exposed.bottom()))
        graph = links.graph
        names, xy, wh = store.names, store.xy, store.wh
        kept: dict[tuple[int, int], list[QRectF]] = {}
        labels: list[tuple[QRectF, str]] = []
        for k in np.flatnonzero(keep).tolist():
            src, out, dst = int(links.src[k]), int(links.out[k]), int(links.dst[k])
            tensor = graph.get_operation_by_name(names[src]).outputs[out]
            centre = QPointF(*mid[k])
            bodies = [QRectF(*xy[src], *wh[src]), QRectF(*xy[dst], *wh[dst])]
            text = fitted_label(tensor_label(tensor.spec, tensor.name, self.show_names),
                                centre, bodies)
            if not text:
                continue
            rect = label_rect(text).translated(centre)
            near = rect.adjusted(-LABEL_MARGIN, -LABEL_STACK_GAP, LABEL_MARGIN, LABEL_STACK_GAP)
            shown_here = kept.setdefault((src, out), [])
            if any(near.intersects(r) for r in shown_here):
                continue  # another link of this output shows the same text there
            shown_here.append(near)
            labels.append((rect, text))
        stamp_labels(painter, labels)

    def itemisation_changed(self) -> None:
        """Items were made or released: the picture is right where they are (an item
        covers its box and link; a released one is out of view), so it is made again
        only once the view pauses (``SHARPEN_MS``), with no repaint asked for now."""
        self._sharpen.start()

    def content_key(self) -> tuple[int, int, int, float, int, int]:
        """Changes whenever what the layer or the items it stands beside show may read or
        lie differently (not when items are made or released)."""
        store = self.store
        return (store.version, store.geometry, self._links_version, self._edge_px,
                self.labels_version, self.lines_version)

    def lines_changed(self) -> None:
        """A link item whose line the picture draws moved, or left the picture or came
        into it: the picture is made again."""
        self.lines_version += 1
        self.update()

    def draw_itemised(self, painter: QPainter, rects: list[QRectF]) -> None:
        """Draw the nodes with items that meet ``rects`` (scene units) as their items look
        without texts and ports (a body with a header in the node's colour), and their
        links between items: what a view's zoom picture (``zoom_picture``) shows beyond
        its edge while a zoom is in progress."""
        store = self.store
        itemised = store.itemised[:len(store.shown())]
        among = np.zeros(len(store.itemised), bool)
        for rect in rects:
            among[store.in_rect(rect, itemised)] = True
        rows = np.flatnonzero(among)
        if not len(rows):
            return
        self._draw_paths(painter, [], self._link_paths(None, among))
        bodies = QPainterPath()
        headers: dict[int, QPainterPath] = {}
        boxes = np.column_stack([store.xy[rows], store.wh[rows]]).tolist()
        for (x, y, w, h), rgb in zip(boxes, store.color[rows].tolist(), strict=True):
            bodies.addRect(x, y, w, h)
            headers.setdefault(rgb, QPainterPath()).addRect(x, y, w, style.HEADER_HEIGHT)
        painter.setPen(QPen(style.NODE_BORDER, 1.0))
        painter.setBrush(QBrush(style.NODE_BODY))
        painter.drawPath(bodies)
        painter.setPen(Qt.PenStyle.NoPen)
        for rgb, path in headers.items():
            painter.setBrush(QBrush(QColor(rgb)))
            painter.drawPath(path)

    def forget_pictures(self) -> None:
        """Drop every view's picture: the next paint makes it again (as after an edit, and
        as one, a zoom in progress paints sharp again: ``content_key``)."""
        self._pictures.clear()
        self.labels_version += 1
        self.update()

    def _sharpen_views(self) -> None:
        if not isValid(self):  # (a new document removed this layer since the timer began)
            return
        self._sharpen_now = True
        self.update()


def _item_paths(items: list[EdgeItem]) -> list[tuple[QPainterPath, bool]]:
    """The curves of link items, as they lie: a path for the valid ones and one for the
    invalid ones."""
    out = []
    for valid in (True, False):
        path = QPainterPath()
        for edge in items:
            if edge.valid == valid:
                path.addPath(edge.curve)
        if not path.isEmpty():
            out.append((path, valid))
    return out


def _on_pixels(rect: QRectF, zoom: float) -> tuple[QRectF, QSize]:
    """``rect`` grown to whole pixels of the grid ``zoom`` puts on the scene (its origin
    at a pixel's corner), and its size in pixels: pictures made at one zoom then share
    their pixels exactly."""
    left, top = math.floor(rect.left() * zoom), math.floor(rect.top() * zoom)
    right, bottom = math.ceil(rect.right() * zoom), math.ceil(rect.bottom() * zoom)
    return (QRectF(left / zoom, top / zoom, (right - left) / zoom, (bottom - top) / zoom),
            QSize(right - left, bottom - top))


class _Picture(NamedTuple):
    key: tuple[int, int, int, float, int, int]
    rect: QRectF
    zoom: float
    image: QImage
    #: the store's ``itemisation`` it was made for
    itemised: int
