"""Fetch structures: TF's fetches (a Tensor, an Operation, a name, an IndexedSlices, or any
nesting of list, tuple, namedtuple and dict) flattened into unique graph elements, and the
results rebuilt in the same structure (an IndexedSlices as an ``IndexedSlicesValue``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..framework.graph import Graph
from ..framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from ..framework.operation import Operation, Tensor

__all__ = ["Fetches"]


class Fetches:
    """Flattens a fetch structure into unique graph elements and rebuilds the results."""

    def __init__(self, graph: Graph, fetches: Any) -> None:
        self.graph = graph
        self.elements: list[Tensor | Operation] = []
        self._index: dict[Any, int] = {}
        self.structure = self._flatten(fetches)

    def _element(self, fetch: Any) -> int:
        as_element = getattr(fetch, "_as_graph_element", None)
        if as_element is not None:  # a Variable: its reference tensor, as TF fetches it
            fetch = as_element()
        if fetch is None:
            raise TypeError(
                'Argument `fetch` = None has invalid type "NoneType". Cannot be None'
            )
        if not isinstance(fetch, (Tensor, Operation, str)):
            kind = type(fetch).__name__
            raise TypeError(
                f'Argument `fetch` = {fetch} has invalid type "{kind}" must be a string or '
                f"Tensor. (Can not convert a {kind} into a Tensor or Operation.)"
            )
        try:
            element = self.graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
        except (KeyError, ValueError, TypeError) as e:
            raise ValueError(
                f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. ({e})"
            ) from None
        key = element
        if key not in self._index:
            self._index[key] = len(self.elements)
            self.elements.append(element)
        return self._index[key]

    def _flatten(self, fetches: Any) -> Any:
        if isinstance(fetches, (Tensor, Operation, str)) or fetches is None or hasattr(
                fetches, "_as_graph_element"):
            return ("leaf", self._element(fetches))
        if isinstance(fetches, IndexedSlices):  # TF fetches its three tensors
            parts = [fetches.values, fetches.indices]
            if fetches.dense_shape is not None:
                parts.append(fetches.dense_shape)
            return ("slices", [self._flatten(f) for f in parts])
        if isinstance(fetches, tuple) and hasattr(fetches, "_fields"):
            return ("namedtuple", type(fetches), [self._flatten(f) for f in fetches])
        if isinstance(fetches, (list, tuple)):
            return (type(fetches).__name__, [self._flatten(f) for f in fetches])
        if isinstance(fetches, Mapping):
            return ("dict", type(fetches), [(k, self._flatten(v)) for k, v in fetches.items()])
        return ("leaf", self._element(fetches))

    def rebuild(self, values: list[Any], node: Any = None) -> Any:
        node = self.structure if node is None else node
        kind = node[0]
        if kind == "leaf":
            return values[node[1]]
        if kind == "slices":
            parts = [self.rebuild(values, n) for n in node[1]]
            return IndexedSlicesValue(*parts, *([None] * (3 - len(parts))))
        if kind == "namedtuple":
            return node[1](*(self.rebuild(values, n) for n in node[2]))
        if kind == "list":
            return [self.rebuild(values, n) for n in node[1]]
        if kind == "tuple":
            return tuple(self.rebuild(values, n) for n in node[1])
        mapping_type = node[1]
        items = [(k, self.rebuild(values, n)) for k, n in node[2]]
        try:
            return mapping_type(items)
        except TypeError:
            return dict(items)

