"""What the gradient functions share: TF's helpers from ``math_grad.py`` for reducing a
broadcast operand's gradient back to its shape, and ``gen`` for creating a raw op (TF's
``gen_*_ops`` functions) the way the builder does.

The broadcast rule is TF's ``SmartBroadcastGradientArgs``: where the static shapes decide
which axes were broadcast, the reduction axes are Python constants (``Sum`` over them, then
``Reshape`` to the operand's shape, only when something was broadcast); where they do not,
the axes come from a ``BroadcastGradientArgs`` op on the run-time shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..framework.operation import Operation, Tensor
from ..framework.shapes import TensorShape
from .array_builders import reshape, shape
from .list_apply import apply_op
from .math_api import conj
from .math_builders import reduce_sum
from .static_values import constant_value, known_value

__all__ = ["constant_value", "known_value"]

ShapeAxes = tuple[Tensor, Any, bool]


def gen(op_type: str, name: str | None = None, attrs: Mapping[str, Any] | None = None,
        **inputs: Any) -> Any:
    """TF's generated op function (``gen_math_ops.mul``): the op named after its type."""
    return apply_op(op_type, name or op_type, attrs, **inputs)


def cj(x: Any) -> Any:
    """``math_ops.conj``: a real tensor as it is."""
    return conj(x)


def _infer_reduction_axes(x_shape: TensorShape, y_shape: TensorShape
                          ) -> tuple[list[int] | None, list[int] | None]:
    """TF's ``_InferGradientReductionAxes``: the axes each operand was broadcast along, when
    the static shapes say; (None, None) when it depends on run-time sizes."""
    x_rank, y_rank = x_shape.rank, y_shape.rank
    if x_rank is None or y_rank is None:
        return None, None
    xs, ys = x_shape.as_list(), y_shape.as_list()
    b_rank = max(x_rank, y_rank)
    x_axes: list[int] = []
    y_axes: list[int] = []
    for axis in range(b_rank):
        x_dim = 1 if axis < b_rank - x_rank else xs[axis - (b_rank - x_rank)]
        y_dim = 1 if axis < b_rank - y_rank else ys[axis - (b_rank - y_rank)]
        if x_dim == 1 and y_dim != 1:
            x_axes.append(axis)
        elif y_dim == 1 and x_dim != 1:
            y_axes.append(axis)
        elif x_dim is None or y_dim is None:
            return None, None
    return x_axes, y_axes


def smart_broadcast_gradient_args(x: Tensor, y: Tensor) -> tuple[ShapeAxes, ShapeAxes]:
    """TF's ``SmartBroadcastGradientArgs``: per operand its shape, the axes to reduce and
    whether to reduce at all."""
    x_shape = shape(x)
    y_shape = shape(y)
    x_axes, y_axes = _infer_reduction_axes(x.shape, y.shape)
    if x_axes is None or y_axes is None:
        rx, ry = gen("BroadcastGradientArgs", s0=x_shape, s1=y_shape)
        return (x_shape, rx, True), (y_shape, ry, True)
    xr, yr = x.shape.rank, y.shape.rank
    assert xr is not None and yr is not None
    return ((x_shape, x_axes, bool(x_axes) or xr < yr),
            (y_shape, y_axes, bool(y_axes) or yr < xr))


def reduce_gradient_arg(grad: Tensor | None, sam: ShapeAxes) -> Tensor | None:
    """TF's ``_ReduceGradientArg``: sum ``grad`` over the broadcast axes, keeping them, and
    reshape it to the operand's shape."""
    shape_t, axes, must_reduce = sam
    if grad is not None and must_reduce:
        grad = reduce_sum(grad, axes, keepdims=True)
        grad = reshape(grad, shape_t)
    return grad


def reduce_gradient_args(x: Tensor, y: Tensor, gx: Tensor | None, gy: Tensor | None
                         ) -> tuple[Tensor | None, Tensor | None]:
    """TF's ``_ReduceGradientArgs``: both operands' gradients back to their shapes."""
    if gx is not None or gy is not None:
        bx, by = smart_broadcast_gradient_args(x, y)
        gx = reduce_gradient_arg(gx, bx)
        gy = reduce_gradient_arg(gy, by)
    return gx, gy


def shape_tuple(t: Tensor) -> tuple[int | None, ...] | None:
    """TF's ``Tensor._shape_tuple()``: the static dims, or None for an unknown rank."""
    dims = t.shape.as_list() if t.shape.rank is not None else None
    return None if dims is None else tuple(dims)


def fully_equal_shapes(x: Tensor, y: Tensor, grad: Any) -> bool:
    """TF's ``isinstance(grad, tensor.Tensor) and _ShapesFullySpecifiedAndEqual``: an
    IndexedSlices gradient (of a gather) takes the general path, whose products convert it
    to a dense tensor and reduce by BroadcastGradientArgs, as TF's do."""
    if not isinstance(grad, Tensor):
        return False
    xs, ys, gs = shape_tuple(x), shape_tuple(y), shape_tuple(grad)
    return xs == ys and xs == gs and xs is not None and None not in xs


#: the ops TF's ``tensor_util.constant_value`` folds, by which inputs must be constant
#: (TF folds no arithmetic: ``begin + 1`` is no constant to it, though inference knows it)
_FOLDS: dict[str, tuple[int, ...] | None] = {
    "Const": (), "Shape": (), "Size": (), "Rank": (), "Fill": (1,),
    "Range": None, "Cast": None, "Concat": None, "ConcatV2": None, "Pack": None,
    "Unpack": None, "Split": (1,), "Equal": None, "NotEqual": None, "StopGradient": None,
    "Identity": None, "CheckNumericsV2": None, "DebugIdentityV2": None,
}


def ins(op: Operation) -> list[Any]:
    """The forward op's inputs (an op being differentiated has every input wired), typed
    ``Any``: the gradient functions use Tensor's operators, which are installed at import."""
    out: list[Any] = []
    for t in op.inputs:
        assert t is not None, f"{op.name} has an unwired input"
        out.append(t)
    return out
