"""The placeholder values a run needs, asked for and converted before the run starts.

Why apart from the run controller: asking, remembering and converting feeds is its own
step with its own ways to fail (the user cancels, a value is missing or does not fit its
placeholder); each failure comes back as a ``FeedProblem`` the controller shows on the
nodes or in the status bar, so nothing here touches a widget or a node's state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from app.feed_dialog import FeedRequest
from editor.i18n import translate
from engine import Operation, Tensor, convert_feed

AskFeeds = Callable[[list[FeedRequest]], "dict[str, Any] | None"]


@dataclass
class FeedProblem:
    """Why the run cannot start; ``names`` are the nodes to mark (none: a status text)."""

    message: str
    names: list[str] = field(default_factory=list)


def feeds_for(upstream: list[Operation], memory: dict[str, Any],
              ask: AskFeeds) -> dict[Tensor, np.ndarray] | FeedProblem:
    """Values for the placeholders without a default that the run needs (asked for, and
    remembered in ``memory`` by placeholder name for the next time)."""
    if any(op.error is not None for op in upstream):
        return {}  # the engine refuses the run and names the invalid ops: ask nothing
    needed = [
        op for op in upstream
        if op.type == "Placeholder" and op.get_attr("default_value") is None
    ]
    if not needed:
        return {}
    values = ask([FeedRequest(op.outputs[0], memory.get(op.name)) for op in needed])
    if values is None:
        return FeedProblem(translate("Run", "Run cancelled: the placeholders need values"))
    feeds: dict[Tensor, np.ndarray] = {}
    for op in needed:
        tensor = op.outputs[0]
        if op.name not in values:
            missing = translate("Run", "No value for placeholder '{name}'")
            return FeedProblem(missing.format(name=op.name), [op.name])
        value = values[op.name]  # a memory-mapped file goes as it is (read as needed)
        try:
            feeds[tensor] = value if isinstance(value, np.memmap) else convert_feed(
                tensor, value)
        except (TypeError, ValueError, OverflowError) as e:  # 2**40 into an int32
            return FeedProblem(str(e), [op.name])
        memory[op.name] = value
    return feeds
