"""Random composed programs for ``tools/fuzz_tf.py``: chains of 2-5 steps the way a TF1 model
is written (matmul with a weight, bias_add, activations, reshape with -1 or ``tf.shape``,
transpose, expand_dims, squeeze, concat with itself or a sibling, reductions, softmax, losses,
slicing, gather, tile, broadcasting against a differently shaped operand, cast, where,
stop_gradient, a reuse of an earlier tensor), on constants and on placeholders with unknown
dims or rank, with the gradients of the whole chain; ``tf.gradients`` of several ys at once;
and a small classifier trained by a drawn optimizer. Each step is drawn for the shape the chain
has reached (its concrete shape is followed here with numpy), so that most chains are valid
and the rest fail at a known step. What a spec means is
``tests/engine/tf_cases/fuzzed_chain_programs.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tools.fuzz_specs import Rng, Spec, _pick

Shape = tuple[int, ...]
#: a drawn step, the shape and dtype of its output (``None``: the step is meant to fail)
Drawn = tuple[Spec, Shape | None, str]
ACTS = ["relu", "relu", "sigmoid", "tanh", "elu", "softplus", "relu6", "leaky_relu", "selu",
        "softsign", "exp", "square", "abs", "log_sigmoid"]
#: the losses of ``tf.losses``, which compute in float32 whatever their inputs' dtype
LOSSES_IN_FLOAT32 = ("mse", "abs", "huber", "losses_xent", "losses_sparse_xent")
REDUCE = ["reduce_sum", "reduce_sum", "reduce_mean", "reduce_mean", "reduce_max",
          "reduce_min", "reduce_prod", "reduce_logsumexp"]


def _seed(rng: Rng) -> int:
    return int(rng.randint(1 << 20))


def _dim(rng: Rng) -> int:
    return 0 if rng.rand() < 0.04 else int(rng.randint(1, 5))


def _axis(rng: Rng, rank: int, extra: int = 0) -> int:
    """An axis of a rank-``rank`` tensor (``extra``: one past the end is fine), negative half
    the time, out of range now and then."""
    span = rank + extra
    if span == 0 or rng.rand() < 0.03:
        return int(_pick(rng, [span, -span - 1]))
    return int(rng.randint(-span, span))


def _matmul(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    k = s[-1] if s else 1
    if len(s) != 2 or rng.rand() < 0.03:
        k += int(rng.rand() < 0.5)
    n = _dim(rng)
    kw: Spec = {}
    if rng.rand() < 0.2:
        kw["transpose_b"] = True
    w = [n, k] if kw.get("transpose_b") else [k, n]
    ok = len(s) == 2 and s[-1] == k
    return {"op": "matmul", "w": [w, _seed(rng)], **kw}, (s[0], n) if ok else None, ""


def _bias_add(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    n = s[-1] if s else 1
    if rng.rand() < 0.03:
        n += 1
    ok = len(s) >= 2 and s[-1] == n
    return {"op": "bias_add", "b": [[n], _seed(rng)]}, s if ok else None, ""


def _act(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    fn = _pick(rng, ACTS)
    step: Spec = {"op": "act", "fn": fn}
    if fn == "leaky_relu" and rng.rand() < 0.5:
        step["alpha"] = float(_pick(rng, [0.01, 0.2, 0.5]))
    if rng.rand() < 0.1:
        step["name"] = _pick(rng, ["h", "layer/out"])
    return step, s, ""


def _reshape(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    n = int(np.prod(s)) if s else 1
    r = rng.rand()
    if r < 0.15 and s:
        return {"op": "reshape", "form": _pick(rng, ["batch_flat", "stack"])}, \
            _np_shape(lambda a: a.reshape(s[0], -1), s), ""
    if r < 0.25:
        other = int(rng.randint(len(env)))
        ok = int(np.prod(env[other])) == n
        return {"op": "reshape", "form": "shape_of", "other": other}, \
            env[other] if ok else None, ""
    choices: list[list[int]] = [[-1], [-1, s[-1] if s else 1], [1, -1], [-1, 1], [n]]
    if len(s) >= 2:
        choices += [[s[0], -1], [-1, *s[2:], s[1]] if len(s) > 2 else [s[1], -1]]
    if n and n % 2 == 0:
        choices.append([2, -1, 1])
    target = list(_pick(rng, choices))
    if rng.rand() < 0.04:
        target = [n + 1]
    step: Spec = {"op": "reshape", "shape": target}
    if rng.rand() < 0.2:
        step["form"] = "tensor"
    return step, _np_shape(lambda a: a.reshape(target), s), ""


def _transpose(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    if rng.rand() < 0.3:
        return {"op": "transpose"}, s[::-1], ""
    perm = [int(i) for i in rng.permutation(len(s))]
    return {"op": "transpose", "perm": perm}, tuple(s[i] for i in perm), ""


def _expand_dims(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    axis = _axis(rng, len(s), 1)
    return {"op": "expand_dims", "axis": axis}, \
        _np_shape(lambda a: np.expand_dims(a, axis), s), ""


def _squeeze(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    ones = [i for i, d in enumerate(s) if d == 1]
    if not ones or rng.rand() < 0.3:
        return {"op": "squeeze"}, tuple(d for d in s if d != 1), ""
    axis = int(_pick(rng, ones))
    if rng.rand() < 0.5:
        axis -= len(s)
    return {"op": "squeeze", "axis": [axis]}, \
        _np_shape(lambda a: np.squeeze(a, axis), s), ""


def _concat(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    same = [i for i, e in enumerate(env) if len(e) == len(s)]
    other = int(_pick(rng, same)) if same and rng.rand() < 0.9 else int(rng.randint(len(env)))
    axis = _axis(rng, len(s))
    first = bool(rng.rand() < 0.7)
    pair = [s, env[other]] if first else [env[other], s]
    out = _np_shape2(lambda a, b: np.concatenate([a, b], axis), *pair)
    return {"op": "concat", "other": other, "axis": axis, "first": first}, out, ""


def _reduce(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    fn = _pick(rng, REDUCE)
    rank = len(s)
    r = rng.rand()
    axis: Any = None
    if r < 0.4 and rank:
        axis = _axis(rng, rank)
    elif r < 0.7 and rank:
        axis = sorted({_axis(rng, rank) % rank for _ in range(2)})
    step: Spec = {"op": "reduce", "fn": fn}
    keep = _pick(rng, [None, True, False, False])
    if keep is not None:
        step["keepdims"] = keep
    if axis is not None:
        step["axis"] = axis
        if isinstance(axis, list) and rng.rand() < 0.3:
            step["tuple_axis"] = True
        elif rng.rand() < 0.2:
            step["axis"] = {"tensor": axis, "dtype": _pick(rng, ["int32", "int64"])}
    ax = tuple(axis) if isinstance(axis, list) else axis
    return step, _np_shape(lambda a: np.sum(a, axis=ax, keepdims=bool(keep)), s), ""


def _softmax(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    step: Spec = {"op": "softmax", "fn": _pick(rng, ["softmax", "log_softmax"])}
    if rng.rand() < 0.3:
        step["axis"] = _axis(rng, len(s))
        return step, s if -len(s) <= step["axis"] < len(s) else None, ""
    return step, s if s else None, ""


def _loss(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    kinds = ["xent", "sigmoid_xent", "l2", "mse", "abs", "huber", "sparse_xent"]
    if len(s) == 2:
        kinds += ["losses_xent", "losses_sparse_xent", "xent"]
    kind = _pick(rng, kinds)
    step: Spec = {"op": "loss", "kind": kind}
    lshape = list(s[:-1]) if "sparse" in kind else list(s)
    step["labels"] = [lshape, _seed(rng)]
    if "sparse" in kind:
        step["classes"] = int(max(min(s[-1] if s else 1, 3), 1))
    if kind in ("mse", "abs", "huber") and rng.rand() < 0.4:
        step["reduction"] = _pick(rng, ["NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE",
                                        "SUM_BY_NONZERO_WEIGHTS"])
    if kind in ("l2", "losses_xent", "losses_sparse_xent"):
        out: Shape | None = ()
    elif kind in ("xent", "sparse_xent"):
        out = s[:-1] if s else None
    elif kind == "sigmoid_xent" or step.get("reduction") == "NONE":
        out = s
    else:
        out = ()
    return step, out, ""


def _bound(rng: Rng, d: int) -> Any:
    return None if rng.rand() < 0.4 else int(rng.randint(-d - 1, d + 2))


def _index(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    """``t[:, 1:]``, ``t[0]``, ``t[..., :1]``, ``t[::-1]`` and the like."""
    items: list[Any] = []
    key: list[Any] = []
    for d in s[:3]:
        r = rng.rand()
        if r < 0.2 and d:
            j = int(rng.randint(-d, d))
            items.append(j)
            key.append(j)
        elif r < 0.75:
            start = _pick(rng, [None, 1, 0, -1, _bound(rng, d)])
            stop = _pick(rng, [None, None, -1, _bound(rng, d)])
            step = _pick(rng, [None, None, None, -1, 2])
            items.append([start, stop, step])
            key.append(slice(start, stop, step))
        elif r < 0.85 and "..." not in items:
            items.append("...")
            key.append(Ellipsis)
            break
        else:
            items.append("newaxis")
            key.append(None)
        if rng.rand() < 0.4:
            break
    if not items:
        items, key = [[1, None, None]], [slice(1, None)]
    return {"op": "index", "items": items}, _np_shape(lambda a: a[tuple(key)], s), ""


def _gather(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    if not s:
        return {"op": "gather", "indices": [0]}, None, ""
    axis = int(rng.randint(-len(s), len(s))) if rng.rand() < 0.4 else 0
    d = s[axis]
    hi = d if d and rng.rand() > 0.03 else d + 1
    ishape = _pick(rng, [[2], [3], [1], [2, 2], []])
    idx = rng.randint(0, max(hi, 1), size=ishape).tolist()
    indices: Any = idx
    if rng.rand() < 0.3:
        indices = {"tensor": idx, "dtype": _pick(rng, ["int32", "int64"])}
    out = _np_shape(lambda a: np.take(a, np.asarray(idx, dtype=int), axis=axis), s) \
        if d or not np.size(idx) else None
    if d and np.size(idx) and max(np.ravel(idx)) >= d:
        out = None
    return {"op": "gather", "indices": indices, "axis": axis}, out, ""


def _tile(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    mult = [int(_pick(rng, [1, 1, 2, 3, 0 if rng.rand() < 0.1 else 1])) for _ in s]
    if rng.rand() < 0.03:
        mult.append(2)
    return {"op": "tile", "multiples": mult}, _np_shape(lambda a: np.tile(a, mult), s) \
        if len(mult) == len(s) else None, ""


def _broadcastable(rng: Rng, s: Shape) -> list[int]:
    """A shape broadcasting against ``s``: a suffix of it, some dims 1, maybe longer."""
    k = int(rng.randint(0, len(s) + 1))
    out = [1 if rng.rand() < 0.4 else d for d in s[len(s) - k:]]
    if rng.rand() < 0.1:
        out.insert(0, int(rng.randint(1, 3)))
    if rng.rand() < 0.03 and out:
        out[-1] += 1
    return out


def _binary(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    fn = _pick(rng, ["add", "add", "mul", "mul", "sub", "div", "maximum", "minimum",
                     "squared_difference", "pow"])
    r = rng.rand()
    step: Spec = {"op": "binary", "fn": fn, "first": bool(rng.rand() < 0.7)}
    if r < 0.35:  # a reuse of an earlier tensor: a diamond whose gradient adds with AddN
        fits = [i for i, e in enumerate(env) if _broadcast(s, e) is not None]
        other = int(_pick(rng, fits)) if fits else int(rng.randint(len(env)))
        step["operand"] = {"env": other}
        return step, _broadcast(s, env[other]), ""
    if r < 0.5:
        step["operand"] = float(_pick(rng, [2.0, 0.5, -1.0, 3]))
        return step, s, ""
    shape = _broadcastable(rng, s)
    step["operand"] = [shape, _seed(rng)]
    return step, _broadcast(s, tuple(shape)), ""


def _cast(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    dtype = _pick(rng, ["float64", "float64", "float32", "float32", "int32", "float16"])
    return {"op": "cast", "dtype": dtype}, s, dtype


def _where(rng: Rng, s: Shape, env: list[Shape]) -> Drawn:
    if rng.rand() < 0.3:
        return {"op": "where", "other": None}, s, ""
    v2 = bool(rng.rand() < 0.5)
    fits = [i for i, e in enumerate(env) if (_broadcast(s, e) if v2 else e == s) is not None
            and (v2 or e == s)]
    other = int(_pick(rng, fits)) if fits else int(rng.randint(len(env)))
    out = _broadcast(s, env[other]) if v2 else (s if env[other] == s else None)
    return {"op": "where", "other": other, "v2": v2}, out, ""


def _plain(op: str) -> Callable[[Rng, Shape, list[Shape]], Drawn]:
    return lambda rng, s, env: ({"op": op}, s, "")


def _np_shape(fn: Callable[[np.ndarray], np.ndarray], s: Shape) -> Shape | None:
    """The shape numpy gives ``fn`` of an array of shape ``s`` (``None``: numpy refuses)."""
    try:
        return tuple(int(d) for d in np.shape(fn(np.zeros(s))))
    except (ValueError, IndexError, TypeError, np.exceptions.AxisError):
        return None


def _np_shape2(fn: Callable[[np.ndarray, np.ndarray], np.ndarray], a: Shape, b: Shape
               ) -> Shape | None:
    return _np_shape(lambda x: fn(x, np.zeros(b)), a)


def _broadcast(a: Shape, b: Shape) -> Shape | None:
    try:
        return tuple(int(d) for d in np.broadcast_shapes(a, b))
    except ValueError:
        return None


#: the steps, by how often a model has them
STEP_DRAWS: list[tuple[Callable[[Rng, Shape, list[Shape]], Drawn], int]] = [
    (_matmul, 6), (_bias_add, 4), (_act, 6), (_reshape, 5), (_transpose, 2),
    (_expand_dims, 2), (_squeeze, 2), (_concat, 3), (_reduce, 5), (_softmax, 3),
    (_loss, 3), (_index, 4), (_gather, 2), (_tile, 2), (_binary, 6), (_cast, 2),
    (_where, 2), (_plain("stop_gradient"), 1), (_plain("zeros_like_add"), 1),
    (_plain("identity"), 1),
]
#: the least rank each step's op takes (drawn below it now and then, for TF's error)
MIN_RANK = {_matmul: 2, _bias_add: 2, _index: 1, _softmax: 1, _concat: 1, _gather: 1}
_WEIGHTS = np.array([w for _, w in STEP_DRAWS], dtype=float) / sum(w for _, w in STEP_DRAWS)


def _input(rng: Rng, shape: list[int], dtype: str, **kw: Any) -> Spec:
    """A constant, or a placeholder with the batch dim unknown (as ``[None, 784]``), every dim
    unknown, or an unknown rank."""
    spec: Spec = {"shape": shape, "dtype": dtype, "seed": _seed(rng), **kw}
    r = rng.rand()
    if r < 0.45 and shape:
        spec["feed"] = [None, *shape[1:]]
    elif r < 0.6:
        spec["feed"] = [None] * len(shape)
    elif r < 0.7:
        spec["feed"] = "rank"
    return spec


def _first_shape(rng: Rng) -> list[int]:
    rank = int(_pick(rng, [2, 2, 2, 2, 1, 3, 3, 0]))
    return [_dim(rng) if i else int(_pick(rng, [1, 2, 3, 4, 0])) for i in range(rank)]


def _steps(rng: Rng, inputs: list[Spec], most: int) -> tuple[list[Spec], list[Shape],
                                                             list[str]]:
    """2 to ``most`` steps, each drawn for the running shape; a step meant to fail ends it.
    No ``tf.losses`` loss after an input of unknown rank: TF checks its weights' shape with
    ``tf.cond`` then (``assert_broadcastable``), control flow the engine does not build."""
    shapes: list[Shape] = [tuple(i["shape"]) for i in inputs]
    dtypes = [i["dtype"] for i in inputs]
    steps: list[Spec] = []
    rankless = any(i.get("feed") == "rank" for i in inputs)
    for _ in range(int(rng.randint(2, most + 1))):
        src = -1 if rng.rand() < 0.85 else int(rng.randint(len(shapes)))
        while True:
            draw = STEP_DRAWS[rng.choice(len(STEP_DRAWS), p=_WEIGHTS)][0]
            rank = len(shapes[src])
            if not (rank >= MIN_RANK.get(draw, 0) or rng.rand() < 0.03) or (
                    draw is _matmul and rank != 2 and rng.rand() < 0.95):
                continue
            step, out, dtype = draw(rng, shapes[src], shapes)
            if not (rankless and step.get("kind") in LOSSES_IN_FLOAT32):
                break
        if src != -1:
            step["src"] = src
        steps.append(step)
        if out is None:
            break
        shapes.append(out)
        dtypes.append(dtype or dtypes[src])
        if dtypes[-1].startswith("int") and rng.rand() < 0.7:
            break
    return steps, shapes, dtypes


def _chain_inputs(rng: Rng) -> list[Spec]:
    shape = _first_shape(rng)
    dtype = _pick(rng, ["float32"] * 7 + ["float64"] * 2 + ["float16", "int32"])
    inputs = [_input(rng, shape, dtype)]
    if rng.rand() < 0.2:  # a sibling input, concatenated or broadcast against the first
        inputs.append(_input(rng, list(shape), dtype))
    return inputs


def _tolerance(spec: Spec, steps: list[Spec], dtypes: list[str]) -> Spec:
    """``spec`` with the tolerance of its least precise dtype: float16 where the chain has
    one, float32 where a ``tf.losses`` loss computes a float64 loss in float32 (as TF's
    ``compute_weighted_loss`` does)."""
    if "float16" in dtypes:
        spec["tol"] = "float16"
    elif "float32" in dtypes or any(s["op"] == "loss" and s["kind"] in LOSSES_IN_FLOAT32
                                    for s in steps):
        spec["tol"] = "float32"
    return spec


def chain(rng: Rng) -> Spec:
    inputs = _chain_inputs(rng)
    steps, shapes, dtypes = _steps(rng, inputs, 5)
    spec: Spec = {"fn": "chain", "inputs": inputs, "kw": {"steps": steps}}
    if rng.rand() < 0.25 and len(shapes) > len(inputs) + 1:
        spec["kw"]["outs"] = [-1, int(rng.randint(len(inputs), len(shapes) - 1))]
    spec["grad"] = [i for i, x in enumerate(inputs) if x["dtype"].startswith("float")]
    return _tolerance(spec, steps, dtypes)


def chain_grads(rng: Rng) -> Spec:
    inputs = _chain_inputs(rng)
    steps, shapes, dtypes = _steps(rng, inputs, 5)
    n = len(inputs)
    made = list(range(n, len(shapes))) or [0]
    ys = sorted({int(_pick(rng, made)) for _ in range(2)} | {len(shapes) - 1})
    wrt = [0] + ([int(_pick(rng, made))] if rng.rand() < 0.4 else [])
    if n > 1 and rng.rand() < 0.5:
        wrt.append(1)
    kw: Spec = {"steps": steps, "ys": ys, "wrt": wrt}
    if rng.rand() < 0.5:
        grad_ys: list[Any] = []
        for y in ys:
            # never a wrong shape: which of the gradient's ops then fails first is the order
            # TF's executor happens to run them in
            shape = list(shapes[y]) if y < len(shapes) else []
            grad_ys.append(None if rng.rand() < 0.2 else [shape, _seed(rng)])
        kw["grad_ys"] = grad_ys
    return _tolerance({"fn": "chain_grads", "inputs": inputs, "kw": kw}, steps, dtypes)


OPTIMIZERS: dict[str, Callable[[Rng], Spec]] = {
    "GradientDescentOptimizer": lambda rng: {
        "learning_rate": float(_pick(rng, [0.1, 0.5, 0.05]))},
    "MomentumOptimizer": lambda rng: {
        "learning_rate": float(_pick(rng, [0.1, 0.05])), "momentum": 0.9,
        "use_nesterov": bool(rng.rand() < 0.3)},
    "AdamOptimizer": lambda rng: {
        "learning_rate": float(_pick(rng, [0.01, 0.1, 0.001])),
        **({"epsilon": 1e-3} if rng.rand() < 0.3 else {})},
    "RMSPropOptimizer": lambda rng: {
        "learning_rate": float(_pick(rng, [0.01, 0.05])),
        "momentum": float(_pick(rng, [0.0, 0.9])), "centered": bool(rng.rand() < 0.3)},
    "AdagradOptimizer": lambda rng: {
        "learning_rate": float(_pick(rng, [0.1, 0.5])),
        **({"initial_accumulator_value": 0.5} if rng.rand() < 0.3 else {})},
}


def classifier(rng: Rng) -> Spec:
    batch = int(_pick(rng, [4, 3, 2, 1, 8, 0]))
    width = int(rng.randint(2, 6))
    classes = int(rng.randint(2, 5))
    dtype = _pick(rng, ["float32"] * 4 + ["float64"])
    x: Spec = {"shape": [batch, width], "dtype": dtype, "seed": _seed(rng), "lo": -2,
               "hi": 2}
    if rng.rand() < 0.75:
        x["feed"] = [None, width]
    labels: Spec = {"shape": [batch], "dtype": _pick(rng, ["int32", "int64"]),
                    "seed": _seed(rng), "lo": 0, "hi": classes}
    if rng.rand() < 0.5:
        labels["feed"] = [None]
    opt = _pick(rng, sorted(OPTIMIZERS))
    hidden = [] if rng.rand() < 0.5 else [int(rng.randint(2, 6))]
    loss = _pick(rng, ["sparse", "losses", "v2"])
    return {"fn": "chain_classifier", "inputs": [x, labels], "tol": "float32" if loss != "v2"
            else dtype, "kw": {
        "width": width, "hidden": hidden, "classes": classes,
        "act": _pick(rng, ["relu", "tanh", "sigmoid", "elu"]), "opt": opt,
        "okw": OPTIMIZERS[opt](rng), "loss": loss,
        "steps": 3, "seed": _seed(rng)}}


CHAIN_GENERATORS: dict[str, Callable[[Rng], Spec]] = {
    "chain": chain, "chain_grads": chain_grads, "chain_classifier": classifier,
}
