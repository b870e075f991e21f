"""Pictures of the canvas for slides and print: PNG at a scale, or SVG (vector).

Why the scene renders itself (``QGraphicsScene.render``) rather than a grab of the view:
the picture shows the whole graph (or the selection) whatever part the window shows, at
any scale, and the SVG keeps nodes, links and their texts as vectors and ``<text>``.

Why the scene is put in a "picture state" while it renders (``_picture_state``): the
picture shows the graph, not the editing: no selection outline or hover, full detail
whatever the view's zoom, and only the chosen items; the print theme swaps the canvas's
colours for light ones. Everything is put back when the picture is drawn, also when
drawing fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPaintDevice, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from editor import style
from editor.edge_item import EdgeItem
from editor.i18n import translate
from editor.node_item import NodeItem
from editor.scene import GraphScene

#: the PNG scales offered (1× is one pixel per scene unit, as at 100 % zoom)
SCALES = (1, 2, 4)
#: room around the drawn items, in scene units
MARGIN = 24.0
#: refused above this many pixels a side: a 16k picture is already 1 GiB of memory
MAX_SIDE = 16384

#: the light colours of the print theme (style names → colours)
PRINT_THEME: dict[str, QColor] = {
    "BACKGROUND": QColor("#ffffff"),
    "NODE_BODY": QColor("#f3f4f6"),
    "NODE_BORDER": QColor("#6b717c"),
    "NODE_TEXT": QColor("#1d1f23"),
    "NODE_DIM_TEXT": QColor("#4d535e"),
    "LABEL_FILL": QColor("#ffffff"),
    "LABEL_BORDER": QColor("#a3a8b1"),
    "LABEL_TEXT": QColor("#1d1f23"),
    "EDGE": QColor("#4a4f58"),
    "EDGE_INVALID": QColor("#a3a8b1"),
    "PORT_FILL": QColor("#4a4f58"),
    "PORT_EMPTY": QColor("#ffffff"),
    "STALE_TEXT": QColor("#8a8f99"),
}


class ExportError(Exception):
    """A picture that cannot be made: nothing to draw, too large, or not writable."""


@dataclass(frozen=True)
class ImageOptions:
    """What to draw and how: the selection only or everything, the PNG scale, a
    transparent background (else the theme's), the light print theme."""

    selection_only: bool = False
    scale: int = 1
    transparent: bool = False
    print_theme: bool = False


def _chosen_items(scene: GraphScene, selection_only: bool) -> tuple[list[NodeItem],
                                                                   list[EdgeItem]]:
    nodes = scene.selected_nodes() if selection_only else scene.nodes()
    chosen = set(nodes)
    edges = [e for e in scene.edges() if e.src in chosen and e.dst in chosen]
    return nodes, edges


def picture_rect(scene: GraphScene, selection_only: bool = False) -> QRectF:
    """The scene rectangle the picture shows: the chosen nodes and their links, with a
    margin. Empty when there is nothing to draw."""
    nodes, edges = _chosen_items(scene, selection_only)
    rect = QRectF()
    for item in [*nodes, *edges]:
        rect = rect.united(item.sceneBoundingRect())
        for child in item.childItems():
            if child.isVisible():
                rect = rect.united(child.sceneBoundingRect())
    if rect.isEmpty():
        return QRectF()
    # whole scene units: the picture is then exactly its size times the scale
    return QRectF(rect.marginsAdded(QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN)).toAlignedRect())


@contextmanager
def _theme(on: bool) -> Iterator[None]:
    if not on:
        yield
        return
    saved = {name: getattr(style, name) for name in PRINT_THEME}
    try:
        for name, color in PRINT_THEME.items():
            setattr(style, name, color)
        yield
    finally:
        for name, color in saved.items():
            setattr(style, name, color)


def _restyle(scene: GraphScene) -> None:
    """Items that keep a pen (links) take the colours in force now."""
    for edge in scene.edges():
        edge.selection_changed()
    for node in scene.nodes():
        node.update()


