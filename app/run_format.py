"""The texts a run produces: times, byte counts, the status-bar summary, node texts.

Why pure functions: these are the promises the editor makes about a run ("Ran 5 ops on
CPU in 1.2 ms · peak 48 B · 3 cached"), so fast unit tests pin them without a window.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from editor.i18n import QT_TRANSLATE_NOOP, translate
from engine import OpStats, RunMetadata, format_value

DOT = " \u00b7 "  # " · "
#: the most characters a tooltip shows of a value
TOOLTIP_VALUE_CHARS = 600


def format_seconds(seconds: float) -> str:
    """``35 µs``, ``0.12 ms``, ``12.3 ms``, ``1.25 s``: three significant digits at most."""
    if seconds < 0:
        seconds = 0.0
    if seconds < 1e-4:
        return f"{seconds * 1e6:.0f} \u00b5s"
    if seconds < 1.0:
        ms = seconds * 1e3
        return f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def format_bytes(n: int) -> str:
    """``48 B``, ``1.5 KiB``, ``7.6 MiB``, ``2.0 GiB``."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"  # pragma: no cover - the loop always returns


def device_label(device: str) -> str:
    """``CPU`` / ``GPU`` as the status bar and the results dock say it."""
    return device.upper() if device in ("cpu", "gpu") else device


def run_summary(metadata: RunMetadata) -> str:
    """``Ran 5 ops on CPU in 1.2 ms · peak 48 B · 3 cached``; on dask without the peak
    (the cluster's workers hold the memory: its dashboard shows it)."""
    count = len(metadata.ops)
    ran = (translate("RunFormat", "Ran {count} op on {device} in {time}") if count == 1 else
           translate("RunFormat", "Ran {count} ops on {device} in {time}"))
    text = ran.format(count=count, device=device_label(metadata.device),
                      time=format_seconds(metadata.wall_time))
    if metadata.device != "dask":
        text += DOT + translate("RunFormat", "peak {bytes}").format(
            bytes=format_bytes(metadata.peak_bytes))
    if metadata.cached:
        text += DOT + translate("RunFormat", "{count} cached").format(count=len(metadata.cached))
    return text


def done_texts(how: str) -> tuple[str, str]:
    """A node's run-row text and tooltip line when its value was ``fed`` by the user,
    ``folded`` into the plan or ``cached``. The row's text is the source text: the row
    translates it when it draws, so it follows a language switch."""
    if how == "fed":
        return (QT_TRANSLATE_NOOP("RunRow", "fed"),
                translate("Run", "Run: fed with the value you gave"))
    if how == "folded":
        return (QT_TRANSLATE_NOOP("RunRow", "folded"),
                translate("Run", "Run: folded into the plan"))
    return QT_TRANSLATE_NOOP("RunRow", "cached"), ""


def failure_texts(how: str, detail: str, name: str = "") -> tuple[str, str]:
    """A failed node's run-row text and its message: ``invalid`` (the engine refused the
    op), ``failed`` (its kernel raised ``detail``), ``failed at`` (the run's message)."""
    if how == "invalid":
        return translate("Run", "invalid op"), translate("Run", "Cannot run: {error}").format(
            error=detail)
    if how == "failed at":
        return detail, translate("Run", "Run failed at '{name}': {error}").format(
            name=name, error=detail)
    return detail, translate("Run", "Run failed: {error}").format(error=detail)


def stopped_text(has_results: bool) -> str:
    """What the status bar says when Stop ended a run."""
    if has_results:
        return translate("Run", "Run stopped; the results shown are from an earlier run")
    return translate("Run", "Run stopped before any result")


def op_time_text(name: str, stats: OpStats) -> str:
    """A node's run-row text: its own time, ``cached``, or ``fused in mul`` for an op
    that ran inside another op's fused group (the group's time is on its root)."""
    if stats.group is not None and stats.group != name:
        return translate("RunFormat", "fused in {op}").format(op=stats.group)
    if stats.cached:
        return QT_TRANSLATE_NOOP("RunRow", "cached")  # translated by the row as it draws
    return format_seconds(stats.time)


def op_run_tooltip(name: str, stats: OpStats, device: str) -> str:
    """The line a node's tooltip gains after a run."""
    where = device_label(device)
    if stats.group is not None and stats.group != name:
        return translate("RunFormat", "Run: fused into {op}'s group on {device}").format(
            op=stats.group, device=where)
    if stats.cached:
        return translate("RunFormat", "Run: cached (computed by an earlier run on {device})"
                         ).format(device=where)
    text = translate("RunFormat", "Run: {time} on {device}, {bytes} output").format(
        time=format_seconds(stats.time), device=where, bytes=format_bytes(stats.bytes))
    if stats.group is not None:
        text += translate("RunFormat", "; its fused group ran as {kernel}").format(
            kernel=stats.kernel or translate("RunFormat", "one step"))
    return text


def value_tooltip(value: Any) -> str:
    """The value as a node's tooltip shows it: numpy's printing, cut to a few lines."""
    array = np.asarray(value)
    text = np.array2string(array, threshold=60, edgeitems=3, max_line_width=80) if (
        array.ndim
    ) else format_value(array, TOOLTIP_VALUE_CHARS)
    if len(text) > TOOLTIP_VALUE_CHARS:
        text = text[: TOOLTIP_VALUE_CHARS - 1] + "\u2026"
    spec = "\u00d7".join(str(d) for d in array.shape) or "scalar"
    return translate("RunFormat", "Value ({spec}):").format(
        spec=f"{spec} {array.dtype.name}") + f"\n{text}"


def value_info(name: str, stats: OpStats | None, device: str) -> str:
    """The results dock's info line: ``0.12 ms on CPU``, ``cached on CPU``."""
    where = device_label(device)
    if stats is None:
        return translate("RunFormat", "on {device}").format(device=where)
    if stats.group is not None and stats.group != name:
        return translate("RunFormat", "fused in {op} on {device}").format(
            op=stats.group, device=where)
    if stats.cached:
        return translate("RunFormat", "cached on {device}").format(device=where)
    return translate("RunFormat", "{time} on {device}").format(
        time=format_seconds(stats.time), device=where)
