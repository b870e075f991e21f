"""The repeated run: ``sess.run`` with the fetches and feed keys of an earlier run.

A script runs the same fetches with the same feed keys in a loop. TF offers
``Session.make_callable`` for that; here ``sess.run`` itself remembers, per fetch structure
and feed keys, what the first such run resolved (the fetch structure, each key's tensor, the
plan and its feed slots) and checks on each later call only what can differ between calls:

- the graph's versions: any edit (a rename, a Const's value, a new op) invalidates the entry,
  and the next run takes the full path, which refreshes or recompiles the plan;
- each fed value: an ndarray of the tensor's dtype whose shape fits the tensor's static
  shape passes as it is, as ``convert_feed`` passes it; anything else goes through
  ``convert_feed``, which converts it or raises TF's error, as the first run did;
- a plan specialised for its fed shapes (``Plan.shape_keyed``) holds for those shapes only:
  another shape takes the full path.

What is skipped is the resolving, never a check. Runs with metadata or a callback, on dask,
or with a value cache (whose keys are taken per run) always take the full path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.graph import Graph
from ..framework.operation import Operation, Tensor
from ..ops.variables import Variable
from .feeds import convert_feed
from .fetches import Fetches
from .plan import Plan

__all__ = ["FastRun", "FastRuns"]

#: fetches whose identity says what they fetch (for a fixed version of the graph)
_SIMPLE = (Tensor, Operation, str, Variable)
#: entries kept per session (a loop runs a few; more is a script that builds fetches anew)
_MAX_ENTRIES = 64

#: one fed key: (tensor, key, slot, the dtype an ndarray must have to pass as it is (None:
#: none passes; a string tensor's values are always checked), the static shape it must fit
#: (see ``_shape_check``), the shape the plan was specialised for (None: any it allows))
FeedEntry = tuple[Tensor, Any, int, Any, Any, Any]


def fetch_key(fetches: Any) -> Any:
    """A hashable key for a fetch structure whose elements are known by identity (one
    element, or a list or tuple of them), or None for any other structure."""
    kind = type(fetches)
    if kind in _SIMPLE:
        return fetches
    if kind is list or kind is tuple:
        for f in fetches:
            if type(f) not in _SIMPLE:
                return None
        return (kind, *fetches)
    return None


class _Partial:
    """A static shape with unknown sizes (a batch dimension): its rank and known sizes."""

    __slots__ = ("known", "rank")

    def __init__(self, dims: Sequence[int | None]) -> None:
        self.rank = len(dims)
        self.known = tuple((i, d) for i, d in enumerate(dims) if d is not None)

    def fits(self, shape: tuple[int, ...]) -> bool:
        return len(shape) == self.rank and all(shape[i] == d for i, d in self.known)


def _shape_check(tensor: Tensor) -> Any:
    """What a fed array's shape is checked against without converting it: None (any
    shape), the shape itself when fully known, else a ``_Partial``."""
    spec = tensor.spec
    dims = spec.shape._dims if spec is not None else None
    if dims is None or all(d is not None for d in dims):
        return None if dims is None else tuple(dims)
    return _Partial(dims)


class FastRun:
    """What a run of one fetch structure with one set of feed keys resolved."""

    __slots__ = ("feeds", "graph_version", "leaf_slot", "mapper", "plan", "structure_version")

    def __init__(self, graph: Graph, plan: Plan, mapper: Fetches,
                 keyed: list[tuple[Any, Tensor]],
                 fed_shapes: Mapping[Tensor, tuple[int, ...]]) -> None:
        self.structure_version = graph._structure_version
        self.graph_version = graph._version
        self.plan = plan
        self.mapper = mapper
        #: the slot of the one tensor fetched (``Session._run_known``), else None
        self.leaf_slot = plan.fetch_slots[0] if (mapper.structure[0] == "leaf"
                                                 and len(mapper.elements) == 1) else None
        specialised = set(plan.shape_keyed)
        entries: list[FeedEntry] = []
        for key, tensor in keyed:
            spec = tensor.spec
            dtype = None if spec is None or spec.dtype.is_string else spec.dtype.np_dtype
            entries.append((tensor, key, plan.feed_slots[tensor], dtype, _shape_check(tensor),
                            tuple(fed_shapes[tensor]) if tensor in specialised else None))
        self.feeds: tuple[FeedEntry, ...] = tuple(entries)

    def fed(self, values: Iterable[Any]) -> list[tuple[int, Any]] | None:
        """(slot, converted value) per feed, in the feed_dict's order; None when a value's
        shape is not the one the plan was specialised for."""
        out: list[tuple[int, Any]] = []
        for (tensor, key, slot, dtype, check, planned), value in zip(self.feeds, values):
            if type(value) is not np.ndarray or value.dtype is not dtype or not (
                    check is None or value.shape == check
                    or (type(check) is _Partial and check.fits(value.shape))):
                value = convert_feed(tensor, value, key)
            if planned is not None and value.shape != planned:
                return None
            out.append((slot, value))
        return out


class FastRuns:
    """A session's entries, by fetch structure and feed keys."""

    def __init__(self) -> None:
        self._entries: dict[Any, FastRun] = {}

    @staticmethod
    def key(fetches: Any, feed_dict: Mapping[Any, Any] | None) -> Any:
        """The entry's key for this call, or None where the fast path does not apply."""
        key = fetch_key(fetches)
        if key is None or not feed_dict:
            return key
        return (key, *feed_dict)

    def lookup(self, fetches: Any, feed_dict: Mapping[Any, Any] | None,
               graph: Graph) -> FastRun | None:
        """``get(key(fetches, feed_dict), graph)`` in one call: what every repeated run
        asks first."""
        kind = type(fetches)
        if kind in _SIMPLE:
            key = (fetches, *feed_dict) if feed_dict else fetches
        else:
            key = self.key(fetches, feed_dict)
            if key is None:
                return None
        entry = self._entries.get(key)
        if entry is None or entry.structure_version != graph._structure_version or (
                entry.graph_version != graph._version):
            return None
        return entry

    def get(self, key: Any, graph: Graph) -> FastRun | None:
        """The entry for ``key`` if the graph has not changed since it was made."""
        entry = self._entries.get(key)
        if entry is None or entry.structure_version != graph._structure_version or (
                entry.graph_version != graph._version):
            return None
        return entry

    def put(self, key: Any, entry: FastRun) -> None:
        if len(self._entries) >= _MAX_ENTRIES and key not in self._entries:
            self._entries.clear()  # a script that makes new fetches each run: start over
        self._entries[key] = entry

    def clear(self) -> None:
        self._entries.clear()
