"""What the last run did at ops that have no item (a large graph's nodes out of view).

Why kept apart from the items: in a virtual scene (``scene_virtual``) a run over 20,000
ops must not make 20,000 node items to show its states and values; each op without an
item keeps its run row here instead, and the item made for it later takes it over
(``NodeItem.adopt_run``), so what it shows is what it would have shown all along. The
row's size follows the run row as the item's would (it grows to show a value), so the
overview layer's box is the item's size.
"""

from __future__ import annotations

from collections.abc import Callable

from editor import style
from editor.run_row import RunRow


class RowRun:
    """The run API of ``NodeItem`` (set_run_state, set_preview, set_stale, run_info, …)
    on the run row of an op without an item; ``resized`` is told when its size may have
    changed."""

    def __init__(self, row: RunRow, resized: Callable[[], None]) -> None:
        self.row = row
        self._resized = resized

    @property
    def has_run_row(self) -> bool:
        return self.row.shown

    @property
    def run_state(self) -> str | None:
        return self.row.state

    @property
    def result_text(self) -> str | None:
        return self.row.result_text

    @property
    def result_stale(self) -> bool:
        return self.row.result_stale

    def run_info(self) -> tuple[str | None, str, str]:
        return self.row.state, self.row.text, self.row.tip

    def set_run_state(self, state: str | None, text: str = "", tooltip: str = "") -> None:
        if self.row.set_state(state, text, tooltip):
            self._resized()

    def set_preview(self, text: str | None, stale: bool = False, tooltip: str = "") -> None:
        if self.row.set_preview(text, stale, tooltip):
            self._resized()

    def set_stale(self, stale: bool) -> None:
        if self.row.set_stale(stale):
            self._resized()

    def set_pulse(self, pulse: float) -> None:
        self.row.pulse = pulse  # drawn by the item only: a box shows no pulse

    def preview_chars(self, base_width: float) -> int:
        return self.row.preview_chars(base_width)


def sized(base: tuple[float, float], row: RunRow | None) -> tuple[float, float]:
    """A node's size from its size without a run row (``node_geometry.node_size``) and
    its run row, as ``NodeItem`` sizes itself."""
    width, height = base
    if row is None or not row.shown:
        return base
    return float(round(max(width, row.wanted_width()))), height + style.RUN_ROW_HEIGHT
