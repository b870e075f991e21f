"""The ONNX converters of the backprop ops the gradients build (category Gradient), and why the
others and the state and training ops have none.

A model exported for inference fetches the forward graph, so these matter only for a
gradient that is itself the output (a saliency map, ``dloss/dx``). The elementwise backprop
ops are TF's formulas written out (``TanhGrad``: ``dy * (1 - y*y)``), the shape ops are
ONNX's ``Shape``, ``Split`` and ``Pad``, UnsortedSegmentSum a ``ScatterND``,
Conv2DBackpropInput (also ``conv2d_transpose``'s op) a ``ConvTranspose``; the rest have no
ONNX node, and TensorCanvas writes no composite for them, which the table says.
"""

from __future__ import annotations

import numpy as np
from onnx import TensorProto

from ..framework import dtypes as dt
from ..framework.operation import Operation
from .onnx_nn_ops import group_attr, nchw, to_nhwc
from .onnx_nodes import INT64_MAX, Context, Converter, cast_to, const, int64, out, rank, scalar, x


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


def _conv2d_backprop_input(ctx: Context, op: Operation) -> None:
    """The input's gradient of a Conv2D (also what ``conv2d_transpose`` builds): ONNX's
    ConvTranspose, padded as TF padded the forward convolution (its odd one at the end), and
    ``output_padding`` where the forward input had rows the strides skipped."""
    dy, kernel = op.inputs[2], op.inputs[1]
    assert dy is not None and kernel is not None
    if dy.dtype is None or not dy.dtype.is_floating:
        raise ctx.fail("ONNX's ConvTranspose takes floating types only")
    dims = kernel.shape.sizes or (None, None)
    kh, kw = dims[0], dims[1]
    if kh is None or kw is None:
        raise ctx.fail("the filter's height and width must be known")
    nhwc = op.get_attr("data_format") in ("NHWC", b"NHWC")
    hw = (lambda v: list(v)[1:3]) if nhwc else (lambda v: list(v)[2:4])
    strides = [int(v) for v in hw(op.get_attr("strides"))]
    dilations = [int(v) for v in hw(op.get_attr("dilations"))]
    # the image's height and width; its batch may be computed (a Keras Conv2DTranspose's
    # input_sizes stacks tf.shape(x)[0] with constants), as the output's static shape says
    out_dims = op.outputs[0].shape.sizes
    known = hw(out_dims) if out_dims is not None else [None, None]
    if None in known:
        raise ctx.fail("the output's height and width must be known (input_sizes is "
                       f"{op.inputs[0].name if op.inputs[0] is not None else 'unwired'})")
    size = [int(d) for d in known if d is not None]
    padding = op.get_attr("padding")
    explicit = [int(p) for p in op.get_attr("explicit_paddings")]
    begin, end, extra = [], [], []
    for i in range(2):
        eff = ((kh, kw)[i] - 1) * dilations[i] + 1
        if padding == "SAME":
            n_out = -(-size[i] // strides[i])
            total = max((n_out - 1) * strides[i] + eff - size[i], 0)
            b, e = total // 2, total - total // 2
        elif padding == "VALID":
            b = e = 0
        else:
            b, e = explicit[2 + 2 * i:4 + 2 * i] if nhwc else explicit[4 + 2 * i:6 + 2 * i]
        n_out = (size[i] + b + e - eff) // strides[i] + 1
        begin.append(b)
        end.append(e)
        extra.append(size[i] - ((n_out - 1) * strides[i] + eff - b - e))
    weights = ctx.node("Transpose", [kernel.name], perm=[3, 2, 0, 1])  # HWIO -> (out, in) HW
    depth = out_dims[3 if nhwc else 1] if out_dims else None
    result = ctx.node("ConvTranspose", [nchw(ctx, dy.name, nhwc), weights], strides=strides,
                      dilations=dilations, pads=begin + end, output_padding=extra,
                      **group_attr(depth, dims[2]))
    to_nhwc(ctx, op, result, nhwc)


def _unsorted_segment_sum(ctx: Context, op: Operation) -> None:
    """Rows of ``data`` added into ``num_segments`` zero rows at their ids (ScatterND's
    ``add``); an id out of range adds a zero row at 0, as TF drops it."""
    r_ids, r_data = rank(op, 1), rank(op, 0)
    if r_ids is None or r_data is None:
        raise ctx.fail("the ranks of data and segment_ids must be known")

    def i64(value: object) -> str:
        return ctx.const(np.array(value, np.int64))

    tail = ctx.node("Slice", [ctx.node("Shape", [x(op, 0)]), i64([r_ids]), i64([INT64_MAX])])
    ids = ctx.node("Reshape", [ctx.node("Cast", [x(op, 1)], to=TensorProto.INT64), i64([-1])])
    rows = ctx.node("Reshape", [x(op, 0), ctx.node("Concat", [i64([-1]), tail], axis=0)])
    n = ctx.node("Reshape", [int64(ctx, op, 2), i64([1])])
    keep = ctx.node("And", [ctx.node("GreaterOrEqual", [ids, i64(0)]),
                            ctx.node("Less", [ids, n])])
    ids = ctx.node("Where", [keep, ids, i64(0)])
    keep_rows = ctx.node("Reshape", [keep, i64([-1] + [1] * (r_data - r_ids))])
    rows = ctx.node("Where", [keep_rows, rows, scalar(ctx, op, 0)])
    zeros = ctx.node("Expand", [scalar(ctx, op, 0), ctx.node("Concat", [n, tail], axis=0)])
    ctx.node("ScatterND", [zeros, ctx.node("Unsqueeze", [ids, i64([1])]), rows], out(op),
             reduction="add")


def _unique(ctx: Context, op: Operation) -> None:
    """ONNX's ``Unique`` unsorted (in order of first occurrence, as TF's): its values, and
    its inverse indices (int64) cast to ``out_idx``. Integers other than int64 and int8 go
    through int64 (onnxruntime's Unique takes no other integers)."""
    inverse = ctx.fresh("inverse")
    kind = op.outputs[0].dtype
    assert kind is not None
    if kind.is_integer and kind.name not in ("int64", "int8"):
        wide = ctx.node("Unique", [cast_to(ctx, x(op, 0), dt.int64)],
                        [ctx.fresh("unique"), "", inverse, ""], sorted=0)
        cast_to(ctx, wide, kind, out(op, 0))
    else:
        ctx.node("Unique", [x(op, 0)], [*out(op, 0), "", inverse, ""], sorted=0)
    cast_to(ctx, inverse, op.outputs[1].dtype, out(op, 1))


GRAD_OPS: dict[str, Converter] = {
    "ReluGrad": _where_positive(), "Relu6Grad": _where_positive(6.0),
    "LeakyReluGrad": _leaky_relu_grad, "EluGrad": _elu_grad, "TanhGrad": _tanh_grad,
    "SigmoidGrad": _sigmoid_grad, "SqrtGrad": _sqrt_grad, "RsqrtGrad": _rsqrt_grad,
    "ReciprocalGrad": _reciprocal_grad, "BiasAddGrad": _bias_add_grad, "ShapeN": _shape_n,
    "Unpack": _unpack, "Pad": _pad, "InvertPermutation": _invert_permutation,
    "Conv2DBackpropInput": _conv2d_backprop_input, "UnsortedSegmentSum": _unsorted_segment_sum,
    "Unique": _unique,
}

_NO_NODE = ("a backprop op with no ONNX node, and TensorCanvas writes no composite for it: "
            "export the forward graph (an inference model never runs the backward pass)")
_TRAINING = ("training-only: it changes a variable, and an ONNX model holds no state; export "
             "the forward graph with the variables' current values (values= or session=)")

_IN_PLACE = ("changes part of a variable in place, and an ONNX model holds no state (ONNX's "
             "ScatterND and ScatterElements make a new tensor); export the forward graph with "
             "the variables' current values (values= or session=)")

#: op type -> why it has no ONNX form
GRAD_NOT_EXPORTABLE: dict[str, str] = {
    **{t: _NO_NODE for t in (
        "BroadcastGradientArgs", "DynamicStitch", "ConcatOffset", "StridedSliceGrad",
        "Conv2DBackpropFilter", "MaxPoolGrad",
        "AvgPoolGrad", "MaxPoolGradGrad", "SeluGrad", "SoftsignGrad", "FusedBatchNormGradV3")},
    **{t: _TRAINING for t in (  # Adagrad's, Adadelta's, proximal gradient descent's
        "ApplyAdagrad", "SparseApplyAdagrad", "ApplyAdadelta", "SparseApplyAdadelta",
        "ApplyProximalGradientDescent", "SparseApplyProximalGradientDescent",
        "ApplyFtrl", "ApplyFtrlV2", "SparseApplyFtrl", "SparseApplyFtrlV2")},
    **{t: _TRAINING for t in (
        "Assign", "AssignAdd", "AssignSub", "ApplyGradientDescent", "ApplyMomentum",
        "ApplyAdam", "ApplyRMSProp", "ScatterAdd", "ScatterSub", "SparseApplyMomentum",
        "SparseApplyRMSProp", "ApplyCenteredRMSProp", "SparseApplyCenteredRMSProp",
        "CountUpTo")},
    **{t: _IN_PLACE for t in (
        "ScatterUpdate", "ScatterMul", "ScatterDiv", "ScatterMax", "ScatterMin",
        "ScatterNdUpdate", "ScatterNdAdd", "ScatterNdSub", "ScatterNdMax", "ScatterNdMin",
        "StridedSliceAssign")},
    "Assert": ("a run-time check with no output; ONNX has no node that fails a run (export "
               "the graph the check guards: its values are the same)"),
    "IsVariableInitialized": ("asks the session whether a variable holds a value; an ONNX "
                              "model holds its variables as initializers, always set"),
}
