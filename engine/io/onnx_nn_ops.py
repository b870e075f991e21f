"""The ONNX converters of the neural-network ops: activations, BiasAdd, L2Loss, the
cross-entropies (tf2onnx's rewrites), and NHWC convolutions and pools between Transposes
(ONNX's are NCHW)."""

from __future__ import annotations

from typing import Any

import numpy as np
from onnx import TensorProto

from ..framework.operation import Operation
from .onnx_nodes import Context, Converter, cast_to, one_hot_mask, out, rank, same, scalar, x


def _relu6(ctx: Context, op: Operation) -> None:
    ctx.node("Clip", [x(op, 0), scalar(ctx, op, 0), scalar(ctx, op, 6)], out(op))


def _bias_add(ctx: Context, op: Operation) -> None:
    bias = x(op, 1)
    if op.get_attr("data_format") == "NCHW":
        r = rank(op, 0)
        if r is None:
            raise ctx.fail("NCHW needs the value's rank")
        bias = ctx.node("Unsqueeze", [bias, ctx.const(np.arange(1, r - 1, dtype=np.int64))])
    ctx.node("Add", [x(op, 0), bias], out(op))


def _l2_loss(ctx: Context, op: Operation) -> None:
    total = ctx.node("ReduceSumSquare", [x(op, 0)], keepdims=0)
    ctx.node("Div", [total, scalar(ctx, op, 2)], out(op))


def _xent(ctx: Context, op: Operation) -> None:
    """TF's kernel broadcasts logits and labels against each other before the softmax (a
    [1, 1] logit against [1, 2] labels is two equal logits): ONNX's Expand does the same."""
    logits, labels = x(op, 0), x(op, 1)
    shapes = [t.shape for t in op.inputs[:2] if t is not None]
    if not (shapes[0].is_fully_defined() and shapes[0] == shapes[1]):
        logits = ctx.node("Expand", [logits, ctx.node("Shape", [labels])])
    axes = ctx.const(np.array([-1], np.int64), "axes")
    log_probs = ctx.node("LogSoftmax", [logits], axis=-1)
    total = ctx.node("ReduceSum", [ctx.node("Mul", [labels, log_probs]), axes], keepdims=0)
    ctx.node("Neg", [total], out(op, 0))
    ctx.node("Sub", [ctx.node("Softmax", [logits], axis=-1), labels], out(op, 1))


def _sparse_xent(ctx: Context, op: Operation) -> None:
    logits = x(op, 0)
    labels = ctx.node("Cast", [x(op, 1)], to=TensorProto.INT64)
    log_probs = ctx.node("LogSoftmax", [logits], axis=-1)
    one = ctx.const(np.array([1], np.int64), "axes")
    picked = ctx.node("GatherElements", [log_probs, ctx.node("Unsqueeze", [labels, one])], axis=1)
    ctx.node("Neg", [ctx.node("Squeeze", [picked, one])], out(op, 0))
    depth = ctx.node("Gather", [ctx.node("Shape", [logits]), ctx.const(np.array(1, np.int64))])
    # a label out of range is TF's run-time error; ONNX has none: its row is all -inf
    t = op.inputs[0]
    assert t is not None and t.dtype is not None
    onehot = cast_to(ctx, one_hot_mask(ctx, labels, depth, -1, 2), t.dtype)
    ctx.node("Sub", [ctx.node("Softmax", [logits], axis=-1), onehot], out(op, 1))


