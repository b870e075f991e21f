"""GatherNd and ScatterNd: reading and writing a tensor at index tuples (``tf.gather_nd``,
``tf.scatter_nd``). Each is the other's gradient, as TF registers them; TF's top-k
gradient scatters through ScatterNd.

An index tuple is the last dimension of ``indices``: ``indices[..., :M]`` names an element
(M equal to the rank) or a slice (M less than it) of ``params``. Inference is TF's shape
functions; ScatterNd sums the updates that name the same place, as TF's kernel does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import NODE_NAME, KernelError, ShapeError
from ..framework.indexed_slices import IndexedSlices
from ..framework.input_values import Inputs
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, with_rank_at_least
from . import _shape_fns as sf
from ._common import host, rounds, shape_str
from ._shape_fns import type_attr
from .array import T_ANY
from .grad_registry import register_gradient
from .list_apply import apply_op

CATEGORY = "Array"
_TINDICES = type_attr("Tindices", ("int16", "int32", "int64"), default=dt.int32)
#: TF 2.x's attr for what a bad index does ("" : an error, the only policy TF1 code meets)
_BAD_INDICES = AttrDef("bad_indices_policy", "string", default="", hidden=True)


def _gather_nd_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                     ) -> list[TensorSpec]:
    sf.check_dtype(specs[1], ("int16", "int32", "int64"), "indices")
    params, indices = specs[0].shape, with_rank_at_least(specs[1].shape, 1)
    if indices.sizes is None or indices.sizes[-1] is None or params.sizes is None:
        return [TensorSpec(TensorShape(None), specs[0].dtype)]
    m = indices.sizes[-1]
    if m > len(params.sizes):
        raise ShapeError(f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
                         f"{indices.debug_string()} and params shape: {params.debug_string()}")
    return [TensorSpec(TensorShape(list(indices.sizes[:-1]) + list(params.sizes[m:])),
                       specs[0].dtype)]


def _slice_name(shape: tuple[int, ...], flat: int) -> str:
    """TF's ``SliceDebugString``: which index tuple, as a position in indices' outer dims."""
    if not shape:
        return ""
    return "[" + ",".join(str(int(v)) for v in np.unravel_index(flat, shape)) + "]"


def _tuples(index: np.ndarray, shape: tuple[int, ...], what: str, last: bool = False
            ) -> tuple[np.ndarray, ...]:
    """The index tuples as numpy's advanced index, each checked against ``shape``; a bad
    one is named as TF's kernels name it (their loops keep the last, ``last``)."""
    flat = index.reshape(-1, index.shape[-1])
    bounds = np.array(shape[:index.shape[-1]])
    bad: np.ndarray = np.asarray(((flat < 0) | (flat >= bounds)).any(axis=1))
    if bad.any():
        i = int(bad.size - 1 - np.argmax(bad[::-1])) if last else int(np.argmax(bad))
        raise KernelError(f"indices{_slice_name(index.shape[:-1], i)} = "
                          f"[{', '.join(str(int(v)) for v in flat[i])}] "
                          f"does not index into {what} {shape_str(shape)}")
    return tuple(np.moveaxis(index, -1, 0))


def _gather_nd_kernel(xp: Any, params: Any, indices: Any, **attrs: Any) -> Any:
    p, index = host(params), host(indices)
    if p.ndim == 0:
        raise KernelError("params must be at least a vector")
    if index.shape[-1] > p.ndim:
        raise KernelError(f"index innermost dimension length must be <= params rank; saw: "
                          f"{index.shape[-1]} vs. {p.ndim}")
    if p.size == 0 and index.size and index.shape[-1]:
        raise KernelError(f"Requested more than 0 entries, but params is empty.  Params "
                          f"shape: {shape_str(p.shape)}")
    if index.size and index.shape[-1]:
        try:
            where = _tuples(index, p.shape, "param shape", last=True)
        except KernelError as e:
            raise KernelError(f"{e.detail}, node name: {NODE_NAME}") from None
    else:
        where = _tuples(index, p.shape, "param shape")
    return xp.asarray(np.array(p[where]))  # keeps rank 0


