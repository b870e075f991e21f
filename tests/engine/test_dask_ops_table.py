"""docs/DASK_OPS.md lists every registered op's form on the dask backend, as the registry
says it: a new op appears there (and must say how it runs) by running the tool again."""

from __future__ import annotations

import sys
from pathlib import Path

from engine.framework.registry import op_defs

REPO_ROOT = Path(__file__).resolve().parents[2]


def _tool() -> object:
    sys.path.insert(0, str(REPO_ROOT / "tools"))
    try:
        import dask_ops_table
    finally:
        sys.path.remove(str(REPO_ROOT / "tools"))
    return dask_ops_table


def test_the_committed_dask_ops_table_is_what_the_tool_writes() -> None:
    table = _tool()
    written = (REPO_ROOT / "docs" / "DASK_OPS.md").read_text(encoding="utf-8")
    assert written == table.render(), "run: python tools/dask_ops_table.py"  # type: ignore[attr-defined]


def test_the_table_has_one_row_per_registered_op() -> None:
    written = (REPO_ROOT / "docs" / "DASK_OPS.md").read_text(encoding="utf-8")
    rows = [line.split(" | ")[0].lstrip("| ") for line in written.splitlines()
            if line.startswith("| ") and not line.startswith("| Op ")]
    assert sorted(rows) == sorted(d.type for d in op_defs())
