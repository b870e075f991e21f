"""Reductions: Sum, Mean, Max, Min, Prod, All, Any (``reduction_indices``, ``keep_dims``) and
ArgMax, ArgMin.

Inference is TF's ``ReductionShape``: without the axes' value only the rank (with
``keep_dims``) is known. The kernels are array-API reductions in the input's own dtype
(integers wrap, as TF's do; an integer mean truncates toward zero); on numpy, large
reductions over every axis, the trailing or the leading ones (sums, means, products, max,
min, argmax, argmin of floats and integers) are shared out over the cores in fixed blocks
(``_parallel``), so they read at the memory's speed and the result does not depend on how
many cores there are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import ml_dtypes
import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import AttrError, KernelError, ShapeError
from ..framework.input_values import Inputs
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape
from . import _parallel
from . import _shape_fns as sf
from . import _tf_types as tt
from ._shape_fns import type_attr

CATEGORY = "Reduction"


def _axes(values: Sequence[int], rank: int) -> set[int]:
    out = set()
    for v in values:
        if v < -rank or v >= rank:
            raise ShapeError(f"Invalid reduction dimension {v} for input with {rank} dimensions.")
        out.add(v + rank if v < 0 else v)
    return out


def _reduction_infer(op_type: str, allowed: Sequence[str] | None) -> Any:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        if allowed is None:  # All, Any: a bool input
            if specs[0].dtype is not dt.bool_:
                raise _bool_input(op_type, specs[0])
        else:
            sf.check_dtype(specs[0], allowed, "input")
        sf.check_dtype(specs[1], tt.INDEX, "reduction_indices")
        t = specs[0].dtype
        sf.with_rank_at_most(specs[1].shape, 1)
        keep = attrs["keep_dims"]
        x = specs[0].shape
        with Inputs(specs) as read:
            axes = read.ints(1)
            if axes is None or x.sizes is None:
                if keep and x.sizes is not None:
                    return [TensorSpec(TensorShape([None] * len(x.sizes)), t)]
                return [TensorSpec(sf.UNKNOWN, t)]
            chosen = _axes(axes, len(x.sizes))
            dims: list[Dim] = []
            for i, d in enumerate(x.sizes):
                if i in chosen:
                    if keep:
                        dims.append(1)
                else:
                    dims.append(d)
            return [TensorSpec(TensorShape(dims), t)]

    return infer


def _bool_input(op_type: str, spec: TensorSpec) -> Exception:
    from ..framework.errors import DTypeError

    return DTypeError(f"Input 'input' of '{op_type}' Op has type {spec.dtype.name} that does not "
                      "match expected type of bool.")


def _kernel_axes(xp: Any, x: Any, indices: Any) -> tuple[int, ...]:
    rank = len(x.shape)
    if type(indices) is np.ndarray and indices.ndim == 1 and indices.size == 1:
        v = int(indices[0])  # one axis (a gradient's, a loss's mean): the common case
        if -rank <= v < rank:
            return (v + rank if v < 0 else v,)
    from .array import _ints

    values = _ints(xp, indices)
    out = []
    for v in values:
        if v < -rank or v >= rank:
            raise KernelError(f"Invalid reduction dimension ({v} for input with {rank} "
                              "dimension(s)")
        axis = v + rank if v < 0 else v
        if axis in out:  # static inference allows it, as TF's shape function does
            raise KernelError("Invalid reduction arguments: Axes contains duplicate "
                              f"dimension: {axis}")
        out.append(axis)
    return tuple(sorted(out))


def _reduce(name: str) -> Any:
    ufunc = _SMALL_FLOAT.get(name)

    def kernel(xp: Any, x: Any, indices: Any, **attrs: Any) -> Any:
        axes = _kernel_axes(xp, x, indices)
        keep = attrs["keep_dims"]
        t = attrs.get("T", dt.bool_)
        if any(x.shape[a] == 1 for a in axes):
            x, axes = _drop_unit_axes(xp, x, axes, keep)
        if not axes:  # TF copies the input through: no identity added (-0.0 stays -0.0)
            return xp.asarray(x, copy=True)
        wide = _MEAN_ACCUMULATOR.get(t.name) if name == "mean" else None
        if wide is not None:  # TF adds narrow integers in 64 bits: no wrapping before dividing
            w = xp.astype(x, getattr(xp, wide))
            fast = _parallel.reduce("sum", w, axes, keep) if (
                xp is np and _parallel.applies(w)) else None
            mean = _mean(xp, w, axes, keep, t) if fast is None else _divide(fast, w, axes, t)
            return xp.astype(mean, x.dtype)
        if (ufunc is not None and type(x) is np.ndarray and x.dtype in _FLOATS
                and x.size < _parallel.MIN_ELEMENTS and all(x.shape[a] for a in axes)):
            # a small float sum or mean (a bias's gradient, a loss's mean): numpy's own
            # reduction (np.sum and np.mean reduce with it), without their Python layers
            total = ufunc(x, axis=axes, keepdims=keep)
            return total if name == "sum" else np.true_divide(total, _count(x, axes),
                                                              dtype=x.dtype)
        if xp is np and name not in ("all", "any") and _parallel.applies(x):
            fast = _parallel.reduce("sum" if name == "mean" else name, x, axes, keep)
            if fast is not None:
                return _divide(fast, x, axes, t) if name == "mean" else fast
        if name in ("max", "min") and _empty(x, axes):
            return _identity_fill(xp, x, axes, keep, name, t)
        if name == "mean":
            return _mean(xp, x, axes, keep, t)
        func = getattr(xp, name)
        if name in ("sum", "prod"):
            return func(x, axis=axes, keepdims=keep, dtype=x.dtype)
        return func(x, axis=axes, keepdims=keep)

    return kernel


#: the type TF's Mean adds integers of fewer than 64 bits in (reduction_ops.h's casting
#: specialisation): their mean never wraps, as their sum does
_MEAN_ACCUMULATOR = {n: "int64" if n.startswith("int") else "uint64"
                     for n in ("int8", "int16", "int32", "uint8", "uint16", "uint32")}


#: the reductions with a direct numpy path for small float arrays (see ``_reduce``)
_SMALL_FLOAT: dict[str, Any] = {"sum": np.add.reduce, "mean": np.add.reduce}
_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def _count(x: Any, axes: tuple[int, ...]) -> int:
    count = 1
    for a in axes:
        count *= x.shape[a]
    return count


def _divide(total: Any, x: Any, axes: tuple[int, ...], t: dt.DType) -> Any:
    """TF's mean from the sum: divided by the count in the input's dtype (an integer mean
    truncates toward zero)."""
    count = _count(x, axes)
    if t.is_integer:
        return _truncating_divide(np, total, count, x.dtype)
    return (total / x.dtype.type(count)).astype(x.dtype, copy=False)


def _truncating_divide(xp: Any, total: Any, count: int, dtype: Any) -> Any:
    if count == 0:
        return total
    q = xp.floor_divide(total, xp.asarray(count, dtype=dtype))
    fix = xp.logical_and(total < 0, xp.remainder(total, xp.asarray(count, dtype=dtype)) != 0)
    return xp.where(fix, q + 1, q)


def _empty(x: Any, axes: tuple[int, ...]) -> bool:
    return any(x.shape[a] == 0 for a in axes)


def _drop_unit_axes(xp: Any, x: Any, axes: tuple[int, ...],
                    keep: bool) -> tuple[Any, tuple[int, ...]]:
    """TF's ReductionHelper reduces no axis of size 1: it reshapes them away (a -0.0 alone
    on its axis stays -0.0, where adding it to the sum's 0 gives 0.0)."""
    units = [a for a in axes if x.shape[a] == 1]
    rest = [a for a in axes if x.shape[a] != 1]
    if keep:
        return x, tuple(rest)
    shape = tuple(d for i, d in enumerate(x.shape) if i not in units)
    return xp.reshape(x, shape), tuple(a - sum(u < a for u in units) for a in rest)


