"""The composed programs the chain fuzzer (``tools/fuzz_specs_chain.py``) draws, on either
namespace (``tf.compat.v1`` or ``engine``): what a TF1 model is, a chain of steps from an
input (a constant, or a placeholder with unknown dims or rank) through matmul, bias_add,
activations, reshapes, reductions, softmax, losses, slicing, concat and broadcasting, whose
gradients take TF's run-time shape paths (``Shape``, ``BroadcastGradientArgs``, ``AddN`` where
a tensor is used twice, ``None`` through integer casts and ``stop_gradient``).

A step is a dict: ``"op"`` (a key of ``STEPS``), ``"src"`` (which earlier tensor it reads:
an index into the inputs followed by every step's output, ``-1`` the last) and its own
arguments. Constants a step needs (a weight, a bias, an operand) are ``[shape, seed]`` and
take the dtype of the tensor they meet. ``chain_grads`` adds ``tf.gradients`` of several ys at
once (with ``grad_ys``); ``chain_classifier`` trains a small softmax classifier with a drawn
optimizer and compares the loss and variables after every step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .fuzzed_array_programs import _arg, _item
from .harness import Fetch

Env = list[Any]


def _const(tf: Any, spec: list[Any], dtype: str) -> Any:
    """The constant ``[shape, seed]`` describes, in ``dtype``."""
    shape, seed = spec
    rng = np.random.RandomState(seed)
    if dtype.startswith(("int", "uint")):
        return tf.constant(rng.randint(-3, 4, size=tuple(shape)).astype(dtype))
    if dtype == "bool":
        return tf.constant(rng.randint(0, 2, size=tuple(shape)).astype(bool))
    return tf.constant(rng.uniform(-1, 1, size=tuple(shape)).astype(dtype))


def _dt(x: Any) -> str:
    return str(x.dtype.name)


def _matmul(tf: Any, x: Any, env: Env, w: list[Any], **kw: Any) -> Any:
    return tf.matmul(x, _const(tf, w, _dt(x)), **kw)


def _bias_add(tf: Any, x: Any, env: Env, b: list[Any], **kw: Any) -> Any:
    return tf.nn.bias_add(x, _const(tf, b, _dt(x)), **kw)


def _act(tf: Any, x: Any, env: Env, fn: str, **kw: Any) -> Any:
    where = tf.nn if hasattr(tf.nn, fn) and fn not in ("tanh", "sigmoid") else tf
    return getattr(where, fn)(x, **kw)


def _reshape(tf: Any, x: Any, env: Env, shape: Any = None, form: str = "list",
             other: int = 0) -> Any:
    if form == "batch_flat":  # tf.reshape(x, [tf.shape(x)[0], -1])
        return tf.reshape(x, [tf.shape(x)[0], -1])
    if form == "stack":
        return tf.reshape(x, tf.stack([tf.shape(x)[0], -1]))
    if form == "shape_of":  # back to an earlier tensor's run-time shape
        return tf.reshape(x, tf.shape(env[other]))
    if form == "tensor":
        return tf.reshape(x, tf.constant(shape, dtype=tf.int32))
    return tf.reshape(x, shape)


def _concat(tf: Any, x: Any, env: Env, other: int, axis: int, first: bool = True) -> Any:
    pair = [x, env[other]] if first else [env[other], x]
    return tf.concat(pair, axis=axis)


def _reduce(tf: Any, x: Any, env: Env, fn: str, axis: Any = None, keepdims: Any = None,
            tuple_axis: bool = False) -> Any:
    kw: dict[str, Any] = {} if keepdims is None else {"keepdims": keepdims}
    ax = tuple(axis) if tuple_axis and isinstance(axis, list) else _arg(tf, axis)
    return getattr(tf, fn)(x, axis=ax, **kw)


def _softmax(tf: Any, x: Any, env: Env, fn: str, axis: Any = None) -> Any:
    kw = {} if axis is None else {"axis": axis}
    return getattr(tf.nn, fn)(x, **kw)


def _onehot_labels(tf: Any, shape: list[int], seed: int, dtype: str) -> Any:
    """Rows summing to one, the labels a softmax cross-entropy expects."""
    rng = np.random.RandomState(seed)
    raw = rng.uniform(0, 1, size=tuple(shape))
    return tf.constant((raw / np.maximum(raw.sum(-1, keepdims=True), 1e-6)).astype(dtype))


def _ids(tf: Any, shape: list[int], seed: int, classes: int, dtype: str) -> Any:
    rng = np.random.RandomState(seed)
    return tf.constant(rng.randint(0, classes, size=tuple(shape)).astype(dtype))


def _loss(tf: Any, x: Any, env: Env, kind: str, labels: list[Any], classes: int = 1,
          reduction: str | None = None) -> Any:
    """A loss of ``x`` against labels drawn from ``labels`` (``[shape, seed]``): class ids
    below ``classes`` for the sparse ones, rows summing to one for softmax, 0/1 targets."""
    dtype = _dt(x)
    shape, seed = labels
    if kind == "sparse_xent":
        return tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=_ids(tf, shape, seed, classes, "int32"), logits=x)
    if kind == "losses_sparse_xent":
        return tf.losses.sparse_softmax_cross_entropy(
            _ids(tf, shape, seed, classes, "int64"), x)
    if kind == "xent":
        return tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=_onehot_labels(tf, shape, seed, dtype), logits=x)
    if kind == "losses_xent":
        return tf.losses.softmax_cross_entropy(_onehot_labels(tf, shape, seed, dtype), x)
    if kind == "sigmoid_xent":
        target = tf.constant(np.random.RandomState(seed).randint(0, 2, size=tuple(shape))
                             .astype(dtype))
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=x)
    if kind == "l2":
        return tf.nn.l2_loss(x)
    kw: dict[str, Any] = {}
    if reduction is not None:
        kw["reduction"] = getattr(tf.losses.Reduction, reduction)
    fn = {"mse": "mean_squared_error", "abs": "absolute_difference",
          "huber": "huber_loss"}[kind]
    return getattr(tf.losses, fn)(_const(tf, labels, dtype), x, **kw)


def _index(tf: Any, x: Any, env: Env, items: list[Any]) -> Any:
    return x[tuple(_item(tf, item) for item in items)]


def _binary(tf: Any, x: Any, env: Env, fn: str, operand: Any, first: bool = True) -> Any:
    """``x fn c`` (or ``c fn x``): ``c`` a constant broadcasting against ``x``, a Python
    number, or an earlier tensor (a diamond: the gradient adds two paths with AddN)."""
    if isinstance(operand, dict):
        other = env[operand["env"]]
    elif isinstance(operand, list):
        other = _const(tf, operand, _dt(x))
    else:
        other = operand
    a, b = (x, other) if first else (other, x)
    ops = {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
           "div": lambda: a / b, "maximum": lambda: tf.maximum(a, b),
           "minimum": lambda: tf.minimum(a, b),
           "squared_difference": lambda: tf.squared_difference(a, b),
           "pow": lambda: tf.pow(a, b)}
    return ops[fn]()


def _where(tf: Any, x: Any, env: Env, other: int, v2: bool = False) -> Any:
    cond = x > 0
    if v2:
        return tf.where_v2(cond, x, env[other])
    return tf.where(cond, x, env[other] if other is not None else tf.zeros_like(x))


def _gather(tf: Any, x: Any, env: Env, indices: Any, axis: int = 0) -> Any:
    return tf.gather(x, _arg(tf, indices), axis=axis)


STEPS: dict[str, Callable[..., Any]] = {
    "matmul": _matmul,
    "bias_add": _bias_add,
    "act": _act,
    "reshape": _reshape,
    "transpose": lambda tf, x, env, perm=None: tf.transpose(x, perm=perm),
    "expand_dims": lambda tf, x, env, axis: tf.expand_dims(x, axis),
    "squeeze": lambda tf, x, env, axis=None: tf.squeeze(x, axis=axis),
    "concat": _concat,
    "reduce": _reduce,
    "softmax": _softmax,
    "loss": _loss,
    "index": _index,
    "gather": _gather,
    "tile": lambda tf, x, env, multiples: tf.tile(x, multiples),
    "binary": _binary,
    "cast": lambda tf, x, env, dtype: tf.cast(x, getattr(tf, dtype)),
    "where": _where,
    "stop_gradient": lambda tf, x, env: tf.stop_gradient(x),
    "zeros_like_add": lambda tf, x, env: x + tf.zeros_like(x),
    "identity": lambda tf, x, env: tf.identity(x),
}


def run_steps(tf: Any, xs: list[Any], steps: list[dict[str, Any]]) -> Env:
    """Every tensor of the chain: the inputs, then each step's output."""
    env: Env = list(xs)
    for step in steps:
        args = {k: v for k, v in step.items() if k not in ("op", "src")}
        env.append(STEPS[step["op"]](tf, env[step.get("src", -1)], env, **args))
    return env


