"""Array ops that change a tensor's shape or make one: Reshape, Transpose, ExpandDims,
Squeeze, BroadcastTo, Tile, Fill, ZerosLike, OnesLike, Shape, Size, Rank.

Inference follows TF's shape functions (``array_ops.cc``), including what they read of
input values (a reshape's target shape, a transpose's permutation) and how they quote it in
errors; the kernels are array-API calls, so numpy, cupy and ``array_api_strict`` run them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import AttrError, KernelError, ShapeError
from ..framework.input_values import Inputs, ShapeOf
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape
from . import _shape_fns as sf
from . import _tf_types as tt
from ._shape_fns import INDEX_TYPES, type_attr

ARRAY = "Array"
T_ANY = type_attr("T", doc="element type, taken from the input")


def _ints(xp: Any, value: Any) -> list[int]:
    """A small int tensor's values as Python ints, on any backend."""
    if isinstance(value, (np.ndarray, np.generic)):  # the common case: numpy's own
        flat = np.reshape(value, -1).tolist()  # Python ints already
        return flat if value.dtype.kind in "iu" else [int(v) for v in flat]
    host = np.asarray(value.get() if hasattr(value, "get") else value)
    return [int(v) for v in host.reshape(-1)]


def _derive(**names: int) -> Any:
    """``derive`` giving each named attribute the dtype of the input at that index."""
    def derive(specs: Sequence[TensorSpec]) -> dict[str, Any]:
        return {name: specs[i].dtype for name, i in names.items()}

    return derive


def _register(op_type: str, inputs: tuple[str, ...], infer: Any, kernel: Any, doc: str,
              attrs: tuple[AttrDef, ...], arg_types: Mapping[str, str], **kw: Any) -> None:
    derived = {a.name: inputs.index(next(p for p, t in arg_types.items() if t == a.name))
               for a in attrs if a.derived and a.kind == "type"
               and any(t == a.name for t in arg_types.values())}
    extra = dict(kw.pop("extra", {}))
    extra["arg_types"] = dict(arg_types)
    register(OpDef(type=op_type, inputs=inputs, infer=infer, kernel=kernel, attrs=attrs,
                   derive=_derive(**derived), category=kw.pop("category", ARRAY), doc=doc,
                   default_name=kw.pop("default_name", op_type), extra=extra, **kw))


# --- Reshape ---------------------------------------------------------------------------------
def _reshape_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[1], INDEX_TYPES, "shape")
    with Inputs(specs) as read:
        out = read.shape(1)
        shape_in = specs[0].shape
        if out.sizes is None or shape_in.sizes is None:
            return [TensorSpec(out, specs[0].dtype)]
        out_dims = list(out.sizes)
        known_out, out_unknown, too_many = _known_product(out_dims)
        known_in, in_unknown, too_many_in = _known_product(list(shape_in.sizes))
        if 0 in shape_in.sizes and not too_many and out_unknown >= 0 and known_out > 0:
            # no elements, known even with unknown sizes: the -1 is 0 (TF's NumElements)
            out_dims[out_unknown] = 0
        elif 0 in shape_in.sizes and not too_many and out_unknown < 0 and known_out:
            raise ShapeError(f"Cannot reshape a tensor with 0 elements to shape "
                             f"{out.debug_string()} ({known_out} elements)")
        elif not (too_many or too_many_in):
            if in_unknown < 0 and out_unknown < 0:
                if known_in != known_out:
                    raise ShapeError(f"Cannot reshape a tensor with {known_in} elements to shape "
                                     f"{out.debug_string()} ({known_out} elements)")
            elif in_unknown < 0 <= out_unknown and known_out == 0:
                if known_in:  # a zero size in the target holds no element, whatever the -1
                    raise ShapeError(f"Cannot reshape a tensor with {known_in} elements to "
                                     f"shape {out.debug_string()} (0 elements)")
            elif in_unknown < 0 <= out_unknown and known_out > 0:
                if known_in % known_out:
                    raise ShapeError(f"Dimension size must be evenly divisible by {known_out} "
                                     f"but is {known_in}")
                out_dims[out_unknown] = known_in // known_out
            elif in_unknown >= 0 > out_unknown and known_in != 0:
                if known_out % known_in:
                    raise ShapeError(f"Dimension size must be evenly divisible by {known_in} "
                                     f"but is {known_out}")
            elif in_unknown >= 0 and out_unknown >= 0 and known_in == known_out:
                out_dims[out_unknown] = shape_in.sizes[in_unknown]
        return [TensorSpec(TensorShape(out_dims), specs[0].dtype)]


