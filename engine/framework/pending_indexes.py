"""What a graph notes of its ops only when first asked: who consumes each op's outputs, and
the ops' names by their lower case.

The builder makes ops by the thousand (a 10,000-op script) and seldom asks either; an edit
in the editor, a gradient or a file export does. So building an op only appends it to two
lists, and the first read notes every op built since in one pass: fewer objects and
dictionary inserts per op, the same answers.
"""

from __future__ import annotations

import threading

from . import operation
from .operation import Operation


class PendingIndexes:
    """The indexes part of ``Graph``: its base, holding the edit lock they are made under.
    ``Graph._insert`` appends each op built to the two lists (inline: every op comes
    there)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        #: ops built whose inputs' links (``Operation._links``) are not noted yet
        self._unlinked: list[Operation] = []
        #: the ops' names, lower-cased -> as written (read through ``_lowered``), and the
        #: names built since it was last read
        self._lower_names: dict[str, str] = {}
        self._unlowered: list[str] = []

    @property
    def _lowered(self) -> dict[str, str]:
        """The live ops' names by their lower case (exact names that differ only in case
        are refused), brought up to date first."""
        pending = self._unlowered
        if pending:
            with self._lock:
                lowered = self._lower_names
                for name in pending:
                    lowered[name.lower()] = name
                pending.clear()
        return self._lower_names

    def link_pending(self) -> None:
        """Note the links of the ops built since this was last called: whatever reads an
        op's consumers calls it first."""
        if self._unlinked:
            with self._lock:
                pending, self._unlinked = self._unlinked, []
                operation.link_inputs(pending)
