"""The gradient check cases of the reductions and the array ops (see ``grad_cases.py``,
which holds the rest and the drawing helpers)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import engine as tf

from .grad_cases import Built, Draw, broadcast_pair, case, distinct, raw, rng, shape, values


# --- reductions ---------------------------------------------------------------------------------
@case("Sum", "Mean", "Max", "Min", "Prod")
def _reductions(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    # distinct axes (-1 and the last are one axis: a reduction over it twice is refused)
    picked = draw(st.lists(st.integers(-len(dims), len(dims) - 1), max_size=3))
    axes = sorted({a % len(dims) for a in picked})
    keep = draw(st.booleans())
    axis = axes if axes else None

    def build(x: Any, p: Any) -> Any:
        return [tf.reduce_sum(x, axis, keepdims=keep), tf.reduce_mean(x, axis, keepdims=keep),
                tf.reduce_max(x, axis, keepdims=keep), tf.reduce_min(x, axis, keepdims=keep),
                tf.reduce_prod(p, axis, keepdims=keep)]

    p = values(draw, dims, 0.5, 1.5) * np.where(values(draw, dims) > 0, 1, -1)
    if draw(st.booleans()):  # a zero among the factors: the product's gradient's other case
        p.reshape(-1)[0] = 0.0
    return Built(build, [distinct(draw, dims), p])


# --- array ops ----------------------------------------------------------------------------------
@case("Reshape", "Transpose", "ConjugateTranspose", "ExpandDims", "Squeeze")
def _reshapes(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    perm = list(rng(draw).permutation(len(dims)))

    def build(x: Any) -> Any:
        return [tf.reshape(x, [-1]), tf.transpose(x, perm), tf.expand_dims(x, 0),
                tf.squeeze(tf.expand_dims(x, 1), [1]), raw.ConjugateTranspose(x=x, perm=perm)]

    return Built(build, [values(draw, dims)])


@case("BroadcastTo", "Tile")
def _broadcasts(draw: Draw) -> Built:
    target, small = broadcast_pair(draw)
    big = np.broadcast_shapes(target, small)
    mult = [draw(st.integers(1, 3)) for _ in small]

    def build(x: Any) -> Any:
        return [tf.broadcast_to(x, list(big)), tf.tile(x, mult)]

    return Built(build, [values(draw, small)])


@case("Fill")
def _fill(draw: Draw) -> Built:
    dims = list(shape(draw, 1, 3))
    return Built(lambda v: raw.Fill(dims=tf.constant(dims), value=v), [values(draw, ())])


@case("ConcatV2", "Pack", "Unpack", "ConcatOffset")
def _joins(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    axis = draw(st.integers(-len(dims), len(dims) - 1))
    n = draw(st.integers(2, 3))

    def build(*xs: Any) -> Any:
        return [tf.concat(list(xs), axis), tf.stack(list(xs), axis=axis),
                *raw.Unpack(value=xs[0], num=dims[0], axis=0).op.outputs]

    return Built(build, [values(draw, dims) for _ in range(n)])


@case("ReverseV2")
def _reverse(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    axis = draw(st.integers(-len(dims), len(dims) - 1))
    return Built(lambda x: tf.reverse(x, [axis]) * 2.0, [values(draw, dims)])


@case("IdentityN")
def _identity_n(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)

    def build(x: Any, y: Any) -> Any:
        first = raw.IdentityN(input=[x, y * 2.0])  # (the engine's raw op: its first output)
        return [first * 3.0, first.op.outputs[1]]

    return Built(build, [values(draw, dims), values(draw, dims)])


@case("Split", "SplitV")
def _splits(draw: Draw) -> Built:
    dims = list(shape(draw, 1, 3))
    axis = draw(st.integers(0, len(dims) - 1))
    dims[axis] = 2 * draw(st.integers(1, 2))
    half = dims[axis] // 2

    def build(x: Any) -> Any:
        even = raw.Split(split_dim=axis, value=x, num_split=2).op.outputs
        sized = raw.SplitV(value=x, size_splits=[half, -1], split_dim=axis - len(dims),
                           num_split=2).op.outputs
        return [even[0] * 2.0, even[1], sized[1] * 3.0]

    return Built(build, [values(draw, tuple(dims))])


@case("FusedBatchNormV3", "FusedBatchNormGradV3")
def _batch_norm(draw: Draw) -> Built:
    """Inference and training, NHWC, and their gradients (FusedBatchNormGradV3: its own
    gradient, a second derivative); TF's op takes float32 at most, so the check is float32's
    (through casts)."""
    r = rng(draw)
    stats = [r.random(3) + 0.5, r.standard_normal(3), r.standard_normal(3), r.random(3) + 0.5]

    def build(x: Any, scale: Any, offset: Any) -> Any:
        f32 = [tf.cast(t, tf.float32) for t in (x, scale, offset)]
        mean, var = (tf.constant(v.astype(np.float32)) for v in stats[2:])
        ys = [raw.FusedBatchNormV3(x=f32[0], scale=f32[1], offset=f32[2], mean=mean,
                                   variance=var, epsilon=0.01, is_training=training)
              for training in (False, True)]
        weights = tf.constant(np.linspace(-1, 1, 6).reshape(2, 1, 1, 3).astype(np.float32))
        grads = [g for y in ys for g in tf.gradients(tf.reduce_sum(y * y * weights), f32)]
        return [tf.cast(t, tf.float64) for t in ys + grads]

    return Built(build, [values(draw, (2, 2, 1, 3)), stats[0], stats[1]], h=1e-2,
                 rtol=2e-2, atol=2e-3)


@case("GatherV2", "UnsortedSegmentSum", "DynamicStitch")
def _gathers(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    r = rng(draw)
    idx = r.integers(0, dims[0], size=draw(st.integers(1, 4))).astype(np.int32)
    ids = r.integers(-1, dims[0], size=dims[0]).astype(np.int32)
    stitch_idx = np.arange(dims[0], dtype=np.int32)[::-1].copy()

    axis = len(dims) - 1
    last = r.integers(0, dims[-1], size=draw(st.integers(1, 4))).astype(np.int32)

    def build(x: Any) -> Any:
        return [tf.gather(x, idx), tf.gather(x, last, axis=axis),
                raw.UnsortedSegmentSum(data=x, segment_ids=tf.constant(ids),
                                       num_segments=dims[0] + 1),
                raw.DynamicStitch(indices=[tf.constant(stitch_idx)], data=[x])]

    return Built(build, [values(draw, dims)])


@case("Slice", "StridedSlice", "Pad", "StridedSliceGrad")
def _slices(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    begin = [draw(st.integers(0, d - 1)) for d in dims]
    size = [draw(st.integers(1, d - b)) for d, b in zip(dims, begin)]
    pads = [[draw(st.integers(0, 2)), draw(st.integers(0, 2))] for _ in dims]

    def build(x: Any) -> Any:
        sliced = x[::2] if len(dims) == 1 else x[:, ::-1]
        back = raw.StridedSliceGrad(shape=tf.shape(x), begin=[0] * len(dims),
                                    end=list(dims), strides=[1] * len(dims), dy=x * 2.0)
        return [tf.slice(x, begin, size), sliced, raw.Pad(input=x, paddings=pads), back]

    return Built(build, [values(draw, dims)])


@case("Cumsum", "Cumprod", "DivNoNan")
def _scans(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    axis = draw(st.integers(-len(dims), len(dims) - 1))
    flags = {"exclusive": draw(st.booleans()), "reverse": draw(st.booleans())}
    y = values(draw, dims, away=0.0, margin=0.3)
    y.reshape(-1)[0] = 0.0  # a zero divisor: DivNoNan's 0

    def build(x: Any) -> Any:
        return [raw.Cumsum(x=x, axis=axis, **flags), raw.Cumprod(x=x, axis=axis, **flags),
                raw.DivNoNan(x=x, y=tf.constant(y))]

    return Built(build, [values(draw, dims, 0.5, 1.5) * np.where(values(draw, dims) > 0, 1, -1)])
