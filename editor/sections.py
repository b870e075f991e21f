"""The editor section's other parts: what a graph file's ``editor`` object holds besides
node positions and the view (the Train dock's data bindings and settings, …).

Why a store on the canvas: those parts belong to the document — they open with the file,
save with it, go into autosave's recovery copy and come back with it — but the canvas has
no business knowing what they mean. It keeps them, unread, as JSON values by key; the
panel that owns a key reads it when a document opens (``changed`` with every key) and
changes it with ``SetSection``, one undo step, so the document is marked unsaved and Undo
puts the old value back. A key nobody owns (a newer version's) is kept and saved back as
it was.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

#: the keys the canvas itself writes (``groups``: which scopes are collapsed)
CANVAS_KEYS = frozenset({"nodes", "view", "groups"})
#: turns a key's value between the file's form and the form kept in memory, given the
#: graph file's folder (None: no file): file paths relative to it in the file, absolute
#: in memory, so an autosaved copy or a Save As elsewhere still finds the data
Rebase = Callable[[Any, "str | None"], Any]


class SectionStore(QObject):
    """The editor section's keys other than the canvas's own, as JSON values."""

    #: a key's value changed (after a document opened: every key, and "" once)
    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._values: dict[str, Any] = {}
        self._readers: dict[str, Rebase] = {}
        self._writers: dict[str, Rebase] = {}
        self._providers: dict[str, Callable[[], Any]] = {}
        #: the folder of the file the next ``load`` reads (set by whoever opens it)
        self.origin_dir: str | None = None

    def set_rebase(self, key: str, reader: Rebase, writer: Rebase) -> None:
        """How ``key``'s value is read from a file (``reader``) and written (``writer``)."""
        self._readers[key] = reader
        self._writers[key] = writer

    def set_provider(self, key: str, provider: Callable[[], Any]) -> None:
        """``key``'s value is computed when the section is written (values that live
        elsewhere, such as a session's variables); ``None`` from it keeps the stored one."""
        self._providers[key] = provider

    def load(self, section: Mapping[str, Any] | None) -> None:
        """Take the parts of a newly opened document's section (a copy)."""
        old = set(self._values)
        self._values = {}
        for key, value in (section or {}).items():
            if key in CANVAS_KEYS:
                continue
            reader = self._readers.get(key)
            self._values[key] = (
                reader(copy.deepcopy(value), self.origin_dir) if reader else copy.deepcopy(value))
        for key in sorted(old | set(self._values)):
            self.changed.emit(key)
        self.changed.emit("")

    def get(self, key: str) -> Any:
        """A copy of ``key``'s value (None when the document has none)."""
        return copy.deepcopy(self._values.get(key))

    def put(self, key: str, value: Any) -> None:
        """Set ``key`` without an undo step (``SetSection`` uses this)."""
        if value is None:
            self._values.pop(key, None)
        else:
            self._values[key] = copy.deepcopy(value)
        self.changed.emit(key)

    def dump(self, base_dir: str | None = None) -> dict[str, Any]:
        """The keys to write into a section saved in ``base_dir`` (None: not a file)."""
        out = {}
        values = dict(self._values)
        for key, provider in self._providers.items():
            current = provider()
            if current is not None:
                values[key] = current
        for key, value in values.items():
            writer = self._writers.get(key)
            out[key] = writer(copy.deepcopy(value), base_dir) if writer else copy.deepcopy(value)
        return out


class SetSection(QUndoCommand):
    """One undo step changing one key of the store. Consecutive changes with the same
    ``merge_id`` (typing in one field) merge into one step."""

    def __init__(self, store: SectionStore, key: str, value: Any, text: str,
                 merge_id: int = -1) -> None:
        super().__init__(text)
        self.store = store
        self.key = key
        self.old = store.get(key)
        self.new = copy.deepcopy(value)
        self._merge_id = merge_id

    def id(self) -> int:
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetSection) or other.key != self.key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.store.put(self.key, self.new)

    def undo(self) -> None:
        self.store.put(self.key, self.old)


def set_section(stack: QUndoStack, store: SectionStore, key: str, value: Any, text: str,
                merge_id: int = -1) -> None:
    """Change ``key`` to ``value`` as one undo step on ``stack`` (nothing when equal)."""
    if store.get(key) == value:
        return
    stack.push(SetSection(store, key, value, text, merge_id))