def chain(tf: Any, xs: list[Any], steps: list[dict[str, Any]],
          outs: list[int] | None = None) -> Any:
    """The chain's outputs (the last tensor, or those ``outs`` names); ``fuzzed.build`` adds
    the gradients of ``reduce_sum(y * w)`` with respect to the inputs."""
    env = run_steps(tf, xs, steps)
    return [env[i] for i in outs] if outs else [env[-1]]


def chain_grads(tf: Any, xs: list[Any], steps: list[dict[str, Any]], ys: list[int],
                wrt: list[int], grad_ys: list[Any] | None = None) -> Any:
    """``tf.gradients`` of several ys of one chain at once, with respect to inputs and
    intermediate tensors, each y weighted by a drawn ``grad_ys`` (``None``: ones)."""
    env = run_steps(tf, xs, steps)
    ys_t = [env[i] for i in ys]
    gys = None
    if grad_ys is not None:
        gys = [None if g is None else _const(tf, [list(g[0]), g[1]], _dt(y))
               for g, y in zip(grad_ys, ys_t)]
    grads = tf.gradients(ys_t, [env[i] for i in wrt], grad_ys=gys)
    probe: list[Any] = [[str(y.shape), y.dtype.name] for y in ys_t]
    probe.append([None if g is None else [g.name, str(g.shape), g.dtype.name]
                  for g in grads])
    return Fetch(ys_t + [g for g in grads if g is not None], probe=probe)


