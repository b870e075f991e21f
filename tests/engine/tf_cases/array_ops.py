"""Array ops: reshape, transpose, expand_dims, squeeze, concat, stack, gather, tile, fill,
zeros/ones(_like), shape/size/rank, one_hot, range, where, broadcast_to, add_n — their op
names and types, static shapes (unknown dims too), values and errors."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch


def _dims(t: Any) -> Any:
    """A static shape as JSON (unknown dims None; None for an unknown rank)."""
    return None if t.shape.rank is None else t.shape.as_list()


cases = Cases("array_ops")
X23 = np.arange(6, dtype=np.float32).reshape(2, 3)


def _ph(tf: Any, shape: Any, dtype: Any = None) -> Any:
    return tf.placeholder(dtype or tf.float32, shape)


# --- reshape ------------------------------------------------------------------------------------
@cases.case("reshape with -1 infers the missing dimension")
def _(tf: Any) -> Any:
    return tf.reshape(tf.constant(X23), [-1, 2])


@cases.case("reshape of an unknown batch keeps it unknown")
def _(tf: Any) -> Any:
    x = _ph(tf, [None, 6])
    return Fetch(tf.reshape(x, [-1, 3]), {x: np.ones((2, 6), np.float32)})


@cases.case("reshape to a shape with two -1s is unknown in both")
def _(tf: Any) -> Any:
    return Fetch(None, probe=_dims(tf.reshape(tf.ones([2, 3]), [-1, -1])))


@cases.case("reshape of a fully known input fills a -1 next to an unknown")
def _(tf: Any) -> Any:
    x = _ph(tf, [4, None])
    return Fetch(None, probe=_dims(tf.reshape(x, [2, -1])))


@cases.case("reshape to a shape with another element count fails")
def _(tf: Any) -> Any:
    return tf.reshape(tf.ones([2, 3]), [4])


@cases.case("reshape with -1 that does not divide fails")
def _(tf: Any) -> Any:
    return tf.reshape(tf.ones([2, 3]), [-1, 4])


@cases.case("reshape to a scalar shape tensor fails on its rank")
def _(tf: Any) -> Any:
    return tf.reshape(tf.ones([2, 3]), 3)


@cases.case("reshape with a size below -1 fails")
def _(tf: Any) -> Any:
    return tf.reshape(tf.ones([2, 3]), [-2, 3])


@cases.case("reshape with a float shape fails on its dtype")
def _(tf: Any) -> Any:
    return tf.reshape(tf.ones([2, 3]), [1.5, 3])


@cases.case("reshape to a fed shape that does not fit fails at run time")
def _(tf: Any) -> Any:
    s = tf.placeholder(tf.int32, [2])
    return Fetch(tf.reshape(tf.constant(X23), s), {s: [4, 2]})


@cases.case("reshape to the shape of another tensor")
def _(tf: Any) -> Any:
    x = _ph(tf, [None, 4, 3])
    y = tf.reshape(tf.ones([12, 2]), tf.shape(x)[1:])
    return Fetch(None, probe=_dims(y))


@cases.case("reshape to a computed constant shape")
def _(tf: Any) -> Any:
    return tf.reshape(tf.ones([6]), [tf.constant(2) * 3])


@cases.case("reshape to an arithmetic of a known shape")
def _(tf: Any) -> Any:
    x = _ph(tf, [2, 6])
    return tf.reshape(x, tf.shape(x) * 1 + tf.constant([1, -1]))


@cases.case("reshape to a slice of an unknown shape is unknown")
def _(tf: Any) -> Any:
    x = _ph(tf, [None, 6])
    return Fetch(None, probe=[_dims(tf.reshape(x, tf.slice(tf.shape(x), [1], [1]))),
                              _dims(tf.reshape(x, tf.shape(x) * 1))])


# --- transpose ----------------------------------------------------------------------------------
@cases.case("transpose without perm reverses the dimensions")
def _(tf: Any) -> Any:
    return tf.transpose(tf.constant(X23))


@cases.case("transpose with perm")
def _(tf: Any) -> Any:
    x = _ph(tf, [None, 2, 3])
    return Fetch(tf.transpose(x, [2, 0, 1]), {x: np.arange(12, dtype=np.float32).reshape(2, 2, 3)})


@cases.case("transpose of an unknown rank builds the permutation from Rank")
def _(tf: Any) -> Any:
    x = _ph(tf, None)
    return Fetch(tf.transpose(x), {x: X23})


@cases.case("transpose with a repeated perm is accepted until it runs")
def _(tf: Any) -> Any:
    return tf.transpose(tf.ones([2, 3]), [0, 0])


@cases.case("transpose with a perm of rank 2 fails")
def _(tf: Any) -> Any:
    return tf.transpose(tf.ones([2, 3]), [[0], [1]])


@cases.case("transpose with a perm of the wrong length fails")
def _(tf: Any) -> Any:
    return tf.transpose(tf.ones([2, 3]), [0, 1, 2])


@cases.case("transpose with a perm out of range fails")
def _(tf: Any) -> Any:
    return tf.transpose(tf.ones([2, 3]), [0, 2])


# --- expand_dims, squeeze -------------------------------------------------------------------------
@cases.case("expand_dims at a positive and a negative axis")
def _(tf: Any) -> Any:
    x = tf.constant(X23)
    return [tf.expand_dims(x, 1), tf.expand_dims(x, -1)]


@cases.case("expand_dims out of range fails")
def _(tf: Any) -> Any:
    return tf.expand_dims(tf.ones([2, 3]), 4)


@cases.case("expand_dims without an axis fails")
def _(tf: Any) -> Any:
    return tf.expand_dims(tf.ones([2, 3]))


@cases.case("squeeze removes every dimension of size 1")
def _(tf: Any) -> Any:
    return tf.squeeze(tf.ones([1, 3, 1]))


@cases.case("squeeze of given axes")
def _(tf: Any) -> Any:
    x = _ph(tf, [1, None, 1])
    return Fetch(tf.squeeze(x, [0]), {x: np.ones((1, 2, 1), np.float32)})


@cases.case("squeeze of an unknown dimension without axes is unknown")
def _(tf: Any) -> Any:
    return Fetch(None, probe=_dims(tf.squeeze(_ph(tf, [1, None]))))


@cases.case("squeeze of a dimension that is not 1 fails")
def _(tf: Any) -> Any:
    return tf.squeeze(tf.ones([2, 3]), [0])


@cases.case("squeeze of an axis out of range fails")
def _(tf: Any) -> Any:
    return tf.squeeze(tf.ones([2, 3]), [3])


# --- concat, stack, add_n -----------------------------------------------------------------------
@cases.case("concat along each axis")
def _(tf: Any) -> Any:
    a, b = tf.constant(X23), tf.constant(X23 + 10)
    return [tf.concat([a, b], 0), tf.concat([a, b], 1), tf.concat([a, b], -1)]


@cases.case("concat with an unknown dimension adds what it knows")
def _(tf: Any) -> Any:
    a = _ph(tf, [None, 3])
    return Fetch(tf.concat([a, tf.constant(X23)], 0), {a: X23})


@cases.case("concat of one tensor is an identity")
def _(tf: Any) -> Any:
    return tf.concat([tf.constant(X23)], 0)


@cases.case("concat with a literal operand")
def _(tf: Any) -> Any:
    return tf.concat([tf.constant([1.0, 2.0]), [3.0]], 0)


@cases.case("concat of shapes that do not fit fails")
def _(tf: Any) -> Any:
    return tf.concat([tf.ones([2, 3]), tf.ones([2, 4])], 0)


@cases.case("concat along an axis past the rank fails")
def _(tf: Any) -> Any:
    return tf.concat([tf.ones([2, 3]), tf.ones([2, 4])], 2)


@cases.case("concat of two dtypes fails")
def _(tf: Any) -> Any:
    return tf.concat([tf.ones([2, 3]), tf.ones([2, 4], tf.int32)], 1)


@cases.case("concat of fed tensors that do not fit fails at run time")
def _(tf: Any) -> Any:
    a, b = _ph(tf, [None, 3]), _ph(tf, [None, 3])
    return Fetch(tf.concat([a, b], 1), {a: np.ones((2, 3), np.float32),
                                        b: np.ones((3, 3), np.float32)})


@cases.case("stack along the first and the last axis")
def _(tf: Any) -> Any:
    a, b = tf.constant([1, 2, 3]), tf.constant([4, 5, 6])
    return [tf.stack([a, b]), tf.stack([a, b], axis=1)]


@cases.case("stack of Python numbers is a constant")
def _(tf: Any) -> Any:
    return tf.stack([1, 2])


@cases.case("stack of a tensor and numbers packs them")
def _(tf: Any) -> Any:
    return tf.stack([tf.constant(1), 2, 3])


@cases.case("stack of shapes that do not fit fails")
def _(tf: Any) -> Any:
    return tf.stack([tf.ones([2, 3]), tf.ones([2, 4])])


@cases.case("stack along an axis out of range fails")
def _(tf: Any) -> Any:
    return tf.stack([tf.ones([2, 3]), tf.ones([2, 3])], axis=3)


@cases.case("add_n of three tensors")
def _(tf: Any) -> Any:
    a = tf.constant(X23)
    return tf.add_n([a, a * 2, a * 3])


@cases.case("add_n of one tensor is that tensor")
def _(tf: Any) -> Any:
    return tf.add_n([tf.ones([3])])


@cases.case("add_n of shapes that do not fit fails")
def _(tf: Any) -> Any:
    return tf.add_n([tf.ones([2]), tf.ones([3])])


@cases.case("add_n merges unknown dimensions")
def _(tf: Any) -> Any:
    a, b = _ph(tf, [None, 3]), _ph(tf, [2, None])
    return Fetch(tf.add_n([a, b]), {a: X23, b: X23})


# --- gather, tile, broadcast_to, fill -----------------------------------------------------------
@cases.case("gather rows and columns")
def _(tf: Any) -> Any:
    x = tf.constant(X23)
    return [tf.gather(x, [1, 0, 1]), tf.gather(x, [[2], [0]], axis=1)]


@cases.case("gather with an index out of range fails at run time")
def _(tf: Any) -> Any:
    return tf.gather(tf.constant(X23), [0, 5])


@cases.case("gather along an axis past the rank fails")
def _(tf: Any) -> Any:
    return tf.gather(tf.ones([2, 3]), [0], axis=2)


@cases.case("tile repeats along each dimension")
def _(tf: Any) -> Any:
    x = _ph(tf, [None, 3])
    return Fetch(tf.tile(x, [2, 1]), {x: X23})


@cases.case("tile with multiples of the wrong length fails")
def _(tf: Any) -> Any:
    return tf.tile(tf.ones([2, 3]), [2])


@cases.case("broadcast_to a larger shape")
def _(tf: Any) -> Any:
    return tf.broadcast_to(tf.constant([1, 2, 3]), [2, 3])


@cases.case("broadcast_to a shape that does not fit fails")
def _(tf: Any) -> Any:
    return tf.broadcast_to(tf.ones([2, 3]), [4, 3])


@cases.case("fill a shape with a value")
def _(tf: Any) -> Any:
    return tf.fill([2, 3], 5.0)


@cases.case("fill with dims of rank 2 fails")
def _(tf: Any) -> Any:
    return tf.fill([[2]], 1.0)


@cases.case("fill with a negative dimension fails")
def _(tf: Any) -> Any:
    return tf.fill([-2], 1.0)


# --- zeros, ones --------------------------------------------------------------------------------
@cases.case("zeros and ones of a small shape are constants")
def _(tf: Any) -> Any:
    return [tf.zeros([2, 3]), tf.ones([2], tf.int32), tf.zeros([2], tf.bool)]


@cases.case("zeros of a large shape is a Fill")
def _(tf: Any) -> Any:
    return tf.reduce_sum(tf.zeros([100, 100]))


@cases.case("zeros of a shape tensor")
def _(tf: Any) -> Any:
    x = _ph(tf, [None, 3])
    return Fetch(tf.zeros(tf.shape(x)), {x: X23})


@cases.case("zeros of a packed shape with a known slice of a shape")
def _(tf: Any) -> Any:
    x = _ph(tf, [5, None])
    return Fetch(None, probe=_dims(tf.zeros([tf.shape(x)[0], 10])))


@cases.case("zeros_like and ones_like of known and unknown shapes")
def _(tf: Any) -> Any:
    x, y = tf.constant(X23), _ph(tf, [None, 3])
    return Fetch([tf.zeros_like(x), tf.ones_like(x), tf.zeros_like(y), tf.ones_like(y)], {y: X23})


@cases.case("zeros_like with another dtype")
def _(tf: Any) -> Any:
    return [tf.zeros_like(tf.constant(X23), dtype=tf.int32),
            tf.ones_like(tf.constant([1, 2]), dtype=tf.float64)]


# --- shape, size, rank --------------------------------------------------------------------------
@cases.case("shape, size and rank of a known shape are constants")
def _(tf: Any) -> Any:
    x = _ph(tf, [2, 3])
    return [tf.shape(x), tf.size(x), tf.rank(x)]


@cases.case("shape, size and rank of unknown shapes are ops")
def _(tf: Any) -> Any:
    x, y = _ph(tf, [None, 3]), _ph(tf, None)
    return Fetch([tf.shape(x), tf.size(x), tf.rank(y), tf.shape(x, out_type=tf.int64)],
                 {x: X23, y: X23})


@cases.case("size of a shape with a zero is a constant zero")
def _(tf: Any) -> Any:
    return tf.size(_ph(tf, [None, 0]))


# --- one_hot, range -----------------------------------------------------------------------------
@cases.case("one_hot of indices, default values and an index out of range")
def _(tf: Any) -> Any:
    return tf.one_hot([0, 2, 5, -1], 3)


@cases.case("one_hot with values, axis and dtype")
def _(tf: Any) -> Any:
    return [tf.one_hot([[0, 1], [2, 0]], 3, on_value=5, off_value=-1, axis=0),
            tf.one_hot([1], 2, dtype=tf.int64)]


@cases.case("one_hot of float indices fails")
def _(tf: Any) -> Any:
    return tf.one_hot(tf.ones([2, 3]), 3)


@cases.case("one_hot with mismatched on and off values fails")
def _(tf: Any) -> Any:
    return tf.one_hot([0], 2, on_value=1.0, off_value=0)


@cases.case("range with one, two and three arguments")
def _(tf: Any) -> Any:
    return [tf.range(5), tf.range(1, 7, 2), tf.range(5, 0, -2), tf.range(0.0, 1.0, 0.1)]


@cases.case("range with mixed dtypes casts to the widest")
def _(tf: Any) -> Any:
    return tf.range(tf.constant(1), 5.5)


@cases.case("range with a zero delta fails")
def _(tf: Any) -> Any:
    return tf.range(0, 5, 0)


@cases.case("range that goes the wrong way fails")
def _(tf: Any) -> Any:
    return tf.range(5, 0, 1)


@cases.case("range with a fed limit has an unknown length")
def _(tf: Any) -> Any:
    n = tf.placeholder(tf.int32, [])
    return Fetch(tf.range(n), {n: 4})


# --- where --------------------------------------------------------------------------------------
@cases.case("where with one argument gives the coordinates")
def _(tf: Any) -> Any:
    c = tf.placeholder(tf.bool, [None, 2])
    return Fetch(tf.where(c), {c: [[True, False], [True, True]]})


@cases.case("where of a scalar")
def _(tf: Any) -> Any:
    return tf.where(True)


@cases.case("where of numbers counts the non-zero ones")
def _(tf: Any) -> Any:
    return tf.where(tf.constant([0.0, 1.5, 0.0, -2.0]))


@cases.case("where with x and y selects elementwise")
def _(tf: Any) -> Any:
    c = tf.constant([[True, False, True], [False, False, True]])
    return tf.where(c, tf.constant(X23), tf.constant(-X23))


@cases.case("where with a vector condition selects rows")
def _(tf: Any) -> Any:
    return tf.where(tf.constant([False, True]), tf.constant(X23), tf.constant(-X23))


@cases.case("where with a condition of another length fails")
def _(tf: Any) -> Any:
    return tf.where(tf.ones([2], tf.bool), tf.ones([3]), tf.ones([3]))


@cases.case("where with x and y of different shapes fails")
def _(tf: Any) -> Any:
    return tf.where(tf.ones([3], tf.bool), tf.ones([3]), tf.ones([2]))


@cases.case("where_v2 broadcasts")
def _(tf: Any) -> Any:
    return tf.where_v2(tf.constant([True, False, True]), tf.constant(X23), 0.0)


@cases.case("reshape of nothing finds its -1 from the non-zero sizes")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    return Fetch([tf.reshape(tf.zeros([0]), [-1, 0]), tf.reshape(tf.zeros([2, 0]), [-1, 0]),
                  tf.reshape(x, [5, -1, 0]), tf.reshape(x, [0, -1])],
                 {x: np.zeros([2, 0, 3], np.float32)})


@cases.case("reshape of values to a shape with a zero size and -1 fails when it runs")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    return Fetch(tf.reshape(x, [-1, 0]), {x: np.zeros([2, 3], np.float32)})


@cases.case("where_v2 broadcasts the condition with the broadcast branches")
def _(tf: Any) -> Any:
    return tf.where_v2(tf.zeros([1, 0], tf.bool), tf.constant([1.0, 2.0, 3.0, 4.0]), [2.0])


@cases.case("transpose counts a negative perm entry from the end when it runs")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32)
    cube = tf.reshape(tf.range(24), [2, 3, 4])
    return Fetch([tf.transpose(cube, perm=[-2, 2, 0]), tf.transpose(x, perm=[-1, 0])],
                 {x: [[1, 2], [3, 4]]})


@cases.case("transpose names a dimension a negative perm entry left out")
def _(tf: Any) -> Any:
    return tf.transpose(tf.reshape(tf.range(24), [2, 3, 4]), perm=[-2, 1, 0])


@cases.case("slice of an empty dimension wants begin and size 0")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32)
    return Fetch(tf.slice(x, [0, 1], [3, 2]), {x: np.zeros([0, 4], np.int32)})


@cases.case("fill of a negative fed dimension fails with TF's message")
def _(tf: Any) -> Any:
    dims = tf.placeholder(tf.int64, [None])
    return Fetch(tf.fill(dims, 1.5), {dims: [2, -3]})


@cases.case("gather of a scalar index out of range names no position")
def _(tf: Any) -> Any:
    return tf.gather(tf.constant([1.0, 2.0]), 2)


@cases.case("broadcast_to a shape the fed input does not fit fails with TF's message")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    return Fetch(tf.broadcast_to(x, [2, 3]), {x: np.zeros([2], np.float32)})


@cases.case("broadcast_to a lower rank than the fed input's fails")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    return Fetch(tf.broadcast_to(x, [3]), {x: np.zeros([2, 3], np.float32)})


@cases.case("reshape of an input with a zero size knows its -1 is 0")
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.float32, [2, 0, None, 2])
    b = tf.placeholder(tf.float32, [None, 0])
    return Fetch(None, probe=[str(tf.reshape(a, [-1, 1])), str(tf.reshape(b, [3, -1])),
                              str(tf.reshape(b, [0, -1]))])


@cases.case("concat of mismatched types converts each literal to name its type")
def _(tf: Any) -> Any:
    return tf.concat([tf.constant([1.0]), tf.placeholder(tf.int32, [0]), [7]], 0)


@cases.case("gather with an empty output checks no index")
def _(tf: Any) -> Any:
    return tf.gather(tf.zeros([2, 0, 2]), [2, 0, 1, 0], axis=-1)


@cases.case("broadcast_to a shape the input broadcasts past fails with TF's other message")
def _(tf: Any) -> Any:
    return tf.broadcast_to(tf.zeros([2, 0]), [1, 2, 1])


@cases.case("zeros and ones of strings, with no elements too")
def _(tf: Any) -> Any:
    return [tf.zeros([2, 0, 2], tf.string), tf.zeros([2], tf.string),
            tf.constant("", dtype=tf.string, shape=[2, 0])]


@cases.case("ones of strings fails as its Fill's value converts")
def _(tf: Any) -> Any:
    return tf.ones([2], tf.string)


@cases.case("where of a vector condition and a scalar then fails as TF's Select checks")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    cond = tf.placeholder_with_default([True, True, True], [3])
    return Fetch(tf.where(cond, x, tf.constant([1.0, 2.0, 3.0])), {x: 0.5})


@cases.case("where of fed shapes that differ names the node and the inputs")
def _(tf: Any) -> Any:
    x, c = tf.placeholder(tf.float32), tf.placeholder(tf.bool)
    return Fetch(tf.where(c, x, tf.ones([2]), name="w"), {x: np.ones([3]), c: [True, False, True]})


@cases.case("range of int8 has no CPU kernel")
def _(tf: Any) -> Any:
    return tf.range(1, 3, dtype=tf.int8)


@cases.case("range of a fed zero delta says the delta when it runs")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.int32, [])
    return Fetch(tf.range(x, x, 0), {x: 4})


@cases.case("where_v2 of fed shapes that do not broadcast fails with TF's message")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.bool)
    return Fetch(tf.where_v2(tf.zeros([0], tf.bool), x, tf.zeros([0], tf.bool)),
                 {x: np.zeros([0, 4], bool)})


@cases.case("concat of literals that convert to different types converts none again")
def _(tf: Any) -> Any:
    return tf.concat([[1.5], [2]], 0)


@cases.case("reshape of elements to a shape with a zero size and -1 fails when built")
def _(tf: Any) -> Any:
    return tf.reshape(tf.constant(-7, tf.int16), [0, -1])


# --- clip_by_value ------------------------------------------------------------------------------
@cases.case("clip_by_value builds Minimum then Maximum named clip_by_value")
def _(tf: Any) -> Any:
    x = _ph(tf, [2, 3])
    return Fetch(tf.clip_by_value(x, 1e-10, 1.0), {x: X23 - 2.5})


@cases.case("clip_by_value with tensor bounds broadcasts them into t")
def _(tf: Any) -> Any:
    x = _ph(tf, [2, 3])
    lo, hi = _ph(tf, []), _ph(tf, [3])
    return Fetch(tf.clip_by_value(x, lo, hi), {x: X23, lo: 1.0, hi: [2.0, 3.0, 4.5]})


@cases.case("clip_by_value of an int tensor clips with int bounds")
def _(tf: Any) -> Any:
    return tf.clip_by_value(tf.constant([-3, 0, 7]), -1, 5)


@cases.case("clip_by_value with bounds that widen t fails on its shapes")
def _(tf: Any) -> Any:
    return tf.clip_by_value(tf.ones([3]), tf.zeros([2, 3]), 1.0)


@cases.case("clip_by_value with a float bound on an int tensor fails on its dtype")
def _(tf: Any) -> Any:
    return tf.clip_by_value(tf.constant([1, 2]), 0.5, 1)


@cases.case("clip_by_value inside a named scope takes the given name")
def _(tf: Any) -> Any:
    return tf.clip_by_value(tf.constant([0.5, 2.0]), 0.0, 1.0, name="clipped")


# --- unstack ------------------------------------------------------------------------------------
@cases.case("unstack builds one Unpack with num outputs along axis 0")
def _(tf: Any) -> Any:
    return tf.unstack(tf.constant(X23))


@cases.case("unstack along axis 1 gives rows of the other dims")
def _(tf: Any) -> Any:
    return tf.unstack(tf.constant(X23), axis=1)


@cases.case("unstack along a negative axis counts from the end")
def _(tf: Any) -> Any:
    return tf.unstack(tf.constant(np.arange(12).reshape(2, 3, 2)), axis=-2)


@cases.case("unstack of an unknown dim without num fails")
def _(tf: Any) -> Any:
    return tf.unstack(_ph(tf, [None, 2]))


@cases.case("unstack with num of an unknown dim runs with the fed size")
def _(tf: Any) -> Any:
    x = _ph(tf, [None, 2])
    return Fetch(tf.unstack(x, num=3), {x: np.ones((3, 2), np.float32)})


@cases.case("unstack with num of an unknown dim fails when fed another size")
def _(tf: Any) -> Any:
    x = _ph(tf, [None, 2])
    return Fetch(tf.unstack(x, num=3), {x: np.ones((4, 2), np.float32)})


@cases.case("unstack with a num that is not the dim fails")
def _(tf: Any) -> Any:
    return tf.unstack(tf.constant(X23), num=3)


@cases.case("unstack with an axis out of range fails")
def _(tf: Any) -> Any:
    return tf.unstack(tf.constant(X23), axis=2)


@cases.case("unstack of an unknown rank with num gives unknown shapes")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32)
    parts = tf.unstack(x, num=2, axis=1)
    return Fetch(parts, {x: np.ones((3, 2, 4), np.float32)}, probe=[_dims(p) for p in parts])


@cases.case("unstack of a scalar fails")
def _(tf: Any) -> Any:
    return tf.unstack(tf.constant(1.0))


@cases.case("unstack with num 1 gives a list of one tensor")
def _(tf: Any) -> Any:
    return tf.unstack(tf.ones([1, 3]))


# --- reverse ------------------------------------------------------------------------------------
@cases.case("reverse builds one ReverseV2 over the listed axes")
def _(tf: Any) -> Any:
    return tf.reverse(tf.constant(X23), [1])


@cases.case("reverse over several axes with a negative one")
def _(tf: Any) -> Any:
    return tf.reverse_v2(tf.constant(np.arange(12).reshape(2, 3, 2)), [0, -1])


@cases.case("reverse over no axes is the input")
def _(tf: Any) -> Any:
    return tf.reverse(tf.constant(X23), tf.constant([], tf.int32))


@cases.case("reverse of a fed axis tensor reverses at run time")
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.int64, [None])
    return Fetch(tf.reverse(tf.constant(X23), a), {a: [0]})


@cases.case("reverse with an axis out of range fails")
def _(tf: Any) -> Any:
    return tf.reverse(tf.constant(X23), [2])


@cases.case("reverse with a repeated axis fails")
def _(tf: Any) -> Any:
    return tf.reverse(tf.constant(X23), [1, -1])


@cases.case("reverse with a scalar axis fails on its rank")
def _(tf: Any) -> Any:
    return tf.reverse(tf.constant(X23), 1)


@cases.case("reverse with a fed axis out of range fails at run time")
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.int32, [None])
    return Fetch(tf.reverse(tf.constant(X23), a), {a: [3]})


@cases.case("reverse of strings and bools keeps their dtype")
def _(tf: Any) -> Any:
    return [tf.reverse(tf.constant(["a", "b", "c"]), [0]),
            tf.reverse(tf.constant([True, False]), [0])]


@cases.case("expand_dims given axis and dim fails naming the old one first")
def _(tf: Any) -> Any:
    return tf.expand_dims(tf.ones([2]), axis=0, dim=0)


@cases.case("set_shape that does not fit: TF's shape merge message")
def _(tf: Any) -> Any:
    tf.placeholder(tf.float32, [None, 3]).set_shape([4, 4])


@cases.case("set_shape of another rank: TF's shape merge message")
def _(tf: Any) -> Any:
    tf.placeholder(tf.float32, [None, 3]).set_shape([4])


@cases.case("transpose with conjugate=True of a complex tensor is ConjugateTranspose")
def _(tf: Any) -> Any:
    x = tf.constant(np.array([[1 + 2j, 3 - 1j], [0.5j, -2]], np.complex64))
    return [tf.transpose(x, conjugate=True), tf.transpose(x, [1, 0], conjugate=True, name="ct"),
            tf.transpose(tf.constant([[1.0, 2.0]]), conjugate=True)]


@cases.case("the gradient of a conjugate transpose conjugates back")
def _(tf: Any) -> Any:
    x = tf.constant(np.array([[1 + 2j, 3 - 1j]], np.complex64))
    y = tf.transpose(x, conjugate=True)
    return tf.gradients(y, x, grad_ys=tf.constant(np.array([[1j], [2 + 1j]], np.complex64)))


@cases.case("squeeze of a numpy array axis fails: TF wants a list")
def _(tf: Any) -> Any:
    return tf.squeeze(tf.ones([1, 1]), np.array([1]))


@cases.case("unstack along a dimension of 0 makes an Unpack of no outputs")
def _(tf: Any) -> Any:
    out = tf.unstack(tf.placeholder(tf.float32, [0, 3]))
    return Fetch(probe=[len(out), tf.get_default_graph().get_operation_by_name("unstack").type])
