"""The canvas's interaction modes: select (the default), wire and pan.

Why a mode machine: a press on the canvas means different things depending on
what is under it and what is already going on (a wire being dragged must not also
start a rubber band; a pan must not move nodes). One explicit state, entered and
left in one place, keeps the mouse handlers of the scene and view from guessing.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, Signal


class Mode(Enum):
    SELECT = "select"
    WIRE = "wire"
    PAN = "pan"


class ModeMachine(QObject):
    """Holds the current mode; only SELECT may be left for another mode."""

    modeChanged = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = Mode.SELECT

    @property
    def mode(self) -> Mode:
        return self._mode

    def is_(self, mode: Mode) -> bool:
        return self._mode is mode

    def enter(self, mode: Mode) -> bool:
        """Switch to ``mode`` from SELECT; refused (False) while another gesture runs."""
        if self._mode is mode:
            return True
        if self._mode is not Mode.SELECT:
            return False
        self._mode = mode
        self.modeChanged.emit(mode)
        return True

    def leave(self, mode: Mode) -> None:
        """End ``mode`` (back to SELECT); a no-op if ``mode`` is not the current one."""
        if self._mode is mode and mode is not Mode.SELECT:
            self._mode = Mode.SELECT
            self.modeChanged.emit(Mode.SELECT)
