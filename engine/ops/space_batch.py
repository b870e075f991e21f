"""SpaceToBatchND and BatchToSpaceND: spatial blocks moved into the batch and back, what
TF builds around a window op to run it at a dilation rate (``with_space_to_batch``: atrous
depthwise and separable convolutions).

Inference is TF's ``SpaceToBatchShapeHelper`` / ``BatchToSpaceShapeHelper``: the batch is
multiplied (divided) by the blocks and each padded (cropped) spatial size divided
(multiplied), where the values of ``block_shape`` and ``paddings`` / ``crops`` are known.
The kernels check what TF's kernels check, in TF's order and words, and move the blocks
with one reshape and one transpose on the array namespace. Each op's gradient is the other.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import KernelError, ShapeError
from ..framework.input_values import Inputs
from ..framework.kernels import cpu_kernels
from ..framework.operation import Operation, Tensor
from ..framework.registry import OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape, with_rank_at_least
from . import _shape_fns as sf
from ._common import dtypes_named, host
from ._shape_fns import type_attr
from .array import T_ANY
from .grad_registry import register_gradient
from .list_apply import apply_op

CATEGORY = "Array"
_INDEX = ("int32", "int64")
#: the CPU kernels TF registers, in the order its message lists them
_KERNELS = cpu_kernels("T", *dtypes_named(
    "float64", "float32", "bfloat16", "float16", "int32", "int8", "uint8", "int16", "uint16",
    "uint32", "int64", "uint64"))


def _divide(size: Dim, by: int) -> Dim:
    """TF's ``Divide(dim, by, evenly_divisible=true)``."""
    if size is None:
        return None
    if size % by:
        raise ShapeError(f"Dimension size must be evenly divisible by {by} but is {size}")
    return size // by


def _subtract(size: Dim, amount: int) -> Dim:
    if size is None:
        return None
    if size < amount:
        raise ShapeError(f"Negative dimension size caused by subtracting {amount} from {size}")
    return size - amount


def _block_dims(block: TensorShape) -> int:
    if block.rank != 1:
        raise ShapeError("block_shape must have rank 1.")
    assert block.sizes is not None
    n = block.sizes[0]
    if n is None:
        raise ShapeError("block_shape must have known size.")
    return n


def _infer(specs: Sequence[TensorSpec], to_batch: bool) -> list[TensorSpec]:
    """TF's Space/BatchToSpaceShapeHelper; ``to_batch``: SpaceToBatchND's."""
    amounts = "paddings" if to_batch else "crops"
    sf.check_dtype(specs[1], _INDEX, "block_shape")
    sf.check_dtype(specs[2], _INDEX, amounts)
    with Inputs(specs) as read:
        block_value = read.ints(1)
        amount_value = read.ints(2)
        n = _block_dims(specs[1].shape)
        shape = with_rank_at_least(specs[0].shape, n + 1)
        sf.merge(specs[2].shape, TensorShape([n, 2]))
        dims: list[Dim] = list(shape.sizes) if shape.sizes is not None else [None] * (n + 1)
        batch = dims[0]
        if block_value is not None and (block_value or not to_batch):
            for b in block_value[:n]:
                if b < 1:
                    raise ShapeError("block_shape must be positive")
                if batch is None:
                    continue
                batch = sf.multiply(batch, b) if to_batch else _divide(batch, b)
        elif n > 0:
            batch = None
        out: list[Dim] = [batch] + [None] * n
        if amount_value is not None and (amount_value or not to_batch):
            for i in range(n):
                start, end = amount_value[2 * i], amount_value[2 * i + 1]
                if start < 0 or end < 0:
                    raise ShapeError(f"{amounts} cannot be negative")
                if block_value is None:
                    continue
                if to_batch:
                    out[i + 1] = _divide(sf.add(sf.add(dims[i + 1], start), end),
                                         block_value[i])
                else:
                    grown = sf.multiply(dims[i + 1], block_value[i])
                    out[i + 1] = _subtract(_subtract(grown, start), end)
        if shape.sizes is None:
            return [TensorSpec(TensorShape(None), specs[0].dtype)]
        return [TensorSpec(TensorShape(out + dims[n + 1:]), specs[0].dtype)]


def _space_to_batch_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                          ) -> list[TensorSpec]:
    return _infer(specs, True)


def _batch_to_space_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                          ) -> list[TensorSpec]:
    return _infer(specs, False)


