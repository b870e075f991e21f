"""Static inference says what the kernels return: for the machine-learning ops over random
shapes whose placeholders hide some dimensions (or the whole rank), the inferred shape fits
the value's shape wherever it claims to know a dimension, and the dtype is the value's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine

Build = Callable[[Any, Any, tuple[int, ...]], Any]


def _slice_spec(draw: Any, shape: tuple[int, ...]) -> tuple[Any, ...]:
    spec: list[Any] = []
    for d in shape[: draw(st.integers(0, len(shape)))]:
        kind = draw(st.sampled_from(["index", "slice", "all", "newaxis"]))
        if kind == "index":
            spec.append(draw(st.integers(-d, d - 1)))
        elif kind == "slice":
            start = draw(st.none() | st.integers(-d - 1, d + 1))
            stop = draw(st.none() | st.integers(-d - 1, d + 1))
            step = draw(st.sampled_from([None, 1, 2, -1, -2]))
            spec.append(slice(start, stop, step))
        elif kind == "all":
            spec.append(slice(None))
        else:  # a new axis takes no input dimension: this dimension is then taken whole
            spec.extend([None, slice(None)])
    if draw(st.booleans()):  # after the indices, which were drawn for the leading dims
        spec.append(Ellipsis)
    return tuple(spec)


@st.composite
def cases(draw: Any) -> tuple[str, Build]:
    rank = draw(st.integers(1, 4))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank)))
    axis = draw(st.integers(-rank, rank - 1))
    keep = draw(st.booleans())
    spec = _slice_spec(draw, shape)
    reps = [draw(st.integers(1, 2)) for _ in shape]
    builders: dict[str, Build] = {
        "reshape": lambda e, x, s: e.reshape(x, [-1, s[-1]]),
        "reshape_flat": lambda e, x, s: e.reshape(x, [-1]),
        "transpose": lambda e, x, s: e.transpose(x),
        "expand_dims": lambda e, x, s: e.expand_dims(x, axis),
        "squeeze": lambda e, x, s: e.squeeze(x),
        "concat": lambda e, x, s: e.concat([x, x * 2.0], axis),
        "stack": lambda e, x, s: e.stack([x, x], axis=axis),
        "tile": lambda e, x, s: e.tile(x, reps),
        "reduce_sum": lambda e, x, s: e.reduce_sum(x, axis, keepdims=keep),
        "reduce_max_all": lambda e, x, s: e.reduce_max(x),
        "reduce_mean": lambda e, x, s: e.reduce_mean(x, [axis], keepdims=keep),
        "argmax": lambda e, x, s: e.argmax(x, axis),
        "slice": lambda e, x, s: x[spec],
        "softmax": lambda e, x, s: e.nn.softmax(x),
        "log_softmax_axis": lambda e, x, s: e.nn.log_softmax(x, axis=axis),
        "shape": lambda e, x, s: e.shape(x),
        "size": lambda e, x, s: e.size(x),
        "rank": lambda e, x, s: e.rank(x),
        "zeros_like": lambda e, x, s: e.zeros_like(x),
        "ones_like": lambda e, x, s: e.ones_like(x),
        "gather": lambda e, x, s: e.gather(x, [0, 0], axis=axis),
        "broadcast_to": lambda e, x, s: e.broadcast_to(x, (2, *s)),
        "where": lambda e, x, s: e.where(x > 0.0),
        "select": lambda e, x, s: e.where(x > 0.0, x, -x),
        "relu": lambda e, x, s: e.nn.relu(x),
        "l2_loss": lambda e, x, s: e.nn.l2_loss(x),
        "fill_like": lambda e, x, s: e.fill(e.shape(x), 2.0),
        "zeros_of_shape": lambda e, x, s: e.zeros(e.shape(x)),
        "random": lambda e, x, s: e.random_normal(e.shape(x), seed=1),
    }
    if rank >= 2:
        builders["bias_add"] = lambda e, x, s: e.nn.bias_add(x, e.ones([s[-1]]))
        builders["xent"] = lambda e, x, s: e.nn.softmax_cross_entropy_with_logits_v2(
            labels=e.nn.softmax(x), logits=x)
    if rank == 2:
        builders["sparse_xent"] = lambda e, x, s: e.nn.sparse_softmax_cross_entropy_with_logits(
            labels=e.zeros([s[0]], e.int32), logits=x)
    if rank == 4:
        pad = draw(st.sampled_from(["SAME", "VALID"]))
        builders["conv2d"] = lambda e, x, s: e.nn.conv2d(x, e.ones([1, 1, s[3], 2]), 1, pad)
        builders["max_pool"] = lambda e, x, s: e.nn.max_pool(x, [1, 1, 1, 1], 1, pad)
    name = draw(st.sampled_from(sorted(builders)))
    hidden = draw(st.sampled_from(["none", "some", "rank"]))
    static: Any = list(shape)
    if hidden == "some":
        static = [None if draw(st.booleans()) else d for d in shape]
    elif hidden == "rank":
        static = None
    return name, lambda e, x, s: builders[name](e, x, s), shape, static  # type: ignore[return-value]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_inference_fits_what_the_kernel_returns(case: Any) -> None:
    name, build, shape, static = case
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, static, name="x")
        try:
            out = build(engine, x, shape)
        except ValueError as e:  # refused at build time with a partly unknown shape: fine
            assert static != list(shape), (name, e)
            return
        except TypeError as e:  # TF's softmax over another axis than the last of no rank
            assert static is None and name == "log_softmax_axis", (name, e)
            return
    value = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    result = np.asarray(engine.Session(graph=g).run(out, {x: value}))
    assert out.dtype.np_dtype == result.dtype, name
    dims = out.shape.sizes
    if dims is not None:
        assert len(dims) == result.ndim, (name, out.shape, result.shape)
        for d, n in zip(dims, result.shape):
            assert d is None or d == n, (name, out.shape, result.shape)
    if static == list(shape):  # everything known: nothing is left unknown but Where's count
        assert dims is not None and (name == "where" or None not in dims), (name, out.shape)
