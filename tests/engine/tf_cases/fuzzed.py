"""Programs a differential fuzzer (``tools/fuzz_tf.py``) drew at random and on which the
engine once differed from TF, kept so that CI checks each without TF.

A program here is data, a *spec*: which function (a key of ``PROGRAMS``), its inputs (shape,
dtype, how the values are drawn, whether a placeholder with unknown dims feeds it) and its
keyword arguments. ``build`` turns a spec into the same TF1 program on either namespace, and
adds the gradients of ``reduce_sum(y * w)`` for fixed pseudo-random weights ``w`` (their
shapes were measured under TF when the fuzzer drew the spec), ``None`` gradients named in the
probe. Random functions fetch only what does not depend on the bit stream: the output's
shape and a property every draw has (dropout keeps ``x / keep`` or zero, uniform stays in
range).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .fuzzed_array_programs import PROGRAMS as ARRAY_PROGRAMS
from .fuzzed_chain_programs import CHAIN_PROGRAMS
from .fuzzed_math_programs import MATH_PROGRAMS
from .fuzzed_more_programs import MORE_PROGRAMS
from .fuzzed_state_programs import STATE_PROGRAMS
from .harness import Cases, Fetch

cases = Cases("fuzzed")

Spec = dict[str, Any]


def input_value(spec: Spec) -> np.ndarray:
    """One input's values: drawn from its own seed, so that a spec fixes them."""
    rng = np.random.RandomState(spec.get("seed", 0))
    shape = tuple(spec["shape"])
    dtype = spec.get("dtype", "float32")
    lo, hi = spec.get("lo", -3), spec.get("hi", 3)
    if dtype == "bool":
        return rng.randint(0, 2, size=shape).astype(bool)
    if dtype.startswith("int"):
        return rng.randint(lo, hi, size=shape).astype(dtype)
    values = rng.uniform(lo, hi, size=shape)
    if spec.get("special"):  # NaN, infinities and zeros sprinkled in
        pick = rng.randint(0, 6, size=shape)
        values = np.where(pick == 0, np.nan, values)
        values = np.where(pick == 1, np.inf, values)
        values = np.where(pick == 2, -np.inf, values)
        values = np.where(pick == 3, 0.0, values)
    if spec.get("round"):  # ties for top_k and friends
        values = np.round(values)
    return values.astype(dtype)


def _input(tf: Any, spec: Spec, feed: dict[Any, Any]) -> Any:
    value = input_value(spec)
    how = spec.get("feed")
    if how is None:
        return tf.constant(value)
    shape = None if how == "rank" else how
    ph = tf.placeholder(getattr(tf, spec.get("dtype", "float32")), shape=shape)
    feed[ph] = value
    return ph


def _weights(shape: list[int], dtype: str, seed: int) -> np.ndarray:
    return np.random.RandomState(seed).uniform(-1, 1, size=tuple(shape)).astype(dtype)


def _flat(out: Any) -> list[Any]:
    if isinstance(out, (list, tuple)):
        return [x for o in out for x in _flat(o)]
    return [out]


def _is_float(t: Any) -> bool:
    return bool(getattr(t, "dtype", None) is not None and t.dtype.is_floating)


def build(tf: Any, spec: Spec) -> Fetch:
    """The program ``spec`` describes, on ``tf`` (``tf.compat.v1`` or ``engine``)."""
    feed: dict[Any, Any] = {}
    xs = [_input(tf, s, feed) for s in spec.get("inputs", [])]
    out = PROGRAMS[spec["fn"]](tf, xs, **spec.get("kw", {}))
    if isinstance(out, Fetch):  # a program that fetches on its own (random ones, training)
        out.feed.update(feed)
        return out
    ys = [y for y in _flat(out) if y is not None and hasattr(y, "dtype")]
    fetches: list[Any] = list(ys)
    probe: list[Any] = [[str(y.shape), y.dtype.name] for y in ys]
    wshapes = spec.get("wshapes")
    wrt = [xs[i] for i in spec.get("grad", [])]
    if wshapes is not None and wrt:
        terms = [tf.reduce_sum(y * _weights(shape, y.dtype.name, 100 + i))
                 for i, (y, shape) in enumerate(zip(ys, wshapes))
                 if shape is not None and _is_float(y)]
        if terms:
            loss = terms[0] if len(terms) == 1 else tf.add_n(terms)
            grads = tf.gradients(loss, wrt)
            probe.append([g is None for g in grads])
            fetches += [g for g in grads if g is not None]
    return Fetch(fetches, feed=feed, probe=probe)


