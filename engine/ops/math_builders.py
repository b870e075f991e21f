"""The builder API of reductions and the new math functions: ``reduce_sum``, ``argmax``,
``tanh``, ``sigmoid``, ``squared_difference`` …, as ``tf.compat.v1`` spells them.

A reduction without ``axis`` reduces every dimension: TF passes ``range(rank)`` as a Const
when the rank is known (named ``Const``, outside the op's scope), else builds it from
``Rank`` and ``Range``; the result is then known to be a scalar.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Tensor
from ..framework.shapes import TensorShape
from .apply import graph_of as _graph_of
from .builder import constant
from .list_apply import apply_op


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def _reduction_dims(x: Any, axis: Any) -> Any:
    """TF's ``_ReductionDims``: every axis, a Const when the rank of a tensor is known, else
    ``Range(0, Rank(x))`` (also for a Python value, which ``Rank`` converts as ``Rank/Const``)."""
    if axis is not None:
        return axis
    # a Variable counts as a tensor of its shape (TF's RefVariable is a core Tensor)
    known = isinstance(x, (Tensor, IndexedSlices)) or hasattr(x, "_as_graph_element")
    rank = x.shape.rank if known else None
    if rank:
        return constant(np.arange(rank, dtype=np.int32))
    from .array_builders import range as range_
    from .array_builders import rank as rank_

    return range_(0, rank_(x))


def _axis_and_keep(axis: Any, keepdims: Any, reduction_indices: Any, keep_dims: Any
                   ) -> tuple[Any, bool]:
    """The axis and keepdims a reduction was given, under either of TF1's spellings."""
    if axis is not None and reduction_indices is not None:
        raise ValueError("Cannot specify both 'reduction_indices' and 'axis'.")
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'.")
    axis = axis if axis is not None else reduction_indices
    return axis, bool(keepdims if keepdims is not None else keep_dims)


def _reduce(op_type: str, input_tensor: Any, axis: Any, keepdims: Any, name: str | None,
            reduction_indices: Any, keep_dims: Any) -> Tensor:
    axis, keep = _axis_and_keep(axis, keepdims, reduction_indices, keep_dims)
    x = input_tensor  # a value converts as the op's input (``Sum/input``), as in TF
    out = _one(apply_op(op_type, name, {"keep_dims": keep}, input=x,
                        reduction_indices=_reduction_dims(x, axis)))
    if not out.shape.is_fully_defined() and not keep and axis is None:
        out.set_shape(TensorShape([]))
    return out


