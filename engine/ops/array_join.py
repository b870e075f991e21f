"""Array ops that join or pick: ConcatV2, Pack, AddN, GatherV2, Slice.

ConcatV2, Pack and AddN take a list of tensors (TF's ``N * T``): their ``N`` attribute says
how many, and the op has that many inputs in the list's place. Inference follows TF's shape
functions, including which inputs' values they read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import NODE_NAME, AttrError, DTypeError, KernelError, ShapeError
from ..framework.input_values import Inputs, value_of
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape
from . import _shape_fns as sf
from . import _tf_types as tt
from ._shape_fns import INDEX_TYPES, type_attr
from .array import ARRAY, T_ANY, _ints, sf_shape

N_ATTR = AttrDef("N", "int", default=2, hidden=True, doc="how many tensors the list holds")


def _n_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    out = dict(attrs)
    n = attrs.get("N", 2)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise AttrError(f"N: must be an integer >= 1, got {n!r}")
    out["N"] = int(n)
    if "axis" in out:
        out["axis"] = int(out["axis"])
    return out


def _list_derive(extra: dict[str, int]) -> Any:
    """T from the list's first tensor; other type attributes from inputs counted from the
    end (the axis after the list)."""
    def derive(specs: Sequence[TensorSpec]) -> dict[str, Any]:
        out: dict[str, Any] = {"T": specs[0].dtype}
        for name, from_end in extra.items():
            out[name] = specs[-from_end].dtype
        return out

    return derive


def _same_list_types(op_type: str, specs: Sequence[TensorSpec], param: str) -> dt.DType:
    types = [s.dtype for s in specs]
    if len(set(types)) > 1:
        raise DTypeError(f"Tensors in list passed to '{param}' of '{op_type}' Op have types "
                         f"[{', '.join(t.name for t in types)}] that don't all match.")
    return types[0]


def _merge_all(specs: Sequence[TensorSpec]) -> TensorShape:
    """TF's merge of a list's shapes, last to first, naming the one that did not fit."""
    cur = specs[-1].shape
    for i in range(len(specs) - 2, -1, -1):
        try:
            cur = sf.merge(specs[i].shape, cur)
        except ShapeError as e:
            raise ShapeError(f"{e.detail}\n\tFrom merging shape {i} with other shapes.") from None
    return cur


# --- ConcatV2 ----------------------------------------------------------------------------------
def _concat_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    values, axis_spec = specs[:-1], specs[-1]
    t = _same_list_types("ConcatV2", values, "values")
    sf.check_dtype(axis_spec, INDEX_TYPES, "axis")
    sf.with_rank(axis_spec.shape, 0)
    with Inputs(specs) as read:
        axis_value = read.tensor(len(specs) - 1)
        if axis_value is None:
            rank = next((s.shape.rank for s in values if s.shape.rank is not None), None)
            if rank is None:
                return [TensorSpec(sf.UNKNOWN, t)]
            if rank == 0:
                raise ShapeError("Can't concatenate scalars (use tf.stack instead)")
            for s in values:
                sf.with_rank(s.shape, rank)
            return [TensorSpec(TensorShape([None] * rank), t)]
        axis = int(axis_value)
        min_rank = -axis if axis < 0 else axis + 1
        last = sf.with_rank_at_least(values[-1].shape, min_rank)
        before = sf.subshape(last, 0, axis)
        middle: Dim = last.sizes[axis] if last.sizes is not None else None
        after = TensorShape([]) if axis == -1 else sf.subshape(last, axis + 1)
        for s in reversed(values[:-1]):
            shape = sf.with_rank_at_least(s.shape, min_rank)
            before = sf.merge(sf.subshape(shape, 0, axis), before)
            middle = sf.add(middle, shape.sizes[axis] if shape.sizes is not None else None)
            part = TensorShape([]) if axis == -1 else sf.subshape(shape, axis + 1)
            after = sf.merge(part, after)
        out = sf.concatenate(sf.concatenate(before, TensorShape([middle])), after)
        return [TensorSpec(out, t, partial=_concat_partial(values))]


def _concat_partial(values: Sequence[TensorSpec]) -> TensorShape | None:
    """What a concatenation of shape vectors holds (TF's ConstantPartialShape of a
    ConcatV2): the pieces' shapes one after the other, if every piece is known."""
    from ..framework.input_values import shape_from_tensor

    dims: list[Dim] = []
    for v in values:
        if v.dtype not in INDEX_TYPES or v.shape.rank != 1:
            return None
        try:
            piece = shape_from_tensor(v)
        except ShapeError:
            return None
        if piece.sizes is None:
            return sf.UNKNOWN
        dims.extend(piece.sizes)
    return TensorShape(dims)


