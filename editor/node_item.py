"""The item that draws one op: a coloured header, its ports, its error state, and after
a run its run row (state dot, value preview, time; see ``editor.run_row``).

Move a node with ``move_to`` (or ``GraphScene.set_node_position``), not ``setPos``: its
edges follow only then. A node knows no edge items: the scene holds the links, and the
node asks it (as a ``LinkRouter``) to re-route them when its ports move.

Why it only mirrors: the op (``engine.Operation``) is the source of truth. The
scene calls ``refresh()`` when the adapter reports a change, and the item redraws
from the op. Texts are measured and laid out in ``refresh()``, not in ``paint()``,
and the item paints into a device-coordinate cache, so a 2,000-node graph pans
without re-running any paint code.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QStaticText
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from editor import style
from editor.labels import node_tooltip, readable_error
from editor.node_geometry import OPAQUE_PREVIEW, base_size, node_texts
from editor.node_paint import ERROR, OK, WARNING, NodePainting
from editor.port_item import Port, paint_port
from editor.run_row import RunRow
from editor.zoom_cache import Snapshot, draw_snapshot, looks_changed

if TYPE_CHECKING:
    from engine import Operation

__all__ = ["OPAQUE_PREVIEW", "LinkRouter", "NodeItem"]

#: Qt's enum values the constructor uses, looked up once (see ``edge_item``)
NODE_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsMovable
              | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


@lru_cache(maxsize=8)
def overview_pen(selected: bool, state: str) -> QPen:
    """The overview stand-in's outline: the selection's, else the state's (made once)."""
    if selected:
        return QPen(style.SELECTION, 3.0)
    if state in (ERROR, WARNING):
        return QPen(style.ERROR if state == ERROR else style.WARNING, 3.0)
    return QPen(style.NODE_BORDER, 1.0)


@runtime_checkable
class LinkRouter(Protocol):
    """What a node asks of its scene (``GraphScene`` is one): the scene holds the edges
    and makes the ones at a node follow it, since a node knows no edge items."""

    def route_links(self, node: NodeItem) -> None: ...


