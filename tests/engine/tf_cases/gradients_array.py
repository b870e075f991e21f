"""``tf.gradients`` through the array, convolution and pooling ops: the subgraph's ops (names
and types) and the gradients' values."""

from __future__ import annotations

from typing import Any

import numpy as np

from .gradients import grads
from .harness import Cases

cases = Cases("gradients_array")
R = np.random.default_rng(11)
A23 = R.standard_normal((2, 3)).astype(np.float32)
A234 = R.standard_normal((2, 3, 4)).astype(np.float32)
IMG = R.standard_normal((2, 6, 6, 3)).astype(np.float32)
FILT = R.standard_normal((3, 3, 3, 4)).astype(np.float32)
W46 = R.standard_normal((4, 6)).astype(np.float32)
W26 = R.standard_normal((2, 6)).astype(np.float32)


@cases.case("tile and broadcast_to", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    w = tf.constant(W46)
    v = tf.constant(A23[:1])
    return grads([tf.tile(x, [2, 2]) * w, tf.broadcast_to(v, [4, 3])], [x, v], tf)


@cases.case("concat, stack and their pieces", rtol=1e-6)
def _(tf: Any) -> Any:
    x, y = tf.constant(A23), tf.constant(A23 * 2)
    w = tf.constant(W26)
    return grads([tf.concat([x, y], 1) * w, tf.stack([x, y], axis=1) * 3.0], [x, y], tf)


@cases.case("concat of a batch of unknown size uses ShapeN")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.constant(A23)
    return grads(tf.concat([x, y], 0) * 2.0, [x, y], tf, {x: A23})


@cases.case("slice and strided slice", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A234)
    return grads([tf.slice(x, [0, 1, 1], [2, 2, 2]) * 2.0, x[:, 1], x[1, ::2, 1:]], x, tf)


@cases.case("conv2d, max_pool and avg_pool", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = tf.constant(IMG), tf.constant(FILT)
    y = tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="SAME")
    p = tf.nn.max_pool(y, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID")
    q = tf.nn.avg_pool(y, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME")
    return grads([tf.reduce_sum(p * p), tf.reduce_sum(q * 2.0)], [x, f], tf)


@cases.case("strided valid conv2d", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = tf.constant(IMG), tf.constant(FILT)
    y = tf.nn.conv2d(x, f, strides=[1, 2, 2, 1], padding="VALID")
    return grads(tf.reduce_sum(y * y), [x, f], tf)


@cases.case("the backprop ops keep a NaN gradient where they mask (ReluGrad) or not (EluGrad)")
def _(tf: Any) -> Any:
    g = tf.constant([float("nan"), float("inf"), 1.0, 2.0])
    x = tf.constant([-1.0, -1.0, 0.0, 7.0])
    raw = tf.raw_ops
    return [raw.ReluGrad(gradients=g, features=x), raw.Relu6Grad(gradients=g, features=x),
            raw.EluGrad(gradients=g, outputs=x - 1.0),
            raw.LeakyReluGrad(gradients=g, features=x, alpha=0.5)]


@cases.case("the backprop ops of the unary functions", rtol=2e-6)
def _(tf: Any) -> Any:
    y = tf.constant([0.25, 0.5, 2.0])
    dy = tf.constant([1.0, -2.0, 0.5])
    raw = tf.raw_ops
    return [raw.TanhGrad(y=y, dy=dy), raw.SigmoidGrad(y=y, dy=dy), raw.SqrtGrad(y=y, dy=dy),
            raw.RsqrtGrad(y=y, dy=dy), raw.ReciprocalGrad(y=y, dy=dy),
            raw.BiasAddGrad(out_backprop=tf.reshape(tf.range(6.0), [2, 3])),
            raw.InvertPermutation(x=[2, 0, 1]),
            *_outputs(raw.BroadcastGradientArgs(s0=[2, 1, 3], s1=[3]))]


def _outputs(result: Any) -> list[Any]:
    """A raw op's outputs: TF's raw ops return a tuple, the engine's their first tensor."""
    return list(result) if isinstance(result, (list, tuple)) else list(result.op.outputs)


@cases.case("gather along axis 1 is TF's dense gradient")
def _(tf: Any) -> Any:
    params = tf.constant(A234)
    return grads(tf.gather(params, [2, 0, 2], axis=1) * 2.0, params, tf)


@cases.case("gather along the last axis of a batch of unknown size")
def _(tf: Any) -> Any:
    params = tf.placeholder(tf.float32, [None, 3, 4])
    return grads(tf.gather(params, [3, 1], axis=-1), params, tf, {params: A234})


@cases.case("unstack: each piece's gradient stacked back, unused pieces as zeros", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A234)
    a, b, c = tf.unstack(x, axis=1)
    return grads([a * 2.0, c * tf.constant(A23[:, :1] + W46[:2, :4])], x, tf)


@cases.case("reverse: the gradient reversed along the same axes", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A234)
    return grads(tf.reverse(x, [0, 2]) * tf.constant(A234 * 3.0), x, tf)


@cases.case("clip_by_value: gradient only where t is inside the bounds", rtol=1e-6)
def _(tf: Any) -> Any:
    x = tf.constant(A23)
    return grads(tf.clip_by_value(x, -0.5, 0.5) * 3.0, x, tf)


@cases.case("reduce_logsumexp: softmax-weighted, no gradient through the max", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(A234)
    return grads([tf.reduce_logsumexp(x, axis=2), tf.reduce_logsumexp(x, keepdims=True)], x, tf)
