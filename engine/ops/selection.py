"""Choosing elements by a condition: Select (``tf.compat.v1.where(c, x, y)``), SelectV2
(broadcasting) and Where (``where(c)``: the coordinates of the true elements, whose count
only the run knows, so inference says ``(?, rank)``).

Select and SelectV2 are elementwise and fuse (``fusion.py``): the condition is a bool input
beside float ones, which the fused kernels read as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import NODE_NAME, DTypeError, KernelError
from ..framework.registry import OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, broadcast_shapes
from . import _shape_fns as sf
from . import _tf_types as tt
from ._shape_fns import type_attr
from .array import ARRAY, sf_shape


def _check_types(op_type: str, specs: Sequence[TensorSpec]) -> dt.DType:
    if specs[0].dtype is not dt.bool_:
        raise DTypeError(f"Input 'condition' of '{op_type}' Op has type {specs[0].dtype.name} "
                         "that does not match expected type of bool.")
    t = specs[1].dtype
    if specs[2].dtype is not t:
        raise DTypeError(f"Input 'e' of '{op_type}' Op has type {specs[2].dtype.name} that does "
                         f"not match type {t.name} of argument 't'.")
    return t


def _select_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = _check_types("Select", specs)
    data = sf.merge(specs[1].shape, specs[2].shape)
    cond = specs[0].shape
    if cond.sizes is None or data.sizes is None:
        return [TensorSpec(data, t)]
    if len(cond.sizes) == 0:
        return [TensorSpec(data, t)]
    if len(cond.sizes) != 1 or len(data.sizes) == 0:
        return [TensorSpec(sf.merge(data, cond), t)]
    sf.merge(cond, TensorShape([data.sizes[0]]))
    return [TensorSpec(data, t)]


def _select_kernel(xp: Any, c: Any, x: Any, y: Any, **attrs: Any) -> Any:
    # TF's SelectOp checks in this order: a vector condition with a non-vector 'then'
    # broadcasts (then must be at least a vector of that many rows), else shapes must agree
    if len(c.shape) == 1 and len(x.shape) != 1:
        if len(x.shape) == 0:
            raise KernelError(f"'then' must be at least a vector, but saw shape: "
                              f"{sf_shape(x.shape)}")
        if c.shape[0] != x.shape[0]:
            raise KernelError(f"Number of batches of 'then' must match size of 'cond', but saw: "
                              f"{x.shape[0]} vs. {c.shape[0]}")
        _same_size(x, y)
        c = xp.reshape(c, (c.shape[0],) + (1,) * (len(x.shape) - 1))
        return _where(xp, c, x, y)
    if len(c.shape) == 0:
        _same_size(x, y)
        return _where(xp, c, x, y)
    for i, other in ((1, x), (2, y)):  # TF's ValidateInputsAreSameShape
        if tuple(c.shape) != tuple(other.shape):
            raise KernelError(f"Inputs to operation {NODE_NAME} of type Select must have the "
                              f"same size and shape.  Input 0: {sf_shape(c.shape)} != input "
                              f"{i}: {sf_shape(other.shape)}")
    return _where(xp, c, x, y)


def _same_size(x: Any, y: Any) -> None:
    if tuple(x.shape) != tuple(y.shape):
        raise KernelError(f"'then' and 'else' must have the same size.  but received: "
                          f"{sf_shape(x.shape)} vs. {sf_shape(y.shape)}")


def _where(xp: Any, c: Any, x: Any, y: Any) -> Any:
    if x.dtype == object:  # strings: numpy only
        return np.where(c, x, y)
    return xp.where(c, x, y)


def _select_v2_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = _check_types("SelectV2", specs)
    shape = broadcast_shapes(specs[0].shape, broadcast_shapes(specs[1].shape, specs[2].shape))
    return [TensorSpec(shape, t)]


def _select_v2_kernel(xp: Any, c: Any, x: Any, y: Any, **attrs: Any) -> Any:
    try:  # SelectV2's check before it broadcasts, in its words
        np.broadcast_shapes(tuple(c.shape), tuple(x.shape), tuple(y.shape))
    except ValueError:
        raise KernelError(f"condition {sf_shape(c.shape)}, then {sf_shape(x.shape)}, and else "
                          f"{sf_shape(y.shape)} must be broadcastable") from None
    return _where(xp, c, x, y)


def _select_into(c: Any, x: Any, y: Any, out: np.ndarray) -> None:
    """The chunked path's form (``chunks.py``): into a scratch buffer that may be x or y."""
    np.copyto(out, np.where(c, x, y))


