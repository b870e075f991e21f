"""Attribute values as the inspector shows and reads them: literal text, and what a
typed literal changes on its op.

Why apart from the widgets: these are the rules of the inspector (the text
``parse_value`` reads back, when a typed Const keeps its dtype, what it would become),
pure functions of the engine's values that need no widget to specify or test, and
the feed dialog writes values the same way (``value_text``).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

import engine
from editor.labels import tensor_label
from engine import AttrDef, DType, EngineError, Operation, TensorShape, parse_value

#: Values with more elements than this are shown as a read-only preview, not edited as text.
MAX_EDITABLE_ELEMENTS = 1024
#: what a refused value or name raises: its message is shown under the field
REFUSED = (EngineError, ValueError, TypeError, KeyError, OverflowError)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bytes):
        return json.dumps(value.decode("utf-8", "replace"), ensure_ascii=False)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (complex, np.complexfloating)):
        text = str(value)  # numpy and Python print "(1+2j)"; parse_value reads "1+2j"
        return text[1:-1] if text.startswith("(") else text
    return str(value)  # numpy's shortest text for its own dtype: 0.1, not 0.10000000149


def value_text(value: Any) -> str:
    """The text ``parse_value`` reads back as ``value``: ``[[1, 2], [3, 4]]``, ``2.5``."""
    arr = np.asarray(value)

    def nest(a: np.ndarray) -> str:
        if a.ndim == 0:
            return _scalar_text(a[()])
        return "[" + ", ".join(nest(a[i : i + 1].reshape(a.shape[1:])) for i in
                               range(a.shape[0])) + "]"

    return nest(arr)


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


def _literal_shape(value: Any) -> list[int]:
    dims = []
    while isinstance(value, list):
        dims.append(len(value))
        if not value:
            break
        value = value[0]
    return dims


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


def preview_spec(op: Operation, attr: AttrDef, text: str) -> str:
    """What a Const would become with ``text`` as its value: ``2×2 int32``."""
    try:
        parsed = parse_value(text)
    except REFUSED as e:
        return f"not a value yet: {e}"
    kind = _literal_kind(parsed)
    current = op.attrs.get("dtype")
    if isinstance(current, DType) and _same_family(kind, current):
        dtype_name = current.name
    else:
        dtype_name = {"int": "int32", "float": "float32", "complex": "complex128"}.get(
            kind or "", kind or "float32"
        )
    shape = TensorShape(_literal_shape(parsed))
    return tensor_label(engine.TensorSpec(shape, engine.as_dtype(dtype_name)))
