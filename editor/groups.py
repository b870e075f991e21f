"""Name scopes as groups: which scopes a graph's op names make, and which item shows an op.

Why pure Python over names: a group is nothing but a TF name scope (the ``/`` prefix of op
names), so what the canvas shows follows from the names and the set of collapsed scopes
alone. An op inside a collapsed scope is shown by the outermost collapsed scope around it;
every other op by its own node. Kept apart from Qt so the rule is cheap to test.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def scope_chain(name: str) -> list[str]:
    """The scopes around an op name, outermost first: ``a/b/add`` → ``["a", "a/b"]``."""
    if "/" not in name:
        return []
    parts = name.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts)) if parts[i]]


def parent_scope(scope: str) -> str:
    cut = scope.rfind("/")
    return scope[:cut] if cut > 0 else ""


def leaf(scope: str) -> str:
    """The last part of a scope's name (what a group's box shows)."""
    return scope.rsplit("/", 1)[-1]


class ScopeTree:
    """The scopes of a set of op names, with the ops each holds (nested ones counted)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.ops_under: dict[str, list[str]] = defaultdict(list)
        self.children: dict[str, list[str]] = defaultdict(list)
        self.direct: dict[str, list[str]] = defaultdict(list)
        self._chains: dict[str, list[str]] = {}
        for name in names:
            chain = scope_chain(name)
            if chain:  # (an op outside every scope: none kept, ``chain`` finds it empty)
                self._chains[name] = chain
            self.direct[chain[-1] if chain else ""].append(name)
            for scope in chain:
                if scope not in self.ops_under:
                    self.children[parent_scope(scope)].append(scope)
                self.ops_under[scope].append(name)

    @property
    def scopes(self) -> list[str]:
        return list(self.ops_under)

    def __contains__(self, scope: object) -> bool:
        return scope in self.ops_under

    def top_level(self) -> list[str]:
        return list(self.children.get("", []))

    def chain(self, name: str) -> list[str]:
        """The scopes around op ``name`` (outermost first); also for names not in the tree."""
        chain = self._chains.get(name)
        return chain if chain is not None else scope_chain(name)

    def shown_by(self, name: str, collapsed: set[str] | frozenset[str]) -> str | None:
        """The collapsed scope whose box shows op ``name`` (the outermost one), or None
        when the op's own node is shown."""
        if not collapsed:
            return None
        for scope in self.chain(name):
            if scope in collapsed:
                return scope
        return None

    def visible_scope(self, scope: str, collapsed: set[str] | frozenset[str]) -> bool:
        """Whether ``scope`` itself is on the canvas (no collapsed scope around it)."""
        return not any(outer in collapsed for outer in scope_chain(scope + "/x")[:-1])

    def depth(self, scope: str) -> int:
        return scope.count("/")
