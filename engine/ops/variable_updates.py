"""Building the scatter updates of a ref variable as TF 1.x's Python builds them: the op
functions' core (``scatter_op``: indices and updates converted in the op's name scope, as
``op_def_library`` names them ``ScatterUpdate/indices``), TF's composite
``batch_scatter_update`` (index tuples made of ``Range``s over the leading dimensions, then
one ``ScatterNdUpdate``), and the Variable methods of the same names (``ScatterMethods``,
which ``Variable`` inherits): the row updates take an ``IndexedSlices``, the Nd updates
indices and updates, and ``scatter_nd_*`` lock as TF's methods do."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from ..framework.errors import DTypeError
from ..framework.graph import Graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Tensor
from ..framework.registry import get_op_def
from . import apply
from ._tf_types import INDEX
from .array_builders import cast, concat, expand_dims, ones_like, reshape, shape
from .list_apply import apply_op


def _check_ref_type(op_type: str, target: Tensor) -> None:
    """TF checks the reference's dtype against the op's list before converting the other
    inputs (so a refused variable leaves no ``indices`` constant behind)."""
    assert target.dtype is not None
    allowed = get_op_def(op_type).attr("T").allowed_names
    base = target.dtype.base_dtype.name
    if allowed and base not in allowed:
        raise DTypeError(f"Value passed to parameter 'ref' has DataType {base} not in list "
                         f"of allowed values: {', '.join(allowed)}")


def scatter_op(op_type: str, target: Tensor, indices: Any, updates: Any, use_locking: bool,
               name: str | None, bad_indices_policy: str | None = None) -> Tensor:
    """``op_type`` on the reference tensor ``target``; its output, the reference
    (``bad_indices_policy``: the ScatterNd ops' attr, when given)."""
    graph = target.graph
    assert isinstance(graph, Graph) and target.dtype is not None
    _check_ref_type(op_type, target)
    with graph.name_scope(name or op_type) as scope:
        idx = apply.convert_to_tensor(indices, name="indices", graph=graph)
        assert idx.dtype is not None
        if idx.dtype.name not in INDEX:  # TF: checked before the updates are converted
            raise DTypeError(f"Value passed to parameter 'indices' has DataType "
                             f"{idx.dtype.name} not in list of allowed values: "
                             f"{', '.join(INDEX)}")
        values = updates if isinstance(updates, Tensor) else apply.convert_to_tensor(
            updates, target.dtype.base_dtype, name="updates", graph=graph)
        attrs: dict[str, Any] = {"use_locking": bool(use_locking)}
        if bad_indices_policy:
            attrs["bad_indices_policy"] = bad_indices_policy
        return graph.create_op(op_type, [target, idx, values], attrs, scope).outputs[0]


def batch_scatter_op(target: Tensor, indices: Any, updates: Any, use_locking: bool,
                     name: str | None) -> Tensor:
    """TF's ``state_ops.batch_scatter_update``: ``var[i…, indices[i…, j]] = updates[i…, j]``
    as one ``ScatterNdUpdate`` whose index tuples prefix each index with its position in
    the leading dimensions."""
    graph = target.graph
    assert isinstance(graph, Graph)
    with graph.as_default(), graph.name_scope(name) if name else nullcontext():
        idx = apply.convert_to_tensor(indices, name="indices", graph=graph)
        idx_shape = shape(idx)
        rank = idx.shape.rank
        if rank is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        nd_indices = expand_dims(idx, axis=-1)
        parts = []
        for dimension in range(rank - 1):
            size = idx_shape[dimension]  # type: ignore[index]
            to_broadcast: list[Any] = [1] * (rank + 1)
            to_broadcast[dimension] = size
            positions = reshape(apply_op("Range", None, start=0, limit=size, delta=1),
                                to_broadcast)
            if positions.dtype is not nd_indices.dtype:
                positions = cast(positions, nd_indices.dtype)
            parts.append(positions * ones_like(nd_indices))  # type: ignore[operator]
        parts.append(nd_indices)
        final = concat(parts, axis=-1)
        return scatter_op("ScatterNdUpdate", target, final, updates, use_locking, None)


def _sliced(sparse_delta: Any) -> IndexedSlices:
    if not isinstance(sparse_delta, IndexedSlices):
        raise TypeError(f"sparse_delta is not IndexedSlices: {sparse_delta}")
    return sparse_delta


class ScatterMethods:
    """``RefVariable``'s scatter methods; ``_variable`` is the variable's reference tensor."""

    _variable: Tensor

    def _scatter(self, op_type: str, sparse_delta: Any, use_locking: bool, name: str | None
                 ) -> Tensor:
        """TF's methods call the generated op with the slices' own tensors."""
        rows = _sliced(sparse_delta)
        graph = self._variable.graph
        assert isinstance(graph, Graph)
        _check_ref_type(op_type, self._variable)
        return graph.create_op(op_type, [self._variable, rows.indices, rows.values],
                               {"use_locking": bool(use_locking)}, name or op_type).outputs[0]

    def scatter_update(self, sparse_delta: Any, use_locking: bool = False,
                       name: str | None = None) -> Tensor:
        """The rows of an ``IndexedSlices`` written into this variable."""
        return self._scatter("ScatterUpdate", sparse_delta, use_locking, name)

    def scatter_add(self, sparse_delta: Any, use_locking: bool = False,
                    name: str | None = None) -> Tensor:
        """``ScatterAdd`` of an ``IndexedSlices``' rows into this variable."""
        return self._scatter("ScatterAdd", sparse_delta, use_locking, name)

    def scatter_sub(self, sparse_delta: Any, use_locking: bool = False,
                    name: str | None = None) -> Tensor:
        """``ScatterSub`` of an ``IndexedSlices``' rows from this variable."""
        return self._scatter("ScatterSub", sparse_delta, use_locking, name)

    def scatter_mul(self, sparse_delta: Any, use_locking: bool = False,
                    name: str | None = None) -> Tensor:
        """This variable's rows multiplied by an ``IndexedSlices``' rows."""
        return self._scatter("ScatterMul", sparse_delta, use_locking, name)

    def scatter_div(self, sparse_delta: Any, use_locking: bool = False,
                    name: str | None = None) -> Tensor:
        """This variable's rows divided by an ``IndexedSlices``' rows."""
        return self._scatter("ScatterDiv", sparse_delta, use_locking, name)

    def scatter_max(self, sparse_delta: Any, use_locking: bool = False,
                    name: str | None = None) -> Tensor:
        """This variable's rows raised to an ``IndexedSlices``' rows where those are larger."""
        return self._scatter("ScatterMax", sparse_delta, use_locking, name)

    def scatter_min(self, sparse_delta: Any, use_locking: bool = False,
                    name: str | None = None) -> Tensor:
        """This variable's rows lowered to an ``IndexedSlices``' rows where those are smaller."""
        return self._scatter("ScatterMin", sparse_delta, use_locking, name)

    def batch_scatter_update(self, sparse_delta: Any, use_locking: bool = False,
                             name: str | None = None) -> Tensor:
        """``batch_scatter_update`` of an ``IndexedSlices``' indices and values (TF passes
        them unchecked: anything with ``indices`` and ``values`` will do)."""
        return batch_scatter_op(self._variable, sparse_delta.indices, sparse_delta.values,
                                use_locking, name)

    def scatter_nd_update(self, indices: Any, updates: Any, name: str | None = None
                          ) -> Tensor:
        """``ScatterNdUpdate`` of this variable (locking, as TF's method does)."""
        return scatter_op("ScatterNdUpdate", self._variable, indices, updates, True, name)

    def scatter_nd_add(self, indices: Any, updates: Any, name: str | None = None) -> Tensor:
        """``ScatterNdAdd`` of this variable (locking, as TF's method does)."""
        return scatter_op("ScatterNdAdd", self._variable, indices, updates, True, name)

    def scatter_nd_sub(self, indices: Any, updates: Any, name: str | None = None) -> Tensor:
        """``ScatterNdSub`` of this variable (locking, as TF's method does)."""
        return scatter_op("ScatterNdSub", self._variable, indices, updates, True, name)

    def scatter_nd_max(self, indices: Any, updates: Any, name: str | None = None) -> Tensor:
        """``ScatterNdMax`` of this variable (locking, as TF's method does)."""
        return scatter_op("ScatterNdMax", self._variable, indices, updates, True, name)

    def scatter_nd_min(self, indices: Any, updates: Any, name: str | None = None) -> Tensor:
        """``ScatterNdMin`` of this variable (locking, as TF's method does)."""
        return scatter_op("ScatterNdMin", self._variable, indices, updates, True, name)