def _select_scalar(c: Any, x: Any, y: Any) -> Any:
    """For the compiled loop: one element."""
    return x if c else y


def _select_fusible(op: Any) -> bool:
    """Select broadcasts a vector condition over rows, which no elementwise kernel does,
    and refuses operands of other shapes, which a fused kernel would broadcast: only
    operands of one static shape (unknown dims in the same places; a scalar condition
    too) fuse, so that an operand of unknown rank or of other known dims meets the
    kernel's check. (Two unknown dims fed sizes n and 1 still broadcast when fused.)"""
    specs = op.input_specs()
    if specs is None:
        return False
    cond, t, e = (s.shape.as_list() if s.shape.rank is not None else None
                  for s in specs[:3])
    if t is None or t != e:
        return False
    return cond == [] or cond == t


_FUSION = {
    # the op-by-op operator is numpy's where (arrays and scalars alike); the compiled loop
    # and the GPU kernel pick one value per element; the chunked path writes a buffer
    "operator": np.where, "jit_operator": _select_scalar, "ufunc": _select_into,
    "bool_inputs": (0,), "numexpr": False,
    "c_helpers": "template <typename T> __device__ T tc_where(bool c, T a, T b) "
                 "{ return c ? a : b; }",
}

register(OpDef(
    type="Select", inputs=("condition", "t", "e"), infer=_select_infer, kernel=_select_kernel,
    attrs=(type_attr("T"),), derive=lambda specs: {"T": specs[1].dtype}, category=ARRAY,
    doc="t where condition is true, e elsewhere (condition: same shape, a scalar, or one "
        "value per row).", default_name="Select", fusion="tc_where({0}, {1}, {2})",
    extra={"arg_types": {"condition": "bool", "t": "T", "e": "T"}, **_FUSION,
           "fusible_if": _select_fusible},
))
register(OpDef(
    type="SelectV2", inputs=("condition", "t", "e"), infer=_select_v2_infer,
    kernel=_select_v2_kernel,
    attrs=(type_attr("T"),), derive=lambda specs: {"T": specs[1].dtype}, category=ARRAY,
    doc="t where condition is true, e elsewhere; the three broadcast.",
    default_name="SelectV2", fusion="tc_where({0}, {1}, {2})",
    extra={"arg_types": {"condition": "bool", "t": "T", "e": "T"}, **_FUSION},
))

def _where_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], tt.WHERE, "input")
    return [TensorSpec(TensorShape([None, specs[0].shape.rank]), dt.int64)]


def _where_kernel(xp: Any, c: Any, **attrs: Any) -> Any:
    if len(c.shape) == 0:
        raise KernelError("WhereOp : Unhandled input dimensions: 0")
    coords = xp.nonzero(c)
    return xp.stack([xp.astype(k, xp.int64) for k in coords], axis=1)


register(OpDef(
    type="Where", inputs=("input",), infer=_where_infer, kernel=_where_kernel,
    attrs=(type_attr("T", tt.WHERE, default=dt.bool_),), derive=lambda specs: {"T": specs[0].dtype},
    category=ARRAY, doc="The coordinates of the true (non-zero) elements, one row each.",
    default_name="Where", extra={"arg_types": {"input": "T"}},
    chunked="whole",  # how many rows it gives depends on every element
))