# --- the functions the fuzzer draws, each (tf, inputs, **kw) -> output(s) ---------------------
def _dropout(tf: Any, xs: list[Any], rate: float, noise_shape: Any = None,
             keep_prob: Any = None) -> Any:
    x = xs[0]
    y = (tf.nn.dropout(x, keep_prob=keep_prob, noise_shape=noise_shape, seed=3)
         if keep_prob is not None else
         tf.nn.dropout(x, rate=rate, noise_shape=noise_shape, seed=3))
    keep = keep_prob if keep_prob is not None else 1.0 - rate
    near = tf.abs(y * keep - x) <= 1e-3 * (tf.abs(x) + 1.0)
    fine = tf.reduce_all(tf.logical_or(tf.equal(y, 0.0), near))
    return Fetch([tf.shape(y), fine], probe=[str(y.shape), y.dtype.name, y.name])


def _random(tf: Any, xs: list[Any], fn: str, shape: list[int], dtype: str = "float32",
            **kw: Any) -> Any:
    y = getattr(tf.random, fn)(shape, dtype=getattr(tf, dtype), seed=5, **kw)
    checks: list[Any] = [tf.shape(y)]
    if fn == "uniform":
        lo = kw.get("minval", 0)
        hi = kw.get("maxval", 1)
        checks.append(tf.reduce_all(tf.logical_and(y >= lo, y < hi)))
    if fn == "truncated_normal":
        mean, std = kw.get("mean", 0.0), kw.get("stddev", 1.0)
        checks.append(tf.reduce_all(tf.abs(y - mean) <= 2.0 * std + 1e-3))
    return Fetch(checks, probe=[str(y.shape), y.dtype.name, y.name,
                                [op.type for op in y.graph.get_operations()]])


def _loss(tf: Any, xs: list[Any], fn: str, reduction: str | None = None,
          weights: Any = "default", **kw: Any) -> Any:
    labels, preds = xs[0], xs[1]
    if weights == "input":
        kw["weights"] = xs[2]
    elif weights != "default":
        kw["weights"] = weights
    if reduction is not None:
        kw["reduction"] = getattr(tf.losses.Reduction, reduction)
    loss = getattr(tf.losses, fn)(labels, preds, **kw)
    return [loss]


def _train(tf: Any, xs: list[Any], opt: str, steps: int, kw: dict[str, Any],
           sparse: bool = False, dtype: str = "float32") -> Any:
    init = input_value({"shape": [4, 3], "seed": 9, "dtype": dtype})
    var = tf.Variable(init, name="v")
    w = tf.constant(input_value({"shape": [4, 3], "seed": 10, "dtype": dtype}))
    if sparse:
        rows = tf.gather(var, [0, 2, 2])
        loss = tf.reduce_sum(rows * w[:3]) + tf.reduce_sum(tf.square(rows))
    else:
        loss = tf.reduce_sum(var * w) + tf.reduce_sum(tf.square(var))
    step = getattr(tf.train, opt)(**kw).minimize(loss)
    return Fetch(list(tf.global_variables()),  # the variable and the optimizer's slots
                 before=[tf.global_variables_initializer()] + [step] * steps,
                 probe=[op.name for op in tf.global_variables()])


def _decay(tf: Any, xs: list[Any], fn: str, step: Any, step_dtype: str = "int64",
           **kw: Any) -> Any:
    gs = tf.constant(step, dtype=getattr(tf, step_dtype))
    return [getattr(tf.train, fn)(global_step=gs, **kw)]


