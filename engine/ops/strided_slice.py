"""StridedSlice: ``tensor[...]`` with TF's begin, end, ellipsis, new-axis and shrink masks.

The mask logic is TF's ``ValidateStridedSliceOp`` (``strided_slice_op.cc``): a sparse spec
(one entry per index the user wrote, an ellipsis standing for the dimensions it skips) is
made dense (one entry per input dimension), each dimension's begin and end made explicit and
checked, and the final shape gathered (new axes add a 1, shrunk indices drop theirs). The
same code serves inference — over partly unknown shapes and values — and the kernel, which
then slices with a plain numpy-style index (a view: no copy, on any backend).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import KernelError, ShapeError
from ..framework.input_values import Inputs, RefusedPartial, ShapeOf
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape
from . import _shape_fns as sf
from . import _tf_types as tt
from ._shape_fns import type_attr
from .array import ARRAY, T_ANY, _ints

_INDEX = (dt.int16, dt.int32, dt.int64)
_NEW_AXIS, _SHRINK = -1, -2
MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


class SliceError(Exception):
    """A slice spec that does not fit the input (TF's message)."""


@dataclass
class Dense:
    """The dense spec: per input dimension its begin, end, stride and masks, and how the
    final shape is gathered from the processed dimensions."""

    begin: list[int]
    end: list[int]
    strides: list[int]
    begin_mask: int = 0
    end_mask: int = 0
    shrink: int = 0
    gather: list[int] = field(default_factory=list)


def dense_spec(rank: int, begin: list[int] | None, end: list[int] | None, strides: list[int],
               masks: Mapping[str, int]) -> Dense:
    """TF's ``BuildDenseSpec``, the implicit ellipsis at the end included."""
    n = len(strides)
    ellipsis, new_axis = masks["ellipsis_mask"], masks["new_axis_mask"]
    if ellipsis and ellipsis & (ellipsis - 1):
        raise SliceError("Multiple ellipses in slice spec not allowed")
    after_ellipsis, seen = 0, False
    for i in range(n):
        if seen and (1 << i) & new_axis:
            after_ellipsis += 1
        if (1 << i) & ellipsis:
            seen = True
    if not seen:
        ellipsis |= 1 << n
        n += 1
    dense = Dense([0] * rank, [0] * rank, [1] * rank)
    full = 0
    for i in range(n):
        bit = 1 << i
        if bit & ellipsis:
            nxt = min(rank - (n - i) + 1 + after_ellipsis, rank)
            while full < nxt:
                dense.begin_mask |= 1 << full
                dense.end_mask |= 1 << full
                dense.gather.append(full)
                full += 1
        elif bit & new_axis:
            dense.gather.append(_NEW_AXIS)
        else:
            if full == rank:
                if rank == 0:
                    raise SliceError("Attempting to slice scalar input.")
                raise SliceError(f"Index out of range using input dim {full}; input has only "
                                 f"{rank} dims")
            if begin is not None:
                dense.begin[full] = begin[i]
            if end is not None:
                dense.end[full] = end[i]
            dense.strides[full] = strides[i]
            if masks["begin_mask"] & bit:
                dense.begin_mask |= 1 << full
            if masks["end_mask"] & bit:
                dense.end_mask |= 1 << full
            if masks["shrink_axis_mask"] & bit:
                dense.gather.append(_SHRINK)
                dense.shrink |= 1 << full
            else:
                dense.gather.append(full)
            full += 1
    return dense


def _canonical(x: int, c: int, masked: bool, stride: int, dim: int,
               bounds: tuple[int, int]) -> int:
    """TF's ``canonical``: a begin (c=0) or end (c=1) made explicit and clamped."""
    if masked:
        return bounds[c] if stride > 0 else bounds[1 - c]
    fwd = dim + x if x < 0 else x
    return bounds[0] if fwd < bounds[0] else bounds[1] if fwd > bounds[1] else fwd


def process(shape: Sequence[Dim], dense: Dense, known: bool) -> tuple[list[Dim], list[slice]]:
    """Steps 3 and 4 of ``ValidateStridedSliceOp``: each dimension's interval (checked) and
    its size; returns the final shape and, when ``known`` (begin and end values known), the
    Python slices that index the input."""
    sizes: list[Dim] = []
    index: list[slice] = []
    for i, dim in enumerate(shape):
        b, e, s = dense.begin[i], dense.end[i], dense.strides[i]
        if s == 0:
            raise SliceError(f"strides[{i}] must be non-zero")
        shrink = bool(dense.shrink & (1 << i))
        bm, em = bool(dense.begin_mask & (1 << i)), bool(dense.end_mask & (1 << i))
        if dim is None:
            sizes.append(1 if shrink else None)
            index.append(slice(None))
            continue
        if shrink and s <= 0:
            raise SliceError("only stride 1 allowed on non-range indexing.")
        bounds = (0, dim) if s > 0 else (-1, dim - 1)

        length: int | None = None
        if known:
            if shrink:
                fwd = dim + b if b < 0 else b
                b, e = fwd, fwd + 1
                if fwd < 0 or fwd >= dim:
                    raise SliceError(f"slice index {fwd} of dimension {i} out of bounds.")
            else:
                b, e = _canonical(b, 0, bm, s, dim, bounds), _canonical(e, 1, em, s, dim, bounds)
            length = e - b
        elif shrink:
            length = 1
        elif bm and em:
            length = -dim if s < 0 else dim
        if length is None:
            sizes.append(None)
        elif length == 0 or (length < 0) != (s < 0):
            sizes.append(0)
        else:
            sizes.append(length // s + (1 if length % s else 0))  # C's division: same signs
        if sizes[-1] == 0:
            index.append(slice(0, 0))
        elif shrink:
            index.append(slice(b, b + 1))
        else:  # a negative stride's end of -1 is "past the front": numpy's None
            index.append(slice(b, None if e < 0 else e, s))
    final: list[Dim] = []
    for g in dense.gather:
        if g >= 0:
            final.append(sizes[g])
        elif g == _NEW_AXIS:
            final.append(1)
    return final, index


def _masks(attrs: Mapping[str, Any]) -> dict[str, int]:
    return {m: int(attrs.get(m) or 0) for m in MASKS}


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    index_type = sf.check_dtype(specs[1], _INDEX, "begin")
    for param, spec in zip(("end", "strides"), specs[2:]):
        if spec.dtype is not index_type:
            from ..framework.errors import DTypeError

            raise DTypeError(f"Input '{param}' of 'StridedSlice' Op has type {spec.dtype.name} "
                             f"that does not match type {index_type.name} of argument 'begin'.")
    t = specs[0].dtype
    x = specs[0].shape
    vec = sf.merge(sf.with_rank(specs[1].shape, 1), sf.with_rank(specs[2].shape, 1))
    vec = sf.merge(vec, sf.with_rank(specs[3].shape, 1))
    with Inputs(specs) as read:
        strides = read.ints(3)
        if x.sizes is None or vec.sizes is None or vec.sizes[0] is None or strides is None:
            return [TensorSpec(sf.UNKNOWN, t)]
        begin, end = read.ints(1), read.ints(2)
        masks = _masks(attrs)
        try:
            dense = dense_spec(len(x.sizes), begin, end, strides, masks)
            final, _ = process(x.sizes, dense, begin is not None and end is not None)
        except SliceError as e:
            raise ShapeError(str(e)) from None
        value: Any
        if final == [0]:  # TF's refiner: a vector of no elements holds the scalar shape
            value, partial = None, (TensorShape([]) if specs[0].partial is not None else None)
        else:
            value, partial = _of_shape_vector(specs[0], begin, end, strides, masks)
            if value is not None and not _evaluable_index(specs[0], specs[1], masks):
                # TF's refiner knows the entries as a shape (its partial), not as a value
                value, partial = None, (None if masks["shrink_axis_mask"] else
                                        TensorShape([int(d) for d in value]))
        return [TensorSpec(TensorShape(final), t, value, partial)]


def _evaluable_index(shape: TensorSpec, begin: TensorSpec, masks: Mapping[str, int]) -> bool:
    """Whether TF's constant evaluator (``TryInferFromShapes``) reads one entry of a
    partly known shape: ``tf.shape(x)[i]`` of the Shape op itself, a Const index and no
    mask but the shrink of the first axis. Anything else it would run as a subgraph, which
    stops at the Shape of a partly known tensor: the entry stays unknown, even where
    inference knows it (an index computed from constants, ``tf.shape(x)[tf.rank(x) - 1]``)."""
    return (type(shape.partial) is ShapeOf and begin.value is not None
            and masks["shrink_axis_mask"] == 1
            and not any(masks[m] for m in ("begin_mask", "end_mask", "ellipsis_mask",
                                           "new_axis_mask")))


def _of_shape_vector(spec: TensorSpec, begin: list[int] | None, end: list[int] | None,
                     strides: list[int], masks: Mapping[str, int]) -> tuple[Any, Any]:
    """A slice of a shape vector (``tf.shape(x)[0]``, ``tf.shape(x)[1:]``): its value when
    the dims it takes are known, else what it holds (TF's PartialStridedSliceShape)."""
    import numpy as np

    source = spec.partial
    if (source is None and spec.value is not None and np.ndim(spec.value) == 1
            and spec.dtype.is_integer and all(int(d) >= -1 for d in spec.value)):
        # a constant: only TF's refusal (-1 an unknown dim, as TF reads a shape tensor)
        source = TensorShape([None if int(d) == -1 else int(d) for d in spec.value])
    if source is None or source.sizes is None or len(strides) != 1:
        return None, None
    if masks["ellipsis_mask"] or masks["new_axis_mask"] or masks["begin_mask"] > 1 or (
            masks["end_mask"] > 1):
        return None, None
    dims = list(source.sizes)
    b = 0 if masks["begin_mask"] else (begin[0] if begin is not None else None)
    e = None if masks["end_mask"] else (end[0] if end is not None else None)
    if b is None or (e is None and not masks["end_mask"]):
        return None, None
    if spec.partial is None:  # the constant's slice has its value; TF's refiner may refuse it
        piece = _subshape(dims, b, e, strides[0])
        return None, (RefusedPartial(piece) if isinstance(piece, str) else None)
    if masks["shrink_axis_mask"]:
        k = b + len(dims) if b < 0 else b
        if not 0 <= k < len(dims) or dims[k] is None:
            return None, None
        return np.asarray(dims[k], dtype=spec.dtype.np_dtype), None
    piece = _subshape(dims, b, e, strides[0])
    if isinstance(piece, str):  # TF's refiner refuses it: so does a shape function reading it
        return None, RefusedPartial(piece)
    if all(d is not None for d in piece):
        return np.asarray(piece, dtype=spec.dtype.np_dtype).reshape(len(piece)), None
    return None, TensorShape(piece)


def _subshape(dims: list[Any], start: int, end: int | None, stride: int) -> list[Any] | str:
    """The dims ``dims[start:end:stride]`` picks as TF's ``InferenceContext::Subshape`` does
    (an end mask is the largest end; a begin mask is 0, whatever the stride, as TF's
    PartialStridedSliceShape gives them), or the message with which TF's rule refuses it."""
    rank, begin_in = len(dims), start
    end_in = _INT64_MAX if end is None else end
    stop, start = min(end_in, rank), min(start, rank)
    if stride < 0 and start == rank:
        start -= 1
    if start < 0:
        start += rank
        if start < 0:
            return f"Subshape start out of bounds: {begin_in}, for shape with rank {rank}"
    if stop < 0:
        stop += rank
        if stop < 0:
            return f"Subshape end out of bounds: {end_in}, for shape with rank {rank}"
    where = f"(computed from start {begin_in} and end {end_in} over shape with rank {rank}"
    if stride < 0 and start < stop:
        return (f"Subshape must have computed start >= end since stride is negative, but is "
                f"{start} and {stop} {where} and stride{stride})")
    return [dims[i] for i in range(start, stop, stride)]


_INT64_MAX = 2**63 - 1


def _kernel(xp: Any, x: Any, begin: Any, end: Any, strides: Any, **attrs: Any) -> Any:
    b, e, s = _ints(xp, begin), _ints(xp, end), _ints(xp, strides)
    if not (len(b) == len(e) == len(s)):
        raise KernelError(f"Expected begin, end, and strides to be 1D equal size tensors, but "
                          f"got shapes [{len(b)}], [{len(e)}], and [{len(s)}] instead.")
    try:
        dense = dense_spec(len(x.shape), b, e, s, _masks(attrs))
        final, index = process(tuple(x.shape), dense, True)
    except SliceError as err:
        raise KernelError(str(err)) from None
    if attrs["T"] is dt.string:
        import numpy as np

        return np.reshape(x[tuple(index)], tuple(int(d or 0) for d in final))
    return xp.reshape(x[tuple(index)], tuple(int(d or 0) for d in final))


def _normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    from ..framework.errors import AttrError

    out = {}
    for m in MASKS:
        v = attrs.get(m) or 0
        if isinstance(v, bool) or not isinstance(v, int):
            raise AttrError(f"{m}: expected an integer bit mask, got {v!r}")
        out[m] = v
    return out


register(OpDef(
    type="StridedSlice", inputs=("input", "begin", "end", "strides"), infer=_infer,
    kernel=_kernel,
    attrs=(type_attr("Index", tt.INDEX16), T_ANY,
           *(AttrDef(m, "int", default=0, doc=f"bit i set: index i has the {m[:-5]} flag")
             for m in MASKS)),
    derive=lambda specs: {"T": specs[0].dtype, "Index": specs[1].dtype}, normalize=_normalize,
    category=ARRAY, doc="tensor[begin:end:strides], numpy-style, with TF's masks.",
    default_name="StridedSlice", reads_values=True,
    extra={"arg_types": {"input": "T", "begin": "Index", "end": "Index", "strides": "Index"}},
))

