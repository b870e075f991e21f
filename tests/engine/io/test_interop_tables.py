"""The interop tables cover the registry: every op says how it is written as a NodeDef and
as ONNX, or why it cannot be — an op added later without an entry fails here."""

from __future__ import annotations

import engine
from engine.io.graphdef_ops import GRAPHDEF_OPS
from engine.io.graphdef_ops import NOT_EXPORTABLE as GRAPHDEF_NOT_EXPORTABLE
from engine.io.onnx_ops import NOT_EXPORTABLE as ONNX_NOT_EXPORTABLE
from engine.io.onnx_ops import ONNX_OPS
from engine.io.python_export import PYTHON_OPS


def test_every_registry_op_has_a_graphdef_entry() -> None:
    missing = [d.type for d in engine.op_defs()
               if d.type not in GRAPHDEF_OPS and d.type not in GRAPHDEF_NOT_EXPORTABLE]
    assert missing == [], "add a GraphDef mapping (or a reason) in engine/io/graphdef_ops.py"


def test_every_registry_op_has_an_onnx_entry() -> None:
    missing = [d.type for d in engine.op_defs()
               if d.type not in ONNX_OPS and d.type not in ONNX_NOT_EXPORTABLE]
    assert missing == [], "add an ONNX converter (or a reason) in engine/io/onnx_ops.py"


def test_no_op_is_both_mapped_and_refused() -> None:
    assert set(ONNX_OPS) & set(ONNX_NOT_EXPORTABLE) == set()
    assert set(GRAPHDEF_OPS) & set(GRAPHDEF_NOT_EXPORTABLE) == set()


def test_every_registry_op_has_a_python_entry() -> None:
    missing = [d.type for d in engine.op_defs() if d.type not in PYTHON_OPS]
    assert missing == [], "add the op to PYTHON_OPS in engine/io/python_export.py"


def test_tables_name_only_registry_ops() -> None:
    known = {d.type for d in engine.op_defs()}
    assert set(GRAPHDEF_OPS) - known == set()
    assert set(ONNX_OPS) - known == set()


def test_docs_op_tables_are_current() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, str(root / "tools" / "interop_tables.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
