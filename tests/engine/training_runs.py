"""Small models trained 30 steps by every optimizer, built the same way in TensorFlow and
in the engine: the runs ``tools/record_training_runs.py`` records under TF
(``tests/data/training_runs.json``) and ``test_training_runs.py`` repeats on the engine.

A run is a linear model or a two-layer MLP (relu, tanh or sigmoid) on seeded data, with a
mean squared error, softmax, sparse softmax or sigmoid cross-entropy loss (``reduce_mean``
or ``reduce_sum``), optionally plus an l2 penalty, trained by one optimizer whose learning
rate is a float, a Const or a fed placeholder, in float32 or float64. Some diverge on
purpose: their losses overflow to inf and then NaN, as TF's do.
"""

from __future__ import annotations

from typing import Any

import numpy as np

STEPS = 30


def _run(model: str, loss: str, opt: str, dtype: str = "float64", *, act: str = "relu",
         red: str = "mean", l2: float = 0.0, lr: float = 0.1, lr_kind: str = "float",
         seed: int = 0, xscale: float = 1.0, **hyper: Any) -> dict[str, Any]:
    return {"model": model, "loss": loss, "opt": opt, "dtype": dtype, "act": act, "red": red,
            "l2": l2, "lr": lr, "lr_kind": lr_kind, "seed": seed, "xscale": xscale,
            "hyper": hyper}


RUNS: dict[str, dict[str, Any]] = {
    "linear mse gradient descent": _run("linear", "mse", "sgd", lr=0.05, seed=1),
    "linear mse gradient descent float32": _run("linear", "mse", "sgd", "float32", lr=0.05,
                                                seed=1),
    "logistic sigmoid xent momentum, lr a Const": _run(
        "linear", "sigmoid", "mom", lr=0.5, lr_kind="tensor", seed=2, momentum=0.9),
    "linear softmax Nesterov, lr fed": _run(
        "linear", "softmax", "mom", "float32", lr=0.1, lr_kind="placeholder", seed=3,
        momentum=0.9, use_nesterov=True),
    "mlp relu sparse xent Adam": _run("mlp", "sparse", "adam", lr=0.05, seed=4, beta1=0.8,
                                      beta2=0.99, epsilon=1e-7),
    "mlp tanh mse sum Adam float32 with l2": _run(
        "mlp", "mse", "adam", "float32", act="tanh", red="sum", l2=0.01, lr=0.01, seed=5),
    "mlp sigmoid softmax RMSProp": _run("mlp", "softmax", "rms", act="sigmoid", lr=0.01,
                                        seed=6, decay=0.8, epsilon=1e-6),
    "mlp relu mse RMSProp with momentum float32": _run(
        "mlp", "mse", "rms", "float32", lr=0.005, seed=7, decay=0.9, momentum=0.5),
    "mlp tanh sigmoid xent centered RMSProp": _run(
        "mlp", "sigmoid", "rms", act="tanh", lr=0.01, seed=8, decay=0.9, momentum=0.9,
        epsilon=1e-8, centered=True),
    "linear mse centered RMSProp float32, lr fed": _run(
        "linear", "mse", "rms", "float32", lr=0.02, lr_kind="placeholder", seed=9,
        centered=True),
    "mlp relu softmax sum momentum with l2": _run(
        "mlp", "softmax", "mom", red="sum", l2=0.5, lr=0.01, seed=10, momentum=0.5),
    "linear sparse xent gradient descent float32, lr a Const": _run(
        "linear", "sparse", "sgd", "float32", lr=1.0, lr_kind="tensor", seed=11),
    "diverging linear mse gradient descent": _run(
        "linear", "mse", "sgd", red="sum", lr=1e4, seed=12, xscale=10.0),
    "diverging linear mse gradient descent float32": _run(
        "linear", "mse", "sgd", "float32", red="sum", lr=10.0, seed=12, xscale=10.0),
    "diverging linear mse momentum": _run("linear", "mse", "mom", red="sum", lr=50.0, seed=13,
                                          xscale=10.0, momentum=0.9),
    "diverging mlp relu mse RMSProp": _run("mlp", "mse", "rms", red="sum", lr=1e3, seed=15,
                                           xscale=10.0, momentum=0.9),
    "linear mse Adam with a huge learning rate": _run("linear", "mse", "adam", red="sum",
                                                      lr=1e6, seed=14, xscale=10.0),
}


