"""Files in and out by extension: the one place the app and the command line ask to open or
write a graph in any format.

``.json`` is TensorCanvas's own file (``graph_files``); ``.pbtxt``/``.pb`` are TensorFlow
GraphDefs (text, binary); ``.onnx`` and ``.py`` are export only. ONNX needs the optional
``onnx`` package: without it an export says what to install instead of failing on import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..framework.errors import GraphFileError
from ..framework.graph import Graph
from ..framework.operation import Operation, Tensor
from .graph_files import load_graph, save_graph
from .graphdef_read import ImportReport, Progress, read_graphdef
from .graphdef_write import write_graphdef
from .python_export import PythonExportError, write_python

#: what ``import_graph`` reads, by extension, and what each is called in a file dialog
IMPORT_FORMATS: dict[str, str] = {
    ".json": "TensorCanvas graph", ".pbtxt": "TensorFlow GraphDef (text)",
    ".pb": "TensorFlow GraphDef (binary)",
}
#: what ``export_graph`` writes
EXPORT_FORMATS: dict[str, str] = {
    **IMPORT_FORMATS, ".onnx": "ONNX model", ".py": "Python script (tf.compat.v1)",
}
ONNX_MISSING = ("ONNX export needs the onnx package: pip install 'tensorcanvas[interop]' "
                "(or: pip install onnx onnxruntime)")


def _extension(path: str, formats: Mapping[str, str], verb: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext not in formats:
        known = ", ".join(formats)
        raise GraphFileError(f"cannot {verb} a {ext or 'file without an extension'} file: the "
                             f"formats are {known}", path=path)
    return ext


def import_graph(path: str | os.PathLike[str], *, progress: Progress | None = None
                 ) -> tuple[Graph, dict[str, Any] | None, ImportReport]:
    """Read a graph in any format ``IMPORT_FORMATS`` names: ``(graph, editor section or None,
    what the import found)``; ``GraphFileError`` naming the file for what cannot be read.
    ``progress`` as ``load_graph``'s: fractions up to 1.0; what it raises stops the import."""
    source = os.fspath(path)
    if _extension(source, IMPORT_FORMATS, "import") == ".json":
        graph, editor = load_graph(source, progress=progress)
        return graph, editor, ImportReport()
    graph, report = read_graphdef(source, progress=progress)
    return graph, None, report


def export_graph(path: str | os.PathLike[str], graph: Graph, *,
                 fetches: Sequence[str | Tensor | Operation] | None = None,
                 editor: Mapping[str, Any] | None = None, flavor: str = "tf",
                 values: Mapping[str, Any] | None = None, session: Any = None) -> None:
    """Write ``graph`` in the format of ``path``'s extension, atomically. ``fetches`` choose
    what an ONNX model computes; ``flavor`` (``tf`` or ``engine``) what a script imports;
    ``values``/``session`` give an ONNX export its variables' values. Every failure is a
    ``GraphFileError`` naming the file (an op that cannot be exported is named in it)."""
    target = os.fspath(path)
    ext = _extension(target, EXPORT_FORMATS, "export")
    try:
        if ext == ".json":
            save_graph(target, graph, editor)
        elif ext in (".pbtxt", ".pb"):
            write_graphdef(target, graph)
        elif ext == ".py":
            write_python(target, graph, flavor)
        else:
            try:
                from .onnx_export import write_onnx
            except ImportError:
                raise GraphFileError(ONNX_MISSING, path=target) from None
            write_onnx(target, graph, fetches, values=values, session=session)
    except GraphFileError as e:
        raise GraphFileError(e.reason, path=target, field=e.field) from None
    except (PythonExportError, ValueError) as e:
        raise GraphFileError(str(e), path=target) from None
