"""Layered (Sugiyama-style) layout, one name-scope level at a time.

Why one level at a time (TensorBoard's way): a collapsed group is one box at its level,
so the top level of a 5,000-op model with a dozen scopes is a layout of a few dozen
units, and each group's members are laid out inside it once, relative to the group, the
same whether it is collapsed or expanded. Each level goes through the classic steps:
cycles broken (the units of a level can form one: ``a/x → b → a/y``), longest-path
layers with sources pulled next to their first consumer, barycentre sweeps down and up
to reduce crossings, then each column placed near the mean of its inputs without
overlaps. docs/LAYOUT.md says why this over the libraries measured.

Pure Python over the engine graph and plain sizes: no Qt, so it can run off the GUI
thread and in tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from editor.groups import ScopeTree
from engine import Graph

Size = tuple[float, float]
#: room between columns (edge labels sit there) and between rows
COLUMN_GAP = 150.0
ROW_GAP = 40.0
SWEEPS = 4


def layered(units: list[str], edges: list[tuple[str, str]], sizes: Mapping[str, Size],
            ) -> dict[str, tuple[float, float]]:
    """Top-left positions of ``units`` (sizes given) so that edges run left to right."""
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for a, b in _acyclic(units, edges):
        succ[a].append(b)
        pred[b].append(a)
    layer: dict[str, int] = {}
    for unit in _topological(units, succ, pred):
        layer[unit] = 1 + max((layer[p] for p in pred[unit]), default=-1)
    for unit in reversed(units):  # sources sit just left of their first consumer
        if not pred[unit] and succ[unit]:
            layer[unit] = max(0, min(layer[s] for s in succ[unit]) - 1)
    columns: dict[int, list[str]] = defaultdict(list)
    for unit in units:
        columns[layer[unit]].append(unit)
    order = [columns[c] for c in sorted(columns)]
    index = {u: i for col in order for i, u in enumerate(col)}
    for sweep in range(SWEEPS):
        down = sweep % 2 == 0
        seq = order[1:] if down else order[-2::-1]
        for col in seq:
            near = pred if down else succ

            def centre(u: str, near: dict[str, list[str]] = near) -> float:
                ns = near[u]
                return sum(index[n] for n in ns) / len(ns) if ns else float(index[u])

            col.sort(key=centre)
            for i, u in enumerate(col):
                index[u] = i
    positions: dict[str, tuple[float, float]] = {}
    x = 0.0
    for col in order:
        width = max(sizes[u][0] for u in col)
        wanted = []
        for u in col:
            ins = [positions[p][1] + sizes[p][1] / 2 for p in pred[u] if p in positions]
            wanted.append(sum(ins) / len(ins) - sizes[u][1] / 2 if ins else None)
        ys: list[float] = []
        bottom = float("-inf")
        for u, want in zip(col, wanted, strict=True):
            y = max(want if want is not None else bottom, bottom)
            if y == float("-inf"):
                y = 0.0
            ys.append(y)
            bottom = y + sizes[u][1] + ROW_GAP
        known = [y - w for y, w in zip(ys, wanted, strict=True) if w is not None]
        shift = sum(known) / len(known) if known else (ys[-1] + sizes[col[-1]][1] - ys[0]) / 2
        for u, y in zip(col, ys, strict=True):
            positions[u] = (x, y - shift)
        x += width + COLUMN_GAP
    top = min((y for _, y in positions.values()), default=0.0)
    return {u: (px, py - top) for u, (px, py) in positions.items()}


def _acyclic(units: list[str], edges: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``edges`` without self-loops, duplicates and the back edges of a depth-first search."""
    out: dict[str, list[str]] = defaultdict(list)
    for a, b in dict.fromkeys(edges):
        if a != b:
            out[a].append(b)
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    kept: list[tuple[str, str]] = []
    for root in units:
        if root in state:
            continue
        stack = [(root, iter(out[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                continue  # a back edge: dropped
            else:
                kept.append((node, nxt))
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(out[nxt])))
    return kept


def _topological(units: list[str], succ: Mapping[str, list[str]],
                 pred: Mapping[str, list[str]]) -> list[str]:
    waiting = {u: len(pred.get(u, ())) for u in units}
    ready = [u for u in units if waiting[u] == 0]
    order: list[str] = []
    while ready:
        unit = ready.pop()
        order.append(unit)
        for s in succ.get(unit, ()):
            waiting[s] -= 1
            if waiting[s] == 0:
                ready.append(s)
    return order


@dataclass(frozen=True)
class LayoutInput:
    """What a layout reads, copied from the graph and the items on the GUI thread, so
    the layout itself can run on another (``layout_job``) while the graph may change."""

    names: list[str]
    #: (source op, consumer op) of every wired input
    links: list[tuple[str, str]]
    collapsed: frozenset[str]
    sizes: dict[str, Size]
    boxes: dict[str, Size]
    pad: float
    header: float


def layout_input(graph: Graph, collapsed: set[str], size_of: Callable[[str], Size],
                 box_of: Callable[[str], Size], pad: float, header: float) -> LayoutInput:
    ops = graph.get_operations()
    names = [op.name for op in ops]
    links = [(t.op.name, op.name) for op in ops for t in op.inputs if t is not None]
    tree = ScopeTree(names)
    return LayoutInput(names, links, frozenset(s for s in collapsed if s in tree),
                       {n: size_of(n) for n in names},
                       {s: box_of(s) for s in tree.scopes if s in collapsed}, pad, header)


def nested_positions(
    graph: Graph, collapsed: set[str], size_of: Callable[[str], Size],
    box_of: Callable[[str], Size],
    pad: float, header: float,
) -> dict[str, tuple[float, float]]:
    """Top-left positions for every op: each scope level laid out with its collapsed
    child groups as boxes (``box_of(scope)``) and its expanded ones at the size of their
    contents (plus ``pad`` around and ``header`` on top); members of a group sit
    ``(pad, header + pad)`` inside the group's corner."""
    return layout_of(layout_input(graph, collapsed, size_of, box_of, pad, header))


def layout_of(data: LayoutInput, progress: Callable[[int, int], None] | None = None
              ) -> dict[str, tuple[float, float]]:
    """``nested_positions`` over a ``LayoutInput``; ``progress(done, total)`` is called
    after each scope level (it may raise to stop the layout)."""
    tree = ScopeTree(data.names)
    collapsed, pad, header = data.collapsed, data.pad, data.header
    edges_at: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for src, dst in data.links:
        a, b = tree.chain(src), tree.chain(dst)
        shared = 0
        while shared < min(len(a), len(b)) and a[shared] == b[shared]:
            shared += 1
        level_of = a[shared - 1] if shared else ""
        ua = "/" + a[shared] if shared < len(a) else src  # a scope's unit: "/scope"
        ub = "/" + b[shared] if shared < len(b) else dst
        edges_at[level_of].append((ua, ub))
    total = len(data.names) + len(tree.scopes)
    done = [0]

    def level(scope: str) -> tuple[dict[str, tuple[float, float]], Size]:
        # a scope's unit is "/scope": no op name starts with "/", so an op "a" beside a
        # scope "a" stays two units
        units = ["/" + c for c in tree.children.get(scope, ())] + list(tree.direct.get(scope, ()))
        sizes: dict[str, Size] = {}
        inner: dict[str, dict[str, tuple[float, float]]] = {}
        for unit in units:
            if unit.startswith("/"):
                inner[unit], (w, h) = level(unit[1:])
                sizes[unit] = (data.boxes[unit[1:]] if unit[1:] in collapsed
                               else (w + 2 * pad, h + header + 2 * pad))
            else:
                sizes[unit] = data.sizes[unit]
        placed = layered(units, edges_at.get(scope, []), sizes)
        out: dict[str, tuple[float, float]] = {}
        for unit, (x, y) in placed.items():
            if unit in inner:
                for name, (ix, iy) in inner[unit].items():
                    out[name] = (x + pad + ix, y + header + pad + iy)
            else:
                out[unit] = (x, y)
        width = max((x + sizes[u][0] for u, (x, _) in placed.items()), default=0.0)
        height = max((y + sizes[u][1] for u, (_, y) in placed.items()), default=0.0)
        done[0] += len(units)
        if progress is not None:
            progress(done[0], total)
        return out, (width, height)

    return level("")[0]