def _optimizer(tf: Any, spec: dict[str, Any], lr: Any) -> Any:
    kind, hyper = spec["opt"], spec["hyper"]
    if kind == "sgd":
        return tf.train.GradientDescentOptimizer(lr)
    if kind == "mom":
        return tf.train.MomentumOptimizer(lr, hyper.get("momentum", 0.9),
                                          use_nesterov=hyper.get("use_nesterov", False))
    if kind == "adam":
        return tf.train.AdamOptimizer(lr, beta1=hyper.get("beta1", 0.9),
                                      beta2=hyper.get("beta2", 0.999),
                                      epsilon=hyper.get("epsilon", 1e-8))
    return tf.train.RMSPropOptimizer(lr, decay=hyper.get("decay", 0.9),
                                     momentum=hyper.get("momentum", 0.0),
                                     epsilon=hyper.get("epsilon", 1e-10),
                                     centered=hyper.get("centered", False))


def _loss(tf: Any, spec: dict[str, Any], logits: Any, rng: np.random.Generator, n: int,
          classes: int, feed: dict[Any, Any]) -> Any:
    dtype = getattr(tf, spec["dtype"])
    np_dtype = np.dtype(spec["dtype"])
    kind = spec["loss"]
    if kind == "sparse":
        labels = tf.placeholder(tf.int32, [None], name="labels")
        feed[labels] = rng.integers(0, classes, n).astype(np.int32)
        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    labels = tf.placeholder(dtype, [None, classes], name="labels")
    if kind == "mse":
        feed[labels] = rng.normal(size=(n, classes)).astype(np_dtype)
        return tf.square(logits - labels)
    if kind == "softmax":
        feed[labels] = np.eye(classes, dtype=np_dtype)[rng.integers(0, classes, n)]
        return tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    feed[labels] = (rng.random((n, classes)) > 0.5).astype(np_dtype)
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)


def train(tf: Any, spec: dict[str, Any]) -> tuple[list[float], list[np.ndarray]]:
    """Build ``spec``'s model in a new graph of ``tf`` (``tf.compat.v1`` or ``engine``) and
    train it: the loss each step computes (before its update), and the variables at the end."""
    rng = np.random.default_rng(spec["seed"])
    np_dtype = np.dtype(spec["dtype"])
    n, features, hidden, classes = 16, 4, 5, 3
    data = (rng.normal(size=(n, features)) * spec["xscale"]).astype(np_dtype)
    graph = tf.Graph()
    with graph.as_default():
        dtype = getattr(tf, spec["dtype"])
        x = tf.placeholder(dtype, [None, features], name="x")
        feed: dict[Any, Any] = {x: data}
        params: list[Any] = []

        def variable(shape: tuple[int, ...], name: str) -> Any:
            v = tf.Variable((rng.normal(size=shape) * 0.5).astype(np_dtype), name=name)
            params.append(v)
            return v

        if spec["model"] == "mlp":
            act = getattr(tf.nn, spec["act"])
            h = act(tf.matmul(x, variable((features, hidden), "w1")) + variable((hidden,), "b1"))
            logits = tf.matmul(h, variable((hidden, classes), "w2")) + variable((classes,), "b2")
        else:
            logits = tf.matmul(x, variable((features, classes), "w")) + variable((classes,), "b")
        per_example = _loss(tf, spec, logits, rng, n, classes, feed)
        reduce = tf.reduce_mean if spec["red"] == "mean" else tf.reduce_sum
        loss = reduce(per_example)
        if spec["l2"]:
            loss = loss + spec["l2"] * tf.add_n([tf.nn.l2_loss(p) for p in params])
        lr: Any = spec["lr"]
        if spec["lr_kind"] == "tensor":
            lr = tf.constant(spec["lr"], dtype)
        elif spec["lr_kind"] == "placeholder":
            lr = tf.placeholder(dtype, [], name="lr")
            feed[lr] = spec["lr"]
        step = _optimizer(tf, spec, lr).minimize(loss)
        init = tf.global_variables_initializer()
        with tf.Session(graph=graph) as sess:
            sess.run(init)
            losses = [float(sess.run([loss, step], feed)[0]) for _ in range(STEPS)]
            return losses, [np.asarray(v) for v in sess.run(params)]
