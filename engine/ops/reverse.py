"""ReverseV2: a tensor with the listed axes reversed (``tf.reverse``, ``tf.reverse_v2``).

Inference is TF's shape function: the output has the input's shape; ``axis`` must be a
vector, and when its value and the input's rank are known each axis must lie in range and
appear once (TF's InvalidArgument texts). The kernel flips with the array namespace's
``flip``; the gradient is the gradient reversed along the same axes (TF's _ReverseV2Grad).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import KernelError, ShapeError
from ..framework.input_values import Inputs
from ..framework.operation import Operation
from ..framework.registry import OpDef, TensorSpec, register
from . import _shape_fns as sf
from ._common import host
from ._shape_fns import type_attr
from .array import T_ANY
from .grad_registry import register_gradient

_REVERSE_TYPES = ("uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64",
                  "bool", "bfloat16", "float16", "float32", "float64", "complex64",
                  "complex128", "string")


def _canonical_axes(axes: Sequence[int], rank: int, error: type[Exception] = ShapeError
                    ) -> list[int]:
    """The axes made non-negative, checked as TF's shape function and kernel check them."""
    seen = [False] * rank
    out = []
    for i, a in enumerate(axes):
        c = a + rank if a < 0 else a
        if c < 0 or c >= rank:
            raise error(f"'axis'[{i}] = {a} is out of valid range [0, {rank - 1}")
        if seen[c]:
            raise error(f"axis {c} specified more than once.")
        seen[c] = True
        out.append(c)
    return out


def _reverse_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.check_dtype(specs[0], _REVERSE_TYPES, "tensor")
    sf.check_dtype(specs[1], ("int32", "int64"), "axis")
    axis_shape = specs[1].shape
    if axis_shape.rank is not None and axis_shape.rank != 1:
        raise ShapeError(f"Shape must be rank 1 but is rank {axis_shape.rank}")
    shape = specs[0].shape
    if shape.rank is not None and shape.rank > 8:
        raise ShapeError("reverse does not work on tensors with more than 8 dimensions")
    with Inputs(specs) as read:
        axes = read.ints(1)
        if axes is not None and shape.rank is not None:
            _canonical_axes(axes, shape.rank)
    return [TensorSpec(shape, t)]


def _reverse_kernel(xp: Any, tensor: Any, axis: Any, **attrs: Any) -> Any:
    if not tensor.shape or not math.prod(tensor.shape):
        return tensor  # TF's kernel hands a scalar or an empty tensor back unread
    axes = _canonical_axes(np.asarray(host(axis)).reshape(-1).tolist(), len(tensor.shape),
                           KernelError)
    if not axes:
        return tensor
    return xp.flip(tensor, axis=tuple(axes))


register(OpDef(
    type="ReverseV2", inputs=("tensor", "axis"), infer=_reverse_infer, kernel=_reverse_kernel,
    attrs=(T_ANY, type_attr("Tidx", ("int32", "int64"), default=dt.int32)),
    derive=lambda s: {"T": s[0].dtype, "Tidx": s[1].dtype}, category="Array",
    doc="The tensor with the listed axes reversed (tf.reverse).", default_name="ReverseV2",
    reads_values=True, extra={"arg_types": {"tensor": "T", "axis": "Tidx"}},
))


@register_gradient("ReverseV2")
def _reverse_grad(op: Operation, grad: Any) -> Any:
    from .array_builders import reverse

    return [reverse(grad, op.inputs[1]), None]