def _known_product(dims: list[Dim]) -> tuple[int, int, bool]:
    """(product of the known dims, index of the one unknown or -1, more than one unknown)."""
    product, unknown = 1, -1
    for i, d in enumerate(dims):
        if d is None:
            if unknown >= 0:
                return product, unknown, True
            unknown = i
        else:
            product *= d
    return product, unknown, False


def _reshape_kernel(xp: Any, x: Any, shape: Any, **attrs: Any) -> Any:
    target = _ints(xp, shape)
    size = math.prod(x.shape)
    if -1 not in target and math.prod(target) == size and min(target, default=0) >= 0:
        return xp.reshape(x, tuple(target))  # the common case, first
    unknown = [i for i, d in enumerate(target) if d == -1]
    if len(unknown) > 1:
        raise KernelError(f"Only one input size may be -1, not both {unknown[0]} and "
                          f"{unknown[1]}")
    for i, d in enumerate(target):
        if d < -1:
            raise KernelError(f"Size {i} must be non-negative, not {d}")
    # TF's reshape_op.h: a zero size in the target leaves the product of the others (and
    # of the input's non-zero sizes) to find the -1 from
    zero_out = 0 in target
    if unknown:
        product = math.prod(d for d in target if d > 0)
        skipped = zero_out and 0 in x.shape
        num = math.prod(d for d in x.shape if d > 0 or not zero_out)
        missing = num // product
        if not skipped and product * missing != num:
            raise KernelError(f"Input to reshape is a tensor with {num} values, but the "
                              f"requested shape requires a multiple of {product}")
        target[unknown[0]] = missing
    if math.prod(target) != size:
        raise KernelError(f"Input to reshape is a tensor with {size} values, but the requested "
                          f"shape has {math.prod(target)}")
    return xp.reshape(x, tuple(target))


_register("Reshape", ("tensor", "shape"), _reshape_infer, _reshape_kernel,
          "Gives the tensor another shape with the same elements; one size may be -1.",
          (T_ANY, type_attr("Tshape", tt.INDEX, default=dt.int32)),
          {"tensor": "T", "shape": "Tshape"}, reads_values=True)


# --- Transpose -------------------------------------------------------------------------------
def _transpose_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[1], INDEX_TYPES, "perm")
    with Inputs(specs) as read:
        x, perm_shape = specs[0].shape, specs[1].shape
        perm = read.ints(1)
        elems = perm_shape.num_elements() if perm_shape.sizes is not None else None
        if x.rank is None and elems is None and perm is None:
            return [TensorSpec(sf.UNKNOWN, specs[0].dtype)]
        rank = x.rank if x.rank is not None else (elems if elems is not None else len(perm or []))
        if x.rank is None and rank < 2:
            return [TensorSpec(x, specs[0].dtype)]
        x = sf.with_rank(x, rank)
        perm_shape = sf.with_rank(perm_shape, 1)
        sf.with_value(perm_shape.sizes[0], rank)  # type: ignore[index]
        if perm is None:
            return [TensorSpec(TensorShape([None] * rank), specs[0].dtype)]
        dims = sf.dims_of(x)
        out: list[Dim] = []
        for i in range(rank):
            k = perm[i]
            if k >= rank or k < -rank:
                raise ShapeError(f"perm dim {k} is out of range of input rank {rank}")
            out.append(dims[k])
        return [TensorSpec(TensorShape(out), specs[0].dtype)]


def _transpose_kernel(xp: Any, x: Any, perm: Any, **attrs: Any) -> Any:
    order = _ints(xp, perm)
    rank = len(x.shape)
    if len(order) != rank:
        raise KernelError(f"transpose expects a vector of size {rank}. But input(1) is a "
                          f"vector of size {len(order)}")
    order = [k + rank if k < 0 else k for k in order]  # TF's kernel counts from the end
    seen = [False] * rank
    for k in order:
        if not 0 <= k < rank:
            raise KernelError(f"{k} is out of range [0 .. {rank})")
        seen[k] = True
    for i in range(rank):
        if not seen[i]:
            raise KernelError(f"{i} is missing from {{{','.join(map(str, order))}}}.")
    return xp.permute_dims(x, tuple(order))


_register("Transpose", ("x", "perm"), _transpose_infer, _transpose_kernel,
          "Permutes the dimensions: output dimension i is input dimension perm[i].",
          (T_ANY, type_attr("Tperm", tt.INDEX, default=dt.int32)),
          {"x": "T", "perm": "Tperm"}, reads_values=True)