def _concat_kernel(xp: Any, *arrays: Any, **attrs: Any) -> Any:
    values, axis = arrays[:-1], _ints(xp, arrays[-1])[0]
    rank = len(values[0].shape)
    if not -rank <= axis < rank and not (rank == 0 and axis == 0):
        raise KernelError(f"ConcatOp : Expected concatenating dimensions in the range "
                          f"[{-rank}, {rank}), but got {axis}")
    if not rank:  # axis 0 passes TF's check (legacy scalars), then this refuses them
        raise KernelError("ConcatOp : Can't concatenate scalars (use tf.stack instead)")
    a = axis + rank if axis < 0 else axis
    first = values[0].shape
    for i, v in enumerate(values[1:], 1):
        if len(v.shape) != rank:
            raise KernelError(f"ConcatOp : Ranks of all input tensors should match: shape[0] = "
                              f"{sf_shape(first)} vs. shape[{i}] = {sf_shape(v.shape)}")
        for d in range(rank):
            if d != a and v.shape[d] != first[d]:
                raise KernelError(f"ConcatOp : Dimension {d} in both shapes must be equal: "
                                  f"shape[0] = {sf_shape(first)} vs. shape[{i}] = "
                                  f"{sf_shape(v.shape)}")
    if attrs["T"] is dt.string:
        return np.concatenate(values, axis=a)
    return xp.concat(list(values), axis=a)


register(OpDef(
    type="ConcatV2", inputs=("values", "axis"), infer=_concat_infer, kernel=_concat_kernel,
    attrs=(N_ATTR, T_ANY, type_attr("Tidx", tt.INDEX, default=dt.int32)),
    derive=_list_derive({"Tidx": 1}), normalize=_n_normalize, category=ARRAY,
    doc="Joins tensors along an existing dimension (axis).", default_name="concat",
    list_inputs={"values": "N"}, reads_values=True,
    extra={"arg_types": {"values": "T", "axis": "Tidx"}, "min_list": 2},
))


# --- Pack --------------------------------------------------------------------------------------
def _pack_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = _same_list_types("Pack", specs, "values")
    cur = _merge_all(specs)
    if cur.sizes is None:
        return [TensorSpec(sf.UNKNOWN, t)]
    rank, axis = len(cur.sizes), attrs["axis"]
    if axis < -(rank + 1) or axis >= rank + 1:
        raise ShapeError(f"Invalid axis: {axis}; must be in [{-(rank + 1)},{rank + 1})")
    if axis < 0:
        axis += rank + 1
    dims = list(cur.sizes)
    out = TensorShape(dims[:axis] + [len(specs)] + dims[axis:])
    return [TensorSpec(out, t, partial=_pack_partial(specs, rank))]


def _pack_partial(specs: Sequence[TensorSpec], rank: int) -> TensorShape | None:
    """A vector packed from int scalars holds the shape of their known values (TF's
    ConstantPartialShape of a Pack)."""
    if rank != 0 or specs[0].dtype not in INDEX_TYPES:
        return None
    dims: list[Dim] = []
    for s in specs:
        v = value_of(s)
        dims.append(None if v is None or int(v) < 0 else int(v))
    return TensorShape(dims)