def _layer_values(sizes: list[int], seed: int, dtype: str) -> list[np.ndarray]:
    rng = np.random.RandomState(seed)
    out = []
    for a, b in zip(sizes, sizes[1:]):
        out.append((rng.uniform(-1, 1, size=(a, b)) / np.sqrt(a)).astype(dtype))
        out.append(rng.uniform(-0.1, 0.1, size=(b,)).astype(dtype))
    return out


def chain_classifier(tf: Any, xs: list[Any], width: int, hidden: list[int], classes: int,
                     act: str, opt: str, okw: dict[str, Any], loss: str, steps: int = 3,
                     seed: int = 0) -> Any:
    """A 1-2 layer softmax classifier as a TF1 learner writes it, trained ``steps`` steps by
    ``opt``; the loss and weights are snapshot into variables after every step, so that each
    step's values are compared, not only the last."""
    x = xs[0]
    sizes = [width, *hidden, classes]
    values = _layer_values(sizes, seed, _dt(x))
    h = x
    params = []
    for i in range(len(sizes) - 1):
        w = tf.Variable(values[2 * i], name=f"w{i}")
        b = tf.Variable(values[2 * i + 1], name=f"b{i}")
        params += [w, b]
        h = tf.matmul(h, w) + b
        if i < len(sizes) - 2:
            h = getattr(tf.nn, act)(h)
    labels = xs[1]
    if loss == "sparse":
        cost = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=h)
    elif loss == "losses":
        cost = tf.losses.softmax_cross_entropy(tf.one_hot(labels, classes, dtype=h.dtype), h)
    else:
        onehot = tf.one_hot(labels, classes, dtype=h.dtype)
        cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=onehot, logits=h))
    train = getattr(tf.train, opt)(**okw).minimize(cost)
    snaps = []
    before: list[Any] = [tf.global_variables_initializer()]
    for k in range(steps):
        before.append(train)
        snap = tf.Variable(tf.zeros([], dtype=h.dtype), name=f"loss_after_{k}")
        snaps.append(snap)
        before.append(tf.assign(snap, cost))
    before.insert(1, tf.variables_initializer(snaps))
    probe = [str(h.shape), cost.name, str(cost.shape), train.name, train.type,
             [v.name for v in tf.global_variables()]]
    return Fetch([*snaps, *params, cost], before=before, probe=probe)


CHAIN_PROGRAMS: dict[str, Callable[..., Any]] = {
    "chain": chain,
    "chain_grads": chain_grads,
    "chain_classifier": chain_classifier,
}