def _sub(shape: TensorShape, start: int, end: int | None = None) -> TensorShape:
    """``Subshape`` as TF clamps it (a start past the rank gives the empty shape)."""
    if shape.sizes is None:
        return shape
    rank = len(shape.sizes)
    return TensorShape(shape.sizes[min(start, rank):rank if end is None else min(end, rank)])


def _scatter_shapes(indices: TensorShape, updates: TensorShape, out: TensorShape) -> None:
    """TF's ``ScatterNdShapeHelper``: indices' outer dims are the updates' first ones, the
    output's dims past the index tuple their last ones."""
    n_out, n_ind, n_upd = (s.num_elements() for s in (out, indices, updates))
    if n_out == 0 and ((n_ind or 0) > 0 or (n_upd or 0) > 0):
        raise ShapeError("Indices and updates specified for empty input")
    if indices.sizes is None or updates.sizes is None or not updates.sizes:
        return
    outer = len(indices.sizes) - 1
    ix = indices.sizes[-1]
    if ix is None:
        return
    pre_i, pre_u = _sub(indices, 0, outer), _sub(updates, 0, outer)
    try:
        sf.merge(pre_i, pre_u)
    except ShapeError as e:
        raise ShapeError(
            f"Dimensions [0,{outer}) of indices[shape={indices.debug_string()}] = "
            f"{pre_i.debug_string()} must match dimensions [0,{outer}) of updates[shape="
            f"{updates.debug_string()}] = {pre_u.debug_string()}: {e.detail}") from None
    suf_o, suf_u = _sub(out, ix), _sub(updates, outer)
    try:
        sf.merge(suf_o, suf_u)
    except ShapeError as e:
        rank = -1 if out.sizes is None else len(out.sizes)
        raise ShapeError(
            f"Dimensions [{ix},{rank}) of input[shape={out.debug_string()}] = "
            f"{suf_o.debug_string()} must match dimensions [{outer},{len(updates.sizes)}) of "
            f"updates[shape={updates.debug_string()}] = {suf_u.debug_string()}: "
            f"{e.detail}") from None


def _scatter_nd_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                      ) -> list[TensorSpec]:
    sf.check_dtype(specs[0], ("int16", "int32", "int64"), "indices")
    with_rank_at_least(specs[0].shape, 1)
    with_rank_at_least(specs[1].shape, 1)
    sf.with_rank(specs[2].shape, 1)
    with Inputs(specs) as read:
        shape = read.shape(2)
        _scatter_shapes(specs[0].shape, specs[1].shape, shape)
    return [TensorSpec(shape, specs[1].dtype)]


def _check_scatter(ind: tuple[int, ...], upd: tuple[int, ...], out: tuple[int, ...]) -> None:
    """The checks of TF's ScatterNd kernel, in its order and words."""
    if not ind:
        raise KernelError("Indices shape must have rank at least one. Found:[]")
    if not upd:
        raise KernelError("Updates shape must have rank at least one. Found:[]")
    for d in out:
        if d < 0:
            raise KernelError(f"Dimension {d} must be >= 0")
    outer = len(ind) - 1
    for i in range(outer):
        if i >= len(upd) or ind[i] != upd[i]:
            raise KernelError(f"Dimensions [0,{outer}) of indices[shape={shape_str(ind)}] must "
                              f"match dimensions [0,{outer}) of updates[shape={shape_str(upd)}]")
    ix = ind[outer]
    suffix = (f"Dimensions [{ix},{len(out)}) of input[shape={shape_str(out)}] must match "
              f"dimensions [{outer},{len(upd)}) of updates[shape={shape_str(upd)}]")
    if len(upd) - outer != len(out) - ix:
        raise KernelError(suffix)
    for i in range(len(upd) - outer):
        if upd[i + outer] != out[ix + i]:
            raise KernelError(suffix)
    if not out:
        raise KernelError("Output must be at least 1-D, got shape: []")
    if int(np.prod(out)) == 0 and (int(np.prod(ind)) > 0 or int(np.prod(upd)) > 0):
        raise KernelError(f"Indices and updates specified for empty output.  indices shape: "
                          f"{shape_str(ind)}")
    if upd and upd[0] != ind[0]:
        raise KernelError(f"Dimensions [0,1) of indices[shape={shape_str(ind)}] = {ind[0]} must "
                          f"match dimensions [0,1) of updates[shape={shape_str(upd)}] = {upd[0]}")
    if len(ind) == 1 and ind[0]:  # one scalar index a tuple: updates of the output's rank
        raise KernelError(f"Dimensions [1,{len(out)}) of input[shape={shape_str(out)}] must "
                          f"match dimensions [1,{len(upd)}) of updates[shape={shape_str(upd)}]")


