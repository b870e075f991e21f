"""Scoped graphs for the group tests: the builder's name scopes make the groups."""

from __future__ import annotations

import numpy as np

import engine


def layered_model(layers: int = 3) -> engine.Graph:
    """``x`` → ``layer0`` … ``layerN-1`` (each MatMul, Tanh and its Const ``w``) → ``loss``."""
    g = engine.Graph()
    with g.as_default():
        h = engine.placeholder(engine.float32, [None, 4], name="x")
        for i in range(layers):
            with engine.name_scope(f"layer{i}"):
                w = engine.constant(np.ones((4, 4), np.float32), name="w")
                h = engine.tanh(engine.matmul(h, w))
        with engine.name_scope("loss"):
            engine.reduce_sum(h)
    return g
