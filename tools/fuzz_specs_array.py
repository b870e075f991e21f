"""Random specs of the core array functions for ``tools/fuzz_tf.py``: reshape, transpose,
expand_dims, squeeze, concat, stack/unstack, gather, tile, fill, zeros/ones (and their
``_like``), shape/size/rank, one_hot, range, where, broadcast_to, add_n, reverse, slice, cast
and ``tensor[...]``. Each draws what a TF1 user writes and its edges: ``-1`` and shape
tensors, unknown dims and ranks, size-0 and size-1 dims, negative and out-of-range axes and
indices, every dtype the op allows and some it refuses, Python scalars and lists, ``name=``.
What a spec means is ``tests/engine/tf_cases/fuzzed_array_programs.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tools.fuzz_specs import FLOATS, Rng, Spec, _axis, _float_grad, _inp, _pick, _shape

DTYPES = FLOATS + ["int32", "int32", "int64", "bool", "int8", "uint8", "complex64"]
INTS = ["int32", "int32", "int64"]


def _value(rng: Rng, shape: list[int], dtype: str, feed: bool = True, **kw: Any) -> Spec:
    if dtype == "uint8":
        kw.setdefault("lo", 0)
    return _inp(rng, shape, dtype, feed=feed, **kw)


def _tensor(rng: Rng, values: Any, dtypes: list[str] = INTS) -> Spec:
    """An argument given as a tensor holding ``values``: a constant, or (half the time) one
    whose value (and now and then static shape) the graph does not know while building."""
    spec: Spec = {"tensor": values, "dtype": _pick(rng, dtypes)}
    if rng.rand() < 0.5:
        rank = np.ndim(values)
        spec["shape"] = None if rng.rand() < 0.2 else [
            None if rng.rand() < 0.5 else d for d in np.shape(values)] if rank else []
    return spec


def _one_input(rng: Rng, fn: str, shape: list[int], key: str, value: Any, tensor: float
               ) -> Spec:
    """``fn`` of one input of ``shape`` (any dtype) with ``key=value``, the value given as a
    tensor with probability ``tensor``; the gradient of a float input."""
    kw: Spec = {key: _tensor(rng, value) if rng.rand() < tensor else value}
    x = _value(rng, shape, _pick(rng, DTYPES))
    return _float_grad({"fn": fn, "inputs": [x], "kw": _name(rng, kw)}, 0)


def _name(rng: Rng, kw: Spec) -> Spec:
    if rng.rand() < 0.15:
        kw["name"] = _pick(rng, ["out", "my_op", "a/b"])
    return kw


def reshape(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    n = int(np.prod(shape)) if shape else 1
    r = rng.rand()
    if r < 0.5:  # a factorisation of n
        target: list[int] = []
        left = n
        for _ in range(int(rng.randint(0, 4))):
            f = int(_pick(rng, [d for d in range(1, 5) if left % d == 0] or [1])) if left else 0
            target.append(f)
            left = left // f if f else 0
        target.append(left)
        if rng.rand() < 0.5:
            target[rng.randint(len(target))] = -1
    elif r < 0.8:
        target = [-1] if rng.rand() < 0.5 else [int(rng.randint(0, 6))
                                                for _ in range(rng.randint(0, 3))]
    else:
        target = [-1, -1] if rng.rand() < 0.3 else [n + 1]
    kw = _name(rng, {"shape": target})
    inputs = [_value(rng, shape, _pick(rng, DTYPES))]
    if rng.rand() < 0.25:
        kw["shape"] = _tensor(rng, target)
    return _float_grad({"fn": "reshape", "inputs": inputs, "kw": kw}, 0)


def transpose(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 4)
    rank = len(shape)
    r = rng.rand()
    kw: Spec = {}
    if r < 0.6:
        kw["perm"] = [int(p) for p in rng.permutation(rank)]
        if rank and rng.rand() < 0.2:
            kw["perm"][0] = int(_pick(rng, [-1, rank, kw["perm"][-1]]))
        if rng.rand() < 0.1:
            kw["perm"] = kw["perm"] + [rank]
    elif r < 0.8:
        kw["perm"] = None
    complex_input = rng.rand() < 0.2
    inputs = [_value(rng, shape, "complex64" if complex_input else _pick(rng, DTYPES))]
    if complex_input:  # times 1+2j: imaginary parts for the conjugate to negate
        kw["complex_input"] = True
        kw["conjugate"] = bool(rng.rand() < 0.7)
    elif rng.rand() < 0.2:
        kw["conjugate"] = True
    if isinstance(kw.get("perm"), list) and rng.rand() < 0.15:
        kw["perm"] = _tensor(rng, kw["perm"])
    return _float_grad({"fn": "transpose", "inputs": inputs, "kw": _name(rng, kw)}, 0)


def expand_dims(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    return _one_input(rng, "expand_dims", shape, "axis", _axis(rng, len(shape) + 1, 0.15), 0.15)


def squeeze(rng: Rng) -> Spec:
    shape = [1 if rng.rand() < 0.5 else d for d in _shape(rng, 0, 4)]
    rank = len(shape)
    kw: Spec = {}
    r = rng.rand()
    if r < 0.5 and rank:
        ones = [i for i, d in enumerate(shape) if d == 1]
        axes = [i - rank if rng.rand() < 0.3 else i for i in ones if rng.rand() < 0.7]
        if rng.rand() < 0.15:
            axes.append(_axis(rng, rank, bad=0.5))
        kw["axis"] = axes if rng.rand() < 0.8 or len(axes) != 1 else axes[0]
    elif r < 0.6:
        kw["axis"] = []
    x = _value(rng, shape, _pick(rng, DTYPES))
    return _float_grad({"fn": "squeeze", "inputs": [x], "kw": _name(rng, kw)}, 0)


def concat(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    rank = len(shape)
    axis = _axis(rng, max(rank, 1), bad=0.08)
    n = int(_pick(rng, [1, 2, 2, 3]))
    dtype = _pick(rng, DTYPES)
    inputs = []
    for _ in range(n):
        s = list(shape)
        if rank and -rank <= axis < rank:
            s[axis] = int(rng.randint(0, 4))
        if rank and rng.rand() < 0.05:
            s[(axis + 1) % rank] += 1
        d = dtype if rng.rand() < 0.93 else _pick(rng, DTYPES)
        inputs.append(_value(rng, s, d))
    kw: Spec = {"axis": axis}
    if rng.rand() < 0.1:
        kw["axis"] = _tensor(rng, axis)
    return _float_grad({"fn": "concat", "inputs": inputs, "kw": _name(rng, kw)}, *range(n))


def stack(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    n = int(_pick(rng, [1, 2, 3]))
    dtype = _pick(rng, DTYPES)
    inputs = [_value(rng, shape if rng.rand() < 0.95 else shape + [1], dtype) for _ in range(n)]
    kw: Spec = {"axis": _axis(rng, len(shape) + 1, bad=0.1)} if rng.rand() < 0.8 else {}
    return _float_grad({"fn": "stack", "inputs": inputs, "kw": _name(rng, kw)}, *range(n))


def unstack(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    kw: Spec = {}
    if rng.rand() < 0.7:
        kw["axis"] = _axis(rng, max(len(shape), 1), bad=0.1)
    if rng.rand() < 0.3:
        ax = kw.get("axis", 0)
        dim = shape[ax] if -len(shape) <= ax < len(shape) else 2
        kw["num"] = int(dim if rng.rand() < 0.7 else dim + 1)
    x = _value(rng, shape, _pick(rng, DTYPES))
    return _float_grad({"fn": "unstack", "inputs": [x], "kw": _name(rng, kw)}, 0)


def gather(rng: Rng) -> Spec:
    shape = _shape(rng, 1, 3, empty=0.04)
    rank = len(shape)
    kw: Spec = {}
    batch = 0
    if rank > 1 and rng.rand() < 0.25:
        batch = int(rng.randint(1, rank))
        kw["batch_dims"] = batch if rng.rand() < 0.8 else batch - rank - 1
    axis = int(rng.randint(batch, rank)) if rng.rand() < 0.9 else _axis(rng, rank, 0.5)
    if rng.rand() < 0.6 or batch:
        kw["axis"] = axis - rank if rng.rand() < 0.3 else axis
    dim = shape[axis] if -rank <= axis < rank else 2
    lead = shape[:batch] + _shape(rng, 0, 2)
    lo, hi = (0, max(dim, 1))
    r = rng.rand()
    if r < 0.08:
        hi += 1
    elif r < 0.14:
        lo = -1
    idx = _value(rng, lead, _pick(rng, INTS), lo=lo, hi=hi)
    params = _value(rng, shape, _pick(rng, DTYPES))
    return _float_grad({"fn": "gather", "inputs": [params, idx], "kw": _name(rng, kw)}, 0)


def tile(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    mult = [int(rng.randint(0 if rng.rand() < 0.1 else 1, 4)) for _ in shape]
    if rng.rand() < 0.08:
        mult = mult + [2]
    if rng.rand() < 0.05 and mult:
        mult[0] = -1
    return _one_input(rng, "tile", shape, "multiples", mult, 0.2)


def _dims(rng: Rng) -> list[int]:
    dims = _shape(rng, 0, 3)
    if rng.rand() < 0.05 and dims:
        dims[0] = -1
    return dims


def fill(rng: Rng) -> Spec:
    dims = _dims(rng)
    inputs: list[Spec] = []
    kw: Spec = {"dims": dims}
    if rng.rand() < 0.3:
        kw["dims"] = _tensor(rng, dims)
    r = rng.rand()
    if r < 0.5:
        kw["value"] = _pick(rng, [1, -2, 0.5, True, 3.0])
    else:
        shape = [] if rng.rand() < 0.9 else [1]
        inputs.append(_value(rng, shape, _pick(rng, DTYPES), feed=rng.rand() < 0.3))
        kw["value"] = "input"
    return _float_grad({"fn": "fill", "inputs": inputs, "kw": _name(rng, kw)},
                       *range(len(inputs)))


def zeros(rng: Rng) -> Spec:
    dims = _dims(rng)
    kw: Spec = {"fn": _pick(rng, ["zeros", "ones"]), "shape": dims}
    if rng.rand() < 0.7:
        kw["dtype"] = _pick(rng, DTYPES + ["string"])
    inputs = []
    if rng.rand() < 0.3:
        kw["shape"] = _tensor(rng, dims)
    elif rng.rand() < 0.1:
        kw["shape"] = int(rng.randint(0, 4))
    return {"fn": "zeros", "inputs": inputs, "kw": _name(rng, kw)}


def zeros_like(rng: Rng) -> Spec:
    kw: Spec = {"fn": _pick(rng, ["zeros_like", "ones_like"])}
    if rng.rand() < 0.5:
        kw["dtype"] = _pick(rng, DTYPES)
    if rng.rand() < 0.3:
        kw["optimize"] = bool(rng.rand() < 0.5)
    x = _value(rng, _shape(rng, 0, 3), _pick(rng, DTYPES))
    return _float_grad({"fn": "zeros_like", "inputs": [x], "kw": _name(rng, kw)}, 0)


def shape_of(rng: Rng) -> Spec:
    kw: Spec = {"fn": _pick(rng, ["shape", "size", "rank"])}
    if kw["fn"] != "rank" and rng.rand() < 0.5:
        kw["out_type"] = _pick(rng, ["int32", "int64", "float32"])
    x = _value(rng, _shape(rng, 0, 3), _pick(rng, DTYPES))
    return {"fn": "shape_of", "inputs": [x], "kw": _name(rng, kw)}


def one_hot(rng: Rng) -> Spec:
    depth = int(rng.randint(0, 5))
    shape = _shape(rng, 0, 2)
    idx = _value(rng, shape, _pick(rng, INTS + ["uint8"]), lo=-1, hi=depth + 1)
    kw: Spec = {"depth": depth if rng.rand() < 0.95 else -1}
    inputs = [idx]
    if rng.rand() < 0.15:
        kw["depth"] = _tensor(rng, depth)
    r = rng.rand()
    if r < 0.3:
        kw["on_value"], kw["off_value"] = _pick(rng, [[5.0, -1.0], [2, 0], [True, False]])
    elif r < 0.4:
        kw["on_value"] = 3
    if rng.rand() < 0.3:
        kw["axis"] = _axis(rng, len(shape) + 1, bad=0.2)
        kw["axis"] = -1 if kw["axis"] == -len(shape) - 1 and rng.rand() < 0.5 else kw["axis"]
    if rng.rand() < 0.4:
        kw["dtype"] = _pick(rng, ["float32", "float64", "int32", "int64", "bool", "float16"])
    return {"fn": "one_hot", "inputs": inputs, "kw": _name(rng, kw)}


def range_(rng: Rng) -> Spec:
    r = rng.rand()
    ints = rng.rand() < 0.6

    def num() -> Any:
        return int(rng.randint(-5, 8)) if ints else float(round(rng.uniform(-5, 8), 1))

    if r < 0.3:
        args = [num()]
    elif r < 0.6:
        args = [num(), num()]
    else:
        delta = int(_pick(rng, [1, 2, -1, -2, 0, 3])) if ints else float(
            _pick(rng, [0.5, -0.5, 1.5, 0.0]))
        args = [num(), num(), delta]
    kw: Spec = {"args": args}
    if rng.rand() < 0.3:
        kw["dtype"] = _pick(rng, ["int32", "int64", "float32", "float64", "int8"])
    if rng.rand() < 0.2:
        kw["arg_dtype"] = _pick(rng, ["int32", "int64", "float32", "float64"])
    return {"fn": "range", "inputs": [], "kw": _name(rng, kw)}


def where(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    cond = _value(rng, shape, "bool")
    if rng.rand() < 0.35:
        return {"fn": "where", "inputs": [cond], "kw": _name(rng, {})}
    dtype = _pick(rng, DTYPES)
    r = rng.rand()
    xshape = list(shape)
    if r < 0.25 and shape:  # TF1's rank-1 condition: it picks rows of x and y
        cond = _value(rng, shape[:1], "bool")
    elif r < 0.45:
        xshape = [1 if rng.rand() < 0.5 else d for d in shape]
    elif r < 0.55:
        xshape = shape + [2]
    yshape = xshape if rng.rand() < 0.85 else [1] * len(xshape)
    inputs = [cond, _value(rng, xshape, dtype), _value(rng, yshape, dtype)]
    return _float_grad({"fn": "where", "inputs": inputs, "kw": _name(rng, {})}, 1, 2)


def broadcast_to(rng: Rng) -> Spec:
    shape = [1 if rng.rand() < 0.5 else d for d in _shape(rng, 0, 3)]
    extra = _shape(rng, 0, 1)
    target = extra + [int(rng.randint(0, 4)) if d == 1 else d for d in shape]
    if rng.rand() < 0.1 and target:
        target[-1] += 1
    if rng.rand() < 0.05:
        target = target[1:]
    return _one_input(rng, "broadcast_to", shape, "shape", target, 0.25)


def add_n(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    n = int(_pick(rng, [1, 2, 3, 4]))
    dtype = _pick(rng, DTYPES)
    inputs = []
    for _ in range(n):
        s = shape if rng.rand() < 0.9 else [1] * len(shape) if rng.rand() < 0.5 else shape + [2]
        inputs.append(_value(rng, s, dtype if rng.rand() < 0.95 else _pick(rng, DTYPES)))
    return _float_grad({"fn": "add_n", "inputs": inputs, "kw": _name(rng, {})}, *range(n))


def reverse(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 4)
    rank = len(shape)
    axes = sorted({_axis(rng, max(rank, 1), bad=0.08) for _ in range(rng.randint(0, 3))})
    if rng.rand() < 0.05 and axes:
        axes = axes + [axes[0] - rank if axes[0] >= 0 else axes[0] + rank]
    kw: Spec = {"fn": _pick(rng, ["reverse", "reverse_v2"]), "axis": axes}
    inputs = [_value(rng, shape, _pick(rng, DTYPES))]
    if rng.rand() < 0.2:
        kw["axis"] = _tensor(rng, axes)
    return _float_grad({"fn": "reverse", "inputs": inputs, "kw": _name(rng, kw)}, 0)


def slice_(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3)
    begin = [int(rng.randint(0, d + 1)) for d in shape]
    size = [int(rng.randint(-1 if rng.rand() < 0.3 else 0, d - b + 1))
            for d, b in zip(shape, begin)]
    r = rng.rand()
    if r < 0.08 and size:
        size[0] += 1
    elif r < 0.12 and begin:
        begin[0] = -1
    elif r < 0.16:
        size = size + [1]
    inputs = [_value(rng, shape, _pick(rng, DTYPES))]
    kw: Spec = {"begin": begin, "size": size}
    if rng.rand() < 0.2:
        kw = {"begin": _tensor(rng, begin), "size": _tensor(rng, size)}
    return _float_grad({"fn": "slice", "inputs": inputs, "kw": _name(rng, kw)}, 0)


CAST = ["float16", "float32", "float64", "int8", "uint8", "int32", "int64", "bool",
        "complex64", "int16", "uint16", "bfloat16"]


def cast(rng: Rng) -> Spec:
    src = _pick(rng, CAST[:9])
    x = _value(rng, _shape(rng, 0, 2), src, lo=-4 if src != "uint8" else 0, hi=300 if
               rng.rand() < 0.2 and src not in ("float16", "int8", "bool") else 4,
               special=src.startswith("float") and rng.rand() < 0.3)
    kw = {"dtype": _pick(rng, CAST)}
    return _float_grad({"fn": "cast", "inputs": [x], "kw": _name(rng, kw)}, 0)


def _bound(rng: Rng, d: int) -> Any:
    return None if rng.rand() < 0.4 else int(rng.randint(-d - 1, d + 2))


def index(rng: Rng) -> Spec:
    shape = _shape(rng, 1, 3, empty=0.05)
    rank = len(shape)
    items: list[Any] = []
    dim_i = 0
    ellipsis = False
    inputs = [_value(rng, shape, _pick(rng, DTYPES))]
    for _ in range(int(rng.randint(1, rank + 2))):
        r = rng.rand()
        d = shape[dim_i] if dim_i < rank else 1
        if r < 0.3:
            i = int(rng.randint(-d, d)) if d and rng.rand() < 0.9 else int(_pick(rng, [d, -d - 1]))
            items.append(i)
            dim_i += 1
        elif r < 0.7:
            step = None if rng.rand() < 0.5 else int(_pick(rng, [1, 2, -1, -2, 3]))
            bounds = [_bound(rng, d), _bound(rng, d)]
            if rng.rand() < 0.15:  # a bound given by a tensor (x[i:i + 2])
                k = int(rng.randint(2))
                bounds[k] = _tensor(rng, int(rng.randint(-d, d + 1)))
            items.append([*bounds, step])
            dim_i += 1
        elif r < 0.8 and not ellipsis:
            items.append("...")
            ellipsis = True
            dim_i = rank
        elif r < 0.9:
            items.append("newaxis")
        else:
            items.append(_tensor(rng, int(rng.randint(-d, d)) if d else 0))
            dim_i += 1
    r = rng.rand()
    if r < 0.03:
        items = [{"bad": 1}]
    elif r < 0.06:
        items = items + [0] * (rank + 1)
    elif r < 0.09:
        items = [{"list": [0, 0]}]
    kw: Spec = {"items": items}
    if len(items) == 1 and rng.rand() < 0.5:
        kw["one"] = True
    return _float_grad({"fn": "index", "inputs": inputs, "kw": kw}, 0)


def _number(rng: Rng, kind: str) -> Any:
    if kind == "int":
        return int(rng.randint(-3, 4))
    if kind == "bool":
        return bool(rng.rand() < 0.5)
    return float(round(rng.uniform(-3, 3), 2))


def _nested(rng: Rng, shape: list[int], kinds: list[str]) -> Any:
    if not shape:
        return _number(rng, _pick(rng, kinds))
    return [_nested(rng, shape[1:], kinds) for _ in range(shape[0])]


LITERAL_FNS = {"reshape": 1, "transpose": 1, "expand_dims": 1, "squeeze": 1, "tile": 1,
               "reverse": 1, "unstack": 1, "zeros_like": 1, "shape_of": 1, "cast": 1,
               "broadcast_to": 1, "concat": 0, "stack": 0, "add_n": 0}


def literals(rng: Rng) -> Spec:
    """A function given Python numbers and (nested) lists, as learners write it: the
    dtype TF infers (int32, float32, bool; mixed ints and floats), ragged lists refused."""
    fn = _pick(rng, sorted(LITERAL_FNS))
    shape = _shape(rng, 0, 2, empty=0.05)
    kinds = [_pick(rng, ["int", "float", "bool"])]
    if rng.rand() < 0.2:
        kinds.append(_pick(rng, ["int", "float", "bool"]))
    value = _nested(rng, shape, kinds)
    spec = GENERATORS[fn](rng)  # its arguments, drawn by the function's own generator
    if LITERAL_FNS[fn] == 0:
        n = max(len(spec["inputs"]), 1)
        value = [value if rng.rand() < 0.8 else _nested(rng, shape + [1], kinds)
                 for _ in range(n)]
    if rng.rand() < 0.05 and isinstance(value, list) and value:
        value = value + [[0, 1]]  # ragged
    spec["kw"]["literal"] = value
    spec["kw"].pop("complex_input", None)
    return {"fn": spec["fn"], "inputs": [], "kw": spec["kw"]}


def gather_variable(rng: Rng) -> Spec:
    """``tf.gather`` of a Variable, its IndexedSlices gradient and a sparse optimizer step."""
    shape = _shape(rng, 1, 3, empty=0.03)
    vocab = shape[0]
    idx = _value(rng, _shape(rng, 0, 2), _pick(rng, INTS), feed=rng.rand() < 0.3, lo=0,
                 hi=vocab + (1 if rng.rand() < 0.08 else 0) or 1)
    params = _value(rng, shape, _pick(rng, ["float32", "float32", "float64"]), feed=False)
    kw: Spec = {}
    if rng.rand() < 0.5:
        kw["opt"] = _pick(rng, ["GradientDescentOptimizer", "AdagradOptimizer",
                                "AdamOptimizer"])
    if rng.rand() < 0.2:
        kw["axis"] = 0
    return {"fn": "gather_variable", "inputs": [params, idx], "kw": _name(rng, kw)}


GENERATORS: dict[str, Callable[[Rng], Spec]] = {
    f.__name__.rstrip("_"): f for f in (
        reshape, transpose, expand_dims, squeeze, concat, stack, unstack, gather, tile, fill,
        zeros, zeros_like, shape_of, one_hot, range_, where, broadcast_to, add_n, reverse,
        slice_, cast, index, literals, gather_variable)
}
