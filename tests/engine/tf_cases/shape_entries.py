"""What TF knows of a shape vector's entries while it builds a graph, where the vector is
computed from the Shape of a partly known tensor: Reshape, Fill, zeros, ones, BroadcastTo,
Tile and Range reading ``tf.shape(x)[i]``, its Pack, ConcatV2 and StridedSlice pieces, an
Unpack of it, and the same through an Identity, a Cast or an index computed from
constants (which TF's constant evaluator does not see through: the entry stays ``?``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("shape_entries")


def _x(tf: Any, shape: list[Any] | None = None) -> Any:
    return tf.placeholder(tf.float32, [None, 4] if shape is None else shape, name="x")


def _fed(x: Any, out: Any) -> Fetch:
    """``out`` run with ``x`` fed zeros of a shape its known sizes allow."""
    dims = [3 if d is None else d for d in x.shape.as_list()]
    return Fetch(out, feed={x: np.zeros(dims, np.float32)})


def _six_by_four(tf: Any) -> Any:
    return tf.reshape(tf.range(24.0), [6, 4])


def _entry(tf: Any, s: Any, begin: Any) -> Any:
    return tf.strided_slice(s, begin, [2], [1], shrink_axis_mask=1)


def _one(tf: Any) -> Any:
    """``[1]`` computed from constants (a Pack of a Sub), not a Const."""
    return _one(tf)


@cases.case("reshape to a Pack of a Shape's known entry at a Const index")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, tf.shape(x)[1]])))


@cases.case("reshape to a Pack of a Shape's entry at a negative Const index")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, tf.shape(x)[-1]])))


@cases.case("reshape to a Pack of a Shape's unknown entry")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([tf.shape(x)[0], 8])))


@cases.case("a Shape's known entry at an index computed from constants stays unknown")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf),
                              tf.stack([-1, _entry(tf, tf.shape(x), _one(tf))])))


@cases.case("a Shape's last entry at tf.rank(x) - 1 stays unknown")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, tf.shape(x)[tf.rank(x) - 1]])))


@cases.case("a Shape's known entry at an Identity of a Const index stays unknown")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf),
                              tf.stack([-1, _entry(tf, tf.shape(x), tf.identity([1]))])))


@cases.case("a Shape's known entry with a computed end and stride is known")
def _(tf: Any) -> Any:
    x = _x(tf)
    one = tf.stack([tf.constant(1) * 1])
    entry = tf.strided_slice(tf.shape(x), [1], one + 1, one, shrink_axis_mask=1)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, entry])))


@cases.case("a Shape's known entry with an int64 Const index is known")
def _(tf: Any) -> Any:
    x = _x(tf)
    entry = tf.strided_slice(tf.shape(x, out_type=tf.int64), tf.constant([1], tf.int64),
                             tf.constant([2], tf.int64), tf.constant([1], tf.int64),
                             shrink_axis_mask=1)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, entry])))


@cases.case("a Shape's known entry read with a begin mask stays unknown")
def _(tf: Any) -> Any:
    x = _x(tf, [4, None])
    entry = tf.strided_slice(tf.shape(x), [1], [1], [1], begin_mask=1, shrink_axis_mask=1)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, entry])))


@cases.case("a known entry of an Identity of a Shape stays unknown")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, tf.identity(tf.shape(x))[1]])))


@cases.case("a known entry of a Cast of a Shape stays unknown")
def _(tf: Any) -> Any:
    x = _x(tf)
    entry = tf.cast(tf.shape(x), tf.int64)[1]
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([tf.constant(-1, tf.int64), entry])))


@cases.case("a known entry of a ConcatV2 of a Shape stays unknown")
def _(tf: Any) -> Any:
    x = _x(tf)
    entry = tf.concat([tf.shape(x), [3]], 0)[1]
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, entry])))


@cases.case("an Unpack of a Shape gives its known entries")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, tf.unstack(tf.shape(x))[1]])))


@cases.case("an Unpack of a Shape along axis -1 gives no entry")
def _(tf: Any) -> Any:
    x = _x(tf)
    entry = tf.unstack(tf.shape(x), axis=-1)[1]
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, entry])))


@cases.case("an Unpack of a ConcatV2 of a Shape gives no entry")
def _(tf: Any) -> Any:
    x = _x(tf)
    entry = tf.unstack(tf.concat([tf.shape(x), [3]], 0))[1]
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([-1, entry])))


@cases.case("arithmetic on a Shape's known entry is evaluated")
def _(tf: Any) -> Any:
    x = _x(tf)
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([tf.shape(x)[1] + 0, -1])))


@cases.case("arithmetic on a Shape's entry at a computed index stays unknown")
def _(tf: Any) -> Any:
    x = _x(tf)
    entry = _entry(tf, tf.shape(x), _one(tf)) + 0
    return _fed(x, tf.reshape(_six_by_four(tf), tf.stack([entry, -1])))


@cases.case("reshape to a ConcatV2 of a Shape's slices")
def _(tf: Any) -> Any:
    x = _x(tf, [None, 4, 4])
    s = tf.shape(x)
    return _fed(x, [tf.reshape(x, tf.concat([[-1], s[1:]], 0)),
                    tf.reshape(x, tf.concat([s[:-1], [2, 2]], 0)),
                    tf.reshape(x, tf.concat([s[:1], [-1]], 0)),
                    tf.reshape(x, tf.concat([s[1:2], [-1]], 0))])


@cases.case("reshape to a slice at indices computed from constants")
def _(tf: Any) -> Any:
    x = _x(tf)
    piece = tf.strided_slice(tf.shape(x), _one(tf), _one(tf) + 1, [1])
    return _fed(x, [piece, tf.reshape(_six_by_four(tf), tf.concat([[-1], piece], 0))])


@cases.case("reshape to the Shape of a partly known tensor")
def _(tf: Any) -> Any:
    x = _x(tf, [None, 3, None])
    return _fed(x, [tf.reshape(x, tf.shape(x)), tf.reshape(x, [tf.shape(x)[0], 3, -1]),
                    tf.reshape(x, [tf.shape(x)[0], -1])])


@cases.case("a list of a Shape's entries and -1 is a Pack")
def _(tf: Any) -> Any:
    x = _x(tf, [None, 4, 4])
    return _fed(x, [tf.reshape(x, [-1, tf.shape(x)[-1]]), tf.reshape(x, [tf.shape(x)[1], -1])])


@cases.case("fill, zeros, ones and broadcast_to of a Pack of a Shape's entries")
def _(tf: Any) -> Any:
    x = _x(tf)
    s = tf.shape(x)
    return _fed(x, [tf.fill(tf.stack([s[-1], 2]), 1.0), tf.zeros([s[1], 3]),
                    tf.ones(tf.stack([s[1], s[0]])), tf.broadcast_to(1.0, tf.stack([s[1], 2]))])


@cases.case("fill, zeros and broadcast_to at an entry of a computed index")
def _(tf: Any) -> Any:
    x = _x(tf)
    entry = _entry(tf, tf.shape(x), _one(tf))
    return _fed(x, [tf.fill(tf.stack([entry, 2]), 1.0), tf.zeros(tf.stack([entry, 2])),
                    tf.broadcast_to(1.0, tf.stack([entry, 2]))])


@cases.case("tile and fill of a Shape's slice, range to its entry")
def _(tf: Any) -> Any:
    x = _x(tf)
    s = tf.shape(x)
    return _fed(x, [tf.tile(tf.zeros([2]), s[1:]), tf.fill(s[1:], 1.0), tf.range(s[1]),
                    tf.range(tf.identity(s)[1]), tf.range(s[tf.rank(x) - 1])])


@cases.case("the gradient of sparse_softmax_cross_entropy_with_logits on rank 3 logits",
            rtol=1e-6)
def _(tf: Any) -> Any:
    rows = [[None, 4, 4], [4, None, 4], [4, 4, None]]
    xs = [tf.placeholder(tf.float32, r) for r in rows]
    labels = tf.constant(np.arange(16).reshape(4, 4) % 4, tf.int32)
    grads = []
    for x in xs:
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)
        grads.append(tf.gradients(loss, x)[0])
    value = np.linspace(-1.0, 1.0, 64, dtype=np.float32).reshape(4, 4, 4)
    return Fetch(grads, feed={x: value for x in xs})
