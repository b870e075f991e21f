"""ONNX forms of the TF1 functions' ops between a model's layers: PadV2 and MirrorPad (ONNX's
Pad), IsNan and IsInf, TopKV2 (ONNX's TopK), GatherNd and ScatterNd (GatherND, and ScatterND
adding into zeros), Einsum, DepthwiseConv2dNative (a grouped Conv), and why the others have none.

Data keyed by op type, merged into ``onnx_ops``' tables.
"""

from __future__ import annotations

import numpy as np
from onnx import TensorProto, helper

from ..framework.operation import Operation
from ..ops.einsum import labels
from .onnx_nn_ops import _same_pads, _spatial, nchw, to_nhwc
from .onnx_nodes import Context, Converter, cast_to, const, int64, onnx_dtype, out, x


def _pads(ctx: Context, op: Operation) -> str:
    paddings = const(ctx, op, 1, "paddings").astype(np.int64)  # TF's [[begin, end], ...]
    return ctx.const(paddings.T.reshape(-1), "pads")  # ONNX's [begins..., ends...]


def _pad_v2(ctx: Context, op: Operation) -> None:
    ctx.node("Pad", [x(op, 0), _pads(ctx, op), x(op, 2)], out(op), mode="constant")


def _mirror_pad(ctx: Context, op: Operation) -> None:
    if op.get_attr("mode") != "REFLECT":
        raise ctx.fail("ONNX's Pad has no SYMMETRIC mode (its reflect leaves the edge out, "
                       "as REFLECT does)")
    ctx.node("Pad", [x(op, 0), _pads(ctx, op)], out(op), mode="reflect")


def _top_k(ctx: Context, op: Operation) -> None:
    """ONNX's TopK along the last axis, largest first (ties: the lower index first, as TF);
    its int64 indices cast to TF's index type."""
    k = ctx.node("Reshape", [ctx.node("Cast", [x(op, 1)], to=TensorProto.INT64),
                             ctx.const(np.array([1], np.int64), "shape")])
    values = out(op, 0)[0]
    indices = ctx.fresh(f"{op.name}/indices")
    ctx.node("TopK", [x(op, 0), k], [values, indices], axis=-1, largest=1,
             sorted=int(bool(op.get_attr("sorted"))))
    cast_to(ctx, indices, op.outputs[1].dtype, out(op, 1))


def _gather_nd(ctx: Context, op: Operation) -> None:
    ctx.node("GatherND", [x(op, 0), int64(ctx, op, 1)], out(op))


def _scatter_nd(ctx: Context, op: Operation) -> None:
    """Zeros of the shape (ConstantOfShape), the updates added at the indices (TF sums
    repeated ones, as ScatterND's ``add`` reduction does)."""
    dtype = op.outputs[0].dtype
    assert dtype is not None
    zero = helper.make_tensor("zero", onnx_dtype(dtype), [1], [0])
    zeros = ctx.node("ConstantOfShape", [int64(ctx, op, 2)], value=zero)
    ctx.node("ScatterND", [zeros, int64(ctx, op, 0), x(op, 1)], out(op), reduction="add")


def _einsum(ctx: Context, op: Operation) -> None:
    equation = str(op.get_attr("equation"))
    output = labels(equation.split("->")[1])
    if len(set(output)) < len(output):
        raise ctx.fail("ONNX's Einsum repeats no output label (this one writes a diagonal, "
                       "as a trace's gradient does)")
    ctx.node("Einsum", _same_batch_ranks(ctx, op, equation.split("->")[0].split(",")), out(op),
             equation=equation)


