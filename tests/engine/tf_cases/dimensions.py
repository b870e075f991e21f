"""TF1's ``Dimension`` objects: what ``shape[i]``, ``shape.dims`` and iteration give under
``tf.compat.v1``, how they compare and compute (unknown in, unknown or ``None`` out), the
errors they raise, and the ``TensorShape`` methods that take or give dimensions."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("dimensions")


def _seen(*values: Any) -> Fetch:
    """Each value as TF prints it (``repr``) with its type's name: ``Dimension(3)`` and ``3``
    look alike in ``str`` but are not alike."""
    return Fetch(probe=[[repr(v), type(v).__name__] for v in values])


def _x(tf: Any) -> Any:
    return tf.placeholder(tf.float32, [None, 3], name="x")


# --- what a shape hands out ------------------------------------------------------------
@cases.case("an index of a static shape is a Dimension")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _seen(x.shape[0], x.shape[1], x.get_shape()[-1])


@cases.case("a shape prints its dimensions, ? for unknown")
def _(tf: Any) -> Any:
    x = _x(tf)
    return Fetch(probe=[str(x.shape), repr(x.shape), str(x.shape[0]), str(x.shape[1]),
                        repr(tf.TensorShape(None)), str(tf.TensorShape(None)),
                        repr(tf.TensorShape([])), str(tf.TensorShape([5]))])


@cases.case("dims is a list of Dimension, None for unknown rank")
def _(tf: Any) -> Any:
    return _seen(_x(tf).get_shape().dims, tf.TensorShape(None).dims, tf.TensorShape([]).dims)


@cases.case("iterating a shape gives Dimensions")
def _(tf: Any) -> Any:
    return _seen(*list(_x(tf).shape))


@cases.case("a slice of a shape is a TensorShape")
def _(tf: Any) -> Any:
    s = tf.TensorShape([2, None, 4])
    return _seen(s[1:], s[:1], s[::2], s[5:])


@cases.case("an index of a shape of unknown rank is an unknown Dimension")
def _(tf: Any) -> Any:
    s = tf.TensorShape(None)
    return _seen(s[0], s[7], s[1:3], s[2:], s[:4], s[-2:])


@cases.case("a slice with a step of a shape of unknown rank fails")
def _(tf: Any) -> Any:
    return tf.TensorShape(None)[::2]


@cases.case("an index past the rank fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, 3])[2]


@cases.case("as_list gives plain ints and None")
def _(tf: Any) -> Any:
    return _seen(_x(tf).shape.as_list(), tf.TensorShape([]).as_list())


@cases.case("value and dimension_value give the plain size")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _seen(x.shape[1].value, x.shape[0].value, tf.dimension_value(x.shape[1]),
                 tf.dimension_value(x.shape[0]), tf.dimension_value(3),
                 tf.dimension_value(None))


@cases.case("dimension_at_index gives a Dimension, unknown for unknown rank")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _seen(tf.dimension_at_index(x.shape, 1), tf.dimension_at_index(x.shape, 0),
                 tf.dimension_at_index(tf.TensorShape(None), 5))


@cases.case("dimension_at_index past the rank fails")
def _(tf: Any) -> Any:
    return tf.dimension_at_index(tf.TensorShape([2]), 5)


# --- a Dimension's conversions ---------------------------------------------------------
@cases.case("int and index of a known Dimension")
def _(tf: Any) -> Any:
    d = tf.Dimension(3)
    return _seen(int(d), d.__index__(), float(d), list(range(d)), [10, 11, 12, 13][d],
                 f"{d}", "%d" % d)  # noqa: UP031  (%d of a Dimension)


@cases.case("int of an unknown Dimension fails")
def _(tf: Any) -> Any:
    return int(tf.Dimension(None))


@cases.case("int of a tensor's unknown dimension fails")
def _(tf: Any) -> Any:
    return int(_x(tf).get_shape()[0])


@cases.case("a Dimension is true when its size is known and not zero")
def _(tf: Any) -> Any:
    return _seen(bool(tf.Dimension(3)), bool(tf.Dimension(0)), bool(tf.Dimension(None)))


@cases.case("a Dimension is not hashable")
def _(tf: Any) -> Any:
    return hash(tf.Dimension(3))


# --- construction ----------------------------------------------------------------------
@cases.case("a Dimension of a Dimension, of None, of a bool")
def _(tf: Any) -> Any:
    return _seen(tf.Dimension(tf.Dimension(4)), tf.Dimension(tf.Dimension(None)),
                 tf.Dimension(None), tf.Dimension(True), tf.Dimension(2**70))


@cases.case("a negative Dimension fails")
def _(tf: Any) -> Any:
    return tf.Dimension(-1)


@cases.case("a float Dimension fails")
def _(tf: Any) -> Any:
    return tf.Dimension(1.5)


@cases.case("a whole float Dimension fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3.0)


@cases.case("a string Dimension fails")
def _(tf: Any) -> Any:
    return tf.Dimension("3")


# --- comparisons -----------------------------------------------------------------------
@cases.case("equality with known dimensions and ints")
def _(tf: Any) -> Any:
    d = tf.Dimension(3)
    return _seen(d == 3, d == tf.Dimension(3), d != 3, d == 4, d != tf.Dimension(4), 3 == d)


@cases.case("equality with an unknown side is None")
def _(tf: Any) -> Any:
    d, u = tf.Dimension(3), tf.Dimension(None)
    return _seen(u == 3, d == u, u == u, d != u, u != 3, d == None, d != None)  # noqa: E711


@cases.case("equality with what is not a dimension")
def _(tf: Any) -> Any:
    d = tf.Dimension(3)
    return _seen(d == "a", d != "a", d == 3.0, d == [3], d in [3], tf.Dimension(None) in [None])


@cases.case("ordering with known dimensions")
def _(tf: Any) -> Any:
    d = tf.Dimension(3)
    return _seen(d < 4, d <= 3, d > 2, d >= 4, 4 > d, d < tf.Dimension(2),
                 sorted([tf.Dimension(3), tf.Dimension(1)]), max(d, tf.Dimension(5)))


@cases.case("ordering with an unknown side is None")
def _(tf: Any) -> Any:
    d, u = tf.Dimension(3), tf.Dimension(None)
    return _seen(u < 4, d <= u, u > 2, d >= u, d < None)


@cases.case("ordering with a string fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3) < "a"


# --- arithmetic ------------------------------------------------------------------------
@cases.case("arithmetic of known dimensions and ints")
def _(tf: Any) -> Any:
    d = tf.Dimension(7)
    return _seen(d + 1, 1 + d, d - 2, 9 - d, d * 2, 2 * d, d // 2, 15 // d, d % 3, 15 % d,
                 d + tf.Dimension(1), d * tf.Dimension(0))


@cases.case("arithmetic with an unknown side is unknown")
def _(tf: Any) -> Any:
    d, u = tf.Dimension(7), tf.Dimension(None)
    return _seen(u + 1, d + u, 1 - u, u * d, u // 2, 2 // u, d % u, u % 2, d + None)


@cases.case("a shape's dimension plus one")
def _(tf: Any) -> Any:
    x = _x(tf)
    return Fetch(probe=[str(x.shape[1] + 1), repr(x.shape[1] + 1), x.shape[1] == 3,
                        repr(x.shape[0] * 2)])


@cases.case("a difference below zero fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3) - 4


@cases.case("true division of a Dimension fails")
def _(tf: Any) -> Any:
    return tf.Dimension(6) / 2


@cases.case("true division by a Dimension fails")
def _(tf: Any) -> Any:
    return 6 / tf.Dimension(2)


@cases.case("true division of two Dimensions fails")
def _(tf: Any) -> Any:
    return tf.Dimension(6) / tf.Dimension(2)


@cases.case("a Dimension plus a float fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3) + 1.5


@cases.case("a Dimension plus a string fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3) + "a"


@cases.case("a Dimension modulo a string fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3) % "a"


@cases.case("a string minus a Dimension fails")
def _(tf: Any) -> Any:
    return "a" - tf.Dimension(3)


@cases.case("floor division of a Dimension by zero fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3) // 0


@cases.case("a negated Dimension fails")
def _(tf: Any) -> Any:
    return -tf.Dimension(3)


@cases.case("a Dimension to a power fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3) ** 2


# --- compatibility ---------------------------------------------------------------------
@cases.case("a Dimension's compatibility")
def _(tf: Any) -> Any:
    d, u = tf.Dimension(3), tf.Dimension(None)
    return _seen(d.is_compatible_with(3), d.is_compatible_with(None), d.is_compatible_with(4),
                 u.is_compatible_with(4), d.is_compatible_with(tf.Dimension(3)),
                 d.assert_is_compatible_with(3), u.assert_is_compatible_with(5))


@cases.case("compatibility with a negative size fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3).is_compatible_with(-1)


@cases.case("asserting incompatible dimensions fails")
def _(tf: Any) -> Any:
    return tf.Dimension(3).assert_is_compatible_with(4)


@cases.case("merging dimensions keeps the known one")
def _(tf: Any) -> Any:
    d, u = tf.Dimension(3), tf.Dimension(None)
    return _seen(d.merge_with(3), d.merge_with(None), u.merge_with(2), u.merge_with(u),
                 _x(tf).shape[0].merge_with(5))


@cases.case("merging different dimensions fails")
def _(tf: Any) -> Any:
    return tf.Dimension(2).merge_with(tf.Dimension(3))


# --- TensorShape methods with dimensions ------------------------------------------------
@cases.case("a shape of Dimensions equals one of ints")
def _(tf: Any) -> Any:
    s = tf.TensorShape([tf.Dimension(2), tf.Dimension(None)])
    return _seen(s, s == tf.TensorShape([2, None]), s == [2, None], s == (2, None),
                 s != [2, 3], tf.TensorShape(None) == tf.TensorShape(None),
                 tf.TensorShape([2]) == "ab")


@cases.case("a shape compared with a negative size fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([1]) == [-1]


@cases.case("merge_with keeps the known dimensions")
def _(tf: Any) -> Any:
    s = tf.TensorShape([2, None, None])
    return _seen(s.merge_with([None, 3, None]), s.merge_with(tf.TensorShape(None)),
                 tf.TensorShape(None).merge_with(s))


@cases.case("merge_with of different dimensions fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).merge_with([3, None])


@cases.case("merge_with of different ranks fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).merge_with([2])


@cases.case("concatenate and + join shapes")
def _(tf: Any) -> Any:
    s = tf.TensorShape([2, None])
    return _seen(s.concatenate([4]), s + tf.TensorShape([5]), s + [6], [1] + s,
                 s.concatenate(tf.TensorShape(None)))


@cases.case("a shape's compatibility")
def _(tf: Any) -> Any:
    s = tf.TensorShape([2, None])
    return _seen(s.is_compatible_with([2, 3]), s.is_compatible_with([3, 3]),
                 s.is_compatible_with([2]), s.is_compatible_with(tf.TensorShape(None)),
                 s.assert_is_compatible_with([None, 7]))


@cases.case("asserting incompatible shapes fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).assert_is_compatible_with([3, 1])


@cases.case("rank, ndims, num_elements and is_fully_defined")
def _(tf: Any) -> Any:
    a, b, c = tf.TensorShape([2, 3]), tf.TensorShape([2, None]), tf.TensorShape(None)
    return _seen(a.rank, a.ndims, c.rank, c.ndims, a.num_elements(), b.num_elements(),
                 c.num_elements(), tf.TensorShape([]).num_elements(), a.is_fully_defined(),
                 b.is_fully_defined(), c.is_fully_defined(), len(a), bool(c), bool(a))


@cases.case("the length of a shape of unknown rank fails")
def _(tf: Any) -> Any:
    return len(tf.TensorShape(None))


@cases.case("iterating a shape of unknown rank fails")
def _(tf: Any) -> Any:
    return list(tf.TensorShape(None))


@cases.case("as_list of a shape of unknown rank fails")
def _(tf: Any) -> Any:
    return tf.TensorShape(None).as_list()


@cases.case("asserting a partly known shape fully defined fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).assert_is_fully_defined()


@cases.case("with_rank and with_rank_at_least keep a shape of the rank")
def _(tf: Any) -> Any:
    s = tf.TensorShape([2, None])
    return _seen(s.with_rank(2), tf.TensorShape(None).with_rank(3), s.with_rank_at_least(1),
                 s.with_rank_at_most(2), tf.TensorShape(None).with_rank_at_least(4))


@cases.case("with_rank of another rank fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).with_rank(3)


@cases.case("with_rank_at_least above the rank fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).with_rank_at_least(3)


@cases.case("with_rank_at_most below the rank fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).with_rank_at_most(1)


@cases.case("assert_same_rank of equal or unknown ranks passes")
def _(tf: Any) -> Any:
    s = tf.TensorShape([2, None])
    return _seen(s.assert_same_rank([5, 6]), s.assert_same_rank(tf.TensorShape(None)),
                 s.assert_has_rank(2), tf.TensorShape(None).assert_has_rank(4))


@cases.case("assert_same_rank of different ranks fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).assert_same_rank([1])


@cases.case("assert_has_rank of another rank fails")
def _(tf: Any) -> Any:
    return tf.TensorShape([2, None]).assert_has_rank(1)


@cases.case("most_specific_compatible_shape keeps the dimensions both agree on")
def _(tf: Any) -> Any:
    s = tf.TensorShape([2, None, 4])
    return _seen(s.most_specific_compatible_shape([2, 3, 5]),
                 s.most_specific_compatible_shape([2]),
                 s.most_specific_compatible_shape(tf.TensorShape(None)))


@cases.case("a TensorShape of a Dimension-valued list and of one Dimension")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _seen(tf.TensorShape(x.shape.dims), tf.TensorShape(x.shape[1]),
                 tf.TensorShape(list(x.shape)[::-1]))


@cases.case("a tensor built from a shape's Dimensions")
def _(tf: Any) -> Any:
    x = tf.ones([2, 3])
    n = x.shape[1]
    y = tf.reshape(x, [int(x.shape[0]) * n.value])
    z = tf.zeros([x.shape[1], x.shape[0]])
    return [y, z, tf.ones(x.shape[1:])]


@cases.case("set_shape and placeholder take Dimensions")
def _(tf: Any) -> Any:
    x = _x(tf)
    p = tf.placeholder(tf.float32, [x.shape[1], None], name="p")
    p.set_shape([None, x.shape[1]])
    return _seen(p.shape, p.shape[1])


# --- Dimensions given to ops, as TF1 models write them -----------------------------------
@cases.case("reshape to a product of Dimensions")
def _(tf: Any) -> Any:
    h = tf.ones([2, 3, 4])
    return tf.reshape(h, [-1, h.shape[1] * h.shape[2]])


@cases.case("a constant of a list of Dimensions")
def _(tf: Any) -> Any:
    h = tf.ones([2, 3])
    return [tf.constant([h.shape[0], h.shape[1]]), tf.constant(h.shape[1])]


@cases.case("a constant of an unknown Dimension fails")
def _(tf: Any) -> Any:
    return tf.constant([_x(tf).shape[0], 2])


@cases.case("zeros of an unknown Dimension fails")
def _(tf: Any) -> Any:
    return tf.zeros([_x(tf).shape[0]])


@cases.case("Dimensions as sizes, depths, counts and axes")
def _(tf: Any) -> Any:
    x = tf.ones([2, 3])
    d = x.shape[1]
    return [tf.one_hot([0, 2], depth=d), tf.range(d), tf.shape(tf.random_uniform([d, 2], seed=1)),
            tf.reduce_sum(x, axis=x.shape.ndims - 1), tf.split(x, d, axis=1)[0],
            tf.tile(x, [1, d]), tf.shape(tf.truncated_normal([d.value, int(x.shape[0])], seed=1)),
            tf.expand_dims(x, x.shape[0]), tf.fill([d], 1.0)]


@cases.case("a Variable of a shape's Dimensions")
def _(tf: Any) -> Any:
    x = _x(tf)
    w = tf.Variable(tf.zeros([x.shape[1], 4]), name="w")
    y = tf.matmul(x, w)
    return Fetch([y], feed={x: [[1.0, 2.0, 3.0]]}, before=[tf.global_variables_initializer()],
                 probe=[repr(w.shape), repr(y.shape), repr(w.get_shape()[0])])


@cases.case("a placeholder of another tensor's shape")
def _(tf: Any) -> Any:
    x = _x(tf)
    p = tf.placeholder(tf.float32, x.shape, name="p")
    q = tf.placeholder(tf.float32, [None, x.get_shape()[1]], name="q")
    return _seen(p.shape, q.shape, p.shape == x.shape)


@cases.case("a tensor indexed and sliced by Dimensions")
def _(tf: Any) -> Any:
    x, p = tf.ones([4, 3]), _x(tf)
    return [x[x.shape[1]], x[:x.shape[1]], x[:p.shape[0]], x[1:, :x.shape[1]:p.shape[0]]]


@cases.case("a tensor indexed by an unknown Dimension fails")
def _(tf: Any) -> Any:
    x = tf.ones([4, 3])
    return x[_x(tf).shape[0]]


@cases.case("split into an unknown Dimension of pieces fails")
def _(tf: Any) -> Any:
    return tf.split(tf.ones([4, 3]), _x(tf).shape[0], axis=1)


@cases.case("convert_to_tensor of a Dimension is shape_as_tensor")
def _(tf: Any) -> Any:
    d = tf.Dimension(2)
    return [tf.convert_to_tensor(d), tf.convert_to_tensor(d, dtype=tf.int64, name="n"),
            tf.zeros(tf.Dimension(3)), tf.reshape(tf.ones([3, 4]), [tf.Dimension(12)]),
            tf.cast(d, tf.float32)]


@cases.case("convert_to_tensor of a Dimension to a float fails")
def _(tf: Any) -> Any:
    return tf.convert_to_tensor(tf.Dimension(2), dtype=tf.float32)


@cases.case("convert_to_tensor of an unknown Dimension fails")
def _(tf: Any) -> Any:
    return tf.convert_to_tensor(tf.Dimension(None))


@cases.case("a float constant of Dimensions fails")
def _(tf: Any) -> Any:
    return tf.constant([tf.Dimension(2)], dtype=tf.float32)


@cases.case("a float tensor plus a Dimension fails")
def _(tf: Any) -> Any:
    return tf.ones([2]) + tf.Dimension(2)


@cases.case("ones of a partly unknown list of Dimensions fails")
def _(tf: Any) -> Any:
    return tf.ones([_x(tf).shape[0], 2])


@cases.case("random_normal of an unknown Dimension fails")
def _(tf: Any) -> Any:
    return tf.random_normal([tf.Dimension(2), tf.Dimension(None)])
