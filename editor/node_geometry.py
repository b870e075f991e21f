"""A node's texts and size, worked out from its op alone (no item needed).

Why apart from ``NodeItem``: a large graph keeps most of its ops as rows of numbers
(``node_store``), drawn as plain boxes until they come into view; those boxes must be
exactly the size the node item will have when it is made, or the canvas would jump as
items appear. So the item and the store read their size from the same function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from editor import style
from editor.labels import attrs_preview, elide

if TYPE_CHECKING:
    from engine import Operation

#: the line an opaque node shows instead of its attributes (its tooltip says why)
OPAQUE_PREVIEW = "opaque: kept as imported, cannot run"


def node_texts(op: Operation) -> tuple[str, str]:
    """The title (the op's name, elided) and the attribute preview line a node shows."""
    opaque = bool(op.op_def.extra.get("opaque"))
    title = elide(op.name, style.TITLE_MAX_CHARS)
    preview = OPAQUE_PREVIEW if opaque else attrs_preview(op.type, op.attrs,
                                                         style.PREVIEW_MAX_CHARS)
    return title, preview


def base_size(op: Operation, title: str, preview: str) -> tuple[float, float]:
    """The node's width (unrounded) and height without a run row."""
    width_of = style.text_width
    pad = style.NODE_PADDING
    labels = op.input_names
    n_in, n_out = len(labels), len(op.outputs)
    in_w = max((width_of("small", label) for label in labels), default=0.0)
    width = max(
        style.NODE_MIN_WIDTH,
        width_of("title", title) + width_of("small", op.type) + 3 * pad,
        in_w + 4 * pad,
        width_of("preview", preview) + (2 * pad if n_in == 0 else in_w + 3 * pad),
    )
    rows = max(n_in, n_out, 1) + (1 if preview and n_in else 0)
    height = style.HEADER_HEIGHT + rows * style.ROW_HEIGHT + style.NODE_BOTTOM_PADDING
    return width, height


def node_size(op: Operation) -> tuple[float, float]:
    """The size of the body a fresh node item of ``op`` has (no run row)."""
    width, height = base_size(op, *node_texts(op))
    return float(round(width)), height


def row_center(row: int) -> float:
    """The height of port row ``row``'s middle below a node's top."""
    return style.HEADER_HEIGHT + (row + 0.5) * style.ROW_HEIGHT
