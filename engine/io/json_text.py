"""A graph file's JSON text, written readably: short containers on one line, streamed in
pieces so a large tensor is never copied whole again. (Reading is ``document_reader.py``.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

_WIDTH = 100


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def _compact_sizes(value: Any, sizes: dict[int, int]) -> int:
    """The length of ``value``'s one-line JSON, per container (by id), computed once."""
    if isinstance(value, dict):
        n = 2 + sum(len(_dumps(str(k))) + 2 + _compact_sizes(v, sizes) for k, v in value.items())
        n += 2 * max(len(value) - 1, 0)
    elif isinstance(value, list):
        n = 2 + sum(_compact_sizes(v, sizes) for v in value) + 2 * max(len(value) - 1, 0)
    else:
        return len(_dumps(value))
    sizes[id(value)] = n
    return n


def document_chunks(doc: Any) -> Iterator[str]:
    """The pieces of the readable JSON text of ``doc`` (see ``format_document``), produced
    one at a time so that a large tensor's base64 is never copied more than once."""
    sizes: dict[int, int] = {}
    _compact_sizes(doc, sizes)

    def fmt(value: Any, level: int) -> Iterator[str]:
        if not isinstance(value, (dict, list)) or not value:
            yield _dumps(value)
            return
        flat_list = isinstance(value, list) and not any(
            isinstance(v, (dict, list)) for v in value
        )
        if sizes[id(value)] + 2 * level <= _WIDTH or flat_list:
            yield _dumps(value)
            return
        pad = "  " * (level + 1)
        close = "\n" + "  " * level + ("}" if isinstance(value, dict) else "]")
        yield "{\n" if isinstance(value, dict) else "[\n"
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for n, (k, v) in enumerate(items):
            yield (",\n" if n else "") + pad
            if isinstance(value, dict):
                yield _dumps(str(k)) + ": "
            yield from fmt(v, level + 1)
        yield close

    yield from fmt(doc, 0)
    yield "\n"


def format_document(doc: Any) -> str:
    """Readable JSON: a container stays on one line when it fits in 100 columns (an op per
    line in small graphs), lists of numbers always do; the rest is indented by 2."""
    return "".join(document_chunks(doc))