def _same_batch_ranks(ctx: Context, op: Operation, subscripts: list[str]) -> list[str]:
    """The operands, those whose ellipsis stands for fewer dims than another's given leading
    1s there: ONNX's Einsum broadcasts ellipses of one rank only (TF's, like numpy's, of
    any ranks)."""
    names = [x(op, i) for i in range(len(op.inputs))]
    ranks: list[int | None] = []
    for i, subs in enumerate(subscripts):
        t = op.inputs[i]
        rank = t.shape.rank if t is not None else None
        named = len(subs.replace("...", ""))
        ranks.append(None if "..." not in subs or rank is None else rank - named)
    with_ellipsis = [i for i, s in enumerate(subscripts) if "..." in s]
    if len(with_ellipsis) < 2 or len({ranks[i] for i in with_ellipsis}) == 1:
        return names
    if any(ranks[i] is None for i in with_ellipsis):
        raise ctx.fail("its operands' ellipses must have known ranks: ONNX's Einsum "
                       "broadcasts ellipses of one rank only")
    target = max(r for r in ranks if r is not None)
    for i in with_ellipsis:
        rank = ranks[i]
        assert rank is not None
        if rank < target:
            start = subscripts[i].find("...")
            axes = np.arange(start, start + target - rank, dtype=np.int64)
            names[i] = ctx.node("Unsqueeze", [names[i], ctx.const(axes, "axes")])
    return names


def _depthwise(ctx: Context, op: Operation) -> None:
    """ONNX's Conv with one group per input channel: the [h, w, in, multiplier] filter as
    [in * multiplier, 1, h, w] (output channel c * multiplier + m, as TF numbers them)."""
    nhwc, strides, _, attrs = _spatial(ctx, op)
    dil = [int(v) for v in op.get_attr("dilations")]
    dilations = dil[1:3] if nhwc else dil[2:4]
    if attrs.get("auto_pad") == "SAME_UPPER" and dilations != [1, 1]:
        attrs = {"pads": _same_pads(ctx, op, nhwc, strides, dilations)}
    f = op.inputs[1]
    assert f is not None
    dims = f.shape.as_list() if f.shape.rank == 4 else [None] * 4
    if dims[2] is None:
        raise ctx.fail("its filter's input depth must be known: ONNX's Conv takes it as the "
                       "number of groups")
    flat = ctx.node("Reshape", [x(op, 1), ctx.const(np.array([0, 0, 1, -1], np.int64), "shape")])
    kernel = ctx.node("Transpose", [flat], perm=[3, 2, 0, 1])  # H W 1 CM -> CM 1 H W
    result = ctx.node("Conv", [nchw(ctx, x(op, 0), nhwc), kernel], strides=strides,
                      dilations=dilations, group=int(dims[2]), **attrs)
    to_nhwc(ctx, op, result, nhwc)


def is_inf_input(ctx: Context, op: Operation) -> str:
    """IsInf's input as ONNX's IsInf takes it: that op (opset 10) has float and double only,
    so a half or bfloat16 tensor is widened to float first (exactly: infinities stay)."""
    t = op.inputs[0]
    assert t is not None and t.dtype is not None
    if t.dtype.name in ("float16", "bfloat16"):
        return ctx.node("Cast", [x(op, 0)], to=int(TensorProto.FLOAT))
    return x(op, 0)


TF1_OPS: dict[str, Converter] = {
    "DepthwiseConv2dNative": _depthwise,
    "Einsum": _einsum,
    "GatherNd": _gather_nd, "ScatterNd": _scatter_nd,
    "PadV2": _pad_v2, "MirrorPad": _mirror_pad, "TopKV2": _top_k,
    "IsNan": lambda ctx, op: ctx.node("IsNaN", [x(op, 0)], out(op)),
    "IsInf": lambda ctx, op: ctx.node("IsInf", [is_inf_input(ctx, op)], out(op)),
}

_NO_NODE = ("a backprop op with no ONNX node, and TensorCanvas writes no composite for it: "
            "export the forward graph (an inference model never runs the backward pass)")

_SHARDED = ("the sharded embedding lookup's partition and stitch: TensorCanvas writes no "
            "ONNX composite for them; export a graph that looks up one params tensor")

#: op type -> why it has no ONNX form
TF1_NOT_EXPORTABLE: dict[str, str] = {
    **dict.fromkeys(("MirrorPadGrad", "DepthwiseConv2dNativeBackpropInput",
                     "DepthwiseConv2dNativeBackpropFilter"), _NO_NODE),
    **dict.fromkeys(("DynamicPartition", "ParallelDynamicStitch"), _SHARDED),
}