class NodeItem(NodePainting, QGraphicsItem):
    """One op on the canvas. Owns its ports; its scene keeps its edges up to date."""

    Type = QGraphicsItem.UserType + 1
    #: what it looked like when a zoom in progress began (``zoom_cache``), drawn scaled
    snapshot: Snapshot | None = None

    def __init__(self, op: Operation) -> None:
        super().__init__()
        self.op = op
        self.setFlags(NODE_FLAGS)
        self.setCacheMode(DEVICE_CACHE)
        self.setAcceptHoverEvents(True)
        self._hovered = False
        #: the shape with the ports' hit areas, made when first asked for (``shape``)
        self._shape: QPainterPath | None = None
        self.in_ports = [
            Port(self, op, True, i, name) for i, name in enumerate(op.input_names)
        ]
        self.out_ports = [
            Port(self, op, False, i, f":{i}") for i in range(len(op.outputs))
        ]
        self._width = 0.0
        self._height = 0.0
        self._bounds = QRectF()
        #: the size without the run row
        self._base_width = self._base_height = 0.0
        #: what the last run did here (set by the run controller via the canvas)
        self._run = RunRow()
        self._state = OK
        self._error: str | None = None
        self._title = self._type = self._preview = style.EMPTY_TEXT
        self._preview_text = ""
        self._port_labels: list[tuple[QPointF, QStaticText]] = []
        self._header_color = QColor()
        self._laid_out: tuple[str, str] | None = None
        #: the overview stand-in (a plain rectangle Qt paints in C++), made when first needed
        self._overview: QGraphicsRectItem | None = None
        self.refresh()

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    # --- what the op says --------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.op.name

    @property
    def state(self) -> str:
        """``ok``, ``warning`` (unwired or upstream error) or ``error`` (its own error)."""
        return self._state

    @property
    def error_message(self) -> str | None:
        return self._error

    @property
    def title_text(self) -> str:
        return self._title.text()

    @property
    def type_text(self) -> str:
        return self._type.text()

    @property
    def preview_text(self) -> str:
        return self._preview_text

    def refresh(self) -> None:
        """Re-read the op (name, attrs, inference) and re-layout; cheap when nothing moved."""
        op = self.op
        looks_changed(self)  # (a zoom's snapshot: drawn as it is now)
        self._error = op.error
        kind = op.error_kind
        # an opaque node (an imported op TensorCanvas has not) is drawn as a warning even
        # where its outputs are known: it keeps its attributes but cannot run
        opaque = bool(op.op_def.extra.get("opaque"))
        if self._error is None:
            self._state = WARNING if opaque else OK
        elif kind in style.WARNING_KINDS:
            self._state = WARNING
        else:
            self._state = ERROR
        title, preview = node_texts(op)
        if self._laid_out != (title, preview):  # inference alone changes no text
            self._laid_out = (title, preview)
            self._header_color = style.category_color(op.op_def.category)
            self._title = style.static_text(title)
            self._type = style.static_text(op.type)
            self._preview_text = preview
            self._preview = style.static_text(preview)
            self._layout(title, preview)
        if self.in_overview:
            self._style_overview()
        self.update()

    def refresh_state(self) -> None:
        """After inference: only the op's error can change what the node draws (its
        texts are its name and attributes), so nothing is redrawn when it stayed."""
        if self.op.error != self._error:
            self.refresh()

    def can_show(self, op: Operation) -> bool:
        """Whether this item, parked by a delete, can stand for ``op`` (the same op made
        again by an undo): the same definition and ports."""
        return (op.op_def is self.op.op_def and op.input_names == self.op.input_names
                and len(op.outputs) == len(self.op.outputs))

    def rebind(self, op: Operation) -> None:
        """Stand for ``op`` (see ``can_show``) as a new item would: no run row, no hover,
        no links (the scene's registry marks the ports of the links it adds again)."""
        self.op = op
        for port in (*self.in_ports, *self.out_ports):
            port.rebind(op)
        self._hovered = False
        if self._run.shown:
            self._run = RunRow()
            self._run_row_changed()
        # the same name, type and attributes: only the op's error may differ
        self.refresh_state()
        self.update()

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        """Built when asked (the scene's help event), not after every inference; a node
        that has run adds what the run did and its value."""
        run = self._run
        # a node that is now invalid, or whose last run failed, has no current value: its
        # old one would read as the answer
        current = not self.op.error and run.state != "failed"
        parts = [node_tooltip(self.op), readable_error(run.tip),
                 run.result_tip if current else ""]
        return "\n".join(p for p in parts if p)

    def _layout(self, title: str, preview: str) -> None:
        pad = style.NODE_PADDING
        width, self._base_height = base_size(self.op, title, preview)
        self._base_width = float(round(width))
        width = max(width, self._run.wanted_width())
        height = self._base_height + (style.RUN_ROW_HEIGHT if self.has_run_row else 0.0)
        width = float(round(width))
        if (width, height) != (self._width, self._height):
            self.prepareGeometryChange()
            self._shape = None
            widened = width != self._width  # a new height (the run row) moves no port
            self._width, self._height = width, height
            # room for the ports' hit areas (both sides), the selection halo and the badge
            side, b = style.PORT_HIT_RADIUS + 0.5, style.BADGE_RADIUS + 2.0
            self._bounds = QRectF(-side, -b, width + 2 * side, height + 4.0 + b)
            for i, port in enumerate(self.in_ports):
                port.setPos(0.0, self.row_center(i))
            for i, port in enumerate(self.out_ports):
                port.setPos(width, self.row_center(i))
            if widened:
                self.update_edges()
        text_h = style.metrics("small").height()
        self._port_labels = [
            (QPointF(pad, self.row_center(i) - text_h / 2), style.static_text(p.label))
            for i, p in enumerate(self.in_ports)
        ]
        self._run.layout(self._width)

    # --- the run row (``editor.run_row``) ------------------------------------------------------
    @property
    def has_run_row(self) -> bool:
        return self._run.shown

    @property
    def run_state(self) -> str | None:
        """``waiting``, ``running``, ``done``, ``cached``, ``failed``, or ``None``."""
        return self._run.state

    @property
    def run_text(self) -> str:
        """The run row's right-hand text: ``0.12 ms``, ``fused in mul``, ``stale``."""
        return self._run.right_text

    def run_info(self) -> tuple[str | None, str, str]:
        """``(state, text, tooltip)`` as last set: what to put back when a run is undone."""
        run = self._run
        return run.state, run.text, run.tip

    @property
    def result_text(self) -> str | None:
        return self._run.result_text

    @property
    def result_stale(self) -> bool:
        return self._run.result_stale

    def set_run_state(self, state: str | None, text: str = "", tooltip: str = "") -> None:
        """Show what the last run did here: ``state`` (one of ``run_row.RUN_STATES``, or
        ``None`` to forget), ``text`` on the right (its time), ``tooltip`` added to the hover
        text. Cheap: no re-measuring of the node, only the row's two texts."""
        if self._run.set_state(state, text, tooltip):
            self._run_row_changed()

    def set_preview(self, text: str | None, stale: bool = False, tooltip: str = "") -> None:
        """Show a fetched value's one-line preview (``None``: none); a ``stale`` one is
        drawn dimmed and italic, and the row says "stale" instead of the time."""
        if self._run.set_preview(text, stale, tooltip):
            self._run_row_changed()

    def set_stale(self, stale: bool) -> None:
        """Mark the preview (and the row) stale or current, keeping its text."""
        if self._run.set_stale(stale):
            self._run_row_changed()

    @property
    def run_row(self) -> RunRow:
        """The run row (a virtual scene keeps it when the item is released)."""
        return self._run

    def adopt_run(self, row: RunRow) -> None:
        """Show ``row``, what the last run did at this op while it had no item."""
        self._run = row
        self._run_row_changed()

    def retranslate(self) -> None:
        """Lay the run row out again: its words (``done``, ``fed``) in the new language."""
        if self.has_run_row:
            self._run_row_changed()

    def set_pulse(self, pulse: float) -> None:
        """The running animation's phase, 0–1 (the canvas ticks it for running nodes)."""
        self._run.pulse = pulse
        self.update()

    def preview_chars(self) -> int:
        """How many preview-font characters fit in the run row beside a time text, once
        the node has grown as wide as a run row may make it."""
        return self._run.preview_chars(self._width)

    def _run_row_changed(self) -> None:
        """Re-lay the node only when the row changes its size (a run updates thousands of
        rows; most keep theirs)."""
        width = float(round(max(self._base_width, self._run.wanted_width())))
        height = self._base_height + (style.RUN_ROW_HEIGHT if self.has_run_row else 0.0)
        if (width, height) != (self._width, self._height) and self._laid_out is not None:
            self._layout(*self._laid_out)  # then the row, in _layout
        else:
            self._run.layout(self._width)
        if self._overview is not None:
            self._overview.setRect(self.body_rect())
        looks_changed(self)
        self.update()

    # --- overview -------------------------------------------------------------------------------
    @property
    def in_overview(self) -> bool:
        # visible to the node, not on screen: a parked node's stand-in stays what it was
        return self._overview is not None and self._overview.isVisibleTo(self)

    def set_overview(self, on: bool) -> None:
        """At overview zooms a node is drawn as a plain rectangle in its category's colour
        (outlined by its state), painted by Qt's C++ code: zooming over 2,000 nodes then
        re-renders no node pixmaps and calls no Python per node and frame."""
        if on == self.in_overview:
            return
        if on:
            if self._overview is None:
                self._overview = QGraphicsRectItem(self)
                self._overview.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._overview.setRect(self.body_rect())
            self._style_overview()
            self._overview.setVisible(True)
        elif self._overview is not None:
            self._overview.setVisible(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, on)
        if not on:
            self.update()  # the state may have changed while the stand-in was shown

    def _style_overview(self) -> None:
        assert self._overview is not None
        self._overview.setPen(overview_pen(self.isSelected(), self._state))
        self._overview.setBrush(QBrush(self._header_color))
        self._overview.setRect(self.body_rect())

    def selection_changed(self) -> None:
        """Called by the scene when this node's selection flipped (see ``EdgeItem``): only
        the stand-in's outline shows it."""
        if self.in_overview:
            assert self._overview is not None
            self._overview.setPen(overview_pen(self.isSelected(), self._state))

    def row_center(self, row: int) -> float:
        return style.HEADER_HEIGHT + (row + 0.5) * style.ROW_HEIGHT

    def body_rect(self) -> QRectF:
        return QRectF(0.0, 0.0, self._width, self._height)

    # --- edges -------------------------------------------------------------------------------
    def update_edges(self) -> None:
        """Have the edges at this node follow it: the scene holds them (off a scene, a
        node has none)."""
        scene = self.scene()
        if scene is not None and isinstance(scene, LinkRouter):  # None first: far cheaper
            scene.route_links(self)

    def move_to(self, pos: QPointF) -> None:
        """Move and take the edges along. Positions change only here and in a mouse drag
        (where the scene updates the edges): an ``itemChange`` override would make Qt call
        Python for every change of every item, a large part of building 2,000 nodes."""
        self.setPos(pos)
        self.update_edges()

    # --- geometry and painting ---------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self._bounds  # (asked for thousands of times a frame: made in ``_layout``)

    def body_shape(self) -> QPainterPath:
        """The node's body, without its ports."""
        path = QPainterPath()
        path.addRoundedRect(self.body_rect(), style.NODE_RADIUS, style.NODE_RADIUS)
        return path

    def shape(self) -> QPainterPath:
        """The body and the ports' hit areas (what the mouse and a selection meet)."""
        if self._shape is None:
            path = self.body_shape()
            r = style.PORT_HIT_RADIUS
            for port in (*self.in_ports, *self.out_ports):
                path.addEllipse(port.pos(), r, r)
            path.setFillRule(Qt.FillRule.WindingFill)
            self._shape = path
        return self._shape

    def port_at(self, local: QPointF) -> Port | None:
        """The port whose hit area holds ``local`` (node coordinates), if any."""
        x = local.x()
        if abs(x) <= style.PORT_HIT_RADIUS:
            ports = self.in_ports
        elif abs(x - self._width) <= style.PORT_HIT_RADIUS:
            ports = self.out_ports
        else:
            return None
        for port in ports:
            if port.hits(local):
                return port
        return None

    def tooltip_at(self, local: QPointF) -> str:
        """The tooltip at ``local``: the port's there, else the node's."""
        port = self.port_at(local)
        return port.toolTip() if port is not None else self.toolTip()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if draw_snapshot(painter, self):
            return
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        body = self.body_rect()
        radius = style.NODE_RADIUS
        painter.setPen(QPen(style.NODE_BORDER, 1.0))
        painter.setBrush(QBrush(style.NODE_BODY))
        painter.drawRoundedRect(body, radius, radius)
        self._paint_header(painter)
        if lod >= style.DETAIL_LOD:
            self._paint_texts(painter)
        self._paint_outline(painter, body)
        if self.op.type in style.STATEFUL_LOOK_TYPES:  # a value held by the session
            painter.setPen(QPen(self._header_color, 2.0))
            painter.drawRoundedRect(body.adjusted(2.5, 2.5, -2.5, -2.5), radius - 1, radius - 1)
        if lod >= style.PORT_LOD:
            for port in self.in_ports:
                paint_port(painter, port)
            for port in self.out_ports:
                paint_port(painter, port)
        if self.has_run_row:
            self._run.paint(
                painter, self._width, self._height, self._base_height, lod >= style.DETAIL_LOD
            )
        if self._state != OK:
            self._paint_badge(painter)

    def hoverEnterEvent(self, event: object) -> None:  # type: ignore[override]
        self._hovered = True
        self.snapshot = None
        self.update()

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        hovered = self.port_at(event.pos())
        for port in (*self.in_ports, *self.out_ports):
            port.set_hovered(port is hovered)

    def hoverLeaveEvent(self, event: object) -> None:  # type: ignore[override]
        self._hovered = False
        self.snapshot = None
        for port in (*self.in_ports, *self.out_ports):
            port.set_hovered(False)
        self.update()