def _spatial(ctx: Context, op: Operation) -> tuple[bool, list[int], list[int], dict[str, Any]]:
    t = op.inputs[0]
    if t is None or t.dtype is None or not t.dtype.is_floating:
        raise ctx.fail(f"ONNX's {op.type} takes floating types only, not "
                       f"{t.dtype.name if t is not None and t.dtype else 'this'}")
    nhwc = op.get_attr("data_format") in ("NHWC", b"NHWC")
    def hw(values: list[int]) -> list[int]:
        return [int(v) for v in (values[1:3] if nhwc else values[2:4])]
    attrs: dict[str, Any] = {}
    padding = op.get_attr("padding")
    if padding == "SAME":
        attrs["auto_pad"] = "SAME_UPPER"  # TF pads the odd one at the end
    elif padding == "VALID":
        attrs["auto_pad"] = "VALID"
    else:
        pads = [int(p) for p in op.get_attr("explicit_paddings")]
        pairs = pads[2:6] if nhwc else pads[4:8]
        attrs["pads"] = [pairs[0], pairs[2], pairs[1], pairs[3]]
    return nhwc, hw(list(op.get_attr("strides"))), hw(list(op.get_attr("ksize"))
                                                        if "ksize" in op.attrs else [1] * 4), attrs


def nchw(ctx: Context, name: str, nhwc: bool) -> str:
    return ctx.node("Transpose", [name], perm=[0, 3, 1, 2]) if nhwc else name


def to_nhwc(ctx: Context, op: Operation, result: str, nhwc: bool) -> None:
    if nhwc:
        ctx.node("Transpose", [result], out(op), perm=[0, 2, 3, 1])
    else:
        ctx.node("Identity", [result], out(op))


