"""Finding things in a graph file's JSON text without building its values.

The loader parses a document one piece at a time (each op, the editor section) so that what a
piece holds is bounded before it is built: ``value_extent`` finds where a value ends while
counting its values and its nesting, at C speed for what matters (strings are skipped with
``str.find``, commas counted with ``str.count``), and refuses a piece over its limits with
the line and column where it went over. ``locate`` finds, on the error path only, where the
parser met something it refuses but cannot place (``NaN``, an integer of 5,000 digits).
"""

from __future__ import annotations

import re

from .doc_fields import _Bad

_STRUCTURE = re.compile(r'[\[\]{}"]')
_STRING_TAIL = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_SCALAR = re.compile(r"-?[0-9][0-9.eE+-]*|-?Infinity|NaN|true|false|null|[A-Za-z_]\w*")
_SPACE = re.compile(r"[ \t\n\r]*")


def skip_space(text: str, pos: int) -> int:
    m = _SPACE.match(text, pos)
    return m.end() if m else pos


def line_column(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of ``pos``, as ``json`` reports them."""
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, column


def where(text: str, pos: int) -> str:
    line, column = line_column(text, pos)
    return f"line {line}, column {column}"


def string_end(text: str, pos: int) -> int:
    """The index after the closing quote of the string whose body starts at ``pos`` (just
    after its opening quote); -1 when it is not closed."""
    quote = text.find('"', pos)
    if quote < 0:
        return -1
    if text.find("\\", pos, quote) < 0:  # no escapes: the common case, memchr speed
        return quote + 1
    m = _STRING_TAIL.match(text, pos)
    return m.end() if m else -1


def _crossing(text: str, start: int, end: int, need: int) -> int:
    """The position of the ``need``-th comma in ``text[start:end]`` (a bisection of counts,
    so a gap of millions of numbers costs a few passes, not a loop over them)."""
    lo, hi = start, end
    while lo < hi:
        mid = (lo + hi) // 2
        if text.count(",", start, mid + 1) >= need:
            hi = mid
        else:
            lo = mid + 1
    return lo


def value_extent(text: str, start: int, max_values: int, max_depth: int, field: str | None,
                 what: str, outer: int = 0, hint: str = "") -> int:
    """The index just past the JSON value that starts at ``start``.

    Counts the value's values (every list, object and comma: an upper bound of the numbers,
    strings, lists and objects it holds) and its nesting (``outer`` levels around it count
    too); over ``max_values`` or ``max_depth`` it raises ``_Bad(field, ...)`` with the line
    and column. Text that is not JSON is not judged here: the extent is then a guess and the
    parser says what is wrong."""
    n = len(text)
    if start >= n:
        return start
    c = text[start]
    if c == '"':
        end = string_end(text, start + 1)
        return n if end < 0 else end
    if c not in "[{":
        m = _SCALAR.match(text, start)
        return m.end() if m else start + 1
    depth = 0
    values = 1
    pos = start
    while True:
        m = _STRUCTURE.search(text, pos)
        if m is None:
            return n  # not closed: the parser reports it
        p = m.start()
        commas = text.count(",", pos, p)
        if values + commas > max_values:
            at = _crossing(text, pos, p, max_values - values + 1)
            raise _Bad(field, f"{what} holds more than {max_values} JSON values (numbers, "
                              f"strings, lists, objects) by {where(text, at)}{hint}")
        values += commas
        ch = text[p]
        if ch == '"':
            end = string_end(text, p + 1)
            if end < 0:
                return n
            pos = end
            continue
        if ch in "[{":
            depth += 1
            values += 1
            if depth + outer > max_depth:
                raise _Bad(field, f"nested more than {max_depth} levels deep, counting the "
                                  f"top-level object ({where(text, p)})")
            if values > max_values:
                raise _Bad(field, f"{what} holds more than {max_values} JSON values (numbers, "
                                  f"strings, lists, objects) by {where(text, p)}{hint}")
        else:
            depth -= 1
            if depth <= 0:
                return p + 1
        pos = p + 1


def locate(text: str, start: int, pattern: str) -> int | None:
    """The first match of ``pattern`` at or after ``start`` that is not inside a string."""
    target = re.compile(pattern)
    pos = start
    n = len(text)
    while pos < n:
        quote = text.find('"', pos)
        stop = n if quote < 0 else quote
        m = target.search(text, pos, stop)
        if m is not None:
            return m.start()
        if quote < 0:
            return None
        end = string_end(text, quote + 1)
        if end < 0:
            return None
        pos = end
    return None
