"""Reading a graph file's text one piece at a time, with every problem placed.

``json.loads`` of a whole file holds every value of it at once (a list of 8.5e8 zeros in the
editor section took 8 GB), reports no progress, and cannot say where a ``NaN`` literal, a key
given twice or an integer of 5,000 digits is. So the top-level object is read here key by key
and the ``ops`` list op by op: each piece's extent, value count and nesting are measured
first (``json_scan.value_extent``, which refuses a piece over its limits), then it is parsed
by the C decoder and handed to the builder, and dropped before the next one. Memory is the
text plus one op; time is proportional to the text.

``format`` and ``version`` are checked before any op; when a file lists them after ``ops``,
the ops are first skipped over (measured, not parsed) and read once the header is known.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .doc_fields import TOP, _Bad, key_path, kind, show
from .editor_section import MAX_DEPTH, MAX_EDITOR_VALUES, check_editor_section
from .graph_builder import STREAMED, GraphBuilder, check_format_version, check_top_fields
from .json_scan import locate, skip_space, value_extent, where

Progress = Callable[[float], None]

#: JSON values (numbers, strings, lists, objects) one op may hold, counted before parsing it
MAX_OP_VALUES = 2**22
#: values of a small top-level field (format, version)
_SMALL_FIELD_VALUES = 2**10
_UNBOUNDED = 2**62
_BASE64_HINT = '; write large tensors with "encoding": "base64", as the saver does'
_INT_DIGITS = 4300  # Python's limit for str -> int
_LONG_INT = r"(?<![0-9.eE+-])-?[0-9]{" + str(_INT_DIGITS + 1) + ",}"


class _Constant(Exception):
    pass


class _Duplicate(Exception):
    pass


def _reject_constant(name: str) -> Any:
    raise _Constant(name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate()
    return out


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)


def _duplicate_path(text: str, start: int, field: str | None) -> tuple[str | None, str]:
    """Where the first object with a key twice is (its JSON path) and the key: the piece is
    parsed again keeping the last value of each key, marking the objects that had one twice."""
    marks: dict[int, str] = {}

    def mark(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out and id(out) not in marks:
                marks[id(out)] = key
            out[key] = value
        return out

    try:
        value, _ = json.JSONDecoder(object_pairs_hook=mark).raw_decode(text, start)
    except (ValueError, RecursionError):
        return field, "a key"
    stack: list[tuple[Any, str | None]] = [(value, field)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if id(node) in marks:
                return path, show(marks[id(node)])
            stack.extend(reversed([(v, key_path(path, k)) for k, v in node.items()]))
        elif isinstance(node, list):
            stack.extend(reversed([(v, f"{path or ''}[{i}]") for i, v in enumerate(node)]))
    return field, "a key"  # pragma: no cover  (the first parse found one)


def decode_at(text: str, start: int, field: str | None) -> tuple[Any, int]:
    """The JSON value at ``start`` and the index after it; ``_Bad`` saying what and where."""
    try:
        return _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as e:
        raise _Bad(field, f"not JSON: {e.msg} ({where(text, e.pos)})") from None
    except _Constant as e:
        at = locate(text, start, r"NaN|-?Infinity")
        place = f" ({where(text, at)})" if at is not None else ""
        raise _Bad(field, f'not JSON: {e.args[0]} is not a JSON value (write the string "nan", '
                          f'"inf" or "-inf" in tensor data){place}') from None
    except _Duplicate:
        path, key = _duplicate_path(text, start, field)
        raise _Bad(path or TOP, f"the key {key} appears twice in this object") from None
    except RecursionError:
        raise _Bad(field, f"not JSON this reader accepts: nested too deeply (from "
                          f"{where(text, start)})") from None
    except ValueError:  # an integer of more digits than Python converts
        at = locate(text, start, _LONG_INT)
        place = f" ({where(text, at)})" if at is not None else ""
        raise _Bad(field, f"an integer of more than {_INT_DIGITS} digits is not a number any "
                          f"field can hold{place}") from None


def _expect(text: str, pos: int, chars: str, message: str, field: str | None) -> str:
    c = text[pos:pos + 1]
    if not c or c not in chars:
        raise _Bad(field, f"not JSON: {message} ({where(text, pos)})")
    return c


class _Reader:
    def __init__(self, text: str, start: int, builder: GraphBuilder,
                 progress: Progress | None, low: float, high: float) -> None:
        self.text = text
        self.start = start
        self.builder = builder
        self._progress = progress
        self._low, self._high = low, high
        self._step = max(len(text) // 200, 1)
        self._reported = -self._step

    def report(self, pos: int) -> None:
        if self._progress is not None and pos - self._reported >= self._step:
            self._reported = pos
            self._progress(self._low + (self._high - self._low) * pos / max(len(self.text), 1))

    def read(self) -> dict[str, Any] | None:
        text = self.text
        pos = skip_space(text, self.start)
        c = text[pos:pos + 1]
        if c != "{":
            got = {"[": "a list", '"': "a string"}.get(c)  # not parsed: they may be huge
            if got is None:
                got = kind(decode_at(text, pos, None)[0])  # a scalar, or not JSON: says so
            raise _Bad(TOP, f"not a TensorCanvas graph file: expected a JSON object, got {got}")
        fields: dict[str, Any] = {}
        ops_at: int | None = None
        pos = skip_space(text, pos + 1)
        if text.startswith("}", pos):
            pos += 1
        else:
            while True:
                _expect(text, pos, '"', "Expecting property name enclosed in double quotes",
                        None)
                key_at = pos
                key, pos = decode_at(text, pos, None)  # a JSON string: the key
                if key in fields:
                    raise _Bad(TOP, f"the key {show(key)} appears twice in this object "
                                    f"({where(text, key_at)})")
                pos = skip_space(text, pos)
                _expect(text, pos, ":", "Expecting ':' delimiter", None)
                pos = skip_space(text, pos + 1)
                if key == "ops" and text.startswith("[", pos):
                    fields["ops"] = STREAMED
                    if "format" in fields and "version" in fields:
                        check_format_version(fields)
                        check_top_fields(fields, required=())
                        pos = self._ops(pos, parse=True)
                    else:  # the header comes later: measure the ops now, read them then
                        ops_at = pos
                        pos = self._ops(pos, parse=False)
                else:
                    fields[key], pos = self._field(key, pos)
                pos = skip_space(text, pos)
                if _expect(text, pos, ",}", "Expecting ',' delimiter", None) == "}":
                    pos += 1
                    break
                pos = skip_space(text, pos + 1)
        pos = skip_space(text, pos)
        if pos < len(text):
            raise _Bad(None, f"not JSON: Extra data ({where(text, pos)})")
        check_format_version(fields)
        check_top_fields(fields)
        if ops_at is not None:
            self._ops(ops_at, parse=True)
        editor = fields.get("editor")
        if editor is not None:
            check_editor_section(editor)
        return editor

    def _field(self, key: str, pos: int) -> tuple[Any, int]:
        """A top-level field other than a streamed ``ops`` list: parsed when it is one the
        format has (bounded by its limits), skipped when it is not (it is an error anyway,
        reported once the header has been checked)."""
        field = key_path(None, key)
        if key == "editor":
            value_extent(self.text, pos, 2 * MAX_EDITOR_VALUES, MAX_DEPTH, field,
                         "the editor section", outer=1)
        elif key in ("format", "version", "ops"):
            value_extent(self.text, pos, _SMALL_FIELD_VALUES, MAX_DEPTH, field, "the field",
                         outer=1)
        else:
            return None, value_extent(self.text, pos, _UNBOUNDED, _UNBOUNDED, field, "")
        return decode_at(self.text, pos, field)

    def _ops(self, pos: int, parse: bool) -> int:
        """Read (or, with ``parse`` false, only measure) the ops list at ``pos``."""
        text = self.text
        pos = skip_space(text, pos + 1)
        if text.startswith("]", pos):
            return pos + 1
        i = 0
        while True:
            field = f"ops[{i}]"
            end = value_extent(text, pos, MAX_OP_VALUES, MAX_DEPTH, field, "the op", outer=2,
                               hint=_BASE64_HINT)
            if parse:
                value, pos = decode_at(text, pos, field)
                self.builder.add(i, value)
                del value
                self.report(pos)
            else:
                pos = end
            pos = skip_space(text, pos)
            if _expect(text, pos, ",]", "Expecting ',' delimiter", field) == "]":
                return pos + 1
            pos = skip_space(text, pos + 1)
            i += 1


def read_document(text: str, start: int, builder: GraphBuilder, progress: Progress | None = None,
                  low: float = 0.0, high: float = 1.0) -> dict[str, Any] | None:
    """Check and read the graph file text ``text[start:]`` into ``builder``; returns the
    editor section. ``progress`` hears the fraction done, from ``low`` to ``high``."""
    return _Reader(text, start, builder, progress, low, high).read()
