"""SpaceToBatchND / BatchToSpaceND and SpaceToDepth / DepthToSpace: TF's shape functions
(with the values of ``block_shape``, ``paddings`` and ``crops`` where they are constant),
their kernels' run-time checks, their gradients (each the other), and the composites built
on them: ``space_to_batch``, ``batch_to_space``, ``required_space_to_batch_paddings``,
``with_space_to_batch``, ``depthwise_conv2d`` and ``separable_conv2d`` at a rate above 1."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("space_to_batch")


def _v(*shape: int, dtype: str = "float32") -> np.ndarray:
    n = int(np.prod(shape))
    return (np.arange(n) % 7 - 3).reshape(shape).astype(dtype)


def _r(*shape: int, seed: int = 0) -> np.ndarray:
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype("float32")


def _grads(tf: Any, y: Any, xs: list[Any]) -> list[Any]:
    w = tf.constant(_r(*y.shape.as_list(), seed=5)) if y.shape.is_fully_defined() else 1.0
    return [g for g in tf.gradients(tf.reduce_sum(y * w), xs)]


# --- SpaceToBatchND -------------------------------------------------------------------

@cases.case("space_to_batch_nd of constants, with gradients")
def _(tf: Any) -> Any:
    x = tf.constant(_v(2, 4, 6, 3))
    y = tf.space_to_batch_nd(x, [2, 3], [[0, 0], [0, 0]])
    return [y, *_grads(tf, y, [x])]


@cases.case("space_to_batch_nd with paddings, with gradients")
def _(tf: Any) -> Any:
    x = tf.constant(_v(2, 4, 6, 3))
    y = tf.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]], name="s2b")
    return [y, *_grads(tf, y, [x])]


@cases.case("space_to_batch_nd over one of two spatial dims, int64 block_shape")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(1, 4, 3, 2, dtype="int32"), np.array([2], np.int64),
                                [[1, 1]])


@cases.case("space_to_batch_nd of a rank 2 input")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(1, 4, dtype="int32"), [2], [[0, 0]])


@cases.case("space_to_batch_nd with no block dims")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 3), np.zeros([0], np.int32), np.zeros([0, 2], np.int32))


@cases.case("space_to_batch_nd of an empty batch")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(0, 4, 6, 3), [2, 3], [[0, 0], [0, 0]])


@cases.case("space_to_batch_nd with unknown dims")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 4, None, 3])
    y = tf.space_to_batch_nd(p, [2, 2], [[0, 0], [1, 1]])
    return Fetch([y, *_grads(tf, y, [p])], feed={p: _v(3, 4, 4, 3)}, probe=str(y))


@cases.case("space_to_batch_nd with a fed block_shape")
def _(tf: Any) -> Any:
    b = tf.placeholder(tf.int32, [2])
    y = tf.space_to_batch_nd(_v(2, 4, 6, 3), b, [[0, 0], [0, 0]])
    return Fetch(y, feed={b: [2, 3]}, probe=str(y))


@cases.case("space_to_batch_nd with fed paddings")
def _(tf: Any) -> Any:
    q = tf.placeholder(tf.int32, [2, 2])
    y = tf.space_to_batch_nd(_v(2, 4, 6, 3), [2, 2], q)
    return Fetch(y, feed={q: [[0, 2], [1, 1]]}, probe=str(y))


@cases.case("space_to_batch_nd of an unknown rank")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32)
    y = tf.space_to_batch_nd(p, [2, 2], [[0, 0], [0, 0]])
    return Fetch(y, feed={p: _v(1, 2, 2, 1)}, probe=str(y))


@cases.case("space_to_batch_nd whose padded size does not divide")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 4, 6, 3), [3, 2], [[0, 0], [0, 0]])


@cases.case("space_to_batch_nd whose padded size does not divide, padded")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 1, 1, 3), [2, 2], [[3, 1], [0, 1]])


@cases.case("space_to_batch_nd with negative paddings")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 4, 6, 3), [2, 2], [[-1, 1], [0, 0]])


@cases.case("space_to_batch_nd with a zero block")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 4, 6, 3), [0, 2], [[0, 0], [0, 0]])


@cases.case("space_to_batch_nd of too low a rank")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 3), [2, 2], [[0, 0], [0, 0]])


@cases.case("space_to_batch_nd with paddings of the wrong shape")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 4, 6, 3), [2, 2], [[0, 0, 0], [0, 0, 0]])


@cases.case("space_to_batch_nd with a matrix block_shape")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 4, 6, 3), [[2, 2]], [[0, 0], [0, 0]])


@cases.case("space_to_batch_nd with a block_shape of unknown size")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 4, 6, 3), tf.placeholder(tf.int32, [None]),
                                [[0, 0], [0, 0]])


@cases.case("space_to_batch_nd with a float block_shape")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(_v(2, 4, 6, 3), [2.0, 3.0], [[0, 0], [0, 0]])


@cases.case("space_to_batch_nd fed a size that does not divide")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    return Fetch(tf.space_to_batch_nd(p, [3, 2], [[0, 0], [0, 0]]), feed={p: _v(2, 4, 6, 3)})


@cases.case("space_to_batch_nd fed negative paddings")
def _(tf: Any) -> Any:
    q = tf.placeholder(tf.int32, [2, 2])
    return Fetch(tf.space_to_batch_nd(_v(2, 4, 6, 3), [2, 2], q), feed={q: [[-1, 1], [0, 0]]})


@cases.case("space_to_batch_nd fed a zero block")
def _(tf: Any) -> Any:
    b = tf.placeholder(tf.int32, [2])
    return Fetch(tf.space_to_batch_nd(_v(2, 4, 6, 3), b, [[0, 0], [0, 0]]), feed={b: [0, 2]})


@cases.case("space_to_batch_nd fed an input of too low a rank")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32)
    return Fetch(tf.space_to_batch_nd(p, [2, 3], [[0, 0], [0, 0]]), feed={p: _v(12, 2)})


@cases.case("space_to_batch_nd fed paddings of the wrong shape")
def _(tf: Any) -> Any:
    q = tf.placeholder(tf.int32)
    return Fetch(tf.space_to_batch_nd(_v(2, 4, 6, 3), [2, 3], q),
                 feed={q: [[0, 0, 0], [0, 0, 0]]})


@cases.case("space_to_batch_nd of strings has no CPU kernel")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(tf.constant([["a", "b"], ["c", "d"]]), [2], [[0, 0]])


@cases.case("space_to_batch_nd of bools has no CPU kernel")
def _(tf: Any) -> Any:
    return tf.space_to_batch_nd(tf.constant([[True, False]]), [2], [[0, 0]])


# --- BatchToSpaceND -------------------------------------------------------------------

@cases.case("batch_to_space_nd with crops, with gradients")
def _(tf: Any) -> Any:
    x = tf.constant(_v(12, 2, 2, 3))
    y = tf.batch_to_space_nd(x, [2, 3], [[0, 0], [1, 1]])
    return [y, *_grads(tf, y, [x])]


@cases.case("batch_to_space_nd undoes space_to_batch_nd")
def _(tf: Any) -> Any:
    x = tf.constant(_v(2, 5, 4, 2, dtype="float64"))
    s = tf.space_to_batch_nd(x, [2, 2], [[1, 0], [0, 2]])
    return [s, tf.batch_to_space_nd(s, [2, 2], [[1, 0], [0, 2]])]


@cases.case("batch_to_space_nd with unknown dims")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 2, None, 3])
    y = tf.batch_to_space_nd(p, [2, 3], [[0, 0], [1, 1]])
    return Fetch([y, *_grads(tf, y, [p])], feed={p: _v(6, 2, 1, 3)}, probe=str(y))


@cases.case("batch_to_space_nd whose batch does not divide")
def _(tf: Any) -> Any:
    return tf.batch_to_space_nd(_v(10, 2, 2, 3), [2, 3], [[0, 0], [0, 0]])


@cases.case("batch_to_space_nd cropping more than there is")
def _(tf: Any) -> Any:
    return tf.batch_to_space_nd(_v(12, 2, 2, 3), [2, 3], [[2, 3], [0, 0]])


@cases.case("batch_to_space_nd with negative crops")
def _(tf: Any) -> Any:
    return tf.batch_to_space_nd(_v(12, 2, 2, 3), [2, 3], [[-1, 0], [0, 0]])


@cases.case("batch_to_space_nd with a zero block")
def _(tf: Any) -> Any:
    return tf.batch_to_space_nd(_v(12, 2, 2, 3), [0, 3], [[0, 0], [0, 0]])


@cases.case("batch_to_space_nd fed a batch that does not divide")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 2, 2, 3])
    return Fetch(tf.batch_to_space_nd(p, [2, 3], [[0, 0], [0, 0]]), feed={p: _v(10, 2, 2, 3)})


@cases.case("batch_to_space_nd fed crops larger than the size")
def _(tf: Any) -> Any:
    q = tf.placeholder(tf.int32, [2, 2])
    return Fetch(tf.batch_to_space_nd(_v(12, 2, 2, 3), [2, 3], q), feed={q: [[2, 3], [0, 0]]})


@cases.case("batch_to_space_nd fed negative crops")
def _(tf: Any) -> Any:
    q = tf.placeholder(tf.int32, [2, 2])
    return Fetch(tf.batch_to_space_nd(_v(12, 2, 2, 3), [2, 3], q), feed={q: [[-1, 0], [0, 0]]})


@cases.case("batch_to_space_nd fed a zero block")
def _(tf: Any) -> Any:
    b = tf.placeholder(tf.int32, [2])
    return Fetch(tf.batch_to_space_nd(_v(12, 2, 2, 3), b, [[0, 0], [0, 0]]), feed={b: [0, 3]})


@cases.case("batch_to_space_nd fed negative blocks")
def _(tf: Any) -> Any:
    b = tf.placeholder(tf.int32, [2])
    return Fetch(tf.batch_to_space_nd(_v(12, 2, 2, 3), b, [[0, 0], [0, 0]]),
                 feed={b: [-2, -6]})


@cases.case("batch_to_space_nd fed crops of the wrong shape")
def _(tf: Any) -> Any:
    q = tf.placeholder(tf.int32)
    return Fetch(tf.batch_to_space_nd(_v(12, 2, 2, 3), [2, 3], q),
                 feed={q: [[0, 0, 0], [0, 0, 0]]})


@cases.case("batch_to_space_nd fed an input of too low a rank")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32)
    return Fetch(tf.batch_to_space_nd(p, [2, 3], [[0, 0], [0, 0]]), feed={p: _v(12, 2)})


@cases.case("batch_to_space_nd of strings has no CPU kernel")
def _(tf: Any) -> Any:
    return tf.batch_to_space_nd(tf.constant([["a", "b"], ["c", "d"]]), [2], [[0, 0]])


# --- the v1 functions of a square block ------------------------------------------------

@cases.case("space_to_batch of a square block")
def _(tf: Any) -> Any:
    return tf.space_to_batch(_v(2, 4, 6, 3), [[0, 0], [0, 2]], 2)


@cases.case("space_to_batch of a rank 3 input")
def _(tf: Any) -> Any:
    return tf.space_to_batch(_v(2, 4, 6), [[0, 0], [0, 0]], 2)


@cases.case("batch_to_space of a square block")
def _(tf: Any) -> Any:
    return tf.batch_to_space(_v(8, 2, 2, 3), [[0, 0], [0, 1]], 2)


@cases.case("batch_to_space of a rank 5 input")
def _(tf: Any) -> Any:
    return tf.batch_to_space(_v(8, 2, 2, 3, 1), [[0, 0], [0, 0]], 2)


@cases.case("required_space_to_batch_paddings of constants")
def _(tf: Any) -> Any:
    return list(tf.required_space_to_batch_paddings([5, 7], [2, 3], [[1, 0], [2, 2]]))


@cases.case("required_space_to_batch_paddings of a fed shape")
def _(tf: Any) -> Any:
    s = tf.placeholder(tf.int32, [2])
    out = list(tf.required_space_to_batch_paddings(s, [2, 3]))
    return Fetch(out, feed={s: [5, 7]})


# --- SpaceToDepth / DepthToSpace ------------------------------------------------------

@cases.case("space_to_depth, with gradients")
def _(tf: Any) -> Any:
    x = tf.constant(_v(2, 4, 6, 3))
    y = tf.space_to_depth(x, 2)
    return [y, *_grads(tf, y, [x])]


@cases.case("depth_to_space, with gradients")
def _(tf: Any) -> Any:
    x = tf.constant(_v(2, 2, 3, 8))
    y = tf.depth_to_space(x, 2, name="d2s")
    return [y, *_grads(tf, y, [x])]


@cases.case("space_to_depth of ints and strings")
def _(tf: Any) -> Any:
    return [tf.space_to_depth(_v(1, 2, 2, 1, dtype="int32"), 2),
            tf.space_to_depth(tf.constant(np.array([[[["a", "b"], ["c", "d"]]] * 2])), 2)]


@cases.case("space_to_depth with unknown dims")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, 4, None, 3])
    return Fetch(tf.nn.space_to_depth(p, 2), feed={p: _v(1, 4, 2, 3)}, probe=str(p))


@cases.case("space_to_depth whose block does not divide")
def _(tf: Any) -> Any:
    return tf.space_to_depth(_v(2, 4, 6, 3), 3)


@cases.case("space_to_depth fed a size that does not divide")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    return Fetch(tf.space_to_depth(p, 3), feed={p: _v(2, 4, 6, 3)})


@cases.case("space_to_depth of a block of 1")
def _(tf: Any) -> Any:
    return tf.space_to_depth(_v(2, 4, 6, 3), 1)


@cases.case("space_to_depth of a rank 3 input")
def _(tf: Any) -> Any:
    return tf.space_to_depth(_v(2, 4, 6), 2)


@cases.case("space_to_depth in NCHW")
def _(tf: Any) -> Any:
    return tf.space_to_depth(_v(2, 3, 4, 6), 2, data_format="NCHW")


@cases.case("space_to_depth in an unknown data format")
def _(tf: Any) -> Any:
    return tf.space_to_depth(_v(2, 4, 6, 3), 2, data_format="NWHC")


@cases.case("depth_to_space whose depth does not divide")
def _(tf: Any) -> Any:
    return tf.depth_to_space(_v(2, 2, 3, 6), 2)


@cases.case("depth_to_space fed a depth that does not divide")
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, None, None, None])
    return Fetch(tf.nn.depth_to_space(p, 2), feed={p: _v(2, 4, 6, 6)})


@cases.case("depth_to_space in NCHW")
def _(tf: Any) -> Any:
    return tf.depth_to_space(_v(2, 8, 4, 6), 2, data_format="NCHW")


# --- convolutions at a rate above 1 ---------------------------------------------------

@cases.case("depthwise_conv2d at rate 2, SAME, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 9, 9, 3))
    f = tf.constant(_r(3, 3, 3, 2, seed=1))
    y = tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", rate=[2, 2])
    return [y, *_grads(tf, y, [x, f])]


@cases.case("depthwise_conv2d at rates 2 and 3, VALID, unknown dims", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [None, None, 9, 3])
    y = tf.nn.depthwise_conv2d(p, _r(3, 3, 3, 2, seed=1), [1, 1, 1, 1], "VALID", rate=[2, 3])
    return Fetch([y, *_grads(tf, y, [p])], feed={p: _r(2, 10, 9, 3)}, probe=str(y))


@cases.case("depthwise_conv2d at rate 2, SAME, unknown dims, dilations=", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [1, None, None, 2])
    y = tf.nn.depthwise_conv2d(p, _r(2, 3, 2, 1, seed=1), [1, 1, 1, 1], "SAME",
                               dilations=[2, 2], name="dw")
    return Fetch(y, feed={p: _r(1, 5, 6, 2)}, probe=str(y))


@cases.case("depthwise_conv2d at rate 2 of an unknown filter shape", rtol=1e-5)
def _(tf: Any) -> Any:
    p = tf.placeholder(tf.float32, [1, 6, 6, 2])
    f = tf.placeholder(tf.float32, [None, None, 2, 1])
    y = tf.nn.depthwise_conv2d(p, f, [1, 1, 1, 1], "SAME", rate=[2, 2])
    return Fetch(y, feed={p: _r(1, 6, 6, 2), f: _r(3, 2, 2, 1, seed=1)}, probe=str(y))


@cases.case("depthwise_conv2d at a rate of 0")
def _(tf: Any) -> Any:
    return tf.nn.depthwise_conv2d(_r(1, 6, 6, 2), _r(3, 3, 2, 1), [1, 1, 1, 1], "SAME",
                                  rate=[0, 1])


@cases.case("separable_conv2d, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 9, 9, 3))
    d = tf.constant(_r(3, 3, 3, 2, seed=1))
    p = tf.constant(_r(1, 1, 6, 5, seed=2))
    y = tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], "VALID")
    return [y, *_grads(tf, y, [x, d, p])]


@cases.case("separable_conv2d at rate 2, SAME, with gradients", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.constant(_r(2, 9, 9, 3))
    d = tf.constant(_r(3, 3, 3, 2, seed=1))
    p = tf.constant(_r(1, 1, 6, 5, seed=2))
    y = tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], "SAME", rate=[2, 2], name="sep")
    return [y, *_grads(tf, y, [x, d, p])]


@cases.case("separable_conv2d strided, unknown batch", rtol=1e-5)
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 8, 8, 2])
    y = tf.nn.separable_conv2d(x, _r(3, 3, 2, 2, seed=1), _r(1, 1, 4, 3, seed=2),
                               [1, 2, 2, 1], "SAME")
    return Fetch(y, feed={x: _r(3, 8, 8, 2)}, probe=str(y))


@cases.case("separable_conv2d with a pointwise filter that is not 1x1")
def _(tf: Any) -> Any:
    return tf.nn.separable_conv2d(_r(1, 6, 6, 2), _r(3, 3, 2, 1), _r(2, 1, 2, 3),
                                  [1, 1, 1, 1], "SAME")


@cases.case("with_space_to_batch around max_pool")
def _(tf: Any) -> Any:
    def op(inp: Any, num_spatial_dims: int, padding: str) -> Any:
        return tf.nn.max_pool(inp, [1, 2, 2, 1], [1, 1, 1, 1], padding)

    return tf.nn.with_space_to_batch(tf.constant(_v(2, 9, 9, 3)), [2, 2], "SAME", op,
                                     filter_shape=[2, 2])


@cases.case("with_space_to_batch over the second spatial dim only")
def _(tf: Any) -> Any:
    def op(inp: Any, num_spatial_dims: int, padding: str) -> Any:
        return tf.nn.avg_pool(inp, [1, 1, 2, 1], [1, 1, 1, 1], padding)

    return tf.nn.with_space_to_batch(tf.constant(_v(2, 5, 7, 3)), [3], "VALID", op,
                                     spatial_dims=[2])


@cases.case("space_to_batch with both block_size and block_shape")
def _(tf: Any) -> Any:
    return tf.space_to_batch(_v(1, 4, 4, 1), [[0, 0], [0, 0]], block_size=2, block_shape=2)


@cases.case("depthwise_conv2d with both rate and dilations")
def _(tf: Any) -> Any:
    return tf.nn.depthwise_conv2d(_r(1, 6, 6, 2), _r(3, 3, 2, 1), [1, 1, 1, 1], "SAME",
                                  rate=[2, 2], dilations=[2, 2])


@cases.case("separable_conv2d with both rate and dilations")
def _(tf: Any) -> Any:
    return tf.nn.separable_conv2d(_r(1, 6, 6, 2), _r(3, 3, 2, 1), _r(1, 1, 2, 2),
                                  [1, 1, 1, 1], "SAME", rate=[2, 2], dilations=[2, 2])
