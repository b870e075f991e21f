"""Attribute values as the inspector shows and reads them: literal text, and what a
typed literal changes on its op.

Why apart from the widgets: these are the rules of the inspector (the text
``parse_value`` reads back, when a typed Const keeps its dtype, what it would become),
pure functions of the engine's values that need no widget to specify or test, and
the feed dialog writes values the same way (``value_text``).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

import engine
from editor.i18n import translate
from editor.labels import tensor_label
from editor.lossy import describe_change
from editor.value_text import value_text
from engine import AttrDef, DType, EngineError, Operation, TensorShape, parse_value

__all__ = [
    "MAX_EDITABLE_ELEMENTS", "MAX_TYPED_CHARS", "REFUSED", "conversion_warning",
    "converted_attrs", "defines_dtype", "is_editable_value", "preview_spec", "too_long",
    "value_changes", "value_text",
]

#: Values with more elements than this are shown as a read-only preview, not edited as text.
MAX_EDITABLE_ELEMENTS = 1024
#: what a refused value or name raises: its message is shown under the field
REFUSED = (EngineError, ValueError, TypeError, KeyError, OverflowError)
#: the longest text a value field takes (Qt's own limit, 32,767, would cut longer text
#: without a word, and a cut value then fails to parse at column 32,768)
MAX_TYPED_CHARS = 1_000_000


def too_long(text: str) -> str | None:
    """Why ``text`` is refused for its length (a field holds at most one character more
    than the limit, so a longer paste shows up here instead of being cut), else None."""
    if len(text) <= MAX_TYPED_CHARS:
        return None
    return translate(
        "AttrValues", "Too long to type: a field takes at most {count} characters, and this "
        "text has more (it may have been cut when it was pasted). Nothing was applied.",
    ).format(count=f"{MAX_TYPED_CHARS:,}")


def is_editable_value(value: Any) -> bool:
    return value is None or np.asarray(value).size <= MAX_EDITABLE_ELEMENTS


def _literal_kind(value: Any) -> str | None:
    """The kind of numbers a parsed literal holds (as ``DType.kind`` names them), or None
    for an empty list; this is what ``tf.constant(value)`` infers its dtype from."""
    leaves: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            leaves.append(item)
    if not leaves:
        return None
    if any(isinstance(v, str) for v in leaves):
        return "string"
    if all(isinstance(v, bool) for v in leaves):
        return "bool"
    if any(isinstance(v, complex) for v in leaves):
        return "complex"
    if any(isinstance(v, float) for v in leaves):
        return "float"
    return "int"


def _same_family(kind: str | None, dtype: DType) -> bool:
    if kind is None:
        return True
    ints = ("int", "uint")
    return kind == dtype.kind or (kind in ints and dtype.kind in ints)


def value_changes(op: Operation, attr: AttrDef, parsed: Any) -> dict[str, Any]:
    """The ``set_attrs`` changes for a new tensor value typed into ``attr``.

    A value that defines its op's dtype (a Const's ``value``) keeps the op's dtype when the
    literal holds the same kind of numbers (floats in a float64 Const stay float64), and
    otherwise lets the literal choose, as ``tf.constant([[1, 2], [3, 4]])`` gives int32.
    """
    changes: dict[str, Any] = {attr.name: parsed}
    if defines_dtype(op, attr):
        current = op.attrs.get("dtype")
        if isinstance(current, DType) and not _same_family(_literal_kind(parsed), current):
            changes["dtype"] = None
    return changes


def defines_dtype(op: Operation, attr: AttrDef) -> bool:
    """Whether ``attr`` (a tensor) is the value that the op's ``dtype`` attr describes."""
    if attr.kind != "tensor" or attr.optional:
        return False
    try:
        dtype_attr = op.op_def.attr("dtype")
    except KeyError:
        return False
    return dtype_attr.kind == "type" and not dtype_attr.derived


def converted_attrs(op: Operation, changes: dict[str, Any]) -> dict[str, Any]:
    """The attributes the engine would store for ``changes`` (its own conversion and
    checks, ``OpDef.clean_attrs``), without touching the op; raises what it refuses."""
    merged = op.attrs
    merged.update(changes)
    with warnings.catch_warnings():  # numpy's "overflow encountered in cast": we say it
        warnings.simplefilter("ignore", RuntimeWarning)
        return op.op_def.clean_attrs(merged)


def conversion_warning(op: Operation, attr: AttrDef, parsed: Any, changes: dict[str, Any]) -> (
    str | None
):
    """What storing the typed ``parsed`` as ``attr`` would change about it (``1e39 would
    become inf as float32``), or None; raises the engine's refusal of the value."""
    stored = converted_attrs(op, changes).get(attr.name)
    if stored is None or parsed is None:
        return None
    array = np.asarray(stored)
    dtype = engine.as_dtype(array.dtype) if array.dtype != object else engine.string
    return describe_change(parsed, array, dtype.name, dtype.kind)


def preview_spec(op: Operation, attr: AttrDef, text: str) -> str:
    """What a Const would become with ``text`` as its value: ``2×2 int32``, as the engine
    converts it (an int too large for int32 makes an int64, as in TF); the reason when
    the text is not a value or the engine would refuse it."""
    if too_long(text):
        return translate("AttrValues", "too long to type")
    try:
        parsed = parse_value(text)
    except REFUSED as e:
        return translate("AttrValues", "not a value yet: {reason}").format(reason=e)
    try:
        attrs = converted_attrs(op, value_changes(op, attr, parsed))
    except REFUSED as e:
        return translate("AttrValues", "not accepted: {reason}").format(reason=e)
    value = np.asarray(attrs[attr.name])
    dtype = attrs.get("dtype")
    if not isinstance(dtype, DType):
        return "?"
    return tensor_label(engine.TensorSpec(TensorShape(list(value.shape)), dtype))