def _pack_kernel(xp: Any, *values: Any, **attrs: Any) -> Any:
    first = values[0].shape
    rank = len(first) + 1
    if not -rank <= attrs["axis"] < rank:
        raise KernelError(f"axis = {attrs['axis']} not in [{-rank}, {rank})")
    for i, v in enumerate(values[1:], 1):
        if v.shape != first:
            raise KernelError(f"Shapes of all inputs must match: values[0].shape = "
                              f"{sf_shape(first)} != values[{i}].shape = {sf_shape(v.shape)}")
    axis = attrs["axis"]
    if attrs["T"] is dt.string:
        return np.stack(values, axis=axis)
    return xp.stack(list(values), axis=axis + rank if axis < 0 else axis)


register(OpDef(
    type="Pack", inputs=("values",), infer=_pack_infer, kernel=_pack_kernel,
    attrs=(N_ATTR, T_ANY, AttrDef("axis", "int", default=0, doc="where the new dimension goes")),
    derive=_list_derive({}), normalize=_n_normalize, category=ARRAY,
    doc="Stacks tensors of one shape along a new dimension (axis).", default_name="stack",
    list_inputs={"values": "N"}, extra={"arg_types": {"values": "T"}},
))


# --- AddN --------------------------------------------------------------------------------------
_ADD_N_TYPES = tt.ADD_N


def _add_n_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = _same_list_types("AddN", specs, "inputs")
    sf.check_dtype(specs[0], _ADD_N_TYPES, "inputs")
    return [TensorSpec(_merge_all(specs), t)]


def _add_n_explain(values: Sequence[Any]) -> str | None:
    """TF's ValidateInputsAreSameShape, of the inputs in the order TF's optimizer sorts them
    (the executor passes them so)."""
    first = tuple(values[0].shape)
    for i, v in enumerate(values[1:], 1):
        if tuple(v.shape) != first:
            return (f"Inputs to operation {NODE_NAME} of type AddN must have the same size "
                    f"and shape.  Input 0: {sf_shape(first)} != input {i}: {sf_shape(v.shape)}")
    return None


def _add_n_kernel(xp: Any, *values: Any, **attrs: Any) -> Any:
    first = tuple(values[0].shape)
    if any(tuple(v.shape) != first for v in values[1:]):
        raise ValueError("AddN: inputs of different shapes")  # words: _add_n_explain
    total = values[0]
    for v in values[1:]:  # left to right, as TF's AddN adds
        total = xp.add(total, v)
    return total if len(values) > 1 else xp.asarray(total, copy=True)


register(OpDef(
    type="AddN", inputs=("inputs",), infer=_add_n_infer, kernel=_add_n_kernel,
    attrs=(N_ATTR, type_attr("T", tt.ADD_N)), derive=_list_derive({}), normalize=_n_normalize,
    category="Arithmetic", doc="The sum of a list of tensors of one shape.",
    default_name="AddN", list_inputs={"inputs": "N"}, extra={"arg_types": {"inputs": "T"}},
    explain=_add_n_explain,
))


# --- GatherV2 ----------------------------------------------------------------------------------
_GATHER_INDICES = (dt.int16, dt.int32, dt.int64)


def _gather_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    batch_dims = attrs.get("batch_dims") or 0
    if isinstance(batch_dims, bool) or not isinstance(batch_dims, (int, np.integer)):
        raise AttrError(f"batch_dims: expected an integer, got {batch_dims!r}")
    return {"batch_dims": int(batch_dims)}


def _gather_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[1], _GATHER_INDICES, "indices")
    sf.check_dtype(specs[2], INDEX_TYPES, "axis")
    params = sf.with_rank_at_least(specs[0].shape, 1)
    indices = specs[1].shape
    sf.with_rank(specs[2].shape, 0)
    batch_dims = attrs["batch_dims"]
    t = specs[0].dtype
    with Inputs(specs) as read:
        axis_value = read.tensor(2)
        if axis_value is None:
            if params.rank is not None and indices.rank is not None:
                rank = params.rank + indices.rank - 1 - batch_dims
                return [TensorSpec(TensorShape([None] * rank), t)]
            return [TensorSpec(sf.UNKNOWN, t)]
        axis = int(axis_value)
        sf.with_rank_at_least(params, -axis if axis < 0 else axis + 1)
        sf.with_rank_at_least(indices, abs(batch_dims))
        if batch_dims < 0 and indices.rank is not None:
            batch_dims += indices.rank
        sf.with_rank_at_least(params, batch_dims + 1)
        out = sf.concatenate(sf.subshape(params, 0, axis), sf.subshape(indices, batch_dims))
        if axis != -1:
            out = sf.concatenate(out, sf.subshape(params, axis + 1))
        return [TensorSpec(out, t)]


