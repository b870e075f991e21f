"""The examples that open ready to train: linear regression, a digit-classifier MLP and a
small CNN, each with its data files beside it and the Train dock set up in its editor
section (placeholders bound to the files, train op, loss, metric, settings).

``tools/make_examples.py`` writes them with the other examples; the output is
deterministic (seeded numpy; ``np.save`` writes the same bytes), and a test checks that the
committed files are what this module makes.

Why synthetic digits: no dataset ships with the project's dependencies (scikit-learn is not
one). The 8×8 images are drawn from ten hand-made glyphs, shifted by up to a pixel, with
stroke intensity and pixel noise varied — 0 to 16 like scikit-learn's ``load_digits``, so a
learner meets the same shapes — and stored as ``uint8`` (fed to a float32 placeholder).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import engine

#: 8×8 glyphs of the digits 0-9 ('#' is ink)
GLYPHS = [
    ["..####..", ".#....#.", ".#....#.", ".#....#.", ".#....#.", ".#....#.", "..####..",
     "........"],
    ["...##...", "..###...", "...##...", "...##...", "...##...", "...##...", "..####..",
     "........"],
    ["..####..", ".#....#.", "......#.", "....##..", "...#....", "..#.....", ".######.",
     "........"],
    ["..####..", ".#....#.", "......#.", "...###..", "......#.", ".#....#.", "..####..",
     "........"],
    ["....##..", "...#.#..", "..#..#..", ".#...#..", ".######.", ".....#..", ".....#..",
     "........"],
    [".######.", ".#......", ".#####..", "......#.", "......#.", ".#....#.", "..####..",
     "........"],
    ["..####..", ".#......", ".#......", ".#####..", ".#....#.", ".#....#.", "..####..",
     "........"],
    [".######.", "......#.", ".....#..", "....#...", "...#....", "...#....", "...#....",
     "........"],
    ["..####..", ".#....#.", ".#....#.", "..####..", ".#....#.", ".#....#.", "..####..",
     "........"],
    ["..####..", ".#....#.", ".#....#.", "..#####.", "......#.", "......#.", "..####..",
     "........"],
]


#: a built example: its graph, the names of the model's ops (the rest is what minimize
#: added), the Train dock's section and the data files
Example = tuple[engine.Graph, set[str], dict[str, Any], dict[str, np.ndarray]]


def digit_images(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``count`` images (uint8, 0-16, count×8×8) and their labels (uint8)."""
    rng = np.random.default_rng(seed)
    glyphs = np.array([[[c == "#" for c in row] for row in g] for g in GLYPHS], np.float64)
    labels = rng.integers(0, 10, count)
    images = np.zeros((count, 8, 8))
    for i, label in enumerate(labels):
        image = np.roll(glyphs[label], (rng.integers(-1, 2), rng.integers(-1, 2)), (0, 1))
        image = image * rng.uniform(10, 16) + rng.normal(0, 2.5, (8, 8))
        images[i] = image
    return np.clip(np.rint(images), 0, 16).astype(np.uint8), labels.astype(np.uint8)


def _section(name: str, data: dict[str, dict[str, Any]], train_op: str, loss: str,
             metric: str, predict: str, **settings: Any) -> dict[str, Any]:
    config = engine.TrainConfig(**settings)
    return {
        "train_op": train_op, "loss": loss, "metric": metric,
        "data": {k: dict(v) for k, v in data.items()}, "validation": {},
        "settings": {k: getattr(config, k) for k in (
            "batch_size", "shuffle", "seed", "epochs", "steps", "eval_every",
            "validation_fraction")},
        "predict": predict,
    }


def linear_regression() -> Example:
    """y = 2x + 1 with noise; pred = x·W + b; mean squared error; gradient descent."""
    rng = np.random.default_rng(7)
    x = rng.uniform(-2, 2, (200, 1)).astype(np.float32)
    y = (2.0 * x + 1.0 + rng.normal(0, 0.3, (200, 1))).astype(np.float32)
    g = engine.Graph()
    with g.as_default():
        xs = engine.placeholder(engine.float32, [None, 1], name="x")
        ys = engine.placeholder(engine.float32, [None, 1], name="y")
        w = engine.Variable(np.array([[0.5]], np.float32), name="W")
        b = engine.Variable(np.zeros([1], np.float32), name="b")
        pred = engine.add(engine.matmul(xs, w), b, name="pred")
        loss = engine.reduce_mean(engine.square(pred - ys), name="loss")
    model = {op.name for op in g.get_operations()}
    with g.as_default():
        engine.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    files = {"linear_regression_x.npy": x, "linear_regression_y.npy": y}
    section = _section("linear_regression", {
        "x": {"file": "linear_regression_x.npy"}, "y": {"file": "linear_regression_y.npy"}},
        "train", "loss", "", "pred", batch_size=20, epochs=20, eval_every=10,
        validation_fraction=0.2)
    return g, model, section, files


