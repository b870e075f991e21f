"""TF1's deprecated ``tf.nn.softmax_cross_entropy_with_logits`` warns as TF does: its
labels get no gradient, and TF tells the user so (v2 lets gradients into the labels)."""

from __future__ import annotations

import warnings

import pytest

import engine


def _build_v1_loss() -> None:
    g = engine.Graph()
    with g.as_default():
        engine.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0]], logits=[[1.0, 2.0]])


def test_the_v1_loss_warns_with_tfs_deprecation_text() -> None:
    with pytest.warns(DeprecationWarning) as record:
        _build_v1_loss()
    message = str(record[0].message)
    assert message.startswith("softmax_cross_entropy_with_logits (from "
                              "tensorflow.python.ops.nn_ops) is deprecated")
    assert "See `tf.nn.softmax_cross_entropy_with_logits_v2`." in message


def test_the_v1_loss_warning_points_at_the_callers_line() -> None:
    with pytest.warns(DeprecationWarning) as record:
        _build_v1_loss()
    assert record[0].filename == __file__


def test_the_v2_loss_does_not_warn() -> None:
    g = engine.Graph()
    with g.as_default(), warnings.catch_warnings():
        warnings.simplefilter("error")
        engine.nn.softmax_cross_entropy_with_logits_v2(labels=[[0.0, 1.0]],
                                                       logits=[[1.0, 2.0]])
