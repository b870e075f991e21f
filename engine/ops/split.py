"""Split and SplitV: a tensor cut along one axis into ``num_split`` pieces (``tf.split``).

TF builds them for ``tf.split(x, 3, axis)`` (Split: equal pieces; its axis comes first) and
``tf.split(x, [2, -1, 1], axis)`` (SplitV: the sizes, one of them -1 for the rest), and
TF1's LSTM and GRU cells split their gates with them. Inference is TF's shape function: an
axis not known statically gives pieces of the input's rank and no known dims; sizes not
known statically, pieces whose split dim is unknown. The gradient is the pieces' gradients
concatenated back along the axis, as TF's ``_SplitGrad`` and ``_SplitVGrad`` build it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.dimension import Dimension
from ..framework.errors import KernelError, ShapeError
from ..framework.input_values import Inputs
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape
from . import _shape_fns as sf
from ._common import host
from ._shape_fns import type_attr
from .array import T_ANY
from .array_builders import concat
from .array_join import _n_normalize
from .grad_registry import register_gradient
from .list_apply import apply_op, convert_to_tensor

_NUM = AttrDef("num_split", "int", default=2, doc="how many pieces")


def _normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    """``num_split`` checked as a list's length is (Unpack's ``num`` too)."""
    return {**attrs, "num_split": _n_normalize({"N": attrs.get("num_split", 2)})["N"]}


def _axis(read: Inputs, i: int, shape: TensorShape) -> int | None:
    """The split axis (input ``i``), made non-negative, or None where it is not known
    statically; TF's messages quote its value."""
    sf.check_dtype(read.specs[i], ("int32", "int64"), "split_dim")
    value = read.tensor(i)
    if value is None or shape.rank is None:
        return None
    axis, rank = int(np.asarray(value)), shape.rank
    if not -rank <= axis < rank:
        raise ShapeError(f"Dimension size, given by scalar input {axis} must be in range "
                         f"[{-rank}, {rank})")
    return axis % rank


def _pieces(shape: TensorShape, axis: int, sizes: Sequence[int | None], dtype: dt.DType
            ) -> list[TensorSpec]:
    dims = shape.as_list()
    return [TensorSpec(TensorShape(dims[:axis] + [s] + dims[axis + 1:]), dtype) for s in sizes]


def _unknown(shape: TensorShape, n: int, dtype: dt.DType) -> list[TensorSpec]:
    out = TensorShape(None if shape.rank is None else [None] * shape.rank)
    return [TensorSpec(out, dtype)] * n


