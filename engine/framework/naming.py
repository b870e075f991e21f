"""TF's rules for op and scope names: what a name may contain, and how a taken name is made
unique (``x``, ``x_1``, ``x_2`` …, compared case-insensitively, as TF's ``unique_name``).

Kept apart from the graph so the file loader and the editor check names by the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from .errors import GraphEditError

VALID_OP_NAME_REGEX = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
VALID_SCOPE_NAME_REGEX = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")


def invalid_name_message(name: str) -> str:
    return (
        f"`{name}` is not a valid node name. Accepted names conform to Regex "
        f"/{VALID_OP_NAME_REGEX}/"
    )


def check_new_op_name(name: str, ops: Collection[str]) -> None:
    """TF's two checks of a new node's name: its regex, then that no node has it (an exact
    name, ``scope/``, is not made unique)."""
    if not VALID_OP_NAME_REGEX.match(name):
        raise ValueError(invalid_name_message(name))
    if name in ops:
        raise ValueError(f"Duplicate node name in graph: '{name}'")


def invalid_scope_message(name: str, nested: bool) -> str:
    """TF's two messages: a root scope follows the node-name rule, a nested one its own."""
    if nested:
        return (f"'{name}' is not a valid scope name. A scope name has to match the following "
                f"pattern: {VALID_SCOPE_NAME_REGEX.pattern}")
    return (f"'{name}' is not a valid root scope name. A root scope name has to match the "
            f"following pattern: {VALID_OP_NAME_REGEX.pattern}")


def is_valid_name(name: str) -> bool:
    return bool(VALID_OP_NAME_REGEX.match(name))


def is_valid_scope_name(name: str, nested: bool) -> bool:
    """A root scope follows the node-name rule; a nested one may also start with ``_``, ``/``,
    ``\\``, ``>`` or ``-`` (TF checks the two with different regexes)."""
    regex = VALID_SCOPE_NAME_REGEX if nested else VALID_OP_NAME_REGEX
    return bool(regex.match(name))


#: scope names found valid, root (False) and nested (True): an operator opens the same one
#: (``add``, ``mul``) for every op it builds
_VALID_SCOPES: dict[bool, set[str]] = {False: set(), True: set()}


def check_scope_name(name: str, nested: bool) -> None:
    """Refuse a scope name TF refuses: a root scope follows the node-name rule, a nested one
    its own (TF's two regexes and messages)."""
    seen = _VALID_SCOPES[nested]
    if name in seen:
        return
    if not (VALID_SCOPE_NAME_REGEX if nested else VALID_OP_NAME_REGEX).match(name):
        raise ValueError(invalid_scope_message(name, nested=nested))
    if len(seen) < 4096:
        seen.add(name)


def uniquify(names_in_use: dict[str, int], name: str, mark_as_used: bool = True) -> str:
    """TF's uniquifier over ``names_in_use`` (lower-cased name → times used), which it
    updates when ``mark_as_used``: ``name`` when it is new, else ``name_i`` for the first
    ``i`` from the times used whose name is free. Every op built comes here twice or so
    (its scope, its name), so a new name costs one lookup and one store."""
    name_key = name.lower()
    i = names_in_use.get(name_key, 0)
    if mark_as_used:
        names_in_use[name_key] = i + 1
    if i == 0:
        return name
    candidate = f"{name_key}_{i}"
    while candidate in names_in_use:
        i += 1
        candidate = f"{name_key}_{i}"
    if mark_as_used:
        names_in_use[candidate] = 1
    return f"{name}_{i}"


def check_name_free(name: str, taken: Collection[str],
                    lowered: Mapping[str, str] | None = None) -> None:
    """Refuse an exact name (undo, paste, rename) that is invalid or already taken, also when
    it differs only in case: TF's names are unique case-insensitively. ``lowered`` (the taken
    names by their lower case) makes the check O(1), so loading or pasting n ops is O(n)."""
    if not is_valid_name(name):
        raise GraphEditError(invalid_name_message(name))
    if name in taken:
        raise GraphEditError(f"the name {name!r} is already used by another op")
    key = name.lower()
    if lowered is not None:
        other = lowered.get(key)
        if other is not None:
            raise GraphEditError(f"the name {name!r} differs only in case from the op {other!r}")
        return
    for other in taken:
        if other.lower() == key:
            raise GraphEditError(f"the name {name!r} differs only in case from the op {other!r}")


class NameScope:
    """The context of ``Graph.name_scope`` (a class, not a generator: every op built with
    an operator opens one, so it is on the graph-building hot path)."""

    __slots__ = ("_graph", "_old", "_new")

    def __init__(self, graph: Any, old: str, new: str) -> None:
        self._graph, self._old, self._new = graph, old, new

    def __enter__(self) -> str:
        self._graph._name_stack = self._new
        return self._new + "/" if self._new else ""

    def __exit__(self, *exc: Any) -> None:
        self._graph._name_stack = self._old