def _gather_kernel(xp: Any, params: Any, indices: Any, axis: Any, **attrs: Any) -> Any:
    rank = len(params.shape)
    a = _ints(xp, axis)[0]
    if not -rank <= a < rank:  # TF's shape function refuses it when the run knows the rank
        raise KernelError(f"Shape must be at least rank {-a if a < 0 else a + 1} but is "
                          f"rank {rank}")
    a = a + rank if a < 0 else a
    batch = _batch_dims(attrs["batch_dims"], params.shape, indices.shape, a)
    host = np.asarray(indices.get() if hasattr(indices, "get") else indices)
    bad = (host < 0) | (host >= params.shape[a])
    shape = (tuple(params.shape[:a]) + tuple(indices.shape[batch:])
             + tuple(params.shape[a + 1:]))
    if bad.any() and not math.prod(shape):  # TF returns an empty output before checking
        return xp.zeros(shape, dtype=params.dtype)
    if bad.any():
        k = int(np.flatnonzero(bad.reshape(-1))[0])
        where = ",".join(str(int(i)) for i in np.unravel_index(k, host.shape)) if host.ndim else ""
        at = f"indices[{where}]" if host.ndim else "indices"  # a scalar index: TF's words
        raise KernelError(f"{at} = {int(host.reshape(-1)[k])} is not in "
                          f"[0, {params.shape[a]})")
    if batch:
        return _batch_gather(xp, params, indices, batch, a, shape)
    if attrs["Tparams"] is dt.string:
        return np.take(params, host, axis=a)
    flat = xp.reshape(indices, (-1,))
    taken = xp.take(params, xp.astype(flat, xp.int64), axis=a)
    return xp.reshape(taken, shape)


def _batch_dims(batch: int, params: tuple[int, ...], indices: tuple[int, ...], axis: int
                ) -> int:
    """``batch_dims`` made non-negative, checked as TF's GatherV2 kernel checks it."""
    if batch == 0:
        return 0
    n = len(indices)
    if not -n <= batch <= n:
        raise KernelError(f"Expected batch_dims in the range [{-n}, {n}], but got {batch}")
    batch = batch + n if batch < 0 else batch
    if batch >= len(params):
        raise KernelError(f"batch_dims ({batch}) must be less than rank(params) "
                          f"({len(params)}).")
    if axis < batch:
        raise KernelError(f"batch_dims ({batch}) must be less than or equal to axis ({axis}).")
    for i in range(batch):
        if params[i] != indices[i]:
            raise KernelError(f"params.shape[{i}]: {params[i]} should be equal to "
                              f"indices.shape[{i}]: {indices[i]}")
    return batch


def _batch_gather(xp: Any, params: Any, indices: Any, batch: int, axis: int,
                  shape: tuple[int, ...]) -> Any:
    """One gather per batch (the leading ``batch`` dims params and indices share)."""
    lead = tuple(params.shape[:batch])
    n = math.prod(lead)
    p = xp.reshape(params, (n,) + tuple(params.shape[batch:]))
    i = xp.astype(xp.reshape(indices, (n,) + tuple(indices.shape[batch:])), xp.int64)
    parts = [xp.take(p[j], i[j], axis=axis - batch) for j in range(n)]
    if not parts:
        return xp.zeros(shape, dtype=params.dtype)
    return xp.reshape(xp.stack(parts), shape)


