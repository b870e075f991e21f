"""Group and Ungroup as undo commands: renames through the engine, one step each.

Why renames: a group is a TF name scope, so putting ops into one means renaming them
(``add`` → ``block/add``). The engine does the batch all or nothing
(``engine.move_to_scope``, ``engine.ungroup_scope``); undo renames them back.
"""

from __future__ import annotations

from editor.commands import EditContext, GraphCommand
from editor.i18n import tr
from engine import move_to_scope, rename_ops, ungroup_scope


class _Renames(GraphCommand):
    """Renames made by the first apply, redone and undone as a batch."""

    def __init__(self, ctx: EditContext, text: str) -> None:
        super().__init__(ctx, text)
        self.renames: dict[str, str] | None = None

    def first_apply(self) -> dict[str, str]:
        raise NotImplementedError

    def apply(self) -> None:
        if self.renames is None:
            self.renames = self.first_apply()
        else:
            rename_ops(self.graph, self.renames)

    def revert(self) -> None:
        assert self.renames is not None
        rename_ops(self.graph, {new: old for old, new in self.renames.items()})


class GroupOps(_Renames):
    """Move ops into a new scope ``base`` (made unique) inside their common scope."""

    def __init__(self, ctx: EditContext, names: list[str], base: str) -> None:
        super().__init__(ctx, tr("Group {count} nodes as {name}").format(
            count=len(names), name=base))
        self.names = list(names)
        self.base = base
        self.scope: str | None = None

    def first_apply(self) -> dict[str, str]:
        self.scope, renames = move_to_scope(self.graph, [self.op(n) for n in self.names],
                                            self.base)
        self.setText(tr("Group {count} nodes as {name}").format(
            count=len(self.names), name=self.scope))
        return renames


class UngroupScope(_Renames):
    """Take every op out of ``scope`` into the scope around it."""

    def __init__(self, ctx: EditContext, scope: str) -> None:
        super().__init__(ctx, tr("Ungroup {name}").format(name=scope))
        self.scope = scope

    def first_apply(self) -> dict[str, str]:
        return ungroup_scope(self.graph, self.scope)
