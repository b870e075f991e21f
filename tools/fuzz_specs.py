"""Random specs for ``tools/fuzz_tf.py``: one generator per function family, each drawing the
shapes, dtypes, arguments and edge cases a TF1 user meets (empty and size-1 dims, unknown dims
and ranks, negative and out-of-range axes, dtypes TF refuses). A spec is plain JSON; what it
means is ``tests/engine/tf_cases/fuzzed.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

Spec = dict[str, Any]
Rng = np.random.RandomState
FLOATS = ["float32", "float32", "float32", "float64", "float16"]


def _pick(rng: Rng, items: list[Any]) -> Any:
    return items[rng.randint(len(items))]


def _shape(rng: Rng, lo: int = 0, hi: int = 4, empty: float = 0.08) -> list[int]:
    rank = rng.randint(lo, hi + 1)
    return [0 if rng.rand() < empty else int(rng.randint(1, 5)) for _ in range(rank)]


def _inp(rng: Rng, shape: list[int], dtype: str = "float32", feed: bool = True,
         **kw: Any) -> Spec:
    spec: Spec = {"shape": shape, "dtype": dtype, "seed": int(rng.randint(1 << 20)), **kw}
    if feed:
        r = rng.rand()
        if r < 0.3:
            spec["feed"] = [None if rng.rand() < 0.5 else d for d in shape]
        elif r < 0.4:
            spec["feed"] = "rank"
    return spec


def _axis(rng: Rng, rank: int, bad: float = 0.05) -> int:
    if rank == 0 or rng.rand() < bad:
        return int(_pick(rng, [rank, -rank - 1, rank + 2]))
    return int(rng.randint(-rank, rank))


def _float_grad(spec: Spec, *which: int) -> Spec:
    spec["grad"] = [i for i in which if spec["inputs"][i]["dtype"].startswith("float")]
    return spec


def split(rng: Rng) -> Spec:
    shape = _shape(rng, 1, 3)
    axis = _axis(rng, len(shape))
    dim = shape[axis] if -len(shape) <= axis < len(shape) else 4
    r = rng.rand()
    if r < 0.4:
        divisors = [n for n in range(1, 5) if dim % n == 0] or [1]
        nos: Any = int(_pick(rng, divisors)) if rng.rand() < 0.9 else int(rng.randint(2, 5))
    else:
        sizes = []
        left = dim
        while left > 0 and len(sizes) < 3:
            s = int(rng.randint(0, left + 1))
            sizes.append(s)
            left -= s
        sizes.append(left)
        if rng.rand() < 0.3:
            sizes[rng.randint(len(sizes))] = -1
        if rng.rand() < 0.1:
            sizes[0] += 1
        nos = sizes
    kw: Spec = {"num_or_size_splits": nos, "axis": axis}
    dtype = _pick(rng, FLOATS + ["int32", "bool"])
    return _float_grad({"fn": "split", "inputs": [_inp(rng, shape, dtype)], "kw": kw}, 0)


def pad(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    mode = _pick(rng, ["CONSTANT", "REFLECT", "SYMMETRIC", "reflect", "constant"])
    up = {"REFLECT": -1, "SYMMETRIC": 0}.get(mode.upper(), 2)
    pads = [[int(rng.randint(0, max(d + up, 0) + 1)) for _ in range(2)] for d in shape]
    if rng.rand() < 0.08 and pads:
        pads[0][1] += 2
    if rng.rand() < 0.05:
        pads = pads + [[0, 0]]
    if rng.rand() < 0.05 and pads:
        pads[-1][0] = -1
    kw: Spec = {"paddings": pads, "mode": mode}
    dtype = _pick(rng, FLOATS + ["int32", "int64"])
    if mode.upper() == "CONSTANT" and rng.rand() < 0.5:
        kw["constant_values"] = 2 if dtype.startswith("int") else 1.5
    return _float_grad({"fn": "pad", "inputs": [_inp(rng, shape, dtype)], "kw": kw}, 0)


def scans(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    dtype = _pick(rng, FLOATS + ["int32", "int64"])
    kw = {"axis": _axis(rng, max(len(shape), 1)), "exclusive": bool(rng.rand() < 0.5),
          "reverse": bool(rng.rand() < 0.5)}
    fn = _pick(rng, ["cumsum", "cumprod"])
    x = _inp(rng, shape, dtype, lo=-2, hi=2)
    return _float_grad({"fn": fn, "inputs": [x], "kw": kw}, 0)


def float_checks(rng: Rng) -> Spec:
    dtype = _pick(rng, FLOATS + ["int32"])
    x = _inp(rng, _shape(rng, 0, 3), dtype, special=True)
    return {"fn": _pick(rng, ["is_nan", "is_inf", "is_finite"]), "inputs": [x]}


def l2_normalize(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    rank = len(shape)
    r = rng.rand()
    axis: Any = None if r < 0.2 or rank == 0 else (
        sorted({_axis(rng, rank, 0) for _ in range(2)}) if r < 0.4 else _axis(rng, rank))
    kw: Spec = {"axis": axis}
    if rng.rand() < 0.3:
        kw["epsilon"] = float(_pick(rng, [1e-3, 0.5, 10.0]))
    x = _inp(rng, shape, _pick(rng, FLOATS), lo=-1, hi=1, round=rng.rand() < 0.2)
    return _float_grad({"fn": "l2_normalize", "inputs": [x], "kw": kw}, 0)


def embedding_lookup(rng: Rng) -> Spec:
    vocab = int(rng.randint(1, 6))
    width = _shape(rng, 0, 2, empty=0.05)
    shards = int(_pick(rng, [1, 1, 1, 2, 3]))
    shards = min(shards, vocab)
    dtype = _pick(rng, FLOATS)
    if shards == 1:
        params = [_inp(rng, [vocab] + width, dtype)]
    else:  # the mod strategy: shard i holds ids i, i + shards, ...
        params = [_inp(rng, [len(range(i, vocab, shards))] + width, dtype, feed=False)
                  for i in range(shards)]
    hi = vocab + (1 if rng.rand() < 0.08 else 0)
    ids = _inp(rng, _shape(rng, 0, 2), _pick(rng, ["int32", "int64"]), lo=0, hi=hi)
    kw: Spec = {"shards": shards}
    if rng.rand() < 0.2:
        kw["max_norm"] = float(_pick(rng, [0.5, 1.0, 3.0]))
    return _float_grad({"fn": "embedding_lookup", "inputs": params + [ids], "kw": kw},
                       *range(shards))


def sequence_mask(rng: Rng) -> Spec:
    lengths = _inp(rng, _shape(rng, 0, 2), _pick(rng, ["int32", "int64"]), lo=0, hi=5)
    kw: Spec = {"dtype": _pick(rng, ["bool", "float32", "int32"])}
    if rng.rand() < 0.6:
        kw["maxlen"] = int(rng.randint(0, 6))
    return {"fn": "sequence_mask", "inputs": [lengths], "kw": kw}


def boolean_mask(rng: Rng) -> Spec:
    shape = _shape(rng, 1, 3)
    axis = int(rng.randint(0, len(shape)))
    k = int(rng.randint(1, len(shape) - axis + 1))
    mshape = shape[axis:axis + k]
    if rng.rand() < 0.05:
        mshape = [d + 1 for d in mshape]
    kw: Spec = {} if axis == 0 and rng.rand() < 0.5 else {"axis": axis}
    x = _inp(rng, shape, _pick(rng, FLOATS + ["int32"]))
    return _float_grad({"fn": "boolean_mask", "kw": kw,
                        "inputs": [x, _inp(rng, mshape, "bool")]}, 0)


def top_k(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    last = shape[-1] if shape else 0
    k = int(rng.randint(0, last + 1)) if rng.rand() < 0.9 else int(_pick(rng, [last + 1, -1]))
    kw: Spec = {"k": k, "sorted": bool(rng.rand() < 0.8)}
    x = _inp(rng, shape, _pick(rng, FLOATS + ["int32", "int64"]), round=rng.rand() < 0.4)
    return _float_grad({"fn": "top_k", "inputs": [x], "kw": kw}, 0)


def _nd_index(rng: Rng, feed: bool) -> tuple[list[int], list[int], int, Spec]:
    """A shape, the lead dims of an indices tensor, its tuple length and the indices (now
    and then one out of range)."""
    shape = _shape(rng, 1, 3, empty=0.03)
    m = int(rng.randint(1, len(shape) + 1))
    lead = _shape(rng, 0, 2)
    hi = min(shape[:m]) if min(shape[:m]) > 0 else 1
    if rng.rand() < 0.06:
        hi += 1
    idx = _inp(rng, lead + [m], _pick(rng, ["int32", "int64"]), feed=feed, lo=0, hi=hi)
    return shape, lead, m, idx


def gather_nd(rng: Rng) -> Spec:
    shape, _, _, idx = _nd_index(rng, feed=True)
    x = _inp(rng, shape, _pick(rng, FLOATS + ["int32"]))
    return _float_grad({"fn": "gather_nd", "inputs": [x, idx]}, 0)


def scatter_nd(rng: Rng) -> Spec:
    shape, lead, m, idx = _nd_index(rng, feed=False)
    upd = _inp(rng, lead + shape[m:], _pick(rng, FLOATS + ["int32"]))
    return _float_grad({"fn": "scatter_nd", "inputs": [idx, upd], "kw": {"shape": shape}}, 1)


EQUATIONS = {
    "ij,jk->ik": "ab,bc", "ij->ji": "ab", "bij,bjk->bik": "dab,dbc", "i,i->": "a,a",
    "ij->": "ab", "ij,ij->ij": "ab,ab", "i,j->ij": "a,b", "ij->j": "ab", "ijk->kji": "abc",
    "ij,kj->ik": "ab,cb", "ii->i": "aa", "ij,j->i": "ab,b", "bi,bi->b": "da,da",
}


def einsum(rng: Rng) -> Spec:
    eq = _pick(rng, sorted(EQUATIONS))
    dims = {c: int(rng.randint(0 if rng.rand() < 0.05 else 1, 4)) for c in "abcd"}
    dtype = _pick(rng, FLOATS)
    inputs = [_inp(rng, [dims[c] for c in part], dtype) for part in EQUATIONS[eq].split(",")]
    return _float_grad({"fn": "einsum", "inputs": inputs, "kw": {"equation": eq}},
                       *range(len(inputs)))


def depthwise_conv2d(rng: Rng) -> Spec:
    n, h, w, c = (int(rng.randint(1, 3)), int(rng.randint(1, 6)), int(rng.randint(1, 6)),
                  int(rng.randint(1, 3)))
    fh, fw, mult = int(rng.randint(1, 4)), int(rng.randint(1, 4)), int(rng.randint(1, 3))
    stride = int(_pick(rng, [1, 1, 2]))
    kw: Spec = {"strides": [1, stride, stride, 1], "padding": _pick(rng, ["SAME", "VALID"])}
    if stride == 1 and rng.rand() < 0.25:
        kw["rate"] = [2, 2]
    dtype = _pick(rng, ["float32", "float32", "float64"])
    inputs = [_inp(rng, [n, h, w, c], dtype), _inp(rng, [fh, fw, c, mult], dtype, feed=False)]
    return _float_grad({"fn": "depthwise_conv2d", "inputs": inputs, "kw": kw}, 0, 1)


LOSSES = ["mean_squared_error", "absolute_difference", "huber_loss", "log_loss", "hinge_loss",
          "sigmoid_cross_entropy", "softmax_cross_entropy", "sparse_softmax_cross_entropy",
          "cosine_distance", "mean_pairwise_squared_error"]
REDUCTIONS = ["NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE", "SUM_BY_NONZEROS",
              "SUM_OVER_NONZERO_WEIGHTS"]


def _weights_shape(rng: Rng, shape: list[int]) -> list[int]:
    """A weights shape that broadcasts to ``shape`` (now and then one that does not)."""
    r = rng.rand()
    if r < 0.25:
        return []
    if r < 0.5:
        return list(shape)
    if r < 0.9:
        return [d if rng.rand() < 0.5 else 1 for d in shape][: int(rng.randint(1, len(shape) + 1))
                                                              if shape else 0]
    return [d + 1 for d in shape] or [2]


def loss(rng: Rng) -> Spec:
    fn = _pick(rng, LOSSES)
    batch, width = int(rng.randint(1, 4)), int(rng.randint(1, 4))
    shape = [batch, width] if rng.rand() < 0.8 else [batch, width, int(rng.randint(1, 3))]
    kw: Spec = {"fn": fn}
    dtype = _pick(rng, ["float32", "float32", "float32", "float64", "float16"])
    if fn == "sparse_softmax_cross_entropy":
        labels = _inp(rng, shape[:-1], "int32", lo=0, hi=shape[-1])
        wshape = shape[:-1]
    elif fn == "softmax_cross_entropy":
        labels = _inp(rng, shape, dtype, lo=0, hi=1)
        wshape = shape[:-1]
        if rng.rand() < 0.3:
            kw["label_smoothing"] = 0.1
    elif fn in ("log_loss", "hinge_loss", "sigmoid_cross_entropy"):
        labels = _inp(rng, shape, dtype, lo=0, hi=1, round=True)
        wshape = shape
        if fn == "sigmoid_cross_entropy" and rng.rand() < 0.3:
            kw["label_smoothing"] = 0.2
    else:
        labels = _inp(rng, shape, dtype)
        wshape = shape
    if fn == "cosine_distance":
        kw["axis"] = int(_pick(rng, [1, -1, len(shape) - 1]))
        wshape = shape[:1] + [1] + shape[2:]
    if fn == "huber_loss" and rng.rand() < 0.4:
        kw["delta"] = float(_pick(rng, [0.5, 2.0]))
    lo = 0.05 if fn == "log_loss" else -3
    hi = 0.95 if fn == "log_loss" else 3
    pshape = list(shape)
    if rng.rand() < 0.05:  # predictions that do not match the labels
        pshape[-1] += 1
    preds = _inp(rng, pshape, dtype, lo=lo, hi=hi)
    inputs = [labels, preds]
    r = rng.rand()
    if r < 0.5:
        ws = _weights_shape(rng, wshape)
        wdtype = dtype if rng.rand() < 0.8 else _pick(rng, ["float32", "float64"])
        inputs.append(_inp(rng, ws, wdtype, lo=0, hi=2, round=rng.rand() < 0.5))
        kw["weights"] = "input"
    elif r < 0.6:
        kw["weights"] = float(_pick(rng, [0.0, 2.5]))
    if fn != "mean_pairwise_squared_error" and rng.rand() < 0.8:
        kw["reduction"] = _pick(rng, REDUCTIONS)
    for x in inputs:  # unknown dims make TF check the weights in a tf.cond (see the README)
        if "feed" in x:
            x["feed"] = list(x["shape"])
    # TF's losses compute in float32 whatever the dtype: float32's tolerance
    spec: Spec = {"fn": "loss", "inputs": inputs, "kw": kw, "tol": "float32"}
    return _float_grad(spec, *range(len(inputs)))


def clip_norms(rng: Rng) -> Spec:
    r = rng.rand()
    dtype = _pick(rng, FLOATS)
    if r < 0.4:
        shape = _shape(rng, 0, 3)
        kw: Spec = {"clip_norm": float(_pick(rng, [0.5, 1.0, 100.0, 0.0]))}
        if shape and rng.rand() < 0.5:
            kw["axes"] = [_axis(rng, len(shape), 0)]
        return _float_grad({"fn": "clip_by_norm", "inputs": [_inp(rng, shape, dtype)],
                            "kw": kw}, 0)
    inputs = [_inp(rng, _shape(rng, 0, 3), dtype, special=rng.rand() < 0.1)
              for _ in range(int(rng.randint(1, 4)))]
    if r < 0.6:
        return _float_grad({"fn": "global_norm", "inputs": inputs}, *range(len(inputs)))
    kw = {"clip_norm": float(_pick(rng, [0.5, 1.0, 100.0]))}
    if r < 0.8:
        return _float_grad({"fn": "clip_by_global_norm", "inputs": inputs, "kw": kw},
                           *range(len(inputs)))
    inputs.append(_inp(rng, [], dtype, lo=0, hi=4))
    return _float_grad({"fn": "clip_by_global_norm_with", "inputs": inputs, "kw": kw},
                       *range(len(inputs)))


def decays(rng: Rng) -> Spec:
    fn = _pick(rng, ["exponential_decay", "polynomial_decay", "inverse_time_decay",
                     "piecewise_constant"])
    step = int(rng.randint(0, 40))
    step_dtype = _pick(rng, ["int64", "int32", "float32"])
    if fn == "piecewise_constant":
        bounds = sorted({int(rng.randint(0, 40)) for _ in range(int(rng.randint(1, 4)))})
        values = [float(v) for v in np.round(rng.uniform(0, 1, len(bounds) + 1), 3)]
        if rng.rand() < 0.05:
            values = values[:-1]
        return {"fn": "piecewise_constant",
                "kw": {"step": step, "boundaries": bounds, "values": values,
                       "step_dtype": _pick(rng, ["int32", "int64"])}}
    kw: Spec = {"fn": fn, "step": step, "step_dtype": step_dtype, "learning_rate": 0.1,
                "decay_steps": int(_pick(rng, [1, 7, 10, 25, 25, 0]))}
    if fn == "polynomial_decay":
        kw["end_learning_rate"] = float(_pick(rng, [0.0001, 0.01]))
        kw["power"] = float(_pick(rng, [1.0, 0.5, 2.0]))
        kw["cycle"] = bool(rng.rand() < 0.5)
    else:
        kw["decay_rate"] = float(_pick(rng, [0.5, 0.96]))
        kw["staircase"] = bool(rng.rand() < 0.5)
    return {"fn": "decay", "kw": kw}


OPTIMIZERS = {
    "AdagradOptimizer": lambda rng: {"learning_rate": float(_pick(rng, [0.1, 0.5])),
                                     "initial_accumulator_value": float(_pick(rng, [0.1, 1.0]))},
    "AdadeltaOptimizer": lambda rng: {"learning_rate": float(_pick(rng, [1.0, 0.5])),
                                      "rho": float(_pick(rng, [0.95, 0.5])),
                                      "epsilon": float(_pick(rng, [1e-8, 1e-3]))},
    "ProximalGradientDescentOptimizer": lambda rng: {
        "learning_rate": float(_pick(rng, [0.1, 0.3])),
        "l1_regularization_strength": float(_pick(rng, [0.0, 0.1, 1.0])),
        "l2_regularization_strength": float(_pick(rng, [0.0, 0.5]))},
}


def train(rng: Rng) -> Spec:
    opt = _pick(rng, sorted(OPTIMIZERS))
    return {"fn": "train", "kw": {"opt": opt, "steps": int(rng.randint(1, 4)),
                                  "kw": OPTIMIZERS[opt](rng),
                                  "sparse": bool(rng.rand() < 0.4),
                                  "dtype": _pick(rng, ["float32", "float32", "float64"])}}


UNARY = ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "erf",
         "erfc", "exp", "expm1", "floor", "is_finite", "log", "log1p", "negative", "reciprocal",
         "round", "rsqrt", "sigmoid", "sign", "sin", "sinh", "softplus", "sqrt", "square", "tan",
         "tanh", "log_softmax", "softmax", "logical_not"]
BINARY = ["add", "atan2", "divide", "divide_no_nan", "equal", "floordiv", "floormod", "greater",
          "greater_equal", "less", "less_equal", "maximum", "minimum", "mod", "multiply",
          "not_equal", "pow", "squared_difference", "subtract", "truediv", "logical_and",
          "logical_or", "logical_xor"]
REDUCE = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
          "reduce_logsumexp", "reduce_all", "reduce_any", "argmax", "argmin", "cumsum"]


def _broadcast_pair(rng: Rng) -> tuple[list[int], list[int]]:
    shape = _shape(rng, 0, 3)
    other = [1 if rng.rand() < 0.3 else d for d in shape][int(rng.randint(0, len(shape) + 1)):]
    if rng.rand() < 0.04 and other:
        other[0] += 1
    return (shape, other) if rng.rand() < 0.5 else (other, shape)


def math_fns(rng: Rng) -> Spec:
    r = rng.rand()
    dtype = _pick(rng, FLOATS + ["int32", "int64"])
    if r < 0.45:
        fn = _pick(rng, UNARY)
        if fn.startswith("logical"):
            dtype = "bool"
        x = _inp(rng, _shape(rng, 0, 3), dtype, special=rng.rand() < 0.15)
        return _float_grad({"fn": "math", "inputs": [x], "kw": {"fn": fn}}, 0)
    if r < 0.8:
        fn = _pick(rng, BINARY)
        if fn.startswith("logical"):
            dtype = "bool"
        a, b = _broadcast_pair(rng)
        dtype2 = dtype if rng.rand() < 0.95 else _pick(rng, FLOATS + ["int32"])
        hi = 4 if dtype.startswith("int") else 3
        inputs = [_inp(rng, a, dtype, lo=-hi, hi=hi), _inp(rng, b, dtype2, lo=-hi, hi=hi)]
        return _float_grad({"fn": "math", "inputs": inputs, "kw": {"fn": fn}}, 0, 1)
    fn = _pick(rng, REDUCE)
    shape = _shape(rng, 0, 3)
    if fn in ("reduce_all", "reduce_any"):
        dtype = "bool"
    kw: Spec = {"fn": fn}
    rank = len(shape)
    if fn in ("argmax", "argmin", "cumsum"):
        kw["axis"] = _axis(rng, max(rank, 1))
    elif rng.rand() < 0.7:
        kw["axis"] = (None if rank == 0 or rng.rand() < 0.2 else
                      sorted({_axis(rng, rank, 0.02) for _ in range(int(rng.randint(1, 3)))}))
        kw["keepdims"] = bool(rng.rand() < 0.4)
    x = _inp(rng, shape, dtype, round=rng.rand() < 0.3)
    return _float_grad({"fn": "math", "inputs": [x], "kw": kw}, 0)


def dropout(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    kw: Spec = {"rate": float(_pick(rng, [0.0, 0.1, 0.5, 0.9, 1.0, -0.1]))}
    if rng.rand() < 0.2:
        kw = {"rate": 0.0, "keep_prob": float(_pick(rng, [0.5, 1.0, 0.0]))}
    if shape and rng.rand() < 0.3:
        kw["noise_shape"] = [1 if rng.rand() < 0.5 else d for d in shape]
    return {"fn": "dropout", "inputs": [_inp(rng, shape, _pick(rng, FLOATS + ["int32"]))],
            "kw": kw}


def random_fns(rng: Rng) -> Spec:
    fn = _pick(rng, ["uniform", "normal", "truncated_normal"])
    kw: Spec = {"fn": fn, "shape": _shape(rng, 0, 3),
                "dtype": _pick(rng, FLOATS + (["int32", "int64"] if fn == "uniform" else []))}
    if fn == "uniform":
        if kw["dtype"].startswith("int"):
            kw["maxval"] = int(rng.randint(1, 10))
            kw["minval"] = int(rng.randint(-3, 1))
        elif rng.rand() < 0.5:
            kw["minval"], kw["maxval"] = -2.0, 5.0
    elif rng.rand() < 0.5:
        kw["mean"], kw["stddev"] = 1.0, 0.5
    return {"fn": "random", "kw": kw}


GENERATORS: dict[str, Callable[[Rng], Spec]] = {
    f.__name__: f for f in (
        split, pad, scans, float_checks, l2_normalize, embedding_lookup, sequence_mask,
        boolean_mask, top_k, gather_nd, scatter_nd, einsum, depthwise_conv2d, loss,
        clip_norms, decays, train, math_fns, dropout, random_fns)
}