def _reduced_shape(x: Any, axes: tuple[int, ...], keep: bool) -> tuple[int, ...]:
    return tuple(1 if i in axes else d for i, d in enumerate(x.shape) if keep or i not in axes)


def _identity_fill(xp: Any, x: Any, axes: tuple[int, ...], keep: bool, name: str,
                   t: dt.DType) -> Any:
    """TF's max/min over nothing: the dtype's lowest/highest value (numpy refuses)."""
    shape = _reduced_shape(x, axes, keep)
    if t.is_floating:
        value = -np.inf if name == "max" else np.inf
    else:
        info = np.iinfo(t.np_dtype)
        value = info.min if name == "max" else info.max
    return xp.full(shape, value, dtype=x.dtype)


def _mean(xp: Any, x: Any, axes: tuple[int, ...], keep: bool, t: dt.DType) -> Any:
    if t.is_integer:
        total = xp.sum(x, axis=axes, keepdims=keep, dtype=x.dtype)
        return _truncating_divide(xp, total, _count(x, axes), x.dtype)
    if t.is_complex and not _count(x, axes):  # TF's complex mean over nothing is 0, not nan
        return xp.zeros(_reduced_shape(x, axes, keep), dtype=x.dtype)
    if xp is np:
        if t in (dt.float32, dt.float64) and all(x.shape[a] for a in axes):
            # np.mean's own arithmetic (a pairwise sum, one division) without its
            # Python-level overhead, which is most of the cost on small arrays
            return np.true_divide(_ADD_REDUCE(x, axis=axes, keepdims=keep), _count(x, axes),
                                  dtype=x.dtype)
        return np.mean(x, axis=axes, keepdims=keep, dtype=x.dtype if t.is_complex else None)
    return xp.mean(x, axis=axes, keepdims=keep)


