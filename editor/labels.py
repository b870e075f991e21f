"""The texts the canvas shows: shapes, tensor labels, node tooltips, value previews.

Why pure functions without Qt: these texts are the editor's promise to the user
("2×3 float32" on an edge), so they are specified by fast unit tests that need no
QApplication, and every item formats the same way.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from editor.i18n import QT_TRANSLATE_NOOP, translate
from engine import DType, TensorShape, TensorSpec, format_value

TIMES = "\u00d7"  # ×
ELLIPSIS = "\u2026"  # …
SEPARATOR = " \u00b7 "  # " · " between a tensor's name and its label


def shape_label(shape: TensorShape | None) -> str:
    """``2×3``, ``?×3`` for an unknown dimension, ``scalar``, ``<unknown>`` for unknown rank."""
    dims = None if shape is None else shape.sizes
    if dims is None:
        return "<unknown>"
    if not dims:
        return "scalar"
    return TIMES.join("?" if d is None else str(d) for d in dims)


def dtype_label(dtype: DType | None) -> str:
    return "<unknown>" if dtype is None else dtype.name


def tensor_label(
    spec: TensorSpec | None, tensor_name: str | None = None, show_names: bool = False
) -> str:
    """An edge's label: ``2×3 float32``; ``?`` when inference failed upstream.

    With ``show_names`` the tensor's TF name comes first: ``mul:0 · 2×3 float32``.
    """
    text = "?" if spec is None else f"{shape_label(spec.shape)} {dtype_label(spec.dtype)}"
    if show_names and tensor_name:
        return f"{tensor_name}{SEPARATOR}{text}"
    return text


def elide(text: str, max_chars: int) -> str:
    """Shorten ``text`` to at most ``max_chars`` characters, ending in ``…`` if cut."""
    if max_chars <= 0:
        return ""
    if len(text) <= max_chars:
        return text
    if max_chars == 1:
        return ELLIPSIS
    return text[: max_chars - 1].rstrip() + ELLIPSIS


class _OpLike(Protocol):
    """What a tooltip needs of an op (an ``engine.Operation`` fits)."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def output_specs(self) -> tuple[TensorSpec, ...] | None: ...
    @property
    def error(self) -> str | None: ...
    @property
    def error_kind(self) -> str | None: ...
    @property
    def outputs(self) -> Sequence[Any]: ...
    @property
    def op_def(self) -> Any: ...


#: the framing of an error by its kind (source texts of the "Labels" context); the
#: message after it is the engine's, in TF's words
ERROR_TITLES = {
    "unwired": QT_TRANSLATE_NOOP("Labels", "Not connected"),
    "upstream": QT_TRANSLATE_NOOP("Labels", "Invalid input"),
    "shape": QT_TRANSLATE_NOOP("Labels", "Shape error"),
    "rank": QT_TRANSLATE_NOOP("Labels", "Shape error"),
    "dtype": QT_TRANSLATE_NOOP("Labels", "Type error"),
    "attr": QT_TRANSLATE_NOOP("Labels", "Attribute error"),
}


def error_title(kind: str | None) -> str:
    """``Shape error``, in the interface's language."""
    return translate("Labels", ERROR_TITLES.get(kind or "", QT_TRANSLATE_NOOP("Labels", "Error")))


def node_tooltip(op: _OpLike) -> str:
    """A node's hover text: name and type, each output's shape and dtype, and the error.

    Plain text on purpose: engine messages quote shapes such as ``<unknown>``, which a
    rich-text tooltip would swallow as an HTML tag.
    """
    lines = [f"{op.name} ({op.type})"]
    specs = op.output_specs
    for i in range(len(op.outputs)):
        spec = None if specs is None else specs[i]
        lines.append(f"{op.name}:{i}  {tensor_label(spec)}")
    reason = op.op_def.extra.get("reason") if op.op_def.extra.get("opaque") else None
    if reason:
        lines.append(translate("Labels", "Opaque node: {reason}").format(reason=reason))
    if op.error and op.error != reason:
        lines.append(f"{error_title(op.error_kind)}: {readable_error(op.error)}")
    return "\n".join(lines)


#: TF's node definition in an inference message: `` for '{{node add}} = AddV2[T=DT_INT32]
#: (Const, Const_1)' with input shapes: [2], [3].``
_NODE_DEF = re.compile(r" for '\{\{node [^}]*\}\} = [^']*'(?: with input shapes: ([^\n]*?))?\.?$")
#: the frame TF's executor adds to a run-time error: ``[[{{node floordiv}}]]``
_NODE_FRAME = re.compile(r"\s*\[\[\{\{node [^}]*\}\}\]\]")


