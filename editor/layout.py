"""Automatic layout: left-to-right layers by topological depth.

Why this simple scheme: dataflow reads left to right, so an op goes one column to
the right of its deepest input; sources sit just left of their first consumer
instead of all piling up in column 0. Within a column ops are ordered by the mean
row of their inputs (one barycentre pass), which untangles most small graphs.
Pure over the engine graph (no Qt), so it is cheap to test and to run on 2,000 ops.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from engine import Graph, Operation

COLUMN_SPACING = 300.0
ROW_SPACING = 110.0


def layers(graph: Graph) -> dict[Operation, int]:
    """Each op's column: 1 + the deepest input's; sources pulled next to their consumers."""
    order = graph.upstream(graph.get_operations())
    depth: dict[Operation, int] = {}
    for op in order:
        wired = [t.op for t in op.inputs if t is not None]
        depth[op] = 1 + max((depth[src] for src in wired), default=-1)
    for op in reversed(order):
        if any(t is not None for t in op.inputs):
            continue
        consumers = [c for c, _ in op.consumers()]
        if consumers:
            depth[op] = max(0, min(depth[c] for c in consumers) - 1)
    return depth


def layered_positions(graph: Graph) -> dict[str, tuple[float, float]]:
    """Top-left positions for every op of ``graph``, by name."""
    depth = layers(graph)
    columns: dict[int, list[Operation]] = defaultdict(list)
    for op in graph.get_operations():  # creation order breaks ties
        columns[depth[op]].append(op)
    row_of: dict[Operation, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for col in sorted(columns):
        ops = columns[col]
        creation = {op: i for i, op in enumerate(ops)}

        def barycentre(op: Operation, creation: dict[Operation, int] = creation) -> float:
            rows = [row_of[t.op] for t in op.inputs if t is not None and t.op in row_of]
            return sum(rows) / len(rows) if rows else float(creation[op])

        ops.sort(key=lambda op: (barycentre(op), creation[op]))
        offset = (len(ops) - 1) / 2.0
        for row, op in enumerate(ops):
            row_of[op] = row - offset
            positions[op.name] = (col * COLUMN_SPACING, (row - offset) * ROW_SPACING)
    return positions


def layout_missing(
    graph: Graph, names: list[str], placed: Mapping[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Positions for the ops ``names`` that a file did not place: the automatic layout,
    moved below the ``placed`` ones (left-aligned with them) so that none covers another."""
    layout = layered_positions(graph)
    out = {n: layout[n] for n in names}
    if placed and out:
        bottom = max(y for _, y in placed.values()) + 160.0
        dx = min(x for x, _ in placed.values()) - min(x for x, _ in out.values())
        dy = bottom - min(y for _, y in out.values())
        out = {n: (x + dx, y + dy) for n, (x, y) in out.items()}
    return out
