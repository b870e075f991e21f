"""Reading values and shapes a user types, and printing short previews of arrays.

Nothing here evaluates text: a small tokenizer reads exactly this grammar and nothing else::

    value   := scalar | list
    list    := "[" [value ("," value)* [","]] "]"
    scalar  := number | complex | "true" | "false" | "nan" | "inf" | "infinity" | string
    number  := ["+" | "-"] digits ["." digits] [("e" | "E") ["+" | "-"] digits]
    complex := number "j" | number ("+" | "-") number "j"
    string  := a JSON string in double quotes ("caf\\u00e9")

``true``/``false``/``nan``/``inf`` are read in any case (``True``, ``NaN``, ``-Inf``), so both
JSON and Python spellings work. Lists must be rectangular (every row the same length, no
mixing of numbers and lists at one level), at most 32 levels deep.

Shapes (:func:`parse_shape`) are written as comma-separated dimensions, optionally in
brackets or parentheses: ``None, 3`` = ``[None, 3]`` = ``(?, 3)`` = ``-1, 3``; a dimension is
a non-negative integer, or ``None``, ``?`` or ``-1`` for an unknown one. ``unknown``, ``*``,
``<unknown>`` and a lone ``None`` (TF's ``shape=None``) mean an unknown rank; ``scalar``,
``()`` and ``[]`` mean rank 0. ``None,`` (with the comma) and ``[None]`` are rank 1. An
empty text is refused, so that a cleared field never silently means "anything goes".
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

from ..framework.shapes import TensorShape

__all__ = ["ValueParseError", "format_shape", "format_value", "parse_shape", "parse_value"]

MAX_DEPTH = 32

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_WORD = re.compile(r"[+-]?[A-Za-z_][A-Za-z_0-9]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_SPACE = re.compile(r"\s*")


class ValueParseError(ValueError):
    """Text that is not a value: ``column`` (1-based) says where, ``reason`` what."""

    def __init__(self, reason: str, column: int, text: str = "") -> None:
        super().__init__(f"column {column}: {reason}")
        self.reason = reason
        self.column = column
        self.text = text


def _describe(ch: str) -> str:
    return "the end of the text" if not ch else repr(ch)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, reason: str, pos: int | None = None) -> ValueParseError:
        return ValueParseError(reason, (self.pos if pos is None else pos) + 1, self.text)

    def skip_space(self) -> None:
        m = _SPACE.match(self.text, self.pos)
        assert m is not None
        self.pos = m.end()

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def value(self, depth: int) -> Any:
        self.skip_space()
        ch = self.peek()
        if ch == "[":
            return self.list(depth + 1)
        return self.scalar()

    def list(self, depth: int) -> list[Any]:
        start = self.pos
        if depth > MAX_DEPTH:
            raise self.fail(f"lists nested more than {MAX_DEPTH} deep")
        self.pos += 1  # the "["
        items: list[Any] = []
        starts: list[int] = []
        self.skip_space()
        if self.peek() == "]":
            self.pos += 1
            return items
        while True:
            self.skip_space()
            starts.append(self.pos)
            items.append(self.value(depth))
            self.skip_space()
            ch = self.peek()
            if ch == ",":
                self.pos += 1
                self.skip_space()
                if self.peek() == "]":  # a trailing comma
                    self.pos += 1
                    break
                continue
            if ch == "]":
                self.pos += 1
                break
            if not ch:
                raise self.fail(f"the list opened at column {start + 1} is not closed with ']'")
            raise self.fail(f"expected ',' or ']' but found {_describe(ch)}")
        _check_rectangular(self, items, starts)
        return items

    def scalar(self) -> Any:
        start = self.pos
        ch = self.peek()
        if not ch:
            raise self.fail("expected a value but the text ended")
        if ch == '"':
            m = _STRING.match(self.text, self.pos)
            if m is None:
                raise self.fail("a string that is not closed or has a bad escape")
            self.pos = m.end()
            return json.loads(m.group())
        m = _NUMBER.match(self.text, self.pos)
        if m is not None:
            self.pos = m.end()
            value = _number(m.group())
            return self.complex_tail(value, start)
        m = _WORD.match(self.text, self.pos)
        if m is not None:
            word = m.group()
            sign = word[0] if word[0] in "+-" else ""
            bare = word.lstrip("+-").lower()
            if bare in ("nan", "inf", "infinity"):
                self.pos = m.end()
                value = float(sign + ("nan" if bare == "nan" else "inf"))
                return self.complex_tail(value, start)
            if bare in ("true", "false") and not sign:
                self.pos = m.end()
                return bare == "true"
            if bare in ("none", "null"):
                raise self.fail(f"{word} is not a value: type a number", start)
            if bare == "j" or (bare.endswith("j") and not sign):
                raise self.fail(f"{word!r} is not a number", start)
            raise self.fail(f"{word!r} is not a number, true/false, nan or inf", start)
        raise self.fail(f"expected a value but found {_describe(ch)}")

    def complex_tail(self, value: Any, start: int) -> Any:
        """``2j`` or ``1+2j`` (no spaces inside, as Python writes them)."""
        if self.peek() in ("j", "J"):
            self.pos += 1
            return complex(0.0, float(value))
        ch = self.peek()
        if ch in ("+", "-"):
            m = _NUMBER.match(self.text, self.pos) or _WORD.match(self.text, self.pos)
            if m is not None:
                end = m.end()
                if self.text[end : end + 1] in ("j", "J") and m.re is _NUMBER:
                    self.pos = end + 1
                    return complex(float(value), float(m.group()))
                word = m.group().lower()
                if m.re is _WORD and word[1:] in ("nanj", "infj", "infinityj"):
                    self.pos = end
                    return complex(float(value), float(word[:-1]))
        return value


def _number(text: str) -> int | float:
    if any(c in text for c in ".eE"):
        return float(text)
    return int(text)


def _check_rectangular(reader: _Reader, items: list[Any], starts: list[int]) -> None:
    """Every item of one list is a scalar, or every one is a list of the same shape."""
    first_is_list = isinstance(items[0], list)
    first_shape = _shape_of(items[0]) if first_is_list else None
    for item, pos in zip(items[1:], starts[1:]):
        if isinstance(item, list) != first_is_list:
            raise reader.fail(
                "a list mixes numbers and lists"
                + (" (expected a list here)" if first_is_list else " (expected a number here)"),
                pos,
            )
        if first_is_list and _shape_of(item) != first_shape:
            raise reader.fail(
                f"the rows have different lengths: this one has {_items(len(item))}, the "
                f"first has {_items(len(items[0]))}"
                if len(item) != len(items[0])
                else "the rows have different shapes",
                pos,
            )


def _items(n: int) -> str:
    return "1 item" if n == 1 else f"{n} items"


def _shape_of(value: Any) -> tuple[int, ...]:
    dims: list[int] = []
    while isinstance(value, list):
        dims.append(len(value))
        if not value:
            break
        value = value[0]
    return tuple(dims)


def parse_value(text: str) -> Any:
    """A Python value (``int``, ``float``, ``complex``, ``bool``, ``str`` or nested lists of
    them) from what a user typed; raises :class:`ValueParseError` saying where and what."""
    if not isinstance(text, str):
        raise TypeError(f"parse_value() takes text, not {type(text).__name__}")
    reader = _Reader(text)
    reader.skip_space()
    if not reader.peek():
        raise reader.fail("empty: type a number such as 5 or a list such as [1, 2]")
    value = reader.value(0)
    reader.skip_space()
    if reader.peek():
        raise reader.fail(f"unexpected {_describe(reader.peek())} after the value")
    return value


# --- shapes ----------------------------------------------------------------------------------
_UNKNOWN_RANK_WORDS = ("unknown", "*", "<unknown>", "none")
_SCALAR_WORDS = ("scalar", "()", "[]")
_DIM = re.compile(r"\d+")


def parse_shape(text: str) -> TensorShape:
    """A TensorShape from the placeholder shape field (see the module docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"parse_shape() takes text, not {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise ValueParseError(
            "empty: type dimensions such as None, 3; 'unknown' for an unknown rank; "
            "'scalar' for rank 0",
            1,
            text,
        )
    compact = re.sub(r"\s+", "", stripped).lower()
    if compact in _UNKNOWN_RANK_WORDS:
        return TensorShape(None)
    if compact in _SCALAR_WORDS:
        return TensorShape([])
    offset = len(text) - len(text.lstrip())
    body, body_start = stripped, offset
    if stripped[0] in "[(":
        closing = "]" if stripped[0] == "[" else ")"
        if stripped[-1] != closing:
            raise ValueParseError(
                f"the {stripped[0]!r} at column {offset + 1} is not closed with {closing!r}",
                offset + len(stripped) + 1,
                text,
            )
        body, body_start = stripped[1:-1], offset + 1
    dims: list[int | None] = []
    pos = 0
    parts = body.split(",")
    if parts and not parts[-1].strip() and len(parts) > 1:  # one trailing comma: "None,"
        parts = parts[:-1]
    for part in parts:
        column = body_start + pos + (len(part) - len(part.lstrip())) + 1
        word = part.strip()
        pos += len(part) + 1
        if not word:
            raise ValueParseError("a dimension is missing between commas", column, text)
        if word.lower() in ("none", "?", "-1"):
            dims.append(None)
        elif _DIM.fullmatch(word):
            dims.append(int(word))
        elif word.startswith("-") and _DIM.fullmatch(word[1:]):
            raise ValueParseError(
                f"dimension {word} is negative: use a size >= 0, or None for unknown",
                column,
                text,
            )
        else:
            raise ValueParseError(
                f"{word!r} is not a dimension: use a size such as 3, or None for unknown",
                column,
                text,
            )
    return TensorShape(dims)