def _conjugate_transpose_kernel(xp: Any, x: Any, perm: Any, **attrs: Any) -> Any:
    out = _transpose_kernel(xp, x, perm)
    return xp.conj(out) if attrs["T"].is_complex else out


_register("ConjugateTranspose", ("x", "perm"), _transpose_infer, _conjugate_transpose_kernel,
          "Permutes the dimensions and conjugates: tf.transpose(x, conjugate=True).",
          (T_ANY, type_attr("Tperm", tt.INDEX, default=dt.int32)),
          {"x": "T", "perm": "Tperm"}, reads_values=True)


# --- ExpandDims, Squeeze -------------------------------------------------------------------------
def _expand_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[1], INDEX_TYPES, "dim")
    with Inputs(specs) as read:
        dim_values = read.ints(1)
        if dim_values is not None and len(dim_values) != 1:
            raise ShapeError("'dim' input must be a tensor with a single value")
        x = specs[0].shape
        if dim_values is None or x.sizes is None:
            return [TensorSpec(sf.UNKNOWN, specs[0].dtype)]
        dim, rank = dim_values[0], len(x.sizes)
        if dim < -rank - 1 or dim > rank:
            raise ShapeError(f"dim {dim} not in the interval [{-rank - 1}, {rank}].")
        if dim < 0:
            dim += rank + 1
        dims = list(x.sizes)
        return [TensorSpec(TensorShape(dims[:dim] + [1] + dims[dim:]), specs[0].dtype)]


def _expand_kernel(xp: Any, x: Any, dim: Any, **attrs: Any) -> Any:
    values = _ints(xp, dim)
    rank = len(x.shape)
    if len(values) != 1:
        raise KernelError(f"'dim' must be a tensor with a single value, but got {len(values)}")
    d = values[0]
    if d < -rank - 1 or d > rank:
        raise KernelError(f"Tried to expand dim index {d} for tensor with {rank} dimensions.")
    return xp.expand_dims(x, axis=d if d >= 0 else d + rank + 1)


_register("ExpandDims", ("input", "dim"), _expand_infer, _expand_kernel,
          "Inserts a dimension of size 1 at index dim.",
          (T_ANY, type_attr("Tdim", tt.INDEX, default=dt.int32)),
          {"input": "T", "dim": "Tdim"}, reads_values=True)


def _squeeze_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    dims = attrs.get("squeeze_dims") or []
    try:
        return {"squeeze_dims": [int(d) for d in dims]}
    except (TypeError, ValueError):
        raise AttrError(f"squeeze_dims: expected a list of integers, got {dims!r}") from None


def _squeeze_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    x = specs[0].shape
    if x.sizes is None:
        return [TensorSpec(sf.UNKNOWN, specs[0].dtype)]
    rank = len(x.sizes)
    wrapped = set()
    for i, d in enumerate(attrs["squeeze_dims"]):
        if d < -rank or d >= rank:
            raise ShapeError(f"squeeze_dims[{i}] not in [{-rank},{rank}).")
        wrapped.add(d + rank if d < 0 else d)
    out: list[Dim] = []
    for i, d in enumerate(x.sizes):
        explicit = i in wrapped
        if d is None:
            if explicit:
                continue
            if not wrapped:
                return [TensorSpec(sf.UNKNOWN, specs[0].dtype)]
        elif d == 1:
            if explicit or not wrapped:
                continue
        elif explicit:
            raise ShapeError(f"Can not squeeze dim[{i}], expected a dimension of 1, got {d}")
        out.append(d)
    return [TensorSpec(TensorShape(out), specs[0].dtype)]


def _squeeze_kernel(xp: Any, x: Any, **attrs: Any) -> Any:
    rank = len(x.shape)
    for d in attrs["squeeze_dims"]:  # all checked first, as TF's kernel does
        if not -rank <= d < rank:
            raise KernelError(f"Tried to squeeze dim index {d} for tensor with {rank} "
                              "dimensions.")
    dims = sorted({d + rank if d < 0 else d for d in attrs["squeeze_dims"]})
    if not dims:
        dims = [i for i, d in enumerate(x.shape) if d == 1]
    for d in dims:
        if x.shape[d] != 1:
            raise KernelError(f"Can not squeeze dim[{d}], expected a dimension of 1, got "
                              f"{x.shape[d]}")
    return xp.reshape(x, tuple(n for i, n in enumerate(x.shape) if i not in set(dims)))


