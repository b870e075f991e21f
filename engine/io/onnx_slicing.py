"""ONNX export of StridedSlice: TF's sparse slice spec (begin/end/shrink masks, an ellipsis,
new axes) made dense over the input's dims, then one Slice, a Squeeze of the shrunk dims
and an Unsqueeze of the new axes (``x[..., tf.newaxis]``, ``x[:, None, 2]``); and of
ReverseV2, a Slice that steps backwards over the reversed axes."""

from __future__ import annotations

import numpy as np

from ..framework.operation import Operation
from .onnx_nodes import INT64_MAX, Context, const, out, x

#: one input dim of a dense slice: begin, end, stride, begin masked, end masked, shrunk
Dim = tuple[int, int, int, bool, bool, bool]


def _dense_slice(op: Operation, begin: np.ndarray, end: np.ndarray, strides: np.ndarray
                 ) -> tuple[list[Dim], list[int]]:
    """TF's sparse slice spec made dense over the input's dims (a ``Dim`` each), and the
    output positions of the new axes.
    An ellipsis stands for the dims no other entry names (it needs the input's rank)."""
    bm, em, sm, el, nm = (int(op.get_attr(k)) for k in (
        "begin_mask", "end_mask", "shrink_axis_mask", "ellipsis_mask", "new_axis_mask"))
    rank = op.inputs[0].shape.rank if op.inputs[0] is not None else None
    n = len(strides)
    if el and rank is None:
        raise ValueError("an ellipsis needs the input's rank, which is unknown")
    dense: list[Dim] = []
    new_axes: list[int] = []
    position, seen_ellipsis = 0, False
    for i in range(n):
        if el >> i & 1 and not seen_ellipsis:
            seen_ellipsis = True
            named = sum(1 for k in range(i + 1, n) if not (nm >> k & 1 or el >> k & 1))
            covered = (rank or 0) - len(dense) - named
            dense += [(0, 0, 1, True, True, False)] * covered
            position += covered
        elif nm >> i & 1:
            new_axes.append(position)
            position += 1
        else:
            shrunk = bool(sm >> i & 1)
            dense.append((int(begin[i]), int(end[i]), int(strides[i]), bool(bm >> i & 1),
                          bool(em >> i & 1), shrunk))
            position += 0 if shrunk else 1
    return dense, new_axes


def strided_slice(ctx: Context, op: Operation) -> None:
    """StridedSlice's converter."""
    begin = const(ctx, op, 1, "begin").astype(np.int64).reshape(-1)
    end = const(ctx, op, 2, "end").astype(np.int64).reshape(-1)
    strides = const(ctx, op, 3, "strides").astype(np.int64).reshape(-1)
    try:
        dense, new_axes = _dense_slice(op, begin, end, strides)
    except ValueError as why:
        raise ctx.fail(str(why)) from None
    starts, ends = [], []
    for b, e, step, b_masked, e_masked, shrunk in dense:
        starts.append((0 if step > 0 else INT64_MAX) if b_masked else b)
        if shrunk:
            ends.append(b + 1 if b != -1 else INT64_MAX)
        else:
            ends.append((INT64_MAX if step > 0 else -INT64_MAX) if e_masked else e)
    steps = [d[2] for d in dense]
    shrink = [i for i, d in enumerate(dense) if d[5]]
    data = x(op, 0)
    if dense:
        axes = np.arange(len(dense), dtype=np.int64)
        data = ctx.node("Slice", [data, ctx.const(np.array(starts, np.int64)),
                                  ctx.const(np.array(ends, np.int64)), ctx.const(axes),
                                  ctx.const(np.array(steps, np.int64))],
                        None if shrink or new_axes else out(op))
    if shrink:
        data = ctx.node("Squeeze", [data, ctx.const(np.array(shrink, np.int64), "axes")],
                        None if new_axes else out(op))
    if new_axes:
        ctx.node("Unsqueeze", [data, ctx.const(np.array(new_axes, np.int64), "axes")], out(op))
    elif not dense:
        ctx.node("Identity", [data], out(op))


def reverse_v2(ctx: Context, op: Operation) -> None:
    """ReverseV2's converter: a Slice from the last element (-1) past the first (the lowest
    int64) with step -1 on each reversed axis; its axes must be a constant."""
    axes = const(ctx, op, 1, "axis").astype(np.int64).reshape(-1)
    if not len(axes):
        ctx.node("Identity", [x(op, 0)], out(op))
        return
    k = len(axes)
    ctx.node("Slice", [x(op, 0), ctx.const(np.full(k, -1, np.int64), "starts"),
                       ctx.const(np.full(k, -INT64_MAX - 1, np.int64), "ends"),
                       ctx.const(axes, "axes"), ctx.const(np.full(k, -1, np.int64), "steps")],
             out(op))