def _scatter_nd_kernel(xp: Any, indices: Any, updates: Any, shape: Any, **attrs: Any) -> Any:
    index, values = host(indices), host(updates)
    dims = tuple(int(d) for d in host(shape).reshape(-1))
    _check_scatter(index.shape, values.shape, dims)
    out = np.zeros(dims, values.dtype)
    if not index.size:
        return xp.asarray(out)
    tuples = _tuples(index, dims, "shape", last=True)
    k = index.shape[-1]
    if k == 0:  # every update adds into the whole output
        np.add.at(out, tuples, values)
        return xp.asarray(out)
    # one vectorised addition per round of distinct positions: each position's updates
    # are added in their order, the bits np.add.at gives, in a fraction of its time
    rows = out.reshape(math.prod(dims[:k]), -1)
    flat = np.ravel_multi_index(tuple(t.reshape(-1) for t in tuples), dims[:k])
    updates = values.reshape(flat.size, -1)
    for picked in rounds(flat):
        rows[flat[picked]] += updates[picked]
    return xp.asarray(out)


register(OpDef(
    type="GatherNd", inputs=("params", "indices"), infer=_gather_nd_infer,
    kernel=_gather_nd_kernel, attrs=(type_attr("Tparams", ()), _TINDICES, _BAD_INDICES),
    derive=lambda s: {"Tparams": s[0].dtype, "Tindices": s[1].dtype}, category=CATEGORY,
    doc="The elements or slices of params at the index tuples in indices' last dimension.",
    default_name="GatherNd", const_eval=False,
    extra={"arg_types": {"params": "Tparams", "indices": "Tindices"}},
))
register(OpDef(
    type="ScatterNd", inputs=("indices", "updates", "shape"), infer=_scatter_nd_infer,
    kernel=_scatter_nd_kernel, attrs=(T_ANY, _TINDICES, _BAD_INDICES),
    derive=lambda s: {"T": s[1].dtype, "Tindices": s[0].dtype}, category=CATEGORY,
    doc="Zeros of shape with updates added at the index tuples in indices' last dimension.",
    default_name="ScatterNd", reads_values=True, const_eval=False,
    extra={"arg_types": {"indices": "Tindices", "updates": "T", "shape": "Tindices"}},
))


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def gather_nd(params: Any, indices: Any, name: str | None = None, batch_dims: int = 0
              ) -> Tensor:
    """``tf.gather_nd`` (``batch_dims`` 0: TF1's only form)."""
    if batch_dims:
        raise ValueError("gather_nd: only batch_dims=0 is supported (TF1's gather_nd has no "
                         "batch_dims)")
    return _one(apply_op("GatherNd", name, params=params, indices=indices))


def scatter_nd(indices: Any, updates: Any, shape: Any, name: str | None = None) -> Tensor:
    """``tf.scatter_nd``: zeros of ``shape`` with ``updates`` added at ``indices``."""
    return _one(apply_op("ScatterNd", name, indices=indices, updates=updates, shape=shape))


@register_gradient("GatherNd")
def _gather_nd_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_GatherNdGrad``: IndexedSlices for one-element index tuples into rows, else
    the gradient scattered back."""
    from .array_builders import shape as shape_
    from .array_builders import squeeze

    ref, indices = op.inputs[0], op.inputs[1]
    assert ref is not None and indices is not None
    ref_shape = shape_(ref, out_type=indices.dtype)
    if indices.shape.rank == 2 and indices.shape.sizes[-1] == 1:  # type: ignore[index]
        return IndexedSlices(grad, squeeze(indices, axis=-1), ref_shape), None
    return scatter_nd(indices, grad, ref_shape), None


@register_gradient("ScatterNd")
def _scatter_nd_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_ScatterNdGrad``: the output's gradient gathered at the indices."""
    return None, gather_nd(grad, op.inputs[0]), None
