"""What a run reports: per-op stats and the run's totals (what the editor's node rows, the
status bar and the benchmarks read)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class OpStats:
    time: float = 0.0  # seconds; for a fused group, on its root (the others show 0)
    bytes: int = 0  # bytes of the output it produced
    cached: bool = False
    group: str | None = None  # the root op's name when fused into a group
    #: on a fused group's root: how the group ran (``fusion.KERNELS``)
    kernel: str | None = None


@dataclass
class RunMetadata:
    """What a run did: per-op stats, the peak bytes of live intermediates, the wall time."""

    device: str = ""
    wall_time: float = 0.0
    ops: dict[str, OpStats] = field(default_factory=dict)
    peak_bytes: int = 0
    executed: list[str] = field(default_factory=list)  # ops whose kernels ran, in order
    cached: list[str] = field(default_factory=list)  # ops whose value came from the cache