_register("Squeeze", ("input",), _squeeze_infer, _squeeze_kernel,
          "Removes dimensions of size 1 (those listed in squeeze_dims, or all of them).",
          (T_ANY, AttrDef("squeeze_dims", "ints", default=[],
                          doc="the dimensions to remove; empty: every dimension of size 1")),
          {"input": "T"}, normalize=_squeeze_normalize)


# --- BroadcastTo, Tile -------------------------------------------------------------------------
def _broadcast_to_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[1], INDEX_TYPES, "shape")
    sf.with_rank(specs[1].shape, 1)
    with Inputs(specs) as read:
        out = read.shape(1)
        x = specs[0].shape
        if out.sizes is None or x.sizes is None:
            return [TensorSpec(out, specs[0].dtype)]
        out_dims = list(out.sizes)
        x = sf.with_rank_at_most(x, len(out_dims))
        for i in range(len(x.sizes or ())):
            d = x.sizes[-1 - i]  # type: ignore[index]
            if d is not None and d > 1:
                out_dims[-1 - i] = sf.merge_dim(d, out_dims[-1 - i])
        return [TensorSpec(TensorShape(out_dims), specs[0].dtype)]


def _broadcast_to_kernel(xp: Any, x: Any, shape: Any, **attrs: Any) -> Any:
    target = tuple(_ints(xp, shape))
    if len(x.shape) > len(target):
        raise KernelError(f"Rank of input ({len(x.shape)}) must be no greater than rank of "
                          f"output shape ({len(target)}).")
    if not all(a == b or a == 1 for a, b in zip(reversed(x.shape), reversed(target))):
        try:  # TF's BCast: shapes that broadcast to another shape, or not at all
            np.broadcast_shapes(tuple(x.shape), target)
        except ValueError:
            raise KernelError(f"Incompatible shapes: {sf_shape(x.shape)} vs. "
                              f"{sf_shape(target)}") from None
        raise KernelError(f"Unable to broadcast tensor of shape {sf_shape(x.shape)} to tensor "
                          f"of shape {sf_shape(target)}")
    return xp.broadcast_to(x, target)


def sf_shape(shape: Sequence[int]) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


_register("BroadcastTo", ("input", "shape"), _broadcast_to_infer, _broadcast_to_kernel,
          "Repeats the input along dimensions of size 1 to reach the given shape.",
          (T_ANY, type_attr("Tidx", tt.INDEX, default=dt.int32)),
          {"input": "T", "shape": "Tidx"}, reads_values=True)


def _tile_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[1], INDEX_TYPES, "multiples")
    with Inputs(specs) as read:
        x = specs[0].shape
        multiples = read.shape(1)
        if x.sizes is not None:
            multiples = sf.with_rank(multiples, len(x.sizes))
            sf.merge(specs[1].shape, TensorShape([len(x.sizes)]))
        if multiples.sizes is None:
            return [TensorSpec(sf.UNKNOWN, specs[0].dtype)]
        x = sf.with_rank(x, len(multiples.sizes))
        dims = [sf.multiply(a, b) for a, b in zip(sf.dims_of(x), multiples.sizes)]
        return [TensorSpec(TensorShape(dims), specs[0].dtype)]


def _tile_kernel(xp: Any, x: Any, multiples: Any, **attrs: Any) -> Any:
    reps = _ints(xp, multiples)
    if len(reps) != len(x.shape):
        raise KernelError(f"Expected multiples argument to be a vector of length "
                          f"{len(x.shape)} but got length {len(reps)}")
    for i, r in enumerate(reps):
        if r < 0:
            raise KernelError(f"Expected multiples[{i}] >= 0, but got {r}")
    return xp.tile(x, tuple(reps))


_register("Tile", ("input", "multiples"), _tile_infer, _tile_kernel,
          "Repeats the input multiples[i] times along dimension i.",
          (T_ANY, type_attr("Tmultiples", tt.INDEX, default=dt.int32)),
          {"input": "T", "multiples": "Tmultiples"}, reads_values=True)


# --- Fill, ZerosLike, OnesLike -----------------------------------------------------------------
def _fill_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], INDEX_TYPES, "dims")
    sf.with_rank(specs[0].shape, 1)
    sf.with_rank(specs[1].shape, 0)
    with Inputs(specs) as read:
        out = read.shape(0)  # TF evaluates the partial shape before the rerun's checks
        dims = read.ints(0)
        if dims is not None and any(d < 0 for d in dims):
            raise ShapeError("Fill dimensions must be >= 0")
        return [TensorSpec(out, specs[1].dtype)]


