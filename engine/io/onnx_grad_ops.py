"""The ONNX converters of the backprop ops the gradients build (category Gradient), and why
the others and the state and training ops have none.

A model exported for inference fetches the forward graph, so these matter only for a
gradient that is itself the output (a saliency map, ``dloss/dx``). The elementwise backprop
ops are TF's formulas written out (``TanhGrad``: ``dy * (1 - y*y)``), the shape ops are ONNX's
``Shape``, ``Split`` and ``Pad``; the rest have no ONNX node, and TensorCanvas writes no
composite for them, which the table says.
"""

from __future__ import annotations

import numpy as np
from onnx import TensorProto

from ..framework.operation import Operation
from .onnx_nodes import Context, Converter, cast_to, const, out, rank, scalar, x


def _where_positive(upper: float | None = None) -> Converter:
    """ReluGrad / Relu6Grad: the gradient where the features are in (0, upper), else 0."""
    def convert(ctx: Context, op: Operation) -> None:
        zero = scalar(ctx, op, 0)
        mask = ctx.node("Greater", [x(op, 1), zero])
        if upper is not None:
            mask = ctx.node("And", [mask, ctx.node("Less", [x(op, 1), scalar(ctx, op, upper)])])
        ctx.node("Where", [mask, x(op, 0), zero], out(op))
    return convert


def _leaky_relu_grad(ctx: Context, op: Operation) -> None:
    mask = ctx.node("Greater", [x(op, 1), scalar(ctx, op, 0)])
    leaked = ctx.node("Mul", [x(op, 0), scalar(ctx, op, float(op.get_attr("alpha")))])
    ctx.node("Where", [mask, x(op, 0), leaked], out(op))


def _elu_grad(ctx: Context, op: Operation) -> None:
    g, y = x(op, 0), x(op, 1)
    negative = ctx.node("Mul", [g, ctx.node("Add", [y, scalar(ctx, op, 1)])])
    ctx.node("Where", [ctx.node("Less", [y, scalar(ctx, op, 0)]), negative, g], out(op))


def _tanh_grad(ctx: Context, op: Operation) -> None:  # dy * (1 - y*y)
    y, dy = x(op, 0), x(op, 1)
    ctx.node("Mul", [dy, ctx.node("Sub", [scalar(ctx, op, 1), ctx.node("Mul", [y, y])])],
             out(op))


def _sigmoid_grad(ctx: Context, op: Operation) -> None:  # dy * y * (1 - y)
    y, dy = x(op, 0), x(op, 1)
    slope = ctx.node("Mul", [y, ctx.node("Sub", [scalar(ctx, op, 1), y])])
    ctx.node("Mul", [dy, slope], out(op))


def _sqrt_grad(ctx: Context, op: Operation) -> None:  # dy * 0.5 / y
    ctx.node("Div", [ctx.node("Mul", [x(op, 1), scalar(ctx, op, 0.5)]), x(op, 0)], out(op))


def _rsqrt_grad(ctx: Context, op: Operation) -> None:  # dy * -0.5 * y^3
    y = x(op, 0)
    cube = ctx.node("Mul", [y, ctx.node("Mul", [y, y])])
    ctx.node("Mul", [ctx.node("Mul", [x(op, 1), scalar(ctx, op, -0.5)]), cube], out(op))


def _reciprocal_grad(ctx: Context, op: Operation) -> None:  # -dy * y * y
    y = x(op, 0)
    ctx.node("Mul", [ctx.node("Neg", [x(op, 1)]), ctx.node("Mul", [y, y])], out(op))


def _bias_add_grad(ctx: Context, op: Operation) -> None:
    r = rank(op, 0)
    if r is None:
        raise ctx.fail("the gradient's rank must be known")
    channel = 1 if op.get_attr("data_format") == "NCHW" else r - 1
    axes = ctx.const(np.array([a for a in range(r) if a != channel], np.int64), "axes")
    ctx.node("ReduceSum", [x(op, 0), axes], out(op), keepdims=0)


def _shape_n(ctx: Context, op: Operation) -> None:
    for i in range(len(op.inputs)):
        cast_to(ctx, ctx.node("Shape", [x(op, i)]), op.get_attr("out_type"), out(op, i))


def _unpack(ctx: Context, op: Operation) -> None:
    axis = int(op.get_attr("axis"))
    num = int(op.get_attr("num"))
    parts = [ctx.fresh(f"{op.name}/part") for _ in range(num)]
    ctx.node("Split", [x(op, 0)], parts, axis=axis, num_outputs=num)
    axes = ctx.const(np.array([axis], np.int64), "axes")
    for i, part in enumerate(parts):
        ctx.node("Squeeze", [part, axes], out(op, i))


def _pad(ctx: Context, op: Operation) -> None:
    paddings = const(ctx, op, 1, "paddings").astype(np.int64)  # TF's [[begin, end], ...]
    pads = ctx.const(paddings.T.reshape(-1), "pads")  # ONNX's [begins..., ends...]
    ctx.node("Pad", [x(op, 0), pads], out(op), mode="constant")


def _invert_permutation(ctx: Context, op: Operation) -> None:
    """``y[x[i]] = i``: a scatter of ``range(n)`` by ``x``."""
    n = ctx.node("Squeeze", [ctx.node("Shape", [x(op, 0)])])
    dtype = op.outputs[0].dtype
    indices = ctx.node("Range", [cast_to(ctx, ctx.const(np.array(0, np.int64)), dtype),
                                 cast_to(ctx, n, dtype),
                                 cast_to(ctx, ctx.const(np.array(1, np.int64)), dtype)])
    ctx.node("ScatterElements", [indices, ctx.node("Cast", [x(op, 0)], to=TensorProto.INT64),
                                 indices], out(op), axis=0)


GRAD_OPS: dict[str, Converter] = {
    "ReluGrad": _where_positive(), "Relu6Grad": _where_positive(6.0),
    "LeakyReluGrad": _leaky_relu_grad, "EluGrad": _elu_grad, "TanhGrad": _tanh_grad,
    "SigmoidGrad": _sigmoid_grad, "SqrtGrad": _sqrt_grad, "RsqrtGrad": _rsqrt_grad,
    "ReciprocalGrad": _reciprocal_grad, "BiasAddGrad": _bias_add_grad, "ShapeN": _shape_n,
    "Unpack": _unpack, "Pad": _pad, "InvertPermutation": _invert_permutation,
}

_NO_NODE = ("a backprop op with no ONNX node, and TensorCanvas writes no composite for it: "
            "export the forward graph (an inference model never runs the backward pass)")
_TRAINING = ("training-only: it changes a variable, and an ONNX model holds no state; export "
             "the forward graph with the variables' current values (values= or session=)")

#: op type -> why it has no ONNX form
GRAD_NOT_EXPORTABLE: dict[str, str] = {
    **{t: _NO_NODE for t in (
        "BroadcastGradientArgs", "DynamicStitch", "ConcatOffset", "StridedSliceGrad",
        "UnsortedSegmentSum", "Conv2DBackpropInput", "Conv2DBackpropFilter", "MaxPoolGrad",
        "AvgPoolGrad", "MaxPoolGradGrad")},
    **{t: _TRAINING for t in (
        "Assign", "AssignAdd", "AssignSub", "ApplyGradientDescent", "ApplyMomentum",
        "ApplyAdam", "ApplyRMSProp")},
}