@contextmanager
def _picture_state(scene: GraphScene, options: ImageOptions) -> Iterator[None]:
    nodes, edges = _chosen_items(scene, options.selection_only)
    shown = {*nodes, *edges}
    selected = scene.selectedItems()
    hidden: list[QGraphicsItem] = [
        item for item in scene.items()
        if item.parentItem() is None and item not in shown and item.isVisible()
    ]
    # items cached as pixmaps would be drawn as bitmaps: in an SVG, and blurred at 4×
    cached = [(item, item.cacheMode()) for item in scene.items()
              if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    background = scene.backgroundBrush()
    zoom = scene.views()[0].transform().m11() if scene.views() else 1.0
    try:
        with _theme(options.print_theme):
            for item in hidden:
                item.setVisible(False)
            scene.clearSelection()
            for item, _mode in cached:
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
            scene.set_view_zoom(1.0)
            _restyle(scene)
            scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
            yield
    finally:
        scene.setBackgroundBrush(background)
        for item, mode in cached:
            item.setCacheMode(mode)
        for item in hidden:
            item.setVisible(True)
        for item in selected:
            item.setSelected(True)
        scene.set_view_zoom(zoom)
        _restyle(scene)


def _paint(scene: GraphScene, painter: QPainter, target: QRectF, source: QRectF,
           options: ImageOptions) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if not options.transparent:
        color = PRINT_THEME["BACKGROUND"] if options.print_theme else style.BACKGROUND
        painter.fillRect(target, color)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def _draw(scene: GraphScene, device: QPaintDevice, size: QSize, source: QRectF,
          options: ImageOptions) -> None:
    """Paint the picture of ``source`` onto ``device`` (an image or an SVG), the scene in
    its picture state meanwhile."""
    with _picture_state(scene, options):
        painter = QPainter(device)
        try:
            _paint(scene, painter, QRectF(0, 0, size.width(), size.height()), source, options)
        finally:
            painter.end()


def _source(scene: GraphScene, options: ImageOptions) -> QRectF:
    source = picture_rect(scene, options.selection_only)
    if source.isEmpty():
        raise ExportError(
            translate("ImageExport", "No nodes are selected: select what to draw.")
            if options.selection_only
            else translate("ImageExport", "The graph is empty: there is nothing to draw."))
    return source


def render_image(scene: GraphScene, options: ImageOptions) -> QImage:
    """The picture as an image, ``options.scale`` pixels per scene unit."""
    if options.scale not in SCALES:
        raise ExportError(translate("ImageExport", "Scale {scale} is not one of {scales}.")
                          .format(scale=options.scale, scales=", ".join(map(str, SCALES))))
    with scene.every_item(options.selection_only):  # a large graph's nodes without items
        return _render_image(scene, options)


def _render_image(scene: GraphScene, options: ImageOptions) -> QImage:
    source = _source(scene, options)
    size = QSize(round(source.width() * options.scale), round(source.height() * options.scale))
    if max(size.width(), size.height()) > MAX_SIDE:
        raise ExportError(translate(
            "ImageExport", "{width}×{height} pixels is larger than {limit} a side: choose a "
            "smaller scale or export the selection.",
        ).format(width=size.width(), height=size.height(), limit=MAX_SIDE))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    # 96 dpi at 1×: the picture prints as large as the canvas shows it, whatever the scale
    dots_per_meter = round(96 * options.scale / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    _draw(scene, image, size, source, options)
    return image


def _file_mode(path: Path) -> int:
    """The picture's permissions: the old file's, else what the umask gives a new file
    (the temporary file is made private, 0600)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write(path: Path, data: bytes, kind: str) -> None:
    """Write through a temporary file renamed over ``path``: a failed write leaves an
    older picture there as it was."""
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False) as out:
            temp = Path(out.name)
            try:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            except BaseException:
                out.close()
                temp.unlink(missing_ok=True)
                raise
        os.chmod(temp, _file_mode(path))
        os.replace(temp, path)
    except OSError as error:
        raise ExportError(translate("ImageExport", "{path}: cannot write the {kind} file: "
                                    "{reason}").format(path=path, kind=kind,
                                                       reason=error.strerror or error)
                          ) from error


def save_png(scene: GraphScene, path: Path, options: ImageOptions) -> QSize:
    """Write the picture to ``path`` as PNG; returns its size in pixels."""
    image = render_image(scene, options)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    _write(path, bytes(data.data()), "PNG")
    return image.size()


def save_svg(scene: GraphScene, path: Path, options: ImageOptions, title: str = "") -> QSize:
    """Write the picture to ``path`` as SVG (vector; texts stay text); returns its size
    in SVG user units (scene units)."""
    with scene.every_item(options.selection_only):  # a large graph's nodes without items
        return _save_svg(scene, path, options, title)


def _save_svg(scene: GraphScene, path: Path, options: ImageOptions, title: str) -> QSize:
    source = _source(scene, options)
    size = QSize(round(source.width()), round(source.height()))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(96)
    generator.setTitle(title or path.stem)
    generator.setDescription("TensorCanvas")
    _draw(scene, generator, size, source, options)
    buffer.close()
    _write(path, bytes(data.data()), "SVG")
    return size


def save_picture(scene: GraphScene, path: Path, options: ImageOptions,
                 title: str = "") -> QSize:
    """PNG or SVG by ``path``'s suffix."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return save_svg(scene, path, options, title)
    if suffix == ".png":
        return save_png(scene, path, options)
    raise ExportError(translate("ImageExport", "{path}: unknown picture type {suffix}; use "
                                ".png or .svg").format(path=path, suffix=suffix or "(none)"))
