"""Placeholders bound to data files, as the editor section stores them, turned into the
values a run feeds or the columns a training loop batches.

Why a JSON form here: the bindings travel in a graph file's editor section (docs/
FILE_FORMAT.md, "Data bindings"), so a file opens ready to train; paths are stored relative
to the graph file's folder when they lie under it, so a folder of graph and data moves as
one. Reading them back checks every field and names it (``editor.data.x.columns``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..client.train_loop import Column
from ..framework.graph import Graph
from ..framework.operation import Tensor
from .data_files import DataFileError, DataSource, check_fits, convert_rows, read_data


def source_to_json(source: DataSource, base_dir: str | None = None) -> dict[str, Any]:
    """The editor section's object for ``source``: ``{"file": …, "array": …, "columns": …}``
    (``file`` relative to ``base_dir`` when it lies under it)."""
    path = source.path
    if base_dir is not None and os.path.isabs(path):
        relative = os.path.relpath(path, base_dir)
        if not relative.startswith(os.pardir):
            path = relative.replace(os.sep, "/")
    out: dict[str, Any] = {"file": path}
    if source.array is not None:
        out["array"] = source.array
    if source.columns is not None:
        out["columns"] = list(source.columns)
    return out


def source_from_json(value: Any, where: str) -> DataSource:
    """A ``DataSource`` from its editor-section object; ``DataFileError`` naming the field."""
    if not isinstance(value, Mapping):
        raise DataFileError(f"{where}: expected an object with a \"file\"")
    unknown = set(value) - {"file", "array", "columns"}
    if unknown:
        raise DataFileError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    path = value.get("file")
    if not isinstance(path, str) or not path:
        raise DataFileError(f"{where}.file: expected the data file's path as a string")
    array = value.get("array")
    if array is not None and not isinstance(array, str):
        raise DataFileError(f"{where}.array: expected the .npz array's name as a string")
    columns = value.get("columns")
    if columns is not None:
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise DataFileError(f"{where}.columns: expected a list of column names")
        columns = tuple(columns)
    return DataSource(path.replace("/", os.sep), array, columns)


def bindings_from_json(value: Any, where: str) -> dict[str, DataSource]:
    """``{placeholder name: DataSource}`` from an editor-section object of them."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise DataFileError(f"{where}: expected an object mapping placeholder names to files")
    return {str(name): source_from_json(item, f"{where}.{name}") for name, item in value.items()}


def _placeholder(graph: Graph, name: str) -> Tensor:
    if name not in graph:
        raise DataFileError(f"placeholder '{name}' is bound to a data file but is not in "
                            "the graph")
    op = graph.get_operation_by_name(name)
    if op.type not in ("Placeholder", "PlaceholderWithDefault"):
        raise DataFileError(f"'{name}' is bound to a data file but is a {op.type}, not a "
                            "placeholder")
    return op.outputs[0]


def load_columns(
    graph: Graph, bindings: Mapping[str, DataSource], base_dir: str | None = None,
    batch_size: int | None = None,
) -> dict[Tensor, Column]:
    """Each bound placeholder's data as a training ``Column``, checked first against the
    placeholder (shape, dtype, batching): the first misfit is a ``DataFileError`` naming
    the file and the placeholder."""
    columns: dict[Tensor, Column] = {}
    for name, source in bindings.items():
        tensor = _placeholder(graph, name)
        array = read_data(source, base_dir)
        if array.ndim == 0:
            raise DataFileError(f"{source.describe()} cannot feed placeholder '{name}' in "
                                "batches: it holds a single value")
        check_fits(array, tensor, source, batch_size)
        columns[tensor] = Column(array, _converter(tensor, source))
    return columns


def _converter(tensor: Tensor, source: DataSource) -> Any:
    def convert(rows: np.ndarray) -> np.ndarray:
        return convert_rows(rows, tensor, source)
    return convert


def load_feeds(
    graph: Graph, bindings: Mapping[str, DataSource], base_dir: str | None = None,
) -> dict[Tensor, np.ndarray]:
    """The whole of each bound file as one feed (an ordinary Run, Predict), checked and
    converted like a batch."""
    feeds: dict[Tensor, np.ndarray] = {}
    for name, source in bindings.items():
        tensor = _placeholder(graph, name)
        array = read_data(source, base_dir)
        check_fits(array, tensor, source)
        feeds[tensor] = convert_rows(np.asarray(array), tensor, source)
    return feeds
