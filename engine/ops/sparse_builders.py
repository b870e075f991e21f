"""The builder API of the sparse updates, as ``tf.compat.v1`` spells it: ``unique`` (a
namedtuple ``Unique(y, idx)``) and the scatter updates: ``scatter_update``, ``scatter_add``,
``scatter_sub``, ``scatter_mul``, ``scatter_div``, ``scatter_max``, ``scatter_min`` (rows of
a variable changed by index), ``scatter_nd_update``, ``scatter_nd_add``, ``scatter_nd_sub``
(elements or slices changed at index tuples) and ``batch_scatter_update``; each result is
the variable's new value, a reference."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from .list_apply import apply_op
from .variable_updates import batch_scatter_op, scatter_op
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
    return scatter_op(op_type, ref_of(ref, "_lazy_read"), indices, updates, use_locking, name)


def _scatter_nd(op_type: str, ref: Any, indices: Any, updates: Any, use_locking: bool,
                name: str | None) -> Tensor:
    """TF 2.21's ``state_ops.scatter_nd_*`` of a (reference) variable hand ``name`` to the
    generated op's next positional parameter, ``bad_indices_policy``: the op keeps its
    default name and the kernel reads the name as a policy (refusing one it does not
    know, skipping out-of-range tuples for ``"IGNORE"``)."""
    return scatter_op(op_type, ref_of(ref, "_lazy_read"), indices, updates, use_locking, None,
                      bad_indices_policy=name)


def scatter_update(ref: Any, indices: Any, updates: Any, use_locking: bool = True,
                   name: str | None = None) -> Tensor:
    """``ref[indices[i]] = updates[i]`` (a repeated index: the last update wins)."""
    return _scatter("ScatterUpdate", ref, indices, updates, use_locking, name)


def scatter_add(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """``ref[indices[i]] += updates[i]``, repeated indices adding up."""
    return _scatter("ScatterAdd", ref, indices, updates, use_locking, name)


def scatter_sub(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """``ref[indices[i]] -= updates[i]``, repeated indices adding up."""
    return _scatter("ScatterSub", ref, indices, updates, use_locking, name)


def scatter_mul(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """``ref[indices[i]] *= updates[i]``, each repeat multiplying in turn."""
    return _scatter("ScatterMul", ref, indices, updates, use_locking, name)


def scatter_div(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """``ref[indices[i]] /= updates[i]`` (integers truncate toward zero, as in C)."""
    return _scatter("ScatterDiv", ref, indices, updates, use_locking, name)


def scatter_max(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """``ref[indices[i]] = max(ref[indices[i]], updates[i])``."""
    return _scatter("ScatterMax", ref, indices, updates, use_locking, name)


def scatter_min(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                name: str | None = None) -> Tensor:
    """``ref[indices[i]] = min(ref[indices[i]], updates[i])``."""
    return _scatter("ScatterMin", ref, indices, updates, use_locking, name)


def scatter_nd_update(ref: Any, indices: Any, updates: Any, use_locking: bool = True,
                      name: str | None = None) -> Tensor:
    """The elements or slices of ``ref`` at the index tuples in ``indices``' last dimension
    set to ``updates`` (a repeated tuple: the last update wins)."""
    return _scatter_nd("ScatterNdUpdate", ref, indices, updates, use_locking, name)


def scatter_nd_add(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                   name: str | None = None) -> Tensor:
    """``updates`` added at the index tuples in ``indices``' last dimension."""
    return _scatter_nd("ScatterNdAdd", ref, indices, updates, use_locking, name)


def scatter_nd_sub(ref: Any, indices: Any, updates: Any, use_locking: bool = False,
                   name: str | None = None) -> Tensor:
    """``updates`` subtracted at the index tuples in ``indices``' last dimension."""
    return _scatter_nd("ScatterNdSub", ref, indices, updates, use_locking, name)


def batch_scatter_update(ref: Any, indices: Any, updates: Any, use_locking: bool = True,
                         name: str | None = None) -> Tensor:
    """``scatter_update`` along the last dimension of ``indices``, its leading dimensions
    naming the same leading dimensions of ``ref`` (TF's composite over ScatterNdUpdate)."""
    return batch_scatter_op(ref_of(ref, "_lazy_read"), indices, updates, use_locking, name)