#: numpy's add.reduce (typed loosely: its overloads want a literal keepdims)
_ADD_REDUCE: Any = np.add.reduce

_KEEP = AttrDef("keep_dims", "bool", default=False, doc="keep reduced dimensions, as size 1")
_TIDX = type_attr("Tidx", tt.INDEX, default=dt.int32)


def _reduction(op_type: str, name: str, allowed: Sequence[str] | None, doc: str) -> None:
    attrs: tuple[AttrDef, ...] = (_KEEP, _TIDX) if allowed is None else (
        _KEEP, type_attr("T", tuple(allowed)), _TIDX)
    register(OpDef(
        type=op_type, inputs=("input", "reduction_indices"),
        infer=_reduction_infer(op_type, allowed),
        kernel=_reduce(name), attrs=attrs,
        derive=(lambda s: {"Tidx": s[1].dtype}) if allowed is None else (
            lambda s: {"T": s[0].dtype, "Tidx": s[1].dtype}),
        category=CATEGORY, doc=doc, default_name=op_type, reads_values=True,
        extra={"arg_types": {"input": "bool" if allowed is None else "T",
                             "reduction_indices": "Tidx"}},
    ))


_reduction("Sum", "sum", tt.NUMBER, "The sum over the given axes.")
_reduction("Mean", "mean", tt.NUMBER, "The mean over the given axes.")
_reduction("Max", "max", tt.REAL, "The largest element over the given axes.")
_reduction("Min", "min", tt.REAL, "The smallest element over the given axes.")
_reduction("Prod", "prod", tt.NUMBER, "The product over the given axes.")
_reduction("All", "all", None, "Whether every element over the given axes is true.")
_reduction("Any", "any", None, "Whether some element over the given axes is true.")