def reduce_sum(input_tensor: Any, axis: Any = None, keepdims: Any = None, name: str | None = None,
               reduction_indices: Any = None, keep_dims: Any = None) -> Tensor:
    return _reduce("Sum", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_mean(input_tensor: Any, axis: Any = None, keepdims: Any = None,
                name: str | None = None, reduction_indices: Any = None,
                keep_dims: Any = None) -> Tensor:
    return _reduce("Mean", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_max(input_tensor: Any, axis: Any = None, keepdims: Any = None, name: str | None = None,
               reduction_indices: Any = None, keep_dims: Any = None) -> Tensor:
    return _reduce("Max", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_logsumexp(input_tensor: Any, axis: Any = None, keepdims: Any = None,
                     name: str | None = None, reduction_indices: Any = None,
                     keep_dims: Any = None) -> Tensor:
    """log(sum(exp(x))) without overflow, op for op as TF: the max (0 where it is not
    finite) is subtracted under a StopGradient and added back, all in ``ReduceLogSumExp``."""
    axis, keep = _axis_and_keep(axis, keepdims, reduction_indices, keep_dims)
    from .array_builders import reshape, where_v2
    from .math_api import add, stop_gradient

    graph = _graph_of(input_tensor)
    with graph.name_scope("ReduceLogSumExp" if name is None else name) as scope:
        raw_max = reduce_max(input_tensor, axis=axis, keepdims=True)
        finite = _one(apply_op("IsFinite", None, x=raw_max))
        my_max = stop_gradient(where_v2(finite, raw_max, 0))
        diff = _one(apply_op("Sub", None, x=input_tensor, y=my_max))
        summed = reduce_sum(_one(apply_op("Exp", None, x=diff)), axis=axis, keepdims=keep)
        result = _one(apply_op("Log", None, x=summed))
        if not keep:
            my_max = reshape(my_max, _one(apply_op("Shape", None, input=result)))
        out = add(result, my_max, name=scope)
    if not keep and axis is None and not out.shape.is_fully_defined():
        out.set_shape(TensorShape([]))
    return out


def reduce_min(input_tensor: Any, axis: Any = None, keepdims: Any = None, name: str | None = None,
               reduction_indices: Any = None, keep_dims: Any = None) -> Tensor:
    return _reduce("Min", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_prod(input_tensor: Any, axis: Any = None, keepdims: Any = None,
                name: str | None = None, reduction_indices: Any = None,
                keep_dims: Any = None) -> Tensor:
    return _reduce("Prod", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_all(input_tensor: Any, axis: Any = None, keepdims: Any = None, name: str | None = None,
               reduction_indices: Any = None, keep_dims: Any = None) -> Tensor:
    return _reduce("All", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_any(input_tensor: Any, axis: Any = None, keepdims: Any = None, name: str | None = None,
               reduction_indices: Any = None, keep_dims: Any = None) -> Tensor:
    return _reduce("Any", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


_AXIS_TYPES = (dt.int8, dt.uint8, dt.int16, dt.uint16, dt.int32, dt.int64)


def _arg(op_type: str, input: Any, axis: Any, name: str | None, dimension: Any,  # noqa: A002
         output_type: Any) -> Tensor:
    if axis is not None and dimension is not None:
        raise ValueError("Cannot specify both 'dimension' and 'axis'.")
    axis = axis if axis is not None else dimension
    if axis is None:
        axis = 0
    if op_type == "ArgMin":  # TF's argmin checks nothing: ArgMin's conversion does
        pass
    elif hasattr(axis, "dtype"):  # TF's test: a numpy integer's dtype is none of TF's either
        if axis.dtype not in _AXIS_TYPES or not isinstance(axis, Tensor):
            raise TypeError(f"axis tensor dtypes {axis.dtype} is not supported")
        if axis.dtype in (dt.int8, dt.int16, dt.uint8, dt.uint16):
            from .builder import cast

            axis = cast(axis, dt.int32)
    elif not isinstance(axis, int):  # a bool is an int to TF's check, and then converts
        raise TypeError("axis must be int or Tensor with integer datatype")
    return _one(apply_op(op_type, name, {"output_type": dt.as_dtype(output_type)}, input=input,
                         dimension=axis))


def argmax(input: Any, axis: Any = None, name: str | None = None,  # noqa: A002
           dimension: Any = None, output_type: Any = dt.int64) -> Tensor:
    return _arg("ArgMax", input, axis, name, dimension, output_type)


def argmin(input: Any, axis: Any = None, name: str | None = None,  # noqa: A002
           dimension: Any = None, output_type: Any = dt.int64) -> Tensor:
    return _arg("ArgMin", input, axis, name, dimension, output_type)


def _as_tensor(x: Any, name: str | None = None) -> Tensor:
    """``ops.convert_to_tensor(x, name=name)`` in the default graph (or ``x``'s)."""
    if isinstance(x, Tensor):
        return x
    from .list_apply import convert

    return convert(_graph_of(x), x, name or "Const")


def _unary(op_type: str, x: Any, name: str | None, param: str = "x") -> Tensor:
    return _one(apply_op(op_type, name, **{param: x}))


def tanh(x: Any, name: str | None = None) -> Tensor:
    return _unary("Tanh", x, name)


def sigmoid(x: Any, name: str | None = None) -> Tensor:
    graph = _graph_of(x)
    with graph.name_scope("Sigmoid" if name is None else name) as scope:
        return _unary("Sigmoid", x, scope)


def rsqrt(x: Any, name: str | None = None) -> Tensor:
    return _unary("Rsqrt", x, name)


def reciprocal(x: Any, name: str | None = None) -> Tensor:
    return _unary("Reciprocal", x, name)


def sign(x: Any, name: str | None = None) -> Tensor:
    """TF converts ``x`` first (a literal is a Const outside the op's scope); of a complex
    tensor the sign is ``x / |x|`` (ComplexAbs, Cast, DivNoNan: 0 at 0)."""
    x = _as_tensor(x)
    if x.dtype is not None and x.dtype.is_complex:
        from .builder import cast

        magnitude = _one(apply_op("ComplexAbs", None, {"Tout": x.dtype.real_dtype}, x=x))
        return _one(apply_op("DivNoNan", name, x=x, y=cast(magnitude, x.dtype)))
    return _unary("Sign", x, name)


def floor(x: Any, name: str | None = None) -> Tensor:
    return _unary("Floor", x, name)


def ceil(x: Any, name: str | None = None) -> Tensor:
    return _unary("Ceil", x, name)


def round(x: Any, name: str | None = None) -> Tensor:  # noqa: A001
    """Halves to even. An integer tensor comes back as it is, as in TF."""
    x = _as_tensor(x, "x")  # TF converts first, outside the op's scope: a Const ``x``
    if x.dtype is not None and x.dtype.is_integer:
        return x
    return _unary("Round", x, name)


def rint(x: Any, name: str | None = None) -> Tensor:
    """Halves to even, as ``round``, but one Rint op whatever the dtype (integers refused)."""
    return _unary("Rint", x, name)


def log1p(x: Any, name: str | None = None) -> Tensor:
    return _unary("Log1p", x, name)


def sin(x: Any, name: str | None = None) -> Tensor:
    return _unary("Sin", x, name)


def cos(x: Any, name: str | None = None) -> Tensor:
    return _unary("Cos", x, name)


def squared_difference(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _one(apply_op("SquaredDifference", name, x=x, y=y))
