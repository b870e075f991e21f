"""Losses, clipping and learning-rate decay used together, as the README's training section
shows them: a weighted, smoothed softmax cross-entropy from the LOSSES collection, clipped
Adagrad gradients and a staircase decay train a small classifier; each piece on its own is
checked against TF's records in tests/engine/tf_cases/ (losses, clip_norms,
learning_rate_decay, optimizers_adaptive)."""

from __future__ import annotations

import numpy as np

import engine as tf


def _build() -> tuple[tf.Graph, dict[str, object]]:
    rng = np.random.default_rng(4)
    xs = rng.normal(size=(32, 4)).astype(np.float32)
    labels = (xs[:, 0] + xs[:, 1] > 0).astype(np.int64)
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(xs)
        onehot = tf.one_hot(tf.constant(labels), 2)
        w = tf.Variable(np.zeros((4, 2), np.float32), name="w")
        b = tf.Variable(np.zeros(2, np.float32), name="b")
        logits = tf.matmul(x, w) + b
        mask = tf.constant(np.r_[np.ones(30), np.zeros(2)].astype(np.float32))
        tf.losses.softmax_cross_entropy(onehot, logits, weights=mask, label_smoothing=0.1)
        total = tf.losses.get_total_loss()
        gs = tf.train.get_or_create_global_step()
        lr = tf.train.exponential_decay(0.5, gs, decay_steps=10, decay_rate=0.5, staircase=True)
        opt = tf.train.AdagradOptimizer(lr)
        grads, variables = zip(*opt.compute_gradients(total))
        clipped, norm = tf.clip_by_global_norm(list(grads), 1.0)
        train = opt.apply_gradients(zip(clipped, variables), global_step=gs)
        init = tf.global_variables_initializer()
    return g, {"total": total, "lr": lr, "norm": norm, "train": train, "init": init, "gs": gs}


def test_the_readme_recipe_trains_the_loss_down() -> None:
    g, t = _build()
    with tf.Session(graph=g) as sess:
        sess.run(t["init"])
        losses = [float(sess.run([t["total"], t["train"]])[0]) for _ in range(30)]
        assert int(sess.run(t["gs"])) == 30
    assert abs(losses[0] - np.log(2.0)) < 1e-6  # zero weights: every class equally likely
    assert losses[-1] < 0.6 * losses[0]


def test_the_recipe_decays_the_rate_in_steps_and_reports_the_clipped_norm() -> None:
    g, t = _build()
    with tf.Session(graph=g) as sess:
        sess.run(t["init"])
        rates = []
        for _ in range(21):
            rates.append(float(sess.run(t["lr"])))
            sess.run(t["train"])
    assert rates[0] == rates[9] == np.float32(0.5)
    assert rates[10] == np.float32(0.25) and rates[20] == np.float32(0.125)


def test_the_total_loss_is_named_and_collected_as_in_tf() -> None:
    g, t = _build()
    assert t["total"].name == "total_loss:0"  # type: ignore[attr-defined]
    assert [loss.name for loss in g.collections["losses"]] == [
        "softmax_cross_entropy_loss/value:0"]
