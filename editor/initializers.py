"""Initial values for a Variable, as TF1's initializers make them: zeros, ones, a constant,
random normal / truncated normal / uniform with a seed and a scale, Glorot uniform.

Why computed by the engine's own random ops: a seed gives here the values the engine (and
TF) would give the same op with that seed, so a graph built in a script and one set up in
the inspector start from the same numbers. The result is stored as the Variable's initial
value Const (``<name>/initial_value``): the file holds the numbers, exactly, and a session
that runs the initializer assigns them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

import engine

KINDS = ("zeros", "ones", "constant", "random_normal", "truncated_normal", "random_uniform",
         "glorot_uniform")


@dataclass(frozen=True)
class Initializer:
    """An initializer: ``scale`` is the normal's stddev, the uniform's half-width, or a
    factor on Glorot's limit; ``value`` the constant (broadcast to the shape)."""

    kind: str = "zeros"
    seed: int = 0
    scale: float = 1.0
    value: float = 0.0


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) as TF's variance-scaling initializers count them."""
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2]) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


def initial_value(init: Initializer, shape: tuple[int, ...], dtype: engine.DType) -> np.ndarray:
    """The initial value ``init`` gives a variable of ``shape`` and ``dtype``."""
    np_dtype = dtype.np_dtype
    if init.kind == "zeros":
        return np.zeros(shape, np_dtype)
    if init.kind == "ones":
        return np.ones(shape, np_dtype)
    if init.kind == "constant":
        return np.full(shape, init.value, np_dtype)
    if init.kind not in KINDS:
        raise ValueError(f"unknown initializer {init.kind!r}")
    if not dtype.is_floating:
        raise ValueError(f"a random initializer needs a float variable, this one is "
                         f"{dtype.name}")
    g = engine.Graph()
    with g.as_default():
        if init.kind == "random_normal":
            t = engine.random_normal(shape, stddev=init.scale, dtype=dtype, seed=init.seed)
        elif init.kind == "truncated_normal":
            t = engine.truncated_normal(shape, stddev=init.scale, dtype=dtype, seed=init.seed)
        else:
            if init.kind == "glorot_uniform":
                fan_in, fan_out = fans(shape)
                limit = init.scale * math.sqrt(6.0 / max(1, fan_in + fan_out))
            else:
                limit = init.scale
            t = engine.random_uniform(shape, -limit, limit, dtype=dtype, seed=init.seed)
    with engine.Session(graph=g) as session:
        return np.asarray(session.run(t), dtype=np_dtype)


def guess(value: np.ndarray) -> Initializer:
    """What an initial value looks like it came from: zeros, ones, one constant, or
    (anything else) random normal — shown as the inspector's starting choice."""
    flat = np.asarray(value).reshape(-1)
    if flat.size and np.all(flat == 0):
        return Initializer("zeros")
    if flat.size and np.all(flat == 1):
        return Initializer("ones")
    if flat.size and np.all(flat == flat[0]):
        return Initializer("constant", value=float(flat[0]))
    std = float(np.std(flat)) if flat.size else 1.0
    return Initializer("random_normal", scale=round(std, 4) or 1.0)