register(OpDef(
    type="GatherV2", inputs=("params", "indices", "axis"), infer=_gather_infer,
    kernel=_gather_kernel,
    attrs=(AttrDef("batch_dims", "int", default=0, doc="leading dimensions that are batches"),
           type_attr("Tparams"), type_attr("Tindices", tt.INDEX16),
           type_attr("Taxis", tt.INDEX)),
    derive=lambda specs: {"Tparams": specs[0].dtype, "Tindices": specs[1].dtype,
                          "Taxis": specs[2].dtype},
    normalize=_gather_normalize, category=ARRAY, reads_values=True,
    doc="Picks slices of params along axis at the given indices.", default_name="GatherV2",
    extra={"arg_types": {"params": "Tparams", "indices": "Tindices", "axis": "Taxis"}},
))


# --- Slice -------------------------------------------------------------------------------------
def _slice_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[1], INDEX_TYPES, "begin")
    if specs[2].dtype is not specs[1].dtype:
        raise DTypeError(f"Input 'size' of 'Slice' Op has type {specs[2].dtype.name} that does "
                         f"not match type {specs[1].dtype.name} of argument 'begin'.")
    x, t = specs[0].shape, specs[0].dtype
    begin_shape = sf.merge(sf.with_rank(specs[1].shape, 1), sf.with_rank(specs[2].shape, 1))
    ndims = begin_shape.sizes[0] if begin_shape.sizes else None
    if ndims is not None:
        x = sf.with_rank(x, ndims)
    with Inputs(specs) as read:
        begin = read.shape(1)
        sizes = read.ints(2)
        if sizes is not None:
            begin = sf.with_rank(begin, len(sizes))
            dims: list[Dim] = []
            for i, size in enumerate(sizes):
                dim = x.sizes[i] if x.sizes is not None else None
                if size != -1:
                    if size < 0:
                        raise ShapeError(f"Out of bounds slicing on dimension {i} of length "
                                         f"{dim if dim is not None else -1}: sizes vector cannot "
                                         f"be < -1, but was {size}")
                    dims.append(size)
                else:
                    b = begin.sizes[i] if begin.sizes is not None else None
                    dims.append(_subtract(dim, b))
            return [TensorSpec(TensorShape(dims), t)]
        size_shape = read.shape(2)
        if size_shape.sizes is not None:
            sf.with_rank(begin, len(size_shape.sizes))
            return [TensorSpec(size_shape, t)]
        return [TensorSpec(TensorShape([None] * x.rank) if x.rank is not None else sf.UNKNOWN, t)]


def _subtract(a: Dim, b: Dim) -> Dim:
    if b == 0:
        return a
    if a is None or b is None:
        return None
    if a < b:
        raise ShapeError(f"Negative dimension size caused by subtracting {b} from {a}")
    return a - b


def _slice_kernel(xp: Any, x: Any, begin: Any, size: Any, **attrs: Any) -> Any:
    b, s = _ints(xp, begin), _ints(xp, size)
    rank = len(x.shape)
    if len(b) != rank or len(s) != rank:
        raise KernelError(f"Expected begin and size arguments to be 1-D tensors of size {rank},"
                          f" but got shapes [{len(b)}] and [{len(s)}] instead.")
    index = []
    for i, (lo, n, dim) in enumerate(zip(b, s, x.shape)):
        n = dim - lo if n == -1 else n
        if dim == 0 and (lo or n):
            raise KernelError(f"Expected begin[{i}] == 0 (got {lo}) and size[{i}] == 0 (got {n})"
                              f" when input.dim_size({i}) == 0")
        if not 0 <= lo <= dim:
            raise KernelError(f"Expected begin[{i}] in [0, {dim}], but got {lo}")
        if not 0 <= n <= dim - lo:
            raise KernelError(f"Expected size[{i}] in [0, {dim - lo}], but got {n}")
        index.append(slice(lo, lo + n))
    return x[tuple(index)]


register(OpDef(
    type="Slice", inputs=("input", "begin", "size"), infer=_slice_infer, kernel=_slice_kernel,
    attrs=(T_ANY, type_attr("Index", tt.INDEX)),
    derive=lambda specs: {"T": specs[0].dtype, "Index": specs[1].dtype}, category=ARRAY,
    doc="The slice of size[i] elements from begin[i] in each dimension (-1: to the end).",
    default_name="Slice", reads_values=True,
    extra={"arg_types": {"input": "T", "begin": "Index", "size": "Index"}},
))
