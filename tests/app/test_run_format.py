"""The texts a run produces: times, sizes, the status bar summary, node texts."""

from __future__ import annotations

import numpy as np
import pytest

from app.run_format import (
    format_bytes,
    format_seconds,
    op_run_tooltip,
    op_time_text,
    run_summary,
    value_info,
    value_tooltip,
)
from engine import OpStats, RunMetadata


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(35e-6, "35 µs"), (1.2e-4, "0.12 ms"), (0.0123, "12.3 ms"), (0.25, "250 ms"),
     (1.25, "1.25 s"), (12.5, "12.5 s")],
)
def test_times_keep_three_digits(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


@pytest.mark.parametrize(
    ("n", "text"), [(48, "48 B"), (1536, "1.5 KiB"), (8 << 20, "8.0 MiB"), (3 << 30, "3.0 GiB")]
)
def test_sizes_use_binary_units(n: int, text: str) -> None:
    assert format_bytes(n) == text


def test_the_summary_names_device_time_peak_and_cached() -> None:
    metadata = RunMetadata(
        device="cpu", wall_time=0.0012, peak_bytes=48,
        ops={n: OpStats() for n in "abcde"}, cached=["a", "b", "c"], executed=["d", "e"],
    )
    assert run_summary(metadata) == "Ran 5 ops on CPU in 1.20 ms · peak 48 B · 3 cached"


def test_a_summary_without_cached_ops_does_not_mention_the_cache() -> None:
    metadata = RunMetadata(device="gpu", wall_time=2.0, peak_bytes=0, ops={"a": OpStats()})
    assert run_summary(metadata) == "Ran 1 op on GPU in 2.00 s · peak 0 B"


def test_a_dask_summary_leaves_out_the_peak_the_cluster_holds() -> None:
    metadata = RunMetadata(device="dask", wall_time=2.0, ops={"a": OpStats(), "b": OpStats()})
    assert run_summary(metadata) == "Ran 2 ops on dask in 2.00 s"


def test_an_op_fused_into_another_s_group_says_so() -> None:
    assert op_time_text("mul", OpStats(0.0, 0, False, "add")) == "fused in add"
    assert op_time_text("add", OpStats(1.2e-4, 4, False, "add")) == "0.12 ms"
    assert op_time_text("add", OpStats(0.0, 4, True)) == "cached"


def test_a_fused_group_s_root_tooltip_says_how_the_group_ran() -> None:
    stats = OpStats(3e-4, 4_000_000, False, "mul_7", "compiled loop")
    assert op_run_tooltip("mul_7", stats, "cpu") == (
        "Run: 0.30 ms on CPU, 3.8 MiB output; its fused group ran as compiled loop"
    )
    assert op_run_tooltip("add", OpStats(0.0, 0, False, "mul_7"), "cpu") == (
        "Run: fused into mul_7's group on CPU"
    )


def test_the_dock_info_says_how_and_where() -> None:
    assert value_info("mul", OpStats(1.2e-4), "cpu") == "0.12 ms on CPU"
    assert value_info("mul", OpStats(cached=True), "gpu") == "cached on GPU"


def test_a_value_tooltip_is_short_even_for_a_big_value() -> None:
    text = value_tooltip(np.zeros((100, 100), dtype=np.float32))
    assert text.startswith("Value (100×100 float32):\n")
    assert len(text) < 700