def _split_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    shape, dtype, n = specs[1].shape, specs[1].dtype, attrs["num_split"]
    with Inputs(specs) as read:
        axis = _axis(read, 0, shape)
        if axis is None:
            return _unknown(shape, n, dtype)
        size = shape.as_list()[axis]
        if size is not None and size % n:
            raise ShapeError(f"Dimension size must be evenly divisible by {n} but is {size}"
                             "\n\tNumber of ways to split should evenly divide the split "
                             "dimension")
        return _pieces(shape, axis, [None if size is None else size // n] * n, dtype)


def _split_v_sizes(read: Inputs, n: int, size: int | None) -> list[int | None]:
    value = read.tensor(1)
    if value is None:
        return [None] * n
    sizes = [int(v) for v in np.asarray(value).reshape(-1)]
    if len(sizes) != n:
        raise ShapeError(f"Length of size_splits should be equal to num_outputs: {len(sizes)} "
                         f"vs. {n}")
    if sizes.count(-1) > 1:
        raise ShapeError("size_splits can only have one -1")
    known = sum(s for s in sizes if s != -1)
    if size is not None and -1 in sizes:
        sizes[sizes.index(-1)] = size - known
    for i, s in enumerate(sizes):
        if s < 0 and not (s == -1 and size is None):
            raise ShapeError(f"Split size at index {i} must be >= 0. Got: {s}")
    if size is not None and sum(sizes) != size:
        raise ShapeError(f"can't split axis of size {size} into pieces of size "
                         f"[{','.join(map(str, sizes))}]")
    return [None if s == -1 else s for s in sizes]


def _split_v_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    shape, dtype, n = specs[0].shape, specs[0].dtype, attrs["num_split"]
    sf.check_dtype(specs[1], ("int32", "int64"), "size_splits")
    with Inputs(specs) as read:
        read.tensor(1)  # TF's shape function asks for the sizes before it checks the axis
        axis = _axis(read, 2, shape)
        if axis is None:
            return _unknown(shape, n, dtype)
        return _pieces(shape, axis, _split_v_sizes(read, n, shape.as_list()[axis]), dtype)


def _cut(xp: Any, x: Any, axis: int, sizes: Sequence[int]) -> Any:
    a = host(x)
    bounds = np.cumsum(sizes)[:-1]
    parts = tuple(xp.asarray(p) for p in np.split(a, bounds, axis=axis % a.ndim))
    return parts if len(parts) > 1 else parts[0]


def _kernel_axis(a: np.ndarray, split_dim: Any) -> int:
    """The split axis as TF's kernels check it (at run time, where the rank was unknown)."""
    axis = int(host(split_dim))
    if not -a.ndim <= axis < a.ndim:
        raise KernelError(f"-input rank(-{a.ndim}) <= split_dim < input rank ({a.ndim}), "
                          f"but got {axis}")
    return axis % a.ndim


def _split_kernel(xp: Any, split_dim: Any, x: Any, **attrs: Any) -> Any:
    a, n = host(x), attrs["num_split"]
    axis = _kernel_axis(a, split_dim)
    if a.shape[axis] % n:
        raise KernelError(f"Number of ways to split should evenly divide the split dimension, "
                          f"but got split_dim {axis} (size = {a.shape[axis]}) and num_split {n}")
    return _cut(xp, x, axis, [a.shape[axis] // n] * n)


def _split_v_kernel(xp: Any, x: Any, size_splits: Any, split_dim: Any, **attrs: Any) -> Any:
    a = host(x)
    axis = _kernel_axis(a, split_dim)
    sizes = [int(s) for s in host(size_splits).reshape(-1)]
    if sizes.count(-1) > 1:
        raise KernelError("There can only be one -1 in the input.")
    total, size = sum(s for s in sizes if s != -1), a.shape[axis]
    if (-1 not in sizes and total != size) or (-1 in sizes and total > size):
        raise KernelError("Determined shape must either match input shape along split_dim "
                          "exactly if fully specified, or be less than the size of the input "
                          f"along split_dim if not fully specified.  Got: {total}")
    if -1 in sizes:
        sizes[sizes.index(-1)] = size - total
    return _cut(xp, x, axis, sizes)


register(OpDef(
    type="Split", inputs=("split_dim", "value"), infer=_split_infer, kernel=_split_kernel,
    attrs=(_NUM, T_ANY), derive=lambda s: {"T": s[1].dtype}, normalize=_normalize,
    category="Array", default_name="split", list_output="num_split", reads_values=True,
    const_eval=False, doc="Cuts value along split_dim into num_split equal pieces.",
    extra={"arg_types": {"split_dim": "int32", "value": "T"}},
))
register(OpDef(
    type="SplitV", inputs=("value", "size_splits", "split_dim"), infer=_split_v_infer,
    kernel=_split_v_kernel,
    attrs=(_NUM, T_ANY, type_attr("Tlen", ("int32", "int64"), default=dt.int64)),
    derive=lambda s: {"T": s[0].dtype, "Tlen": s[1].dtype}, normalize=_normalize,
    category="Array", default_name="split", list_output="num_split", reads_values=True,
    const_eval=False, doc="Cuts value along split_dim into pieces of size_splits (one -1: "
                          "the rest).",
    extra={"arg_types": {"value": "T", "size_splits": "Tlen", "split_dim": "int32"}},
))


@register_gradient("Split")
def _split_grad(op: Operation, *grads: Any) -> Any:
    return [None, concat(list(grads), op.inputs[0])]


@register_gradient("SplitV")
def _split_v_grad(op: Operation, *grads: Any) -> Any:
    return [concat(list(grads), op.inputs[2]), None, None]


def split(value: Any, num_or_size_splits: Any, axis: Any = 0, num: int | None = None,
          name: str = "split") -> list[Tensor]:
    """``tf.split``: a Python int gives Split (equal pieces), anything else SplitV of those
    sizes (one may be -1), ``num`` pieces when the sizes' length is not known statically."""
    if isinstance(num_or_size_splits, Dimension):  # TF's make_int of the attr
        if num_or_size_splits.value is None:
            raise TypeError(f"Expected int for argument 'num_split' not {num_or_size_splits!r}.")
        num_or_size_splits = num_or_size_splits.value
    if isinstance(num_or_size_splits, (int, np.integer)) and not isinstance(
            num_or_size_splits, bool):
        return _pieces_of(apply_op("Split", name, {"num_split": int(num_or_size_splits)},
                                   split_dim=axis, value=value))
    sizes = convert_to_tensor(num_or_size_splits)
    if sizes.shape.rank == 0:
        raise ValueError("Rank-0 tensors are not supported as the num_or_size_splits argument "
                         f"to split. Argument provided: {num_or_size_splits}")
    if num is None:
        if sizes.shape.rank is not None:
            num = sizes.shape.as_list()[0]
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {num_or_size_splits}")
    return _pieces_of(apply_op("SplitV", name, {"num_split": num}, value=value,
                               size_splits=sizes, split_dim=axis))


def _pieces_of(result: Tensor | list[Tensor]) -> list[Tensor]:
    return list(result) if isinstance(result, list) else [result]
