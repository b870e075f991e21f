"""The gradient of Einsum, as TF's ``_EinsumGrad`` (``linalg_grad.py``) builds it: an einsum
of the output's gradient with the other operand; for labels summed away, the gradient
broadcast back (through an einsum that repeats a label, ``i->ii``, for a trace); and where
the operands' batch dims (their ellipses) were broadcast against each other, the gradient
summed over the broadcast axes (``BroadcastGradientArgs``) and reshaped to the operand's.
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.operation import Operation
from .einsum import ELLIPSIS
from .grad_registry import register_gradient
from .list_apply import apply_op


def _gen_einsum(operands: list[Any], equation: str) -> Any:
    return apply_op("Einsum", None, {"equation": equation}, inputs=operands)


def _axis_of(subscripts: str, label: str) -> int | None:
    """TF's ``_GetAxisFromLabel``: the label's axis, negative after an ellipsis."""
    splits = subscripts.split(ELLIPSIS)
    index = splits[0].find(label)
    if index != -1:
        return index
    if len(splits) < 2:
        return None
    index = splits[1].find(label)
    return index - len(splits[1]) if index != -1 else None


def _batch_range(subscripts: str) -> tuple[int, int | None]:
    """TF's ``_GetBcastSubshape``: the axes ``[start:end]`` the ellipsis stands for."""
    start = subscripts.find(ELLIPSIS)
    if start == -1:
        return 0, 0
    remaining = len(subscripts) - (start + len(ELLIPSIS))
    return start, -remaining if remaining > 0 else None


def _grad_reduced(output_grad: Any, output_subs: str, input_subs: str, input_shape: Any,
                  reduced: set[str]) -> Any:
    """TF's ``_GetGradReduced``: the gradient of a unary einsum that sums labels (their
    order sorted, where TF takes a set's order)."""
    from .array_builders import broadcast_to, concat, ones, reshape, shape, stack
    from .list_apply import convert_to_tensor
    from .reduction_grad import _reduced_shape

    reduced_subs = "".join(sorted(reduced))
    reduced_axes = [_axis_of(input_subs, s) for s in reduced_subs]
    reduced_dims = stack([input_shape[ax] for ax in reduced_axes])
    repeated = len(set(input_subs)) + len(set(output_subs)) < len(input_subs) + len(output_subs)
    without_reduced = "".join(s for s in input_subs if s not in reduced)
    if not repeated and without_reduced == output_subs:
        reduced_shape = _reduced_shape(input_shape, convert_to_tensor(reduced_axes))
        return broadcast_to(reshape(output_grad, reduced_shape), input_shape)
    full_shape = concat([reduced_dims, shape(output_grad)], axis=0)
    reduced_shape = concat([ones(len(reduced), dtype=dt.int32), shape(output_grad)], axis=0)
    grad = broadcast_to(reshape(output_grad, reduced_shape), full_shape)
    return _gen_einsum([grad], f"{reduced_subs + output_subs}->{input_subs}")


def _grad_wrt(output_grad: Any, other: Any, input_shape: Any, input_subs: str,
              other_subs: str, output_subs: str) -> Any:
    """TF's ``_GetGradWrt``: one operand's gradient of a binary einsum, before any
    un-broadcasting."""
    reduced = set(input_subs) - set(output_subs + other_subs + ".")
    left_subs = "".join(s for s in input_subs if s not in reduced)
    grad = _gen_einsum([output_grad, other], f"{output_subs},{other_subs}->{left_subs}")
    if not reduced:
        return grad
    return _grad_reduced(grad, left_subs, input_subs, input_shape, reduced)


@register_gradient("Einsum")
def _einsum_grad(op: Operation, grad: Any) -> Any:
    from .array_builders import reshape, shape
    from .grad_util import gen
    from .math_api import conj
    from .math_builders import reduce_sum

    input_subs, output_subs = str(op.get_attr("equation")).split("->")
    if len(op.inputs) == 1:
        input_shape: Any = shape(op.inputs[0])
        reduced = set(input_subs) - set(output_subs + ELLIPSIS)
        if not reduced:
            return _gen_einsum([grad], f"{output_subs}->{input_subs}")
        return _grad_reduced(grad, output_subs, input_subs, input_shape, reduced)
    x_subs, y_subs = input_subs.split(",")
    if ELLIPSIS in output_subs:  # "...ij,jk->...ik": the VJP "jk,...ik->...ij" needs one
        if ELLIPSIS not in x_subs:
            x_subs += ELLIPSIS
        if ELLIPSIS not in y_subs:
            y_subs += ELLIPSIS
    x, y = op.inputs[0], op.inputs[1]
    assert x is not None and y is not None
    if grad.dtype.is_complex:
        x, y = conj(x), conj(y)
    x_shape: Any = shape(x)
    y_shape: Any = shape(y)
    grad_x = _grad_wrt(grad, y, x_shape, x_subs, y_subs, output_subs)
    grad_y = _grad_wrt(grad, x, y_shape, y_subs, x_subs, output_subs)
    if ELLIPSIS not in output_subs:
        return grad_x, grad_y
    bx_start, bx_end = _batch_range(x_subs)
    by_start, by_end = _batch_range(y_subs)
    sx, sy = x.shape, y.shape
    if (sx.is_fully_defined() and sy.is_fully_defined()
            and sx.as_list()[bx_start:bx_end] == sy.as_list()[by_start:by_end]):
        return grad_x, grad_y
    rx, ry = gen("BroadcastGradientArgs", s0=x_shape[bx_start:bx_end],
                 s1=y_shape[by_start:by_end])
    grad_x = reshape(reduce_sum(grad_x, bx_start + rx), x_shape)
    grad_y = reshape(reduce_sum(grad_y, by_start + ry), y_shape)
    return grad_x, grad_y