def format_shape(shape: TensorShape) -> str:
    """The text :func:`parse_shape` reads back: ``unknown``, ``scalar`` or ``[None, 3]``."""
    if shape.sizes is None:
        return "unknown"
    if not shape.sizes:
        return "scalar"
    return "[" + ", ".join("None" if d is None else str(d) for d in shape.sizes) + "]"


# --- previews --------------------------------------------------------------------------------
def format_value(array: Any, max_chars: int = 60) -> str:
    """A one-line preview of a value, numpy's printing with newlines folded away:
    ``77``, ``[1. 2. 3.]``; when that is longer than ``max_chars``, the shape and dtype
    come first and the values are cut: ``2×3 float32 [[1. 2. …]]``."""
    arr = np.asarray(array)
    if arr.ndim == 0:
        body = _one_line(np.array2string(arr, max_line_width=10**9))
    else:
        body = _one_line(
            np.array2string(arr, max_line_width=10**9, threshold=max(max_chars, 6), edgeitems=3)
        )
    if len(body) <= max_chars:
        return body
    dtype = _dtype_name(arr)
    shape = "×".join(str(d) for d in arr.shape) if arr.ndim else "scalar"
    header = f"{shape} {dtype}"
    closing = "]" * arr.ndim
    budget = max_chars - len(header) - 1
    if budget < 2 * arr.ndim + 1:
        return f"{header} {'[' * arr.ndim}…{closing}"
    cut = body[: max(budget - 1 - len(closing), arr.ndim)].rstrip()
    return f"{header} {cut}…{closing}"


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def _dtype_name(arr: np.ndarray) -> str:
    if arr.dtype == object:
        return "string"
    try:
        from ..framework.dtypes import from_numpy

        return from_numpy(arr.dtype).name
    except TypeError:
        return str(arr.dtype)
