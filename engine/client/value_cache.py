"""The value cache of ``Session(cache=True)``: values by content key (an op's type, attributes
and inputs' keys), so a re-run after an edit recomputes only what the edit changed."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any


def value_nbytes(value: Any) -> int:
    """An array's bytes (0 for what has none: a string scalar, None)."""
    return int(getattr(value, "nbytes", 0))



class ValueCache:
    """Values by content key, least recently used first out past a byte budget."""

    def __init__(self, max_bytes: int = 2 << 30) -> None:
        self._values: OrderedDict[bytes, Any] = OrderedDict()
        self._ids: dict[int, int] = {}  # id of each cached object → how many keys hold it
        self._bytes = 0
        self.max_bytes = max_bytes

    def get(self, key: bytes) -> Any:
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key: bytes, value: Any) -> None:
        if key in self._values:
            return
        self._values[key] = value
        self._ids[id(value)] = self._ids.get(id(value), 0) + 1
        self._bytes += value_nbytes(value)
        while self._bytes > self.max_bytes and len(self._values) > 1:
            _, old = self._values.popitem(last=False)
            self._bytes -= value_nbytes(old)
            self._forget(old)

    def holds(self, value: Any) -> bool:
        """Whether this array object is kept in the cache (so must not be changed)."""
        return id(value) in self._ids

    def _forget(self, value: Any) -> None:
        n = self._ids.get(id(value), 0) - 1
        if n > 0:
            self._ids[id(value)] = n
        else:
            self._ids.pop(id(value), None)

    def clear(self) -> None:
        self._values.clear()
        self._ids.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._values)
