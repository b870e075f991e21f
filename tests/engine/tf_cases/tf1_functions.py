"""The TF1 functions models call between their layers: ``nn.dropout``, ``split``, ``pad``,
``cumsum``/``cumprod``, ``is_nan``/``is_inf``, ``nn.l2_normalize``, ``nn.embedding_lookup``,
``sequence_mask`` and ``top_k``: the ops and names they build, shapes, dtypes, values,
errors and gradients. Dropout's mask is random: its cases compare what does not depend on
the bit stream (ops, seeds, shapes, the values at rate 0 or where every element is kept)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("tf1_functions")


def _x(tf: Any) -> Any:
    return tf.constant(np.arange(12.0, dtype=np.float32).reshape(2, 6) - 4.0, name="x")


def _seeds(tf: Any) -> list[Any]:
    return [[op.name, op.get_attr("seed"), op.get_attr("seed2")]
            for op in tf.get_default_graph().get_operations() if op.type == "RandomUniform"]


# --- dropout ------------------------------------------------------------------------------
@cases.case("dropout with a rate: Mul by 1/(1-rate), a uniform mask, SelectV2")
def _(tf: Any) -> Any:
    y = tf.nn.dropout(tf.placeholder(tf.float32, [2, 6], name="x"), rate=0.3, seed=3)
    return Fetch(None, probe=[y.name, y.shape.as_list(), _seeds(tf)])


@cases.case("dropout with keep_prob builds the same ops")
def _(tf: Any) -> Any:
    y = tf.nn.dropout(tf.placeholder(tf.float32, [None, 6], name="x"), keep_prob=0.5)
    return Fetch(None, probe=[y.name, y.shape.as_list(), _seeds(tf)])


@cases.case("dropout with a noise_shape draws one mask per row")
def _(tf: Any) -> Any:
    y = tf.nn.dropout(_x(tf), rate=0.5, noise_shape=[2, 1])
    return Fetch(None, probe=[y.name, y.shape.as_list()])


@cases.case("dropout with noise_shape's unknown dims taken from x")
def _(tf: Any) -> Any:
    y = tf.nn.dropout(_x(tf), rate=0.5, noise_shape=[None, 1], name="drop")
    return Fetch(None, probe=[y.name, y.shape.as_list()])


@cases.case("dropout at rate 0 is x itself")
def _(tf: Any) -> Any:
    return tf.nn.dropout(_x(tf), rate=0.0)


@cases.case("dropout with a keep_prob tensor of 1 keeps every element")
def _(tf: Any) -> Any:
    keep = tf.placeholder_with_default(1.0, [], name="keep")
    return tf.nn.dropout(_x(tf), keep_prob=keep)


@cases.case("dropout with a graph seed numbers its mask")
def _(tf: Any) -> Any:
    tf.set_random_seed(5)
    tf.nn.dropout(_x(tf), rate=0.5)
    tf.nn.dropout(_x(tf), rate=0.5, seed=9)
    return Fetch(None, probe=_seeds(tf))


@cases.case("dropout refuses a rate of 1")
def _(tf: Any) -> Any:
    return tf.nn.dropout(_x(tf), rate=1.0)


@cases.case("dropout refuses keep_prob and rate together")
def _(tf: Any) -> Any:
    return tf.nn.dropout(_x(tf), keep_prob=0.5, rate=0.5)


@cases.case("dropout refuses no rate at all")
def _(tf: Any) -> Any:
    return tf.nn.dropout(_x(tf))


@cases.case("dropout refuses an integer x")
def _(tf: Any) -> Any:
    return tf.nn.dropout(tf.constant([1, 2]), rate=0.5)


@cases.case("the gradient of dropout with every element kept is the scale")
def _(tf: Any) -> Any:
    x = _x(tf)
    keep = tf.placeholder_with_default(1.0, [], name="keep")
    y = tf.nn.dropout(x, keep_prob=keep)
    return tf.gradients(tf.reduce_sum(y * 2.0), x)


# --- split --------------------------------------------------------------------------------
@cases.case("split into equal pieces is Split")
def _(tf: Any) -> Any:
    return tf.split(_x(tf), 3, axis=1)


@cases.case("split by sizes with a -1 is SplitV")
def _(tf: Any) -> Any:
    return tf.split(_x(tf), [1, -1, 2], axis=1)


@cases.case("split by a sizes tensor, along a negative axis")
def _(tf: Any) -> Any:
    return tf.split(_x(tf), tf.constant([1, 5]), axis=-1, name="parts")


@cases.case("split of an unknown dim gives unknown pieces")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    parts = tf.split(x, 2)
    return Fetch(None, probe=[[p.name, p.shape.as_list()] for p in parts])


@cases.case("split refuses a count that does not divide the dim")
def _(tf: Any) -> Any:
    return tf.split(_x(tf), 4, axis=1)


@cases.case("split refuses a scalar sizes tensor")
def _(tf: Any) -> Any:
    return tf.split(_x(tf), tf.constant(2), axis=1)


@cases.case("split needs num when the sizes' length is unknown")
def _(tf: Any) -> Any:
    return tf.split(_x(tf), tf.placeholder(tf.int32, [None], name="sizes"), axis=1)


@cases.case("split with num for sizes of unknown length")
def _(tf: Any) -> Any:
    sizes = tf.placeholder_with_default([2, 4], [None], name="sizes")
    return tf.split(_x(tf), sizes, axis=1, num=2)


@cases.case("the gradient of split concatenates the pieces' gradients")
def _(tf: Any) -> Any:
    x = _x(tf)
    a, b, c = tf.split(x, [1, 3, 2], axis=1)
    return tf.gradients(tf.reduce_sum(a * 1.0) + tf.reduce_sum(c * 3.0), x)


# --- pad ----------------------------------------------------------------------------------
@cases.case("pad with zeros is Pad")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[1, 1], [0, 2]])


@cases.case("pad with another constant is PadV2")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[1, 0], [2, 1]], constant_values=-7.5)


@cases.case("pad of an integer tensor with a constant")
def _(tf: Any) -> Any:
    return tf.pad(tf.constant([1, 2]), [[1, 1]], constant_values=7)


@cases.case("pad in REFLECT mode is MirrorPad")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[1, 1], [2, 3]], mode="reflect")


@cases.case("pad in SYMMETRIC mode is MirrorPad")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[2, 0], [0, 3]], mode="SYMMETRIC", name="mirror")


@cases.case("pad of unknown dims keeps them unknown")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    p = tf.placeholder(tf.int32, [2, 2], name="p")
    return Fetch(None, probe=[tf.pad(x, [[2, 0], [0, 3]], mode="reflect").shape.as_list(),
                              tf.pad(x, p).shape.as_list()])


@cases.case("pad refuses a mode it does not know")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[1, 1], [0, 0]], mode="edge")


@cases.case("pad refuses paddings of the wrong rank")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[1, 1]])


@cases.case("pad refuses paddings of three columns")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[1, 1, 1], [1, 1, 1]])


@cases.case("pad refuses negative paddings")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[-1, 1], [0, 0]])


@cases.case("pad refuses a constant of another dtype")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[1, 1], [0, 0]], constant_values=tf.constant(7))


@cases.case("REFLECT refuses a padding as large as the dim, at run time")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[2, 0], [0, 0]], mode="REFLECT")


@cases.case("SYMMETRIC refuses a padding larger than the dim, at run time")
def _(tf: Any) -> Any:
    return tf.pad(_x(tf), [[3, 0], [0, 0]], mode="SYMMETRIC")


@cases.case("the gradient of pad is the slice the input was")
def _(tf: Any) -> Any:
    x = _x(tf)
    y = tf.pad(x, [[1, 0], [2, 1]], constant_values=3.0)
    return tf.gradients(tf.reduce_sum(y * y), x)


@cases.case("the gradient of a REFLECT pad folds the mirrored parts back")
def _(tf: Any) -> Any:
    x = _x(tf)
    y = tf.pad(x, [[1, 1], [2, 3]], mode="REFLECT")
    w = tf.constant(np.arange(40.0, dtype=np.float32).reshape(4, 10))
    return tf.gradients(tf.reduce_sum(y * w), x)


@cases.case("the gradient of a SYMMETRIC pad folds the mirrored parts back")
def _(tf: Any) -> Any:
    x = _x(tf)
    y = tf.pad(x, [[2, 1], [3, 6]], mode="SYMMETRIC")
    w = tf.constant(np.arange(75.0, dtype=np.float32).reshape(5, 15))
    return tf.gradients(tf.reduce_sum(y * w), x)


# --- cumsum, cumprod ----------------------------------------------------------------------
@cases.case("cumsum along an axis")
def _(tf: Any) -> Any:
    return tf.cumsum(_x(tf), axis=1)


@cases.case("cumsum exclusive and reversed")
def _(tf: Any) -> Any:
    return tf.cumsum(_x(tf), axis=1, exclusive=True, reverse=True)


@cases.case("cumsum of a list converts it in the op's scope")
def _(tf: Any) -> Any:
    return tf.cumsum([1, 2, 3], name="running")


@cases.case("cumprod, exclusive, along axis 0")
def _(tf: Any) -> Any:
    return [tf.cumprod(_x(tf)), tf.math.cumprod(_x(tf), exclusive=True),
            tf.math.cumsum(_x(tf), reverse=True)]


@cases.case("cumsum refuses an axis beyond the rank, at run time")
def _(tf: Any) -> Any:
    return tf.cumsum(_x(tf), axis=2)


@cases.case("the gradient of cumsum and cumprod")
def _(tf: Any) -> Any:
    x = tf.constant([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]], name="x")
    return tf.gradients(tf.reduce_sum(tf.cumsum(x, 1, exclusive=True) * tf.cumprod(x, 1)), x)


# --- is_nan, is_inf, is_finite ------------------------------------------------------------
@cases.case("is_nan, is_inf and is_finite")
def _(tf: Any) -> Any:
    x = tf.constant([1.0, np.nan, np.inf, -np.inf, 0.0], name="x")
    return [tf.is_nan(x), tf.is_inf(x), tf.is_finite(x), tf.math.is_nan(x, name="nan"),
            tf.math.is_inf(tf.cast(x, tf.float16))]


@cases.case("is_nan refuses an integer tensor")
def _(tf: Any) -> Any:
    return tf.is_nan(tf.constant([1, 2]))


# --- top_k --------------------------------------------------------------------------------
def _scores(tf: Any) -> Any:
    return tf.constant([[3.0, 1.0, 2.0, 3.0], [0.0, 5.0, 5.0, -1.0]], name="scores")


@cases.case("top_k: the largest values first, ties by the lower index")
def _(tf: Any) -> Any:
    top = tf.nn.top_k(_scores(tf), k=2)
    return [top.values, top.indices]


@cases.case("math.top_k of integers with int64 indices")
def _(tf: Any) -> Any:
    values, indices = tf.math.top_k(tf.constant([3, 1, 2, 9, -4]), 3, index_type=tf.int64)
    return [values, indices]


@cases.case("top_k unsorted builds the same op")
def _(tf: Any) -> Any:
    top = tf.math.top_k(_scores(tf), k=2, sorted=False, name="best")
    return Fetch(None, probe=[top.values.name, top.indices.name, top.values.shape.as_list()])


@cases.case("top_k with k known only at run time")
def _(tf: Any) -> Any:
    k = tf.placeholder_with_default(3, [], name="k")
    top = tf.nn.top_k(tf.placeholder(tf.float32, [None, 5], name="x"), k)
    return Fetch(None, probe=[top.values.shape.as_list(), top.indices.shape.as_list()])


@cases.case("top_k refuses k beyond the last dimension")
def _(tf: Any) -> Any:
    return tf.nn.top_k(_scores(tf), 5)


@cases.case("top_k refuses a negative k")
def _(tf: Any) -> Any:
    return tf.nn.top_k(_scores(tf), -1)


@cases.case("top_k refuses a scalar")
def _(tf: Any) -> Any:
    return tf.nn.top_k(tf.constant(3.0), 1)


@cases.case("top_k refuses k beyond the last dimension at run time")
def _(tf: Any) -> Any:
    return tf.nn.top_k(_scores(tf), tf.placeholder_with_default(7, [], name="k")).values


@cases.case("the gradient of top_k scatters back to the chosen places")
def _(tf: Any) -> Any:
    x = _scores(tf)
    values = tf.nn.top_k(x, 2).values
    return tf.gradients(tf.reduce_sum(values * tf.constant([[1.0, 2.0], [3.0, 4.0]])), x)


# --- l2_normalize, embedding_lookup -------------------------------------------------------
@cases.case("l2_normalize along an axis", rtol=1e-6)
def _(tf: Any) -> Any:
    return tf.nn.l2_normalize(_x(tf), axis=1)


@cases.case("l2_normalize over every axis, epsilon, dim and a name", rtol=1e-6)
def _(tf: Any) -> Any:
    zeros = tf.zeros([3], name="zeros")
    return [tf.nn.l2_normalize(_x(tf)), tf.nn.l2_normalize(zeros, dim=0, epsilon=1e-4,
                                                           name="unit")]


@cases.case("the gradient of l2_normalize", rtol=1e-5)
def _(tf: Any) -> Any:
    x = _x(tf)
    return tf.gradients(tf.reduce_sum(tf.nn.l2_normalize(x, 1) * tf.range(6.0)), x)


@cases.case("embedding_lookup of one tensor: GatherV2 and Identity")
def _(tf: Any) -> Any:
    params = tf.constant(np.arange(20.0, dtype=np.float32).reshape(5, 4), name="params")
    return tf.nn.embedding_lookup(params, [[1, 4], [0, 1]])


@cases.case("embedding_lookup of a list of one tensor, named")
def _(tf: Any) -> Any:
    params = tf.constant(np.arange(20.0, dtype=np.float32).reshape(5, 4), name="params")
    ids = tf.placeholder_with_default(np.array([3, 3], np.int64), [None], name="ids")
    return tf.nn.embedding_lookup([params], ids, name="embed")


@cases.case("the gradient of embedding_lookup is IndexedSlices")
def _(tf: Any) -> Any:
    params = tf.constant(np.arange(20.0, dtype=np.float32).reshape(5, 4), name="params")
    rows = tf.nn.embedding_lookup(params, [1, 4, 1])
    grad = tf.gradients(tf.reduce_sum(rows * 2.0), params)[0]
    return Fetch([grad.values, grad.indices, tf.convert_to_tensor(grad)],
                 probe=[type(grad).__name__, str(grad.values.shape)])


# --- sequence_mask, boolean_mask ----------------------------------------------------------
@cases.case("sequence_mask with a maxlen")
def _(tf: Any) -> Any:
    return tf.sequence_mask([1, 3, 2], 5)


@cases.case("sequence_mask without a maxlen takes the longest")
def _(tf: Any) -> Any:
    lengths = tf.placeholder_with_default([1, 3, 2], [3], name="lengths")
    return tf.sequence_mask(lengths)


@cases.case("sequence_mask of a matrix of lengths, as float")
def _(tf: Any) -> Any:
    return tf.sequence_mask([[0, 2], [1, 3]], 3, dtype=tf.float32, name="m")


@cases.case("sequence_mask refuses a maxlen that is not a scalar")
def _(tf: Any) -> Any:
    return tf.sequence_mask([1, 2], [3, 4])


@cases.case("boolean_mask of rows")
def _(tf: Any) -> Any:
    return tf.boolean_mask(_x(tf), [True, False])


@cases.case("boolean_mask of elements with a 2-d mask")
def _(tf: Any) -> Any:
    x = _x(tf)
    return tf.boolean_mask(x, x > 0.0)


@cases.case("boolean_mask along axis 1 of a fed tensor")
def _(tf: Any) -> Any:
    x = tf.placeholder_with_default(_x(tf), [None, 6], name="x")
    return tf.boolean_mask(x, [True, False, True, True, False, False], axis=1, name="cols")


@cases.case("boolean_mask refuses a scalar mask")
def _(tf: Any) -> Any:
    return tf.boolean_mask(_x(tf), True)


@cases.case("boolean_mask refuses a mask of another shape")
def _(tf: Any) -> Any:
    return tf.boolean_mask(_x(tf), [True, False, True])


@cases.case("the gradient of boolean_mask")
def _(tf: Any) -> Any:
    x = _x(tf)
    picked = tf.boolean_mask(x, x > 0.0)
    return tf.gradients(tf.reduce_sum(picked * picked), x)


# --- einsum -------------------------------------------------------------------------------
def _ab(tf: Any) -> Any:
    a = tf.constant(np.arange(6.0, dtype=np.float32).reshape(2, 3) - 2.0, name="a")
    b = tf.constant(np.arange(12.0, dtype=np.float32).reshape(3, 4) * 0.5, name="b")
    return a, b


@cases.case("einsum as a matrix product, explicit and implicit")
def _(tf: Any) -> Any:
    a, b = _ab(tf)
    return [tf.einsum("ij,jk->ik", a, b), tf.einsum("ij,jk", a, b, name="mm")]


@cases.case("einsum as a batch matrix product")
def _(tf: Any) -> Any:
    x = tf.constant(np.arange(24.0).reshape(2, 3, 4), name="x")
    y = tf.constant(np.arange(16.0).reshape(2, 4, 2) - 3.0, name="y")
    return tf.einsum("bij,bjk->bik", x, y)


@cases.case("einsum as transpose, sums, trace, outer and dot products")
def _(tf: Any) -> Any:
    a, b = _ab(tf)
    v = tf.constant([1.0, -2.0, 3.0], name="v")
    return [tf.einsum(" ij -> ji ", a), tf.einsum("ij->i", a), tf.einsum("ij->", a),
            tf.einsum("ii", tf.reshape(tf.range(9.0), [3, 3])), tf.einsum("i,j->ij", v, v),
            tf.linalg.einsum("i,i->", v, v)]


@cases.case("einsum refuses operands whose dims disagree")
def _(tf: Any) -> Any:
    a, b = _ab(tf)
    return tf.einsum("ij,ij->i", a, b)


@cases.case("einsum refuses the wrong number of operands")
def _(tf: Any) -> Any:
    a, _ = _ab(tf)
    return tf.einsum("ij,jk->ik", a)


@cases.case("einsum refuses an output label no operand has")
def _(tf: Any) -> Any:
    a, _ = _ab(tf)
    return tf.einsum("ij->k", a)


@cases.case("the gradient of a matrix-product einsum")
def _(tf: Any) -> Any:
    a, b = _ab(tf)
    return tf.gradients(tf.reduce_sum(tf.einsum("ij,jk->ik", a, b) * 1.5), [a, b])


@cases.case("the gradient of einsum sums: broadcast back")
def _(tf: Any) -> Any:
    a, _ = _ab(tf)
    v = tf.constant([1.0, -2.0], name="v")
    return tf.gradients(tf.reduce_sum(tf.einsum("ij->i", a) * 2.0)
                        + tf.reduce_sum(tf.einsum("ij,i->j", a, v)), [a, v])


@cases.case("the gradient of an einsum trace is the identity")
def _(tf: Any) -> Any:
    x = tf.constant(np.arange(9.0).reshape(3, 3), name="x")
    return tf.gradients(tf.einsum("ii->", x), [x])


# --- depthwise_conv2d ---------------------------------------------------------------------
def _image(tf: Any) -> tuple[Any, Any]:
    x = tf.constant(np.arange(50.0, dtype=np.float32).reshape(1, 5, 5, 2) * 0.1 - 2.0,
                    name="x")
    f = tf.constant(np.arange(36.0, dtype=np.float32).reshape(3, 3, 2, 2) * 0.05 - 0.8,
                    name="f")
    return x, f


@cases.case("depthwise_conv2d, SAME", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = _image(tf)
    return tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME")


@cases.case("depthwise_conv2d, VALID with strides, named", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = _image(tf)
    return tf.nn.depthwise_conv2d(x, f, [1, 2, 2, 1], "VALID", name="dw")


@cases.case("depthwise_conv2d_native with dilations", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = _image(tf)
    return tf.nn.depthwise_conv2d_native(x, f[:2, :2], [1, 1, 1, 1], "VALID",
                                         dilations=[1, 2, 2, 1])


@cases.case("depthwise_conv2d refuses a filter of another depth")
def _(tf: Any) -> Any:
    x, _ = _image(tf)
    return tf.nn.depthwise_conv2d(x, tf.ones([3, 3, 3, 1]), [1, 1, 1, 1], "SAME")


@cases.case("depthwise_conv2d refuses three strides")
def _(tf: Any) -> Any:
    x, f = _image(tf)
    return tf.nn.depthwise_conv2d(x, f, [1, 1, 1], "SAME")


@cases.case("the gradient of depthwise_conv2d", rtol=1e-5)
def _(tf: Any) -> Any:
    x, f = _image(tf)
    y = tf.nn.depthwise_conv2d(x, f, [1, 2, 2, 1], "SAME")
    return tf.gradients(tf.reduce_sum(y * y), [x, f])


@cases.case("embedding_lookup over two mod shards")
def _(tf: Any) -> Any:
    p0 = tf.constant(np.arange(12.0, dtype=np.float32).reshape(3, 4), name="p0")
    p1 = tf.constant(np.arange(12.0, 20.0, dtype=np.float32).reshape(2, 4), name="p1")
    return tf.nn.embedding_lookup([p0, p1], [[1, 4], [0, 3]])


@cases.case("embedding_lookup over shards of unknown rows, ids fed")
def _(tf: Any) -> Any:
    p0 = tf.placeholder_with_default(np.ones((3, 2), np.float32), [None, 2], name="p0")
    p1 = tf.placeholder_with_default(np.zeros((3, 2), np.float32), [None, 2], name="p1")
    ids = tf.placeholder_with_default(np.array([5, 0, 1], np.int32), [None], name="ids")
    return tf.nn.embedding_lookup([p0, p1], ids, name="embed")


@cases.case("the gradient of dynamic_partition stitches back")
def _(tf: Any) -> Any:
    x = tf.constant([1.0, 2.0, 3.0, 4.0], name="x")
    parts = tf.dynamic_partition(x, [1, 0, 1, 2], 3)
    return [*parts, tf.gradients(tf.reduce_sum(parts[0] * 3.0) + tf.reduce_sum(parts[2]), x)]
