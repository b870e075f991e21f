"""Links between ports: the edge item with its tensor label (a drag's wire is in ``wiring``).

Why the label lives on the edge: what flows along a link ("2×3 float32") is the thing
a user checks most while editing, so it sits at the curve's midpoint and is refreshed
whenever inference reports a change upstream; the tooltip has all of an elided one.

Why an edge knows its nodes only as ``LinkEnd``s: it needs of them no more than their
op and where their ports are, and so this module needs no node item (the node item
needs no edge item either). The scene creates both kinds, and its ``LinkRegistry``
records which edges meet at which node.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen, QStaticText
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from editor import style
from editor.labels import edge_tooltip, tensor_label
from editor.link_look import curve_path, fitted_label, label_rect, line_pen, paint_label
from editor.port_item import Port
from editor.zoom_cache import Snapshot, draw_snapshot, looks_changed

if TYPE_CHECKING:
    from engine import Operation, Tensor


class LinkEnd(Protocol):
    """What an edge needs of the node at either of its ends (a ``NodeItem`` is one)."""

    @property
    def op(self) -> Operation: ...

    @property
    def in_ports(self) -> Sequence[Port]: ...

    @property
    def out_ports(self) -> Sequence[Port]: ...

    def pos(self) -> QPointF: ...

    def body_rect(self) -> QRectF: ...


#: Qt's enum values the constructors use, looked up once (each lookup is a Python call)
NO_BUTTON = Qt.MouseButton.NoButton
DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache
PLAIN_TEXT = Qt.TextFormat.PlainText
EDGE_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
              | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)


class _Line(QGraphicsPathItem):
    """The curve. Painted by Qt's own C++ code, so a frame with thousands of visible
    links makes no Python call per link. Hit tests belong to the edge: ``contains`` is
    always false. ``shape`` is only the curve's control rectangle, computed once per path:
    Qt derives the (cached) bounding rect from it, where its own shape would stroke the
    curve."""

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.setAcceptedMouseButtons(NO_BUTTON)
        self._outline = QPainterPath()

    def set_curve(self, path: QPainterPath) -> None:
        outline = QPainterPath()
        outline.addRect(path.controlPointRect().adjusted(-3.0, -3.0, 3.0, 3.0))
        self._outline = outline
        self.setPath(path)

    def shape(self) -> QPainterPath:
        return self._outline

    def contains(self, point: QPointF) -> bool:
        return False


class EdgeLabel(QGraphicsItem):
    """The pill at the curve's midpoint; cached, so it is painted only when it changes."""

    snapshot: Snapshot | None = None  # its look as a zoom began (``zoom_cache``)

    def __init__(self, parent: EdgeItem) -> None:
        super().__init__(parent)
        self.setCacheMode(DEVICE_CACHE)
        self.setAcceptedMouseButtons(NO_BUTTON)
        self._static = QStaticText()
        self._static.setTextFormat(PLAIN_TEXT)
        self._rect = self._bounds = QRectF()
        self._accent = False

    def set_text(self, text: str) -> None:
        looks_changed(self)
        self.prepareGeometryChange()
        self._static.setText(text)
        self._rect = label_rect(text)
        self._bounds = self._rect.adjusted(-1.0, -1.0, 1.0, 1.0)
        self.update()

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        parent = self.parentItem()
        return parent.toolTip() if isinstance(parent, EdgeItem) else ""

    def set_accent(self, on: bool) -> None:
        if on != self._accent:
            self._accent = on
            looks_changed(self)
            self.update()

    def rect(self) -> QRectF:
        return self._rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not draw_snapshot(painter, self):
            paint_label(painter, self._rect, self._static, self._accent)


