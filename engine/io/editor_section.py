"""The editor section's limits: the same on load and on save.

The engine does not read the editor section, but it must be able to write back whatever it
loaded, and a section is small by nature (node positions and the view). So both ways it
must be JSON that round-trips — finite numbers, integers that print, Unicode text without
lone surrogates — and bounded: at most ``MAX_EDITOR_VALUES`` values, ``MAX_EDITOR_CHARS``
characters of strings (keys included) and ``MAX_DEPTH`` levels of nesting. A file whose
section is over a limit is refused before the section is parsed (``document_reader``), and
a save that would write one fails before the disk is touched.

The one part that is not small by nature is the trained variables' values
(``editor.variables``, base64 tensor data): their text does not count against
``MAX_EDITOR_CHARS``, so a model of millions of weights saves; each value is bounded the way
a Const's is (``tensor_codec``), and the file as a whole by ``file_text.MAX_FILE_BYTES``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from .doc_fields import _Bad, clip, key_path, kind, show

#: values (numbers, strings, lists, objects) in the editor section
MAX_EDITOR_VALUES = 2**20
#: characters of the editor section's strings and keys
MAX_EDITOR_CHARS = 2**24
#: the top-level key whose strings (tensor data) are bounded by the tensor codec instead
_TENSOR_DATA_KEY = "variables"
#: lists and objects nested in a document, the top-level object counting as one
MAX_DEPTH = 64
#: an integer the writer can print (Python refuses str() of longer ones)
_MAX_INT_BITS = 14_000


def check_editor_section(section: Any, field: str = "editor") -> None:
    """``_Bad`` naming the first value (in document order) that breaks a rule above."""
    values = chars = 0
    # (value, field, depth, whether its strings count against MAX_EDITOR_CHARS)
    stack: list[tuple[Any, str, int, bool]] = [(section, field, 2, True)]  # 2: in the document
    while stack:
        value, where, depth, counted = stack.pop()
        values += 1
        if values > MAX_EDITOR_VALUES:
            raise _Bad(where, f"the editor section holds more than {MAX_EDITOR_VALUES} values")
        if isinstance(value, dict) or isinstance(value, list):
            if depth > MAX_DEPTH:
                raise _Bad(where, f"nested more than {MAX_DEPTH} levels deep, counting the "
                                  "top-level object")
            if isinstance(value, dict):
                items = []
                for key, item in value.items():
                    if not isinstance(key, str):
                        raise _Bad(where, f"a key is {kind(key)}; JSON keys are strings")
                    chars += len(key)
                    _check_text(key, where, "a key")
                    data = counted and not (depth == 2 and key == _TENSOR_DATA_KEY)
                    items.append((item, key_path(where, key), depth + 1, data))
            else:
                items = [(item, f"{where}[{i}]", depth + 1, counted)
                         for i, item in enumerate(value)]
            stack.extend(reversed(items))
        elif isinstance(value, str):
            if counted:
                chars += len(value)
            _check_text(value, where, "the string")
        elif isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, int):
            if value.bit_length() > _MAX_INT_BITS:
                raise _Bad(where, "an integer of more than 4,000 digits")
        elif isinstance(value, float):
            if not math.isfinite(value):
                got = "NaN" if math.isnan(value) else "a number beyond ±1.8e308"
                raise _Bad(where, f"{got} is not a JSON number (positions and sizes must be "
                                  "finite)")
        else:
            raise _Bad(where, f"cannot be written as JSON: {kind(value)} is not a JSON value")
        if chars > MAX_EDITOR_CHARS:
            raise _Bad(where, f"the editor section holds more than {MAX_EDITOR_CHARS} "
                              "characters of text")


def _check_text(text: str, where: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise _Bad(where, f"{what} {show(text, 30)} has a lone surrogate "
                          f"(\\u{ord(text[e.start]):04x} at character {e.start}): not "
                          "Unicode text") from None


def editor_copy(editor: Any) -> dict[str, Any]:
    """A checked JSON copy of the editor section to save (so later changes to the caller's
    dict do not leak into the document); ``_Bad`` for what the loader would refuse."""
    if not isinstance(editor, Mapping):
        raise _Bad("editor", f"expected an object (a dict), got {type(editor).__name__}")
    try:
        text = json.dumps(editor, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as e:
        check_editor_section(editor)  # names the field, where it can
        raise _Bad("editor", f"cannot be written as JSON: {clip(str(e), 200)}") from None
    copied = json.loads(text)
    check_editor_section(copied)
    assert isinstance(copied, dict)
    return copied