def _fill_kernel(xp: Any, dims: Any, value: Any, **attrs: Any) -> Any:
    shape = tuple(_ints(xp, dims))
    if tuple(getattr(value, "shape", ())) not in ((), (1,)):  # TF's kernel: a legacy scalar
        raise KernelError(f"value must be a scalar, got shape {sf_shape(value.shape)}")
    negative = next((d for d in shape if d < 0), None)
    if negative is not None:
        raise KernelError(f"Dimension {negative} must be >= 0")
    value = xp.reshape(value, ()) if attrs["T"] is not dt.string else np.reshape(value, ())
    if attrs["T"] is dt.string:
        return np.full(shape, value, dtype=object)
    return xp.asarray(xp.broadcast_to(value, shape), copy=True)


_register("Fill", ("dims", "value"), _fill_infer, _fill_kernel,
          "A tensor of shape dims whose every element is value.",
          (T_ANY, type_attr("index_type", tt.INDEX, default=dt.int32)),
          {"dims": "index_type", "value": "T"}, reads_values=True)

_ONES_TYPES = tt.ONES_LIKE


def _like_infer(allowed: Sequence[dt.DType] | Sequence[str]) -> Any:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        sf.check_dtype(specs[0], allowed, "x")
        return [TensorSpec(specs[0].shape, specs[0].dtype)]

    return infer


def _zeros_like(xp: Any, x: Any, **attrs: Any) -> Any:
    if attrs["T"] is dt.string:
        return np.full(x.shape, b"", dtype=object)
    return xp.zeros_like(x)


_register("ZerosLike", ("x",), _like_infer(dt.ALL_DTYPES), _zeros_like,
          "Zeros of the shape and dtype of x.", (T_ANY,), {"x": "T"})
_register("OnesLike", ("x",), _like_infer(_ONES_TYPES), lambda xp, x, **a: xp.ones_like(x),
          "Ones of the shape and dtype of x.", (type_attr("T", tt.ONES_LIKE),), {"x": "T"})


# --- Shape, Size, Rank -------------------------------------------------------------------------
def _out_type_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    try:
        out = dt.as_dtype(attrs.get("out_type") or dt.int32)
    except TypeError as e:
        raise AttrError(f"out_type: {e}") from None
    return {"out_type": out}


def _shape_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    x, out = specs[0].shape, sf.check_attr_dtype(attrs["out_type"], tt.INDEX, "out_type")
    if x.sizes is None:
        return [TensorSpec(TensorShape([None]), out, partial=sf.UNKNOWN)]
    value = None
    if x.is_fully_defined():
        value = np.asarray(x.sizes, dtype=out.np_dtype).reshape(len(x.sizes))
        value.setflags(write=False)
    return [TensorSpec(TensorShape([len(x.sizes)]), out, value, ShapeOf(x))]


def _size_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    n = specs[0].shape.num_elements()
    out = sf.check_attr_dtype(attrs["out_type"], tt.INDEX, "out_type")
    value = None if n is None else np.asarray(n, dtype=out.np_dtype)
    return [TensorSpec(TensorShape([]), out, value)]


def _rank_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    rank = specs[0].shape.rank
    value = None if rank is None else np.asarray(rank, dtype=np.int32)
    return [TensorSpec(TensorShape([]), dt.int32, value)]


def _shape_kernel(xp: Any, x: Any, **attrs: Any) -> Any:
    return xp.asarray(tuple(x.shape), dtype=_xp_dtype(xp, attrs["out_type"]))


def _xp_dtype(xp: Any, dtype: dt.DType) -> Any:
    return getattr(xp, dtype.name)


_OUT_TYPE = AttrDef("out_type", "type", default=dt.int32, doc="int32 or int64")
_register("Shape", ("input",), _shape_infer, _shape_kernel, "The shape of the input, as a vector.",
          (T_ANY, _OUT_TYPE), {"input": "T"}, normalize=_out_type_normalize)
_register("Size", ("input",), _size_infer,
          lambda xp, x, **a: xp.asarray(math.prod(x.shape), dtype=_xp_dtype(xp, a["out_type"])),
          "The number of elements of the input.", (T_ANY, _OUT_TYPE), {"input": "T"},
          normalize=_out_type_normalize)
_register("Rank", ("input",), _rank_infer,
          lambda xp, x, **a: xp.asarray(len(x.shape), dtype=xp.int32),
          "The number of dimensions of the input.", (T_ANY,), {"input": "T"})
