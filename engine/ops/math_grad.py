"""The gradients of the math families (elementwise arithmetic, unary functions, matmul,
reductions), each TF's ``math_grad.py`` function built with the builder API, so the ops they
add and their names are TF's (``gradients/mul_grad/Mul``, ``gradients/Sum_grad/Tile``).
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation
from .array_builders import (
    ones_like,
    reshape,
    shape,
    where,
    where_v2,
    zeros,
    zeros_like,
)
from .builder import constant
from .grad_registry import control_dependencies_on, not_differentiable, register_gradient
from .grad_util import (
    cj,
    fully_equal_shapes,
    gen,
    ins,
    reduce_gradient_args,
)
from .math_api import (
    cast,
    greater_equal,
    less_equal,
    log,
    multiply,
    pow,  # noqa: A004
)
from .math_builders import cos, reciprocal, reduce_sum, sign, sin

not_differentiable("Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual",
                   "LogicalAnd", "LogicalOr", "LogicalNot", "BitwiseAnd", "BitwiseOr",
                   "BitwiseXor", "Invert", "All", "Any")
# TruncateMod has no gradient at all in TF: tf.gradients through it raises LookupError


@register_gradient("ArgMax", "ArgMin")
def _arg_grad(op: Operation, grad: Any) -> list[None]:
    return [None, None]


# --- binary arithmetic --------------------------------------------------------------------------
@register_gradient("Add", "AddV2")
def _add_grad(op: Operation, grad: Any) -> Any:
    x, y = ins(op)
    if fully_equal_shapes(x, y, grad):
        return grad, grad
    return reduce_gradient_args(x, y, grad, grad)


@register_gradient("Sub")
def _sub_grad(op: Operation, grad: Any) -> Any:
    x, y = ins(op)
    if fully_equal_shapes(x, y, grad):
        return grad, -grad
    return reduce_gradient_args(x, y, grad, -grad)


@register_gradient("Mul")
def _mul_grad(op: Operation, grad: Any) -> Any:
    x, y = ins(op)
    if fully_equal_shapes(x, y, grad) and grad.dtype in (dt.int32, dt.float32):
        return gen("Mul", x=grad, y=y), gen("Mul", x=grad, y=x)
    gx = gen("Mul", x=grad, y=cj(y))
    gy = gen("Mul", x=cj(x), y=grad)
    return reduce_gradient_args(x, y, gx, gy)


@register_gradient("RealDiv")
def _real_div_grad(op: Operation, grad: Any) -> Any:
    x, y = ins(op)
    cx, cy = cj(x), cj(y)
    gx = gen("RealDiv", x=grad, y=cy)
    gy = grad * gen("RealDiv", x=gen("RealDiv", x=-cx, y=cy), y=cy)
    return reduce_gradient_args(x, y, gx, gy)


@register_gradient("DivNoNan")
def _div_no_nan_grad(op: Operation, grad: Any) -> Any:
    x, y = cj(ins(op)[0]), cj(ins(op)[1])
    gx = gen("DivNoNan", "div_no_nan", x=grad, y=y)
    gy = grad * gen("DivNoNan", "div_no_nan", x=gen("DivNoNan", "div_no_nan", x=-x, y=y), y=y)
    return reduce_gradient_args(x, y, gx, gy)


@register_gradient("Cumsum")
def _cumsum_grad(op: Operation, grad: Any) -> Any:
    return [gen("Cumsum", attrs={"exclusive": op.get_attr("exclusive"),
                                 "reverse": not op.get_attr("reverse")},
                x=grad, axis=ins(op)[1]), None]


@register_gradient("Cumprod")
def _cumprod_grad(op: Operation, grad: Any) -> Any:
    x, axis = ins(op)
    exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
    prod = gen("Cumprod", attrs={"exclusive": exclusive, "reverse": reverse}, x=x, axis=axis)
    out = gen("Cumsum", attrs={"exclusive": exclusive, "reverse": not reverse},
              x=prod * grad, axis=axis)
    return [gen("DivNoNan", "div_no_nan", x=out, y=x), None]


@register_gradient("FloorDiv", "TruncateDiv")
def _integer_div_grad(op: Operation, grad: Any) -> Any:
    return None, None


@register_gradient("FloorMod")
def _floor_mod_grad(op: Operation, grad: Any) -> Any:
    x, y = cj(ins(op)[0]), cj(ins(op)[1])
    floor_xy = gen("FloorDiv", x=x, y=y)
    gy = grad * -floor_xy
    return reduce_gradient_args(x, y, grad, gy)


@register_gradient("Pow")
def _pow_grad(op: Operation, grad: Any) -> Any:
    x, y = ins(op)
    cx, cy = cj(x), cj(y)
    gx = grad * cy * pow(cx, cy - 1)
    assert x.dtype is not None
    mask = gen("NotEqual", x=cx, y=0) if x.dtype.is_complex else cx > 0
    safe_x = where(mask, cx, ones_like(x))
    log_x = where(mask, log(safe_x), zeros_like(x))
    gy = grad * cj(op.outputs[0]) * log_x
    return reduce_gradient_args(x, y, gx, gy)


def _maximum_minimum_grad(op: Operation, grad: Any, selector: Any) -> Any:
    x, y = ins(op)
    zeros_t = zeros_like(grad)
    xmask = selector(x, y)
    gx = where_v2(xmask, grad, zeros_t)
    gy = where_v2(xmask, zeros_t, grad)
    return reduce_gradient_args(x, y, gx, gy)


@register_gradient("Maximum")
def _maximum_grad(op: Operation, grad: Any) -> Any:
    return _maximum_minimum_grad(op, grad, greater_equal)


@register_gradient("Minimum")
def _minimum_grad(op: Operation, grad: Any) -> Any:
    return _maximum_minimum_grad(op, grad, less_equal)


@register_gradient("SquaredDifference")
def _squared_difference_grad(op: Operation, grad: Any) -> Any:
    x, y = ins(op)
    with control_dependencies_on(grad):
        assert grad.dtype is not None
        two = constant(2.0, dtype=grad.dtype, name="scalar")  # TF's scalar_mul(2.0, grad)
        if isinstance(grad, IndexedSlices):  # scaled as slices, made dense by the product
            scaled: Any = IndexedSlices(gen("Mul", x=two, y=grad.values), grad.indices,
                                        grad.dense_shape)
            x_grad = scaled * (x - y)  # Tensor.__rmul__: "mul", as TF's operator
        else:
            x_grad = gen("Mul", x=two, y=grad) * (x - y)
    if fully_equal_shapes(x, y, grad):
        return x_grad, -x_grad
    return reduce_gradient_args(x, y, x_grad, -x_grad)


@register_gradient("AddN")
def _add_n_grad(op: Operation, grad: Any) -> Any:
    return [grad] * len(ins(op))


@register_gradient("Select")
def _select_grad(op: Operation, grad: Any) -> Any:
    c, x = ins(op)[0], ins(op)[1]
    zeros_t = zeros_like(x)
    return None, where(c, grad, zeros_t), where(c, zeros_t, grad)


@register_gradient("SelectV2")
def _select_v2_grad(op: Operation, grad: Any) -> Any:
    c, x, y = ins(op)
    z = op.outputs[0]
    assert grad.dtype is not None
    zeros_t = zeros([], dtype=grad.dtype)
    gx = where_v2(c, grad, zeros_t)
    gy = where_v2(c, zeros_t, grad)
    return None, reduce_gradient_args(x, z, gx, None)[0], reduce_gradient_args(y, z, gy, None)[0]


# --- unary functions --------------------------------------------------------------------------
@register_gradient("Abs")
def _abs_grad(op: Operation, grad: Any) -> Any:
    return grad * sign(ins(op)[0])


@register_gradient("Neg")
def _neg_grad(op: Operation, grad: Any) -> Any:
    return -grad


@register_gradient("Reciprocal")
def _reciprocal_grad(op: Operation, grad: Any) -> Any:
    return gen("ReciprocalGrad", y=op.outputs[0], dy=grad)


@register_gradient("Square")
def _square_grad(op: Operation, grad: Any) -> Any:
    x = ins(op)[0]
    with control_dependencies_on(grad):
        x = cj(x)
        two = constant(2.0, dtype=x.dtype)
        return multiply(grad, multiply(x, two))


@register_gradient("Sqrt")
def _sqrt_grad(op: Operation, grad: Any) -> Any:
    return gen("SqrtGrad", y=op.outputs[0], dy=grad)


@register_gradient("Rsqrt")
def _rsqrt_grad(op: Operation, grad: Any) -> Any:
    return gen("RsqrtGrad", y=op.outputs[0], dy=grad)


@register_gradient("TanhGrad")
def _tanh_grad_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        a, b = cj(ins(op)[0]), cj(ins(op)[1])
        return grad * -2.0 * b * a, gen("TanhGrad", y=a, dy=grad)


@register_gradient("SigmoidGrad")
def _sigmoid_grad_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        a, b = cj(ins(op)[0]), cj(ins(op)[1])
        gb = grad * b
        return gb - 2.0 * gb * a, gen("SigmoidGrad", y=a, dy=grad)


@register_gradient("SqrtGrad")
def _sqrt_grad_grad(op: Operation, grad: Any) -> Any:
    a, y = ins(op)[0], op.outputs[0]
    with control_dependencies_on(grad):
        ga = grad / a
        return -cj(ga) * y, 0.5 * ga


@register_gradient("RsqrtGrad")
def _rsqrt_grad_grad(op: Operation, grad: Any) -> Any:
    a, b = ins(op)
    with control_dependencies_on(grad):
        ca, cg = cj(a), cj(grad)
        from .math_api import square

        return -1.5 * cg * b * square(ca), gen("RsqrtGrad", y=ca, dy=grad)


@register_gradient("ReciprocalGrad")
def _reciprocal_grad_grad(op: Operation, grad: Any) -> Any:
    b = ins(op)[1]
    with control_dependencies_on(grad):
        ca, cg = cj(ins(op)[0]), cj(grad)
        return cg * -2.0 * b * ca, gen("ReciprocalGrad", y=ca, dy=grad)


@register_gradient("Exp")
def _exp_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad * cj(op.outputs[0])


@register_gradient("Log")
def _log_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad * reciprocal(cj(ins(op)[0]))


@register_gradient("Log1p")
def _log1p_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad * reciprocal(1 + cj(ins(op)[0]))


@register_gradient("Tanh")
def _tanh_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return gen("TanhGrad", y=cj(op.outputs[0]), dy=grad)


@register_gradient("Sigmoid")
def _sigmoid_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return gen("SigmoidGrad", y=cj(op.outputs[0]), dy=grad)


@register_gradient("Sign")
def _sign_grad(op: Operation, grad: Any) -> Any:
    return zeros_like(ins(op)[0])


@register_gradient("Sin")
def _sin_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return grad * cos(cj(ins(op)[0]))


@register_gradient("Cos")
def _cos_grad(op: Operation, grad: Any) -> Any:
    with control_dependencies_on(grad):
        return -grad * sin(cj(ins(op)[0]))


@register_gradient("Floor", "Ceil", "Round", "Rint")
def _rounding_grad(op: Operation, grad: Any) -> Any:
    return [None]


@register_gradient("Conj")
def _conj_grad(op: Operation, grad: Any) -> Any:
    return cj(grad)


_FLOAT_OR_COMPLEX = (dt.float16, dt.float32, dt.float64, dt.bfloat16, dt.complex64,
                     dt.complex128)


@register_gradient("Cast")
def _cast_grad(op: Operation, grad: Any) -> Any:
    src, dst = ins(op)[0].dtype, grad.dtype
    if src in _FLOAT_OR_COMPLEX and dst in _FLOAT_OR_COMPLEX:
        return cast(grad, src)
    return None


# --- matrix products ----------------------------------------------------------------------
def _mat_mul(a: Any, b: Any, **attrs: bool) -> Any:
    return gen("MatMul", attrs=attrs, a=a, b=b)


@register_gradient("MatMul")
def _mat_mul_grad(op: Operation, grad: Any) -> Any:
    t_a, t_b = bool(op.get_attr("transpose_a")), bool(op.get_attr("transpose_b"))
    a, b = cj(ins(op)[0]), cj(ins(op)[1])
    if not t_a and not t_b:
        return (_mat_mul(grad, b, transpose_b=True, grad_a=True),
                _mat_mul(a, grad, transpose_a=True, grad_b=True))
    if not t_a and t_b:
        return (_mat_mul(grad, b, grad_a=True),
                _mat_mul(grad, a, transpose_a=True, grad_b=True))
    if t_a and not t_b:
        return (_mat_mul(b, grad, transpose_b=True, grad_a=True),
                _mat_mul(a, grad, grad_b=True))
    return (_mat_mul(b, grad, transpose_a=True, transpose_b=True, grad_a=True),
            _mat_mul(grad, a, transpose_a=True, transpose_b=True, grad_b=True))


def _batch_mat_mul(a: Any, b: Any, adj_x: bool, adj_y: bool, grad_a: bool = False,
                   grad_b: bool = False) -> Any:
    from .matmul_api import matmul

    return matmul(a, b, adjoint_a=adj_x, adjoint_b=adj_y, grad_a=grad_a, grad_b=grad_b)


@register_gradient("BatchMatMulV2")
def _batch_mat_mul_v2_grad(op: Operation, grad: Any) -> Any:
    x, y = ins(op)
    adj_x, adj_y = bool(op.get_attr("adj_x")), bool(op.get_attr("adj_y"))
    if not adj_x:
        if not adj_y:
            gx = _batch_mat_mul(grad, y, False, True, grad_a=True)
            gy = _batch_mat_mul(x, grad, True, False, grad_b=True)
        else:
            gx = _batch_mat_mul(grad, y, False, False, grad_a=True)
            gy = _batch_mat_mul(grad, x, True, False, grad_b=True)
    elif not adj_y:
        gx = _batch_mat_mul(y, grad, False, True, grad_a=True)
        gy = _batch_mat_mul(x, grad, False, False, grad_b=True)
    else:
        gx = _batch_mat_mul(y, grad, True, True, grad_a=True)
        gy = _batch_mat_mul(grad, x, True, True, grad_b=True)
    sx, sy = x.shape, y.shape
    may_batch = (sx.rank is None or sx.rank > 2) or (sy.rank is None or sy.rank > 2)
    bx, by = _batch_dims(sx), _batch_dims(sy)
    batches_match = bx is not None and by is not None and bx == by
    if not may_batch or batches_match:
        return gx, gy
    shape_x: Any = shape(x)
    shape_y: Any = shape(y)
    rx, ry = gen("BroadcastGradientArgs", s0=shape_x[:-2], s1=shape_y[:-2])
    return (reshape(reduce_sum(gx, rx), shape_x), reshape(reduce_sum(gy, ry), shape_y))


def _batch_dims(s: Any) -> tuple[int, ...] | None:
    """A matmul operand's batch dims (all but the last two), when all are known (TF's
    ``shape[:-2].is_fully_defined()``)."""
    if s.rank is None:
        return None
    dims = s.as_list()[:-2]
    return None if any(d is None for d in dims) else tuple(dims)