class EdgeItem(QGraphicsItem):
    """The link from output ``src_index`` of ``src`` to input ``dst_index`` of ``dst``.

    The item itself paints nothing: it is what is selected and hit, while its children
    draw (the curve, in C++; the label, from a cache).
    """

    Type = QGraphicsItem.UserType + 3

    def __init__(
        self, src: LinkEnd, src_index: int, dst: LinkEnd, dst_index: int,
        show_names: bool = False, detail: bool = True, px: float = style.EDGE_WIDTH,
        lazy_label: bool = False,
    ) -> None:
        super().__init__()
        self.src = src
        self.src_index = src_index
        #: the tensor carried: an op keeps its output tensors for life (renames included)
        self._tensor = src.op.outputs[src_index]
        self.dst = dst
        self.dst_index = dst_index
        self.setFlags(EDGE_FLAGS)
        self.setAcceptHoverEvents(True)
        self.setZValue(-1.0)
        self._line = _Line(self)
        self._label_item = EdgeLabel(self)
        self._label_item.setVisible(False)
        self._detail = detail
        self._hovered = False
        #: None until the first label: the first one always styles the line (an edge out
        #: of a node that is already invalid starts dashed, not in Qt's default black pen)
        self._valid: bool | None = None
        #: the label is left to another link of the same output, whose label it would cover
        self._label_hidden = False
        self._px = px
        #: what the line's pen was made for (``_restyle``): selected, hovered, valid, width
        self._pen_key: tuple[bool, bool, bool | None, float] | None = None
        self._path = QPainterPath()
        self._shape: QPainterPath | None = None
        self._bounds = QRectF()
        self._mid = QPointF()
        self._label = ""
        self._full_label = ""
        self._stale = False
        self._show_names = show_names
        #: the spec the label was read from (``label_current``)
        self._label_spec: object = None
        #: moved while hidden (``GraphScene.set_node_positions``): route before showing
        self.path_stale = False
        if lazy_label:  # only its look now; the text when it is first painted or read
            self._valid = self._tensor.spec is not None
            self._restyle()
            self._stale = True
        else:
            self.update_label(show_names, fit=False)
        self.update_path()  # fits the label to the link

    def type(self) -> int:  # noqa: A003 - Qt's name
        return self.Type

    # --- what it shows -------------------------------------------------------------------------
    @property
    def tensor(self) -> Tensor:
        return self._tensor

    @property
    def label_text(self) -> str:
        """The text drawn on the canvas: elided when long or when the link is short ("" if
        nothing fits); ``full_label`` and the tooltip always hold all of it."""
        self.ensure_label()
        return self._label

    @property
    def full_label(self) -> str:
        self.ensure_label()
        return self._full_label

    @property
    def label_stale(self) -> bool:
        """Whether the label waits for ``ensure_label`` (see ``mark_stale``)."""
        return self._stale

    def mark_stale(self) -> bool:
        """After inference: re-read the label only when it is next needed (the scene does
        it before the link is painted; reading ``label_text`` does it too), so an edit at
        the top of a long chain relabels only the links on screen. What is drawn at any
        zoom — solid or dashed — is brought up to date now. Returns whether the label
        was left stale (False: it was updated now)."""
        valid = self._tensor.spec is not None
        if valid != self._valid:
            self.update_label(self._show_names)
            return False
        self._stale = True
        return True

    def rebind(self, tensor: Tensor, show_names: bool, detail: bool, px: float) -> bool:
        """Carry ``tensor`` (the same link made again by an undo, between the same items),
        drawn as the scene draws links now, routed again only if an end moved while it was
        parked. Returns whether the label may have changed (the scene leaves it stale)."""
        same = (not self._stale and tensor.name == self._tensor.name
                and tensor.spec == self._tensor.spec and show_names == self._show_names)
        self._tensor = tensor
        self._hovered = False
        self._show_names = show_names
        self._detail = detail
        path = self._path
        start = path.elementAt(0) if not path.isEmpty() else None
        if start is None or QPointF(start.x, start.y) != self.src_point() or (
                path.currentPosition() != self.dst_point()):
            self.update_path()
        self._px = px
        self._show_label()
        if self._pen_key != self._wanted_pen_key():
            self._restyle()
        return not same

    def label_current(self) -> bool:
        """Whether the label was read from the spec the tensor has now (an inference
        that changed nothing here leaves it as it is)."""
        return not self._stale and self._tensor.spec == self._label_spec

    def ensure_label(self) -> None:
        if self._stale:
            self._stale = False
            self.update_label(self._show_names)

    def src_port(self) -> Port:
        """The output port this link leaves from."""
        return self.src.out_ports[self.src_index]

    def dst_port(self) -> Port:
        """The input port this link feeds."""
        return self.dst.in_ports[self.dst_index]

    def key(self) -> tuple[str, int]:
        """(consumer op name, input index): how commands name a link."""
        return self.dst.op.name, self.dst_index

    def update_label(self, show_names: bool, fit: bool = True) -> None:
        """Re-read the tensor's spec (after inference or a rename); ``fit=False`` leaves
        fitting it to the link to the ``update_path`` that follows (a new edge)."""
        self._stale = False
        self._show_names = show_names
        tensor = self.tensor
        spec = self._label_spec = tensor.spec
        valid = spec is not None
        self._full_label = tensor_label(spec, tensor.name, show_names)
        if fit:
            self._fit_label()
        if valid != self._valid:
            self._valid = valid
            self._restyle()

    def toolTip(self) -> str:  # noqa: N802 - Qt's name
        """The full label and what the link connects; built when asked (the scene's
        help event), so an edit relabelling 2,000 links formats no tooltips."""
        tensor = self.tensor
        dst_op = self.dst.op
        return edge_tooltip(
            tensor.name, tensor.spec, dst_op.name, dst_op.input_names[self.dst_index]
        )

    def set_detail(self, on: bool) -> None:
        """Show the label (readable zoom) or not (overview: lines only)."""
        self._detail = on
        self._show_label()

    @property
    def label_shown(self) -> bool:
        """Whether the label is drawn, by its item or by the overview layer's picture (it
        fits, at a readable zoom, and no other link of the same output already shows the
        same text there)."""
        return self._detail and bool(self._label) and not self._label_hidden

    def pictured_label(self) -> tuple[QRectF, str] | None:
        """The pill (scene coordinates) and text of the label the layer's picture draws
        for this link (its own item is hidden), or None."""
        if not self.pictured or self._label_item.isVisible():
            return None
        text = self.label_text  # (brought up to date if stale)
        return (self.label_rect(), text) if self.label_shown else None

    def set_label_hidden(self, hidden: bool) -> None:
        """Leave the label to another link of this output that would be under it (the
        scene's ``LinkRegistry`` decides, as it knows the links of each output)."""
        if hidden != self._label_hidden:
            self._label_hidden = hidden
            self._show_label()
            self._recompute_geometry()

    def _show_label(self) -> None:
        """The label's item draws it, unless the layer's picture does (a pictured link,
        not selected: a selected one's accented label is drawn over the picture's)."""
        key = self._pen_key
        self._label_item.setVisible(self.label_shown and (
            not self.pictured or key is None or key[0]))

    def _fit_label(self) -> None:
        """Elide the label to what fits at its place without covering a node (hidden when
        not even a few characters do)."""
        bodies = [end.body_rect().translated(end.pos()) for end in (self.src, self.dst)]
        text = fitted_label(self._full_label, self._mid, bodies)
        if text != self._label:
            self._label = text
            self._label_item.set_text(text)
            self._show_label()
            self._recompute_geometry()

    def set_width(self, px: float) -> None:
        """The pen width in screen pixels (the scene changes it with the zoom)."""
        if px != self._px:
            self._px = px
            self._restyle()

    def _wanted_pen_key(self) -> tuple[bool, bool, bool | None, float]:
        return self.isSelected(), self._hovered, self._valid, self._px

    def _restyle(self) -> None:
        key = self._pen_key = self._wanted_pen_key()
        self._line.setPen(line_pen(*key))
        self._label_item.set_accent(key[0])
        self._show_line()
        self._show_label()

    #: the line and label are drawn by the overview layer's picture (a large graph), not
    #: by the item, while it looks as every link does and stays where it is
    #: (``set_pictured``)
    pictured = False

    def set_pictured(self, on: bool) -> None:
        """Leave the line to the overview layer's picture (``on``), or draw it again: a
        frame then strokes no curve of the hundreds of links in view, only those
        selected, hovered or being dragged, drawn over the picture's."""
        if on != self.pictured:
            self.pictured = on
            self._show_line()
            self._show_label()

    def _show_line(self) -> None:
        key = self._pen_key
        self._line.setVisible(not self.pictured or key is None or key[0] or key[1])

    @property
    def curve(self) -> QPainterPath:
        """The line's curve, in scene coordinates."""
        return self._path

    @property
    def valid(self) -> bool:
        """Whether the tensor carried has a spec (a valid link: a solid line)."""
        return bool(self._valid)

    def selection_changed(self) -> None:
        """Called by the scene when this edge's selection state flipped. (No ``itemChange``
        override: Python's per-change callback would run for every change of every edge.)"""
        self._restyle()

    # --- geometry ------------------------------------------------------------------------------
    def src_point(self) -> QPointF:
        return self.src.pos() + self.src.out_ports[self.src_index].pos()

    def dst_point(self) -> QPointF:
        return self.dst.pos() + self.dst.in_ports[self.dst_index].pos()

    @property
    def pen(self) -> QPen:
        """The line's pen: solid for a valid tensor, dashed for an invalid one."""
        return self._line.pen()

    def update_path(self) -> None:
        """Follow the nodes (called by them when they move or resize)."""
        self.path_stale = False
        self._path, self._mid = curve_path(self.src_point(), self.dst_point())
        self._line.set_curve(self._path)
        if self.pictured:  # the picture's line is not where the link now is
            scene = self.scene()
            if scene is not None:
                scene.pictured_line_moved(self)  # type: ignore[attr-defined]
        self._label_item.setPos(self._mid)
        self._recompute_geometry()
        self._fit_label()

    def label_rect(self) -> QRectF:
        """The label's pill, in scene coordinates."""
        return self._label_item.rect().translated(self._mid)

    def _recompute_geometry(self) -> None:
        self.prepareGeometryChange()
        self._shape = None  # built on demand: only hit tests need it
        bounds = self._path.boundingRect()
        if self._label and not self._label_hidden:
            bounds = bounds.united(self.label_rect())
        self._bounds = bounds.adjusted(-4.0, -4.0, 4.0, 4.0)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(style.EDGE_HIT_WIDTH)
            shape = stroker.createStroke(self._path)
            shape.setFillRule(Qt.FillRule.WindingFill)
            if self._label and not self._label_hidden:
                shape.addRect(self.label_rect())
            self._shape = shape
        return self._shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Never called (``ItemHasNoContents``): the children draw."""

    def hoverEnterEvent(self, event: object) -> None:  # type: ignore[override]
        self._hovered = True
        self._restyle()

    def hoverLeaveEvent(self, event: object) -> None:  # type: ignore[override]
        self._hovered = False
        self._restyle()
