"""The variables' values around training: put into the session before it starts, kept in
the graph file, and one undo step per training run.

Why before training: a session starts with no values; TF1 asks for ``sess.run(init)``
first. Start does it: a variable gets the value the file stored for it (reopen and go on
training from where it stopped), else its initializer runs (``<name>/Assign``).

Why an undo step (``TrainedValues``): training changes the document (the values the file
will store), so it must mark it unsaved and go into autosave's copy; and Undo puts the
values from before the run back into the session, Redo the trained ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtGui import QUndoCommand

from editor.i18n import tr
from engine import (
    GraphFileError,
    Session,
    decode_variable_values,
    encode_variable_values,
    set_variable_values,
    uninitialized,
    variable_values,
)

SECTION_KEY = "variables"



def prepare_variables(session: Session, stored: dict[str, np.ndarray]) -> list[str]:
    """Give every variable without a value in ``session`` its stored value, else run its
    initializer; returns the names of those that got a stored value."""
    missing = uninitialized(session)
    restore = {op.name: stored[op.name] for op in missing if op.name in stored}
    if restore:
        set_variable_values(session, restore)
    graph = session.graph
    inits = []
    for op in missing:
        if op.name in restore:
            continue
        name = f"{op.name}/Assign"
        if name not in graph:
            raise ValueError(tr("Variable '{name}' has no initializer ('{init}') and no "
                                 "stored value").format(name=op.name, init=name))
        inits.append(graph.get_operation_by_name(name))
    if inits:
        session.run(inits)
    return list(restore)


def stored_values(section: Any) -> tuple[dict[str, np.ndarray], str]:
    """The values an opened file stored, and a problem text ('' when none)."""
    try:
        return decode_variable_values(section), ""
    except GraphFileError as e:
        return {}, tr("The stored variable values are not used: {error}").format(error=e)


def section_of(session: Session | None) -> dict[str, Any] | None:
    """The section to save for ``session``'s values (None: it has none)."""
    if session is None:
        return None
    values = variable_values(session)
    return encode_variable_values(values) if values else None


class TrainedValues(QUndoCommand):
    """The variables' values before and after one training run, in one session."""

    def __init__(self, session: Session, before: dict[str, np.ndarray],
                 after: dict[str, np.ndarray], text: str) -> None:
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = after
        self._first = True

    def redo(self) -> None:
        if self._first:  # the values are in the session already
            self._first = False
            return
        set_variable_values(self.session, self.after)

    def undo(self) -> None:
        set_variable_values(self.session, self.before)