def _checked(x: Any, block_shape: Any, amounts: Any, name: str) -> tuple[list[int], list[int]]:
    """The block sizes and paddings (crops) as ints, with the checks TF's kernels make first."""
    blocks = host(block_shape)
    if blocks.ndim != 1:
        raise KernelError(f"block_shape rank should be 1 instead of {blocks.ndim}")
    n = blocks.shape[0]
    if len(x.shape) < 1 + n:
        raise KernelError(f"input rank should be >= {1 + n} instead of {len(x.shape)}")
    pads = host(amounts)
    if pads.ndim != 2 or pads.shape[0] != n or pads.shape[1] != 2:
        raise KernelError(f"{name} should have shape [{n}, 2] instead of "
                          f"[{','.join(map(str, pads.shape))}]")
    return [int(b) for b in blocks], [int(p) for p in pads.reshape(-1)]


def _space_to_batch_kernel(xp: Any, input: Any, block_shape: Any, paddings: Any,  # noqa: A002
                           **attrs: Any) -> Any:
    blocks, pads = _checked(input, block_shape, paddings, "paddings")
    for i, b in enumerate(blocks):
        if b < 1:
            raise KernelError(f"All values in block_shape must be positive, got value, {b} "
                              f"at index {i}.")
    shape = tuple(int(d) for d in input.shape)
    n = len(blocks)
    padded = []
    for i, b in enumerate(blocks):
        start, end = pads[2 * i], pads[2 * i + 1]
        if start == end == 0 and b == 1:
            padded.append(shape[i + 1])
            continue
        if start < 0 or end < 0:
            raise KernelError("Paddings must be non-negative")
        size = shape[i + 1] + start + end
        if size % b:
            raise KernelError(f"padded_shape[{i}]={size} is not divisible by "
                              f"block_shape[{i}]={b}")
        padded.append(size)
    x = input
    if any(pads):
        x = xp.zeros((shape[0], *padded, *shape[n + 1:]), dtype=input.dtype)
        x[(slice(None), *(slice(pads[2 * i], pads[2 * i] + shape[i + 1]) for i in range(n)),
           Ellipsis)] = input
    # [B, S1/b1, b1, ..., Sn/bn, bn, rest] -> [b1..bn, B, S1/b1..Sn/bn, rest]
    split = [shape[0]]
    for size, b in zip(padded, blocks):
        split += [size // b, b]
    rest = list(shape[n + 1:])
    x = xp.reshape(x, (*split, *rest))
    perm = ([2 + 2 * i for i in range(n)] + [0] + [1 + 2 * i for i in range(n)]
            + list(range(1 + 2 * n, 1 + 2 * n + len(rest))))
    x = xp.permute_dims(x, tuple(perm))
    return xp.reshape(x, (shape[0] * math.prod(blocks), *(s // b for s, b in zip(padded, blocks)),
                          *rest))


def _batch_to_space_kernel(xp: Any, input: Any, block_shape: Any, crops: Any,  # noqa: A002
                           **attrs: Any) -> Any:
    blocks, cuts = _checked(input, block_shape, crops, "crops")
    product = math.prod(blocks)
    if product <= 0:
        raise KernelError(f"Product of block sizes must be positive, got {product}")
    shape = tuple(int(d) for d in input.shape)
    if shape[0] % product:
        raise KernelError(f"Input batch dimension ({shape[0]}) is not divisible by product of "
                          f"block sizes ({product})")
    n = len(blocks)
    for i, b in enumerate(blocks):
        start, end = cuts[2 * i], cuts[2 * i + 1]
        if start == end == 0 and b == 1:
            continue
        if start < 0 or end < 0:
            raise KernelError("Crops must be non-negative")
        cropped = shape[i + 1] * b - start - end
        if cropped < 0:
            raise KernelError(f"cropped_shape[{i}]={cropped} must be non-negative")
    batch = shape[0] // product
    rest = list(shape[n + 1:])
    # [b1..bn, B, S1..Sn, rest] -> [B, S1, b1, ..., Sn, bn, rest]
    x = xp.reshape(input, (*blocks, batch, *shape[1:]))
    perm = [n] + [p for i in range(n) for p in (n + 1 + i, i)] + list(
        range(2 * n + 1, 2 * n + 1 + len(rest)))
    x = xp.permute_dims(x, tuple(perm))
    x = xp.reshape(x, (batch, *(s * b for s, b in zip(shape[1:n + 1], blocks)), *rest))
    if any(cuts):
        x = x[(slice(None), *(slice(cuts[2 * i], shape[i + 1] * blocks[i] - cuts[2 * i + 1])
                              for i in range(n)), Ellipsis)]
    return x


def _deriver(amounts_attr: str) -> Callable[[Sequence[TensorSpec]], dict[str, Any]]:
    def derive(specs: Sequence[TensorSpec]) -> dict[str, Any]:
        return {"T": specs[0].dtype, "Tblock_shape": specs[1].dtype,
                amounts_attr: specs[2].dtype}
    return derive


for _type, _amounts, _infer_fn, _kernel, _doc in (
        ("SpaceToBatchND", "paddings", _space_to_batch_infer, _space_to_batch_kernel,
         "Each block of spatial positions moved into the batch, after zero padding."),
        ("BatchToSpaceND", "crops", _batch_to_space_infer, _batch_to_space_kernel,
         "The batch's blocks moved back into the spatial dims, then cropped.")):
    _t_amounts = "Tpaddings" if _amounts == "paddings" else "Tcrops"
    register(OpDef(
        type=_type, inputs=("input", "block_shape", _amounts), infer=_infer_fn,
        kernel=_kernel,
        attrs=(T_ANY, type_attr("Tblock_shape", _INDEX, default=dt.int32),
               type_attr(_t_amounts, _INDEX, default=dt.int32)),
        derive=_deriver(_t_amounts),
        category=CATEGORY, doc=_doc, default_name=_type, reads_values=True, kernels=_KERNELS,
        extra={"arg_types": {"input": "T", "block_shape": "Tblock_shape",
                             _amounts: _t_amounts}},
    ))


def space_to_batch_nd(input: Any, block_shape: Any, paddings: Any,  # noqa: A002
                      name: str | None = None) -> Tensor:
    """``tf.space_to_batch_nd`` (``tf.compat.v1.manip.space_to_batch_nd``)."""
    out = apply_op("SpaceToBatchND", name, input=input, block_shape=block_shape,
                   paddings=paddings)
    assert isinstance(out, Tensor)
    return out


def batch_to_space_nd(input: Any, block_shape: Any, crops: Any,  # noqa: A002
                      name: str | None = None) -> Tensor:
    """``tf.compat.v1.batch_to_space_nd``."""
    out = apply_op("BatchToSpaceND", name, input=input, block_shape=block_shape, crops=crops)
    assert isinstance(out, Tensor)
    return out


def _square(input: Any, amounts: Any, block_size: Any, block_shape: Any, name: str | None,
            to_batch: bool) -> Tensor:
    """TF1's ``space_to_batch`` / ``batch_to_space``: a square block as an int64 pair, and
    the result's rank checked to be 4 (``set_shape(with_rank(4))``)."""
    from .array_builders import _deprecated

    size = _deprecated("block_shape", block_shape, "block_size", block_size)
    blocks = np.array([size, size], dtype=np.int64)
    out = (space_to_batch_nd(input, blocks, amounts, name=name) if to_batch
           else batch_to_space_nd(input, blocks, amounts, name=name))
    out.set_shape(out.shape.with_rank(4))
    return out


def space_to_batch(input: Any, paddings: Any, block_size: Any = None,  # noqa: A002
                   name: str | None = None, block_shape: Any = None) -> Tensor:
    """``tf.compat.v1.space_to_batch`` (``tf.compat.v1.nn.space_to_batch``)."""
    return _square(input, paddings, block_size, block_shape, name, True)


def batch_to_space(input: Any, crops: Any, block_size: Any,  # noqa: A002
                   name: str | None = None, block_shape: Any = None) -> Tensor:
    """``tf.compat.v1.batch_to_space``."""
    return _square(input, crops, block_size, block_shape, name, False)


@register_gradient("SpaceToBatchND")
def _space_to_batch_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_SpaceToBatchNDGrad``: the gradient moved back, the paddings cropped."""
    return [batch_to_space_nd(grad, op.inputs[1], op.inputs[2]), None, None]


@register_gradient("BatchToSpaceND")
def _batch_to_space_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_BatchToSpaceNDGrad``."""
    return [space_to_batch_nd(grad, op.inputs[1], op.inputs[2]), None, None]