# --- ArgMax, ArgMin ------------------------------------------------------------------------------
def _arg_normalize(allowed: tuple[str, ...]) -> Any:
    def normalize(attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            out = dt.as_dtype(attrs.get("output_type") or dt.int64)
        except TypeError as e:
            raise AttrError(f"output_type: {e}") from None
        return {"output_type": out}

    return normalize


def _arg_infer(op_type: str, index: tuple[str, ...], outs: tuple[str, ...]) -> Any:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        sf.check_dtype(specs[0], tt.ARG, "input")
        sf.check_dtype(specs[1], index, "dimension")
        out = sf.check_attr_dtype(attrs["output_type"], outs, "output_type")
        sf.with_rank(specs[1].shape, 0)
        x = specs[0].shape
        with Inputs(specs) as read:
            dim = read.tensor(1)
            if x.sizes is None:
                return [TensorSpec(sf.UNKNOWN, out)]
            rank = len(x.sizes)
            if rank <= 1:  # a scalar or vector gives a scalar: its axis is checked at run time
                return [TensorSpec(TensorShape([]), out)]
            if dim is None:
                return [TensorSpec(TensorShape([None] * max(rank - 1, 0)), out)]
            d = int(dim)
            if d < -rank or d >= rank:
                raise ShapeError(f"Dimension ({d}) must be in the range [{-rank}, {rank}), where "
                                 f"{rank} is the number of dimensions in the input.")
            d = d + rank if d < 0 else d
            return [TensorSpec(TensorShape(list(x.sizes[:d]) + list(x.sizes[d + 1:])), out)]

    return infer


def _arg_kernel(name: str) -> Any:
    def kernel(xp: Any, x: Any, dimension: Any, **attrs: Any) -> Any:
        from .array import _ints

        rank = len(x.shape)
        d = _ints(xp, dimension)[0]
        if d < -rank or d >= rank:
            raise KernelError(f"Expected dimension in the range [{-rank}, {rank}), but got {d}")
        if x.shape[d] == 0:
            raise KernelError(f"Reduction axis {d} is empty in shape {_shape(x.shape)}")
        d = d + rank if d < 0 else d
        out = attrs["output_type"]
        t = attrs["T"]
        if t.is_floating:
            if xp is np:  # numpy's pick, kept where it is Eigen's (see _picks_as_eigen)
                index = _arg(xp, name, x, d, t, out)
                if _picks_as_eigen(x, index, d, name, t):
                    return index
            x = _unpickable_to_infinity(xp, x, name, t)
        return _arg(xp, name, x, d, t, out)

    return kernel


def _arg(xp: Any, name: str, x: Any, d: int, t: dt.DType, out: dt.DType) -> Any:
    if xp is np and _parallel.applies(x):
        fast = _parallel.arg(name, x, d)
        if fast is not None:
            return fast.astype(out.np_dtype, copy=False)
    if t is dt.bool_:  # the array API has no argmax of bools
        x = xp.astype(x, xp.int8)
    return xp.astype(getattr(xp, name)(x, axis=d), getattr(xp, out.name))


def _picks_as_eigen(x: np.ndarray, index: np.ndarray, d: int, name: str, t: dt.DType) -> bool:
    """Whether numpy's argmax (argmin) is already TF's: numpy picks a slice's first NaN
    when it has one, so a picked value that is neither NaN nor at the dtype's end (where
    Eigen's start value wins ties) means the slice has no NaN and both pick the first
    largest (smallest) value. Checks only the picked values: the whole input's NaN scan
    cost 7 times the argmax at 1e7 elements."""
    picked = np.take_along_axis(x, np.expand_dims(index, d).astype(np.intp), d)
    finite = ml_dtypes.finfo(t.np_dtype)
    with np.errstate(invalid="ignore"):
        inside = picked > float(finite.min) if name == "argmax" else (
            picked < float(finite.max))
    return bool(np.all(inside))


def _unpickable_to_infinity(xp: Any, x: Any, name: str, t: dt.DType) -> Any:
    """Eigen's ArgMax starts from index 0 holding the dtype's lowest value and takes only a
    strictly larger one (ArgMin: the highest, a smaller one): a NaN is never picked, nor the
    lowest (highest) value or an infinity past it after index 0. Those turned into the
    infinity that loses to everything give numpy's argmax (argmin) TF's index."""
    finite = ml_dtypes.finfo(t.np_dtype)
    if name == "argmax":
        lose = -np.inf
        bad = xp.isnan(x) | (x <= float(finite.min))
    else:
        lose = np.inf
        bad = xp.isnan(x) | (x >= float(finite.max))
    if not bool(xp.any(bad)):
        return x
    return xp.where(bad, xp.asarray(lose, dtype=x.dtype), x)


def _shape(shape: Sequence[int]) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


for _op, _func, _index, _outs, _doc in (
    ("ArgMax", "argmax", tt.INDEX16, tt.ARGMAX_OUT, "The index of the largest element along an "
                                                    "axis (the first, on ties)."),
    ("ArgMin", "argmin", tt.INDEX, tt.INDEX, "The index of the smallest element along an axis "
                                              "(the first, on ties)."),
):
    register(OpDef(
        type=_op, inputs=("input", "dimension"), infer=_arg_infer(_op, _index, _outs),
        kernel=_arg_kernel(_func),
        attrs=(type_attr("T", tt.ARG),
               type_attr("Tidx", _index, default=dt.int32),
               AttrDef("output_type", "type", default=dt.int64, doc="the index dtype")),
        derive=lambda s: {"T": s[0].dtype, "Tidx": s[1].dtype},
        normalize=_arg_normalize(_outs), category=CATEGORY, doc=_doc, default_name=_op,
        reads_values=True, extra={"arg_types": {"input": "T", "dimension": "Tidx"}},
    ))
