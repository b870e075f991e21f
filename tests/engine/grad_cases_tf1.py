"""The gradient check cases of the TF1 functions' ops: padding, top-k and the nd gathers and
scatters (see ``grad_cases.py``, which holds the drawing helpers)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

import engine as tf

from .grad_cases import Built, Draw, case, distinct, raw, rng, shape, values


@case("PadV2", "MirrorPad", "MirrorPadGrad")
def _pads(draw: Draw) -> Built:
    dims = tuple(d + 2 for d in shape(draw, 1, 3, 2))  # 3 or 4: room for the mirror modes
    reflect = [[draw(st.integers(0, d - 1)), draw(st.integers(0, d - 1))] for d in dims]
    symmetric = [[draw(st.integers(0, d)), draw(st.integers(0, d))] for d in dims]
    fold = [[1, 1]] * len(dims)  # a SYMMETRIC pad of 1 and 1 of the dims less 2

    def build(x: Any) -> Any:
        return [raw.PadV2(input=x, paddings=reflect, constant_values=tf.constant(1.5, tf.float64)),
                raw.MirrorPad(input=x, paddings=reflect, mode="REFLECT"),
                raw.MirrorPad(input=x, paddings=symmetric, mode="SYMMETRIC"),
                raw.MirrorPadGrad(input=x, paddings=fold, mode="SYMMETRIC")]

    return Built(build, [values(draw, dims)])


@case("TopKV2")
def _top_k(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    k = draw(st.integers(0, dims[-1]))

    def build(x: Any) -> Any:
        return tf.nn.top_k(x, k).values

    return Built(build, [distinct(draw, dims)])


@case("Einsum")
def _einsum(draw: Draw) -> Built:
    n, m, k = (draw(st.integers(1, 3)) for _ in range(3))

    def build(x: Any, y: Any, s: Any, b: Any) -> Any:
        return [tf.einsum("ij,jk->ik", x, y), tf.einsum("ij->j", x),
                tf.einsum("ij,i->j", x, x[:, 0]), tf.einsum("ii->", s), tf.einsum("ij->ji", y),
                # batch dims broadcast by an ellipsis, three operands, a batch of traces
                tf.einsum("...ij,...jk->...ik", b, y), tf.einsum("ij,jk,lk->il", x, y, y),
                tf.einsum("...ii->...", b)]

    return Built(build, [values(draw, (n, m)), values(draw, (m, k)), values(draw, (m, m)),
                         values(draw, (2, 1, m, m))])


@case("DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
      "DepthwiseConv2dNativeBackpropFilter")
def _depthwise(draw: Draw) -> Built:
    c, m = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    padding = draw(st.sampled_from(["SAME", "VALID"]))
    stride = draw(st.integers(1, 2))
    attrs = {"strides": [1, stride, stride, 1], "padding": padding}
    size = {("SAME", 1): 4, ("SAME", 2): 2, ("VALID", 1): 3, ("VALID", 2): 2}[padding, stride]
    out = [1, size, size, c * m]  # a 4x4 input under a 2x2 filter

    def build(x: Any, f: Any, g: Any) -> Any:
        return [tf.nn.depthwise_conv2d_native(x, f, **attrs),
                raw.DepthwiseConv2dNativeBackpropInput(input_sizes=[1, 4, 4, c], filter=f,
                                                       out_backprop=g, **attrs),
                raw.DepthwiseConv2dNativeBackpropFilter(input=x, filter_sizes=[2, 2, c, m],
                                                        out_backprop=g, **attrs)]

    return Built(build, [values(draw, (1, 4, 4, c)), values(draw, (2, 2, c, m)),
                         values(draw, tuple(out))])


@case("DynamicPartition", "ParallelDynamicStitch")
def _partitions(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    r = rng(draw)
    parts = r.integers(0, 3, size=dims[0]).astype(np.int32)
    order = r.permutation(dims[0]).astype(np.int32)

    def build(x: Any) -> Any:
        pieces = tf.dynamic_partition(x, parts, 3)
        stitched = raw.ParallelDynamicStitch(indices=[tf.constant(order)], data=[x * 1.5])
        return [*pieces, stitched]

    return Built(build, [values(draw, dims)])


@case("GatherNd", "ScatterNd")
def _nd(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    r = rng(draw)
    depth = draw(st.integers(1, len(dims)))
    count = draw(st.integers(1, 4))
    index = np.stack([r.integers(0, d, size=count) for d in dims[:depth]], -1).astype(np.int32)

    def build(x: Any) -> Any:
        gathered = tf.gather_nd(x, index)
        # x * 0.5 too: one-element index tuples into rows give IndexedSlices, made dense in
        # the sum with a dense gradient
        return [gathered, tf.scatter_nd(index, gathered * 2.0, list(dims)), x * 0.5]

    return Built(build, [values(draw, dims)])


@case("SpaceToBatchND", "BatchToSpaceND", "SpaceToDepth", "DepthToSpace")
def _space_moves(draw: Draw) -> Built:
    c = draw(st.integers(1, 2))
    b1, b2 = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    pads = [[draw(st.integers(0, 1)), 0], [0, 0]]
    pads[0][1] = (-(h + pads[0][0])) % b1  # the padded height a multiple of b1
    pads[1][1] = (-w) % b2
    blocks = [b1, b2]

    def build(x: Any, y: Any, z: Any, d: Any) -> Any:
        return [tf.space_to_batch_nd(x, blocks, pads), tf.batch_to_space_nd(y, blocks, pads),
                tf.space_to_depth(z, 2), tf.depth_to_space(d, 2)]

    hp, wp = h + sum(pads[0]), w + sum(pads[1])
    return Built(build, [values(draw, (2, h, w, c)),
                         values(draw, (2 * b1 * b2, hp // b1, wp // b2, c)),
                         values(draw, (1, 4, 2, c)), values(draw, (1, 2, 1, 4 * c))])


@case("LRN")
def _lrn(draw: Draw) -> Built:
    radius = draw(st.integers(0, 3))

    def build(x: Any) -> Any:
        f32 = tf.cast(x, tf.float32)  # TF's LRN takes float32 at most
        return tf.cast(tf.nn.lrn(f32, radius, bias=1.5, alpha=0.5, beta=0.75), tf.float64)

    return Built(build, [values(draw, (1, 2, 1, draw(st.integers(1, 5))))], h=1e-2,
                 rtol=2e-2, atol=2e-3)
