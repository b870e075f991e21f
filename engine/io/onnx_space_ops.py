"""ONNX forms of the ops that move spatial blocks: SpaceToDepth and DepthToSpace (ONNX's own
ops, in NCHW: TF's NHWC order of a block's positions is ONNX's DCR; for the dtypes
onnxruntime's kernels do not take, the same reshapes as the others), SpaceToBatchND and
BatchToSpaceND (Pad or Slice, Reshape, Transpose, Reshape: ONNX has no such op).

The block moves need the block sizes, paddings and crops as constants and every dimension
but the batch known, since the reshapes split and merge those dimensions; otherwise the
export is refused naming the op. Data keyed by op type, merged into ``onnx_ops``' tables.
"""

from __future__ import annotations

import numpy as np

from ..framework.operation import Operation
from .onnx_nn_ops import nchw, to_nhwc
from .onnx_nodes import Context, Converter, const, out, x


def _depth(ctx: Context, op: Operation) -> None:
    fmt = op.get_attr("data_format")
    if fmt == "NCHW_VECT_C":
        raise ctx.fail("NCHW_VECT_C is a layout of quantized int8 data ONNX has not")
    nhwc = fmt == "NHWC"
    size = int(op.get_attr("block_size"))
    dtype = op.outputs[0].dtype
    if dtype is not None and dtype.name not in ("float32", "float64") and nhwc:
        _depth_by_reshapes(ctx, op, size)  # onnxruntime's kernels are for floats only
        return
    extra = {"mode": "DCR"} if op.type == "DepthToSpace" else {}
    result = ctx.node(op.type, [nchw(ctx, x(op, 0), nhwc)], blocksize=size, **extra)
    to_nhwc(ctx, op, result, nhwc)


def _depth_by_reshapes(ctx: Context, op: Operation, size: int) -> None:
    """NHWC SpaceToDepth or DepthToSpace as Reshape, Transpose, Reshape (for any dtype)."""
    t = op.inputs[0]
    assert t is not None
    dims = t.shape.as_list() if t.shape.rank == 4 else None
    if dims is None or any(d is None for d in dims[1:]):
        raise ctx.fail("every dimension of its input but the batch must be known for a "
                       "dtype onnxruntime's kernel does not take: the blocks are moved by "
                       "reshapes of those dimensions")
    h, w, c = (int(d) for d in dims[1:] if d is not None)
    if op.type == "SpaceToDepth":
        split, merged = [-1, h // size, size, w // size, size, c], [-1, h // size, w // size,
                                                                     size * size * c]
    else:
        d = c // (size * size)
        split, merged = [-1, h, w, size, size, d], [-1, h * size, w * size, d]
    x1 = ctx.node("Reshape", [x(op, 0), ctx.const(np.array(split, np.int64), "shape")])
    x2 = ctx.node("Transpose", [x1], perm=[0, 1, 3, 2, 4, 5])
    ctx.node("Reshape", [x2, ctx.const(np.array(merged, np.int64), "shape")], out(op))


def _static(ctx: Context, op: Operation) -> tuple[list[int], list[int], list[int]]:
    """The block sizes, the flat paddings (crops) and the input's dims after the batch."""
    blocks = [int(v) for v in const(ctx, op, 1, "block_shape").reshape(-1)]
    amounts = [int(v) for v in const(ctx, op, 2, "paddings or crops").reshape(-1)]
    t = op.inputs[0]
    assert t is not None
    dims = t.shape.as_list() if t.shape.rank is not None else None
    if dims is None or any(d is None for d in dims[1:]):
        raise ctx.fail("every dimension of its input but the batch must be known: the "
                       "blocks are moved by reshapes of those dimensions")
    return blocks, amounts, [int(d) for d in dims[1:] if d is not None]


def _space_to_batch(ctx: Context, op: Operation) -> None:
    blocks, pads, dims = _static(ctx, op)
    n = len(blocks)
    rank = 1 + len(dims)
    source = x(op, 0)
    if any(pads):
        begins = [0] + pads[0::2] + [0] * (rank - 1 - n)
        ends = [0] + pads[1::2] + [0] * (rank - 1 - n)
        source = ctx.node("Pad", [source, ctx.const(np.array(begins + ends, np.int64), "pads")],
                          mode="constant")
    padded = [dims[i] + pads[2 * i] + pads[2 * i + 1] for i in range(n)]
    rest = dims[n:]
    split = [-1] + [v for size, b in zip(padded, blocks) for v in (size // b, b)] + rest
    x1 = ctx.node("Reshape", [source, ctx.const(np.array(split, np.int64), "shape")])
    perm = ([2 + 2 * i for i in range(n)] + [0] + [1 + 2 * i for i in range(n)]
            + list(range(1 + 2 * n, 1 + 2 * n + len(rest))))
    x2 = ctx.node("Transpose", [x1], perm=perm)
    merged = [-1] + [size // b for size, b in zip(padded, blocks)] + rest
    ctx.node("Reshape", [x2, ctx.const(np.array(merged, np.int64), "shape")], out(op))


def _batch_to_space(ctx: Context, op: Operation) -> None:
    blocks, crops, dims = _static(ctx, op)
    n = len(blocks)
    rest = dims[n:]
    split = blocks + [-1] + dims
    x1 = ctx.node("Reshape", [x(op, 0), ctx.const(np.array(split, np.int64), "shape")])
    perm = [n] + [p for i in range(n) for p in (n + 1 + i, i)] + list(
        range(2 * n + 1, 2 * n + 1 + len(rest)))
    x2 = ctx.node("Transpose", [x1], perm=perm)
    grown = [d * b for d, b in zip(dims[:n], blocks)]
    merged = ctx.node("Reshape", [x2, ctx.const(np.array([-1, *grown, *rest], np.int64),
                                                "shape")])
    if not any(crops):
        ctx.node("Identity", [merged], out(op))
        return
    axes = list(range(1, n + 1))
    starts = crops[0::2]
    ends = [g - c for g, c in zip(grown, crops[1::2])]
    ctx.node("Slice", [merged, ctx.const(np.array(starts, np.int64), "starts"),
                       ctx.const(np.array(ends, np.int64), "ends"),
                       ctx.const(np.array(axes, np.int64), "axes")], out(op))


SPACE_OPS: dict[str, Converter] = {
    "SpaceToDepth": _depth, "DepthToSpace": _depth,
    "SpaceToBatchND": _space_to_batch, "BatchToSpaceND": _batch_to_space,
}
