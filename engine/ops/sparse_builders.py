"""The builder API of the sparse updates, as ``tf.compat.v1`` spells it: ``unique`` (a
namedtuple ``Unique(y, idx)``), ``scatter_add`` and ``scatter_sub`` (rows of a variable
changed by index; the result is the variable's new value, a reference)."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..framework import dtypes as dt
from ..framework.graph import Graph
from ..framework.operation import Tensor
from . import apply
from .list_apply import apply_op
from .variables import ref_of


class Unique(NamedTuple):
    """What ``unique`` returns, as TF's namedtuple: the distinct values and each element's
    position among them."""

    y: Tensor
    idx: Tensor


def unique(x: Any, out_idx: Any = dt.int32, name: str | None = None) -> Unique:
    """The distinct values of the vector ``x`` in order of first occurrence, and for each
    element its index among them."""
    y, idx = apply_op("Unique", name, {"out_idx": dt.as_dtype(out_idx)}, x=x)
    return Unique(y, idx)


def _scatter(op_type: str, ref: Any, indices: Any, updates: Any, use_locking: bool,
             name: str | None) -> Tensor:
    target = ref_of(ref, "_lazy_read")
    graph = target.graph
    assert isinstance(graph, Graph) and target.dtype is not None
    with graph.name_scope(name or op_type) as scope:
        idx = apply.convert_to_tensor(indices, name="indices", graph=graph)
        values = apply.convert_to_tensor(updates, target.dtype.base_dtype, name="updates",
                                         graph=graph)
        return graph.create_op(op_type, [target, idx, values],
                               {"use_locking": bool(use_locking)}, scope).outputs[0]


def scatter_add(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """``ref[indices[i]] += updates[i]``, repeated indices adding up."""
    return _scatter("ScatterAdd", ref, indices, updates, use_locking, name)


def scatter_sub(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """``ref[indices[i]] -= updates[i]``, repeated indices adding up."""
    return _scatter("ScatterSub", ref, indices, updates, use_locking, name)
