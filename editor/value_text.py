"""Values as literal text: what ``engine.parse_value`` reads back as the same value.

Why a module of its own: the inspector's fields, the feed dialog and the messages about
a conversion (``editor.lossy``) all write values this way, and none of them should have
to import the others to do so.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

__all__ = ["scalar_text", "value_text"]


def scalar_text(value: Any) -> str:
    """One element as ``parse_value`` reads it back: ``2.5``, ``true``, ``\"text\"``, ``1+2j``."""
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
            return scalar_text(a[()])
        return "[" + ", ".join(nest(a[i : i + 1].reshape(a.shape[1:])) for i in
                               range(a.shape[0])) + "]"

    return nest(arr)