def _digits_files() -> dict[str, np.ndarray]:
    images, labels = digit_images(1500, seed=11)
    return {"digits_images.npy": images, "digits_labels.npy": labels}


def _accuracy(logits: engine.Tensor, labels: engine.Tensor) -> engine.Tensor:
    predicted = engine.argmax(logits, 1, output_type=engine.int32)
    hits = engine.cast(engine.equal(predicted, labels), engine.float32)
    return engine.reduce_mean(hits, name="accuracy")


def _dense(x: engine.Tensor, rows: int, cols: int, name: str, seed: int) -> engine.Tensor:
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6.0 / (rows + cols))
    w = engine.Variable(rng.uniform(-limit, limit, (rows, cols)).astype(np.float32),
                        name=f"{name}_W")
    b = engine.Variable(np.zeros([cols], np.float32), name=f"{name}_b")
    return engine.add(engine.matmul(x, w), b, name=name)


def digits_mlp() -> Example:
    """64 pixels → 32 ReLU → 10 logits; sparse softmax cross-entropy; Adam; accuracy."""
    g = engine.Graph()
    with g.as_default():
        images = engine.placeholder(engine.float32, [None, 8, 8], name="images")
        labels = engine.placeholder(engine.int32, [None], name="labels")
        flat = engine.reshape(images / 16.0, [-1, 64], name="pixels")
        hidden = engine.nn.relu(_dense(flat, 64, 32, "hidden", 1), name="hidden_relu")
        logits = _dense(hidden, 32, 10, "logits", 2)
        loss = engine.reduce_mean(engine.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits), name="loss")
        _accuracy(logits, labels)
        engine.argmax(logits, 1, name="digit")
    model = {op.name for op in g.get_operations()}
    with g.as_default():
        engine.train.AdamOptimizer(0.01).minimize(loss, name="train")
    section = _section("digits_mlp", {
        "images": {"file": "digits_images.npy"}, "labels": {"file": "digits_labels.npy"}},
        "train", "loss", "accuracy", "digit", batch_size=32, epochs=5, eval_every=25,
        validation_fraction=0.2)
    return g, model, section, _digits_files()


def digits_cnn() -> Example:
    """8×8×1 → conv 3×3×8 ReLU → max pool 2×2 → 10 logits; Adam; accuracy."""
    rng = np.random.default_rng(3)
    g = engine.Graph()
    with g.as_default():
        images = engine.placeholder(engine.float32, [None, 8, 8], name="images")
        labels = engine.placeholder(engine.int32, [None], name="labels")
        x = engine.reshape(images / 16.0, [-1, 8, 8, 1], name="image")
        k = engine.Variable(rng.normal(0, 0.3, (3, 3, 1, 8)).astype(np.float32), name="conv_W")
        kb = engine.Variable(np.zeros([8], np.float32), name="conv_b")
        conv = engine.nn.relu(engine.nn.bias_add(
            engine.nn.conv2d(x, k, [1, 1, 1, 1], "SAME"), kb), name="conv_relu")
        pool = engine.nn.max_pool(conv, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="pool")
        flat = engine.reshape(pool, [-1, 128], name="features")
        logits = _dense(flat, 128, 10, "logits", 4)
        loss = engine.reduce_mean(engine.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits), name="loss")
        _accuracy(logits, labels)
        engine.argmax(logits, 1, name="digit")
    model = {op.name for op in g.get_operations()}
    with g.as_default():
        engine.train.AdamOptimizer(0.01).minimize(loss, name="train")
    section = _section("digits_cnn", {
        "images": {"file": "digits_images.npy"}, "labels": {"file": "digits_labels.npy"}},
        "train", "loss", "accuracy", "digit", batch_size=32, epochs=4, eval_every=25,
        validation_fraction=0.2)
    return g, model, section, _digits_files()


TRAINING_EXAMPLES = {
    "linear_regression.json": linear_regression,
    "digits_mlp.json": digits_mlp,
    "digits_cnn.json": digits_cnn,
}