def _same_pads(ctx: Context, op: Operation, nhwc: bool, strides: list[int],
               dilations: list[int]) -> list[int]:
    """The explicit pads of a dilated SAME convolution (onnxruntime's Conv has no
    ``auto_pad`` with dilations): TF's, the odd one at the end."""
    image, kernel = (t.shape for t in op.inputs if t is not None)
    dims = image.as_list() if image.rank == 4 else [None] * 4
    sizes = dims[1:3] if nhwc else dims[2:4]
    k_dims = kernel.as_list() if kernel.rank == 4 else [None] * 4
    begin, end = [], []
    for size, k, s, d in zip(sizes, k_dims[:2], strides, dilations):
        if k is None or (s > 1 and size is None):  # (stride 1 pads the same for any size)
            raise ctx.fail("a dilated SAME convolution needs its kernel's size (and, with a "
                           "stride, the image's) to be known")
        extent = (k - 1) * d + 1
        if size is None:  # stride 1: the output is the image's size, whatever it is
            total = extent - 1
        else:
            total = max((-(-size // s) - 1) * s + extent - size, 0)
        begin.append(total // 2)
        end.append(total - total // 2)
    return begin + end


def group_attr(depth: int | None, fin: int | None) -> dict[str, Any]:
    """ONNX's ``group`` for a grouped convolution (an input depth a multiple of the
    filter's): TF's filter, transposed to [out, in, kH, kW], is already ONNX's grouped
    weights, for Conv and ConvTranspose alike. Nothing for one group."""
    return {"group": depth // fin} if depth and fin and depth != fin else {}


def _conv2d(ctx: Context, op: Operation) -> None:
    nhwc, strides, _, attrs = _spatial(ctx, op)
    dil = [int(v) for v in op.get_attr("dilations")]
    dilations = dil[1:3] if nhwc else dil[2:4]
    if attrs.get("auto_pad") == "SAME_UPPER" and dilations != [1, 1]:
        attrs = {"pads": _same_pads(ctx, op, nhwc, strides, dilations)}
    kernel = ctx.node("Transpose", [x(op, 1)], perm=[3, 2, 0, 1])  # HWIO -> OIHW
    x_in, f_in = op.inputs[0], op.inputs[1]
    assert x_in is not None and f_in is not None
    depth = x_in.shape.as_list()[3 if nhwc else 1] if x_in.shape.rank == 4 else None
    fin = f_in.shape.as_list()[2] if f_in.shape.rank == 4 else None
    attrs = {**attrs, **group_attr(depth, fin)}
    result = ctx.node("Conv", [nchw(ctx, x(op, 0), nhwc), kernel], strides=strides,
                      dilations=dilations, **attrs)
    to_nhwc(ctx, op, result, nhwc)


def _fused_batch_norm(ctx: Context, op: Operation) -> None:
    """Inference's FusedBatchNormV3: ONNX's BatchNormalization (NCHW, between Transposes for
    NHWC); its other outputs are the mean and variance given, and an empty reserve space."""
    if op.get_attr("is_training"):
        raise ctx.fail("is_training: it normalizes by the batch's statistics and updates "
                       "running ones; export the inference graph (is_training false)")
    t = op.inputs[0]
    if t is None or t.dtype is None or t.dtype.name != "float32":
        raise ctx.fail("ONNX export takes a float32 FusedBatchNormV3 only")
    nhwc = op.get_attr("data_format") in ("NHWC", b"NHWC")
    result = ctx.node("BatchNormalization",
                      [nchw(ctx, x(op, 0), nhwc), *(x(op, i) for i in range(1, 5))],
                      epsilon=float(op.get_attr("epsilon")))
    to_nhwc(ctx, op, result, nhwc)
    for i, source in ((1, 3), (2, 4), (3, 3), (4, 4)):
        ctx.node("Identity", [x(op, source)], out(op, i))
    ctx.node("Identity", [ctx.const(np.zeros(0, np.float32), "reserve")], out(op, 5))


def _pool_same_pads(ctx: Context, op: Operation, nhwc: bool, ksize: list[int],
                    strides: list[int]) -> list[int]:
    """A SAME pool's explicit pads where a window is narrower than its stride: ONNX's
    SAME_UPPER total ``(out - 1) * stride + k - size`` is then negative for some sizes (TF
    pads nothing; onnxruntime fails), so the pads are TF's, clamped, for the known sizes."""
    image = op.inputs[0].shape if op.inputs[0] is not None else None
    dims = image.as_list() if image is not None and image.rank == 4 else [None] * 4
    sizes = dims[1:3] if nhwc else dims[2:4]
    known = [size for size in sizes if size is not None]
    if len(known) < 2:
        raise ctx.fail("a SAME pool whose window is narrower than its stride needs the "
                       "image's height and width to be known (ONNX's SAME padding would be "
                       "negative)")
    totals = [max((-(-size // s) - 1) * s + k - size, 0)
              for size, k, s in zip(known, ksize, strides)]
    return [t // 2 for t in totals] + [t - t // 2 for t in totals]


def _pool(onnx_type: str) -> Converter:
    def convert(ctx: Context, op: Operation) -> None:
        nhwc, strides, ksize, attrs = _spatial(ctx, op)
        depth = 3 if nhwc else 1
        if any(int(op.get_attr(a)[i]) != 1 for a in ("ksize", "strides") for i in (0, depth)):
            raise ctx.fail("ONNX's pooling windows cover the spatial dimensions only, not the "
                           "batch or the depth")
        if attrs.get("auto_pad") == "SAME_UPPER" and any(k < st for k, st in zip(ksize, strides)):
            attrs = {"pads": _pool_same_pads(ctx, op, nhwc, ksize, strides)}
        result = ctx.node(onnx_type, [nchw(ctx, x(op, 0), nhwc)], kernel_shape=ksize,
                          strides=strides, **attrs)
        to_nhwc(ctx, op, result, nhwc)
    return convert


#: the nn ops' converters (``onnx_ops.ONNX_OPS`` includes them)
NN_OPS: dict[str, Converter] = {
    "Relu6": _relu6, "LeakyRelu": lambda ctx, op: ctx.node(
        "LeakyRelu", [x(op, 0)], out(op), alpha=float(op.get_attr("alpha"))),
    "Softmax": same("Softmax", axis=-1), "LogSoftmax": same("LogSoftmax", axis=-1),
    "BiasAdd": _bias_add, "L2Loss": _l2_loss, "SoftmaxCrossEntropyWithLogits": _xent,
    "SparseSoftmaxCrossEntropyWithLogits": _sparse_xent, "Conv2D": _conv2d,
    "MaxPool": _pool("MaxPool"), "AvgPool": _pool("AveragePool"),
    "FusedBatchNormV3": _fused_batch_norm,
}
