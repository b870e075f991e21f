"""Record GraphDefs written by real TensorFlow, and the values TF computes for them.

Run with the bench extra's TensorFlow (never in CI)::

    python tools/record_graphdefs.py            # every case
    python tools/record_graphdefs.py small_cnn  # one

Each case writes ``tests/data/graphdef/NAME.pbtxt`` (or ``.pb``) — the GraphDef exactly as
``tf.compat.v1`` serializes it, with ``_output_shapes`` where TF adds them — and
``NAME.values.json``: the feeds, the fetched tensors' names and the values TF computed for
them (dtype, shape and data as lists). tests/engine/io/test_graphdef_*.py import each file,
run it and compare with these values.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

v1 = tf.compat.v1
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "graphdef")


def _tensor_json(value: Any) -> dict[str, Any]:
    arr = np.asarray(value)
    return {"dtype": str(arr.dtype), "shape": list(arr.shape), "data": arr.tolist()}


def _record(name: str, build: Callable[[], tuple[dict[str, np.ndarray], list[str]]],
            binary: bool = False, shapes: bool = True) -> None:
    g = tf.Graph()
    with g.as_default():
        feeds, fetches = build()
    with v1.Session(graph=g) as sess:
        values = sess.run(fetches, {f: v for f, v in feeds.items()})
    gd = g.as_graph_def(add_shapes=shapes)
    path = os.path.join(OUT, name + (".pb" if binary else ".pbtxt"))
    if binary:
        with open(path, "wb") as f:
            f.write(gd.SerializeToString())
    else:
        tf.io.write_graph(gd, OUT, name + ".pbtxt", as_text=True)
    record = {
        "file": os.path.basename(path),
        "nodes": [n.name for n in gd.node],
        "feeds": {k: _tensor_json(v) for k, v in feeds.items()},
        "fetches": {k: _tensor_json(v) for k, v in zip(fetches, values)},
    }
    with open(os.path.join(OUT, name + ".values.json"), "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print(f"{name}: {len(gd.node)} nodes")


def seed() -> tuple[dict[str, np.ndarray], list[str]]:
    d = (v1.constant(5) + v1.constant(6)) * v1.constant(7)
    return {}, [d.name]


def scopes() -> tuple[dict[str, np.ndarray], list[str]]:
    rng = np.random.default_rng(1)
    x = v1.placeholder(tf.float32, [None, 4], name="x")
    h = x
    for i, width in enumerate((5, 3)):
        with v1.name_scope(f"layer{i + 1}"):
            w = v1.constant(rng.standard_normal((int(h.shape[1]), width)).astype(np.float32),
                            name="weights")
            b = v1.constant(rng.standard_normal(width).astype(np.float32), name="bias")
            h = tf.nn.relu(tf.nn.bias_add(tf.matmul(h, w), b), name="activation")
    return {"x:0": rng.standard_normal((2, 4)).astype(np.float32)}, [h.name]


def softmax_classifier() -> tuple[dict[str, np.ndarray], list[str]]:
    rng = np.random.default_rng(2)
    x = v1.placeholder(tf.float32, [None, 6], name="features")
    labels = v1.placeholder(tf.int32, [None], name="labels")
    w = v1.constant(rng.standard_normal((6, 4)).astype(np.float32), name="W")
    b = v1.constant(np.zeros(4, np.float32) + 0.1, name="b")
    logits = tf.add(tf.matmul(x, w), b, name="logits")
    probs = tf.nn.softmax(logits, name="probabilities")
    pred = tf.argmax(probs, axis=1, name="prediction")
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits),
        name="loss")
    feeds = {"features:0": rng.standard_normal((3, 6)).astype(np.float32),
             "labels:0": np.array([0, 3, 1], np.int32)}
    return feeds, [probs.name, pred.name, loss.name]


def small_cnn() -> tuple[dict[str, np.ndarray], list[str]]:
    rng = np.random.default_rng(3)
    images = v1.placeholder(tf.float32, [None, 8, 8, 1], name="images")
    with v1.name_scope("conv1"):
        k = v1.constant(rng.standard_normal((3, 3, 1, 4)).astype(np.float32) * 0.5, name="kernel")
        c = tf.nn.conv2d(images, k, strides=[1, 1, 1, 1], padding="SAME")
        c = tf.nn.relu(tf.nn.bias_add(c, v1.constant(np.full(4, 0.05, np.float32))))
        p = tf.nn.max_pool2d(c, ksize=2, strides=2, padding="VALID")
    with v1.name_scope("dense"):
        flat = tf.reshape(p, [-1, 4 * 4 * 4])
        w = v1.constant(rng.standard_normal((64, 3)).astype(np.float32) * 0.2, name="w")
        logits = tf.matmul(flat, w)
    out = tf.nn.softmax(logits, name="output")
    return {"images:0": rng.random((2, 8, 8, 1), dtype=np.float32)}, [out.name]


def control_deps() -> tuple[dict[str, np.ndarray], list[str]]:
    a = v1.constant([1.0, 2.0], name="a")
    b = v1.constant([3.0, 4.0], name="b")
    first = tf.multiply(a, b, name="first")
    with v1.control_dependencies([first]):
        second = tf.add(a, b, name="second")
        with v1.control_dependencies([second]):
            out = tf.identity(second * 2.0, name="out")
    return {}, [out.name, first.name]


def with_unknown_op() -> tuple[dict[str, np.ndarray], list[str]]:
    x = v1.placeholder(tf.float32, [None, 3], name="x")
    # an op TF has and TensorCanvas has not: a running total in log space
    scan = tf.math.cumulative_logsumexp(x, axis=1, name="running_total")
    side = tf.square(x, name="squared")
    out = tf.add(scan, 1.0, name="shifted")
    return {"x:0": np.arange(6, dtype=np.float32).reshape(2, 3)}, [side.name, out.name]


def accuracy() -> tuple[dict[str, np.ndarray], list[str]]:
    """tf.equal as TF 2 writes it (``incompatible_shape_error``), in an accuracy metric."""
    logits = v1.placeholder(tf.float32, [None, 3], name="logits")
    labels = v1.placeholder(tf.int64, [None], name="labels")
    hits = tf.equal(tf.argmax(logits, axis=1), labels, name="hits")
    acc = tf.reduce_mean(tf.cast(hits, tf.float32), name="accuracy")
    feeds = {"logits:0": np.array([[1, 0, 0], [0, 2, 1], [0, 0, 3]], np.float32),
             "labels:0": np.array([0, 2, 2], np.int64)}
    return feeds, [hits.name, acc.name]


def lenient_compare() -> tuple[dict[str, np.ndarray], list[str]]:
    """Comparisons told not to fail on shapes that do not broadcast: one scalar each."""
    labels = v1.placeholder(tf.int64, [None], name="labels")
    pair = tf.constant([1, 2], tf.int64, name="pair")
    differs = tf.raw_ops.NotEqual(x=labels, y=pair, incompatible_shape_error=False,
                                  name="differs")
    same = tf.raw_ops.Equal(x=tf.constant([1, 2, 3], tf.int64), y=pair,
                            incompatible_shape_error=False, name="same")
    return {"labels:0": np.array([0, 2, 2], np.int64)}, [differs.name, same.name]


def opaque_dtypes() -> tuple[dict[str, np.ndarray], list[str]]:
    """Ops TensorCanvas has not whose outputs are not their input's dtype (a predicate's
    bool, TopKV2's int32 indices, IdentityN's list), read by ops it has."""
    x = v1.placeholder(tf.float32, [None, 4], name="x")
    finite = tf.math.is_finite(x, name="finite")
    kept = tf.where(finite, x, tf.zeros_like(x), name="kept")
    top = tf.math.top_k(x, 2, name="top")
    ranked = tf.add(tf.cast(top.indices, tf.float32), top.values, name="ranked")
    pair = tf.identity_n([x, tf.shape(x)], name="pair")
    count = tf.reduce_prod(pair[1], name="count")
    xv = np.array([[1, np.inf, 3, -1], [np.nan, 0, 2, 5]], np.float32)
    return {"x:0": xv}, [kept.name, ranked.name, count.name]


def empty_tensors() -> tuple[dict[str, np.ndarray], list[str]]:
    """Tensors with no elements: a (0, 3) constant, a batch of none, their sums."""
    none = v1.constant(np.zeros((0, 3), np.float32), name="none")
    batch = v1.placeholder(tf.float32, [None, 3], name="batch")
    both = tf.concat([none, batch], axis=0, name="both")
    total = tf.reduce_sum(both, axis=0, name="total")
    return {"batch:0": np.zeros((0, 3), np.float32)}, [both.name, total.name]


def ellipsis_slices() -> tuple[dict[str, np.ndarray], list[str]]:
    """Python slicing as models write it: an ellipsis, new axes, shrunk and reversed dims."""
    x = v1.placeholder(tf.float32, [None, 4, 5], name="x")
    outs = [tf.identity(t, name=name) for name, t in (
        ("channel", x[..., tf.newaxis]), ("middle", x[:, tf.newaxis, 2]),
        ("last", x[1:, ..., -1]), ("flipped", x[::-1, 3:0:-2, ...]),
        ("both", x[tf.newaxis, ..., 1:3, tf.newaxis]))]
    xv = np.arange(3 * 4 * 5, dtype=np.float32).reshape(3, 4, 5)
    return {"x:0": xv}, [t.name for t in outs]


def dilated_conv() -> tuple[dict[str, np.ndarray], list[str]]:
    """Atrous convolutions padded SAME: a 3x3 kernel dilated 2, a 2x2 one dilated 3 (its
    padding odd: TF pads the extra row and column at the end)."""
    rng = np.random.default_rng(5)
    images = v1.placeholder(tf.float32, [None, 7, 8, 2], name="images")
    k3 = v1.constant(rng.random((3, 3, 2, 3), dtype=np.float32), name="k3")
    k2 = v1.constant(rng.random((2, 2, 3, 2), dtype=np.float32), name="k2")
    a = tf.nn.conv2d(images, k3, strides=1, padding="SAME", dilations=2, name="atrous")
    b = tf.nn.conv2d(a, k2, strides=1, padding="SAME", dilations=3, name="atrous_even")
    return {"images:0": rng.random((2, 7, 8, 2), dtype=np.float32)}, [b.name]


def unknown_rank() -> tuple[dict[str, np.ndarray], list[str]]:
    """A placeholder of no shape at all (``shape=None``), and its shape and rank."""
    x = v1.placeholder(tf.float32, None, name="x")
    dims = tf.shape(x, name="dims")
    rank = tf.rank(x, name="rank")
    return {"x:0": np.ones((2, 3), np.float32)}, [dims.name, rank.name]


def while_loop() -> tuple[dict[str, np.ndarray], list[str]]:
    """A TF1 while loop (an RNN's shape: Enter, Merge, Switch, NextIteration, Exit), and an
    output beside it that does not need the loop."""
    x = v1.placeholder(tf.float32, [None, 3], name="x")
    w = v1.constant(np.array([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6], [0.0, 0.2, 0.7]],
                             np.float32), name="w")
    v1.disable_control_flow_v2()  # TF1's loop ops, not TF2's StatelessWhile and functions
    try:
        _, h = tf.while_loop(lambda i, h: i < 3,
                             lambda i, h: (i + 1, tf.tanh(tf.matmul(h, w) + x)),
                             [tf.constant(0), tf.zeros_like(x)], name="rnn")
    finally:
        v1.enable_control_flow_v2()
    final = tf.identity(h, name="final")
    total = tf.reduce_sum(x, name="total")
    return {"x:0": np.array([[1, 2, 3], [-1, 0, 1]], np.float32)}, [final.name, total.name]


def decoder() -> tuple[dict[str, np.ndarray], list[str]]:
    """A transposed convolution whose output shape stacks the batch (``tf.shape(x)[0]``) with
    constants, as Keras's Conv2DTranspose builds it."""
    rng = np.random.default_rng(6)
    codes = v1.placeholder(tf.float32, [None, 3, 3, 4], name="codes")
    kernel = v1.constant(rng.random((3, 3, 2, 4), dtype=np.float32), name="kernel")
    batch = tf.shape(codes)[0]
    sizes = tf.stack([batch, 6, 6, 2], name="output_shape")
    image = tf.nn.conv2d_transpose(codes, kernel, sizes, strides=2, padding="SAME",
                                   name="upsampled")
    return {"codes:0": rng.random((2, 3, 3, 4), dtype=np.float32)}, [image.name]


def script_names() -> tuple[dict[str, np.ndarray], list[str]]:
    """Ops named as the names an exported script uses itself (graph, values, sess, ...), and
    two constants large enough to be loaded from the script's .npz."""
    x = v1.placeholder(tf.float32, [None, 2], name="input")
    table = v1.constant(np.arange(100, dtype=np.float32).reshape(50, 2), name="values")
    other = v1.constant(np.ones((40, 2), np.float32), name="os")
    graph = tf.add(x, tf.reduce_sum(table, axis=0), name="graph")
    sess = tf.multiply(graph, tf.reduce_mean(other), name="sess")
    out = tf.identity(tf.identity(sess, name="feed_dict"), name="print")
    return {"input:0": np.array([[1, 2]], np.float32)}, [out.name]


def special_values() -> tuple[dict[str, np.ndarray], list[str]]:
    """Constants holding NaN, infinities and -0.0, and what reads them."""
    specials = v1.constant(np.array([np.nan, np.inf, -np.inf, -0.0, 2.5], np.float32),
                           name="specials")
    half = v1.constant(np.array([np.inf, -0.0], np.float16), name="half")
    x = v1.placeholder(tf.float32, [5], name="x")
    clean = tf.maximum(specials, x, name="clean")
    return {"x:0": np.zeros(5, np.float32)}, [specials.name, half.name, clean.name]


def same_shape_gradient() -> tuple[dict[str, np.ndarray], list[str]]:
    """The gradient of a difference of two tensors of one shape with a dim of 1: TF's
    BroadcastGradientArgs finds nothing to reduce (equal shapes), not the dim of 1."""
    a = v1.placeholder(tf.float32, [None, 1], name="a")
    b = v1.placeholder(tf.float32, [None, 1], name="b")
    loss = tf.reduce_sum(tf.square(a - b), name="loss")
    grad_a, = v1.gradients(loss, [a])
    args = a.graph.get_operation_by_name("gradients/sub_grad/BroadcastGradientArgs")
    feeds = {"a:0": np.array([[1], [2], [4]], np.float32),
             "b:0": np.array([[0], [3], [1]], np.float32)}
    return feeds, [args.outputs[0].name, args.outputs[1].name, grad_a.name]


def small_ints() -> tuple[dict[str, np.ndarray], list[str]]:
    """Sums, products and running sums of int8 and uint8 (which wrap, as TF's do), and the
    Relu of a uint8."""
    signed = v1.placeholder(tf.int8, [None, 3], name="signed")
    unsigned = v1.placeholder(tf.uint8, [None, 3], name="unsigned")
    outs = [tf.reduce_sum(signed, axis=0, name="sum8"),
            tf.reduce_prod(signed, axis=1, keepdims=True, name="prod8"),
            tf.cumsum(signed, axis=1, name="running8"),
            tf.reduce_sum(unsigned, name="sum_u8"),
            tf.cumsum(unsigned, axis=0, reverse=True, name="running_u8"),
            tf.nn.relu(unsigned, name="relu_u8")]
    feeds = {"signed:0": np.array([[100, 50, -7], [100, 3, 9]], np.int8),
             "unsigned:0": np.array([[200, 100, 1], [100, 3, 250]], np.uint8)}
    return feeds, [t.name for t in outs]


def splits() -> tuple[dict[str, np.ndarray], list[str]]:
    """tf.split as an LSTM cell splits its gates (Split: four equal pieces), and by sizes
    with a -1 (SplitV), along a negative axis."""
    x = v1.placeholder(tf.float32, [None, 8], name="x")
    i, j, f, o = tf.split(x, 4, axis=1, name="gates")
    cell = tf.add(tf.sigmoid(i) * tf.tanh(j), tf.sigmoid(f) * tf.sigmoid(o), name="cell")
    head, rest, tail = tf.split(x, [3, -1, 1], axis=-1, name="parts")
    feeds = {"x:0": np.arange(16, dtype=np.float32).reshape(2, 8) / 8}
    return feeds, [cell.name, head.name, rest.name, tail.name]


def batch_norm() -> tuple[dict[str, np.ndarray], list[str]]:
    """FusedBatchNormV3 as a frozen TF1 CNN holds it (inference: the stored statistics), and
    in training (the batch's, blended into the running ones)."""
    rng = np.random.default_rng(7)
    x = v1.placeholder(tf.float32, [None, 3, 3, 4], name="x")
    scale = v1.constant(rng.random(4, dtype=np.float32) + 0.5, name="gamma")
    offset = v1.constant(rng.standard_normal(4).astype(np.float32), name="beta")
    mean = v1.constant(rng.standard_normal(4).astype(np.float32), name="moving_mean")
    var = v1.constant(rng.random(4, dtype=np.float32) + 0.5, name="moving_variance")
    y, _, _ = v1.nn.fused_batch_norm(x, scale, offset, mean=mean, variance=var,
                                     epsilon=0.001, is_training=False, name="inference")
    relu = tf.nn.relu(y, name="features")
    train = tf.raw_ops.FusedBatchNormV3(x=x, scale=scale, offset=offset, mean=mean,
                                        variance=var, epsilon=0.001,
                                        exponential_avg_factor=0.25, is_training=True,
                                        name="training")
    feeds = {"x:0": rng.standard_normal((2, 3, 3, 4)).astype(np.float32)}
    return feeds, [relu.name, train[0].name, train[1].name, train[2].name]


def _freeze_keras() -> tuple[Any, str, str]:
    """A small tf.keras model frozen as TF's own tools freeze one (eagerly, before any graph):
    its GraphDef, input and output tensor names."""
    from tensorflow.python.framework.convert_to_constants import (
        convert_variables_to_constants_v2,
    )

    tf.keras.utils.set_random_seed(4)
    model = tf.keras.Sequential([
        tf.keras.Input((5,)),
        tf.keras.layers.Dense(4, activation="relu", name="hidden"),
        tf.keras.layers.Dense(2, activation="softmax", name="head"),
    ])
    fn = tf.function(lambda x: model(x)).get_concrete_function(
        tf.TensorSpec([None, 5], tf.float32, name="x"))
    frozen = convert_variables_to_constants_v2(fn)
    return frozen.graph.as_graph_def(), frozen.inputs[0].name, frozen.outputs[0].name


_FROZEN: list[tuple[Any, str, str]] = []


def frozen_keras() -> tuple[dict[str, np.ndarray], list[str]]:
    gd, x_name, out_name = _FROZEN[0]
    tf.import_graph_def(gd, name="")  # into the recorder's graph, TF's names kept
    xv = np.random.default_rng(4).standard_normal((3, 5)).astype(np.float32)
    return {x_name: xv}, [out_name]


def control_order() -> tuple[dict[str, np.ndarray], list[str]]:
    """Control inputs added out of name order: TF's GraphDef lists them sorted by name."""
    x = v1.placeholder(tf.float32, shape=[2], name="x")
    deps = [v1.constant(1.0, name=n).op for n in ("zz", "aa", "B")]
    with v1.control_dependencies(deps):
        y = v1.identity(x, name="y")
    with v1.control_dependencies([v1.no_op(name="later"), deps[1]]):
        z = v1.add(y, 1.0, name="z")
    return {"x:0": np.array([1.0, 2.0], np.float32)}, [y.name, z.name]


def _record_error(name: str, build: Callable[[], list[str]]) -> None:
    """A GraphDef whose run fails, with the error TF gave (class and message) for its
    fetches: which node TF's message names follows the file's order."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    from tests.engine.tf_cases.harness import error_message

    g = tf.Graph()
    with g.as_default():
        fetches = build()
    with v1.Session(graph=g) as sess:
        try:
            sess.run(fetches)
        except Exception as e:
            error = {"class": type(e).__name__, "message": error_message(e)}
    gd = g.as_graph_def()
    tf.io.write_graph(gd, OUT, name + ".pbtxt", as_text=True)
    record = {"file": name + ".pbtxt", "nodes": [n.name for n in gd.node], "feeds": {},
              "fetches": {}, "run": fetches, "error": error}
    with open(os.path.join(OUT, name + ".values.json"), "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print(f"{name}: {len(gd.node)} nodes, {error['class']}")


def uninitialized_reads() -> list[str]:
    """Variables never initialized, one read twice (``read_value`` beside its ``v1/read``):
    the engine, run on the imported graph, names the node TF's message names."""
    vs = [v1.Variable(np.arange(i + 2, dtype=np.float32), name=f"v{i}", use_resource=False)
          for i in range(3)]
    return [vs[1].read_value().name, vs[1].op.name + ":0", (vs[1] * 2).name]


CASES: dict[str, tuple[Callable[[], Any], bool]] = {
    "seed": (seed, False),
    "scopes": (scopes, False),
    "softmax_classifier": (softmax_classifier, False),
    "small_cnn": (small_cnn, True),
    "control_deps": (control_deps, False),
    "unknown_op": (with_unknown_op, False),
    "frozen_keras": (frozen_keras, True),
    "accuracy": (accuracy, False),
    "lenient_compare": (lenient_compare, False),
    "opaque_dtypes": (opaque_dtypes, False),
    "empty_tensors": (empty_tensors, False),
    "ellipsis_slices": (ellipsis_slices, False),
    "dilated_conv": (dilated_conv, False),
    "unknown_rank": (unknown_rank, False),
    "while_loop": (while_loop, False),
    "decoder": (decoder, False),
    "script_names": (script_names, False),
    "special_values": (special_values, False),
    "same_shape_gradient": (same_shape_gradient, False),
    "small_ints": (small_ints, False),
    "splits": (splits, False),
    "batch_norm": (batch_norm, False),
    "control_order": (control_order, False),
}

#: GraphDefs whose run fails: the error TF gave is recorded
ERROR_CASES: dict[str, Callable[[], list[str]]] = {"uninitialized_reads": uninitialized_reads}


def main(names: list[str]) -> None:
    os.makedirs(OUT, exist_ok=True)
    _FROZEN.append(_freeze_keras())
    for name in names or [*CASES, *ERROR_CASES]:
        if name in ERROR_CASES:
            _record_error(name, ERROR_CASES[name])
            continue
        build, binary = CASES[name]
        _record(name, build, binary=binary, shapes=name != "frozen_keras")


if __name__ == "__main__":
    main(sys.argv[1:])