def _piecewise(tf: Any, xs: list[Any], step: Any, boundaries: list[Any],
               values: list[Any], step_dtype: str = "int32") -> Any:
    x = tf.constant(step, dtype=getattr(tf, step_dtype))
    return [tf.train.piecewise_constant(x, boundaries, values)]


def _math(tf: Any, xs: list[Any], fn: str, **kw: Any) -> Any:
    return getattr(tf.math, fn)(*xs, **kw)


PROGRAMS: dict[str, Callable[..., Any]] = {
    "split": lambda tf, xs, **kw: tf.split(xs[0], **kw),
    "pad": lambda tf, xs, **kw: tf.pad(xs[0], **kw),
    "cumsum": lambda tf, xs, **kw: tf.cumsum(xs[0], **kw),
    "cumprod": lambda tf, xs, **kw: tf.cumprod(xs[0], **kw),
    "is_nan": lambda tf, xs: tf.is_nan(xs[0]),
    "is_inf": lambda tf, xs: tf.is_inf(xs[0]),
    "is_finite": lambda tf, xs: tf.is_finite(xs[0]),
    "l2_normalize": lambda tf, xs, **kw: tf.nn.l2_normalize(xs[0], **kw),
    "embedding_lookup": lambda tf, xs, shards=1, **kw: tf.nn.embedding_lookup(
        xs[:shards] if shards > 1 else xs[0], xs[shards], **kw),
    "sequence_mask": lambda tf, xs, dtype="bool", **kw: tf.sequence_mask(
        xs[0], dtype=getattr(tf, dtype), **kw),
    "boolean_mask": lambda tf, xs, **kw: tf.boolean_mask(xs[0], xs[1], **kw),
    "top_k": lambda tf, xs, **kw: list(tf.math.top_k(xs[0], **kw)),
    "gather_nd": lambda tf, xs, **kw: tf.gather_nd(xs[0], xs[1], **kw),
    "scatter_nd": lambda tf, xs, **kw: tf.scatter_nd(xs[0], xs[1], **kw),
    "einsum": lambda tf, xs, equation: tf.einsum(equation, *xs),
    "depthwise_conv2d": lambda tf, xs, **kw: tf.nn.depthwise_conv2d(xs[0], xs[1], **kw),
    "clip_by_norm": lambda tf, xs, **kw: tf.clip_by_norm(xs[0], **kw),
    "global_norm": lambda tf, xs: tf.global_norm(xs),
    "clip_by_global_norm": lambda tf, xs, **kw: tf.clip_by_global_norm(xs, **kw),
    "clip_by_global_norm_with": lambda tf, xs, **kw: tf.clip_by_global_norm(
        xs[:-1], use_norm=xs[-1], **kw),
    "dropout": _dropout,
    "random": _random,
    "loss": _loss,
    "train": _train,
    "decay": _decay,
    "piecewise_constant": _piecewise,
    "math": _math,
    **ARRAY_PROGRAMS,
    **MATH_PROGRAMS,
    **STATE_PROGRAMS,
    **CHAIN_PROGRAMS,
    **MORE_PROGRAMS,
}

#: specs the fuzzer found the engine differing on, by a name saying what each checks (one
#: a line in ``fuzzed_specs.json``: paste a line of ``tools/fuzz_tf.py``'s output there)
FOUND: dict[str, Spec] = json.loads(
    Path(__file__).with_name("fuzzed_specs.json").read_text(encoding="utf-8"))


def register(name: str, spec: Spec, family: Cases = cases) -> None:
    """``spec`` as a case of ``family`` (this module's, or another fuzzed family's)."""
    rtol = {"float16": 1e-2, "float64": 1e-9}.get(spec.get("tol", "float32"), 1e-5)

    @family.case(name, rtol=rtol)
    def _(tf: Any) -> Any:
        return build(tf, spec)


for _name, _spec in FOUND.items():
    register(_name, _spec)
