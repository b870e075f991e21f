"""How a fused group runs where no fixed size is the right threshold: by measured cost.

Below ``fusion.JIT_MIN_WORK`` (elements × ops) one compiled loop may or may not beat numpy's
ufuncs called op by op: the loop makes one pass over memory where numpy makes one per op, but
costs numba's dispatch (about 2 µs), and where the two cross depends on the ops, the sizes and
the machine (measured here: an 8-op chain of 1e3 float32 ran in 5.2 µs compiled against 6.3 µs
op by op, a 2-op chain of 1e4 in 5.7 µs compiled against 4.8 µs). So for work from a
sixteenth of that threshold up to it, a group whose kernel is compiled times both paths over
its first runs at one shape, alternately, ``TRIALS`` runs each, and keeps the faster (the
fastest of each path's runs: the least disturbed by whatever else the machine runs). The run
metadata names the path that ran (``OpStats.kernel``).
"""

from __future__ import annotations

__all__ = ["COMPILED", "OPS", "TRIALS", "Route", "measured"]

#: timed runs of each path before one is chosen
TRIALS = 4
OPS = "op by op"
COMPILED = "compiled loop"


def measured(work: int, jit_min_work: int) -> bool:
    """Whether a group of this much work (elements × ops) chooses its path by measuring."""
    return jit_min_work >> 4 <= work < jit_min_work


class Route:
    """One group's measurements at one shape, and the path chosen once both are timed."""

    __slots__ = ("best", "compiled", "ops")

    def __init__(self) -> None:
        self.ops: list[float] = []
        self.compiled: list[float] = []
        #: ``OPS`` or ``COMPILED`` once measured; None while measuring
        self.best: str | None = None

    def runs_ops(self) -> bool:
        """Whether this run is op by op: the path chosen, or, while measuring, the path
        with fewer timed runs (the compiled loop first)."""
        if self.best is not None:
            return self.best == OPS
        return len(self.ops) < len(self.compiled)

    def record(self, ops: bool, seconds: float) -> None:
        (self.ops if ops else self.compiled).append(seconds)
        if len(self.ops) >= TRIALS and len(self.compiled) >= TRIALS:
            self.best = OPS if min(self.ops) < min(self.compiled) else COMPILED
