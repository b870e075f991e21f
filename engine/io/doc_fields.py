"""How a document's fields are checked and named in messages.

Every loading problem is a ``_Bad(field, message)``: the JSON path of the field and what is
wrong with it. Messages quote what the file holds, and a file can hold a 200 MB string, an
integer of 4,000 digits or a lone surrogate, so nothing is quoted raw: ``show`` and
``show_number`` cut a value to a short prefix and say how long it was, ``key_path`` does the
same for a key in a JSON path, and ``clip`` bounds a whole message (a last guard for text
built by lower layers, such as an op's own attribute checks).
"""

from __future__ import annotations

import json
import re
from typing import Any

#: how much of a quoted value a message shows
SHOW_CHARS = 60
#: the longest message reason (the file name and field come on top)
MAX_REASON_CHARS = 600
#: the field named in problems of the document as a whole
TOP = "top level"

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


class _Bad(Exception):
    """A problem in a document: the JSON path of the field and what is wrong with it."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _escape_surrogates(text: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def show(value: Any, limit: int = SHOW_CHARS) -> str:
    """A string as JSON (``"add"``), cut to ``limit`` characters with its length; any other
    value as its kind (``an integer``)."""
    if not isinstance(value, str):
        return kind(value)
    if len(value) <= limit:
        return _escape_surrogates(json.dumps(value, ensure_ascii=False))
    head = _escape_surrogates(json.dumps(value[:limit], ensure_ascii=False))
    return f"{head[:-1]}…\" ({len(value)} characters)"


def show_number(value: Any) -> str:
    """A number as a message shows it: in full when short, else its first digits and how many
    there are (``str`` of an int of 5,000 digits would itself fail)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 160:  # about 48 digits
            digits = int(value.bit_length() * 0.30103) + 1
            sign = "-" if value < 0 else ""
            return f"{sign}an integer of about {digits} digits"
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return kind(value)


def show_shape(shape: Any) -> str:
    """``[2, 3]``, with huge sizes shortened (a shape may list 32 sizes of 4,000 digits)."""
    return "[" + ", ".join(show_number(d) for d in shape) + "]"


def key_path(field: str | None, key: str) -> str:
    """``field.key`` for a plain key; ``field["a b…" (300 characters)]`` for any other."""
    if not isinstance(key, str):  # an in-memory document's key
        return f"{field or ''}[{show_number(key) if is_int(key) else kind(key)}]"
    if _PLAIN_KEY.fullmatch(key):
        return f"{field}.{key}" if field else key
    return f"{field or ''}[{show(key, 40)}]"


def clip(message: str, limit: int = MAX_REASON_CHARS) -> str:
    """A message cut to ``limit`` characters, saying how long it was."""
    message = _escape_surrogates(message)
    if len(message) <= limit:
        return message
    return f"{message[:limit]}… (a message of {len(message)} characters, cut)"


# --- JSON types, named as a user reads them --------------------------------------------------
def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def expect(value: Any, types: type | tuple[type, ...], field: str, what: str) -> None:
    ok = isinstance(value, types) and not (
        isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))
    )
    if not ok:
        raise _Bad(field, f"expected {what}, got {kind(value)}")


def check_fields(
    obj: dict[str, Any], field: str, required: tuple[str, ...], allowed: tuple[str, ...]
) -> None:
    for key in required:
        if key not in obj:
            raise _Bad(field or TOP, f'missing field "{key}"')
    for key in obj:
        if key not in allowed:
            raise _Bad(key_path(field, key), f"unknown field (expected {', '.join(allowed)})")