def readable_error(message: str) -> str:
    """An engine message for a tooltip: TF's words kept, TF's internals (the GraphDef
    node ``{{node add}} = AddV2[T=DT_INT32](Const, Const_1)``) left out; the input shapes
    it quoted stay. The inspector shows the message whole."""
    text = _NODE_FRAME.sub("", message).strip()
    match = _NODE_DEF.search(text)
    if match is None:
        return text
    shapes = match.group(1)
    return text[: match.start()] + (f" (input shapes: {shapes})." if shapes else ".")


def edge_tooltip(
    tensor_name: str, spec: TensorSpec | None, dst_name: str, input_name: str
) -> str:
    """An edge's hover text: the full (never elided) label and what it connects."""
    return f"{tensor_name} \u2192 {dst_name}.{input_name}\n{tensor_label(spec)}"


def value_preview(value: Any, max_chars: int) -> str:
    """A short one-line view of a Const's value: ``5``, ``[1, 2, 3]``, ``[[1, 2], …``.

    Uses the engine's ``format_value`` (the same text the inspector edits), else, for a
    value it refuses, numpy's printing on one line.
    """
    if value is None:
        return ""
    try:
        return elide(" ".join(str(format_value(value, max_chars)).split()), max_chars)
    except Exception:  # a preview must never break drawing  # noqa: BLE001
        pass
    arr = np.asarray(value)
    if arr.dtype == object:  # strings are stored as bytes
        arr = np.vectorize(
            lambda v: v.decode("utf-8", "replace") if isinstance(v, bytes) else v, otypes=[object]
        )(arr)
    if arr.ndim == 0:
        text = str(arr.item())
    else:
        text = np.array2string(
            arr, separator=", ", threshold=8, edgeitems=2, max_line_width=10_000
        )
    return elide(" ".join(text.split()), max_chars)


def attrs_preview(op_type: str, attrs: dict[str, Any], max_chars: int) -> str:
    """The one line a node shows under its header: a Const's value, a placeholder's
    shape and dtype (and default), or nothing."""
    if op_type == "Const":
        return value_preview(attrs.get("value"), max_chars)
    if op_type == "Placeholder":
        text = f"{shape_label(attrs.get('shape'))} {dtype_label(attrs.get('dtype'))}"
        default = attrs.get("default_value")
        if default is not None:
            text += " = " + value_preview(default, max(1, max_chars - len(text) - 3))
        return elide(text, max_chars)
    if op_type == "PlaceholderWithDefault":
        return elide(shape_label(attrs.get("shape")), max_chars)
    return ""


#: TF's rule for op names (the engine checks it; its message quotes TF's regex), in words
def name_rule() -> str:
    return translate("Labels", "A name starts with a letter, a digit or '.', and may go on "
                     "with letters, digits and the characters . _ - / \\ >")


_NAME_FIRST = frozenset(string.ascii_letters + string.digits + ".")
_NAME_LATER = _NAME_FIRST | frozenset("_-/\\>")


def _character(ch: str) -> str:
    if ch == " ":
        return translate("Labels", "a space")
    return translate("Labels", "a tab") if ch == "\t" else repr(ch)


def name_error_text(message: str, name: str) -> str:
    """The engine's refusal of the name ``name``, said in words where TF's message for an
    invalid name shows its regex (``re.compile('^[A-Za-z0-9.]…')``): which character is
    not allowed, where, and what is. Any other refusal (a taken name) is kept as it is."""
    if "is not a valid node name" not in message:
        return message
    if not name:
        return translate("Labels", "A name cannot be empty. {rule}.").format(rule=name_rule())
    for i, ch in enumerate(name):
        if i == 0 and ch not in _NAME_FIRST:
            problem = translate("Labels", "it cannot start with {character}").format(
                character=_character(ch))
            break
        if ch not in _NAME_LATER:
            problem = translate("Labels", "{character} (character {position}) is not allowed"
                                ).format(character=_character(ch), position=i + 1)
            break
    else:
        problem = translate("Labels", "it does not follow the naming rule")
    return translate("Labels", "'{name}' is not a valid name: {problem}. {rule}.").format(
        name=name, problem=problem, rule=name_rule())
