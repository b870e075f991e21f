"""The canvas's run states and value previews: what the app's run controller shows on
the nodes during and after a run (a part of ``Canvas`` of its own: the facade's edit
and document code is long enough)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from editor.node_item import NodeItem
from editor.row_runs import RowRun

if TYPE_CHECKING:
    from editor.scene import GraphScene

#: the running nodes' pulse: one frame every PULSE_MS, a cycle of PULSE_FRAMES frames
PULSE_MS = 80
PULSE_FRAMES = 12


class RunStates:
    """Run states, previews and the running nodes' pulse for ``Canvas`` (which sets these
    attributes)."""

    scene: GraphScene
    _running: set[str]
    _pulse: QTimer
    _pulse_frame: int

    def set_run_state(
        self, name: str, state: str | None, text: str = "", tooltip: str = ""
    ) -> None:
        """Show a node's run state (``waiting``, ``running``, ``done``, ``cached``,
        ``failed`` or ``None``), its time text and a tooltip line; unknown names are
        ignored (the op may have gone since the run started)."""
        node = self.scene.run_target(name)
        if node is None:
            return
        node.set_run_state(state, text, tooltip)
        if state == "running":
            self._running.add(name)
            if not self._pulse.isActive():
                self._pulse.start()
        elif name in self._running:
            self._running.discard(name)

    def set_result_preview(
        self, name: str, text: str | None, stale: bool = False, tooltip: str = ""
    ) -> None:
        """Show a fetched value's one-line preview on its node (``None`` removes it)."""
        node = self.scene.run_target(name)
        if node is not None:
            node.set_preview(text, stale, tooltip)

    def set_result_stale(self, name: str, stale: bool) -> None:
        node = self.scene.run_target(name)
        if node is not None:
            node.set_stale(stale)

    def clear_run_states(self) -> None:
        """Forget every node's run state and preview."""
        self._running.clear()
        self.scene.clear_row_runs()
        for node in self.scene.nodes():
            if node.has_run_row:
                node.set_run_state(None)
                node.set_preview(None)

    def preview_chars(self, name: str) -> int:
        """How many characters of a value preview fit on the node (for ``format_value``)."""
        node = self.scene.node_named(name)  # its width: the item's
        return node.preview_chars() if node is not None else 24

    def run_node(self, name: str) -> NodeItem | RowRun | None:
        """What shows the run at ``name``: its node item, else (a large graph's op out of
        view) its row's run row (tests and the run controller read it)."""
        return self.scene.run_target(name)

    def _tick_pulse(self) -> None:
        if not self._running:
            self._pulse.stop()
            return
        self._pulse_frame = (self._pulse_frame + 1) % PULSE_FRAMES
        phase = abs(self._pulse_frame / (PULSE_FRAMES / 2) - 1.0)  # 1 → 0 → 1
        for name in list(self._running):
            node = self.scene.run_target(name)
            if node is None or node.run_state != "running":
                self._running.discard(name)
            else:
                node.set_pulse(phase)
