"""Name scopes as an editing operation: renaming many ops at once, moving ops into a new
scope and taking them out of one.

Why a module of its own: a scope in TF is nothing but the ``/``-separated prefix of op
names, so grouping ops means renaming them. A group of renames must be all-or-nothing
(the editor's Group is one undo step, and a failed edit leaves the graph as it was), and
names freed by the batch may be taken by it (``a`` → ``s/a`` while ``s/a`` → ``a``), which
one ``rename_op`` at a time cannot check. The names follow TF's rules
(``naming.is_valid_name``, unique case-insensitively).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import GraphEditError
from .graph import Graph, get_default_graph
from .naming import invalid_name_message, invalid_scope_message, is_valid_name, is_valid_scope_name

if TYPE_CHECKING:
    from .operation import Operation


def scope_of(name: str) -> str:
    """The scope an op name sits in: ``a/b/add`` → ``a/b``; ``add`` → ``""``."""
    cut = name.rfind("/")
    return name[:cut] if cut > 0 else ""


def common_scope(names: Iterable[str]) -> str:
    """The deepest scope that holds every one of ``names`` (``""``: the root)."""
    parts: list[str] | None = None
    for name in names:
        own = scope_of(name).split("/") if scope_of(name) else []
        if parts is None:
            parts = own
        else:
            keep = 0
            while keep < min(len(parts), len(own)) and parts[keep] == own[keep]:
                keep += 1
            parts = parts[:keep]
    return "/".join(parts or [])


def scope_names(graph: Graph) -> set[str]:
    """Every scope the graph's op names make, nested ones included (``a``, ``a/b``)."""
    out: set[str] = set()
    for name in graph._ops:
        scope = scope_of(name)
        while scope and scope not in out:
            out.add(scope)
            scope = scope_of(scope)
    return out


def free_scope_name(graph: Graph, base: str, parent: str = "") -> str:
    """A scope ``parent/base`` (``base_1``, ``base_2`` … when taken) that no op and no
    scope uses yet, compared case-insensitively as TF's unique names are."""
    nested = bool(parent)
    if not base or not is_valid_scope_name(base, nested) or "/" in base:
        raise GraphEditError(invalid_scope_message(base, nested))
    taken = {n.lower() for n in graph._ops} | {s.lower() for s in scope_names(graph)}
    prefix = parent + "/" if parent else ""
    candidate, i = prefix + base, 1
    while candidate.lower() in taken:
        candidate = f"{prefix}{base}_{i}"
        i += 1
    if not is_valid_name(candidate):
        raise GraphEditError(invalid_name_message(candidate))
    return candidate


def check_renames(graph: Graph, renames: Mapping[str, str]) -> None:
    """Refuse a batch of renames (old name → new name) that would leave an invalid name or
    two ops whose names differ only in case; names the batch frees may be reused by it."""
    for old, new in renames.items():
        if old not in graph._ops:
            raise GraphEditError(f"no op named {old!r}")
        if not is_valid_name(new):
            raise GraphEditError(invalid_name_message(new))
    staying = {n.lower(): n for n in graph._ops if n not in renames}
    seen: dict[str, str] = {}
    for old, new in renames.items():
        key = new.lower()
        if key in staying:
            raise GraphEditError(f"the name {new!r} is already used by the op {staying[key]!r}")
        if key in seen:
            raise GraphEditError(f"{old!r} and {seen[key]!r} would both be named {new!r}")
        seen[key] = old


def rename_ops(graph: Graph, renames: Mapping[str, str]) -> dict[str, str]:
    """Rename several ops as one edit: all of them, or (on a refused name) none. Returns
    the renames done (old → new), without those that keep their name. The names change
    together (so ops may swap names), then each rename is reported as an ``op_renamed``
    event, and the renamed ops and what is downstream of them are inferred once (their
    messages quote names), not once per op: grouping a 5,000-op chain is one pass."""
    graph._check_mutable()
    renames = {old: new for old, new in renames.items() if old != new}
    check_renames(graph, renames)
    if not renames:
        return renames
    with graph.edit_lock:
        ops = {old: graph._ops[old] for old in renames}
        graph._ops = {renames.get(name, name): op for name, op in graph._ops.items()}
        for old in renames:
            graph._lowered.pop(old.lower(), None)
        for old, new in renames.items():
            graph._lowered[new.lower()] = new
            ops[old]._name = new
            graph._names_in_use.setdefault(new.lower(), 1)
        graph._version += 1
    for old in renames:
        graph._emit("op_renamed", ops[old], old=old)
    graph._reinfer_downstream(list(ops.values()))
    return renames


def move_to_scope(graph: Graph, ops: Iterable[Operation], base: str) -> tuple[str, dict[str, str]]:
    """Group ``ops`` into a new scope named ``base`` (made unique), inside the deepest scope
    that holds them all: ``outer/x/add`` grouped as ``block`` becomes
    ``outer/block/x/add``. One all-or-nothing edit; returns the scope made and the
    renames (old → new)."""
    chosen = [graph._own(op) for op in ops]
    if not chosen:
        raise GraphEditError("no ops to group")
    parent = common_scope(op.name for op in chosen)
    scope = free_scope_name(graph, base, parent)
    cut = len(parent) + 1 if parent else 0
    renames = {op.name: f"{scope}/{op.name[cut:]}" for op in chosen}
    return scope, rename_ops(graph, renames)


def ungroup_scope(graph: Graph, scope: str) -> dict[str, str]:
    """Take every op out of ``scope`` into the scope around it (``outer/block/x/add`` →
    ``outer/x/add``); a name that is taken there gets TF's ``_1`` suffix. One
    all-or-nothing edit; returns the renames (old → new)."""
    prefix = scope + "/"
    members = [name for name in graph._ops if name.startswith(prefix)]
    if not members:
        raise GraphEditError(f"no scope named {scope!r}")
    parent = scope_of(scope)
    outer = parent + "/" if parent else ""
    taken = {n.lower() for n in graph._ops if not n.startswith(prefix)}
    renames: dict[str, str] = {}
    for name in members:
        wanted = outer + name[len(prefix):]
        candidate, i = wanted, 1
        while candidate.lower() in taken:
            candidate = f"{wanted}_{i}"
            i += 1
        taken.add(candidate.lower())
        renames[name] = candidate
    return rename_ops(graph, renames)


@contextmanager
def name_scope(name: str | None, default_name: str | None = None,
               values: Any = None) -> Iterator[str]:
    """``tf.compat.v1.name_scope(name, default_name, values)``: the scope ``name`` (``""``:
    the root), else ``default_name`` made unique, in the graph of ``values``' tensors (the
    default graph without them), which it makes the default while open."""
    if name is None and default_name is None and values is not None:
        raise ValueError(f"At least one of name ({name}) and default_name ({default_name}) "
                         "must be provided.")
    graph = next((v.graph for v in (values or ()) if isinstance(getattr(v, "graph", None),
                                                                  Graph)), None)
    graph = graph if graph is not None else get_default_graph()
    with graph.as_default(), graph.name_scope(default_name if name is None else name) as scope:
        yield scope
